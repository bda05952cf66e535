//! The Scripts page: the course's example scripts, one at a time in a code cell (picked from
//! the list, or linked as `/scripts?example=NAME`; the script itself is fetched from
//! `/examples/NAME.rhai`, so the page's wasm carries only the list), and the scripts' API
//! reference, which an engine worker generates from the functions its engine registers.

use crate::cells::CodeCell;
use crate::script_client::fetch_reference;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use ml_intro_engine::script::reference::{FunctionDoc, RHAI_BUILTINS};

/// One example script from `content/scripts/`.
pub struct Example {
    /// The file's name without `.rhai` (also the cell's name in the browser's storage).
    pub name: &'static str,
    pub title: &'static str,
}

/// The text of example `name`, from the site's `/examples/` folder.
async fn example_source(name: &str) -> Result<String, String> {
    crate::fetch::text(&format!("/examples/{name}.rhai")).await
}

// `EXAMPLES`, listed by `app/build.rs`.
include!(concat!(env!("OUT_DIR"), "/examples.rs"));

#[component]
pub fn ScriptsPage() -> impl IntoView {
    let query = use_query_map();
    let selected = Memo::new(move |_| {
        let name = query.read().get("example");
        let found = name.and_then(|name| EXAMPLES.iter().position(|e| e.name == name));
        found.unwrap_or(0)
    });
    let source = RwSignal::new(None::<Result<String, String>>);
    Effect::new(move |_| {
        let index = selected.get();
        source.set(None);
        spawn_local(async move {
            let loaded = example_source(EXAMPLES[index].name).await;
            // A later pick may have overtaken this one.
            if selected.try_get_untracked() == Some(index) {
                source.try_set(Some(loaded));
            }
        });
    });
    let reference = RwSignal::new(None::<Result<Vec<FunctionDoc>, String>>);
    fetch_reference(move |result| {
        reference.try_set(Some(result));
    });

    let list = EXAMPLES.iter().enumerate().map(|(index, example)| {
        let current = move || (selected.get() == index).then_some("page");
        view! {
            <li>
                <A href=format!("/scripts?example={}", example.name) attr:aria-current=current>
                    {example.title}
                </A>
            </li>
        }
    });
    view! {
        <article class="scripts-page">
            <h1>"Scripts"</h1>
            <p>
                "Every chapter has code cells: small Rhai scripts that you change and run. They run "
                "in your browser, or on your own machine through the "
                <A href="/connect">"local runner"</A>
                ", and show the same outputs either way. Here are all the course's examples, and "
                "every function a script can call."
            </p>
            <section aria-labelledby="examples-title">
                <h2 id="examples-title">"Examples"</h2>
                <div class="examples">
                    <nav class="example-list" aria-label="Example scripts">
                        <ol data-testid="example-list">{list.collect_view()}</ol>
                    </nav>
                    <div class="example-cell">
                        {move || match source.get() {
                            None => view! { <p role="status">"Loading the script…"</p> }.into_any(),
                            Some(Err(reason)) => view! {
                                <p class="error" role="alert">{format!("The script could not be loaded: {reason}.")}</p>
                            }
                            .into_any(),
                            Some(Ok(text)) => {
                                let example = &EXAMPLES[selected.get_untracked()];
                                view! { <CodeCell id=example.name title=example.title original=text /> }
                                    .into_any()
                            }
                        }}
                    </div>
                </div>
            </section>
            <section aria-labelledby="reference-title" data-testid="script-reference">
                <h2 id="reference-title">"API reference"</h2>
                {move || match reference.get() {
                    None => view! { <p role="status">"Asking the engine for its functions…"</p> }.into_any(),
                    Some(Err(reason)) => view! {
                        <p class="error" role="alert">{format!("The reference could not be loaded: {reason}.")}</p>
                    }
                    .into_any(),
                    Some(Ok(functions)) => reference_view(functions).into_any(),
                }}
                <p>{RHAI_BUILTINS} " See the " <a href="https://rhai.rs/book/">"Rhai book"</a> "."</p>
            </section>
        </article>
    }
}

/// The functions, under their groups' headings, in the order the engine gave them.
fn reference_view(functions: Vec<FunctionDoc>) -> impl IntoView {
    let mut groups: Vec<(String, Vec<FunctionDoc>)> = Vec::new();
    for function in functions {
        match groups
            .iter_mut()
            .find(|(group, _)| *group == function.group)
        {
            Some((_, members)) => members.push(function),
            None => groups.push((function.group.clone(), vec![function])),
        }
    }
    groups
        .into_iter()
        .map(|(group, members)| {
            view! {
                <h3>{group}</h3>
                <dl class="reference">
                    {members
                        .into_iter()
                        .map(|function| view! {
                            <dt id=format!("fn-{}", function.name) data-function=function.name.clone()>
                                <code>{function.usage}</code>
                            </dt>
                            <dd>
                                <p>{function.description}</p>
                                <p class="signatures">
                                    {function.signatures.into_iter().map(|s| view! { <code>{s}</code> " " }).collect_view()}
                                </p>
                            </dd>
                        })
                        .collect_view()}
                </dl>
            }
        })
        .collect_view()
}
