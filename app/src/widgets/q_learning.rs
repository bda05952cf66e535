//! Chapter 9: tabular Q-learning in a small maze. Each cell is shaded by the value the agent
//! has learned for it, with an arrow for its best move; the returns chart shows it improve, and
//! "Show the way" walks the current greedy policy.

use crate::widgets::controls::{Slider, every};
use crate::widgets::return_chart::{ReturnChart, moving_average};
use leptos::prelude::*;
use ml_intro_engine::rl::grid_world::{GridWorld, Move};
use ml_intro_engine::rl::q_learning::{QLearner, QSettings};
use std::time::Duration;

const CELL: f64 = 60.0;
/// Episodes in one training run, and per tick (every 50 ms): about 5 s in all.
const EPISODES: usize = 300;
const EPISODES_PER_TICK: usize = 3;
const SEED: u64 = 1;

fn show_share(value: f64) -> String {
    format!("{value:.2}")
}

/// A colour for a learned value: green for good, red for bad, pale near zero.
fn shade(value: f64) -> String {
    let strength = value.abs().min(1.0);
    let (r, g, b) = if value >= 0.0 {
        (47.0, 158.0, 68.0)
    } else {
        (201.0, 42.0, 42.0)
    };
    let mix = |channel: f64| (255.0 + (channel - 255.0) * strength * 0.8) as u8;
    format!("rgb({},{},{})", mix(r), mix(g), mix(b))
}

fn arrow(chosen: Move) -> &'static str {
    match chosen {
        Move::Up => "↑",
        Move::Right => "→",
        Move::Down => "↓",
        Move::Left => "←",
    }
}

#[component]
pub fn QLearningWidget() -> impl IntoView {
    let world = StoredValue::new(GridWorld::course());
    let exploration = RwSignal::new(QSettings::default().exploration);
    let fresh = move || {
        let settings = QSettings {
            exploration: exploration.get_untracked(),
            ..QSettings::default()
        };
        world.with_value(|world| QLearner::new(world, settings, SEED))
    };
    let learner = RwSignal::new(fresh());
    let returns = RwSignal::new(Vec::<f64>::new());
    let playing = RwSignal::new(false);
    // The greedy walk being shown, and how far along it the agent is.
    let walk = RwSignal::new(Vec::<usize>::new());
    let walked = RwSignal::new(0_usize);

    Effect::new(move |_| {
        let exploration = exploration.get();
        learner.update(|learner| learner.settings.exploration = exploration);
    });
    every(Duration::from_millis(50), move || {
        if walked.get_untracked() + 1 < walk.with_untracked(Vec::len) {
            walked.update(|walked| *walked += 1);
        }
        if !playing.get_untracked() {
            return;
        }
        let mut new_returns = Vec::new();
        learner.update(|learner| {
            world.with_value(|world| {
                for _ in 0..EPISODES_PER_TICK {
                    if learner.episodes < EPISODES {
                        new_returns.push(learner.run_episode(world).total_reward);
                    }
                }
            });
        });
        returns.update(|returns| returns.extend(new_returns));
        if learner.with_untracked(|learner| learner.episodes) >= EPISODES {
            playing.set(false);
        }
    });
    let train = move |_| {
        if learner.with_untracked(|learner| learner.episodes) >= EPISODES {
            learner.set(fresh());
            returns.set(Vec::new());
        }
        walk.set(Vec::new());
        playing.update(|playing| *playing = !*playing);
    };
    let show_way = move |_| {
        walk.set(
            world.with_value(|world| learner.with_untracked(|learner| learner.greedy_walk(world))),
        );
        walked.set(0);
    };
    let reset = move |_| {
        playing.set(false);
        learner.set(fresh());
        returns.set(Vec::new());
        walk.set(Vec::new());
    };

    let (width, height) = world.with_value(|world| (world.width, world.height));
    let cells = move || {
        world.with_value(|world| {
            learner.with(|learner| {
                (0..world.cells())
                    .map(|cell| {
                        let (column, row) = world.position(cell);
                        let (x, y) = (column as f64 * CELL, row as f64 * CELL);
                        let (fill, label) = if world.is_wall(cell) {
                            ("var(--ink)".to_string(), String::new())
                        } else if cell == world.goal {
                            ("#2f9e44".to_string(), "+1".to_string())
                        } else if cell == world.pit {
                            ("#c92a2a".to_string(), "−1".to_string())
                        } else {
                            let value = learner.value(cell);
                            let label = if learner.values[cell].iter().all(|&v| v == 0.0) {
                                String::new()
                            } else {
                                arrow(learner.best_move(cell)).to_string()
                            };
                            (shade(value), label)
                        };
                        view! {
                            <rect x=x y=y width=CELL height=CELL fill=fill stroke="var(--line)" />
                            <text x=x + CELL / 2.0 y=y + CELL / 2.0 + 6.0 text-anchor="middle"
                                font-size="18">{label}</text>
                        }
                    })
                    .collect_view()
            })
        })
    };
    let agent = move || {
        let cell = walk
            .with(|walk| walk.get(walked.get()).copied())
            .unwrap_or_else(|| world.with_value(|world| world.start));
        let (column, row) = world.with_value(|world| world.position(cell));
        view! {
            <circle data-testid="ql-agent" cx=(column as f64 + 0.5) * CELL cy=(row as f64 + 0.5) * CELL
                r=CELL * 0.22 fill="#1971c2" stroke="white" stroke-width="2" />
        }
    };
    let outcome = move || {
        let (solved, steps) = world.with_value(|world| {
            learner.with(|learner| (learner.solves(world), learner.greedy_walk(world).len() - 1))
        });
        let shortest = world
            .with_value(GridWorld::shortest_path_steps)
            .unwrap_or(0);
        let episodes = learner.with(|learner| learner.episodes);
        if solved {
            format!(
                "Solved: after {episodes} episodes the greedy policy walks to the goal in {steps} steps, the shortest way."
            )
        } else {
            format!("Not solved yet: the shortest way takes {shortest} steps.")
        }
    };
    let smoothed = Signal::derive(move || returns.with(|returns| moving_average(returns, 20)));
    view! {
        <section class="widget" data-testid="ql-widget">
            <h3>"Q-learning in a maze"</h3>
            <div class="widget-controls">
                <button type="button" data-testid="ql-train" on:click=train>
                    {move || if playing.get() { "Pause" } else { "Train" }}
                </button>
                <button type="button" data-testid="ql-show" on:click=show_way>"Show the way"</button>
                <button type="button" on:click=reset>"Forget everything"</button>
            </div>
            <Slider label="Exploration ε" value=exploration min=0.0 max=0.5 step=0.01 show=show_share testid="ql-exploration" />
            <div class="widget-grid">
                <svg viewBox=format!("0 0 {} {}", width as f64 * CELL, height as f64 * CELL) class="widget-svg"
                    role="img" aria-label="The maze: cells shaded by learned value, arrows for the best move">
                    {cells}
                    {agent}
                </svg>
                <div>
                    <dl class="stats">
                        <div><dt>"Episodes"</dt><dd data-testid="ql-episodes">{move || learner.with(|l| l.episodes)}</dd></div>
                        <div><dt>"Last return"</dt><dd>{move || returns.with(|r| r.last().map_or("–".into(), |v| format!("{v:.2}")))}</dd></div>
                    </dl>
                    <p data-testid="ql-outcome">{outcome}</p>
                    <ReturnChart returns=returns.into() smoothed low=-1.0 high=1.0 />
                </div>
            </div>
        </section>
    }
}
