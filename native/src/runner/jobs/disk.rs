//! A job's folder: loading it back after a restart, and its `state.json`.

use super::{Job, Logged};
use crate::runner::records;
use crate::runner::work::Work;
use anyhow::{Context, Result};
use ml_intro_engine::runner_protocol::JobState;
use ml_intro_engine::script::ScriptError;
use serde::{Deserialize, Serialize};
use std::fs;
use std::path::Path;
use std::sync::Arc;
use tokio::sync::Notify;

/// What `state.json` holds.
#[derive(Serialize, Deserialize)]
struct SavedState {
    state: JobState,
    error: Option<String>,
    #[serde(default)]
    script_error: Option<ScriptError>,
}

pub(super) fn load(dir: &Path) -> Result<Job> {
    let read = |name: &str| {
        let path = dir.join(name);
        fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
    };
    let work = Work::load(dir)?;
    let saved: SavedState = serde_json::from_str(&read("state.json")?).context("state.json")?;
    // A line cut short by a kill is dropped (and the file rewritten without it, so that the
    // next entry starts a line of its own): every complete line is one entry.
    let log = work.log_file();
    let text = read(log).unwrap_or_default();
    let snapshots: Vec<Arc<Logged>> = text
        .lines()
        .map_while(|line| {
            let step = work.read_entry(line)?;
            let json = line.to_string();
            Some(Arc::new(Logged { step, json }))
        })
        .collect();
    if snapshots.len() != text.lines().count() || !(text.is_empty() || text.ends_with('\n')) {
        let kept: String = snapshots.iter().map(|s| format!("{}\n", s.json)).collect();
        fs::write(dir.join(log), kept).with_context(|| format!("rewriting {log}"))?;
    }
    Ok(Job {
        work: Arc::new(work),
        state: saved.state,
        error: saved.error,
        script_error: saved.script_error,
        snapshots,
        resume: false,
        cancel: Arc::new(Notify::new()),
        dir: dir.to_path_buf(),
        record: records::load(dir)?,
    })
}

/// Writes `state.json` atomically.
pub(super) fn save_state(job: &Job) -> Result<()> {
    let saved = SavedState {
        state: job.state,
        error: job.error.clone(),
        script_error: job.script_error.clone(),
    };
    let (path, temporary) = (job.dir.join("state.json"), job.dir.join("state.json.tmp"));
    fs::write(&temporary, serde_json::to_vec(&saved)?)
        .with_context(|| format!("writing {}", temporary.display()))?;
    fs::rename(&temporary, &path).with_context(|| format!("replacing {}", path.display()))
}
