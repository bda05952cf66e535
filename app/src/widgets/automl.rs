//! Chapter 11: successive halving against random search on the same budget of training steps,
//! over the playground's hyper-parameters on the spiral. Every trial is an ordinary training
//! job in the engine worker (or on the local runner); the engine's `automl::Search` decides
//! which trial comes next. A parallel-coordinates chart and a leaderboard fill in as trials end.

use crate::engine_client::{self, JobEvent};
use crate::runner_client::{self, RunnerEvent};
use crate::widgets::RunOnSelect;
use crate::widgets::parallel_coordinates::{self, RUNG_COLOURS};
use leptos::prelude::*;
use ml_intro_engine::Snapshot;
use ml_intro_engine::automl::{Method, Outcome, Plan, Search};
use ml_intro_engine::runner_protocol::JobState;
use ml_intro_engine::spec::{ExperimentSpec, ToyDataset};
use std::cell::{Cell, RefCell};
use std::fmt::Write;
use std::rc::Rc;

const PLAN: Plan = Plan {
    candidates: 27,
    min_steps: 300,
    eta: 3,
};
const DATASET: ToyDataset = ToyDataset::Spiral;
/// The data's and every network's seed: candidates differ only in their hyper-parameters.
const TRAINING_SEED: u64 = 1;
const LEADERS: usize = 8;

/// Where trials train.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Trainer {
    Browser,
    Runner,
}

/// What one run of both searches needs to go on from a trial's end.
#[derive(Clone, Copy)]
struct Race {
    searches: [RwSignal<Search>; 2],
    trainer: Trainer,
    running: RwSignal<bool>,
    error: RwSignal<Option<String>>,
    /// This run's number: a trial of an earlier run (before a reset) ends unheard.
    run: u64,
    current_run: StoredValue<u64>,
}

impl Race {
    /// Starts the next trial: successive halving's first, then random search's.
    fn advance(self) {
        for search in self.searches {
            let next = search.try_with_untracked(|search| {
                search
                    .next_trial()
                    .map(|index| (index, search.trial_spec(index, DATASET, TRAINING_SEED)))
            });
            match next {
                None => return, // the widget is gone
                Some(None) => continue,
                Some(Some((index, spec))) => {
                    run_trial(self.trainer, spec, move |result| {
                        if self.current_run.try_get_value() != Some(self.run) {
                            return;
                        }
                        match result {
                            Ok(outcome) => {
                                search.try_update(|search| search.record(index, outcome));
                                self.advance();
                            }
                            Err(message) => {
                                self.error.try_set(Some(message));
                                self.running.try_set(false);
                            }
                        }
                    });
                    return;
                }
            }
        }
        self.running.try_set(false);
    }
}

fn outcome_of(snapshot: &Snapshot) -> Outcome {
    match snapshot.test_loss {
        Some(loss) if loss.is_finite() => Outcome {
            loss,
            accuracy: snapshot.accuracy,
        },
        _ => Outcome::failed(),
    }
}

/// Trains `spec` where `trainer` says, then calls `finish` once: with the trial's outcome (a
/// diverged network is a failed trial), or an error when the trial could not run at all.
fn run_trial(
    trainer: Trainer,
    spec: ExperimentSpec,
    finish: impl FnOnce(Result<Outcome, String>) + 'static,
) {
    let finish = Rc::new(Cell::new(Some(finish)));
    let end = move |result| {
        if let Some(finish) = finish.take() {
            finish(result);
        }
    };
    match trainer {
        Trainer::Browser => {
            let steps = spec.steps;
            engine_client::train(spec, steps, 0.0, move |event| match event {
                JobEvent::Done(_, snapshot) => {
                    end(Ok(snapshot.as_ref().map_or(Outcome::failed(), outcome_of)))
                }
                // A diverged network is a failed trial; an engine that failed stops the search.
                JobEvent::Failed(message) if message.contains("diverged") => {
                    end(Ok(Outcome::failed()))
                }
                JobEvent::Failed(message) => end(Err(message)),
                _ => {}
            });
        }
        Trainer::Runner => {
            let last = RefCell::new(None::<Snapshot>);
            runner_client::submit(spec, move |event| match event {
                RunnerEvent::Progress(snapshots) => {
                    if let Some(snapshot) = snapshots.into_iter().last() {
                        last.replace(Some(snapshot));
                    }
                }
                RunnerEvent::Done(JobState::Finished, None, _) => end(Ok(last
                    .take()
                    .as_ref()
                    .map_or(Outcome::failed(), outcome_of))),
                RunnerEvent::Done(_, Some(message), _) if message.contains("diverged") => {
                    end(Ok(Outcome::failed()))
                }
                RunnerEvent::Done(state, message, _) => end(Err(message
                    .unwrap_or_else(|| format!("the runner ended a trial early ({state:?})")))),
                RunnerEvent::Refused(message) => end(Err(message)),
                _ => {}
            });
        }
    }
}

fn best_of(search: &Search) -> Option<Outcome> {
    search.best().and_then(|trial| trial.outcome)
}

fn loss_text(outcome: &Outcome) -> String {
    if outcome.loss.is_finite() {
        format!("{:.4}", outcome.loss)
    } else {
        "diverged".into()
    }
}

fn accuracy_text(outcome: &Outcome) -> String {
    outcome
        .accuracy
        .map_or("–".into(), |a| format!("{:.1} %", 100.0 * a))
}

/// Both searches' standing, the outcome once both are done, and successive halving's chart
/// and leaderboard, as HTML text: only numbers and the space's own names go in (rendered as
/// Leptos views, this many rows and lines would not fit the chapter program's size budget).
fn report(searches: [&Search; 2]) -> String {
    let mut html = String::from(r#"<dl class="stats">"#);
    for (search, (title, id)) in searches.iter().zip([
        ("Successive halving", "halving"),
        ("Random search", "random"),
    ]) {
        let finished = search
            .trials()
            .iter()
            .filter(|t| t.outcome.is_some())
            .count();
        let best = best_of(search).map_or("–".into(), |best| {
            format!("best loss {} ({})", loss_text(&best), accuracy_text(&best))
        });
        let _ = write!(
            html,
            r#"<div><dt>{title}</dt><dd data-testid="automl-{id}">{best}</dd><dd data-testid="automl-steps-{id}">{finished} trials, {} of {} steps</dd></div>"#,
            search.steps_run(),
            PLAN.budget()
        );
    }
    html.push_str("</dl>");
    if let [Some(halving), Some(random)] =
        searches.map(|s| s.is_done().then(|| best_of(s)).flatten())
    {
        let _ = write!(
            html,
            r#"<p data-testid="automl-outcome">Done: on the same {} steps, successive halving's best held-out loss is {} from {} candidates; random search's is {} from {}.</p>"#,
            PLAN.budget(),
            loss_text(&halving),
            searches[0].candidates().len(),
            loss_text(&random),
            searches[1].candidates().len()
        );
    }
    html.push_str(&parallel_coordinates::svg(searches[0]));
    html.push_str(r#"<p class="note">"#);
    for (rung, colour) in RUNG_COLOURS.iter().enumerate() {
        let _ = write!(
            html,
            r#"<span style="color: {colour}">— rung {} </span>"#,
            rung + 1
        );
    }
    html.push_str(
        "(rung 1: every candidate; the last: the winner)</p>\
         <table class=\"readout\"><caption>Successive halving's leaderboard: the candidates that \
         went furthest, best first</caption><thead><tr><th>#</th><th>Settings</th><th>Steps</th>\
         <th>Held-out loss</th><th>Accuracy</th></tr></thead><tbody>",
    );
    for (rank, trial) in searches[0]
        .leaderboard()
        .into_iter()
        .take(LEADERS)
        .enumerate()
    {
        let outcome = trial.outcome.unwrap_or(Outcome::failed());
        let _ = write!(
            html,
            r#"<tr data-testid="automl-leader"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>"#,
            rank + 1,
            searches[0].candidates()[trial.candidate].describe(),
            trial.steps,
            loss_text(&outcome),
            accuracy_text(&outcome)
        );
    }
    html.push_str("</tbody></table>");
    html
}

#[component]
pub fn AutomlWidget() -> impl IntoView {
    engine_client::ensure_started();
    let draw = RwSignal::new(1_u64);
    let fresh = move |method| Search::new(method, PLAN, draw.get_untracked());
    let searches = [
        RwSignal::new(fresh(Method::SuccessiveHalving)),
        RwSignal::new(fresh(Method::Random)),
    ];
    let running = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let on_runner = RwSignal::new(false);
    let current_run = StoredValue::new(0_u64);

    let reset = move || {
        current_run.update_value(|run| *run += 1);
        searches[0].set(fresh(Method::SuccessiveHalving));
        searches[1].set(fresh(Method::Random));
        running.set(false);
        error.set(None);
    };
    let start = move |_| {
        reset();
        running.set(true);
        let trainer = if on_runner.get_untracked() {
            Trainer::Runner
        } else {
            Trainer::Browser
        };
        Race {
            searches,
            trainer,
            running,
            error,
            run: current_run.get_value(),
            current_run,
        }
        .advance();
    };
    let redraw = move |_| {
        draw.update(|seed| *seed += 1);
        reset();
    };
    view! {
        <section class="widget" data-testid="automl-widget">
            <h3>"Successive halving against random search, on the same budget"</h3>
            <div class="widget-controls">
                <button type="button" data-testid="automl-run" on:click=start disabled=move || running.get()>
                    {move || if running.get() { "Searching…" } else { "Run both searches" }}
                </button>
                <button type="button" data-testid="automl-redraw" on:click=redraw disabled=move || running.get()>
                    "Draw other candidates"
                </button>
                <RunOnSelect label="Train on " browser="this browser" runner="local runner"
                    testid="automl-run-on" disabled=running on_runner />
            </div>
            {move || error.get().map(|message| view! { <p class="error" data-testid="automl-error">{message}</p> })}
            <div inner_html=move || searches[0].with(|halving| searches[1].with(|random| report([halving, random])))></div>
        </section>
    }
}
