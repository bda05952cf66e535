//! Where a trained character transformer looks: for a text you type, each head's attention
//! weights as a grid, one row per character (what it predicts from) and one column per
//! earlier character it may look at.

use crate::widgets::live_answer::live_answer;
use leptos::prelude::*;
use ml_intro_engine::query::{Answer, Query};

/// Shows a space as a visible mark in the grid's labels.
fn label(token: &str) -> String {
    match token {
        " " => "␣".to_string(),
        "\n" => "⏎".to_string(),
        other => other.to_string(),
    }
}

#[component]
pub fn AttentionView(context: usize) -> impl IntoView {
    let text = RwSignal::new("The model learns the next".to_string());
    let block = RwSignal::new(0usize);
    let head = RwSignal::new(0usize);
    let answer = live_answer(move || {
        let text = text.get();
        (!text.is_empty()).then_some(Query::Attention { text })
    });
    let grid = move || match answer.get() {
        Some(Ok(Answer::Attention { tokens, weights })) => {
            let chosen = weights
                .get(block.get())
                .and_then(|heads| heads.get(head.get()))
                .cloned()?;
            Some((
                tokens,
                chosen,
                weights.len(),
                weights.first().map_or(0, Vec::len),
            ))
        }
        _ => None,
    };
    let error = move || match answer.get() {
        Some(Err(message)) => Some(message),
        _ => None,
    };
    let picker = move |count: usize, chosen: RwSignal<usize>, what: &'static str| {
        (0..count)
            .map(|index| {
                view! {
                    <button type="button" class:active=move || chosen.get() == index
                        data-testid=format!("attention-{what}-{index}")
                        on:click=move |_| chosen.set(index)>{format!("{what} {}", index + 1)}</button>
                }
            })
            .collect_view()
    };
    view! {
        <div class="attention-view">
            <h4>"Where each head looks"</h4>
            <label class="widget-query">
                <span>"Text"</span>
                <input type="text" data-testid="attention-text" maxlength="200"
                    prop:value=move || text.get()
                    on:input=move |event| text.set(event_target_value(&event)) />
            </label>
            <p class="note">{format!("The model sees the last {context} characters. Row: the character whose next character is being predicted; column: an earlier character; darker: more attention. Every row sums to 1, and no row looks ahead.")}</p>
            {move || error().map(|message| view! { <p class="error" role="alert">{message}</p> })}
            {move || grid().map(|(tokens, weights, blocks, heads)| {
                let n = tokens.len();
                view! {
                    <div class="widget-controls">{picker(blocks, block, "block")}{picker(heads, head, "head")}</div>
                    <div class="attention-scroll">
                        <table class="attention" data-testid="attention-grid">
                            <tr><th></th>{tokens.iter().map(|t| view! { <th>{label(t)}</th> }).collect_view()}</tr>
                            {(0..n).map(|row| view! {
                                <tr>
                                    <th>{label(&tokens[row])}</th>
                                    {(0..n).map(|column| {
                                        let weight = weights[row * n + column];
                                        view! { <td style=format!("background:rgba(25,113,194,{weight:.3})") title=format!("{weight:.3}")></td> }
                                    }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </table>
                    </div>
                }
            })}
        </div>
    }
}
