//! A tokenization explorer: the same text as characters, as words, or as byte-pair-encoding
//! tokens learned from this course's text, with how many tokens each needs.

use crate::widgets::controls::Slider;
use crate::widgets::course_text;
use leptos::prelude::*;
use ml_intro_engine::nlp::bpe::{Bpe, SPACE};
use ml_intro_engine::nlp::words;

const SAMPLE: &str =
    "Gradient descent minimises the loss: each step moves the weights a little way downhill.";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Characters,
    Words,
    Bpe,
}

fn show_merges(value: f64) -> String {
    format!("{value:.0}")
}

#[component]
pub fn TokensWidget() -> impl IntoView {
    let sections = course_text::sections();
    let text = RwSignal::new(SAMPLE.to_string());
    let kind = RwSignal::new(Kind::Bpe);
    let merges = RwSignal::new(300.0);
    // Learned again only when the number of merges or the corpus changes.
    let bpe = Memo::new(move |_| {
        let merges = merges.get() as usize;
        sections.with(|sections| match sections {
            Some(Ok(sections)) => {
                let corpus: String = sections
                    .iter()
                    .map(|entry| entry.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                Some(Bpe::train(&corpus, merges))
            }
            _ => None,
        })
    });
    let tokens = Memo::new(move |_| -> Option<Vec<String>> {
        let text = text.get();
        match kind.get() {
            // Every character, spaces included (shown as ␣, as BPE shows them).
            Kind::Characters => Some(
                text.chars()
                    .map(|character| {
                        if character.is_whitespace() {
                            SPACE.to_string()
                        } else {
                            character.to_string()
                        }
                    })
                    .collect(),
            ),
            Kind::Words => Some(words(&text)),
            Kind::Bpe => bpe.with(|bpe| bpe.as_ref().map(|bpe| bpe.encode(&text))),
        }
    });
    let chips = move || {
        tokens.get().map(|tokens| {
            tokens
                .into_iter()
                .enumerate()
                .map(|(index, token)| {
                    let shown = token.replace(SPACE, "␣");
                    view! { <span class=format!("token token-{}", index % 4)>{shown}</span> }
                })
                .collect_view()
        })
    };
    let count = move || tokens.with(|tokens| tokens.as_ref().map_or(0, Vec::len));
    let ratio = move || {
        let characters = text.with(|text| text.chars().count());
        let count = count();
        if count == 0 {
            "–".to_string()
        } else {
            format!("{:.2}", characters as f64 / count as f64)
        }
    };
    let status = move || match sections.get() {
        None => Some("Learning from the course text…".to_string()),
        Some(Err(message)) => Some(format!("The course text could not be loaded: {message}")),
        Some(Ok(_)) => None,
    };
    view! {
        <section class="widget" data-testid="tokens-widget">
            <h3>"Tokenization explorer"</h3>
            <textarea class="widget-text" rows="3" data-testid="tokens-input" aria-label="Text to tokenize"
                prop:value=move || text.get()
                on:input=move |event| text.set(event_target_value(&event))></textarea>
            <div class="widget-controls">
                <label>"Tokenizer "
                    <select data-testid="tokens-kind" on:change=move |event| {
                        kind.set(match event_target_value(&event).as_str() {
                            "characters" => Kind::Characters,
                            "words" => Kind::Words,
                            _ => Kind::Bpe,
                        });
                    }>
                        <option value="bpe">"Byte-pair encoding (learned here)"</option>
                        <option value="words">"Words and punctuation"</option>
                        <option value="characters">"Characters"</option>
                    </select>
                </label>
            </div>
            <Show when=move || kind.get() == Kind::Bpe>
                <Slider label="BPE merges learned" value=merges min=0.0 max=1000.0 step=50.0 show=show_merges testid="tokens-merges" />
            </Show>
            {move || status().map(|status| view! { <p class="note">{status}</p> })}
            <p class="tokens" data-testid="tokens-chips">{chips}</p>
            <dl class="stats">
                <div><dt>"Tokens"</dt><dd data-testid="tokens-count">{count}</dd></div>
                <div><dt>"Characters per token"</dt><dd data-testid="tokens-ratio">{ratio}</dd></div>
            </dl>
        </section>
    }
}
