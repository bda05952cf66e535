//! Builds a [`RunRecord`] from a run's snapshots as they come.

use super::{CurvePoint, MAX_CURVE_POINTS, RunEnd, RunMetrics, RunPlace, RunRecord};
use crate::device_info::DeviceInfo;
use crate::report::Snapshot;
use crate::spec::ExperimentSpec;

/// Watches one run and says what to record whenever it stops.
#[derive(Debug, Clone)]
pub struct RunRecorder {
    record: RunRecord,
    /// Snapshots (of distinct steps) seen so far.
    seen: u64,
    /// Every `stride`-th snapshot joins the curve; doubled each time the curve is thinned,
    /// so the curve stays evenly sampled however long the run.
    stride: u64,
    /// The latest point, which ends the recorded curve whether or not it is a stride's.
    latest: Option<CurvePoint>,
}

impl RunRecorder {
    pub fn new(
        id: String,
        place: RunPlace,
        spec: ExperimentSpec,
        device: DeviceInfo,
        started_ms: f64,
    ) -> Self {
        Self {
            record: RunRecord {
                id,
                place,
                title: spec.title(),
                spec,
                device,
                started_ms,
                duration_ms: 0.0,
                end: RunEnd::Paused,
                error: None,
                metrics: None,
                curve: Vec::new(),
            },
            seen: 0,
            stride: 1,
            latest: None,
        }
    }

    /// Takes a snapshot that `training_ms` of training led to.
    pub fn observe(&mut self, snapshot: &Snapshot, training_ms: f64) {
        let record = &mut self.record;
        record.duration_ms += training_ms.max(0.0);
        record.metrics = Some(RunMetrics::from(snapshot));
        let point = CurvePoint {
            step: snapshot.step,
            train_loss: snapshot.train_loss,
            test_loss: snapshot.test_loss,
        };
        let curve = &mut record.curve;
        if self.latest.is_some_and(|latest| latest.step == point.step) {
            // A look without training (after a weight edit, say) replaces its step's point.
            if let Some(last) = curve.last_mut().filter(|last| last.step == point.step) {
                *last = point;
            }
        } else {
            if self.seen.is_multiple_of(self.stride) {
                curve.push(point);
            }
            self.seen += 1;
        }
        self.latest = Some(point);
        if curve.len() >= MAX_CURVE_POINTS {
            let mut index = 0;
            curve.retain(|_| {
                index += 1;
                index % 2 == 1
            });
            self.stride *= 2;
        }
    }

    /// Whether any step was trained, i.e. whether the run is worth recording (a model that
    /// was only opened and looked at is not).
    pub fn has_trained(&self) -> bool {
        self.record.metrics.is_some_and(|metrics| metrics.step > 0)
    }

    /// The record of the run as it stands, ended by `end` (and `error`, for a failure).
    pub fn record(&self, end: RunEnd, error: Option<String>) -> RunRecord {
        let mut record = RunRecord {
            end,
            error,
            ..self.record.clone()
        };
        if let Some(latest) = self.latest
            && record
                .curve
                .last()
                .is_none_or(|last| last.step != latest.step)
        {
            record.curve.push(latest);
        }
        record
    }
}
