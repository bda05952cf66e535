//! The runner's run records: when an experiment job ends, its spec, device, timing, last
//! metrics and loss curve go to `jobs/<id>/record.json` (see [`ml_intro_engine::runs`]), and
//! a client's `runs` message gets every job's record.

use super::jobs::Logged;
use anyhow::{Context, Result};
use ml_intro_engine::runner_protocol::{JobState, RunnerJobId};
use ml_intro_engine::runs::{RunEnd, RunPlace, RunRecord, RunRecorder};
use ml_intro_engine::{DeviceInfo, ExperimentSpec, Snapshot};
use std::fs;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const RECORD_FILE: &str = "record.json";

/// When a job's worker started and how long it ran, on which device.
pub struct Timing {
    pub device: DeviceInfo,
    pub started: SystemTime,
    pub duration: Duration,
}

/// What an ended job's record says: `state`, `error` and the logged snapshots as they stand.
pub fn record_of(
    id: RunnerJobId,
    spec: &ExperimentSpec,
    snapshots: &[Arc<Logged>],
    state: JobState,
    error: Option<String>,
    timing: &Timing,
) -> RunRecord {
    let started_ms = timing
        .started
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |since| since.as_secs_f64() * 1000.0);
    let mut recorder = RunRecorder::new(
        format!("runner-{id}"),
        RunPlace::Runner,
        spec.clone(),
        timing.device.clone(),
        started_ms,
    );
    for logged in snapshots {
        if let Ok(snapshot) = serde_json::from_str::<Snapshot>(&logged.json) {
            recorder.observe(&snapshot, 0.0);
        }
    }
    let end = match state {
        JobState::Finished => RunEnd::ReachedMaxSteps,
        JobState::Cancelled => RunEnd::Cancelled,
        JobState::Interrupted => RunEnd::Interrupted,
        JobState::Failed | JobState::Queued | JobState::Running => RunEnd::Failed,
    };
    let mut record = recorder.record(end, error);
    record.duration_ms = timing.duration.as_secs_f64() * 1000.0;
    record
}

/// Writes `record` into the job's folder.
pub fn save(dir: &Path, record: &RunRecord) -> Result<()> {
    let path = dir.join(RECORD_FILE);
    let text = serde_json::to_string(record)?;
    fs::write(&path, text).with_context(|| format!("writing {}", path.display()))
}

/// The job's record, if it has one (jobs that never ended, and scripts, have none).
pub fn load(dir: &Path) -> Result<Option<RunRecord>> {
    let path = dir.join(RECORD_FILE);
    if !path.exists() {
        return Ok(None);
    }
    let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let record = serde_json::from_str(&text).with_context(|| format!("{}", path.display()))?;
    Ok(Some(record))
}
