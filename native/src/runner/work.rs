//! What a runner job does: train an experiment, or run a script. Each kind keeps its input
//! and its log in files of its own in the job's folder, and logs entries of its own kind
//! (snapshots, or script outputs), which clients receive as `progress` or `script-outputs`.

use anyhow::{Context, Result};
use ml_intro_engine::ExperimentSpec;
use ml_intro_engine::Snapshot;
use ml_intro_engine::script::output::ScriptOutput;
use std::fs;
use std::path::Path;

const SPEC_FILE: &str = "spec.json";
const SCRIPT_FILE: &str = "script.rhai";

/// A job's input (one per job, so the size difference of the two kinds does not matter).
#[allow(clippy::large_enum_variant)]
pub enum Work {
    Experiment(ExperimentSpec),
    Script(String),
}

impl Work {
    /// Writes the input into a new job's folder.
    pub fn save(&self, dir: &Path) -> Result<()> {
        let (name, bytes) = match self {
            Self::Experiment(spec) => (SPEC_FILE, serde_json::to_vec(spec)?),
            Self::Script(source) => (SCRIPT_FILE, source.clone().into_bytes()),
        };
        let path = dir.join(name);
        fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))
    }

    /// Reads the input of a job's folder: a script if it has one, else an experiment.
    pub fn load(dir: &Path) -> Result<Self> {
        let script = dir.join(SCRIPT_FILE);
        if script.exists() {
            let source = fs::read_to_string(&script)
                .with_context(|| format!("reading {}", script.display()))?;
            return Ok(Self::Script(source));
        }
        let path = dir.join(SPEC_FILE);
        let text =
            fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        let spec = ExperimentSpec::from_json(&text).context(SPEC_FILE)?;
        Ok(Self::Experiment(spec))
    }

    /// The job in a few words, for the job list.
    pub fn title(&self) -> String {
        match self {
            Self::Experiment(spec) => spec.title(),
            Self::Script(source) => {
                let first = source.lines().map(str::trim).find(|line| !line.is_empty());
                let first = first.unwrap_or("(empty)").trim_start_matches("//").trim();
                let short: String = first.chars().take(60).collect();
                format!("script: {short}")
            }
        }
    }

    /// Training steps the job asks for (none for a script).
    pub fn steps(&self) -> u64 {
        match self {
            Self::Experiment(spec) => spec.steps,
            Self::Script(_) => 0,
        }
    }

    pub fn is_script(&self) -> bool {
        matches!(self, Self::Script(_))
    }

    /// The file the job's log lives in: line n is entry n.
    pub fn log_file(&self) -> &'static str {
        match self {
            Self::Experiment(_) => "snapshots.jsonl",
            Self::Script(_) => "outputs.jsonl",
        }
    }

    /// The training step a logged line reached, or `None` if the line is not an entry of
    /// this job's kind (a line cut short by a kill).
    pub fn read_entry(&self, line: &str) -> Option<u64> {
        match self {
            Self::Experiment(_) => Some(serde_json::from_str::<Snapshot>(line).ok()?.step),
            Self::Script(_) => serde_json::from_str::<ScriptOutput>(line).ok().map(|_| 0),
        }
    }

    /// The message that carries logged entries `first_seq…` to a client, put together from
    /// the entries' own JSON.
    pub fn message(&self, job: u64, first_seq: u64, entries: &[&str]) -> String {
        let (kind, field) = match self {
            Self::Experiment(_) => ("progress", "snapshots"),
            Self::Script(_) => ("script-outputs", "outputs"),
        };
        format!(
            r#"{{"type":"{kind}","job":{job},"first_seq":{first_seq},"{field}":[{}]}}"#,
            entries.join(",")
        )
    }
}
