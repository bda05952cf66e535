//! Checkpoints: a run's spec, step, weights and optimizer state, written atomically.
//!
//! A checkpoint is a directory `step-<step>` holding `spec.json`, `model.bpk` and
//! `optimizer.bpk` (Burn's burnpack format) and, written last, a `COMPLETE` marker. Each file
//! is written to a temporary name, flushed to disk and renamed; the directory is built under a
//! temporary name and renamed into place before the marker is written. A reader only trusts
//! directories that have the marker, so a run killed at any moment leaves either a whole
//! checkpoint or one that is ignored.

use crate::error::EngineError;
use crate::spec::ExperimentSpec;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The marker that says a checkpoint is whole.
const COMPLETE: &str = "COMPLETE";
/// Complete checkpoints kept per directory; older ones are removed.
const KEEP: usize = 2;

/// Everything needed to continue a run.
#[derive(Debug, Clone, PartialEq)]
pub struct Checkpoint {
    pub spec: ExperimentSpec,
    /// Optimizer steps completed.
    pub step: u64,
    /// The model's weights (burnpack bytes).
    pub model: Vec<u8>,
    /// The optimizer's state, e.g. Adam's moments (burnpack bytes).
    pub optimizer: Vec<u8>,
}

impl Checkpoint {
    /// Writes the checkpoint into `dir` atomically and removes all but the newest complete
    /// checkpoints; returns the checkpoint's directory.
    pub fn write(&self, dir: &Path) -> Result<PathBuf, EngineError> {
        let name = format!("step-{:012}", self.step);
        let target = dir.join(&name);
        let temporary = dir.join(format!(".{name}.partial-{}", std::process::id()));
        let result = (|| -> std::io::Result<()> {
            fs::create_dir_all(dir)?;
            let _ = fs::remove_dir_all(&temporary);
            if target.exists() {
                fs::remove_dir_all(&target)?;
            }
            fs::create_dir(&temporary)?;
            write_file(&temporary.join("spec.json"), self.spec.to_json().as_bytes())?;
            write_file(&temporary.join("model.bpk"), &self.model)?;
            write_file(&temporary.join("optimizer.bpk"), &self.optimizer)?;
            fs::rename(&temporary, &target)?;
            write_file(&target.join(COMPLETE), self.step.to_string().as_bytes())?;
            sync_dir(dir);
            Ok(())
        })();
        result.map_err(|error| checkpoint_error(&target, error))?;
        self.remove_older(dir);
        Ok(target)
    }

    /// The newest complete checkpoint in `dir`, if any.
    pub fn read_latest(dir: &Path) -> Result<Option<Checkpoint>, EngineError> {
        let Some(latest) = complete_checkpoints(dir).pop() else {
            return Ok(None);
        };
        let read = |file: &str| {
            fs::read(latest.join(file)).map_err(|error| checkpoint_error(&latest.join(file), error))
        };
        let spec_text = String::from_utf8_lossy(&read("spec.json")?).into_owned();
        let spec = ExperimentSpec::from_json(&spec_text)?;
        let step_text = String::from_utf8_lossy(&read(COMPLETE)?).into_owned();
        let step = step_text
            .trim()
            .parse()
            .map_err(|_| EngineError::Checkpoint {
                reason: format!("{}: damaged marker {step_text:?}", latest.display()),
            })?;
        Ok(Some(Checkpoint {
            spec,
            step,
            model: read("model.bpk")?,
            optimizer: read("optimizer.bpk")?,
        }))
    }

    fn remove_older(&self, dir: &Path) {
        let complete = complete_checkpoints(dir);
        let excess = complete.len().saturating_sub(KEEP);
        for old in &complete[..excess] {
            let _ = fs::remove_dir_all(old);
        }
    }
}

/// Complete checkpoint directories in `dir`, oldest first.
fn complete_checkpoints(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| {
            let named = path
                .file_name()
                .and_then(|name| name.to_str())
                .is_some_and(|name| name.starts_with("step-"));
            named && path.join(COMPLETE).is_file()
        })
        .collect();
    found.sort();
    found
}

/// Writes `bytes` to `path` via a temporary file, flushed to disk before the rename.
fn write_file(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let temporary = path.with_extension("tmp");
    let mut file = fs::File::create(&temporary)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    fs::rename(&temporary, path)
}

/// Flushes a directory's entries (renames) to disk where the platform allows it.
fn sync_dir(dir: &Path) {
    if let Ok(handle) = fs::File::open(dir) {
        let _ = handle.sync_all();
    }
}

fn checkpoint_error(path: &Path, error: std::io::Error) -> EngineError {
    EngineError::Checkpoint {
        reason: format!("{}: {error}", path.display()),
    }
}
