//! "Retrieve, then generate" with the course's tiny transformer: a question retrieves the
//! best-matching section by TF-IDF, and the passage becomes the prompt the model continues.

use crate::widgets::course_text;
use crate::widgets::generation::GenerationPanel;
use crate::widgets::networks::char_transformer_spec;
use crate::widgets::training::{Target, TrainingWidget};
use leptos::prelude::*;

/// Characters of the passage that go into the prompt (the model sees the last 32).
const PROMPT_CHARACTERS: usize = 120;

#[component]
fn RagPanel() -> impl IntoView {
    let sections = course_text::sections();
    let question = RwSignal::new("what does the temperature do".to_string());
    let index = course_text::tfidf_index(sections);
    // The best section's place and the prompt cut from it.
    let retrieved = Memo::new(move |_| {
        let question = question.get();
        let best = index.with(|index| index.as_ref()?.search(&question, 1).into_iter().next())?;
        sections.with(|sections| {
            let entry = sections.as_ref()?.as_ref().ok()?.get(best.document)?;
            let sentence_end = entry
                .text
                .find(". ")
                .map_or(entry.text.len(), |end| end + 2);
            let prompt: String = entry.text[..sentence_end]
                .chars()
                .take(PROMPT_CHARACTERS)
                .collect();
            Some((
                format!("{}. {} › {}", entry.chapter, entry.title, entry.heading),
                prompt,
            ))
        })
    });
    let prompt = Signal::derive(move || {
        retrieved.with(|found| {
            found
                .as_ref()
                .map(|(_, prompt)| prompt.clone())
                .unwrap_or_default()
        })
    });
    view! {
        <div class="rag">
            <h4>"Retrieve, then generate"</h4>
            <label class="widget-query">
                <span>"Question"</span>
                <input type="text" data-testid="rag-question"
                    prop:value=move || question.get()
                    on:input=move |event| question.set(event_target_value(&event)) />
            </label>
            {move || match retrieved.get() {
                Some((place, prompt)) => view! {
                    <p>"Retrieved: "<strong data-testid="rag-source">{place}</strong></p>
                    <p class="note">"Prompt (the passage's first sentence): "<q data-testid="rag-prompt">{prompt}</q></p>
                }.into_any(),
                None => view! { <p class="note">"No section shares a word with the question."</p> }.into_any(),
            }}
            <GenerationPanel name="rag" prompt />
        </div>
    }
}

#[component]
pub fn RagWidget() -> impl IntoView {
    view! {
        <TrainingWidget
            name="rag"
            title="Retrieve, then generate"
            about="The course's tiny character transformer trains here first. Then a question retrieves the best section of the course by TF-IDF, and the model continues that passage: retrieval decides what the generator talks about."
            spec=char_transformer_spec()
            target=Target::TestLoss(2.5)
            samples_caption="Sampled from the model while it trains."
        >
            <RagPanel />
        </TrainingWidget>
    }
}
