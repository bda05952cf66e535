//! Chapter 8: message passing one step at a time on the karate club. The instructor (member 1)
//! starts with +1 and the administrator (member 34) with −1; each step, every member takes a
//! weighted sum of its own and its friends' values. Click a member to see the messages it
//! receives in the next step.

use crate::widgets::club_drawing::{Member, SIDE, blend, club_and_layout};
use leptos::prelude::*;
use ml_intro_engine::graph::edge_list::Graph;
use ml_intro_engine::graph::propagation::{messages_to, step};

/// Member 1 and member 34, as indices.
const INSTRUCTOR: usize = 0;
const ADMINISTRATOR: usize = 33;
/// Values this close to zero count as "not reached".
const REACHED: f64 = 1e-12;

fn starting_values(nodes: usize) -> Vec<f64> {
    let mut values = vec![0.0; nodes];
    values[INSTRUCTOR] = 1.0;
    values[ADMINISTRATOR] = -1.0;
    values
}

#[component]
pub fn MessagePassingWidget() -> impl IntoView {
    match club_and_layout() {
        Ok((club, positions)) => view! { <Stepper graph=club.graph positions /> }.into_any(),
        Err(message) => view! { <p class="error">{message}</p> }.into_any(),
    }
}

#[component]
fn Stepper(graph: Graph, positions: Vec<(f64, f64)>) -> impl IntoView {
    let nodes = graph.node_count();
    let graph = StoredValue::new(graph);
    let values = RwSignal::new(starting_values(nodes));
    let steps = RwSignal::new(0_usize);
    let selected = RwSignal::new(Some(8_usize));
    let one_step = move |_| {
        let next = graph.with_value(|graph| values.with_untracked(|values| step(graph, values)));
        values.set(next);
        steps.update(|steps| *steps += 1);
    };
    let restart = move |_| {
        values.set(starting_values(nodes));
        steps.set(0);
    };
    let reached = move || values.with(|values| values.iter().filter(|v| v.abs() > REACHED).count());
    let members = positions
        .iter()
        .enumerate()
        .map(|(node, &at)| {
            // Blue for the instructor's side, orange for the administrator's, grey for none;
            // scaled to the largest value so that the spread stays visible as values shrink.
            let fill = Signal::derive(move || {
                values.with(|values| {
                    let largest = values.iter().fold(0.0f64, |top, v| top.max(v.abs()));
                    let value = values[node];
                    if value.abs() <= REACHED || largest == 0.0 {
                        "#adb5bd".to_string()
                    } else {
                        blend(0.5 - 0.5 * (value / largest).signum() * (value.abs() / largest).sqrt())
                    }
                })
            });
            view! { <Member number=node + 1 at fill ring=Signal::derive(|| None) selected testid=format!("mp-member-{}", node + 1) /> }
        })
        .collect_view();
    let edges = graph.with_value(|graph| {
        graph
            .edges()
            .iter()
            .map(|&(a, b)| {
                let (from, to) = (positions[a], positions[b]);
                view! { <line x1=from.0 y1=from.1 x2=to.0 y2=to.1 stroke="var(--line)" /> }
            })
            .collect_view()
    });
    let inbox = move || {
        let node = selected.get()?;
        let messages =
            graph.with_value(|graph| values.with(|values| messages_to(graph, values, node)));
        let total: f64 = messages.iter().map(|message| message.amount).sum();
        let now = values.with(|values| values[node]);
        let rows = messages
            .into_iter()
            .map(|message| {
                let from = if message.from == node {
                    format!("itself ({})", message.from + 1)
                } else {
                    format!("member {}", message.from + 1)
                };
                view! { <tr><td>{from}</td><td>{format!("{:.3}", message.weight)}</td><td>{format!("{:+.4}", message.amount)}</td></tr> }
            })
            .collect_view();
        Some(view! {
            <p>{format!("Member {} holds ", node + 1)}<span data-testid="mp-value">{format!("{now:+.4}")}</span></p>
            <table data-testid="mp-inbox">
                <caption>{format!("What member {} receives in the next step", node + 1)}</caption>
                <thead><tr><th>"From"</th><th>"Weight"</th><th>"Weight × value"</th></tr></thead>
                <tbody>{rows}</tbody>
                <tfoot><tr><td>"New value"</td><td></td><td data-testid="mp-next">{format!("{total:+.4}")}</td></tr></tfoot>
            </table>
        })
    };
    view! {
        <section class="widget" data-testid="mp-widget">
            <h3>"Message passing, one step at a time"</h3>
            <div class="widget-controls">
                <button type="button" data-testid="mp-step" on:click=one_step>"One step"</button>
                <button type="button" on:click=restart>"Start again"</button>
            </div>
            <div class="widget-grid">
                <svg viewBox=format!("0 0 {SIDE} {SIDE}") class="widget-svg" role="img"
                    aria-label="The karate club: members coloured by the value that has reached them">
                    {edges}
                    {members}
                </svg>
                <div>
                    <dl class="stats">
                        <div><dt>"Steps"</dt><dd data-testid="mp-steps">{move || steps.get()}</dd></div>
                        <div><dt>"Members reached"</dt><dd data-testid="mp-reached">{reached}</dd></div>
                    </dl>
                    {inbox}
                </div>
            </div>
        </section>
    }
}
