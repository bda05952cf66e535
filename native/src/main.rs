//! `ml-intro`: the native companion of the ml-intro site.

mod serve;
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
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Command::Serve(args) => serve::run(args),
        Command::Train(args) => train::run(args),
    }
}
