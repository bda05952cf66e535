//! Run records: what an experiment was (its spec), where it ran (the device), and how it went
//! (its metrics and loss curve). The engine worker keeps one for every run in the browser's
//! IndexedDB; the runner keeps one beside every job it trains (`jobs/<id>/record.json`).
//! Chapter 13's `runs` widget lists both and compares two side by side
//! ([`spec_differences`]).

mod differences;
mod recorder;

pub use differences::{Difference, spec_differences};
pub use recorder::RunRecorder;

use crate::device_info::DeviceInfo;
use crate::protocol::StopReason;
use crate::report::Snapshot;
use crate::spec::ExperimentSpec;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A record keeps at most this many points of its loss curve (evenly thinned as it grows).
pub const MAX_CURVE_POINTS: usize = 200;

/// One run, as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    /// Unique where it was made: `browser-<started_ms>-<job>` or `runner-<job>`.
    pub id: String,
    pub place: RunPlace,
    /// The model and data in a few words, e.g. "mlp on spiral".
    pub title: String,
    pub spec: ExperimentSpec,
    pub device: DeviceInfo,
    /// When the run started, in milliseconds since the Unix epoch.
    pub started_ms: f64,
    /// Time spent training (pauses excluded where the place can tell).
    pub duration_ms: f64,
    pub end: RunEnd,
    /// Why it failed, where it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The last measurements, once there are any.
    pub metrics: Option<RunMetrics>,
    /// Losses along the way, in step order.
    pub curve: Vec<CurvePoint>,
}

/// Where a run trained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RunPlace {
    Browser,
    Runner,
}

impl fmt::Display for RunPlace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Browser => "browser",
            Self::Runner => "runner",
        })
    }
}

/// How a run ended (so far: a paused run may go on and be recorded again).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RunEnd {
    ReachedTargetLoss,
    ReachedMaxSteps,
    Paused,
    Cancelled,
    Failed,
    /// The runner stopped while the run trained.
    Interrupted,
}

impl From<StopReason> for RunEnd {
    fn from(reason: StopReason) -> Self {
        match reason {
            StopReason::ReachedTargetLoss => Self::ReachedTargetLoss,
            StopReason::ReachedMaxSteps => Self::ReachedMaxSteps,
            StopReason::Cancelled => Self::Cancelled,
            StopReason::Paused => Self::Paused,
        }
    }
}

impl fmt::Display for RunEnd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::ReachedTargetLoss => "reached its target loss",
            Self::ReachedMaxSteps => "ran all its steps",
            Self::Paused => "paused",
            Self::Cancelled => "stopped",
            Self::Failed => "failed",
            Self::Interrupted => "interrupted",
        })
    }
}

/// A run's last measurements.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RunMetrics {
    pub step: u64,
    pub epoch: f32,
    pub train_loss: f32,
    pub test_loss: Option<f32>,
    pub accuracy: Option<f32>,
}

impl From<&Snapshot> for RunMetrics {
    fn from(snapshot: &Snapshot) -> Self {
        Self {
            step: snapshot.step,
            epoch: snapshot.epoch,
            train_loss: snapshot.train_loss,
            test_loss: snapshot.test_loss,
            accuracy: snapshot.accuracy,
        }
    }
}

/// One point of a loss curve.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CurvePoint {
    pub step: u64,
    pub train_loss: f32,
    pub test_loss: Option<f32>,
}

impl RunRecord {
    /// Training steps per second over the whole run, where it took measurable time.
    pub fn steps_per_sec(&self) -> Option<f64> {
        let steps = self.metrics?.step as f64;
        (self.duration_ms > 0.0).then(|| steps * 1000.0 / self.duration_ms)
    }

    /// `records` as a JSON array, as the runner's `runs` message carries them.
    pub fn list_to_json(records: &[Self]) -> String {
        serde_json::to_string(records).unwrap_or_else(|_| "[]".into())
    }

    /// Records from a JSON array, or what is wrong with it.
    pub fn list_from_json(text: &str) -> Result<Vec<Self>, String> {
        serde_json::from_str(text).map_err(|error| format!("unreadable run records: {error}"))
    }

    /// `records` sorted newest first, as the runs widget lists them.
    pub fn newest_first(mut records: Vec<Self>) -> Vec<Self> {
        records.sort_by(|a, b| b.started_ms.total_cmp(&a.started_ms));
        records
    }
}

#[cfg(test)]
mod tests;
