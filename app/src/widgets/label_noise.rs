//! A label-noise audit: flip a share of the training labels on purpose, then rank every row by
//! how little an out-of-fold model believes its label. The flipped rows should float to the top,
//! as genuinely mislabelled rows do in real data.

use crate::widgets::breast_cancer::{self, yield_to_page};
use crate::widgets::controls::{Slider, percent};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ml_intro_engine::seeded::Rng;
use ml_intro_engine::tabular::gbt::GbtSettings;
use ml_intro_engine::tabular::model::{ModelKind, label_suspects, out_of_fold};

const SEED: u64 = 5;
const SHOWN: usize = 12;

#[derive(Debug, Clone, PartialEq)]
struct Suspect {
    row: usize,
    given: bool,
    /// The out-of-fold probability of the given label.
    belief: f64,
    flipped: bool,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Audit {
    flipped: usize,
    /// Flipped rows among the first 2 × `flipped` suspects.
    caught: usize,
    suspects: Vec<Suspect>,
}

#[component]
pub fn LabelNoiseWidget() -> impl IntoView {
    let table = breast_cancer::load();
    let share = RwSignal::new(0.05);
    let audit = RwSignal::new(None::<Audit>);
    let running = RwSignal::new(false);
    let run = move |_| {
        let Some(Ok(table)) = table.get_untracked() else {
            return;
        };
        let share = share.get_untracked();
        running.set(true);
        spawn_local(async move {
            yield_to_page().await;
            let mut labels = table.labels.clone();
            let mut order: Vec<usize> = (0..labels.len()).collect();
            Rng::new(SEED).shuffle(&mut order);
            order.truncate((labels.len() as f64 * share).round() as usize);
            for &row in &order {
                labels[row] = !labels[row];
            }
            let kind = ModelKind::Gbt(GbtSettings::default());
            let believed = out_of_fold(&kind, &table.rows, &labels, 5, SEED);
            let ranked = label_suspects(&believed, &labels);
            let caught = ranked
                .iter()
                .take(2 * order.len())
                .filter(|row| order.contains(row))
                .count();
            let suspects = ranked
                .iter()
                .take(SHOWN)
                .map(|&row| Suspect {
                    row,
                    given: labels[row],
                    belief: if labels[row] {
                        believed[row]
                    } else {
                        1.0 - believed[row]
                    },
                    flipped: order.contains(&row),
                })
                .collect();
            audit.try_set(Some(Audit {
                flipped: order.len(),
                caught,
                suspects,
            }));
            running.try_set(false);
        });
    };
    let rows = move || {
        audit.with(|audit| {
            audit.as_ref().map(|audit| {
                audit
                    .suspects
                    .iter()
                    .map(|suspect| {
                        view! {
                            <tr>
                                <td>{suspect.row + 2}</td>
                                <td>{if suspect.given { "malignant" } else { "benign" }}</td>
                                <td>{percent(suspect.belief)}</td>
                                <td>{if suspect.flipped { "yes: flipped" } else { "no" }}</td>
                            </tr>
                        }
                    })
                    .collect_view()
            })
        })
    };
    view! {
        <section class="widget" data-testid="label-noise-widget">
            <h3>"Label-noise audit"</h3>
            <Slider label="Labels flipped on purpose" value=share min=0.0 max=0.15 step=0.01 show=percent testid="label-noise-share" />
            <button type="button" data-testid="label-noise-run" on:click=run
                disabled=move || running.get() || !matches!(table.get(), Some(Ok(_)))>
                {move || if running.get() { "Auditing…" } else { "Flip and audit" }}
            </button>
            {move || audit.with(|audit| audit.as_ref().map(|audit| view! {
                <p class="big-number">
                    "The " {2 * audit.flipped} " most suspicious rows hold "
                    <strong data-testid="label-noise-caught">{audit.caught}</strong>
                    {format!(" of the {} flipped labels.", audit.flipped)}
                </p>
            }))}
            <table class="readout">
                <thead><tr><th>"CSV line"</th><th>"Label given"</th><th>"Out-of-fold belief in it"</th><th>"Really flipped?"</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}
