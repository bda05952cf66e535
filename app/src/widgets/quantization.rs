//! Weight quantization of a trained network: the breast-cancer network's weights rounded to
//! 8 bits (or fewer), with its test accuracy, AUC and size before and after.

use crate::widgets::breast_cancer::{self, yield_to_page};
use crate::widgets::controls::{Slider, number};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ml_intro_engine::tabular::mlp::{Mlp, MlpSettings};
use ml_intro_engine::tabular::model::Scores;
use ml_intro_engine::tabular::split::stratified_split;

const SEED: u64 = 7;
const HIDDEN: usize = 16;

fn bits_label(value: f64) -> String {
    format!("{value:.0} bits")
}

#[derive(Debug, Clone, PartialEq)]
struct Trained {
    model: Mlp,
    test_rows: Vec<Vec<f64>>,
    test_labels: Vec<bool>,
    before: Scores,
    before_classes: Vec<bool>,
}

#[component]
pub fn QuantizationWidget() -> impl IntoView {
    let table = breast_cancer::load();
    let bits = RwSignal::new(8.0);
    let trained = RwSignal::new(None::<Trained>);
    let training = RwSignal::new(false);
    let train = move |_| {
        let Some(Ok(table)) = table.get_untracked() else {
            return;
        };
        training.set(true);
        spawn_local(async move {
            yield_to_page().await;
            let (train, test) = stratified_split(&table.labels, 0.2, SEED);
            let (train_rows, train_labels) = table.pick(&train);
            let (test_rows, test_labels) = table.pick(&test);
            let model = Mlp::fit(
                &train_rows,
                &train_labels,
                &MlpSettings {
                    hidden: HIDDEN,
                    ..MlpSettings::default()
                },
            );
            let probabilities = model.probabilities(&test_rows);
            let before = Scores::of(&probabilities, &test_labels);
            let before_classes = probabilities.iter().map(|&p| p >= 0.5).collect();
            trained.try_set(Some(Trained {
                model,
                test_rows,
                test_labels,
                before,
                before_classes,
            }));
            training.try_set(false);
        });
    };
    let after = move || {
        let bits = bits.get() as u32;
        trained.with(|trained| {
            trained.as_ref().map(|trained| {
                let quantized = trained.model.with_quantized_weights(bits);
                let probabilities = quantized.probabilities(&trained.test_rows);
                let scores = Scores::of(&probabilities, &trained.test_labels);
                let same = probabilities
                    .iter()
                    .zip(&trained.before_classes)
                    .filter(|&(&p, &class)| (p >= 0.5) == class)
                    .count() as f64
                    / probabilities.len().max(1) as f64;
                (
                    trained.before,
                    scores,
                    same,
                    trained.model.parameter_count(),
                    bits,
                )
            })
        })
    };
    view! {
        <section class="widget" data-testid="quantization-widget">
            <h3>"Quantizing a trained network's weights"</h3>
            <p>"A network with 16 hidden units learns the breast-cancer table of chapter 2; then its weights are rounded to a few bits each, as deployed models are."</p>
            <button type="button" data-testid="quantization-train" on:click=train
                disabled=move || training.get() || !matches!(table.get(), Some(Ok(_)))>
                {move || if training.get() { "Training…" } else { "Train the network" }}
            </button>
            <Slider label="Bits per weight" value=bits min=2.0 max=8.0 step=1.0 show=bits_label testid="quantization-bits" />
            {move || after().map(|(before, after, same, parameters, bits)| {
                let float_bytes = parameters * 4;
                // Weights in `bits` bits each; biases (one per unit) and the two scales in 32.
                let biases = HIDDEN + 1;
                let quantized_bytes = (parameters - biases) * bits as usize / 8 + (biases + 2) * 4;
                view! {
                    <table class="readout">
                        <thead><tr><th></th><th>"32-bit floats"</th><th>{format!("{bits}-bit weights")}</th></tr></thead>
                        <tbody>
                            <tr><th scope="row">"Test accuracy"</th><td data-testid="quantization-before">{format!("{:.3}", before.accuracy)}</td><td data-testid="quantization-after">{format!("{:.3}", after.accuracy)}</td></tr>
                            <tr><th scope="row">"Test AUC"</th><td>{format!("{:.3}", before.auc)}</td><td>{format!("{:.3}", after.auc)}</td></tr>
                            <tr><th scope="row">"Test log loss"</th><td>{number(before.log_loss)}</td><td>{number(after.log_loss)}</td></tr>
                            <tr><th scope="row">"Size of the parameters"</th><td>{format!("{float_bytes} bytes")}</td><td data-testid="quantization-size">{format!("about {quantized_bytes} bytes")}</td></tr>
                        </tbody>
                    </table>
                    <p class="note" data-testid="quantization-agreement">{format!("{:.1} % of test predictions are unchanged.", same * 100.0)}</p>
                }
            })}
        </section>
    }
}
