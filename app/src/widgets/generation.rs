//! Text generation settings for a trained character model: temperature, top-k, length and
//! seed, and the text they give for a prompt.

use crate::engine_client;
use crate::widgets::controls::Slider;
use crate::widgets::training::TrainedModel;
use leptos::prelude::*;
use ml_intro_engine::query::{Answer, GenerationSettings, Query};

fn show_temperature(value: f64) -> String {
    if value < 0.01 {
        "0 (always the likeliest)".into()
    } else {
        format!("{value:.2}")
    }
}

fn show_top_k(value: f64) -> String {
    if value < 1.0 {
        "all characters".into()
    } else {
        format!("the {value:.0} likeliest")
    }
}

fn show_length(value: f64) -> String {
    format!("{value:.0} characters")
}

/// Settings and a Generate button; `prompt` is what the text continues.
#[component]
pub fn GenerationPanel(
    /// Names the test ids: `{name}-generate`, `{name}-generated`.
    name: &'static str,
    prompt: Signal<String>,
) -> impl IntoView {
    let model = expect_context::<TrainedModel>();
    let temperature = RwSignal::new(0.8);
    let top_k = RwSignal::new(0.0);
    let length = RwSignal::new(160.0);
    let seed = RwSignal::new(1u64);
    let generated = RwSignal::new(None::<Result<String, String>>);
    let busy = RwSignal::new(false);
    let generate = move |_| {
        let Some(job) = model.job.get_untracked() else {
            return;
        };
        let settings = GenerationSettings {
            length: length.get_untracked() as usize,
            temperature: temperature.get_untracked() as f32,
            top_k: Some(top_k.get_untracked() as usize).filter(|&k| k > 0),
            seed: seed.get_untracked(),
        };
        let query = Query::Generate {
            prompt: prompt.get_untracked(),
            settings,
        };
        busy.set(true);
        engine_client::query(job, query, move |answer| {
            busy.try_set(false);
            generated.try_set(Some(match answer {
                Ok(Answer::Text { text }) => Ok(text),
                Ok(_) => Err("the model answered something else".into()),
                Err(message) => Err(message),
            }));
        });
    };
    view! {
        <div class="generation" class:hidden=move || model.job.get().is_none()>
            <Slider label="Temperature" value=temperature min=0.0 max=2.0 step=0.05 show=show_temperature testid=format!("{name}-temperature") />
            <Slider label="Sample among" value=top_k min=0.0 max=20.0 step=1.0 show=show_top_k testid=format!("{name}-top-k") />
            <Slider label="Length" value=length min=20.0 max=400.0 step=10.0 show=show_length testid=format!("{name}-length") />
            <div class="widget-controls">
                <button type="button" data-testid=format!("{name}-generate") disabled=move || busy.get() on:click=generate>"Generate"</button>
                <button type="button" on:click=move |_| seed.update(|seed| *seed += 1)>{move || format!("New draw (seed {})", seed.get())}</button>
            </div>
            {move || generated.get().map(|result| match result {
                Ok(text) => view! {
                    <pre class="sample-text" data-testid=format!("{name}-generated")><span class="prompt">{prompt.get_untracked()}</span>{text}</pre>
                }.into_any(),
                Err(message) => view! { <p class="error" role="alert">{message}</p> }.into_any(),
            })}
        </div>
    }
}

/// A prompt box and the [`GenerationPanel`] under it.
#[component]
pub fn PromptedGeneration(name: &'static str) -> impl IntoView {
    let prompt = RwSignal::new("A neural network ".to_string());
    view! {
        <div class="prompted">
            <h4>"Generate with settings"</h4>
            <label class="widget-query">
                <span>"Prompt"</span>
                <input type="text" data-testid=format!("{name}-prompt") maxlength="200"
                    prop:value=move || prompt.get()
                    on:input=move |event| prompt.set(event_target_value(&event)) />
            </label>
            <p class="note">"Temperature divides the model's scores before sampling: near 0 it always takes the likeliest character (and repeats itself), at 1 it samples the model's own probabilities, above 1 it gets adventurous. Sampling among the k likeliest cuts off the unlikely tail. The same seed gives the same text."</p>
            <GenerationPanel name prompt=prompt.into() />
        </div>
    }
}
