//! The runner's jobs: a queue, each job's numbered snapshots, and their folders on disk, so
//! that a restarted runner still knows every job and can resume the interrupted ones.
//!
//! On disk, `jobs/<id>/` holds `spec.json`, `state.json`, `snapshots.jsonl` (line n is
//! snapshot n) and `checkpoints/` (written by the job's worker process).

use anyhow::{Context, Result};
use ml_intro_engine::runner_protocol::{JobState, JobSummary, RunnerJobId};
use ml_intro_engine::{ExperimentSpec, Snapshot};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::{Notify, watch};

/// A snapshot in a job's log, kept as the JSON it is sent as: serialised once, however
/// many clients receive it.
pub struct Logged {
    pub step: u64,
    pub json: String,
}

impl Logged {
    fn new(snapshot: &Snapshot) -> Result<Self> {
        Ok(Self {
            step: snapshot.step,
            json: serde_json::to_string(snapshot)?,
        })
    }
}

/// One job as the runner keeps it.
struct Job {
    spec: ExperimentSpec,
    state: JobState,
    error: Option<String>,
    /// Snapshot `n` is `snapshots[n - 1]`.
    snapshots: Vec<Arc<Logged>>,
    /// Continue from the job's checkpoint when it next runs.
    resume: bool,
    /// Told when the job is cancelled while running.
    cancel: Arc<Notify>,
    dir: PathBuf,
}

/// What `state.json` holds.
#[derive(Serialize, Deserialize)]
struct SavedState {
    state: JobState,
    error: Option<String>,
}

/// What a client reads from a job past its cursor.
pub struct JobView {
    pub snapshots: Vec<Arc<Logged>>,
    pub state: JobState,
    pub last_seq: u64,
    pub error: Option<String>,
}

/// A job the queue hands to the worker supervisor.
pub struct NextJob {
    pub id: RunnerJobId,
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

    /// Queues `spec`; returns its number and how many jobs run before it.
    pub fn submit(&self, spec: ExperimentSpec) -> Result<(RunnerJobId, usize)> {
        let mut table = self.table();
        let id = table.keys().next_back().map_or(1, |last| last + 1);
        let dir = self.root.join(id.to_string());
        fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        fs::write(dir.join("spec.json"), serde_json::to_vec(&spec)?)
            .with_context(|| format!("writing {}", dir.join("spec.json").display()))?;
        let job = Job {
            spec,
            state: JobState::Queued,
            error: None,
            snapshots: Vec::new(),
            resume: false,
            cancel: Arc::new(Notify::new()),
            dir,
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
                title: format!(
                    "{} on {}",
                    job.spec.model.kind_name(),
                    data_title(&job.spec)
                ),
                step: job.snapshots.last().map_or(0, |snapshot| snapshot.step),
                steps: job.spec.steps,
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
            snapshots: job.snapshots[start..end].to_vec(),
            state: job.state,
            last_seq: job.snapshots.len() as u64,
            error: job.error.clone(),
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

    /// Appends a snapshot to a running job's log (memory and disk).
    pub fn record(&self, id: RunnerJobId, snapshot: Snapshot) -> Result<()> {
        let mut table = self.table();
        let job = table
            .get_mut(&id)
            .context("recording for a job that is gone")?;
        let logged = Logged::new(&snapshot)?;
        let path = job.dir.join("snapshots.jsonl");
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

    /// Ends a running job.
    pub fn finish(&self, id: RunnerJobId, state: JobState, error: Option<String>) {
        let mut table = self.table();
        if let Some(job) = table.get_mut(&id) {
            job.state = state;
            job.error = error;
            if let Err(error) = save_state(job) {
                eprintln!("ml-intro runner: job {id}: {error:#}");
            }
        }
        drop(table);
        self.changed();
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

fn load(dir: &Path) -> Result<Job> {
    let read = |name: &str| {
        let path = dir.join(name);
        fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))
    };
    let spec = ExperimentSpec::from_json(&read("spec.json")?).context("spec.json")?;
    let saved: SavedState = serde_json::from_str(&read("state.json")?).context("state.json")?;
    // A line cut short by a kill is dropped (and the file rewritten without it, so that the
    // next snapshot starts a line of its own): every complete line is one snapshot.
    let text = read("snapshots.jsonl").unwrap_or_default();
    let snapshots: Vec<Arc<Logged>> = text
        .lines()
        .map_while(|line| {
            let snapshot: Snapshot = serde_json::from_str(line).ok()?;
            let json = line.to_string();
            Some(Arc::new(Logged {
                step: snapshot.step,
                json,
            }))
        })
        .collect();
    if snapshots.len() != text.lines().count() || !(text.is_empty() || text.ends_with('\n')) {
        let kept: String = snapshots.iter().map(|s| format!("{}\n", s.json)).collect();
        fs::write(dir.join("snapshots.jsonl"), kept).context("rewriting snapshots.jsonl")?;
    }
    Ok(Job {
        spec,
        state: saved.state,
        error: saved.error,
        snapshots,
        resume: false,
        cancel: Arc::new(Notify::new()),
        dir: dir.to_path_buf(),
    })
}

/// The data a spec trains on, in a word or a path.
fn data_title(spec: &ExperimentSpec) -> String {
    let value = serde_json::to_value(&spec.data).unwrap_or_default();
    let field = |name: &str| value.get(name).and_then(|field| field.as_str());
    let title = field("dataset").or(field("path")).or(field("source"));
    title.unwrap_or("data").to_string()
}

/// Writes `state.json` atomically.
fn save_state(job: &Job) -> Result<()> {
    let saved = SavedState {
        state: job.state,
        error: job.error.clone(),
    };
    let (path, temporary) = (job.dir.join("state.json"), job.dir.join("state.json.tmp"));
    fs::write(&temporary, serde_json::to_vec(&saved)?)
        .with_context(|| format!("writing {}", temporary.display()))?;
    fs::rename(&temporary, &path).with_context(|| format!("replacing {}", path.display()))
}
