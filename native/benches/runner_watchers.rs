//! Does watching a job slow it down? The same spiral job on one `ml-intro runner`, trained
//! with no client attached and with 50 clients attached (each receiving every snapshot),
//! alternating, median of the rounds. Training speed comes from the job's own snapshots (time
//! spent in its worker's steps), so the clients' cost shows up only if it takes the CPU from
//! training. Target: within 2 %.

use ml_intro_engine::runner_protocol::{ClientMessage, PROTOCOL_VERSION, RunnerMessage};
use ml_intro_engine::{ENGINE_VERSION, ExperimentSpec, Snapshot, ToyDataset};
use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use tungstenite::client::IntoClientRequest;
use tungstenite::http::HeaderValue;
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

const SITE: &str = "https://site.example";
const WATCHERS: usize = 50;
const ROUNDS: usize = 3;
const STEPS: u64 = 400_000;
const EVAL_EVERY: u64 = 2_000;

type Client = WebSocket<MaybeTlsStream<TcpStream>>;

struct Runner {
    child: Child,
    port: u16,
    token: String,
}

impl Drop for Runner {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn main() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let runner = start(dir.path());
    let mut alone = Vec::new();
    let mut watched = Vec::new();
    for _ in 0..ROUNDS {
        alone.push(steps_per_sec(&run_job(&runner, 0)));
        watched.push(steps_per_sec(&run_job(&runner, WATCHERS)));
    }
    let (alone, watched) = (median(alone), median(watched));
    let ratio = watched / alone;
    let verdict = if ratio >= 0.98 {
        "meets target"
    } else {
        "MISSES target"
    };
    println!("runner job 2→8→8→1 spiral, batch 32, {STEPS} steps, a snapshot every {EVAL_EVERY}");
    println!("  no client attached: {alone:.0} steps/s (median of {ROUNDS})");
    println!("  {WATCHERS} clients attached: {watched:.0} steps/s (median of {ROUNDS})");
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

fn start(data_dir: &std::path::Path) -> Runner {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ml-intro"))
        .args(["runner", "--port", "0", "--device", "cpu", "--site", SITE])
        .args(["--checkpoint-every", "1000000"])
        .arg("--data-dir")
        .arg(data_dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting ml-intro runner");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let link = loop {
        let line = lines.next().expect("a pairing link").expect("a line");
        if let Some(link) = line.split("pair a page with ").nth(1) {
            break link.to_string();
        }
    };
    std::thread::spawn(move || lines.for_each(drop));
    let fragment = link.split_once('#').expect("a fragment").1;
    let field = |name: &str| {
        let pair = fragment.split('&').find(|pair| pair.starts_with(name));
        pair.and_then(|pair| pair.split_once('='))
            .expect("a field")
            .1
            .to_string()
    };
    Runner {
        child,
        port: field("port").parse().expect("a port"),
        token: field("token"),
    }
}

fn paired(runner: &Runner) -> Client {
    let mut request = format!("ws://127.0.0.1:{}/runner", runner.port)
        .into_client_request()
        .expect("a request");
    request
        .headers_mut()
        .insert("Origin", HeaderValue::from_static(SITE));
    let (mut client, _) = tungstenite::connect(request).expect("connecting");
    let hello = ClientMessage::Hello {
        protocol: PROTOCOL_VERSION,
        engine_version: ENGINE_VERSION.into(),
        token: runner.token.clone(),
    };
    send(&mut client, &hello);
    assert!(matches!(
        receive(&mut client),
        RunnerMessage::Welcome { .. }
    ));
    client
}

fn send(client: &mut Client, message: &ClientMessage) {
    let text = serde_json::to_string(message).expect("JSON");
    client.send(Message::text(text)).expect("sending");
}

fn receive(client: &mut Client) -> RunnerMessage {
    loop {
        match client.read().expect("a message") {
            Message::Text(text) => return serde_json::from_str(&text).expect("a runner message"),
            Message::Close(_) => panic!("the runner closed the connection"),
            _ => {}
        }
    }
}
