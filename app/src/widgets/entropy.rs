//! Entropy and KL divergence: two distributions over five outcomes, shaped with sliders.

use crate::widgets::controls::number;
use leptos::prelude::*;
use ml_intro_engine::primer::information::{cross_entropy, entropy, kl_divergence, normalise};

const OUTCOMES: usize = 5;
const WIDTH: f64 = 400.0;
const HEIGHT: f64 = 160.0;

#[component]
pub fn EntropyWidget() -> impl IntoView {
    let p = RwSignal::new([40.0, 25.0, 15.0, 12.0, 8.0]);
    let q = RwSignal::new([20.0; OUTCOMES]);
    let readout = move || {
        let (p, q) = (normalise(&p.get()), normalise(&q.get()));
        match (p, q) {
            (Ok(p), Ok(q)) => Ok((
                entropy(&p),
                entropy(&q),
                cross_entropy(&p, &q).unwrap_or(f64::NAN),
                kl_divergence(&p, &q).unwrap_or(f64::NAN),
                kl_divergence(&q, &p).unwrap_or(f64::NAN),
            )),
            (Err(error), _) => Err(format!("P: {error}")),
            (_, Err(error)) => Err(format!("Q: {error}")),
        }
    };
    let sliders = move |name: &'static str, weights: RwSignal<[f64; OUTCOMES]>| {
        (0..OUTCOMES)
            .map(|outcome| {
                view! {
                    <label class="slider">
                        <span>{format!("{name}({})", outcome + 1)}</span>
                        <input type="range" min="0" max="100" step="1"
                            data-testid=format!("entropy-{}-{outcome}", name.to_lowercase())
                            prop:value=move || weights.get()[outcome].to_string()
                            on:input=move |event| {
                                if let Ok(value) = event_target_value(&event).parse::<f64>() {
                                    weights.update(|weights| weights[outcome] = value);
                                }
                            } />
                    </label>
                }
            })
            .collect_view()
    };
    let bars = move || {
        let (p, q) = (
            normalise(&p.get()).unwrap_or_else(|_| vec![0.0; OUTCOMES]),
            normalise(&q.get()).unwrap_or_else(|_| vec![0.0; OUTCOMES]),
        );
        let slot = WIDTH / OUTCOMES as f64;
        // The tallest bar of either distribution fills the chart.
        let tallest = p.iter().chain(&q).copied().fold(0.0, f64::max).max(1e-9);
        (0..OUTCOMES)
            .map(|outcome| {
                let x = outcome as f64 * slot;
                let height_p = p[outcome] / tallest * (HEIGHT - 24.0);
                let height_q = q[outcome] / tallest * (HEIGHT - 24.0);
                view! {
                    <rect x=x + slot * 0.15 y=HEIGHT - 16.0 - height_p width=slot * 0.33 height=height_p fill="var(--accent)"></rect>
                    <rect x=x + slot * 0.52 y=HEIGHT - 16.0 - height_q width=slot * 0.33 height=height_q fill="var(--warning)"></rect>
                    <text x=x + slot * 0.5 y=HEIGHT - 2.0 text-anchor="middle" class="tick">{outcome + 1}</text>
                }
            })
            .collect_view()
    };
    let set_q_to_p = move |_| q.set(p.get());
    let uniform_q = move |_| q.set([20.0; OUTCOMES]);
    view! {
        <section class="widget" data-testid="entropy-widget">
            <h3>"Entropy and KL divergence"</h3>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") class="widget-svg" role="img" aria-label="P in blue, Q in orange">
                {bars}
            </svg>
            <div class="widget-grid">
                <fieldset><legend>"P (blue)"</legend>{sliders("P", p)}</fieldset>
                <fieldset><legend>"Q (orange)"</legend>{sliders("Q", q)}</fieldset>
            </div>
            <div class="widget-controls">
                <button type="button" on:click=set_q_to_p data-testid="entropy-q-equals-p">"Make Q = P"</button>
                <button type="button" on:click=uniform_q>"Make Q uniform"</button>
            </div>
            {move || match readout() {
                Ok((entropy_p, entropy_q, cross, forward, backward)) => view! {
                    <dl class="stats">
                        <div><dt>"H(P)"</dt><dd data-testid="entropy-h-p">{number(entropy_p)}" bits"</dd></div>
                        <div><dt>"H(Q)"</dt><dd>{number(entropy_q)}" bits"</dd></div>
                        <div><dt>"H(P, Q)"</dt><dd>{number(cross)}" bits"</dd></div>
                        <div><dt>"KL(P ‖ Q)"</dt><dd data-testid="entropy-kl-pq">{number(forward)}" bits"</dd></div>
                        <div><dt>"KL(Q ‖ P)"</dt><dd data-testid="entropy-kl-qp">{number(backward)}" bits"</dd></div>
                    </dl>
                }.into_any(),
                Err(message) => view! { <p class="error">{message}</p> }.into_any(),
            }}
        </section>
    }
}
