//! The page's side of a local runner (`ml-intro runner`): one WebSocket to it, paired with
//! the token from its link, that reconnects with backoff and re-attaches every job the page
//! watches from the last snapshot it has, so a dropped connection loses nothing.
//!
//! Widgets submit specs here instead of to the web worker; the runner's snapshots reach them
//! as [`RunnerEvent`]s and drive the same charts. Code cells send scripts the same way, and
//! hear their outputs.

mod dispatch;
mod pairing;

use futures::channel::mpsc::{UnboundedSender, unbounded};
use futures::{SinkExt, StreamExt};
use gloo_net::websocket::futures::WebSocket;
use gloo_net::websocket::{Message, WebSocketError};
use gloo_timers::future::sleep;
use leptos::prelude::*;
use leptos::task::spawn_local;
use ml_intro_engine::runner_protocol::{
    ClientMessage, JobState, JobSummary, PROTOCOL_VERSION, RunnerJobId, RunnerMessage,
};
use ml_intro_engine::script::ScriptError;
use ml_intro_engine::script::output::ScriptOutput;
use ml_intro_engine::{DeviceInfo, ENGINE_VERSION, ExperimentSpec, Snapshot};
pub use pairing::Pairing;
use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};
use std::rc::Rc;
use std::time::Duration;

/// Waits between reconnection attempts: doubling from the first, up to the last.
const FIRST_RETRY: Duration = Duration::from_secs(1);
const LONGEST_RETRY: Duration = Duration::from_secs(30);

/// What the runner panel and the "Run on" switches show.
#[derive(Debug, Clone, PartialEq)]
pub enum RunnerStatus {
    NotPaired,
    Connecting,
    Connected(DeviceInfo),
    /// The connection failed or dropped; another attempt follows after `retry_seconds`.
    Waiting {
        reason: String,
        retry_seconds: u64,
    },
    /// The runner refused this pairing (wrong token, other version): pair again.
    Refused(String),
}

/// What a widget hears about a job it submitted.
#[derive(Debug, Clone, PartialEq)]
pub enum RunnerEvent {
    /// The runner took the job as `job`; `queued_behind` jobs run first.
    Submitted {
        job: RunnerJobId,
        queued_behind: usize,
    },
    Progress(Vec<Snapshot>),
    /// More outputs of a script job.
    ScriptOutputs(Vec<ScriptOutput>),
    /// The job ended: finished, cancelled or failed (with the runner's reason, and for a
    /// script, where it failed).
    Done(JobState, Option<String>, Option<ScriptError>),
    /// The runner could not take the job.
    Refused(String),
}

type Listener = Rc<dyn Fn(RunnerEvent)>;

struct Client {
    status: RwSignal<RunnerStatus>,
    jobs: RwSignal<Vec<JobSummary>>,
    /// The runner's run records as of the last `runs` answer: JSON text, parsed by the one
    /// widget that shows them.
    runs: RwSignal<String>,
    pairing: Option<Pairing>,
    /// Messages to the open, welcomed connection.
    outbox: Option<UnboundedSender<ClientMessage>>,
    /// Listeners of submitted jobs the runner has not numbered yet, oldest first.
    pending: VecDeque<Listener>,
    /// Watched jobs: their listener and the last sequence number received.
    watched: HashMap<RunnerJobId, (Listener, u64)>,
    /// Counts connection loops: an old loop stops when it sees a newer one.
    generation: u64,
}

thread_local! {
    static CLIENT: RefCell<Option<Client>> = const { RefCell::new(None) };
}

fn with_client<R>(action: impl FnOnce(&mut Client) -> R) -> R {
    CLIENT.with_borrow_mut(|client| {
        let client = client.get_or_insert_with(|| Client {
            status: RwSignal::new(RunnerStatus::NotPaired),
            jobs: RwSignal::new(Vec::new()),
            runs: RwSignal::new(String::new()),
            pairing: None,
            outbox: None,
            pending: VecDeque::new(),
            watched: HashMap::new(),
            generation: 0,
        });
        action(client)
    })
}

/// Connects to the pairing this browser remembers, if there is one; called once by the app.
pub fn install() {
    if let Some(pairing) = Pairing::load() {
        connect(pairing);
    }
}

pub fn status() -> RwSignal<RunnerStatus> {
    with_client(|client| client.status)
}

/// The runner's jobs, as of the last list.
pub fn jobs() -> RwSignal<Vec<JobSummary>> {
    with_client(|client| client.jobs)
}

/// The runner's records of the experiments it trained, as of the last [`refresh_runs`]: a JSON
/// array (`RunRecord::list_from_json`), or empty before the first answer.
pub fn runs() -> RwSignal<String> {
    with_client(|client| client.runs)
}

/// Asks the runner for its run records again (nothing happens while it is not connected).
pub fn refresh_runs() {
    with_client(|client| client.send(ClientMessage::Runs));
}

/// Remembers `pairing` and connects with it (dropping any other connection).
pub fn connect(pairing: Pairing) {
    pairing.save();
    let generation = with_client(|client| {
        client.pairing = Some(pairing);
        client.outbox = None;
        client.generation += 1;
        client.generation
    });
    spawn_local(keep_connected(generation));
}

/// Forgets the pairing and closes the connection; watched jobs keep running on the runner.
pub fn forget() {
    Pairing::forget();
    let listeners = with_client(|client| {
        client.pairing = None;
        client.outbox = None;
        client.generation += 1;
        client.status.set(RunnerStatus::NotPaired);
        client.jobs.set(Vec::new());
        let pending = client.pending.drain(..);
        let watched = client.watched.drain().map(|(_, (listener, _))| listener);
        pending.chain(watched).collect::<Vec<_>>()
    });
    for listener in listeners {
        listener(RunnerEvent::Refused(
            "the runner pairing was forgotten".into(),
        ));
    }
}

/// Sends `spec` to the runner; `on_event` hears the job until it is done.
pub fn submit(spec: ExperimentSpec, on_event: impl Fn(RunnerEvent) + 'static) {
    queue(ClientMessage::Submit { spec }, Rc::new(on_event));
}

/// Sends a script to the runner; `on_event` hears its outputs until it is done.
pub fn run_script(source: String, on_event: impl Fn(RunnerEvent) + 'static) {
    queue(ClientMessage::RunScript { source }, Rc::new(on_event));
}

/// Sends a job-making message; the job's events go to `listener`.
fn queue(message: ClientMessage, listener: Listener) {
    let sent = with_client(|client| {
        let sent = client.send(message);
        if sent {
            client.pending.push_back(Rc::clone(&listener));
        }
        sent
    });
    if !sent {
        listener(RunnerEvent::Refused(
            "the local runner is not connected".into(),
        ));
    }
}

/// Stops a job on the runner (its end still reaches its listener).
pub fn cancel(job: RunnerJobId) {
    with_client(|client| client.send(ClientMessage::Cancel { job }));
}

/// Asks the runner to carry on with an interrupted job, and watches it (without a listener
/// of its own: the panel's job list shows it).
pub fn resume(job: RunnerJobId) {
    with_client(|client| {
        client.send(ClientMessage::Resume { job });
        client.send(ClientMessage::List);
    });
}

/// Asks for the job list again.
pub fn refresh_jobs() {
    with_client(|client| client.send(ClientMessage::List));
}

impl Client {
    /// Queues a message on the open connection; false when there is none.
    fn send(&mut self, message: ClientMessage) -> bool {
        match &self.outbox {
            Some(outbox) => outbox.unbounded_send(message).is_ok(),
            None => false,
        }
    }
}

/// Connects, and reconnects with backoff whenever the connection drops, until the pairing
/// changes or the runner refuses it.
async fn keep_connected(generation: u64) {
    let mut wait = FIRST_RETRY;
    loop {
        let Some(pairing) = with_client(|client| {
            (client.generation == generation).then(|| client.pairing.clone())?
        }) else {
            return;
        };
        status().set(RunnerStatus::Connecting);
        let outcome = session(&pairing, generation).await;
        if with_client(|client| client.generation != generation) {
            return;
        }
        with_client(|client| client.outbox = None);
        match outcome {
            Ended::Refused(reason) => {
                status().set(RunnerStatus::Refused(reason));
                return;
            }
            Ended::Dropped { reason, welcomed } => {
                if welcomed {
                    wait = FIRST_RETRY;
                }
                status().set(RunnerStatus::Waiting {
                    reason,
                    retry_seconds: wait.as_secs(),
                });
                sleep(wait).await;
                wait = (wait * 2).min(LONGEST_RETRY);
            }
        }
    }
}

enum Ended {
    Refused(String),
    Dropped { reason: String, welcomed: bool },
}

/// One connection: hello, then messages both ways until it closes.
async fn session(pairing: &Pairing, generation: u64) -> Ended {
    let url = pairing.socket_url();
    let unreachable = |detail: String| Ended::Dropped {
        reason: format!("cannot reach the runner at {url} ({detail})"),
        welcomed: false,
    };
    let socket = match WebSocket::open(&url) {
        Ok(socket) => socket,
        Err(error) => return unreachable(error.to_string()),
    };
    let (mut sink, mut stream) = socket.split();
    let hello = ClientMessage::Hello {
        protocol: PROTOCOL_VERSION,
        engine_version: ENGINE_VERSION.into(),
        token: pairing.token.clone(),
    };
    let (outbox, mut outgoing) = unbounded::<ClientMessage>();
    let _ = outbox.unbounded_send(hello);
    spawn_local(async move {
        while let Some(message) = outgoing.next().await {
            let Ok(text) = serde_json::to_string(&message) else {
                continue;
            };
            if sink.send(Message::Text(text)).await.is_err() {
                break;
            }
        }
    });
    let mut welcomed = false;
    while let Some(received) = stream.next().await {
        if with_client(|client| client.generation != generation) {
            return Ended::Dropped {
                reason: "replaced".into(),
                welcomed,
            };
        }
        let text = match received {
            Ok(Message::Text(text)) => text,
            Ok(Message::Bytes(_)) => continue,
            Err(WebSocketError::ConnectionClose(event)) if !welcomed => {
                return unreachable(format!(
                    "closed with code {}; is `ml-intro runner` running, and was it started \
                     for this site?",
                    event.code
                ));
            }
            Err(WebSocketError::ConnectionClose(event)) => {
                return Ended::Dropped {
                    reason: format!("the runner closed the connection (code {})", event.code),
                    welcomed,
                };
            }
            Err(_) if !welcomed => return unreachable("the connection failed".into()),
            Err(_) => continue,
        };
        let message = match serde_json::from_str::<RunnerMessage>(&text) {
            Ok(message) => message,
            Err(error) => {
                leptos::logging::error!("ml-intro: ignored a runner message: {error}");
                continue;
            }
        };
        match message {
            RunnerMessage::Welcome { device, .. } => {
                welcomed = true;
                on_welcome(device, outbox.clone());
            }
            RunnerMessage::Refused { reason } => return Ended::Refused(reason),
            other => dispatch::dispatch(other),
        }
    }
    Ended::Dropped {
        reason: "the connection ended".into(),
        welcomed,
    }
}

/// The runner accepted the pairing: re-attach every watched job where it left off.
fn on_welcome(device: DeviceInfo, outbox: UnboundedSender<ClientMessage>) {
    with_client(|client| {
        client.status.set(RunnerStatus::Connected(device));
        for (&job, &(_, last_seq)) in &client.watched {
            let _ = outbox.unbounded_send(ClientMessage::Attach {
                job,
                from_seq: last_seq,
            });
        }
        let _ = outbox.unbounded_send(ClientMessage::List);
        client.outbox = Some(outbox);
    });
}
