//! A chapter page. Chapters are placeholders for now, except that "Neural networks" already
//! hosts the first live widget.

use crate::chapters::{CHAPTERS, chapter};
use crate::pages::NotFound;
use crate::widgets::XorWidget;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

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
                        {(chapter.slug == "neural-networks").then(|| view! { <XorWidget /> })}
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
