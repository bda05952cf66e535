//! One client's WebSocket: the hello (token and versions, within 5 s), then requests and the
//! snapshots of the jobs it attached to.
//!
//! A client never gets a queue of its own that could grow: for each attached job it keeps
//! only a cursor (the last sequence number sent) and reads the job's shared log from there.
//! Progress goes out at most [`MAX_PROGRESS_PER_SEC`] messages a second, each carrying every
//! snapshot since the last, so a slow or stalled client lags behind (and catches up later)
//! while training and other clients go on.

use super::RunnerState;
use super::work::Work;
use axum::extract::ws::{Message, Utf8Bytes, WebSocket};
use ml_intro_engine::ENGINE_VERSION;
use ml_intro_engine::runner_protocol::{
    ClientMessage, JobState, PROTOCOL_VERSION, RunnerJobId, RunnerMessage, check_versions,
};
use ml_intro_engine::runs::RunRecord;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::{Instant, sleep_until, timeout};

/// The hello must arrive within this time, or the runner closes the connection.
pub const HELLO_TIMEOUT: Duration = Duration::from_secs(5);
/// Progress messages per second per client, at most: the rate the site's charts redraw at.
/// (Each send wakes the runner's threads, which share the cores with the training job: at
/// 60 a second, 50 watchers cost the job 3.5 % of its speed on 2 cores.)
pub const MAX_PROGRESS_PER_SEC: u32 = 20;
/// Snapshots per progress message, at most (keeps each message well under 1 MiB).
const MAX_SNAPSHOTS_PER_MESSAGE: usize = 64;

pub async fn serve(mut socket: WebSocket, state: Arc<RunnerState>, peer: SocketAddr) {
    match hello(&mut socket, &state).await {
        Ok(()) => {}
        Err(reason) => {
            eprintln!("ml-intro runner: refused {peer}: {reason}");
            let _ = send(&mut socket, &RunnerMessage::Refused { reason }).await;
            let _ = socket.send(Message::Close(None)).await;
            return;
        }
    }
    if let Err(reason) = session(&mut socket, &state).await {
        eprintln!("ml-intro runner: closed the connection of {peer}: {reason}");
    }
}

/// Reads and checks the first message.
async fn hello(socket: &mut WebSocket, state: &RunnerState) -> Result<(), String> {
    let first = timeout(HELLO_TIMEOUT, socket.recv())
        .await
        .map_err(|_| "no hello within 5 s".to_string())?;
    let text = match first {
        Some(Ok(Message::Text(text))) => text,
        Some(Ok(_)) => return Err("the first message was not a JSON text hello".into()),
        Some(Err(error)) => return Err(format!("reading the hello: {error}")),
        None => return Err("closed before the hello".into()),
    };
    let Ok(ClientMessage::Hello {
        protocol,
        engine_version,
        token,
    }) = serde_json::from_str(&text)
    else {
        return Err("the first message was not a hello".into());
    };
    if !state.token.matches(&token) {
        return Err("wrong pairing token (open the pairing link the runner printed)".into());
    }
    if let Some(reason) = check_versions(protocol, &engine_version) {
        return Err(reason);
    }
    let welcome = RunnerMessage::Welcome {
        protocol: PROTOCOL_VERSION,
        engine_version: ENGINE_VERSION.into(),
        device: state.device.clone(),
    };
    send(socket, &welcome)
        .await
        .map_err(|error| format!("sending the welcome: {error}"))
}

/// Requests and progress until the client goes away.
async fn session(socket: &mut WebSocket, state: &RunnerState) -> Result<(), String> {
    let mut changes = state.jobs.subscribe();
    // Per attached job: the last sequence number sent.
    let mut cursors: BTreeMap<RunnerJobId, u64> = BTreeMap::new();
    let interval = Duration::from_secs(1) / MAX_PROGRESS_PER_SEC;
    let mut next_progress = Instant::now();
    loop {
        if Instant::now() >= next_progress
            && let Some(text) = pending_progress(state, &mut cursors)
        {
            send_text(socket, text).await.map_err(|e| e.to_string())?;
            next_progress = Instant::now() + interval;
            continue;
        }
        // Between two progress messages, only the timer wakes this client: job changes
        // (every snapshot of every job) would wake all watchers for nothing.
        let waiting = !cursors.is_empty();
        let due = Instant::now() >= next_progress;
        tokio::select! {
            incoming = socket.recv() => match incoming {
                Some(Ok(Message::Text(text))) => {
                    let reply = request(state, &text, &mut cursors);
                    if let Some(reply) = reply {
                        send(socket, &reply).await.map_err(|e| e.to_string())?;
                    }
                }
                Some(Ok(Message::Binary(_))) => {
                    let reply = error(None, "messages are JSON text, not binary".into());
                    send(socket, &reply).await.map_err(|e| e.to_string())?;
                }
                Some(Ok(Message::Close(_))) | None => return Ok(()),
                Some(Ok(_)) => {}
                Some(Err(error)) => return Err(error.to_string()),
            },
            changed = changes.changed(), if waiting && due => {
                if changed.is_err() {
                    return Ok(());
                }
            }
            () = sleep_until(next_progress), if waiting && !due => {}
        }
    }
}

/// Carries out one request; the reply, if it has one.
fn request(
    state: &RunnerState,
    text: &str,
    cursors: &mut BTreeMap<RunnerJobId, u64>,
) -> Option<RunnerMessage> {
    let message: ClientMessage = match serde_json::from_str(text) {
        Ok(message) => message,
        Err(problem) => return Some(error(None, format!("unreadable message: {problem}"))),
    };
    let jobs = &state.jobs;
    match message {
        ClientMessage::Hello { .. } => Some(error(None, "already paired".into())),
        ClientMessage::Submit { spec } => {
            if let Err(problem) = spec.validate() {
                return Some(error(
                    None,
                    format!("the experiment is not valid: {problem}"),
                ));
            }
            Some(submit(state, Work::Experiment(spec), cursors))
        }
        ClientMessage::RunScript { source } => Some(submit(state, Work::Script(source), cursors)),
        ClientMessage::Cancel { job } => jobs.cancel(job).err().map(|e| error(Some(job), e)),
        // The client attaches from the last snapshot it has, to see the rest once.
        ClientMessage::Resume { job } => jobs.resume(job).err().map(|e| error(Some(job), e)),
        ClientMessage::List => Some(RunnerMessage::Jobs { jobs: jobs.list() }),
        ClientMessage::Runs => Some(RunnerMessage::Runs {
            runs: RunRecord::list_to_json(&jobs.runs()),
        }),
        ClientMessage::Attach { job, from_seq } => match jobs.view(job, from_seq, 0) {
            Some(_) => {
                cursors.insert(job, from_seq);
                None
            }
            None => Some(error(Some(job), format!("there is no job {job}"))),
        },
    }
}

/// Queues `work` and attaches the client to it.
fn submit(
    state: &RunnerState,
    work: Work,
    cursors: &mut BTreeMap<RunnerJobId, u64>,
) -> RunnerMessage {
    match state.jobs.submit(work) {
        Ok((job, queued_behind)) => {
            cursors.insert(job, 0);
            RunnerMessage::Submitted { job, queued_behind }
        }
        Err(problem) => error(None, format!("{problem:#}")),
    }
}

/// The next progress (or end) message of an attached job, taking turns between jobs, as the
/// JSON text to send. A progress message is put together from the snapshots' own JSON, so
/// each snapshot is serialised once however many clients watch.
fn pending_progress(
    state: &RunnerState,
    cursors: &mut BTreeMap<RunnerJobId, u64>,
) -> Option<String> {
    let attached: Vec<(RunnerJobId, u64)> = cursors.iter().map(|(&j, &c)| (j, c)).collect();
    for (job, cursor) in attached {
        let Some(view) = state.jobs.view(job, cursor, MAX_SNAPSHOTS_PER_MESSAGE) else {
            cursors.remove(&job);
            continue;
        };
        if !view.snapshots.is_empty() {
            cursors.insert(job, cursor + view.snapshots.len() as u64);
            let entries: Vec<&str> = view.snapshots.iter().map(|s| s.json.as_str()).collect();
            return Some(view.work.message(job, cursor + 1, &entries));
        }
        let ended = matches!(
            view.state,
            JobState::Finished | JobState::Failed | JobState::Cancelled | JobState::Interrupted
        );
        if ended && cursor >= view.last_seq {
            cursors.remove(&job);
            let done = RunnerMessage::Done {
                job,
                state: view.state,
                last_seq: view.last_seq,
                error: view.error,
                script_error: view.script_error,
            };
            return Some(serde_json::to_string(&done).unwrap_or_default());
        }
    }
    None
}

fn error(job: Option<RunnerJobId>, message: String) -> RunnerMessage {
    RunnerMessage::Error { job, message }
}

async fn send(socket: &mut WebSocket, message: &RunnerMessage) -> Result<(), axum::Error> {
    send_text(socket, serde_json::to_string(message).unwrap_or_default()).await
}

async fn send_text(socket: &mut WebSocket, text: String) -> Result<(), axum::Error> {
    socket.send(Message::Text(Utf8Bytes::from(text))).await
}
