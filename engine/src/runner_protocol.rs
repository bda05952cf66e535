//! The local runner's WebSocket protocol: what a page (or any client) and `ml-intro runner`
//! say to each other. Every message is one JSON text frame, tagged by `type`.
//!
//! A connection starts with the client's [`ClientMessage::Hello`] carrying the pairing token
//! and both versions; the runner answers [`RunnerMessage::Welcome`] (with the device it trains
//! on) or [`RunnerMessage::Refused`] and closes. Then the client may `submit` experiments,
//! `list` jobs, `attach` to a job from a sequence number, `cancel` it and ask for the `runs`
//! (the records of ended experiments). The runner numbers each job's snapshots 1, 2, 3…;
//! attaching from `n` delivers every snapshot after `n`, so a page that reconnects misses
//! nothing and sees nothing twice.
//!
//! A client may also `run-script`: the runner runs the Rhai script in a job of its own and
//! streams its outputs (numbered the same way) as `script-outputs`, the way a code cell shows
//! them in the browser.

use crate::device_info::DeviceInfo;
use crate::report::Snapshot;
use crate::script::ScriptError;
use crate::script::output::ScriptOutput;
use crate::spec::ExperimentSpec;
use serde::{Deserialize, Serialize};

/// This build's protocol version. A change that an older peer would misread raises it.
pub const PROTOCOL_VERSION: u32 = 3;

/// A job on one runner (numbered from 1, kept across restarts).
pub type RunnerJobId = u64;

/// From a client.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case", deny_unknown_fields)]
pub enum ClientMessage {
    /// The first message of a connection.
    Hello {
        protocol: u32,
        engine_version: String,
        /// The pairing token from the link the runner printed.
        token: String,
    },
    /// Queue an experiment; answered with `Submitted`, and the client is attached to it.
    Submit { spec: ExperimentSpec },
    /// Queue a Rhai script; answered with `Submitted`, and the client is attached to it.
    RunScript { source: String },
    /// Stop a queued or running job.
    Cancel { job: RunnerJobId },
    /// Every job this runner knows, answered with `Jobs`.
    List,
    /// Stream a job's snapshots numbered above `from_seq` (0 for all), then its new ones.
    Attach { job: RunnerJobId, from_seq: u64 },
    /// Continue a job that a killed runner left behind, from its last complete checkpoint.
    Resume { job: RunnerJobId },
    /// The record of every experiment this runner has trained, answered with `Runs`.
    Runs,
}

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum JobState {
    Queued,
    Running,
    Finished,
    Failed,
    Cancelled,
    /// The runner stopped (was killed) while the job ran; `resume` continues it.
    Interrupted,
}

/// One line of the job list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobSummary {
    pub job: RunnerJobId,
    pub state: JobState,
    /// The model and data, in words (e.g. "mlp on spiral", or "script: its first line").
    pub title: String,
    /// Steps the job has run, and the steps it asks for (0 and 0 for a script).
    pub step: u64,
    pub steps: u64,
    /// The highest snapshot (or output) sequence number so far.
    pub last_seq: u64,
}

/// From the runner.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum RunnerMessage {
    /// The hello was accepted.
    Welcome {
        protocol: u32,
        engine_version: String,
        device: DeviceInfo,
    },
    /// The hello was not accepted; the runner closes the connection after this.
    Refused {
        reason: String,
    },
    /// The device jobs run on, again when it changes (e.g. after a device loss).
    DeviceInfo {
        device: DeviceInfo,
    },
    /// A submitted job's number; `queued_behind` jobs run before it.
    Submitted {
        job: RunnerJobId,
        queued_behind: usize,
    },
    Jobs {
        jobs: Vec<JobSummary>,
    },
    /// The records of the experiments that ended, as a JSON array of
    /// [`crate::runs::RunRecord`]s (text, so that only a page that shows them links the parser
    /// of every spec they hold; read it with `RunRecord::list_from_json`).
    Runs {
        runs: String,
    },
    /// Snapshots `first_seq`, `first_seq + 1`, … of a job, in order. Several snapshots share
    /// one message when they come faster than a client is sent messages.
    Progress {
        job: RunnerJobId,
        first_seq: u64,
        snapshots: Vec<Snapshot>,
    },
    /// Outputs `first_seq`, `first_seq + 1`, … of a script job, in order.
    ScriptOutputs {
        job: RunnerJobId,
        first_seq: u64,
        outputs: Vec<ScriptOutput>,
    },
    /// A job ended; `last_seq` is its final snapshot's (or output's) number, `error` why it
    /// failed, and for a script that failed, `script_error` where.
    Done {
        job: RunnerJobId,
        state: JobState,
        last_seq: u64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        error: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        script_error: Option<ScriptError>,
    },
    /// A request failed, or a job did (`job` says which); the connection stays open.
    Error {
        job: Option<RunnerJobId>,
        message: String,
    },
}

/// Why a hello is refused, or `None` to accept it. The message says which side to update.
pub fn check_versions(client_protocol: u32, client_engine: &str) -> Option<String> {
    if client_protocol == PROTOCOL_VERSION {
        return None;
    }
    let (older, newer) = if client_protocol < PROTOCOL_VERSION {
        ("page", "runner")
    } else {
        ("runner", "page")
    };
    Some(format!(
        "the {older} is older than the {newer}: the page speaks runner protocol \
         {client_protocol} (engine {client_engine}), the runner protocol {PROTOCOL_VERSION} \
         (engine {}); update the {older}",
        crate::ENGINE_VERSION
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_tagged_json_that_round_trips() {
        let hello = ClientMessage::Hello {
            protocol: PROTOCOL_VERSION,
            engine_version: "0.1.0".into(),
            token: "abc".into(),
        };
        let json = serde_json::to_string(&hello).unwrap();
        let expected = format!(r#"{{"type":"hello","protocol":{PROTOCOL_VERSION},"#);
        assert!(json.starts_with(&expected), "{json}");
        let script = r#"{"type":"run-script","source":"print(1)"}"#;
        assert_eq!(
            serde_json::from_str::<ClientMessage>(script).unwrap(),
            ClientMessage::RunScript {
                source: "print(1)".into()
            }
        );
        assert_eq!(serde_json::from_str::<ClientMessage>(&json).unwrap(), hello);
        let attach = r#"{"type":"attach","job":3,"from_seq":7}"#;
        assert_eq!(
            serde_json::from_str::<ClientMessage>(attach).unwrap(),
            ClientMessage::Attach {
                job: 3,
                from_seq: 7
            }
        );
        let extra = r#"{"type":"cancel","job":1,"x":1}"#;
        assert!(serde_json::from_str::<ClientMessage>(extra).is_err());
        assert!(serde_json::from_str::<ClientMessage>(r#"{"type":"format-disk"}"#).is_err());
    }

    #[test]
    fn a_version_mismatch_names_the_side_to_update() {
        assert_eq!(check_versions(PROTOCOL_VERSION, "9.9.9"), None);
        let old_page = check_versions(PROTOCOL_VERSION - 1, "0.0.1").unwrap();
        assert!(old_page.contains("update the page"), "{old_page}");
        let old_runner = check_versions(PROTOCOL_VERSION + 1, "9.0.0").unwrap();
        assert!(old_runner.contains("update the runner"), "{old_runner}");
    }
}
