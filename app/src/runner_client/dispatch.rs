//! What the page does with each message from the runner: the job list and the device go to
//! their signals, a job's snapshots, outputs and end to the listener that watches it.

use super::{Listener, RunnerEvent, RunnerStatus, jobs, runs, status, with_client};
use leptos::prelude::*;
use ml_intro_engine::runner_protocol::{ClientMessage, RunnerJobId, RunnerMessage};
use std::rc::Rc;

/// Routes one runner message to the job list or the listener it concerns, calling listeners
/// outside the client's borrow (they may submit again).
pub(super) fn dispatch(message: RunnerMessage) {
    let routed = match message {
        RunnerMessage::Submitted { job, queued_behind } => with_client(|client| {
            let listener = client.pending.pop_front()?;
            client.watched.insert(job, (Rc::clone(&listener), 0));
            client.send(ClientMessage::List);
            Some((listener, RunnerEvent::Submitted { job, queued_behind }))
        }),
        RunnerMessage::Progress {
            job,
            first_seq,
            snapshots,
        } => {
            let count = snapshots.len();
            streamed(job, first_seq, count, RunnerEvent::Progress(snapshots))
        }
        RunnerMessage::ScriptOutputs {
            job,
            first_seq,
            outputs,
        } => {
            let count = outputs.len();
            streamed(job, first_seq, count, RunnerEvent::ScriptOutputs(outputs))
        }
        RunnerMessage::Done {
            job,
            state,
            error,
            script_error,
            ..
        } => with_client(|client| {
            client.send(ClientMessage::List);
            let (listener, _) = client.watched.remove(&job)?;
            Some((listener, RunnerEvent::Done(state, error, script_error)))
        }),
        // Only a submit is answered with an error that names no job.
        RunnerMessage::Error { job: None, message } => with_client(|client| {
            let listener = client.pending.pop_front()?;
            Some((listener, RunnerEvent::Refused(message)))
        }),
        // A watched job the runner no longer has (its data folder was cleared, say).
        RunnerMessage::Error {
            job: Some(job),
            message,
        } => with_client(|client| {
            let (listener, _) = client.watched.remove(&job)?;
            Some((listener, RunnerEvent::Refused(message)))
        }),
        RunnerMessage::Jobs { jobs } => {
            self::jobs().set(jobs);
            None
        }
        RunnerMessage::Runs { runs } => {
            self::runs().set(runs);
            None
        }
        RunnerMessage::DeviceInfo { device } => {
            status().set(RunnerStatus::Connected(device));
            None
        }
        RunnerMessage::Welcome { .. } | RunnerMessage::Refused { .. } => None,
    };
    if let Some((listener, event)) = routed {
        listener(event);
    }
}

/// `count` entries of watched job `job` from `first_seq` on: the job's cursor moves past them,
/// and its listener hears `event`.
fn streamed(
    job: RunnerJobId,
    first_seq: u64,
    count: usize,
    event: RunnerEvent,
) -> Option<(Listener, RunnerEvent)> {
    with_client(|client| {
        let (listener, last_seq) = client.watched.get_mut(&job)?;
        *last_seq = first_seq + count.saturating_sub(1) as u64;
        Some((Rc::clone(listener), event))
    })
}
