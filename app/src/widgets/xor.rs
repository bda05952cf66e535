//! "XOR in your browser": a small MLP learns TensorFlow Playground's XOR data in the engine
//! worker (or on the local runner, where one is paired) while the loss curve draws live.

use crate::engine_client::{self, EngineStatus, JobEvent};
use crate::runner_client::{self, RunnerEvent, RunnerStatus};
use crate::widgets::{LossChart, RunOnSelect};
use leptos::prelude::*;
use ml_intro_engine::protocol::{Fault, JobId, StopReason};
use ml_intro_engine::runner_protocol::{JobState, RunnerJobId};
use ml_intro_engine::{ExperimentSpec, Snapshot};

/// The engine's largest number of steps: a run that only a fault or the visitor stops.
const FAULT_TEST_STEPS: u64 = 100_000_000;
const MAX_STEPS: u64 = 3000;
const TARGET_LOSS: f32 = 0.01;
/// Steps between the local runner's snapshots of this run.
const RUNNER_EVAL_EVERY: u64 = 50;

#[component]
pub fn XorWidget() -> impl IntoView {
    engine_client::ensure_started();
    let status = engine_client::status();
    let job = RwSignal::new(None::<JobId>);
    let losses = RwSignal::new(Vec::<(u64, f32)>::new());
    let latest = RwSignal::new(None::<Snapshot>);
    let outcome = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let on_runner = RwSignal::new(false);
    let runner_job = StoredValue::new(None::<RunnerJobId>);
    let runner_busy = RwSignal::new(false);
    let faults_enabled = window()
        .location()
        .search()
        .is_ok_and(|search| search.contains("faults"));

    // On the runner the run stops at its step limit; the page cancels it at the target loss.
    let start_on_runner = move || {
        let spec = ExperimentSpec {
            steps: MAX_STEPS,
            eval_every: RUNNER_EVAL_EVERY,
            ..ExperimentSpec::default()
        };
        runner_busy.set(true);
        runner_client::submit(spec, move |event| match event {
            RunnerEvent::Submitted { job, .. } => runner_job.set_value(Some(job)),
            RunnerEvent::Progress(snapshots) => {
                losses.try_update(|points| {
                    points.extend(snapshots.iter().map(|s| (s.step, s.train_loss)));
                });
                let Some(last) = snapshots.into_iter().last() else {
                    return;
                };
                if last.train_loss < TARGET_LOSS && outcome.get_untracked().is_none() {
                    if let Some(job) = runner_job.get_value() {
                        runner_client::cancel(job);
                    }
                    outcome.try_set(Some(describe(StopReason::ReachedTargetLoss).into()));
                }
                latest.try_set(Some(last));
            }
            RunnerEvent::Done(state, failure, _) => {
                runner_busy.try_set(false);
                runner_job.set_value(None);
                match (state, failure) {
                    (_, Some(message)) => drop(error.try_set(Some(message))),
                    _ if outcome.get_untracked().is_some() => {}
                    (JobState::Finished, None) => {
                        outcome.try_set(Some(describe(StopReason::ReachedMaxSteps).into()));
                    }
                    _ => drop(outcome.try_set(Some(describe(StopReason::Cancelled).into()))),
                }
            }
            RunnerEvent::Refused(reason) => {
                runner_busy.try_set(false);
                error.try_set(Some(reason));
            }
            RunnerEvent::ScriptOutputs(_) => {}
        });
    };
    let start = move || {
        losses.set(Vec::new());
        latest.set(None);
        outcome.set(None);
        error.set(None);
        if on_runner.get_untracked() {
            return start_on_runner();
        }
        let spec = ExperimentSpec::default();
        // With test faults on, train until stopped, so that a fault always lands mid-run (on
        // the CPU the run would otherwise end in a few milliseconds).
        let (max_steps, target_loss) = if faults_enabled {
            (FAULT_TEST_STEPS, 0.0)
        } else {
            (MAX_STEPS, TARGET_LOSS)
        };
        let id = engine_client::train(spec, max_steps, target_loss, move |event| match event {
            JobEvent::Progress(snapshot) => {
                losses.try_update(|points| points.push((snapshot.step, snapshot.train_loss)));
                latest.try_set(Some(snapshot));
            }
            JobEvent::Opened(_)
            | JobEvent::Idle(_)
            | JobEvent::Refused(_)
            | JobEvent::Exported(_)
            | JobEvent::Imported(_) => {}
            JobEvent::Done(reason, _) => {
                job.try_set(None);
                outcome.try_set(Some(describe(reason).to_string()));
            }
            JobEvent::Failed(message) => {
                job.try_set(None);
                error.try_set(Some(message));
            }
        });
        job.set(Some(id));
    };
    let toggle = move |_| match (job.get_untracked(), runner_busy.get_untracked()) {
        (Some(id), _) => engine_client::cancel(id),
        (None, true) => {
            if let Some(job) = runner_job.get_value() {
                runner_client::cancel(job);
            }
        }
        (None, false) => start(),
    };
    on_cleanup(move || {
        if let Some(id) = job.get_untracked() {
            engine_client::cancel(id);
        }
        if let Some(job) = runner_job.try_get_value().flatten() {
            runner_client::cancel(job);
        }
    });

    let runner_status = runner_client::status();
    let backend_label = move || match (on_runner.get(), status.get()) {
        (true, _) => match runner_status.get() {
            RunnerStatus::Connected(device) => format!("local runner: {device}"),
            _ => "local runner not connected".to_string(),
        },
        (false, status) => engine_label(status),
    };
    let backend_id = move || match (on_runner.get(), status.get()) {
        (true, _) => "runner",
        (false, EngineStatus::Ready(device)) => device.backend.id(),
        _ => "none",
    };
    let fallback_note = move || match status.get() {
        EngineStatus::Ready(device) => device
            .fallback_reason
            .map(|reason| format!("Training on the CPU: {reason}.")),
        _ => None,
    };
    let stat = move |read: fn(&Snapshot) -> String| {
        move || latest.with(|snapshot| snapshot.as_ref().map_or("–".to_string(), read))
    };

    view! {
        <section class="widget" id="xor" aria-labelledby="xor-title" data-testid="xor-widget">
            <h2 id="xor-title">"XOR in your browser"</h2>
            <p>
                "A 2→8→8→1 network with tanh activations learns to tell the quadrants of TensorFlow "
                "Playground's XOR data apart: points where x₁·x₂ ≥ 0 from the others. No single line "
                "separates them, which is why the hidden layers are needed. It trains with Adam on "
                "binary cross-entropy until the loss is under " {TARGET_LOSS.to_string()} "."
            </p>
            <div class="widget-controls">
                <button type="button" data-testid="xor-train" on:click=toggle>
                    {move || if job.get().is_some() || runner_busy.get() { "Stop" } else { "Train" }}
                </button>
                <RunOnSelect label="Run on " browser="this browser" runner="local runner"
                    testid="xor-run-on" disabled=Signal::derive(move || job.get().is_some() || runner_busy.get())
                    on_runner />
                <span class="badge" data-testid="xor-backend" data-backend=backend_id>
                    {backend_label}
                </span>
                {faults_enabled.then(|| view! {
                    <button type="button" data-testid="xor-inject-panic"
                        on:click=move |_| engine_client::inject_fault(Fault::Panic)>
                        "Simulate an engine panic"
                    </button>
                })}
            </div>
            {move || fallback_note().map(|note| view! { <p class="note">{note}</p> })}
            <dl class="stats">
                <div><dt>"Step"</dt><dd data-testid="xor-step">{stat(|s| s.step.to_string())}</dd></div>
                <div><dt>"Loss"</dt><dd data-testid="xor-loss">{stat(|s| format!("{:.4}", s.train_loss))}</dd></div>
                <div><dt>"Test accuracy"</dt><dd>{stat(|s| s.accuracy.map_or("–".into(), |a| format!("{:.1} %", a * 100.0)))}</dd></div>
                <div><dt>"Steps/s"</dt><dd data-testid="xor-speed">{stat(|s| format!("{:.0}", s.steps_per_sec))}</dd></div>
            </dl>
            <LossChart points=losses.into() />
            {move || outcome.get().map(|text| view! { <p class="outcome" data-testid="xor-outcome">{text}</p> })}
            {move || error.get().map(|message| view! {
                <p class="error" role="alert" data-testid="xor-error">
                    {format!("Training stopped: {message}. Press Train to try again.")}
                </p>
            })}
        </section>
    }
}

/// What the badge says of the browser's engine.
fn engine_label(status: EngineStatus) -> String {
    match status {
        EngineStatus::Ready(device) => device.to_string(),
        EngineStatus::Failed(_) => "engine stopped".to_string(),
        EngineStatus::Loading | EngineStatus::NotLoaded => "loading engine…".to_string(),
    }
}

fn describe(reason: StopReason) -> &'static str {
    match reason {
        StopReason::ReachedTargetLoss => "Learned: the loss reached its target.",
        StopReason::ReachedMaxSteps => "Stopped after the step limit.",
        StopReason::Cancelled | StopReason::Paused => "Stopped.",
    }
}
