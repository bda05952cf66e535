//! Jobs run in a worker process of their own (`ml-intro runner-job`, started by the runner),
//! so that a GPU out-of-memory, a device loss or a panic ends that job with its error and
//! never the runner. The worker prints one JSON line per event on stdout; the runner reads
//! them, and reads the last lines of stderr into the error when the worker fails.

use super::jobs::{Ended, Jobs, NextJob};
use super::records::Timing;
use super::script_job::{self, ScriptCaps};
use super::work::Work;
use crate::train::{next_chunk, resume_or_new};
use anyhow::{Context, Result};
use clap::Args;
use ml_intro_engine::runner_protocol::JobState;
use ml_intro_engine::script::ScriptError;
use ml_intro_engine::script::output::ScriptOutput;
use ml_intro_engine::train::pick_device;
use ml_intro_engine::{DeviceChoice, DeviceInfo, Snapshot};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::io::Write;
use std::path::PathBuf;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Instant, SystemTime};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

/// How the runner starts workers.
#[derive(Debug, Clone, Copy)]
pub struct WorkerSettings {
    pub device: DeviceChoice,
    pub checkpoint_every: u64,
    pub scripts: ScriptCaps,
}

/// One line of a worker's stdout.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum WorkerLine {
    Device {
        device: DeviceInfo,
    },
    /// Training starts (or resumes) at `step`.
    Started {
        step: u64,
    },
    Snapshot {
        snapshot: Snapshot,
    },
    /// The job cannot go on; `message` says why.
    Failed {
        message: String,
    },
    /// A script job's output.
    Output {
        output: ScriptOutput,
    },
    /// A script job's script failed (a syntax error, a runtime error, a limit).
    ScriptFailed {
        error: ScriptError,
    },
}

/// `ml-intro runner-job` (started by the runner, not by people).
#[derive(Args)]
pub struct JobArgs {
    /// The job's folder: `spec.json` in, `checkpoints/` out (or `script.rhai` in).
    #[arg(long)]
    dir: PathBuf,
    #[command(flatten)]
    scripts: ScriptCaps,
    #[arg(long, default_value = "auto")]
    device: DeviceChoice,
    #[arg(long, default_value_t = 500)]
    checkpoint_every: u64,
    /// Continue from the newest checkpoint in the job's folder.
    #[arg(long)]
    resume: bool,
}

/// `ml-intro runner-probe`: prints the device jobs would get, as one JSON line.
#[derive(Args)]
pub struct ProbeArgs {
    #[arg(long, default_value = "auto")]
    device: DeviceChoice,
}

pub fn run_probe(args: ProbeArgs) -> Result<()> {
    let (_, device) = pollster::block_on(pick_device(args.device)).context("choosing a device")?;
    println!("{}", serde_json::to_string(&WorkerLine::Device { device })?);
    Ok(())
}

/// Trains the job in `args.dir`, checkpointing as it goes. An error is also printed as a
/// `failed` line, so that the runner can pass its message on.
pub fn run_job(args: JobArgs) -> Result<()> {
    let result = train_job(&args);
    if let Err(error) = &result {
        let line = WorkerLine::Failed {
            message: format!("{error:#}"),
        };
        println!("{}", serde_json::to_string(&line)?);
    }
    result
}

fn train_job(args: &JobArgs) -> Result<()> {
    exit_when_the_runner_goes();
    let spec = match Work::load(&args.dir).context("the job's input")? {
        Work::Script(source) => return script_job::run(&source, args.scripts),
        Work::Experiment(spec) => spec,
    };
    let (device, info) =
        pollster::block_on(pick_device(args.device)).context("choosing a device")?;
    let mut out = std::io::stdout().lock();
    let mut emit = |line: &WorkerLine| -> Result<()> {
        writeln!(out, "{}", serde_json::to_string(line)?)?;
        out.flush().context("writing to the runner")
    };
    emit(&WorkerLine::Device { device: info })?;
    let checkpoints = args.dir.join("checkpoints");
    let mut session = resume_or_new(&spec, device, args.resume.then_some(&checkpoints))?;
    emit(&WorkerLine::Started {
        step: session.steps_done(),
    })?;
    let every = args.checkpoint_every.max(1);
    while session.steps_done() < spec.steps {
        let done = session.steps_done();
        let chunk = next_chunk(&spec, done, Some(every));
        let snapshot = pollster::block_on(session.step(chunk as u32))
            .with_context(|| format!("training stopped after step {}", session.steps_done()))?;
        // The runner hears of a step before its checkpoint exists, so a resumed job never
        // starts past the last snapshot the runner logged (it may run some steps again).
        let checkpoint_due = snapshot.step % every == 0 || snapshot.step == spec.steps;
        emit(&WorkerLine::Snapshot { snapshot })?;
        if checkpoint_due {
            session
                .checkpoint()?
                .write(&checkpoints)
                .context("saving a checkpoint")?;
        }
    }
    Ok(())
}

/// The runner holds the write end of this process's stdin and never writes to it: when the
/// runner dies (even by SIGKILL) stdin ends, and the job stops at once instead of training on
/// unwatched, next to the job a restarted runner resumes.
fn exit_when_the_runner_goes() {
    std::thread::spawn(|| {
        let mut byte = [0u8; 1];
        while let Ok(1) = std::io::Read::read(&mut std::io::stdin(), &mut byte) {}
        std::process::exit(3);
    });
}

/// Asks a worker process which device jobs would run on.
pub async fn probe_device(choice: DeviceChoice) -> Result<DeviceInfo> {
    let exe = std::env::current_exe().context("finding the ml-intro executable")?;
    let output = Command::new(exe)
        .args(["runner-probe", "--device", choice.as_str()])
        .stderr(Stdio::inherit())
        .output()
        .await
        .context("starting the device probe")?;
    let text = String::from_utf8_lossy(&output.stdout);
    match serde_json::from_str(text.trim()) {
        Ok(WorkerLine::Device { device }) => Ok(device),
        _ => anyhow::bail!("the device probe failed ({})", output.status),
    }
}

/// Runs queued jobs one after another, for as long as the runner lives.
pub async fn run_queue(jobs: Arc<Jobs>, settings: WorkerSettings, device: DeviceInfo) {
    loop {
        let next = jobs.next_queued().await;
        let started = SystemTime::now();
        let clock = Instant::now();
        let ended = match supervise(&jobs, &next, settings).await {
            Ok(ended) => ended,
            Err(error) => Ended::failed(format!("{error:#}")),
        };
        if let Some(error) = &ended.error {
            eprintln!("ml-intro runner: job {} failed: {error}", next.id);
        }
        let timing = Timing {
            device: device.clone(),
            started,
            duration: clock.elapsed(),
        };
        jobs.finish(next.id, ended, &timing);
    }
}

/// Runs one job's worker to its end: finished, cancelled, a script's error, or an error
/// saying how the worker failed.
async fn supervise(jobs: &Jobs, next: &NextJob, settings: WorkerSettings) -> Result<Ended> {
    let exe = std::env::current_exe().context("finding the ml-intro executable")?;
    let mut command = Command::new(exe);
    command
        .arg("runner-job")
        .arg("--dir")
        .arg(&next.dir)
        .args(["--device", settings.device.as_str()])
        .args(["--checkpoint-every", &settings.checkpoint_every.to_string()])
        .args([
            "--script-time-limit",
            &settings.scripts.time_limit_s.to_string(),
        ])
        .args([
            "--script-memory-mib",
            &settings.scripts.memory_mib.to_string(),
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true);
    if next.resume {
        command.arg("--resume");
    }
    let mut child = command
        .spawn()
        .context("starting the job's worker process")?;
    // Held, never written: the worker stops when this end closes (see `exit_when_the_runner_goes`).
    let _runner_alive = child.stdin.take();
    let stdout = child.stdout.take().context("the worker's stdout")?;
    let stderr = child.stderr.take().context("the worker's stderr")?;
    let stderr_tail = Arc::new(Mutex::new(VecDeque::new()));
    let tail = stderr_tail.clone();
    let id = next.id;
    tokio::spawn(async move {
        let mut lines = BufReader::new(stderr).lines();
        while let Ok(Some(line)) = lines.next_line().await {
            eprintln!("ml-intro runner: job {id}: {line}");
            let mut tail = tail.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            tail.push_back(line);
            if tail.len() > 8 {
                tail.pop_front();
            }
        }
    });
    let mut lines = BufReader::new(stdout).lines();
    let mut failure = None;
    let mut script_failure = None;
    // A script stops itself at its time limit; this is for one stuck inside a single call.
    let backstop = settings.scripts.time_limit() + std::time::Duration::from_secs(5);
    let overdue = tokio::time::sleep(backstop);
    tokio::pin!(overdue);
    loop {
        tokio::select! {
            line = lines.next_line() => match line {
                Ok(Some(line)) => match serde_json::from_str(&line) {
                    Ok(WorkerLine::Snapshot { snapshot }) => {
                        jobs.record(id, &snapshot, snapshot.step)?;
                    }
                    Ok(WorkerLine::Output { output }) => jobs.record(id, &output, 0)?,
                    Ok(WorkerLine::ScriptFailed { error }) => script_failure = Some(error),
                    Ok(WorkerLine::Failed { message }) => failure = Some(message),
                    Ok(WorkerLine::Started { step }) if next.resume => {
                        let again = jobs.last_step(id).saturating_sub(step);
                        eprintln!("ml-intro runner: job {id} resumes at step {step} ({again} steps run again)");
                    }
                    Ok(_) => {}
                    Err(error) => eprintln!("ml-intro runner: job {id}: unreadable line from the worker ({error})"),
                },
                Ok(None) | Err(_) => break,
            },
            () = next.cancel.notified() => {
                child.kill().await.context("stopping the job's worker")?;
                return Ok(Ended::with(JobState::Cancelled));
            }
            () = &mut overdue, if next.is_script => {
                child.kill().await.context("stopping the job's worker")?;
                let limit = settings.scripts.time_limit_s;
                anyhow::bail!("the script ran past its time limit of {limit} s and was stopped");
            }
        }
    }
    let status = child.wait().await.context("waiting for the job's worker")?;
    if let Some(error) = script_failure {
        return Ok(Ended {
            error: Some(error.to_string()),
            script_error: Some(error),
            ..Ended::with(JobState::Failed)
        });
    }
    if status.success() {
        return Ok(Ended::with(JobState::Finished));
    }
    if let Some(message) = failure {
        anyhow::bail!("{message}");
    }
    // Let the stderr reader catch the last lines.
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let tail = stderr_tail
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let said = tail.iter().cloned().collect::<Vec<_>>().join(" / ");
    if next.is_script
        && let Some(why) = script_job::explain_death(&said, settings.scripts)
    {
        anyhow::bail!("{why}");
    }
    anyhow::bail!("the job's worker process ended ({status}): {said}")
}
