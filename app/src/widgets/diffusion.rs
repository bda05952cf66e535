//! Chapter 10: a diffusion model learns a 2-D shape (a swiss roll, two rings, or what the
//! reader draws). Its samples are shown at any denoising step with the time slider, with a few
//! samples' whole trajectories from noise to data.

use crate::widgets::controls::{Slider, every};
use crate::widgets::plane::{SIDE, drawing, to_view};
use leptos::prelude::*;
use ml_intro_engine::diffusion::model::{Diffusion, DiffusionSettings};
use ml_intro_engine::diffusion::shapes::{Point, Shape, mean_distance_to};
use std::time::Duration;

/// Updates in one training run, per tick (every 40 ms), and between two looks at the samples.
const UPDATES: usize = 2000;
const UPDATES_PER_TICK: usize = 25;
const SAMPLE_EVERY: usize = 250;
const SAMPLES: usize = 300;
const TRAJECTORIES: usize = 12;
const DATA_POINTS: usize = 1000;
const SAMPLE_SEED: u64 = 9;
/// A drawing needs this many points before the model can learn it.
const MIN_DRAWN: usize = 20;

fn show_step(value: f64) -> String {
    format!("{value:.0}")
}

fn to_pair(point: Point) -> (f64, f64) {
    (point[0], point[1])
}

#[component]
pub fn DiffusionWidget() -> impl IntoView {
    // `None` is the reader's drawing.
    let shape = RwSignal::new(Some(Shape::SwissRoll));
    let drawn = RwSignal::new(Vec::<(f64, f64)>::new());
    let data = Memo::new(move |_| match shape.get() {
        Some(shape) => shape.sample(DATA_POINTS, 1),
        None => drawn.with(|drawn| drawn.iter().map(|&(x, y)| [x, y]).collect()),
    });
    let model = StoredValue::new(Diffusion::new(DiffusionSettings::default()));
    let updates = RwSignal::new(0_usize);
    let playing = RwSignal::new(false);
    let trajectory = RwSignal::new(Vec::<Vec<Point>>::new());
    let shown_step = RwSignal::new(DiffusionSettings::default().steps as f64);
    let message = RwSignal::new(None::<String>);

    let look = move || {
        trajectory.set(model.with_value(|model| model.sample_trajectories(SAMPLES, SAMPLE_SEED)));
    };
    let start_over = move || {
        playing.set(false);
        model.set_value(Diffusion::new(DiffusionSettings::default()));
        updates.set(0);
        trajectory.set(Vec::new());
    };
    // A new shape (or a changed drawing) means a new, untrained model.
    Effect::new(move |_| {
        data.track();
        start_over();
    });
    every(Duration::from_millis(40), move || {
        if !playing.get_untracked() {
            return;
        }
        let done = data.with_untracked(|data| {
            model.try_update_value(|model| {
                for _ in 0..UPDATES_PER_TICK {
                    if model.updates < UPDATES {
                        model.train_step(data);
                    }
                }
                model.updates
            })
        });
        let Some(done) = done else { return };
        updates.set(done);
        if done % SAMPLE_EVERY == 0 || done >= UPDATES {
            look();
        }
        if done >= UPDATES {
            playing.set(false);
        }
    });
    let train = move |_| {
        if data.with_untracked(Vec::len) < MIN_DRAWN {
            message.set(Some(format!("Draw at least {MIN_DRAWN} points first.")));
            return;
        }
        message.set(None);
        if updates.get_untracked() >= UPDATES {
            start_over();
        }
        if trajectory.with_untracked(Vec::is_empty) {
            look(); // where the untrained model's samples land
        }
        playing.update(|playing| *playing = !*playing);
    };
    let draw = drawing(drawn, move || {});
    let choose = move |event: leptos::ev::Event| {
        let value = event_target_value(&event);
        if value == "drawing" {
            drawn.set(Vec::new());
        }
        shape.set(Shape::from_name(&value));
    };

    let step_index =
        move || (shown_step.get() as usize).min(trajectory.with(|t| t.len().saturating_sub(1)));
    let distance_at = move |index: usize| {
        trajectory.with(|trajectory| {
            trajectory
                .get(index)
                .map(|points| data.with(|data| mean_distance_to(points, data)))
        })
    };
    let data_dots = move || {
        data.with(|data| {
            data.iter()
                .map(|&point| {
                    let (x, y) = to_view(to_pair(point));
                    view! { <circle cx=x cy=y r="1.5" fill="var(--line)" /> }
                })
                .collect_view()
        })
    };
    let sample_dots = move || {
        let index = step_index();
        trajectory.with(|trajectory| {
            trajectory.get(index).map(|points| {
                points
                    .iter()
                    .map(|&point| {
                        let (x, y) = to_view(to_pair(point));
                        view! { <circle cx=x cy=y r="2.5" fill="#1971c2" /> }
                    })
                    .collect_view()
            })
        })
    };
    let paths = move || {
        let last = step_index();
        trajectory.with(|trajectory| {
            (0..TRAJECTORIES)
                .map(|sample| {
                    let points = trajectory
                        .iter()
                        .take(last + 1)
                        .filter_map(|step| step.get(sample))
                        .map(|&point| {
                            let (x, y) = to_view(to_pair(point));
                            format!("{x:.1},{y:.1}")
                        })
                        .collect::<Vec<_>>()
                        .join(" ");
                    view! { <polyline points=points fill="none" stroke="#e8590c" stroke-width="1" /> }
                })
                .collect_view()
        })
    };
    let outcome = move || {
        (updates.get() >= UPDATES).then(|| {
            let noise = distance_at(0).unwrap_or(f64::NAN);
            let samples = trajectory.with(Vec::len).checked_sub(1).and_then(distance_at).unwrap_or(f64::NAN);
            format!(
                "Trained: the samples' mean distance to the data fell from {noise:.3} (the noise they start from) to {samples:.3}."
            )
        })
    };
    let steps = DiffusionSettings::default().steps as f64;
    view! {
        <section class="widget" data-testid="diff-widget">
            <h3>"A diffusion model learns a shape"</h3>
            <div class="widget-controls">
                <label>"Data "
                    <select data-testid="diff-shape" on:change=choose>
                        <option value="swiss-roll">"Swiss roll"</option>
                        <option value="rings">"Two rings"</option>
                        <option value="drawing">"Your drawing"</option>
                    </select>
                </label>
                <button type="button" data-testid="diff-train" on:click=train>
                    {move || if playing.get() { "Pause" } else { "Train" }}
                </button>
            </div>
            <Slider label="Denoising step shown (0 is pure noise)" value=shown_step min=0.0 max=steps step=1.0 show=show_step testid="diff-time" />
            <div class="widget-grid">
                <svg node_ref=draw.svg viewBox=format!("0 0 {SIDE} {SIDE}") class="widget-svg draggable" role="img"
                    aria-label="The data in grey, the model's samples in blue, a few samples' paths in orange"
                    on:pointerdown=move |event| if shape.get_untracked().is_none() { (draw.down)(event) }
                    on:pointermove=move |event| if shape.get_untracked().is_none() { (draw.moved)(event) }
                    on:pointerup=draw.up>
                    {data_dots}
                    {paths}
                    {sample_dots}
                </svg>
                <div>
                    <p class="note">{move || shape.get().is_none().then_some("Draw on the plane: click, or drag to spray points.")}</p>
                    <dl class="stats">
                        <div><dt>"Updates"</dt><dd data-testid="diff-updates">{move || updates.get()}</dd></div>
                        <div><dt>"Mean distance to the data, at this step"</dt>
                            <dd data-testid="diff-distance">{move || distance_at(step_index()).map_or("–".into(), |d| format!("{d:.3}"))}</dd></div>
                    </dl>
                    <p data-testid="diff-outcome">{outcome}</p>
                    <p class="error" data-testid="diff-message">{move || message.get()}</p>
                </div>
            </div>
        </section>
    }
}
