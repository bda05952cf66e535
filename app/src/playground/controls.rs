//! The playground's controls: data, features, layers and neurons, and training settings.
//! Each writes into the one `Settings` signal.

use super::settings::{LEARNING_RATES, MAX_NEURONS, REGULARIZATION_RATES, Settings, name};
use leptos::prelude::*;
use ml_intro_engine::spec::{Activation, Feature, OptimizerKind, Regularization, ToyDataset};

/// A `<select>` over `options`, showing `label` of each, bound to one field of the settings.
fn choice<T: Copy + PartialEq + serde::Serialize + Send + Sync + 'static>(
    settings: RwSignal<Settings>,
    title: &'static str,
    test_id: &'static str,
    options: Vec<(T, String)>,
    get: fn(&Settings) -> T,
    set: fn(&mut Settings, T),
) -> impl IntoView {
    let values: Vec<T> = options.iter().map(|(value, _)| *value).collect();
    let on_change = move |event| {
        let index: usize = event_target_value(&event).parse().unwrap_or(0);
        if let Some(&value) = values.get(index) {
            settings.update(|s| set(s, value));
        }
    };
    view! {
        <label class="control">
            <span>{title}</span>
            <select data-testid=test_id on:change=on_change>
                {options.into_iter().enumerate().map(|(index, (value, label))| view! {
                    <option value=index.to_string() selected=move || settings.with(|s| get(s) == value)>{label}</option>
                }).collect::<Vec<_>>()}
            </select>
        </label>
    }
}

const ACTIVATIONS: [Activation; 5] = [
    Activation::Relu,
    Activation::Tanh,
    Activation::Sigmoid,
    Activation::Linear,
    Activation::Gelu,
];

/// The activation of hidden layer `layer` alone.
fn layer_activation(settings: RwSignal<Settings>, layer: usize) -> impl IntoView {
    let on_change = move |event| {
        let index: usize = event_target_value(&event).parse().unwrap_or(0);
        settings.update(|s| {
            if let (Some(slot), Some(&value)) =
                (s.layer_activations.get_mut(layer), ACTIVATIONS.get(index))
            {
                *slot = value;
            }
        });
    };
    let current = move || settings.with(|s| s.layer_activations.get(layer).copied());
    view! {
        <select class="layer-activation" data-testid=format!("pg-activation-{layer}")
            aria-label=format!("activation of layer {}", layer + 1) on:change=on_change>
            {ACTIVATIONS.iter().enumerate().map(|(index, activation)| {
                let activation = *activation;
                view! { <option value=index.to_string() selected=move || current() == Some(activation)>{name(&activation)}</option> }
            }).collect::<Vec<_>>()}
        </select>
    }
}

fn named<T: serde::Serialize + Copy>(values: &[T]) -> Vec<(T, String)> {
    values.iter().map(|v| (*v, name(v))).collect()
}

#[component]
pub fn Controls(settings: RwSignal<Settings>) -> impl IntoView {
    let feature_toggles = Feature::ALL
        .into_iter()
        .map(|feature| {
            let on = move || settings.with(|s| s.features.contains(&feature));
            let toggle = move |_| {
                settings.update(|s| {
                    if s.features.contains(&feature) {
                        if s.features.len() > 1 {
                            s.features.retain(|f| *f != feature);
                        }
                    } else {
                        s.features.push(feature);
                        s.features
                            .sort_by_key(|f| Feature::ALL.iter().position(|g| g == f));
                    }
                });
            };
            view! {
                <button type="button" class="feature" aria-pressed=move || on().to_string()
                    data-testid=format!("pg-feature-{}", name(&feature)) on:click=toggle>
                    {feature.label()}
                </button>
            }
        })
        .collect::<Vec<_>>();
    let layer_buttons = move || {
        settings
            .with(|s| s.layers.clone())
            .into_iter()
            .enumerate()
            .map(|(layer, width)| {
                let change = move |delta: isize| {
                    settings.update(|s| {
                        if let Some(width) = s.layers.get_mut(layer) {
                            *width = (*width as isize + delta).clamp(1, MAX_NEURONS as isize) as usize;
                        }
                    })
                };
                view! {
                    <span class="layer-control">
                        <button type="button" aria-label=format!("fewer neurons in layer {}", layer + 1)
                            data-testid=format!("pg-neurons-minus-{layer}") on:click=move |_| change(-1)>"−"</button>
                        {format!("{width} neurons")}
                        <button type="button" aria-label=format!("more neurons in layer {}", layer + 1)
                            data-testid=format!("pg-neurons-plus-{layer}") on:click=move |_| change(1)>"+"</button>
                        {layer_activation(settings, layer)}
                    </span>
                }
            })
            .collect::<Vec<_>>()
    };
    let add_layer = move |_| settings.update(Settings::add_layer);
    let remove_layer = move |_| settings.update(Settings::remove_layer);
    let range = move |title: &'static str,
                      test_id: &'static str,
                      low: u32,
                      high: u32,
                      step: u32,
                      get: fn(&Settings) -> u32,
                      set: fn(&mut Settings, u32)| {
        view! {
            <label class="control">
                <span>{title} ": " {move || settings.with(get).to_string()}</span>
                <input type="range" min=low.to_string() max=high.to_string() step=step.to_string()
                    data-testid=test_id prop:value=move || settings.with(get).to_string()
                    on:change=move |event| {
                        if let Ok(value) = event_target_value(&event).parse() {
                            settings.update(|s| set(s, value));
                        }
                    } />
            </label>
        }
    };
    let checkbox = move |title: &'static str,
                         test_id: &'static str,
                         get: fn(&Settings) -> bool,
                         set: fn(&mut Settings, bool)| {
        view! {
            <label class="control checkbox">
                <input type="checkbox" data-testid=test_id prop:checked=move || settings.with(get)
                    on:change=move |event| settings.update(|s| set(s, event_target_checked(&event))) />
                {title}
            </label>
        }
    };
    view! {
        <div class="playground-controls">
            <fieldset>
                <legend>"Data"</legend>
                {choice(settings, "Data set", "pg-dataset", named(&ToyDataset::ALL), |s| s.dataset, |s, v| s.dataset = v)}
                {range("Noise %", "pg-noise", 0, 50, 5, |s| s.noise, |s, v| s.noise = v)}
                {range("Training share %", "pg-train", 10, 90, 10, |s| s.train_percent, |s, v| s.train_percent = v)}
                {range("Batch size", "pg-batch", 1, 30, 1, |s| s.batch_size as u32, |s, v| s.batch_size = v as usize)}
                {checkbox("Show test data", "pg-show-test", |s| s.show_test, |s, v| s.show_test = v)}
                {checkbox("Discretize output", "pg-discretize", |s| s.discretize, |s, v| s.discretize = v)}
                <OwnData settings />
            </fieldset>
            <fieldset>
                <legend>"Features"</legend>
                <div class="features">{feature_toggles}</div>
            </fieldset>
            <fieldset>
                <legend>{move || format!("{} hidden layers", settings.with(|s| s.layers.len()))}</legend>
                <button type="button" data-testid="pg-layer-minus" aria-label="remove a hidden layer" on:click=remove_layer>"−"</button>
                <button type="button" data-testid="pg-layer-plus" aria-label="add a hidden layer" on:click=add_layer>"+"</button>
                <div class="layers">{layer_buttons}</div>
            </fieldset>
            <fieldset>
                <legend>"Training"</legend>
                {choice(settings, "Learning rate", "pg-lr", LEARNING_RATES.iter().map(|r| (*r, r.to_string())).collect(), |s| s.learning_rate, |s, v| s.learning_rate = v)}
                {choice(settings, "Activation", "pg-activation", named(&ACTIVATIONS), |s| s.activation, Settings::set_activation)}
                {range("Dropout %", "pg-dropout", 0, 50, 10, |s| s.dropout_percent, |s, v| s.dropout_percent = v)}
                {checkbox("Batch norm", "pg-batch-norm", |s| s.batch_norm, |s, v| s.batch_norm = v)}
                {choice(settings, "Optimizer", "pg-optimizer", named(&[OptimizerKind::Sgd, OptimizerKind::Momentum, OptimizerKind::Adam]), |s| s.optimizer, |s, v| s.optimizer = v)}
                {choice(settings, "Regularization", "pg-reg", named(&[Regularization::None, Regularization::L1, Regularization::L2]), |s| s.regularization, |s, v| s.regularization = v)}
                {choice(settings, "Regularization rate", "pg-reg-rate", REGULARIZATION_RATES.iter().map(|r| (*r, r.to_string())).collect(), |s| s.regularization_rate, |s, v| s.regularization_rate = v)}
            </fieldset>
        </div>
    }
}

/// Bring your own points: a CSV/TSV file or pasted text with two numeric columns and a label.
/// The engine reads it; if it refuses, the playground shows why and keeps the data before.
#[component]
fn OwnData(settings: RwSignal<Settings>) -> impl IntoView {
    let pasted = RwSignal::new(String::new());
    let read_error = RwSignal::new(None::<String>);
    let use_text = move |text: String| {
        read_error.set(None);
        settings.update(|s| s.csv = Some(text));
    };
    let on_file = move |event: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        // Cleared, so that choosing the same file again (after editing it) reads it again.
        input.set_value("");
        leptos::task::spawn_local(async move {
            match gloo_file::futures::read_as_text(&gloo_file::Blob::from(file)).await {
                Ok(text) => use_text(text),
                Err(error) => read_error.set(Some(format!("The file could not be read: {error}"))),
            }
        });
    };
    let active = move || settings.with(|s| s.csv.is_some());
    view! {
        <div class="own-data">
            <label class="control">
                <span>"Your own points (CSV or TSV: x₁, x₂, label)"</span>
                <input type="file" accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values"
                    data-testid="pg-csv-file" on:change=on_file />
            </label>
            <details>
                <summary>"Paste points"</summary>
                <textarea data-testid="pg-csv-text" rows="5" aria-label="points as CSV"
                    placeholder="x1,x2,label\n0.5,1.2,1\n-0.3,0.8,0" bind:value=pasted></textarea>
                <button type="button" data-testid="pg-csv-use"
                    on:click=move |_| use_text(pasted.get_untracked())>"Use these points"</button>
            </details>
            {move || active().then(|| view! {
                <p class="note" data-testid="pg-csv-active">
                    "Training on your points (scaled onto the plane; the data set chooses classes or values). "
                    <button type="button" data-testid="pg-csv-clear"
                        on:click=move |_| settings.update(|s| s.csv = None)>"Back to generated data"</button>
                </p>
            })}
            {move || read_error.get().map(|text| view! { <p class="error" role="alert">{text}</p> })}
        </div>
    }
}
