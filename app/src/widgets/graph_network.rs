//! Chapter 8: a two-layer graph network (GCN or mean aggregation) learns the karate club's
//! split from a few members' factions. Members are coloured by the network's prediction as it
//! trains; a click on a member shows which friendships its prediction rests on.

use crate::widgets::LossChart;
use crate::widgets::club_drawing::{FACTION_COLOURS, Member, SIDE, blend, club_and_layout};
use crate::widgets::controls::{Slider, every, percent};
use leptos::prelude::*;
use ml_intro_engine::graph::aggregation::Aggregation;
use ml_intro_engine::graph::explain::{EdgeEffect, edge_effects};
use ml_intro_engine::graph::karate::LabelledGraph;
use ml_intro_engine::graph::network::{GraphNet, GraphNetSettings, argmax};
use std::time::Duration;

/// Full-batch epochs in one training run, and per animation tick (every 40 ms): about 4 s.
const EPOCHS: usize = 200;
const EPOCHS_PER_TICK: usize = 2;
const LABEL_SEED: u64 = 1;
/// Friendships listed for a selected member.
const SHOWN_EFFECTS: usize = 5;

fn show_count(value: f64) -> String {
    format!("{value:.0}")
}

#[component]
pub fn GraphNetworkWidget() -> impl IntoView {
    match club_and_layout() {
        Ok((club, positions)) => view! { <Trainer club positions /> }.into_any(),
        Err(message) => view! { <p class="error" data-testid="gcn-error">{message}</p> }.into_any(),
    }
}

#[component]
fn Trainer(club: LabelledGraph, positions: Vec<(f64, f64)>) -> impl IntoView {
    let club = StoredValue::new(club);
    let aggregation = RwSignal::new(Aggregation::Gcn);
    let per_class = RwSignal::new(1.0);
    let fresh = move || {
        let settings = GraphNetSettings {
            aggregation: aggregation.get_untracked(),
            ..GraphNetSettings::default()
        };
        club.with_value(|club| GraphNet::new(&club.graph, club.class_names.len(), settings))
    };
    let net = RwSignal::new(fresh());
    let optimiser = StoredValue::new(net.with_untracked(GraphNet::optimiser));
    let losses = RwSignal::new(Vec::<(u64, f32)>::new());
    let playing = RwSignal::new(false);
    let selected = RwSignal::new(None::<usize>);
    let labelled = Memo::new(move |_| {
        club.with_value(|club| club.labelled_nodes(per_class.get() as usize, LABEL_SEED))
    });
    let unlabelled =
        Memo::new(move |_| club.with_value(|club| club.unlabelled_nodes(&labelled.get())));

    // Another aggregation or other labelled members: a new, untrained network.
    Effect::new(move |_| {
        aggregation.track();
        labelled.track();
        let network = fresh();
        optimiser.set_value(network.optimiser());
        net.set(network);
        losses.set(Vec::new());
        playing.set(false);
    });
    every(Duration::from_millis(40), move || {
        if !playing.get_untracked() {
            return;
        }
        let labelled = labelled.get_untracked();
        let mut new_losses = Vec::new();
        net.update(|net| {
            optimiser.update_value(|optimiser| {
                club.with_value(|club| {
                    for _ in 0..EPOCHS_PER_TICK {
                        if net.epochs() < EPOCHS {
                            let loss = net.train_epoch(optimiser, &club.labels, &labelled);
                            new_losses.push((net.epochs() as u64, loss as f32));
                        }
                    }
                });
            });
        });
        losses.update(|losses| losses.extend(new_losses));
        if net.with_untracked(GraphNet::epochs) >= EPOCHS {
            playing.set(false);
        }
    });

    let probabilities = Memo::new(move |_| net.with(GraphNet::probabilities));
    let accuracy = Memo::new(move |_| {
        let nodes = unlabelled.get();
        club.with_value(|club| net.with(|net| net.accuracy(&club.labels, &nodes)))
    });
    let effects = Memo::new(move |_| {
        let node = selected.get()?;
        Some(club.with_value(|club| net.with(|net| edge_effects(net, &club.graph, node))))
    });
    let train = move |_| {
        if net.with_untracked(GraphNet::epochs) >= EPOCHS {
            let network = fresh();
            optimiser.set_value(network.optimiser());
            net.set(network);
            losses.set(Vec::new());
        }
        playing.update(|playing| *playing = !*playing);
    };
    let positions = StoredValue::new(positions);
    let edge_lines = move || {
        let strongest = effects.with(|effects| {
            effects
                .as_ref()
                .and_then(|effects| effects.first())
                .map_or(1.0, |top| top.support.abs().max(1e-9))
        });
        let edges = club.with_value(|club| club.graph.edges().to_vec());
        let by_edge: Vec<Option<f64>> = effects.with(|effects| {
            let mut by_edge = vec![None; edges.len()];
            for EdgeEffect { edge, support } in effects.iter().flatten() {
                by_edge[*edge] = Some(*support);
            }
            by_edge
        });
        positions.with_value(|at| {
            edges
                .iter()
                .zip(by_edge)
                .map(|(&(a, b), support)| {
                    let (colour, width) = match support {
                        Some(value) if value.abs() / strongest > 0.02 => (
                            if value > 0.0 { "#2f9e44" } else { "#c92a2a" },
                            1.0 + 6.0 * value.abs() / strongest,
                        ),
                        _ => ("var(--line)", 1.0),
                    };
                    view! { <line x1=at[a].0 y1=at[a].1 x2=at[b].0 y2=at[b].1 stroke=colour stroke-width=width /> }
                })
                .collect_view()
        })
    };
    let members = move || {
        positions.with_value(|at| {
            at.iter()
                .enumerate()
                .map(|(node, &point)| {
                    let fill = Signal::derive(move || {
                        probabilities.with(|rows| rows.get(node).map_or(0.5, |row| row[1]))
                    });
                    let ring = Signal::derive(move || {
                        labelled.with(|labelled| labelled.contains(&node)).then_some("var(--ink)")
                    });
                    view! {
                        <Member number=node + 1 at=point fill=Signal::derive(move || blend(fill.get()))
                            ring selected testid=format!("gcn-member-{}", node + 1) />
                    }
                })
                .collect_view()
        })
    };
    let explanation = move || {
        let node = selected.get()?;
        let (names, truth) = club.with_value(|club| (club.class_names.clone(), club.labels[node]));
        let row = probabilities.with(|rows| rows[node].clone());
        let predicted = argmax(&row);
        let edges = club.with_value(|club| club.graph.edges().to_vec());
        let listed = effects.with(|effects| {
            effects.iter().flatten().take(SHOWN_EFFECTS).map(|effect| {
                let (a, b) = edges[effect.edge];
                view! { <li data-testid="gcn-effect">{format!("{}–{}: {:+.3}", a + 1, b + 1, effect.support)}</li> }
            }).collect_view()
        });
        Some(view! {
            <p data-testid="gcn-selected">{format!(
                "Member {}: predicted {} ({}), really {}.",
                node + 1, names[predicted], percent(row[predicted]), names[truth]
            )}</p>
            <p class="note">"Friendships whose removal moves that prediction most (change in its probability):"</p>
            <ul>{listed}</ul>
        })
    };
    let outcome = move || {
        let epochs = net.with(GraphNet::epochs);
        (epochs >= EPOCHS).then(|| {
            let nodes = unlabelled.with(Vec::len);
            let right = (accuracy.get() * nodes as f64).round();
            format!("Learned: {right} of {nodes} unlabelled members' factions right after {epochs} epochs.")
        })
    };
    let legend = |index: usize, name: &'static str| {
        let (r, g, b) = FACTION_COLOURS[index];
        view! { <span style=format!("color: rgb({r},{g},{b})")>"● "</span>{name}" " }
    };
    view! {
        <section class="widget" data-testid="gcn-widget">
            <h3>"A graph network learns the karate club's split"</h3>
            <div class="widget-controls">
                <label>"Aggregation "
                    <select data-testid="gcn-aggregation" on:change=move |event| aggregation.set(
                        if event_target_value(&event) == "mean" { Aggregation::Mean } else { Aggregation::Gcn })>
                        <option value="gcn">"GCN (degree-weighted average)"</option>
                        <option value="mean">"Mean of neighbours (GraphSAGE-style)"</option>
                    </select>
                </label>
                <button type="button" data-testid="gcn-train" on:click=train>
                    {move || if playing.get() { "Pause" } else { "Train" }}
                </button>
            </div>
            <Slider label="Labelled members per faction" value=per_class min=1.0 max=8.0 step=1.0 show=show_count testid="gcn-labelled" />
            <div class="widget-grid">
                <svg viewBox=format!("0 0 {SIDE} {SIDE}") class="widget-svg" role="img"
                    aria-label="The karate club: members coloured by predicted faction; labelled members ringed">
                    {edge_lines}
                    {members}
                </svg>
                <div>
                    <p class="note">{legend(0, "Mr. Hi")}{legend(1, "Officer")}"· ringed: labels the network sees · click a member to explain it"</p>
                    <dl class="stats">
                        <div><dt>"Epochs"</dt><dd data-testid="gcn-epochs">{move || net.with(GraphNet::epochs)}</dd></div>
                        <div><dt>"Training loss"</dt><dd>{move || losses.with(|l| l.last().map_or("–".into(), |(_, loss)| format!("{loss:.3}")))}</dd></div>
                        <div><dt>"Unlabelled members right"</dt><dd data-testid="gcn-accuracy">{move || percent(accuracy.get())}</dd></div>
                    </dl>
                    <p data-testid="gcn-outcome">{outcome}</p>
                    <LossChart points=losses.into() />
                    {explanation}
                </div>
            </div>
        </section>
    }
}
