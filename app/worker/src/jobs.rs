//! The worker's jobs. Each job is one [`Session`] driven by its own task, which takes the
//! page's commands (play, pause, step, edit a weight, export, cancel) from an inbox between batches of
//! steps, so a command is heard within one batch (about 0.05 s) even while training. Whenever
//! a job's training stops, its run record goes to the browser's IndexedDB (`run-store`).

use crate::outbox;
use futures::channel::mpsc::{TryRecvError, UnboundedReceiver, UnboundedSender, unbounded};
use gloo_timers::future::TimeoutFuture;
use ml_intro_engine::data::toy::ToyData;
use ml_intro_engine::mlops::ModelFile;
use ml_intro_engine::protocol::{Event, JobId, StopReason, decode_query, encode_answer};
use ml_intro_engine::runs::{RunEnd, RunPlace, RunRecorder};
use ml_intro_engine::train::{Device, Session};
use ml_intro_engine::{
    DataSpec, DeviceInfo, EngineError, ExperimentSpec, PlanePoints, Snapshot, WeightEdit,
};
use std::cell::RefCell;
use std::collections::HashMap;

/// How long one batch of steps should take: short enough that the heatmaps and the chart
/// move at about 20 frames/s and a pause is prompt, long enough that the per-batch
/// evaluation and read-back (5–15 ms on a GPU) stay a small share.
const BATCH_TARGET_SECONDS: f32 = 0.05;
/// A bound on one batch whatever the measured speed (the fused CPU path reaches a few hundred
/// thousand steps/s on small networks).
const MAX_STEPS_PER_BATCH: u32 = 100_000;

/// What the page can ask of a running job.
pub enum Command {
    Play(Limits),
    Pause,
    Step(u32),
    SetWeight(WeightEdit),
    /// Save the network as a model file.
    Export,
    /// A question about the model (JSON text), with the page's id for the answer.
    Query(u32, String),
    Cancel,
}

/// When playing stops by itself.
#[derive(Clone, Copy)]
pub struct Limits {
    pub max_steps: u64,
    pub target_loss: f32,
}

/// The inboxes of the jobs that are alive.
pub struct Jobs {
    device: Device,
    /// What run records say the runs trained on.
    device_info: DeviceInfo,
    inboxes: RefCell<HashMap<JobId, UnboundedSender<Command>>>,
}

impl Jobs {
    pub fn new(device: Device, device_info: DeviceInfo) -> Self {
        Self {
            device,
            device_info,
            inboxes: RefCell::new(HashMap::new()),
        }
    }

    /// Starts a job. `play` starts training at once; `open` keeps the job alive after it
    /// stops (the playground), otherwise it ends with `Done` (a one-shot widget).
    pub fn start(
        self: &std::rc::Rc<Self>,
        job: JobId,
        spec: ExperimentSpec,
        play: Option<Limits>,
        open: bool,
    ) {
        match Session::new(&spec, self.device.clone()) {
            Ok(session) => self.drive(job, session, play, open),
            Err(error) => {
                let message = error.to_string();
                outbox::post(&Event::Failed { job, message });
            }
        }
    }

    /// Opens a job from a model file's bytes (see `Request::Import`).
    pub fn import(self: &std::rc::Rc<Self>, job: JobId, file: &[u8]) {
        let session = ModelFile::from_safetensors(file)
            .map_err(EngineError::from)
            .and_then(|model| Session::import(&model, self.device.clone()));
        match session {
            Ok(session) => {
                let spec = session.spec().to_json();
                outbox::post(&Event::Imported { job, spec });
                self.drive(job, session, None, true);
            }
            Err(error) => {
                let message = format!("this file cannot be imported: {error}");
                outbox::post(&Event::Failed { job, message });
            }
        }
    }

    /// Runs `session` as job `job` until it ends.
    fn drive(
        self: &std::rc::Rc<Self>,
        job: JobId,
        session: Session,
        play: Option<Limits>,
        open: bool,
    ) {
        let spec = session.spec().clone();
        let (sender, inbox) = unbounded();
        self.inboxes.borrow_mut().insert(job, sender);
        if open {
            outbox::post(&Event::Opened {
                job,
                points: plane_points(&spec),
            });
        }
        let started_ms = js_sys::Date::now();
        let recorder = RunRecorder::new(
            format!("browser-{started_ms}-{job}"),
            RunPlace::Browser,
            spec.clone(),
            self.device_info.clone(),
            started_ms,
        );
        let jobs = std::rc::Rc::clone(self);
        wasm_bindgen_futures::spawn_local(async move {
            let driver = Driver {
                job,
                session,
                recorder,
                inbox,
                playing: play,
                open,
                steps_per_batch: 1,
                last: None,
            };
            driver.run().await;
            jobs.inboxes.borrow_mut().remove(&job);
        });
    }

    /// Passes a command to a job; commands for jobs that have ended are dropped.
    pub fn command(&self, job: JobId, command: Command) {
        if let Some(inbox) = self.inboxes.borrow().get(&job) {
            let _ = inbox.unbounded_send(command);
        }
    }
}

fn plane_points(spec: &ExperimentSpec) -> Option<PlanePoints> {
    match &spec.data {
        DataSpec::Toy(toy) => ToyData::load(toy).ok().map(|data| data.plane_points()),
        _ => None,
    }
}

/// One job's session and state, owned by its task.
struct Driver {
    job: JobId,
    session: Session,
    /// The run's record, saved to the browser's IndexedDB whenever training stops.
    recorder: RunRecorder,
    inbox: UnboundedReceiver<Command>,
    playing: Option<Limits>,
    open: bool,
    steps_per_batch: u32,
    last: Option<Snapshot>,
}

impl Driver {
    async fn run(mut self) {
        let job = self.job;
        if self.open && !self.advance(0).await {
            return;
        }
        loop {
            let command = match self.playing {
                // While training, only take what is already waiting.
                Some(_) => match self.inbox.try_recv() {
                    Ok(command) => Some(command),
                    Err(TryRecvError::Empty) => None,
                    Err(TryRecvError::Closed) => Some(Command::Cancel),
                },
                None => Some(self.inbox.recv().await.unwrap_or(Command::Cancel)),
            };
            let carry_on = match command {
                None => self.play_batch().await,
                Some(Command::Cancel) => {
                    self.save_record(RunEnd::Cancelled, None).await;
                    let snapshot = self.last.take();
                    outbox::post(&Event::Done {
                        job,
                        reason: StopReason::Cancelled,
                        snapshot,
                    });
                    false
                }
                Some(Command::Pause) => {
                    if self.playing.take().is_some() {
                        self.stop(StopReason::Paused).await
                    } else {
                        true
                    }
                }
                Some(Command::Play(limits)) => {
                    self.playing = Some(limits);
                    true
                }
                Some(Command::Step(steps)) => self.advance(steps).await,
                Some(Command::Query(query_id, query)) => {
                    let answer = match decode_query(&query) {
                        Ok(query) => self
                            .session
                            .query(&query)
                            .await
                            .map_err(|error| error.to_string()),
                        Err(message) => Err(message),
                    };
                    outbox::post(&Event::Answer {
                        job,
                        query_id,
                        answer: encode_answer(&answer),
                    });
                    true
                }
                Some(Command::Export) => {
                    match self.session.export().await {
                        Ok(model) => outbox::post(&Event::Exported {
                            job,
                            file: model.to_safetensors(),
                        }),
                        Err(error) => {
                            let message = format!("cannot export this model: {error}");
                            outbox::post(&Event::Refused { job, message });
                        }
                    }
                    true
                }
                Some(Command::SetWeight(edit)) => match self.session.set_weight(edit) {
                    Ok(()) => self.advance(0).await,
                    Err(error) => {
                        let message = error.to_string();
                        outbox::post(&Event::Refused { job, message });
                        true
                    }
                },
            };
            if !carry_on {
                return;
            }
            if self.playing.is_some() {
                // Let the page's messages (pause, cancel, other jobs) in before the next batch.
                TimeoutFuture::new(0).await;
            }
        }
    }

    /// One batch of training, sized to take about [`BATCH_TARGET_SECONDS`].
    async fn play_batch(&mut self) -> bool {
        let Some(limits) = self.playing else {
            return true;
        };
        let done = self.last.as_ref().map_or(0, |snapshot| snapshot.step);
        let remaining = limits.max_steps.saturating_sub(done);
        let steps = self
            .steps_per_batch
            .min(remaining.try_into().unwrap_or(u32::MAX));
        if !self.advance(steps).await {
            return false;
        }
        let Some(snapshot) = &self.last else {
            return true;
        };
        self.steps_per_batch = next_batch_size(self.steps_per_batch, snapshot.steps_per_sec);
        let reason = if snapshot.train_loss <= limits.target_loss {
            StopReason::ReachedTargetLoss
        } else if snapshot.step >= limits.max_steps {
            StopReason::ReachedMaxSteps
        } else {
            return true;
        };
        self.playing = None;
        self.stop(reason).await
    }

    /// Runs `steps` steps (0: only looks) and reports; false when the job failed.
    async fn advance(&mut self, steps: u32) -> bool {
        let job = self.job;
        let clock = web_time::Instant::now();
        match self.session.step(steps).await {
            Ok(snapshot) => {
                let training_ms = clock.elapsed().as_secs_f64() * 1000.0;
                self.recorder.observe(&snapshot, training_ms);
                outbox::post(&Event::Progress {
                    job,
                    snapshot: snapshot.clone(),
                });
                self.last = Some(snapshot);
                true
            }
            Err(error) => {
                let message = error.to_string();
                self.save_record(RunEnd::Failed, Some(message.clone()))
                    .await;
                outbox::post(&Event::Failed { job, message });
                false
            }
        }
    }

    /// Training stopped: an open job waits (`Idle`), a one-shot job ends (`Done`).
    async fn stop(&mut self, reason: StopReason) -> bool {
        let job = self.job;
        self.save_record(RunEnd::from(reason), None).await;
        if self.open {
            outbox::post(&Event::Idle { job, reason });
            true
        } else {
            let snapshot = self.last.take();
            outbox::post(&Event::Done {
                job,
                reason,
                snapshot,
            });
            false
        }
    }

    /// Saves the run's record as it stands, once it has trained; before the page hears that
    /// the run stopped, so that a list it then reads has the run in it.
    async fn save_record(&self, end: RunEnd, error: Option<String>) {
        if !self.recorder.has_trained() {
            return;
        }
        let record = self.recorder.record(end, error);
        if let Err(message) = ml_intro_run_store::save(&record).await {
            outbox::console_error(&message);
        }
    }
}

/// Batches double from one step until they take [`BATCH_TARGET_SECONDS`], so the loss curve
/// shows its early, fast fall in detail even when a whole run takes a fraction of a second.
fn next_batch_size(previous: u32, steps_per_sec: f32) -> u32 {
    let steps_in_target_time = (steps_per_sec * BATCH_TARGET_SECONDS).round() as u32;
    previous
        .saturating_mul(2)
        .min(steps_in_target_time)
        .clamp(1, MAX_STEPS_PER_BATCH)
}
