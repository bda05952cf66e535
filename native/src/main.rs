//! `ml-intro`: the native companion of the ml-intro site.

mod runner;
mod script;
mod serve;
mod site_policy;
mod train;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "ml-intro",
    version,
    about = "Serve the ml-intro course locally, and run its experiments on your own hardware."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the built site on http://127.0.0.1 (and nowhere else).
    Serve(serve::ServeArgs),
    /// Train one experiment on this machine (CUDA, Vulkan/Metal or CPU).
    Train(train::TrainArgs),
    /// Train the site's experiments on this machine for pages paired with it (127.0.0.1 only).
    Runner(runner::RunnerArgs),
    /// Run a course script (Rhai) on this machine, as the site's code cells do.
    Script(script::ScriptArgs),
    /// One runner job in its own process (started by the runner).
    #[command(hide = true)]
    RunnerJob(runner::JobArgs),
    /// Print the device runner jobs would use (started by the runner).
    #[command(hide = true)]
    RunnerProbe(runner::ProbeArgs),
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve(args) => serve::run(args),
        Command::Train(args) => train::run(args),
        Command::Runner(args) => runner::run(args),
        Command::Script(args) => script::run(args),
        Command::RunnerJob(args) => runner::run_job(args),
        Command::RunnerProbe(args) => runner::run_probe(args),
    }
}
