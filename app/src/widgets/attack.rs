//! Chapter 14's red-teaming harness: the fast gradient sign method (FGSM) against the digits
//! CNN while it trains. Every held-out digit is moved by ε per pixel in the direction that
//! raises the model's loss (the engine computes the gradient with respect to the pixels, on
//! either path); the widget shows the accuracy under attack at each ε and a few attacked
//! digits beside the originals.

use crate::widgets::controls::Slider;
use crate::widgets::live_answer::live_answer;
use crate::widgets::training::{Target, TrainingWidget, draw_images};
use leptos::html::Canvas;
use leptos::prelude::*;
use ml_intro_engine::ExperimentSpec;
use ml_intro_engine::query::{Answer, AttackExample, Query};
use ml_intro_engine::spec::{DataSpec, ModelSpec, OptimizerSpec};
use std::fmt::Write;

/// The ε the accuracy is measured at (pixels run from 0 to 1).
const EPSILONS: [f32; 6] = [0.0, 0.05, 0.1, 0.15, 0.2, 0.3];
const SHOWN: usize = 6;

fn epsilon_text(epsilon: f64) -> String {
    format!("{epsilon:.2}")
}

/// The accuracy at each ε as a table row of bars (HTML text: numbers only).
fn accuracy_table(epsilons: &[f32], accuracies: &[f32]) -> String {
    let mut html = String::from(
        r#"<table class="readout"><thead><tr><th>ε</th><th>Accuracy under attack</th></tr></thead><tbody>"#,
    );
    for (epsilon, accuracy) in epsilons.iter().zip(accuracies) {
        let percent = 100.0 * accuracy;
        let _ = write!(
            html,
            r#"<tr data-testid="attack-row"><td>{epsilon:.2}</td><td><span class="bar" style="width: {:.1}rem"></span> <span data-testid="attack-accuracy">{percent:.1} %</span></td></tr>"#,
            percent / 10.0
        );
    }
    html.push_str("</tbody></table>");
    html
}

/// The digits CNN of chapter 6, trained here, with the attack under it.
#[component]
pub fn FgsmWidget() -> impl IntoView {
    let spec = ExperimentSpec {
        data: DataSpec::Digits {
            train_share: 0.8,
            seed: 1,
        },
        model: ModelSpec::Cnn {
            channels: [8, 16],
            hidden: 32,
            dropout: 0.0,
        },
        optimizer: OptimizerSpec::adam(0.003),
        batch_size: 64,
        steps: 3000,
        eval_every: 100,
        ..ExperimentSpec::default()
    };
    view! {
        <TrainingWidget
            name="fgsm"
            title="Attacking the digits CNN"
            about="The convolutional network of chapter 6 learns the 8×8 digits. While it trains, every held-out digit is attacked: each pixel moves by ε towards a higher loss, the direction the gradient with respect to the pixels points. The table is the accuracy under attack."
            spec=spec
            target=Target::TestAccuracy(0.95)
        >
            <AttackView />
        </TrainingWidget>
    }
}

#[component]
fn AttackView() -> impl IntoView {
    let epsilon = RwSignal::new(0.1);
    let answer = live_answer(move || {
        Some(Query::Attack {
            epsilons: EPSILONS.to_vec(),
            shown_epsilon: epsilon.get() as f32,
            shown: SHOWN,
        })
    });
    let originals = NodeRef::<Canvas>::new();
    let attacked = NodeRef::<Canvas>::new();
    let examples = Memo::new(move |_| match answer.get() {
        Some(Ok(Answer::Attack { side, examples, .. })) => Some((side, examples)),
        _ => None,
    });
    Effect::new(move |_| {
        examples.with(|examples| {
            let Some((side, examples)) = examples else {
                return;
            };
            let pick = |image: fn(&AttackExample) -> &Vec<f32>| {
                examples
                    .iter()
                    .map(|e| image(e).clone())
                    .collect::<Vec<_>>()
            };
            if let (Some(before), Some(after)) = (originals.get(), attacked.get()) {
                draw_images(&before, *side, &pick(|e| &e.image));
                draw_images(&after, *side, &pick(|e| &e.attacked));
            }
        });
    });
    let readings = move || {
        examples.with(|examples| {
            examples.as_ref().map(|(_, examples)| {
                let fooled = examples.iter().filter(|e| e.attacked_as != e.label).count();
                let pairs: Vec<String> = examples
                    .iter()
                    .map(|e| format!("{} → {}", e.label, e.attacked_as))
                    .collect();
                format!(
                    "Read as: {} ({fooled} of {} fooled)",
                    pairs.join(", "),
                    examples.len()
                )
            })
        })
    };
    let table = move || match answer.get() {
        Some(Ok(Answer::Attack {
            epsilons,
            accuracies,
            ..
        })) => accuracy_table(&epsilons, &accuracies),
        _ => String::new(),
    };
    view! {
        <div class="attack" data-testid="attack-view">
            <h4>"Red team: the fast gradient sign method"</h4>
            {move || match answer.get() {
                Some(Err(message)) => Some(view! { <p class="error">{message}</p> }),
                _ => None,
            }}
            <div inner_html=table></div>
            <Slider label="ε for the examples" value=epsilon min=0.0 max=0.3 step=0.05 show=epsilon_text testid="attack-epsilon" />
            <div class="attack-examples">
                <figure><canvas node_ref=originals class="sample-images"></canvas><figcaption>"Held-out digits it reads right"</figcaption></figure>
                <figure><canvas node_ref=attacked class="sample-images" data-testid="attack-attacked"></canvas><figcaption>"The same, attacked"</figcaption></figure>
            </div>
            <p data-testid="attack-readings">{readings}</p>
        </div>
    }
}
