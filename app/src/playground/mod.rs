//! The neural-network playground: TensorFlow Playground's controls and pictures, trained by
//! the engine in the web worker. Every control lives in the URL; any change starts a fresh run
//! of the spec the controls describe (so a link reproduces the run step for step).

mod backend;
mod controls;
mod from_spec;
mod heatmap;
mod model_file;
mod network;
mod runner_run;
mod settings;
mod weight_editor;

use crate::engine_client::{self, EngineStatus, JobEvent};
use crate::runner_client::{self, RunnerStatus};
use crate::widgets::LossChart;
use backend::{BackendSwitch, RunOn};
use controls::Controls;
use heatmap::{Heatmap, Scale};
use leptos::prelude::*;
use ml_intro_engine::BackendKind;
use ml_intro_engine::protocol::{BackendChoice, JobId, StopReason};
use ml_intro_engine::{PlanePoints, Snapshot, WeightEdit};
use model_file::ModelFileButtons;
use network::{NetworkView, Picked};
use runner_run::RunSinks;
pub use settings::Settings;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use weight_editor::WeightEditor;

#[component]
pub fn Playground() -> impl IntoView {
    engine_client::ensure_started();
    let (initial, ignored) =
        Settings::from_query(&window().location().search().unwrap_or_default());
    let settings = RwSignal::new(initial);
    let job = RwSignal::new(None::<JobId>);
    let playing = RwSignal::new(false);
    let points = RwSignal::new(None::<PlanePoints>);
    let latest = RwSignal::new(None::<Snapshot>);
    let train_losses = RwSignal::new(Vec::<(u64, f32)>::new());
    let test_losses = RwSignal::new(Vec::<(u64, f32)>::new());
    let message = RwSignal::new(
        (!ignored.is_empty()).then(|| format!("Ignored from the address: {}.", ignored.join(", "))),
    );
    let picked = RwSignal::new(None::<Picked>);
    // The settings of the last run that opened: a visitor's data that fails goes back to it.
    let last_good = StoredValue::new(settings.get_untracked());
    let controls = settings;
    let run_on = RwSignal::new(RunOn::from_address());
    let runner = RunSinks {
        latest,
        train_losses,
        test_losses,
        playing,
        message,
        job: StoredValue::new(None),
        play: StoredValue::new(0),
    };
    let on_runner = move || run_on.get_untracked() == RunOn::Runner;
    // The backend of the engine that last reported ready, and a GPU failure to recover from.
    let running_on = StoredValue::new(None::<BackendKind>);
    let gpu_failure = RwSignal::new(None::<String>);
    // Settings shown for an imported model: the controls change to them without a new run.
    let adopted = StoredValue::new(None::<Settings>);

    // A fresh run of `settings`, or (with `file`) a run from a model file.
    let open = move |settings: &Settings, then_play: bool, file: Option<Vec<u8>>| {
        if let Some(old) = job.get_untracked() {
            engine_client::cancel(old);
        }
        runner.stop();
        latest.set(None);
        train_losses.set(Vec::new());
        test_losses.set(Vec::new());
        picked.set(None);
        // Not a signal: one made here would belong to the effect's run and be disposed when
        // the controls change, while the old job's listener may still be called.
        let id = Rc::new(Cell::new(0));
        let listener_id = Rc::clone(&id);
        let opened_with = Rc::new(RefCell::new(settings.clone()));
        let awaiting_file = Cell::new(file.is_some());
        let listener = move |event| {
            if job.get_untracked() != Some(listener_id.get()) {
                return;
            }
            match event {
                JobEvent::Imported(spec) => match model_file::settings_of(&spec) {
                    Ok((imported, note)) => {
                        awaiting_file.set(false);
                        *opened_with.borrow_mut() = imported.clone();
                        adopted.set_value(Some(imported.clone()));
                        controls.set(imported);
                        message.set(Some(note));
                    }
                    Err(text) => message.set(Some(text)),
                },
                JobEvent::Failed(text) if awaiting_file.get() => {
                    message.set(Some(text));
                    controls.set(last_good.get_value()); // back to a run of the settings before
                }
                JobEvent::Exported(bytes) => {
                    model_file::save(&model_file::file_name(&opened_with.borrow()), bytes)
                }
                JobEvent::Opened(plane) => {
                    let opened_with = opened_with.borrow().clone();
                    if last_good.with_value(|good| good.csv != opened_with.csv) {
                        message.set(None); // an earlier refusal of other data is stale now
                    }
                    last_good.set_value(opened_with);
                    points.set(plane);
                }
                JobEvent::Failed(text) if opened_with.borrow().csv != last_good.get_value().csv => {
                    // The visitor's data was refused: say why and go back to the data before.
                    playing.set(false);
                    message.set(Some(format!("Your data was not used: {text}")));
                    controls.set(last_good.get_value());
                }
                JobEvent::Failed(text)
                    if running_on.get_value() == Some(BackendKind::WebGpu)
                        && matches!(run_on.get_untracked(), RunOn::Browser(_)) =>
                {
                    gpu_failure.set(Some(text));
                }
                // The browser's look at step 0 must not land in a runner play's chart.
                JobEvent::Progress(_) if on_runner() && playing.get_untracked() => {}
                JobEvent::Progress(snapshot) => {
                    train_losses.update(|l| l.push((snapshot.step, snapshot.train_loss)));
                    if let Some(test) = snapshot.test_loss {
                        test_losses.update(|l| l.push((snapshot.step, test)));
                    }
                    latest.set(Some(snapshot));
                }
                JobEvent::Idle(reason) => {
                    playing.set(false);
                    if reason == StopReason::ReachedMaxSteps {
                        message.set(Some("Stopped at the step limit.".into()));
                    }
                }
                JobEvent::Refused(text) => message.set(Some(text)),
                JobEvent::Failed(text) => {
                    playing.set(false);
                    message.set(Some(format!(
                        "Training stopped: {text}. Press reset to start again."
                    )));
                }
                JobEvent::Done(..) => {}
            }
        };
        let new_job = match file {
            Some(bytes) => engine_client::import(bytes, listener),
            None => engine_client::open(settings.to_spec(), listener),
        };
        id.set(new_job);
        job.set(Some(new_job));
        match (then_play, on_runner()) {
            (true, true) => runner.play(settings),
            (true, false) => engine_client::play(new_job, settings::MAX_PLAY_STEPS, 0.0),
            (false, _) => {}
        }
        playing.set(then_play);
    };

    // A new run whenever a control changes; the address follows the controls.
    Effect::new(move |_| {
        let settings = settings.get();
        backend::write_address(&settings, run_on.get_untracked());
        if adopted.with_value(|shown| shown.as_ref() == Some(&settings)) {
            adopted.set_value(None); // the imported run is already open
            return;
        }
        open(&settings, playing.get_untracked(), None);
    });

    // Switching the device restarts the engine there and opens the run anew (same state of
    // play). A GPU that fails mid-run switches to the CPU the same way, and says so.
    // The local runner leaves the browser's engine as it is (it still opens each run, to
    // draw the data and the network before play).
    let switch_backend = move |choice: RunOn| {
        run_on.set(choice);
        if let RunOn::Browser(device) = choice
            && device != engine_client::backend_choice()
        {
            engine_client::use_backend(device);
            job.set(None);
        }
        let current = settings.get_untracked();
        backend::write_address(&current, choice);
        open(&current, playing.get_untracked(), None);
    };
    Effect::new(move |_| {
        if let Some(reason) = gpu_failure.get() {
            message.set(Some(format!(
                "The GPU run stopped ({reason}); the playground continues on the CPU."
            )));
            switch_backend(RunOn::Browser(BackendChoice::Cpu));
        }
    });
    Effect::new(move |_| {
        if let EngineStatus::Ready(device) = engine_client::status().get() {
            running_on.set_value(Some(device.backend));
        }
    });
    on_cleanup(move || {
        if let Some(id) = job.get_untracked() {
            engine_client::cancel(id);
        }
        runner.stop();
    });

    let toggle_play = move |_| {
        let Some(id) = job.get_untracked() else {
            return;
        };
        if on_runner() {
            if playing.get_untracked() {
                runner.stop();
            } else {
                runner.play(&settings.get_untracked());
            }
            return;
        }
        if playing.get_untracked() {
            engine_client::pause(id);
            // At once, not when the worker confirms: a control changed in between must start
            // its new run paused too.
            playing.set(false);
        } else {
            message.set(None);
            engine_client::play(id, settings::MAX_PLAY_STEPS, 0.0);
            playing.set(true);
        }
    };
    let step_once = move |_| {
        if let (Some(id), false) = (job.get_untracked(), playing.get_untracked()) {
            engine_client::step(id, 1);
        }
    };
    let reset = move |_| {
        message.set(None);
        open(&settings.get_untracked(), false, None);
    };
    let export = move |()| match (job.get_untracked(), on_runner()) {
        (Some(id), false) => engine_client::export(id),
        _ => message.set(Some(
            "Models are exported from the browser: switch “Run on” to the GPU or CPU.".into(),
        )),
    };
    let import = move |bytes: Vec<u8>| {
        playing.set(false);
        run_on.set(match run_on.get_untracked() {
            RunOn::Runner => RunOn::Browser(engine_client::backend_choice()),
            browser => browser,
        });
        open(&settings.get_untracked(), false, Some(bytes));
    };
    let status = engine_client::status();
    let runner_status = runner_client::status();
    let backend = move || match (run_on.get(), status.get()) {
        (RunOn::Runner, _) => match runner_status.get() {
            RunnerStatus::Connected(device) => ("runner", format!("local runner: {device}")),
            _ => ("none", "local runner not connected".into()),
        },
        (_, status) => engine_backend(status),
    };
    let stat = move |read: fn(&Snapshot) -> String| {
        move || latest.with(|s| s.as_ref().map_or("–".into(), read))
    };
    let regression = move || settings.with(|s| s.dataset.is_regression());
    let decision =
        Signal::derive(move || latest.with(|s| s.as_ref().and_then(|s| s.decision_grid.clone())));
    let apply_edit = move |value: f32| {
        if let (Some(id), Some(pick)) = (job.get_untracked(), picked.get_untracked()) {
            let edit = WeightEdit {
                layer: pick.layer,
                input: pick.input,
                output: pick.output,
                value,
            };
            engine_client::set_weight(id, edit);
            picked.set(None);
        }
    };

    view! {
        <section class="playground" aria-labelledby="playground-title" data-testid="playground"
            data-embed-widget="playground">
            <h1 id="playground-title">"Neural-network playground"</h1>
            <div class="playground-bar">
                <button type="button" data-testid="pg-reset" on:click=reset title="Reset the network">"↺ Reset"</button>
                <button type="button" data-testid="pg-play" on:click=toggle_play aria-pressed=move || playing.get().to_string()>
                    {move || if playing.get() { "❚❚ Pause" } else { "▶ Play" }}
                </button>
                <button type="button" data-testid="pg-step" on:click=step_once
                    disabled=move || playing.get() || run_on.get() == RunOn::Runner
                    title=move || (run_on.get() == RunOn::Runner).then_some("Single steps run in the browser")>"Step"</button>
                <span class="stat">"Epoch " <b data-testid="pg-epoch">{stat(|s| format!("{:.0}", s.epoch))}</b></span>
                <span class="stat">"Step " <b data-testid="pg-step-count">{stat(|s| s.step.to_string())}</b></span>
                <BackendSwitch choice=run_on on_switch=Callback::new(switch_backend) />
                <ModelFileButtons on_export=Callback::new(export) on_import=Callback::new(import) message />
                {backend::fault_button()}
                <span class="badge" data-testid="pg-backend" data-backend=move || backend().0>
                    {move || backend().1} " · " {stat(|s| format!("{:.0} steps/s", s.steps_per_sec))}
                </span>
            </div>
            {move || message.get().map(|text| view! { <p class="error" role="alert" data-testid="pg-message">{text}</p> })}
            <Controls settings />
            <div class="playground-main">
                <NetworkView
                    features=Signal::derive(move || settings.with(|s| s.features.clone()))
                    layers=Signal::derive(move || settings.with(|s| s.layers.clone()))
                    snapshot=latest
                    on_pick=Callback::new(move |pick| if on_runner() {
                        message.set(Some("Weights are edited in the browser: switch “Run on” to the GPU or CPU.".into()));
                    } else {
                        picked.set(Some(pick));
                    })
                />
                <div class="output-panel">
                    <h2>"Output"</h2>
                    <dl class="stats">
                        <div><dt>"Test loss"</dt><dd data-testid="pg-test-loss">{stat(|s| s.test_loss.map_or("–".into(), |l| format!("{l:.3}")))}</dd></div>
                        <div><dt>"Training loss"</dt><dd data-testid="pg-train-loss">{stat(|s| format!("{:.3}", s.train_loss))}</dd></div>
                    </dl>
                    <Heatmap grid=decision
                        scale=if regression() { Scale::Signed } else { Scale::Probability }
                        discretize=Signal::derive(move || settings.with(|s| s.discretize))
                        points=points show_test=Signal::derive(move || settings.with(|s| s.show_test))
                        class="decision" label="The network's output over the input plane, with the data points" />
                    <LossChart points=train_losses.into() second=test_losses />
                </div>
            </div>
            {move || picked.get().map(|pick| view! { <WeightEditor pick apply=Callback::new(apply_edit)
                cancel=Callback::new(move |()| picked.set(None)) /> })}
        </section>
    }
}

/// The badge's backend id and text for the browser's engine.
fn engine_backend(status: EngineStatus) -> (&'static str, String) {
    match status {
        EngineStatus::Ready(device) => (device.backend.id(), device.to_string()),
        EngineStatus::Failed(_) => ("none", "engine stopped".into()),
        _ => ("none", "loading engine…".into()),
    }
}
