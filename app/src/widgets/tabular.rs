//! A tabular workflow on the breast-cancer table: a stratified split, a majority baseline,
//! gradient-boosted trees against a small neural network (test scores and 5-fold
//! cross-validation), calibration (Platt, isotonic) with a reliability diagram, and
//! permutation feature importance. Every step runs in the page, one after the other.

use crate::widgets::breast_cancer::{self, yield_to_page};
use crate::widgets::controls::{Slider, number};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ml_intro_engine::tabular::calibration::{
    Bin, Calibrator, expected_calibration_error, reliability,
};
use ml_intro_engine::tabular::gbt::GbtSettings;
use ml_intro_engine::tabular::mlp::MlpSettings;
use ml_intro_engine::tabular::model::{
    ModelKind, Scores, cross_validate, out_of_fold, permutation_importance,
};
use ml_intro_engine::tabular::split::stratified_split;

const SEED: u64 = 7;
const FOLDS: usize = 5;
const DIAGRAM: f64 = 240.0;
/// Few bins: the test part has about 110 rows.
const RELIABILITY_BINS: usize = 5;

#[derive(Debug, Clone, PartialEq)]
struct ModelRow {
    name: &'static str,
    test: Scores,
    /// Cross-validated AUC on the training rows: mean and standard deviation.
    cv_auc: Option<(f64, f64)>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Results {
    split: Option<String>,
    models: Vec<ModelRow>,
    /// (method, reliability bins on the test rows, expected calibration error).
    calibration: Vec<(&'static str, Vec<Bin>, f64)>,
    /// Feature names with their AUC drop, largest first.
    importance: Vec<(String, f64)>,
    step: Option<&'static str>,
}

fn whole(value: f64) -> String {
    format!("{value:.0}")
}

fn mean_and_deviation(values: &[f64]) -> (f64, f64) {
    let count = values.len().max(1) as f64;
    let mean = values.iter().sum::<f64>() / count;
    let variance = values
        .iter()
        .map(|value| (value - mean).powi(2))
        .sum::<f64>()
        / (count - 1.0).max(1.0);
    (mean, variance.sqrt())
}

#[component]
pub fn TabularWidget() -> impl IntoView {
    let table = breast_cancer::load();
    let trees = RwSignal::new(100.0);
    let depth = RwSignal::new(3.0);
    let hidden = RwSignal::new(8.0);
    let results = RwSignal::new(Results::default());
    let running = RwSignal::new(false);

    let run = move |_| {
        let Some(Ok(table)) = table.get_untracked() else {
            return;
        };
        let gbt = ModelKind::Gbt(GbtSettings {
            trees: trees.get_untracked() as usize,
            depth: depth.get_untracked() as usize,
            ..GbtSettings::default()
        });
        let mlp = ModelKind::Mlp(MlpSettings {
            hidden: hidden.get_untracked() as usize,
            ..MlpSettings::default()
        });
        running.set(true);
        results.set(Results {
            step: Some("splitting"),
            ..Results::default()
        });
        spawn_local(async move {
            let (train, test) = stratified_split(&table.labels, 0.2, SEED);
            let (train_rows, train_labels) = table.pick(&train);
            let (test_rows, test_labels) = table.pick(&test);
            let positives = |labels: &[bool]| labels.iter().filter(|&&label| label).count();
            let split = format!(
                "{} rows, {} features. Training: {} rows ({} malignant); test: {} rows ({} malignant), the same share in both.",
                table.len(),
                table.feature_names.len(),
                train.len(),
                positives(&train_labels),
                test.len(),
                positives(&test_labels)
            );
            results.update(|results| results.split = Some(split));
            // The boosted trees fitted for the comparison serve calibration and importance too.
            let mut fitted_gbt = None;
            for (name, kind) in [
                ("Majority baseline", ModelKind::Majority),
                ("Gradient-boosted trees", gbt),
                ("Neural network", mlp),
            ] {
                results.update(|results| results.step = Some("training and cross-validating"));
                yield_to_page().await;
                let model = kind.fit(&train_rows, &train_labels);
                let test_scores = Scores::of(&model.probabilities(&test_rows), &test_labels);
                yield_to_page().await;
                let aucs: Vec<f64> = cross_validate(&kind, &train_rows, &train_labels, FOLDS, SEED)
                    .iter()
                    .map(|fold| fold.auc)
                    .collect();
                if kind == gbt {
                    fitted_gbt = Some(model);
                }
                let row = ModelRow {
                    name,
                    test: test_scores,
                    cv_auc: Some(mean_and_deviation(&aucs)),
                };
                if results
                    .try_update(|results| results.models.push(row))
                    .is_none()
                {
                    return;
                }
            }
            results.update(|results| results.step = Some("calibrating"));
            yield_to_page().await;
            let raw_train = out_of_fold(&gbt, &train_rows, &train_labels, FOLDS, SEED);
            let model = fitted_gbt.unwrap_or_else(|| gbt.fit(&train_rows, &train_labels));
            let raw_test = model.probabilities(&test_rows);
            let mut calibration = Vec::new();
            for (method, calibrator) in [
                ("Uncalibrated", None),
                ("Platt", Some(Calibrator::platt(&raw_train, &train_labels))),
                (
                    "Isotonic",
                    Some(Calibrator::isotonic(&raw_train, &train_labels)),
                ),
            ] {
                let calibrated: Vec<f64> = match &calibrator {
                    Some(calibrator) => raw_test.iter().map(|&p| calibrator.apply(p)).collect(),
                    None => raw_test.clone(),
                };
                let bins = reliability(&calibrated, &test_labels, RELIABILITY_BINS);
                let error = expected_calibration_error(&bins);
                calibration.push((method, bins, error));
            }
            results.update(|results| {
                results.calibration = calibration;
                results.step = Some("measuring feature importance");
            });
            yield_to_page().await;
            let drops = permutation_importance(&model, &test_rows, &test_labels, 3, SEED);
            let mut importance: Vec<(String, f64)> =
                table.feature_names.iter().cloned().zip(drops).collect();
            importance.sort_by(|a, b| b.1.total_cmp(&a.1));
            importance.truncate(8);
            results.try_update(|results| {
                results.importance = importance;
                results.step = None;
            });
            running.try_set(false);
        });
    };

    let model_rows = move || {
        results.with(|results| {
            results
                .models
                .iter()
                .map(|row| {
                    let key = row.name.split_whitespace().next().unwrap_or_default().to_lowercase();
                    let cv = row.cv_auc.map_or("–".into(), |(mean, deviation)| format!("{mean:.3} ± {deviation:.3}"));
                    view! {
                        <tr data-testid=format!("tabular-row-{key}")>
                            <th scope="row">{row.name}</th>
                            <td data-testid=format!("tabular-accuracy-{key}")>{format!("{:.3}", row.test.accuracy)}</td>
                            <td>{format!("{:.3}", row.test.auc)}</td>
                            <td>{number(row.test.log_loss)}</td>
                            <td data-testid=format!("tabular-cv-{key}")>{cv}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let diagram = move || {
        results.with(|results| {
            if results.calibration.is_empty() {
                return None;
            }
            let colours = ["#868e96", "#e8590c", "#1971c2"];
            let series = results
                .calibration
                .iter()
                .zip(colours)
                .map(|((_, bins, _), colour)| {
                    let at = |bin: &Bin| (bin.mean_predicted * DIAGRAM, DIAGRAM - bin.observed * DIAGRAM);
                    let points = bins
                        .iter()
                        .map(|bin| {
                            let (x, y) = at(bin);
                            format!("{x:.1},{y:.1}")
                        })
                        .collect::<Vec<_>>()
                        .join(" ");
                    // Each bin a dot whose area grows with the rows in it.
                    let dots = bins
                        .iter()
                        .map(|bin| {
                            let (x, y) = at(bin);
                            let radius = 2.0 + (bin.count as f64).sqrt();
                            view! { <circle cx=x cy=y r=radius fill=colour fill-opacity="0.7" /> }
                        })
                        .collect_view();
                    view! {
                        <polyline points=points fill="none" stroke=colour stroke-width="1.5" stroke-opacity="0.6" />
                        {dots}
                    }
                })
                .collect_view();
            let legend = results
                .calibration
                .iter()
                .zip(colours)
                .map(|((method, _, error), colour)| {
                    view! {
                        <li data-testid=format!("tabular-ece-{}", method.to_lowercase())>
                            <span class="swatch" style=format!("background:{colour}")></span>
                            {format!("{method}: expected calibration error {error:.3}")}
                        </li>
                    }
                })
                .collect_view();
            Some(view! {
                <div class="widget-grid">
                    <svg viewBox=format!("0 0 {DIAGRAM} {DIAGRAM}") class="widget-svg reliability" role="img"
                        aria-label="Reliability diagram: predicted probability against observed share of malignant tumours">
                        <line x1="0" y1=DIAGRAM x2=DIAGRAM y2="0" class="diagonal" />
                        {series}
                    </svg>
                    <div>
                        <p class="note">"Reliability on the test rows: a calibrated model's points lie on the diagonal (of the tumours given 70 %, 70 % are malignant). Calibrators are fitted on out-of-fold predictions for the training rows."</p>
                        <ul class="legend">{legend}</ul>
                    </div>
                </div>
            })
        })
    };
    let importance = move || {
        results.with(|results| {
            let largest = results
                .importance
                .first()
                .map_or(1.0, |(_, drop)| drop.max(1e-9));
            results
                .importance
                .iter()
                .map(|(name, drop)| {
                    let width = (drop / largest * 100.0).max(0.0);
                    view! {
                        <div class="bar-row">
                            <span>{name.replace('_', " ")}</span>
                            <span class="bar" style=format!("width:{width:.1}%")></span>
                            <span>{format!("{drop:.4}")}</span>
                        </div>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="widget" data-testid="tabular-widget">
            <h3>"A tabular workflow: trees against a neural network"</h3>
            <div class="widget-controls">
                <Slider label="Trees" value=trees min=10.0 max=300.0 step=10.0 show=whole testid="tabular-trees" />
                <Slider label="Tree depth" value=depth min=1.0 max=6.0 step=1.0 show=whole testid="tabular-depth" />
                <Slider label="Hidden units" value=hidden min=2.0 max=32.0 step=2.0 show=whole testid="tabular-hidden" />
            </div>
            <button type="button" data-testid="tabular-run" on:click=run
                disabled=move || running.get() || !matches!(table.get(), Some(Ok(_)))>
                {move || if running.get() { "Running…" } else { "Run the workflow" }}
            </button>
            {move || match table.get() {
                None => Some(view! { <p class="note">"Loading the data…"</p> }.into_any()),
                Some(Err(message)) => Some(view! { <p class="error">{message}</p> }.into_any()),
                Some(Ok(_)) => None,
            }}
            <p class="note" data-testid="tabular-split">{move || results.with(|results| results.split.clone())}</p>
            <table class="readout">
                <thead><tr><th>"Model"</th><th>"Test accuracy"</th><th>"Test AUC"</th><th>"Test log loss"</th><th>{format!("{FOLDS}-fold CV AUC")}</th></tr></thead>
                <tbody>{model_rows}</tbody>
            </table>
            {diagram}
            <div class="importance" data-testid="tabular-importance">{importance}</div>
            <p class="note" data-testid="tabular-status">{move || match results.with(|results| results.step) {
                Some(step) => format!("Working: {step}…"),
                None if results.with(|results| results.models.is_empty()) => "Press “Run the workflow”.".to_string(),
                None => "Done.".to_string(),
            }}</p>
        </section>
    }
}
