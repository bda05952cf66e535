//! Anomaly detection two ways: an isolation forest (random splits isolate odd points quickly)
//! or an autoencoder's reconstruction error (points off the curve it learned are rebuilt
//! badly). The background shows the anomaly score everywhere; the highest-scoring share of
//! points is flagged. Six outliers are planted among three blobs; draw more points anywhere.

use crate::widgets::controls::{Slider, percent};
use crate::widgets::plane::{SIDE, drawing, to_data, to_view};
use leptos::html::Canvas;
use leptos::prelude::*;
use ml_intro_engine::unsupervised::Point;
use ml_intro_engine::unsupervised::autoencoder::PointAutoencoder;
use ml_intro_engine::unsupervised::isolation_forest::IsolationForest;
use ml_intro_engine::unsupervised::point_sets::blobs_with_outliers;

const INLIERS: usize = 150;
const PLANTED: usize = 6;
const SEED: u64 = 3;
const SAMPLE_SIZE: usize = 128;
const MAP: u32 = 60;

const AUTOENCODER_RATE: f64 = 0.01;

fn show_whole(value: f64) -> String {
    format!("{value:.0}")
}

#[derive(Clone, Copy, PartialEq)]
enum Method {
    Forest,
    Autoencoder,
}

/// The anomaly score at the centre of each pixel of the map, row by row.
fn map_scores(score: impl Fn(Point) -> f64) -> Vec<f64> {
    (0..MAP)
        .flat_map(|row| (0..MAP).map(move |column| (row, column)))
        .map(|(row, column)| {
            score(to_data((
                (f64::from(column) + 0.5) / f64::from(MAP) * SIDE,
                (f64::from(row) + 0.5) / f64::from(MAP) * SIDE,
            )))
        })
        .collect()
}

/// Shades the map from white (the points' median score) to red (their 97th percentile), so
/// both methods' scores read the same way.
fn paint(canvas: &web_sys::HtmlCanvasElement, scores: &[f64], of_points: &[f64]) {
    let mut sorted = of_points.to_vec();
    sorted.sort_by(f64::total_cmp);
    let at = |share: f64| {
        sorted
            .get((share * sorted.len() as f64) as usize)
            .copied()
            .unwrap_or(0.0)
    };
    let (ordinary, odd) = (at(0.5), at(0.97));
    let span = (odd - ordinary).max(1e-9);
    let mut pixels = Vec::with_capacity(scores.len() * 4);
    for score in scores {
        let share = ((score - ordinary) / span).clamp(0.0, 1.0);
        let shade = |from: f64, to: f64| (from + (to - from) * share) as u8;
        pixels.extend([
            shade(250.0, 224.0),
            shade(250.0, 49.0),
            shade(250.0, 49.0),
            255,
        ]);
    }
    crate::canvas::put_pixels(canvas, &pixels, MAP, MAP);
}

#[component]
pub fn AnomalyWidget() -> impl IntoView {
    let points = RwSignal::new(blobs_with_outliers(INLIERS, PLANTED, SEED));
    let trees = RwSignal::new(100.0);
    let method = RwSignal::new(Method::Forest);
    let epochs = RwSignal::new(200.0);
    let share = RwSignal::new(0.04);
    let canvas = NodeRef::<Canvas>::new();
    // The forest's scores for every point and every pixel of the map.
    let scores = Memo::new(move |_| {
        points.with(|points| {
            let score: Box<dyn Fn(Point) -> f64> = match method.get() {
                Method::Forest => {
                    let forest =
                        IsolationForest::fit(points, trees.get() as usize, SAMPLE_SIZE, SEED);
                    Box::new(move |point| forest.score(point))
                }
                Method::Autoencoder => {
                    let model = PointAutoencoder::fit(
                        points,
                        epochs.get() as usize,
                        AUTOENCODER_RATE,
                        SEED,
                    );
                    Box::new(move |point| model.score(point))
                }
            };
            let of_points: Vec<f64> = points.iter().map(|&point| score(point)).collect();
            (of_points, map_scores(score))
        })
    });
    Effect::new(move |_| {
        scores.with(|(of_points, map)| {
            if let Some(canvas) = canvas.get() {
                paint(&canvas, map, of_points);
            }
        });
    });
    // Indices of the flagged points: the top `share` of scores.
    let flagged = Memo::new(move |_| {
        scores.with(|(of_points, _)| {
            let mut order: Vec<usize> = (0..of_points.len()).collect();
            order.sort_by(|&a, &b| of_points[b].total_cmp(&of_points[a]));
            let count =
                ((of_points.len() as f64 * share.get()).round() as usize).min(of_points.len());
            order.truncate(count);
            order
        })
    });
    let draw = drawing(points, || {});
    let dots = move || {
        let flagged = flagged.get();
        points.with(|points| {
            points
                .iter()
                .enumerate()
                .map(|(index, &point)| {
                    let (x, y) = to_view(point);
                    let odd = flagged.contains(&index);
                    view! {
                        <circle cx=x cy=y r=if odd { "5" } else { "3.5" }
                            class=if odd { "flagged" } else { "ordinary" } />
                    }
                })
                .collect_view()
        })
    };
    let caught = move || {
        flagged.with(|flagged| {
            flagged
                .iter()
                .filter(|&&index| (INLIERS..INLIERS + PLANTED).contains(&index))
                .count()
        })
    };
    view! {
        <section class="widget" data-testid="anomaly-widget">
            <h3>"Anomaly detection: isolation forest or autoencoder"</h3>
            <div class="widget-controls" role="group" aria-label="Method">
                <button type="button" class:active=move || method.get() == Method::Forest data-testid="anomaly-forest"
                    on:click=move |_| method.set(Method::Forest)>"Isolation forest"</button>
                <button type="button" class:active=move || method.get() == Method::Autoencoder data-testid="anomaly-autoencoder"
                    on:click=move |_| method.set(Method::Autoencoder)>"Autoencoder"</button>
            </div>
            <div class="widget-grid">
                <div class="plane-stack square">
                    <canvas node_ref=canvas width=MAP height=MAP class="plane-map"></canvas>
                    <svg node_ref=draw.svg viewBox=format!("0 0 {SIDE} {SIDE}") role="img"
                        aria-label="Points over their anomaly score; flagged points are ringed"
                        on:pointerdown=draw.down on:pointermove=draw.moved on:pointerup=draw.up>
                        {dots}
                    </svg>
                </div>
                <div>
                    {move || match method.get() {
                        Method::Forest => view! {
                            <Slider label="Trees" value=trees min=5.0 max=200.0 step=5.0 show=show_whole testid="anomaly-trees" />
                            <p class="note">"Score: how few random splits it takes to isolate a point (2^(−mean depth / expected depth))."</p>
                        }.into_any(),
                        Method::Autoencoder => view! {
                            <Slider label="Training epochs" value=epochs min=20.0 max=3000.0 step=20.0 show=show_whole testid="anomaly-epochs" />
                            <p class="note">"Score: the squared reconstruction error of a 2 → 8 → 1 → 8 → 2 autoencoder trained on all the points. Train it too long and it learns to rebuild the outliers too: watch them fade."</p>
                        }.into_any(),
                    }}
                    <Slider label="Share flagged" value=share min=0.01 max=0.2 step=0.01 show=percent testid="anomaly-share" />
                    <p class="big-number">
                        "Flagged " <strong data-testid="anomaly-flagged">{move || flagged.with(Vec::len)}</strong>
                        " points, with " <strong data-testid="anomaly-caught">{caught}</strong>
                        {format!(" of the {PLANTED} planted outliers.")}
                    </p>
                    <p class="note">"Click or drag on the map to add points: a lone point far away turns red at once."</p>
                </div>
            </div>
        </section>
    }
}
