//! Data drift: a model was trained on last year's applicants; this year's may differ. Shift
//! the incomes and widen the ages of the current sample and watch each feature's PSI and
//! Kolmogorov–Smirnov test (engine::mlops::drift) say when the model needs a look.

use crate::widgets::controls::Slider;
use leptos::prelude::*;
use ml_intro_engine::mlops::drift::{self, Drift};
use ml_intro_engine::seeded::Rng;

const BINS: usize = 24;

/// One feature: its name, reference mean and spread, and the axis it is drawn on.
struct Feature {
    name: &'static str,
    id: &'static str,
    mean: f64,
    spread: f64,
    axis: (f32, f32),
}

const FEATURES: [Feature; 2] = [
    Feature {
        name: "Income (k€)",
        id: "income",
        mean: 50.0,
        spread: 12.0,
        axis: (0.0, 120.0),
    },
    Feature {
        name: "Age (years)",
        id: "age",
        mean: 40.0,
        spread: 10.0,
        axis: (0.0, 90.0),
    },
];

fn sample(seed: u64, count: usize, mean: f64, spread: f64) -> Vec<f32> {
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|_| (mean + spread * rng.normal()) as f32)
        .collect()
}

#[component]
pub fn DriftWidget() -> impl IntoView {
    let income_shift = RwSignal::new(0.0);
    let age_spread = RwSignal::new(1.0);
    let size = RwSignal::new(500.0);
    let reference: Vec<Vec<f32>> = FEATURES
        .iter()
        .enumerate()
        .map(|(index, f)| sample(11 + index as u64, 2_000, f.mean, f.spread))
        .collect();
    let reference = StoredValue::new(reference);
    let current = move |index: usize| {
        let feature = &FEATURES[index];
        let (shift, widen) = match index {
            0 => (income_shift.get() * feature.spread, 1.0),
            _ => (0.0, age_spread.get()),
        };
        sample(
            101 + index as u64,
            size.get() as usize,
            feature.mean + shift,
            feature.spread * widen,
        )
    };
    let rows = move || {
        (0..FEATURES.len())
            .map(|index| {
                let feature = &FEATURES[index];
                let now = current(index);
                let (low, high) = feature.axis;
                let (drift, before) = reference.with_value(|reference| {
                    let old = &reference[index];
                    (
                        Drift::between(old, &now),
                        drift::histogram(old, low, high, BINS),
                    )
                });
                let after = drift::histogram(&now, low, high, BINS);
                view! { <DriftRow name=feature.name id=feature.id drift before after /> }
            })
            .collect_view()
    };
    view! {
        <section class="widget" data-testid="drift-widget">
            <h3>"Has the data drifted? PSI and the Kolmogorov–Smirnov test"</h3>
            <div class="widget-grid">
                <div class="widget-controls">
                    <Slider label="Shift this year's incomes (standard deviations)" value=income_shift min=-2.0 max=2.0 step=0.05
                        show=|v| format!("{v:+.2}") testid="drift-shift" />
                    <Slider label="Widen this year's ages (×)" value=age_spread min=0.5 max=2.0 step=0.05
                        show=|v| format!("×{v:.2}") testid="drift-spread" />
                    <Slider label="This year's applicants" value=size min=50.0 max=2000.0 step=50.0
                        show=|v| format!("{v:.0}") testid="drift-size" />
                    <p class="note">"Grey: the 2,000 applicants the model was trained on. Orange: this year's. PSI under 0.1 is stable, 0.1–0.25 a moderate shift, over 0.25 a major one."</p>
                </div>
                <div class="drift-rows">{rows}</div>
            </div>
        </section>
    }
}

#[component]
fn DriftRow(
    name: &'static str,
    id: &'static str,
    drift: Drift,
    before: Vec<f32>,
    after: Vec<f32>,
) -> impl IntoView {
    let tallest = before.iter().chain(&after).fold(0.01f32, |a, &b| a.max(b));
    let bars = |shares: &[f32], class: &'static str| {
        shares
            .iter()
            .enumerate()
            .map(|(bin, share)| {
                let height = share / tallest * 40.0;
                view! { <rect class=class x=bin as f32 * 4.0 y=40.0 - height width="3.6" height=height></rect> }
            })
            .collect_view()
    };
    let verdict_class = match drift.verdict() {
        "stable" => "badge ok",
        "moderate shift" => "badge warn",
        _ => "badge bad",
    };
    view! {
        <div class="drift-row">
            <h4>{name}</h4>
            <svg viewBox=format!("0 0 {} 40", BINS * 4) class="drift-histogram" role="img"
                aria-label=format!("{name}: the training sample and this year's")>
                {bars(&before, "reference")}
                {bars(&after, "current")}
            </svg>
            <p>
                "PSI " <b data-testid=format!("drift-psi-{id}")>{format!("{:.3}", drift.psi)}</b>
                " · KS D " <b>{format!("{:.3}", drift.ks_statistic)}</b>
                ", p " <b data-testid=format!("drift-p-{id}")>{format_p(drift.ks_p_value)}</b>
                " " <span class=verdict_class data-testid=format!("drift-verdict-{id}")>{drift.verdict()}</span>
            </p>
        </div>
    }
}

fn format_p(p: f32) -> String {
    if p < 1e-4 {
        "< 0.0001".into()
    } else {
        format!("{p:.4}")
    }
}
