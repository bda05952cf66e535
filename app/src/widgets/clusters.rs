//! k-means and DBSCAN on points you draw: step k-means one Lloyd iteration at a time, or let
//! DBSCAN find clusters of any shape (and call the loners noise).

use crate::widgets::controls::{Slider, number, percent};
use crate::widgets::plane::{PALETTE, SIDE, drawing, to_view};
use leptos::prelude::*;
use ml_intro_engine::unsupervised::dbscan::dbscan;
use ml_intro_engine::unsupervised::kmeans::KMeans;
use ml_intro_engine::unsupervised::point_sets::PointSet;
use ml_intro_engine::unsupervised::{Point, purity};

const COUNT: usize = 240;
const SEED: u64 = 11;
const MAX_ITERATIONS: usize = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Algorithm {
    KMeans,
    Dbscan,
}

fn show_count(value: f64) -> String {
    format!("{value:.0}")
}

fn show_radius(value: f64) -> String {
    format!("{value:.2}")
}

#[component]
pub fn ClustersWidget(#[prop(into)] set: String) -> impl IntoView {
    let initial = PointSet::from_name(&set).unwrap_or(PointSet::Blobs);
    let (start_points, start_truth) = initial.generate(COUNT, SEED);
    let point_set = RwSignal::new(initial);
    let points = RwSignal::new(start_points);
    // The groups the points were drawn from, until the reader draws.
    let truth = RwSignal::new(Some(start_truth));
    let algorithm = RwSignal::new(Algorithm::KMeans);
    let k = RwSignal::new(3.0);
    let radius = RwSignal::new(0.15);
    let min_points = RwSignal::new(4.0);
    let model = RwSignal::new(None::<KMeans>);

    // A new set of points or another k starts k-means over.
    Effect::new(move |_| {
        let k = k.get() as usize;
        let fresh = points.with(|points| KMeans::start(points, k, SEED));
        model.set(Some(fresh));
    });
    let clusters = Memo::new(move |_| -> Vec<Option<usize>> {
        match algorithm.get() {
            Algorithm::KMeans => model.with(|model| {
                model
                    .as_ref()
                    .map(|model| model.assignment.iter().copied().map(Some).collect())
                    .unwrap_or_default()
            }),
            Algorithm::Dbscan => {
                points.with(|points| dbscan(points, radius.get(), min_points.get() as usize))
            }
        }
    });
    let draw = drawing(points, move || truth.set(None));

    let choose_set = move |event: leptos::ev::Event| {
        if let Some(chosen) = PointSet::from_name(&event_target_value(&event)) {
            let (new_points, new_truth) = chosen.generate(COUNT, SEED);
            point_set.set(chosen);
            points.set(new_points);
            truth.set(Some(new_truth));
        }
    };
    let step = move |_| {
        points.with_untracked(|points| {
            model.update(|model| {
                if let Some(model) = model {
                    model.step(points);
                }
            })
        });
    };
    let run = move |_| {
        points.with_untracked(|points| {
            model.update(|model| {
                if let Some(model) = model {
                    while !model.converged && model.iterations < MAX_ITERATIONS {
                        model.step(points);
                    }
                }
            })
        });
    };

    let dots = move || {
        let clusters = clusters.get();
        points.with(|points| {
            points
                .iter()
                .enumerate()
                .map(|(index, &point)| {
                    let (x, y) = to_view(point);
                    let colour = match clusters.get(index).copied().flatten() {
                        Some(cluster) => PALETTE[cluster % PALETTE.len()],
                        None => "#868e96",
                    };
                    view! { <circle cx=x cy=y r="4" fill=colour /> }
                })
                .collect_view()
        })
    };
    let centres = move || {
        if algorithm.get() != Algorithm::KMeans {
            return None;
        }
        model.with(|model| {
            model.as_ref().map(|model| {
                model
                    .centres
                    .iter()
                    .enumerate()
                    .map(|(index, &centre): (usize, &Point)| {
                        let (x, y) = to_view(centre);
                        let colour = PALETTE[index % PALETTE.len()];
                        view! {
                            <path d=format!("M{} {}l16 16m0 -16l-16 16", x - 8.0, y - 8.0) stroke="var(--ink)" stroke-width="6" />
                            <path d=format!("M{} {}l16 16m0 -16l-16 16", x - 8.0, y - 8.0) stroke=colour stroke-width="3" />
                        }
                    })
                    .collect_view()
            })
        })
    };
    let found = move || {
        clusters.with(|clusters| clusters.iter().flatten().max().map_or(0, |last| last + 1))
    };
    let noise = move || {
        clusters.with(|clusters| clusters.iter().filter(|cluster| cluster.is_none()).count())
    };
    let agreement = move || {
        let truth = truth.get()?;
        Some(percent(purity(&clusters.get(), &truth)))
    };
    let kmeans_status = move || {
        model.with(|model| {
            model.as_ref().map(|model| {
                let inertia = points.with(|points| model.inertia(points));
                format!(
                    "{} iterations{}; within-cluster squared distance {}",
                    model.iterations,
                    if model.converged { " (converged)" } else { "" },
                    number(inertia)
                )
            })
        })
    };
    view! {
        <section class="widget" data-testid="clusters-widget">
            <h3>"Clustering: k-means and DBSCAN"</h3>
            <div class="widget-controls">
                <label>"Points "
                    <select data-testid="clusters-set" on:change=choose_set prop:value=move || point_set.get().name()>
                        <option value="blobs">"Three blobs"</option>
                        <option value="moons">"Two moons"</option>
                        <option value="rings">"Ring around a blob"</option>
                    </select>
                </label>
                <label>"Algorithm "
                    <select data-testid="clusters-algorithm"
                        on:change=move |event| algorithm.set(if event_target_value(&event) == "dbscan" { Algorithm::Dbscan } else { Algorithm::KMeans })>
                        <option value="kmeans">"k-means"</option>
                        <option value="dbscan">"DBSCAN"</option>
                    </select>
                </label>
                <button type="button" on:click=move |_| { points.set(Vec::new()); truth.set(None); }>"Clear"</button>
            </div>
            <div class="widget-grid">
                <svg node_ref=draw.svg viewBox=format!("0 0 {SIDE} {SIDE}") class="widget-svg draggable" role="img"
                    aria-label="Points coloured by cluster; click or drag to draw more"
                    on:pointerdown=draw.down on:pointermove=draw.moved on:pointerup=draw.up>
                    {dots}
                    {centres}
                </svg>
                <div>
                    <Show when=move || algorithm.get() == Algorithm::KMeans
                        fallback=move || view! {
                            <Slider label="Radius ε" value=radius min=0.03 max=0.5 step=0.01 show=show_radius testid="clusters-radius" />
                            <Slider label="Neighbours for a core point" value=min_points min=2.0 max=15.0 step=1.0 show=show_count testid="clusters-min-points" />
                        }>
                        <Slider label="Clusters k" value=k min=1.0 max=8.0 step=1.0 show=show_count testid="clusters-k" />
                        <div class="widget-controls">
                            <button type="button" data-testid="clusters-step" on:click=step>"One step"</button>
                            <button type="button" data-testid="clusters-run" on:click=run>"Run to the end"</button>
                        </div>
                        <p class="note" data-testid="clusters-kmeans-status">{kmeans_status}</p>
                    </Show>
                    <dl class="stats">
                        <div><dt>"Clusters found"</dt><dd data-testid="clusters-found">{found}</dd></div>
                        <div><dt>"Noise points"</dt><dd>{noise}</dd></div>
                        <div><dt>"Agreement with the true groups"</dt><dd data-testid="clusters-agreement">{move || agreement().unwrap_or_else(|| "– (drawn)".into())}</dd></div>
                    </dl>
                </div>
            </div>
        </section>
    }
}
