//! The runner's jobs: a queue, each job's numbered snapshots (or a script's outputs), and
//! their folders on disk, so that a restarted runner still knows every job and can resume the
//! interrupted ones.
//!
//! On disk, `jobs/<id>/` holds `spec.json`, `state.json`, `snapshots.jsonl` (line n is
//! snapshot n) and `checkpoints/` (written by the job's worker process); a script job holds
//! `script.rhai` and `outputs.jsonl` instead (see [`Work`]).

mod disk;

use disk::{load, save_state};

use super::records::{self, Timing};
use super::work::Work;
use anyhow::{Context, Result};
use ml_intro_engine::runner_protocol::{JobState, JobSummary, RunnerJobId};
use ml_intro_engine::runs::RunRecord;
use ml_intro_engine::script::ScriptError;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::{Notify, watch};

/// A snapshot (or script output) in a job's log, kept as the JSON it is sent as: serialised
/// once, however many clients receive it. `step` is the training step it reached (0 for a
/// script's output).
pub struct Logged {
    pub step: u64,
    pub json: String,
}

/// One job as the runner keeps it.
struct Job {
    work: Arc<Work>,
    state: JobState,
    error: Option<String>,
    /// Where a failed script failed.
    script_error: Option<ScriptError>,
    /// Entry `n` of the log is `snapshots[n - 1]`.
    snapshots: Vec<Arc<Logged>>,
    /// Continue from the job's checkpoint when it next runs.
    resume: bool,
    /// Told when the job is cancelled while running.
    cancel: Arc<Notify>,
    dir: PathBuf,
    /// The run's record, once an experiment has ended (`record.json`).
    record: Option<RunRecord>,
}

/// What a client reads from a job past its cursor.
pub struct JobView {
    pub work: Arc<Work>,
    pub snapshots: Vec<Arc<Logged>>,
    pub state: JobState,
    pub last_seq: u64,
    pub error: Option<String>,
    pub script_error: Option<ScriptError>,
}

/// A job the queue hands to the worker supervisor.
pub struct NextJob {
    pub id: RunnerJobId,
    pub is_script: bool,
    pub dir: PathBuf,
    pub resume: bool,
    pub cancel: Arc<Notify>,
}

pub struct Jobs {
    table: Mutex<BTreeMap<RunnerJobId, Job>>,
    root: PathBuf,
    queued: Notify,
    /// Bumped on every change to any job; clients wait on it.
    changes: watch::Sender<u64>,
}

impl Jobs {
    /// Loads every job under `root`. Jobs that were queued or running when the runner
    /// stopped become `Interrupted`.
    pub fn open(root: &Path) -> Result<Self> {
        fs::create_dir_all(root).with_context(|| format!("creating {}", root.display()))?;
        let mut table = BTreeMap::new();
        for entry in fs::read_dir(root).with_context(|| format!("listing {}", root.display()))? {
            let dir = entry?.path();
            let Some(id) = dir.file_name().and_then(|name| name.to_str()?.parse().ok()) else {
                continue;
            };
            match load(&dir) {
                Ok(job) => {
                    table.insert(id, job);
                }
                Err(error) => eprintln!("ml-intro runner: skipping {}: {error:#}", dir.display()),
            }
        }
        for job in table.values_mut() {
            if matches!(job.state, JobState::Queued | JobState::Running) {
                job.state = JobState::Interrupted;
                save_state(job)?;
            }
        }
        Ok(Self {
            table: Mutex::new(table),
            root: root.to_path_buf(),
            queued: Notify::new(),
            changes: watch::channel(0).0,
        })
    }

    fn table(&self) -> MutexGuard<'_, BTreeMap<RunnerJobId, Job>> {
        self.table
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn changed(&self) {
        self.changes.send_modify(|version| *version += 1);
    }

    /// A receiver that wakes on every change to any job.
    pub fn subscribe(&self) -> watch::Receiver<u64> {
        self.changes.subscribe()
    }

    /// Queues an experiment or a script; returns its number and how many jobs run before it.
    pub fn submit(&self, work: Work) -> Result<(RunnerJobId, usize)> {
        let mut table = self.table();
        let id = table.keys().next_back().map_or(1, |last| last + 1);
        let dir = self.root.join(id.to_string());
        fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        work.save(&dir)?;
        let job = Job {
            work: Arc::new(work),
            state: JobState::Queued,
            error: None,
            script_error: None,
            snapshots: Vec::new(),
            resume: false,
            cancel: Arc::new(Notify::new()),
            dir,
            record: None,
        };
        save_state(&job)?;
        table.insert(id, job);
        let ahead = table
            .values()
            .filter(|job| matches!(job.state, JobState::Queued | JobState::Running))
            .count()
            - 1;
        drop(table);
        self.queued.notify_one();
        self.changed();
        Ok((id, ahead))
    }

    /// Stops a queued or running job.
    pub fn cancel(&self, id: RunnerJobId) -> Result<(), String> {
        let mut table = self.table();
        let job = table.get_mut(&id).ok_or(format!("there is no job {id}"))?;
        match job.state {
            JobState::Running => job.cancel.notify_one(),
            JobState::Queued | JobState::Interrupted => {
                job.state = JobState::Cancelled;
                save_state(job).map_err(|error| format!("{error:#}"))?;
                drop(table);
                self.changed();
            }
            state => return Err(format!("job {id} has already ended ({state:?})")),
        }
        Ok(())
    }

    /// Queues an interrupted job again, to continue from its last complete checkpoint.
    pub fn resume(&self, id: RunnerJobId) -> Result<(), String> {
        let mut table = self.table();
        let job = table.get_mut(&id).ok_or(format!("there is no job {id}"))?;
        if job.state != JobState::Interrupted {
            return Err(format!("job {id} was not interrupted ({:?})", job.state));
        }
        if job.work.is_script() && !job.snapshots.is_empty() {
            return Err(format!(
                "job {id} is a script that had started: a script cannot continue halfway, \
                 run it again"
            ));
        }
        job.state = JobState::Queued;
        job.resume = true;
        save_state(job).map_err(|error| format!("{error:#}"))?;
        drop(table);
        self.queued.notify_one();
        self.changed();
        Ok(())
    }

    pub fn list(&self) -> Vec<JobSummary> {
        self.table()
            .iter()
            .map(|(&id, job)| JobSummary {
                job: id,
                state: job.state,
                title: job.work.title(),
                step: job.snapshots.last().map_or(0, |snapshot| snapshot.step),
                steps: job.work.steps(),
                last_seq: job.snapshots.len() as u64,
            })
            .collect()
    }

    /// Up to `limit` snapshots numbered above `after`, with the job's state.
    pub fn view(&self, id: RunnerJobId, after: u64, limit: usize) -> Option<JobView> {
        let table = self.table();
        let job = table.get(&id)?;
        let start = (after as usize).min(job.snapshots.len());
        let end = job.snapshots.len().min(start + limit);
        Some(JobView {
            work: Arc::clone(&job.work),
            snapshots: job.snapshots[start..end].to_vec(),
            state: job.state,
            last_seq: job.snapshots.len() as u64,
            error: job.error.clone(),
            script_error: job.script_error.clone(),
        })
    }

    /// Waits for the oldest queued job and marks it running.
    pub async fn next_queued(&self) -> NextJob {
        loop {
            let notified = self.queued.notified();
            {
                let mut table = self.table();
                if let Some((&id, job)) = table
                    .iter_mut()
                    .find(|(_, job)| job.state == JobState::Queued)
                {
                    job.state = JobState::Running;
                    if let Err(error) = save_state(job) {
                        eprintln!("ml-intro runner: job {id}: {error:#}");
                    }
                    let next = NextJob {
                        id,
                        is_script: job.work.is_script(),
                        dir: job.dir.clone(),
                        resume: std::mem::take(&mut job.resume),
                        cancel: job.cancel.clone(),
                    };
                    drop(table);
                    self.changed();
                    return next;
                }
            }
            notified.await;
        }
    }

    /// Appends a snapshot (or a script's output) to a running job's log, memory and disk.
    pub fn record(&self, id: RunnerJobId, entry: &impl Serialize, step: u64) -> Result<()> {
        let mut table = self.table();
        let job = table
            .get_mut(&id)
            .context("recording for a job that is gone")?;
        let logged = Logged {
            step,
            json: serde_json::to_string(entry)?,
        };
        let path = job.dir.join(job.work.log_file());
        let mut file = fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .with_context(|| format!("opening {}", path.display()))?;
        writeln!(file, "{}", logged.json).with_context(|| format!("writing {}", path.display()))?;
        job.snapshots.push(Arc::new(logged));
        drop(table);
        self.changed();
        Ok(())
    }

    /// The step a job's log reached (to tell how many steps a resume runs again).
    pub fn last_step(&self, id: RunnerJobId) -> u64 {
        let table = self.table();
        let last = table.get(&id).and_then(|job| job.snapshots.last());
        last.map_or(0, |snapshot| snapshot.step)
    }

    /// Ends a running job; an experiment's run is recorded with `timing`.
    pub fn finish(&self, id: RunnerJobId, ended: Ended, timing: &Timing) {
        let mut table = self.table();
        if let Some(job) = table.get_mut(&id) {
            job.state = ended.state;
            job.error = ended.error;
            job.script_error = ended.script_error;
            if let Err(error) = save_state(job) {
                eprintln!("ml-intro runner: job {id}: {error:#}");
            }
            if let Work::Experiment(spec) = job.work.as_ref() {
                let record = records::record_of(
                    id,
                    spec,
                    &job.snapshots,
                    job.state,
                    job.error.clone(),
                    timing,
                );
                if let Err(error) = records::save(&job.dir, &record) {
                    eprintln!("ml-intro runner: job {id}: {error:#}");
                }
                job.record = Some(record);
            }
        }
        drop(table);
        self.changed();
    }

    /// The records of every experiment that ended, newest first.
    pub fn runs(&self) -> Vec<RunRecord> {
        let table = self.table();
        let records = table
            .values()
            .filter_map(|job| job.record.clone())
            .collect();
        RunRecord::newest_first(records)
    }

    /// Jobs left `Interrupted` by an earlier run of the runner.
    pub fn interrupted(&self) -> Vec<RunnerJobId> {
        let table = self.table();
        let interrupted = table
            .iter()
            .filter(|(_, job)| job.state == JobState::Interrupted);
        interrupted.map(|(&id, _)| id).collect()
    }
}

/// How a job ended.
pub struct Ended {
    pub state: JobState,
    pub error: Option<String>,
    pub script_error: Option<ScriptError>,
}

impl Ended {
    pub fn with(state: JobState) -> Self {
        Self {
            state,
            error: None,
            script_error: None,
        }
    }

    pub fn failed(error: String) -> Self {
        Self {
            error: Some(error),
            ..Self::with(JobState::Failed)
        }
    }
}
