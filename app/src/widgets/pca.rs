//! PCA of a 2-D point cloud you drag: the mean, the two principal axes (eigenvectors of the
//! covariance, drawn two standard deviations long) and how much variance the first explains.
//! Drag a point to move it; click empty space to add one.

use crate::widgets::controls::{percent, point_in_view};
use leptos::prelude::*;
use leptos::svg::Svg;
use ml_intro_engine::primer::pca::principal_axes;
use web_sys::PointerEvent;

const WIDTH: f64 = 400.0;
const HEIGHT: f64 = 300.0;
/// View-box units per data unit: the data plane is 10 × 7.5 around the origin.
const SCALE: f64 = 40.0;

fn to_view((x, y): (f64, f64)) -> (f64, f64) {
    (WIDTH / 2.0 + x * SCALE, HEIGHT / 2.0 - y * SCALE)
}

fn to_data((x, y): (f64, f64)) -> (f64, f64) {
    ((x - WIDTH / 2.0) / SCALE, (HEIGHT / 2.0 - y) / SCALE)
}

/// A stretched, tilted cloud of `count` points (a fixed pseudo-random sequence per `seed`).
fn cloud(seed: u64, count: usize) -> Vec<(f64, f64)> {
    let mut state = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    let mut uniform = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((state >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    };
    let angle = uniform() * std::f64::consts::PI;
    let (long, short) = (1.2 + uniform() * 1.0, 0.25 + uniform() * 0.5);
    (0..count)
        .map(|_| {
            // Box–Muller: two normal numbers from two uniform ones.
            let radius = (-2.0 * uniform().ln()).sqrt();
            let turn = 2.0 * std::f64::consts::PI * uniform();
            let (a, b) = (radius * turn.cos() * long, radius * turn.sin() * short);
            (
                a * angle.cos() - b * angle.sin(),
                a * angle.sin() + b * angle.cos(),
            )
        })
        .collect()
}

#[component]
pub fn PcaWidget() -> impl IntoView {
    let seed = RwSignal::new(7_u64);
    let points = RwSignal::new(cloud(7, 24));
    let dragging = RwSignal::new(None::<usize>);
    let svg = NodeRef::<Svg>::new();
    let axes = Memo::new(move |_| points.with(|points| principal_axes(points)));

    let on_down = move |event: PointerEvent| {
        let Some(at) = point_in_view(&event, svg.get_untracked(), WIDTH, HEIGHT) else {
            return;
        };
        let nearest = points.with_untracked(|points| {
            points
                .iter()
                .enumerate()
                .map(|(index, &point)| {
                    let (x, y) = to_view(point);
                    (index, (x - at.0).hypot(y - at.1))
                })
                .min_by(|a, b| a.1.total_cmp(&b.1))
        });
        match nearest {
            Some((index, distance)) if distance < 12.0 => dragging.set(Some(index)),
            _ => points.update(|points| points.push(to_data(at))),
        }
    };
    let on_move = move |event: PointerEvent| {
        let (Some(index), Some(at)) = (
            dragging.get_untracked(),
            point_in_view(&event, svg.get_untracked(), WIDTH, HEIGHT),
        ) else {
            return;
        };
        points.update(|points| points[index] = to_data(at));
    };
    let stop = move |_| dragging.set(None);
    let shuffle = move |_| {
        let next = seed.get_untracked() + 1;
        seed.set(next);
        points.set(cloud(next, 24));
    };

    let drawing = move || {
        let axes = axes.get()?;
        let mean = to_view(axes.mean);
        let axis_lines = axes
            .variances
            .iter()
            .zip(axes.directions)
            .enumerate()
            .map(|(index, (variance, (dx, dy)))| {
                let half = 2.0 * variance.sqrt();
                let from = to_view((axes.mean.0 - dx * half, axes.mean.1 - dy * half));
                let to = to_view((axes.mean.0 + dx * half, axes.mean.1 + dy * half));
                let colour = if index == 0 { "var(--accent)" } else { "var(--warning)" };
                view! { <line x1=from.0 y1=from.1 x2=to.0 y2=to.1 stroke=colour stroke-width="3" /> }
            })
            .collect_view();
        let projections = points.with(|points| {
            points
                .iter()
                .map(|&point| {
                    let along = axes.project(point);
                    let foot = to_view((
                        axes.mean.0 + axes.directions[0].0 * along,
                        axes.mean.1 + axes.directions[0].1 * along,
                    ));
                    let (x, y) = to_view(point);
                    view! { <line x1=x y1=y x2=foot.0 y2=foot.1 class="projection" /> }
                })
                .collect_view()
        });
        Some(view! {
            {projections}
            {axis_lines}
            <circle cx=mean.0 cy=mean.1 r="5" fill="var(--ink)" />
        })
    };
    let dots = move || {
        points.with(|points| {
            points
                .iter()
                .map(|&point| {
                    let (x, y) = to_view(point);
                    view! { <circle cx=x cy=y r="6" class="drag-point" /> }
                })
                .collect_view()
        })
    };
    let summary = move || match axes.get() {
        Some(axes) => {
            let (dx, dy) = axes.directions[0];
            format!(
                "{} points. Variances along the axes: {:.2} and {:.2}; first axis at {:.0}°.",
                points.with(Vec::len),
                axes.variances[0],
                axes.variances[1],
                dy.atan2(dx).to_degrees().rem_euclid(180.0),
            )
        }
        None => "Add at least two points.".into(),
    };
    view! {
        <section class="widget" data-testid="pca-widget">
            <h3>"Principal components of a point cloud"</h3>
            <svg node_ref=svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") class="widget-svg draggable" role="img"
                aria-label="Points with their principal axes"
                on:pointerdown=on_down on:pointermove=on_move on:pointerup=stop on:pointerleave=stop>
                {drawing}
                {dots}
            </svg>
            <p class="big-number">
                "The first axis explains "
                <strong data-testid="pca-explained">{move || axes.get().map_or("–".into(), |axes| percent(axes.explained_by_first()))}</strong>
                " of the variance."
            </p>
            <p class="note" data-testid="pca-summary">{summary}</p>
            <div class="widget-controls">
                <button type="button" on:click=shuffle data-testid="pca-shuffle">"New cloud"</button>
                <button type="button" on:click=move |_| points.set(Vec::new())>"Clear"</button>
            </div>
        </section>
    }
}
