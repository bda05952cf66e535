//! Chapter 14: DP-SGD on the lending data. Each step samples about 5 % of the rows, clips each
//! row's gradient and adds Gaussian noise; the privacy budget ε (at δ = 10⁻⁵) grows with every
//! step, faster with less noise. The plainly trained model's accuracy is the reference.

use crate::widgets::controls::{Slider, every, percent};
use crate::widgets::fairness::data_and_model;
use leptos::prelude::*;
use ml_intro_engine::responsible::applicants::inputs_and_labels;
use ml_intro_engine::responsible::logistic::{DpSettings, Logistic, private_step};
use ml_intro_engine::responsible::privacy::epsilon;
use ml_intro_engine::seeded::Rng;
use std::time::Duration;

const STEPS: usize = 300;
const STEPS_PER_TICK: usize = 10;
const SAMPLE_RATE: f64 = 0.05;
const DELTA: f64 = 1e-5;
const SEED: u64 = 2;

fn show_sigma(value: f64) -> String {
    format!("{value:.1}")
}

#[component]
pub fn DpSgdWidget() -> impl IntoView {
    let (data, plain) = data_and_model();
    let (inputs, labels) = inputs_and_labels(&data);
    let plain_accuracy = plain.accuracy(&inputs, &labels);
    let data = StoredValue::new((inputs, labels));
    let noise = RwSignal::new(1.1);
    let clip = RwSignal::new(1.0);
    let model = RwSignal::new(Logistic::default());
    let rng = StoredValue::new(Rng::new(SEED));
    let steps = RwSignal::new(0_usize);
    let playing = RwSignal::new(false);
    let start_over = move || {
        model.set(Logistic::default());
        rng.set_value(Rng::new(SEED));
        steps.set(0);
    };
    every(Duration::from_millis(40), move || {
        if !playing.get_untracked() {
            return;
        }
        let settings = DpSettings {
            sample_rate: SAMPLE_RATE,
            clip: clip.get_untracked(),
            noise_multiplier: noise.get_untracked(),
            learning_rate: 0.5,
        };
        let taken = (STEPS - steps.get_untracked()).min(STEPS_PER_TICK);
        model.update(|model| {
            rng.update_value(|rng| {
                data.with_value(|(inputs, labels)| {
                    for _ in 0..taken {
                        private_step(model, inputs, labels, &settings, rng);
                    }
                })
            })
        });
        steps.update(|steps| *steps += taken);
        if steps.get_untracked() >= STEPS {
            playing.set(false);
        }
    });
    let train = move |_| {
        if steps.get_untracked() >= STEPS {
            start_over();
        }
        playing.update(|playing| *playing = !*playing);
    };
    let spent = move || epsilon(SAMPLE_RATE, noise.get(), steps.get(), DELTA);
    let accuracy = move || {
        data.with_value(|(inputs, labels)| model.with(|model| model.accuracy(inputs, labels)))
    };
    view! {
        <section class="widget" data-testid="dp-widget">
            <h3>"DP-SGD: training with a privacy budget"</h3>
            <Slider label="Noise multiplier σ" value=noise min=0.5 max=4.0 step=0.1 show=show_sigma testid="dp-noise" />
            <Slider label="Clipping norm C" value=clip min=0.1 max=3.0 step=0.1 show=show_sigma testid="dp-clip" />
            <div class="widget-controls">
                <button type="button" data-testid="dp-train" on:click=train>
                    {move || if playing.get() { "Pause" } else { "Train" }}
                </button>
                <button type="button" on:click=move |_| { playing.set(false); start_over(); }>"Start again"</button>
            </div>
            <dl class="stats">
                <div><dt>"Steps"</dt><dd data-testid="dp-steps">{move || steps.get()}</dd></div>
                <div><dt>"Privacy spent ε (δ = 10⁻⁵)"</dt><dd data-testid="dp-epsilon">{move || format!("{:.2}", spent())}</dd></div>
                <div><dt>"Accuracy, DP-SGD"</dt><dd data-testid="dp-accuracy">{move || percent(accuracy())}</dd></div>
                <div><dt>"Accuracy, without privacy"</dt><dd data-testid="dp-plain">{percent(plain_accuracy)}</dd></div>
            </dl>
        </section>
    }
}
