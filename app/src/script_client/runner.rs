//! Code cells' runs on the local runner: the script goes to the runner as a job, its outputs
//! come back as they are made, and Stop cancels the job.

use super::ScriptEvent;
use crate::runner_client::{self, RunnerEvent};
use ml_intro_engine::runner_protocol::{JobState, RunnerJobId};
use std::cell::Cell;
use std::rc::Rc;

/// A script running as a job on the local runner.
#[derive(Clone)]
pub struct RunnerRun {
    state: Rc<RunnerRunState>,
}

struct RunnerRunState {
    /// The runner's number for the job, once it has taken it.
    job: Cell<Option<RunnerJobId>>,
    /// Stopped or ended: later events are not passed on.
    ended: Cell<bool>,
}

impl RunnerRun {
    pub fn start(source: String, on_event: impl Fn(ScriptEvent) + 'static) -> Self {
        let state = Rc::new(RunnerRunState {
            job: Cell::new(None),
            ended: Cell::new(false),
        });
        let heard = Rc::clone(&state);
        runner_client::run_script(source, move |event| {
            if let RunnerEvent::Submitted { job, .. } = event {
                heard.job.set(Some(job));
                // Stopped before the runner numbered the job: cancel it now.
                if heard.ended.get() {
                    runner_client::cancel(job);
                }
                return;
            }
            if heard.ended.get() {
                return;
            }
            match event {
                RunnerEvent::ScriptOutputs(outputs) => {
                    outputs
                        .into_iter()
                        .for_each(|o| on_event(ScriptEvent::Output(o)));
                }
                RunnerEvent::Done(state, error, script_error) => {
                    heard.ended.set(true);
                    on_event(ended(state, error, script_error));
                }
                RunnerEvent::Refused(reason) => {
                    heard.ended.set(true);
                    on_event(ScriptEvent::Failed(format!(
                        "the local runner did not take the script: {reason}"
                    )));
                }
                RunnerEvent::Submitted { .. } | RunnerEvent::Progress(_) => {}
            }
        });
        Self { state }
    }

    /// Cancels the job on the runner; true if it was still running.
    pub fn stop(&self) -> bool {
        if self.state.ended.replace(true) {
            return false;
        }
        if let Some(job) = self.state.job.get() {
            runner_client::cancel(job);
        }
        true
    }
}

/// What a cell hears when the runner's job ends.
fn ended(
    state: JobState,
    error: Option<String>,
    script_error: Option<ml_intro_engine::script::ScriptError>,
) -> ScriptEvent {
    match (state, script_error, error) {
        (JobState::Finished, ..) => ScriptEvent::Done(None),
        (_, Some(script_error), _) => ScriptEvent::Done(Some(script_error)),
        (_, None, Some(error)) => ScriptEvent::Failed(format!("on the local runner: {error}")),
        (state, None, None) => ScriptEvent::Failed(format!(
            "the local runner's job ended ({})",
            format!("{state:?}").to_lowercase()
        )),
    }
}
