//! Does watching a job slow it down? The same spiral job on one `ml-intro runner`, trained
//! with no client attached and with 50 clients attached (each receiving every snapshot),
//! alternating, median of the rounds. Training speed comes from the job's own snapshots (time
//! spent in its worker's steps), so the clients' cost shows up only if it takes the CPU from
//! training. Target: within 2 %.

#[path = "../tests/support/runner_client.rs"]
mod runner_client;

use ml_intro_engine::runner_protocol::{ClientMessage, RunnerMessage};
use ml_intro_engine::{ExperimentSpec, Snapshot, ToyDataset};
use runner_client::{Client, Runner, paired, receive, send, start};

const WATCHERS: usize = 50;
const ROUNDS: usize = 5;
const STEPS: u64 = 400_000;
const EVAL_EVERY: u64 = 2_000;

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    // Checkpoints out of the way: only training and watching are timed.
    let runner = start(dir.path(), 1_000_000);
    let mut alone = Vec::new();
    let mut watched = Vec::new();
    for _ in 0..ROUNDS {
        alone.push(steps_per_sec(&run_job(&runner, 0)));
        watched.push(steps_per_sec(&run_job(&runner, WATCHERS)));
    }
    let spread = |rounds: &[f64]| {
        let rounds: Vec<String> = rounds.iter().map(|value| format!("{value:.0}")).collect();
        rounds.join(", ")
    };
    let (alone_rounds, watched_rounds) = (spread(&alone), spread(&watched));
    let (alone, watched) = (median(alone), median(watched));
    let ratio = watched / alone;
    let verdict = if ratio >= 0.98 {
        "meets target"
    } else {
        "MISSES target"
    };
    println!("runner job 2→8→8→1 spiral, batch 32, {STEPS} steps, a snapshot every {EVAL_EVERY}");
    println!("  no client attached: {alone:.0} steps/s (median of {ROUNDS}: {alone_rounds})");
    println!(
        "  {WATCHERS} clients attached: {watched:.0} steps/s (median of {ROUNDS}: {watched_rounds})"
    );
    println!("  ratio {ratio:.3} (target ≥ 0.98): {verdict}");
}

/// Training steps per second over a job, from its snapshots' own timings.
fn steps_per_sec(snapshots: &[Snapshot]) -> f64 {
    let seconds: f64 = snapshots
        .iter()
        .map(|snapshot| EVAL_EVERY as f64 / f64::from(snapshot.steps_per_sec))
        .sum();
    (snapshots.len() as f64 * EVAL_EVERY as f64) / seconds
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// Submits the job, lets `watchers` clients follow it to the end, and returns its snapshots.
fn run_job(runner: &Runner, watchers: usize) -> Vec<Snapshot> {
    let mut submitter = paired(runner);
    let mut spec = ExperimentSpec::toy(ToyDataset::Spiral);
    spec.batch_size = 32;
    spec.steps = STEPS;
    spec.eval_every = EVAL_EVERY;
    send(&mut submitter, &ClientMessage::Submit { spec });
    let RunnerMessage::Submitted { job, .. } = receive(&mut submitter) else {
        panic!("the job was not submitted");
    };
    drop(submitter);
    let threads: Vec<_> = (0..watchers)
        .map(|_| {
            let mut client = paired(runner);
            std::thread::spawn(move || {
                send(&mut client, &ClientMessage::Attach { job, from_seq: 0 });
                follow(&mut client, job)
            })
        })
        .collect();
    for thread in threads {
        let received = thread.join().expect("a watcher");
        assert_eq!(received.len() as u64, STEPS / EVAL_EVERY);
    }
    // Afterwards, one client reads the whole log.
    let mut reader = paired(runner);
    send(&mut reader, &ClientMessage::Attach { job, from_seq: 0 });
    follow(&mut reader, job)
}

/// Every snapshot of `job` until it is done.
fn follow(client: &mut Client, job: u64) -> Vec<Snapshot> {
    let mut snapshots = Vec::new();
    loop {
        match receive(client) {
            RunnerMessage::Progress {
                job: from,
                snapshots: more,
                ..
            } if from == job => snapshots.extend(more),
            RunnerMessage::Done { job: from, .. } if from == job => return snapshots,
            other => panic!("unexpected message: {other:?}"),
        }
    }
}
