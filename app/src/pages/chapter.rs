//! A chapter page. Chapters are placeholders for now, except that "Neural networks" already
//! hosts the first live widget.

use crate::cells::CodeCell;
use crate::chapters::{CHAPTERS, chapter};
use crate::pages::NotFound;
use crate::widgets::XorWidget;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// The first code cell: the XOR widget's experiment, written out (edit it and run it again).
const XOR_FROM_CODE: &str = r#"// The XOR widget's experiment, as code. Change the layers, the learning rate or
// the data set ("circle", "gauss", "spiral"…) and run it again (Ctrl+Enter).
let e = experiment("xor");
e.model.layers = [#{ width: 8, activation: "tanh" }, #{ width: 8, activation: "tanh" }];
e.optimizer.learning_rate = 0.03;
e.steps = 1500;
e.eval_every = 100;

let result = train(e);
print(`after ${result.step} steps: test loss ${result.test_loss}, accuracy ${result.accuracy}`);

let p = points(e);
scatter(p.x1, p.x2, p.label);
"#;

#[component]
pub fn ChapterPage() -> impl IntoView {
    let params = use_params_map();
    move || {
        let slug = params.read().get("slug").unwrap_or_default();
        match chapter(&slug) {
            None => Either::Left(view! { <NotFound /> }),
            Some(chapter) => {
                let previous = CHAPTERS.get(usize::from(chapter.number).wrapping_sub(2));
                let next = CHAPTERS.get(usize::from(chapter.number));
                Either::Right(view! {
                    <article class="chapter">
                        <p class="eyebrow">{format!("Chapter {}", chapter.number)}</p>
                        <h1>{chapter.title}</h1>
                        <p class="lead">{chapter.summary}</p>
                        {(chapter.slug == "neural-networks").then(|| view! {
                            <XorWidget />
                            <CodeCell id="xor-from-code" title="XOR from code" original=XOR_FROM_CODE />
                        })}
                        <section class="placeholder">
                            <h2>"Coming in this chapter"</h2>
                            <p>"This chapter is being written. It will cover:"</p>
                            <ul>
                                {chapter.topics.iter().map(|topic| view! { <li>{*topic}</li> }).collect_view()}
                            </ul>
                        </section>
                        <nav class="chapter-nav" aria-label="Chapters">
                            {previous.map(|chapter| view! {
                                <A href=format!("/chapters/{}", chapter.slug)>{format!("← {}", chapter.title)}</A>
                            })}
                            {next.map(|chapter| view! {
                                <A href=format!("/chapters/{}", chapter.slug)>{format!("{} →", chapter.title)}</A>
                            })}
                        </nav>
                    </article>
                })
            }
        }
    }
}
