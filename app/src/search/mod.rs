//! The search box in the header: it searches every chapter (titles, headings, text) in the
//! index that `ml-intro-pages` builds with the site (`/search-index.json`), fetched on first use.

pub mod rank;

use leptos::prelude::*;
use leptos::task::spawn_local;
use rank::{Entry, search};
use std::rc::Rc;

const MAX_HITS: usize = 8;

thread_local! {
    static SECTIONS: std::cell::RefCell<Option<std::rc::Rc<Vec<Entry>>>> = const { std::cell::RefCell::new(None) };
}

/// Every section of the course (from `/search-index.json`, fetched once per page): the search
/// box's index, and the corpus the NLP widgets learn from.
/// The course's sections once they are loaded (or why they are not): the page's one copy,
/// shared by the search box and the NLP widgets (`Rc` needs a local signal).
pub type Sections = RwSignal<Option<Result<Rc<Vec<Entry>>, String>>, LocalStorage>;

pub async fn course_sections() -> Result<Rc<Vec<Entry>>, String> {
    if let Some(sections) = SECTIONS.with_borrow(Clone::clone) {
        return Ok(sections);
    }
    let text = crate::fetch::text("/search-index.json").await?;
    let sections: Vec<Entry> =
        serde_json::from_str(&text).map_err(|error| format!("/search-index.json: {error}"))?;
    let sections = Rc::new(sections);
    SECTIONS.set(Some(sections.clone()));
    Ok(sections)
}

#[component]
pub fn SearchBox() -> impl IntoView {
    let query = RwSignal::new(String::new());
    let index: Sections = RwSignal::new_local(None);
    let requested = StoredValue::new(false);
    let load = move || {
        if requested.get_value() {
            return;
        }
        requested.set_value(true);
        spawn_local(async move {
            index.try_set(Some(course_sections().await));
        });
    };
    let results = move || {
        let query = query.get();
        if query.trim().is_empty() {
            return None;
        }
        Some(index.with(|index| match index {
            None => view! { <p class="search-status">"Loading the index…"</p> }.into_any(),
            Some(Err(message)) => view! { <p class="error">{message.clone()}</p> }.into_any(),
            Some(Ok(entries)) => {
                let hits = search(entries, &query, MAX_HITS);
                if hits.is_empty() {
                    return view! { <p class="search-status">{format!("No section mentions “{}”.", query.trim())}</p> }
                        .into_any();
                }
                let items = hits
                    .into_iter()
                    .map(|hit| {
                        let place = if hit.entry.heading.is_empty() {
                            format!("{}. {}", hit.entry.chapter, hit.entry.title)
                        } else {
                            format!("{}. {} › {}", hit.entry.chapter, hit.entry.title, hit.entry.heading)
                        };
                        view! {
                            <li>
                                <a href=hit.entry.url.clone() rel="external" data-testid="search-hit">{place}</a>
                                <p>{hit.snippet}</p>
                            </li>
                        }
                    })
                    .collect_view();
                view! { <ul>{items}</ul> }.into_any()
            }
        }))
    };
    view! {
        <div class="search" role="search">
            <label class="visually-hidden" for="site-search">"Search the course"</label>
            <input
                id="site-search"
                type="search"
                placeholder="Search the course"
                autocomplete="off"
                data-testid="search-input"
                on:focus=move |_| load()
                on:input=move |event| {
                    load();
                    query.set(event_target_value(&event));
                }
                on:keydown=move |event| {
                    if event.key() == "Escape" {
                        query.set(String::new());
                    }
                }
                prop:value=query
            />
            <div class="search-results" data-testid="search-results" aria-live="polite">{results}</div>
        </div>
    }
}
