//! Chapter 9: a policy-gradient agent (REINFORCE) learns to balance cart-pole. The chart shows
//! each episode's return (steps the pole stayed up, at most 200) and its moving average;
//! "Watch" animates one episode of the current policy.

use crate::widgets::controls::every;
use crate::widgets::return_chart::{ReturnChart, moving_average};
use leptos::prelude::*;
use ml_intro_engine::rl::cart_pole::{CartPole, MAX_STEPS, TRACK_LIMIT};
use ml_intro_engine::rl::reinforce::{PolicyGradient, ReinforceSettings};
use std::time::Duration;

/// Episodes in one training run, and per tick (every 40 ms): about 3 s in all.
const EPISODES: usize = 400;
const EPISODES_PER_TICK: usize = 5;
/// Episodes averaged for the before/after comparison.
const COMPARED: usize = 50;
const SEED: u64 = 1;
const WIDTH: f64 = 480.0;
const HEIGHT: f64 = 200.0;
/// Pixels per metre of track, and the pole's drawn length.
const SCALE: f64 = WIDTH / (2.0 * TRACK_LIMIT + 0.6);
const POLE_PIXELS: f64 = 90.0;

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len().max(1) as f64
}

#[component]
pub fn CartPoleWidget() -> impl IntoView {
    let fresh = || PolicyGradient::new(ReinforceSettings::default(), SEED);
    let agent = StoredValue::new(fresh());
    let returns = RwSignal::new(Vec::<f64>::new());
    let playing = RwSignal::new(false);
    let episodes = RwSignal::new(0_usize);
    // The episode being watched, and how far along it is.
    let film = RwSignal::new(Vec::<CartPole>::new());
    let frame = RwSignal::new(0_usize);
    let watched = RwSignal::new(0_u64);

    every(Duration::from_millis(40), move || {
        if frame.get_untracked() + 1 < film.with_untracked(Vec::len) {
            frame.update(|frame| *frame += 1);
        }
        if !playing.get_untracked() {
            return;
        }
        let mut new_returns = Vec::new();
        agent.update_value(|agent| {
            for _ in 0..EPISODES_PER_TICK {
                if agent.episodes < EPISODES {
                    new_returns.push(agent.train_episode() as f64);
                }
            }
        });
        returns.update(|returns| returns.extend(new_returns));
        episodes.set(agent.with_value(|agent| agent.episodes));
        if episodes.get_untracked() >= EPISODES {
            playing.set(false);
        }
    });
    let train = move |_| {
        if episodes.get_untracked() >= EPISODES {
            agent.set_value(fresh());
            returns.set(Vec::new());
            episodes.set(0);
        }
        playing.update(|playing| *playing = !*playing);
    };
    let watch = move |_| {
        watched.update(|count| *count += 1);
        film.set(agent.with_value(|agent| agent.rollout(watched.get_untracked())));
        frame.set(0);
    };

    let state = move || film.with(|film| film.get(frame.get()).copied());
    let scene = move || {
        let pole = state().unwrap_or(CartPole {
            position: 0.0,
            speed: 0.0,
            angle: 0.0,
            angular_speed: 0.0,
        });
        let cart_x = WIDTH / 2.0 + pole.position * SCALE;
        let base_y = HEIGHT - 50.0;
        let tip = (
            cart_x + POLE_PIXELS * pole.angle.sin(),
            base_y - POLE_PIXELS * pole.angle.cos(),
        );
        view! {
            <g data-testid="cp-cart" data-x=format!("{:.3}", pole.position)>
                <rect x=cart_x - 30.0 y=base_y - 10.0 width="60" height="26" rx="4" fill="#495057" />
                <line x1=cart_x y1=base_y x2=tip.0 y2=tip.1 stroke="#e8590c" stroke-width="8" stroke-linecap="round" />
                <circle cx=cart_x cy=base_y r="5" fill="white" />
            </g>
        }
    };
    let caption = move || {
        let shown = film.with(Vec::len);
        (shown > 0).then(|| {
            let survived = shown - 1;
            format!(
                "Step {} of {survived}: {}",
                frame.get(),
                if survived >= MAX_STEPS {
                    "the pole stays up for the whole episode."
                } else {
                    "then the pole falls or the cart leaves the track."
                }
            )
        })
    };
    let outcome = move || {
        returns.with(|returns| {
            (returns.len() >= EPISODES).then(|| {
                format!(
                    "Trained: the mean return rose from {:.1} (first {COMPARED} episodes) to {:.1} (last {COMPARED}).",
                    mean(&returns[..COMPARED]),
                    mean(&returns[returns.len() - COMPARED..])
                )
            })
        })
    };
    let recent = move || {
        returns.with(|returns| {
            if returns.is_empty() {
                "–".to_string()
            } else {
                format!(
                    "{:.1}",
                    mean(&returns[returns.len().saturating_sub(COMPARED)..])
                )
            }
        })
    };
    let smoothed = Signal::derive(move || returns.with(|returns| moving_average(returns, 20)));
    let track_y = HEIGHT - 34.0;
    let track_left = WIDTH / 2.0 - TRACK_LIMIT * SCALE;
    let track_right = WIDTH / 2.0 + TRACK_LIMIT * SCALE;
    view! {
        <section class="widget" data-testid="cp-widget">
            <h3>"Balancing cart-pole with a policy gradient"</h3>
            <div class="widget-controls">
                <button type="button" data-testid="cp-train" on:click=train>
                    {move || if playing.get() { "Pause" } else { "Train" }}
                </button>
                <button type="button" data-testid="cp-watch" on:click=watch>"Watch the policy"</button>
            </div>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") class="widget-svg" role="img"
                aria-label="The cart on its track and the pole it balances">
                <line x1=track_left y1=track_y x2=track_right y2=track_y stroke="var(--muted)" stroke-width="2" />
                {scene}
            </svg>
            <p class="note" data-testid="cp-caption">{caption}</p>
            <dl class="stats">
                <div><dt>"Episodes"</dt><dd data-testid="cp-episodes">{move || episodes.get()}</dd></div>
                <div><dt>{format!("Mean return, last {COMPARED}")}</dt><dd data-testid="cp-recent">{recent}</dd></div>
            </dl>
            <p data-testid="cp-outcome">{outcome}</p>
            <ReturnChart returns=returns.into() smoothed low=0.0 high=MAX_STEPS as f64 />
        </section>
    }
}
