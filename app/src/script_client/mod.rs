//! Code cells' runs, in the browser (a fresh engine worker per run) or on the paired local
//! runner (a job of its own there). Either way the cell hears the same [`ScriptEvent`]s, so it
//! shows the same outputs.

mod runner;
mod worker;

use ml_intro_engine::script::ScriptError;
use ml_intro_engine::script::output::ScriptOutput;
use runner::RunnerRun;
use worker::WorkerRun;

/// What a cell hears about its run.
#[derive(Debug, Clone, PartialEq)]
pub enum ScriptEvent {
    Output(ScriptOutput),
    /// The script ended, by itself or with the error that stopped it.
    Done(Option<ScriptError>),
    /// The worker (or the runner's job) broke or had to be ended.
    Failed(String),
}

/// Where a cell's script runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunPlace {
    Browser,
    LocalRunner,
}

/// A running script; [`ScriptRun::stop`] ends it.
#[derive(Clone)]
pub enum ScriptRun {
    Browser(WorkerRun),
    LocalRunner(RunnerRun),
}

impl ScriptRun {
    /// Starts `source` at `place`; `on_event` hears its outputs and its end.
    pub fn start(
        source: String,
        place: RunPlace,
        on_event: impl Fn(ScriptEvent) + 'static,
    ) -> Result<Self, String> {
        match place {
            RunPlace::Browser => WorkerRun::start(source, on_event).map(Self::Browser),
            RunPlace::LocalRunner => Ok(Self::LocalRunner(RunnerRun::start(source, on_event))),
        }
    }

    /// Ends the run now; true if it was still running.
    pub fn stop(&self) -> bool {
        match self {
            Self::Browser(run) => run.stop(),
            Self::LocalRunner(run) => run.stop(),
        }
    }
}
