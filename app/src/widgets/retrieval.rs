//! TF-IDF retrieval over this course: a question finds the sections that share its rarest
//! words, ranked by cosine similarity, with the words that matched.

use crate::widgets::course_text;
use leptos::prelude::*;

const RESULTS: usize = 5;

#[component]
pub fn RetrievalWidget(#[prop(into)] query: String) -> impl IntoView {
    let sections = course_text::sections();
    let query = RwSignal::new(if query.is_empty() {
        "how do I choose the learning rate".to_string()
    } else {
        query
    });
    let index = course_text::tfidf_index(sections);
    let results = move || {
        let query = query.get();
        let found = index.with(|index| {
            index
                .as_ref()
                .map(|index| (index.search(&query, RESULTS), index.query_weights(&query)))
        });
        let (matches, weights) = found?;
        let sections = sections.get()?.ok()?;
        let weights = weights
            .into_iter()
            .map(|(term, weight)| format!("{term} {weight:.2}"))
            .collect::<Vec<_>>()
            .join(" · ");
        let items = matches
            .into_iter()
            .map(|found| {
                let entry = sections[found.document].clone();
                let place = if entry.heading.is_empty() {
                    format!("{}. {}", entry.chapter, entry.title)
                } else {
                    format!("{}. {} › {}", entry.chapter, entry.title, entry.heading)
                };
                let snippet: String = entry.text.chars().take(160).collect();
                view! {
                    <li>
                        <a href=entry.url data-testid="retrieval-hit">{place}</a>
                        <span class="badge">{format!("{:.3}", found.score)}</span>
                        <p class="note">{format!("matched: {}", found.shared_terms.join(", "))}</p>
                        <p>{snippet}"…"</p>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <p class="note" data-testid="retrieval-weights">{format!("Query weights: {weights}")}</p>
            <ol class="retrieval-results">{items}</ol>
        })
    };
    view! {
        <section class="widget" data-testid="retrieval-widget">
            <h3>"Retrieval over this course with TF-IDF"</h3>
            <label class="widget-query">"Ask the course "
                <input type="search" data-testid="retrieval-query" prop:value=move || query.get()
                    on:input=move |event| query.set(event_target_value(&event)) />
            </label>
            {move || match sections.get() {
                None => view! { <p class="note">"Indexing the course…"</p> }.into_any(),
                Some(Err(message)) => view! { <p class="error">{message}</p> }.into_any(),
                Some(Ok(_)) => results.into_any(),
            }}
        </section>
    }
}
