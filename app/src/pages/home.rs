//! The home page: what the course is and its map.

use crate::chapters::CHAPTERS;
use leptos::prelude::*;

#[component]
pub fn Home() -> impl IntoView {
    view! {
        <section class="hero">
            <h1>"Machine learning, learned by doing"</h1>
            <p>
                "A whole course in your browser. Every chapter trains real models right here, on your "
                "GPU through WebGPU or on your CPU, with nothing to install. Connect your own machine "
                "later to train bigger versions of the same models."
            </p>
            <a href="/chapters/neural-networks/" rel="external" class="cta">
                "Start here: train a network on XOR in your browser →"
            </a>
        </section>
        <section aria-labelledby="course-map-title">
            <h2 id="course-map-title">"Course map"</h2>
            <ol class="course-map" data-testid="course-map">
                {CHAPTERS
                    .iter()
                    .map(|chapter| {
                        view! {
                            <li>
                                // A chapter is a static page of its own: load it, do not route.
                                <a href=format!("/chapters/{}/", chapter.slug) rel="external">
                                    <span class="chapter-number">{chapter.number}</span>
                                    <span class="chapter-title">{chapter.title}</span>
                                </a>
                                <p>{chapter.summary}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}
