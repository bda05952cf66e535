//! Chapter 13: every run, side by side. Lists the run records this browser keeps (IndexedDB,
//! written by the engine worker whenever a run stops, whichever widget started it) and, while
//! a runner is connected, the runner's own. Any two can be compared (`run_compare`). A small
//! form trains a spiral network here or on the runner, so there is always something to compare.

use crate::engine_client::{self, JobEvent};
use crate::runner_client::{self, RunnerEvent, RunnerStatus};
use crate::widgets::controls::RunOnSelect;
use crate::widgets::run_compare::{RunComparison, duration, loss, share};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ml_intro_engine::runs::{RunPlace, RunRecord};
use ml_intro_engine::spec::{ExperimentSpec, OptimizerSpec, ToyDataset};

const LEARNING_RATES: [f64; 4] = [0.003, 0.03, 0.1, 0.3];
const STEPS: u64 = 3000;

/// The spiral network of the form, as the chapter's `ml-intro train --dataset spiral --layers
/// 8,8 --activation tanh --steps 3000` trains it (batches of 32), at `learning_rate`.
fn spiral(learning_rate: f64) -> ExperimentSpec {
    let mut spec = ExperimentSpec::toy(ToyDataset::Spiral);
    spec.optimizer = OptimizerSpec::adam(learning_rate);
    spec.batch_size = 32;
    spec.steps = STEPS;
    spec
}

#[component]
pub fn RunsWidget() -> impl IntoView {
    let browser_runs = RwSignal::new(Vec::<RunRecord>::new());
    let unreadable = RwSignal::new(0_usize);
    let error = RwSignal::new(None::<String>);
    // The ids of the runs to compare, at most two, in the order they were ticked.
    let chosen = RwSignal::new(Vec::<String>::new());
    let learning_rate = RwSignal::new(0.03_f64);
    let on_runner = RwSignal::new(false);
    let training = RwSignal::new(false);
    let runner_runs = runner_client::runs();

    let reload = move || {
        spawn_local(async move {
            match ml_intro_run_store::all().await {
                Ok((runs, skipped)) => {
                    browser_runs.try_set(runs);
                    unreadable.try_set(skipped);
                }
                Err(message) => {
                    error.try_set(Some(message));
                }
            }
        });
        runner_client::refresh_runs();
    };
    reload();
    // A runner that connects after the page loaded has records too.
    Effect::new(move |_| {
        if matches!(runner_client::status().get(), RunnerStatus::Connected(_)) {
            runner_client::refresh_runs();
        }
    });
    let all_runs = Memo::new(move |_| {
        let mut runs = browser_runs.get();
        runner_runs.with(|text| match RunRecord::list_from_json(text) {
            Ok(from_runner) => runs.extend(from_runner),
            Err(message) if !text.is_empty() => error.set(Some(message)),
            Err(_) => {}
        });
        RunRecord::newest_first(runs)
    });

    let train = move |_| {
        error.set(None);
        training.set(true);
        let spec = spiral(learning_rate.get_untracked());
        if on_runner.get_untracked() {
            runner_client::submit(spec, move |event| match event {
                RunnerEvent::Done(..) => {
                    training.try_set(false);
                    runner_client::refresh_runs();
                }
                RunnerEvent::Refused(message) => {
                    error.try_set(Some(message));
                    training.try_set(false);
                }
                _ => {}
            });
        } else {
            engine_client::train(spec, STEPS, 0.0, move |event| match event {
                JobEvent::Done(..) => {
                    training.try_set(false);
                    reload();
                }
                JobEvent::Failed(message) => {
                    error.try_set(Some(message));
                    training.try_set(false);
                    reload();
                }
                _ => {}
            });
        }
    };
    let clear = move |_| {
        spawn_local(async move {
            match ml_intro_run_store::clear().await {
                Ok(()) => {
                    chosen.try_set(Vec::new());
                    reload();
                }
                Err(message) => {
                    error.try_set(Some(message));
                }
            }
        });
    };
    let toggle = move |id: String| {
        chosen.update(|chosen| {
            if let Some(index) = chosen.iter().position(|one| *one == id) {
                chosen.remove(index);
            } else {
                chosen.push(id);
                if chosen.len() > 2 {
                    chosen.remove(0);
                }
            }
        });
    };
    let compared = move || {
        let chosen = chosen.get();
        let runs = all_runs.get();
        let find = |id: &String| runs.iter().find(|run| run.id == *id).cloned();
        match chosen.as_slice() {
            [first, second] => Some((find(first)?, find(second)?)),
            _ => None,
        }
    };
    let runner_disconnected = Signal::derive(move || {
        !matches!(runner_client::status().get(), RunnerStatus::Connected(_))
    });
    let count = move || {
        let runs = all_runs.get();
        let on_runner = runs
            .iter()
            .filter(|run| run.place == RunPlace::Runner)
            .count();
        let mut words = format!(
            "{} runs: {} in this browser, {on_runner} on the runner",
            runs.len(),
            runs.len() - on_runner
        );
        if runner_disconnected.get() {
            words.push_str(" (not connected)");
        }
        match unreadable.get() {
            0 => words,
            skipped => format!("{words}; {skipped} from another version of the site left out"),
        }
    };

    view! {
        <section class="widget runs" data-testid="runs">
            <div class="controls">
                <label>
                    "Spiral network, Adam at "
                    <select data-testid="runs-learning-rate" disabled=move || training.get()
                        on:change=move |event| {
                            if let Ok(rate) = event_target_value(&event).parse() {
                                learning_rate.set(rate);
                            }
                        }>
                        {LEARNING_RATES.map(|rate| view! {
                            <option value=rate.to_string() selected=rate == 0.03>{rate.to_string()}</option>
                        })}
                    </select>
                </label>
                <RunOnSelect label="Train on " browser="this browser" runner="local runner"
                    testid="runs-run-on" disabled=training on_runner />
                <button type="button" data-testid="runs-train" disabled=move || training.get()
                    on:click=train>
                    {move || if training.get() { "Training…" } else { "Train and record" }}
                </button>
                <button type="button" data-testid="runs-refresh" on:click=move |_| reload()>"Refresh"</button>
                <button type="button" data-testid="runs-clear" on:click=clear>
                    "Forget this browser's runs"
                </button>
            </div>
            {move || error.get().map(|message| view! { <p class="error" data-testid="runs-error">{message}</p> })}
            <p class="caption" data-testid="runs-count">{count}</p>
            <div class="runs-table">
                <table>
                    <thead><tr>
                        <th>"Compare"</th><th>"Started"</th><th>"Where"</th><th>"What"</th>
                        <th>"Steps"</th><th>"Time"</th><th>"Train loss"</th><th>"Test loss"</th>
                        <th>"Accuracy"</th><th>"End"</th>
                    </tr></thead>
                    <tbody>
                        <For each=move || all_runs.get() key=|run| run.id.clone() let:run>
                            <RunRow run=run.clone() chosen toggle />
                        </For>
                    </tbody>
                </table>
            </div>
            {move || match compared() {
                Some((first, second)) => view! { <RunComparison first second /> }.into_any(),
                None => view! {
                    <p class="caption">"Tick two runs to compare them side by side."</p>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn RunRow(
    run: RunRecord,
    chosen: RwSignal<Vec<String>>,
    toggle: impl Fn(String) + Copy + 'static,
) -> impl IntoView {
    let id = run.id.clone();
    let is_chosen = {
        let id = id.clone();
        move || chosen.with(|chosen| chosen.contains(&id))
    };
    let metrics = run.metrics;
    let row_id = id.clone();
    let where_words = format!("{} · {}", run.place, run.device);
    view! {
        <tr data-testid="runs-row" data-id=row_id data-place=run.place.to_string()>
            <td><input type="checkbox" data-testid="runs-choose" prop:checked=is_chosen
                on:change=move |_| toggle(id.clone()) /></td>
            <td>{started(run.started_ms)}</td>
            <td>{where_words}</td>
            <td>{run.title.clone()}</td>
            <td>{metrics.map_or(String::new(), |metrics| metrics.step.to_string())}</td>
            <td>{duration(run.duration_ms)}</td>
            <td>{metrics.map_or(String::new(), |metrics| loss(Some(metrics.train_loss)))}</td>
            <td>{metrics.map_or(String::new(), |metrics| loss(metrics.test_loss))}</td>
            <td>{metrics.map_or(String::new(), |metrics| share(metrics.accuracy))}</td>
            <td>{run.end.to_string()}</td>
        </tr>
    }
}

/// When a run started, in the visitor's time zone: "2026-11-26 14:05".
pub fn started(started_ms: f64) -> String {
    let date = js_sys::Date::new(&started_ms.into());
    format!(
        "{}-{:02}-{:02} {:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}
