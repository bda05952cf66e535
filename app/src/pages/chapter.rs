//! A chapter page: its text from `content/chapters/` (with live cells and widgets), then what
//! the chapter will cover, while it is being written.

use crate::cells::CodeCell;
use crate::chapters::{CHAPTERS, chapter};
use crate::content::{Piece, chapter_text};
use crate::pages::NotFound;
use crate::widgets::XorWidget;
use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

/// The widgets a chapter's Markdown can place (```` ```widget NAME ````).
pub const WIDGETS: [&str; 1] = ["xor"];

/// A chapter's written text, with its cells and widgets in place.
fn chapter_body(slug: &'static str) -> Option<impl IntoView> {
    let pieces = chapter_text(slug)?.iter().map(|piece| match *piece {
        Piece::Html(html) => view! { <div class="prose" inner_html=html></div> }.into_any(),
        Piece::Cell { id, title, source } => {
            view! { <CodeCell id title original=source /> }.into_any()
        }
        Piece::Widget("xor") => view! { <XorWidget /> }.into_any(),
        Piece::Widget(other) => {
            let known = WIDGETS.join(", ");
            view! { <p class="error">{format!("No widget “{other}” (there are: {known}).")}</p> }
                .into_any()
        }
    });
    Some(view! { <div class="chapter-body">{pieces.collect_view()}</div> })
}

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
                        {chapter_body(chapter.slug)}
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
