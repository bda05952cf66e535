//! Chapter 12: one classifier, every threshold. Gradient-boosted trees are trained on the
//! breast-cancer table's training part; on the held-out rows the widget draws the ROC and
//! precision–recall curves, marks the point a threshold slider picks, and shows that
//! threshold's confusion matrix and metrics.

use crate::widgets::breast_cancer;
use crate::widgets::controls::{Slider, percent};
use leptos::prelude::*;
use ml_intro_engine::evaluation::curves::{
    Confusion, CurvePoint, area_under, average_precision, precision_recall_curve, roc_curve,
};
use ml_intro_engine::tabular::gbt::{Gbt, GbtSettings};
use ml_intro_engine::tabular::split::stratified_split;
use ml_intro_engine::tabular::table::Table;

const SEED: u64 = 7;
const PLOT: f64 = 200.0;
const PAD: f64 = 24.0;

/// Held-out probabilities of malignancy (the table's label) and the labels.
#[derive(Debug, Clone, PartialEq)]
struct HeldOut {
    scores: Vec<f64>,
    labels: Vec<bool>,
}

fn held_out(table: &Table) -> HeldOut {
    let (train, test) = stratified_split(&table.labels, 0.2, SEED);
    let (train_rows, train_labels) = table.pick(&train);
    let (test_rows, labels) = table.pick(&test);
    let model = Gbt::fit(&train_rows, &train_labels, &GbtSettings::default());
    HeldOut {
        scores: model.probabilities(&test_rows),
        labels,
    }
}

fn show_threshold(value: f64) -> String {
    format!("{value:.2}")
}

/// A curve in a unit square, with axis names and the point for the current threshold.
#[component]
fn CurvePlot(
    points: Vec<CurvePoint>,
    x_label: &'static str,
    y_label: &'static str,
    #[prop(into)] marked: Signal<(f64, f64)>,
    testid: &'static str,
) -> impl IntoView {
    let to_view = |x: f64, y: f64| (PAD + x * PLOT, PAD + (1.0 - y) * PLOT);
    let line = points
        .iter()
        .map(|point| {
            let (x, y) = to_view(point.x, point.y);
            format!("{x:.1},{y:.1}")
        })
        .collect::<Vec<_>>()
        .join(" ");
    let side = PLOT + 2.0 * PAD;
    view! {
        <svg viewBox=format!("0 0 {side} {side}") class="widget-svg" role="img" data-testid=testid
            aria-label=format!("{y_label} against {x_label}")>
            <rect x=PAD y=PAD width=PLOT height=PLOT fill="none" stroke="var(--line)" />
            <polyline points=line fill="none" stroke="var(--accent)" stroke-width="2" />
            <circle r="6" fill="#e8590c" cx=move || to_view(marked.get().0, marked.get().1).0
                cy=move || to_view(marked.get().0, marked.get().1).1 />
            <text x=PAD + PLOT / 2.0 y=side - 4.0 text-anchor="middle" font-size="11">{x_label}</text>
            <text x="10" y=PAD + PLOT / 2.0 font-size="11" text-anchor="middle"
                transform=format!("rotate(-90 10 {})", PAD + PLOT / 2.0)>{y_label}</text>
        </svg>
    }
}

#[component]
pub fn ThresholdWidget() -> impl IntoView {
    let table = breast_cancer::load();
    move || match table.get() {
        None => view! { <p class="note">"Loading the breast-cancer table…"</p> }.into_any(),
        Some(Err(message)) => view! { <p class="error">{message}</p> }.into_any(),
        Some(Ok(table)) => view! { <Curves held_out=held_out(&table) /> }.into_any(),
    }
}

#[component]
fn Curves(held_out: HeldOut) -> impl IntoView {
    let threshold = RwSignal::new(0.5);
    let roc = roc_curve(&held_out.scores, &held_out.labels);
    let pr = precision_recall_curve(&held_out.scores, &held_out.labels);
    let auc = area_under(&roc);
    let ap = average_precision(&held_out.scores, &held_out.labels);
    let held_out = StoredValue::new(held_out);
    let counts = Memo::new(move |_| {
        held_out.with_value(|h| Confusion::at(&h.scores, &h.labels, threshold.get()))
    });
    let roc_mark = Signal::derive(move || counts.with(|c| (c.false_positive_rate(), c.recall())));
    let pr_mark = Signal::derive(move || counts.with(|c| (c.recall(), c.precision())));
    let cell = move |read: fn(&Confusion) -> usize| move || counts.with(read);
    let metric = move |read: fn(&Confusion) -> f64| move || percent(counts.with(read));
    view! {
        <section class="widget" data-testid="threshold-widget">
            <h3>"ROC and precision–recall curves, with a threshold"</h3>
            <Slider label="Threshold (predict malignant at or above)" value=threshold min=0.0 max=1.0
                step=0.01 show=show_threshold testid="threshold-value" />
            <div class="widget-grid">
                <CurvePlot points=roc x_label="false positive rate" y_label="true positive rate (recall)"
                    marked=roc_mark testid="threshold-roc" />
                <CurvePlot points=pr x_label="recall" y_label="precision" marked=pr_mark testid="threshold-pr" />
                <div>
                    <table class="confusion" data-testid="threshold-confusion">
                        <thead><tr><th></th><th>"predicted malignant"</th><th>"predicted benign"</th></tr></thead>
                        <tbody>
                            <tr><th>"malignant"</th><td data-testid="threshold-tp">{cell(|c| c.true_positives)}</td><td data-testid="threshold-fn">{cell(|c| c.false_negatives)}</td></tr>
                            <tr><th>"benign"</th><td data-testid="threshold-fp">{cell(|c| c.false_positives)}</td><td data-testid="threshold-tn">{cell(|c| c.true_negatives)}</td></tr>
                        </tbody>
                    </table>
                    <dl class="stats">
                        <div><dt>"Accuracy"</dt><dd data-testid="threshold-accuracy">{metric(Confusion::accuracy)}</dd></div>
                        <div><dt>"Precision"</dt><dd data-testid="threshold-precision">{metric(Confusion::precision)}</dd></div>
                        <div><dt>"Recall"</dt><dd data-testid="threshold-recall">{metric(Confusion::recall)}</dd></div>
                        <div><dt>"F1"</dt><dd>{metric(Confusion::f1)}</dd></div>
                        <div><dt>"ROC AUC"</dt><dd data-testid="threshold-auc">{format!("{auc:.3}")}</dd></div>
                        <div><dt>"Average precision"</dt><dd data-testid="threshold-ap">{format!("{ap:.3}")}</dd></div>
                    </dl>
                </div>
            </div>
        </section>
    }
}
