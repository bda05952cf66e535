//! A script job: the worker process runs a page's Rhai script with the engine's limits, a
//! wall-clock limit and a memory cap, and prints each output as it comes. The process is the
//! job's alone, so a runaway script (or one that runs out of memory) ends only its own job.

use super::memory_cap;
use super::worker::WorkerLine;
use anyhow::{Context, Result};
use clap::Args;
use ml_intro_engine::script::output::ScriptOutput;
use ml_intro_engine::script::{Limits, ScriptErrorKind, ScriptHost, run_script};
use std::cell::{Cell, RefCell};
use std::io::Write;
use std::rc::Rc;
use std::time::{Duration, Instant};

/// How long and how large a script job may get.
#[derive(Args, Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScriptCaps {
    /// Seconds a script job may run before it is stopped.
    #[arg(
        long = "script-time-limit",
        default_value_t = 600,
        value_parser = clap::value_parser!(u64).range(1..)
    )]
    pub time_limit_s: u64,
    /// MiB of memory a script job's process may allocate.
    #[arg(
        long = "script-memory-mib",
        default_value_t = 2048,
        value_parser = clap::value_parser!(u64).range(64..)
    )]
    pub memory_mib: u64,
}

impl Default for ScriptCaps {
    fn default() -> Self {
        Self {
            time_limit_s: 600,
            memory_mib: 2048,
        }
    }
}

impl ScriptCaps {
    pub fn time_limit(&self) -> Duration {
        Duration::from_secs(self.time_limit_s)
    }
}

/// Prints outputs as worker lines until the deadline passes or the runner stops reading.
struct JobHost {
    out: RefCell<std::io::Stdout>,
    deadline: Instant,
    runner_gone: Cell<bool>,
}

impl ScriptHost for JobHost {
    fn emit(&self, output: ScriptOutput) {
        let line = WorkerLine::Output { output };
        let mut out = self.out.borrow_mut();
        let written = serde_json::to_string(&line)
            .map_err(std::io::Error::other)
            .and_then(|json| writeln!(out, "{json}"))
            .and_then(|()| out.flush());
        if written.is_err() {
            self.runner_gone.set(true);
        }
    }

    fn should_stop(&self) -> bool {
        self.runner_gone.get() || Instant::now() >= self.deadline
    }
}

/// Runs `source` under `caps`. A script that fails is not an error of the job's process: its
/// [`ScriptError`](ml_intro_engine::script::ScriptError) goes to the runner as a line.
pub fn run(source: &str, caps: ScriptCaps) -> Result<()> {
    memory_cap::limit_to(caps.memory_mib).context("capping the script's memory")?;
    let host = Rc::new(JobHost {
        out: RefCell::new(std::io::stdout()),
        deadline: Instant::now() + caps.time_limit(),
        runner_gone: Cell::new(false),
    });
    let result = run_script(source, &Limits::default(), host.clone());
    if let Err(mut error) = result {
        let timed_out = Instant::now() >= host.deadline;
        if error.kind == ScriptErrorKind::Stopped && timed_out {
            error.message = format!("stopped at the time limit of {} s", caps.time_limit_s);
        }
        let line = WorkerLine::ScriptFailed { error };
        println!("{}", serde_json::to_string(&line)?);
    }
    Ok(())
}

/// Why a script job's process died, in words, from how it ended and its last stderr lines.
pub fn explain_death(stderr_tail: &str, caps: ScriptCaps) -> Option<String> {
    stderr_tail.contains("memory allocation of").then(|| {
        format!(
            "the script used more than its memory cap of {} MiB (runner --script-memory-mib)",
            caps.memory_mib
        )
    })
}
