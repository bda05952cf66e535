//! Play on the local runner: the controls' spec goes to the runner as a job, and its
//! snapshots drive the same chart, heatmaps and network picture as the browser's engine.
//!
//! A runner job cannot pause: Pause cancels it (its last picture stays) and Play submits the
//! run again from step 0. Single steps and weight edits stay with the browser's engine.

use super::settings::Settings;
use crate::runner_client::{self, RunnerEvent};
use leptos::prelude::*;
use ml_intro_engine::Snapshot;
use ml_intro_engine::runner_protocol::{JobState, RunnerJobId};

/// Steps of one play on the runner.
pub const RUNNER_STEPS: u64 = 200_000;
/// Steps between the runner's snapshots: each carries the heatmaps, and the runner keeps
/// every snapshot of a job (to replay after a reconnect), so not every step.
pub const RUNNER_EVAL_EVERY: u64 = 1_000;

/// Where a runner play writes what the page shows.
#[derive(Clone, Copy)]
pub struct RunSinks {
    pub latest: RwSignal<Option<Snapshot>>,
    pub train_losses: RwSignal<Vec<(u64, f32)>>,
    pub test_losses: RwSignal<Vec<(u64, f32)>>,
    pub playing: RwSignal<bool>,
    pub message: RwSignal<Option<String>>,
    /// The job playing now, if the runner numbered it yet.
    pub job: StoredValue<Option<RunnerJobId>>,
    /// Counts plays: a listener of an older play ignores what it still hears.
    pub play: StoredValue<u64>,
}

impl RunSinks {
    /// Submits the controls' run to the runner and starts showing its progress.
    pub fn play(self, settings: &Settings) {
        self.stop();
        let mut spec = settings.to_spec();
        spec.steps = RUNNER_STEPS;
        spec.eval_every = RUNNER_EVAL_EVERY;
        self.train_losses.set(Vec::new());
        self.test_losses.set(Vec::new());
        self.playing.set(true);
        self.message.set(None);
        let play = self.play.get_value();
        runner_client::submit(spec, move |event| {
            if self.play.try_get_value() == Some(play) {
                self.on_event(event);
            }
        });
    }

    /// Cancels the playing job, if any; what it showed stays.
    pub fn stop(self) {
        self.play.update_value(|play| *play += 1);
        if let Some(job) = self.job.get_value() {
            runner_client::cancel(job);
        }
        self.job.set_value(None);
        self.playing.set(false);
    }

    fn on_event(self, event: RunnerEvent) {
        match event {
            RunnerEvent::Submitted { job, queued_behind } => {
                self.job.set_value(Some(job));
                if queued_behind > 0 {
                    self.message.set(Some(format!(
                        "Queued on the local runner behind {queued_behind} other job(s)."
                    )));
                }
            }
            RunnerEvent::Progress(snapshots) => {
                self.train_losses.update(|losses| {
                    losses.extend(snapshots.iter().map(|s| (s.step, s.train_loss)))
                });
                self.test_losses.update(|losses| {
                    let tests = snapshots
                        .iter()
                        .filter_map(|s| Some((s.step, s.test_loss?)));
                    losses.extend(tests);
                });
                if let Some(last) = snapshots.into_iter().last() {
                    self.latest.set(Some(last));
                }
            }
            RunnerEvent::Done(state, error, _) => {
                self.job.set_value(None);
                self.playing.set(false);
                let text = match (state, error) {
                    (JobState::Finished, _) => {
                        format!("Finished {RUNNER_STEPS} steps on the local runner.")
                    }
                    (JobState::Cancelled, _) => return,
                    (_, Some(error)) => format!("The local runner's job stopped: {error}"),
                    (state, None) => format!("The local runner's job ended ({state:?})."),
                };
                self.message.set(Some(text));
            }
            RunnerEvent::Refused(reason) => {
                self.job.set_value(None);
                self.playing.set(false);
                self.message.set(Some(format!(
                    "The local runner did not take the run: {reason}."
                )));
            }
            // Only code cells run scripts.
            RunnerEvent::ScriptOutputs(_) => {}
        }
    }
}
