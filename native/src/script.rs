//! `ml-intro script FILE`: runs a course script on this machine, the way the site's worker
//! runs it: printed lines go to stdout as they are, and with `--json` every output (charts,
//! tables, training progress too) is one JSON line.

use anyhow::{Context, Result, bail};
use clap::Args;
use ml_intro_engine::script::output::ScriptOutput;
use ml_intro_engine::script::{Limits, ScriptHost, run_script};
use std::path::PathBuf;
use std::rc::Rc;
use std::time::{Duration, Instant};

#[derive(Args)]
pub struct ScriptArgs {
    /// The Rhai script to run.
    file: PathBuf,
    /// Print every output as a JSON line (text, plots, tables, training progress).
    #[arg(long)]
    json: bool,
    /// Stop the script after this many seconds.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    time_limit: u64,
}

struct Terminal {
    json: bool,
    deadline: Instant,
}

impl ScriptHost for Terminal {
    fn emit(&self, output: ScriptOutput) {
        match (&output, self.json) {
            (_, true) => match serde_json::to_string(&output) {
                Ok(line) => println!("{line}"),
                Err(error) => eprintln!("ml-intro: an output could not be written: {error}"),
            },
            (ScriptOutput::Text { text }, false) => println!("{text}"),
            (ScriptOutput::Progress { snapshot }, false) => eprintln!(
                "step {}: train loss {:.4}",
                snapshot.step, snapshot.train_loss
            ),
            (_, false) => eprintln!("(a chart or table: run with --json to see it)"),
        }
    }

    fn should_stop(&self) -> bool {
        Instant::now() >= self.deadline
    }
}

pub fn run(args: ScriptArgs) -> Result<()> {
    let source = std::fs::read_to_string(&args.file)
        .with_context(|| format!("reading {}", args.file.display()))?;
    let host = Rc::new(Terminal {
        json: args.json,
        deadline: Instant::now() + Duration::from_secs(args.time_limit),
    });
    if let Err(error) = run_script(&source, &Limits::default(), host) {
        let place = match (error.line, error.column) {
            (Some(line), Some(column)) => format!("{}:{line}:{column}", args.file.display()),
            _ => args.file.display().to_string(),
        };
        bail!("{place}: {}", error.message);
    }
    Ok(())
}
