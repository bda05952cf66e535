//! The home page: what the course is and its map.

use crate::chapters::CHAPTERS;
use leptos::prelude::*;
use leptos_router::components::A;

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
            <A href="/chapters/neural-networks" attr:class="cta">
                "Start here: train a network on XOR in your browser →"
            </A>
        </section>
        <section aria-labelledby="course-map-title">
            <h2 id="course-map-title">"Course map"</h2>
            <ol class="course-map" data-testid="course-map">
                {CHAPTERS
                    .iter()
                    .map(|chapter| {
                        view! {
                            <li>
                                <A href=format!("/chapters/{}", chapter.slug)>
                                    <span class="chapter-number">{chapter.number}</span>
                                    <span class="chapter-title">{chapter.title}</span>
                                </A>
                                <p>{chapter.summary}</p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}
