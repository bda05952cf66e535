//! Chapter 14: group fairness of a lending model. A logistic regression trained on income and
//! credit history (never the group) approves fewer members of group 1, whose incomes are
//! shifted down; the widget shows each group's rates, the demographic-parity and equalised-odds
//! gaps, and lets the reader set a threshold per group, or pick the one for equal opportunity.

use crate::widgets::controls::{Slider, percent};
use leptos::prelude::*;
use ml_intro_engine::responsible::applicants::{Applicant, applicants, inputs_and_labels};
use ml_intro_engine::responsible::fairness::{
    GroupRates, demographic_parity_gap, equal_opportunity_threshold, equalised_odds_gap,
    group_rates,
};
use ml_intro_engine::responsible::logistic::Logistic;

pub const APPLICANTS: usize = 3000;
pub const DATA_SEED: u64 = 1;
const STEPS: usize = 300;

fn show_threshold(value: f64) -> String {
    format!("{value:.2}")
}

/// The course's lending data and a plainly trained model of it.
pub fn data_and_model() -> (Vec<Applicant>, Logistic) {
    let data = applicants(APPLICANTS, DATA_SEED);
    let (inputs, labels) = inputs_and_labels(&data);
    let mut model = Logistic::default();
    for _ in 0..STEPS {
        model.step(&inputs, &labels, 0.5);
    }
    (data, model)
}

#[component]
pub fn FairnessWidget() -> impl IntoView {
    let (data, model) = data_and_model();
    let data = StoredValue::new(data);
    let thresholds = [RwSignal::new(0.5), RwSignal::new(0.5)];
    let rates = Memo::new(move |_| {
        data.with_value(|data| {
            [0, 1].map(|group| group_rates(&model, data, group, thresholds[group].get()))
        })
    });
    let equalise = move |_| {
        let adjusted = data.with_value(|data| {
            equal_opportunity_threshold(&model, data, thresholds[0].get_untracked())
        });
        thresholds[1].set(adjusted);
    };
    let row = move |label: &'static str, read: fn(&GroupRates) -> f64, testid: &'static str| {
        view! {
            <tr>
                <th>{label}</th>
                <td data-testid=format!("{testid}-0")>{move || percent(rates.with(|r| read(&r[0])))}</td>
                <td data-testid=format!("{testid}-1")>{move || percent(rates.with(|r| read(&r[1])))}</td>
            </tr>
        }
    };
    view! {
        <section class="widget" data-testid="fairness-widget">
            <h3>"Fairness of a lending model, group by group"</h3>
            <Slider label="Threshold for group 0" value=thresholds[0] min=0.05 max=0.95 step=0.01
                show=show_threshold testid="fairness-threshold-0" />
            <Slider label="Threshold for group 1" value=thresholds[1] min=0.05 max=0.95 step=0.01
                show=show_threshold testid="fairness-threshold-1" />
            <div class="widget-controls">
                <button type="button" data-testid="fairness-equalise" on:click=equalise>
                    "Equal opportunity: match group 1's true positive rate"
                </button>
                <button type="button" on:click=move |_| { thresholds[0].set(0.5); thresholds[1].set(0.5); }>
                    "Back to 0.5 for both"
                </button>
            </div>
            <table>
                <thead><tr><th></th><th>"Group 0"</th><th>"Group 1"</th></tr></thead>
                <tbody>
                    {row("Approved", |r| r.positive_rate, "fairness-approved")}
                    {row("True positive rate (repayers approved)", |r| r.true_positive_rate, "fairness-tpr")}
                    {row("False positive rate (defaulters approved)", |r| r.false_positive_rate, "fairness-fpr")}
                    {row("Accuracy", |r| r.accuracy, "fairness-accuracy")}
                </tbody>
            </table>
            <dl class="stats">
                <div><dt>"Demographic parity gap"</dt><dd data-testid="fairness-parity">{move || percent(rates.with(demographic_parity_gap))}</dd></div>
                <div><dt>"Equalised odds gap"</dt><dd data-testid="fairness-odds">{move || percent(rates.with(equalised_odds_gap))}</dd></div>
            </dl>
        </section>
    }
}
