//! Chapter 14: federated averaging over five clients whose data are skewed (each holds mostly
//! repayers or mostly defaulters of similar incomes). Each round, every client trains the shared
//! model on its own data for five steps and the server averages the results; no data leave a
//! client. The best model any one client could train alone is the reference.

use crate::widgets::controls::{every, percent};
use crate::widgets::fairness::{APPLICANTS, DATA_SEED};
use leptos::prelude::*;
use ml_intro_engine::responsible::applicants::{applicants, inputs_and_labels};
use ml_intro_engine::responsible::federated::{federated_round, local_only, skewed_clients};
use ml_intro_engine::responsible::logistic::Logistic;
use std::time::Duration;

const CLIENTS: usize = 5;
const ROUNDS: usize = 30;
const LOCAL_STEPS: usize = 5;

#[component]
pub fn FederatedWidget() -> impl IntoView {
    let data = applicants(APPLICANTS, DATA_SEED);
    let (inputs, labels) = inputs_and_labels(&data);
    let clients = skewed_clients(&data, CLIENTS);
    let alone: Vec<f64> = clients
        .iter()
        .map(|client| local_only(client, ROUNDS * LOCAL_STEPS, 0.5).accuracy(&inputs, &labels))
        .collect();
    let best_alone = alone.iter().copied().fold(0.0, f64::max);
    let client_rows = clients
        .iter()
        .zip(&alone)
        .enumerate()
        .map(|(index, (client, accuracy))| {
            let repaid = client.iter().filter(|a| a.label).count() as f64 / client.len() as f64;
            view! { <tr><td>{index + 1}</td><td>{client.len()}</td><td>{percent(repaid)}</td><td>{percent(*accuracy)}</td></tr> }
        })
        .collect_view();
    let store = StoredValue::new((clients, inputs, labels));
    let global = RwSignal::new(Logistic::default());
    let rounds = RwSignal::new(0_usize);
    let playing = RwSignal::new(false);
    every(Duration::from_millis(100), move || {
        if !playing.get_untracked() || rounds.get_untracked() >= ROUNDS {
            playing.set(false);
            return;
        }
        let next = store.with_value(|(clients, _, _)| {
            global.with_untracked(|global| federated_round(global, clients, LOCAL_STEPS, 0.5))
        });
        global.set(next);
        rounds.update(|rounds| *rounds += 1);
    });
    let train = move |_| {
        if rounds.get_untracked() >= ROUNDS {
            global.set(Logistic::default());
            rounds.set(0);
        }
        playing.update(|playing| *playing = !*playing);
    };
    let accuracy = move || {
        store.with_value(|(_, inputs, labels)| global.with(|model| model.accuracy(inputs, labels)))
    };
    view! {
        <section class="widget" data-testid="fed-widget">
            <h3>"Federated averaging over skewed clients"</h3>
            <div class="widget-controls">
                <button type="button" data-testid="fed-train" on:click=train>
                    {move || if playing.get() { "Pause".to_string() } else { format!("Run {ROUNDS} rounds") }}
                </button>
            </div>
            <table>
                <thead><tr><th>"Client"</th><th>"Applicants"</th><th>"Repaid"</th><th>"Accuracy on everyone, trained alone"</th></tr></thead>
                <tbody>{client_rows}</tbody>
            </table>
            <dl class="stats">
                <div><dt>"Rounds"</dt><dd data-testid="fed-rounds">{move || rounds.get()}</dd></div>
                <div><dt>"Federated model's accuracy on everyone"</dt><dd data-testid="fed-accuracy">{move || percent(accuracy())}</dd></div>
                <div><dt>"Best client alone"</dt><dd data-testid="fed-best-alone">{percent(best_alone)}</dd></div>
            </dl>
        </section>
    }
}
