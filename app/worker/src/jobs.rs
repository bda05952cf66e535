//! Running training jobs: a few steps at a time, a progress event after each batch, and a
//! yield to the worker's event loop in between so that `cancel` is heard.

use crate::outbox;
use gloo_timers::future::TimeoutFuture;
use ml_intro_engine::protocol::{Event, JobId, StopReason};
use ml_intro_engine::train::{Device, Session};
use ml_intro_engine::{ExperimentSpec, Snapshot};
use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

/// How long one batch of steps should take: short enough for a live chart and a prompt
/// cancel, long enough that the per-batch read-back (5–15 ms on a GPU) stays cheap.
const BATCH_TARGET_SECONDS: f32 = 0.1;
const MAX_STEPS_PER_BATCH: u32 = 1000;

pub struct Jobs {
    device: Device,
    running: RefCell<HashSet<JobId>>,
}

impl Jobs {
    pub fn new(device: Device) -> Self {
        Self {
            device,
            running: RefCell::new(HashSet::new()),
        }
    }

    pub fn start(
        self: &Rc<Self>,
        job: JobId,
        spec: ExperimentSpec,
        max_steps: u64,
        target_loss: f32,
    ) {
        let session = match Session::new(&spec, self.device.clone()) {
            Ok(session) => session,
            Err(error) => {
                outbox::post(&Event::Failed {
                    job,
                    message: error.to_string(),
                });
                return;
            }
        };
        self.running.borrow_mut().insert(job);
        let jobs = Rc::clone(self);
        wasm_bindgen_futures::spawn_local(async move {
            jobs.train(job, session, max_steps, target_loss).await;
            jobs.running.borrow_mut().remove(&job);
        });
    }

    pub fn cancel(&self, job: JobId) {
        self.running.borrow_mut().remove(&job);
    }

    async fn train(&self, job: JobId, mut session: Session, max_steps: u64, target_loss: f32) {
        let mut steps_per_batch: u32 = 1;
        let mut last: Option<Snapshot> = None;
        loop {
            if !self.running.borrow().contains(&job) {
                return outbox::post(&done(job, StopReason::Cancelled, last));
            }
            let remaining = max_steps.saturating_sub(last.as_ref().map_or(0, |s| s.step));
            let steps = steps_per_batch.min(remaining.try_into().unwrap_or(u32::MAX));
            let snapshot = match session.step(steps).await {
                Ok(snapshot) => snapshot,
                Err(error) => {
                    let message = error.to_string();
                    return outbox::post(&Event::Failed { job, message });
                }
            };
            outbox::post(&Event::Progress {
                job,
                snapshot: snapshot.clone(),
            });
            let stop = if snapshot.train_loss <= target_loss {
                Some(StopReason::ReachedTargetLoss)
            } else if snapshot.step >= max_steps {
                Some(StopReason::ReachedMaxSteps)
            } else {
                None
            };
            steps_per_batch = next_batch_size(steps_per_batch, snapshot.steps_per_sec);
            last = Some(snapshot);
            if let Some(reason) = stop {
                return outbox::post(&done(job, reason, last));
            }
            // Let queued messages (cancel, other jobs) run before the next batch.
            TimeoutFuture::new(0).await;
        }
    }
}

fn done(job: JobId, reason: StopReason, snapshot: Option<Snapshot>) -> Event {
    Event::Done {
        job,
        reason,
        snapshot,
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
