//! Bayes' theorem for a screening test: the prior, the test's sensitivity and its
//! false-positive rate give the chance that a positive result is right, shown as natural
//! frequencies out of 1,000 people.

use crate::widgets::controls::{Slider, percent};
use leptos::prelude::*;
use ml_intro_engine::primer::bayes::Test;

const POPULATION: f64 = 1000.0;

#[component]
pub fn BayesWidget() -> impl IntoView {
    let prevalence = RwSignal::new(0.01);
    let sensitivity = RwSignal::new(0.9);
    let false_positive_rate = RwSignal::new(0.09);
    let test = move || Test {
        prevalence: prevalence.get(),
        sensitivity: sensitivity.get(),
        false_positive_rate: false_positive_rate.get(),
    };
    let counts = move || test().counts(POPULATION);
    // The positives, split into right and wrong, as shares of a bar.
    let bar = move || {
        let counts = counts();
        let positives = counts.true_positives + counts.false_positives;
        let right = if positives > 0.0 {
            counts.true_positives / positives
        } else {
            0.0
        };
        (right * 100.0, (1.0 - right) * 100.0)
    };
    view! {
        <section class="widget" data-testid="bayes-widget">
            <h3>"Bayes' theorem: what does a positive test mean?"</h3>
            <div class="widget-grid">
                <div class="widget-controls">
                    <Slider label="How common the condition is" value=prevalence min=0.001 max=0.5 step=0.001 show=percent testid="bayes-prior" />
                    <Slider label="Sensitivity P(+ | condition)" value=sensitivity min=0.5 max=1.0 step=0.01 show=percent testid="bayes-sensitivity" />
                    <Slider label="False positives P(+ | healthy)" value=false_positive_rate min=0.0 max=0.3 step=0.005 show=percent testid="bayes-false-positive" />
                </div>
                <div>
                    <p class="big-number">
                        "P(condition | positive) = "
                        <strong data-testid="bayes-posterior">{move || percent(test().posterior_given_positive())}</strong>
                    </p>
                    <svg viewBox="0 0 100 8" preserveAspectRatio="none" class="share-bar" role="img" aria-label="Right and wrong positives">
                        <rect x="0" y="0" height="8" width=move || bar().0 fill="var(--ok)"></rect>
                        <rect y="0" height="8" x=move || bar().0 width=move || bar().1 fill="var(--warn)"></rect>
                    </svg>
                    <p class="note">{move || {
                        let counts = counts();
                        format!(
                            "Of {POPULATION} people, {:.1} have the condition and {:.1} of them test positive; \
                             {:.1} of the {:.1} healthy people test positive too. So {:.1} positives, of which \
                             {:.1} are right.",
                            counts.true_positives + counts.false_negatives,
                            counts.true_positives,
                            counts.false_positives,
                            counts.false_positives + counts.true_negatives,
                            counts.true_positives + counts.false_positives,
                            counts.true_positives,
                        )
                    }}</p>
                    <p class="note">
                        "After a second, independent positive: "
                        <strong data-testid="bayes-second">{move || percent(test().after_a_positive().posterior_given_positive())}</strong>
                        ". After a negative: "
                        {move || percent(test().posterior_given_negative())}
                        "."
                    </p>
                </div>
            </div>
        </section>
    }
}
