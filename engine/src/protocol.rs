//! Messages between a page and whatever trains for it: the site's web worker now, the native
//! runner later. Burn-free, so the UI can speak it without linking the engine's compute part.

use crate::device_info::DeviceInfo;
use crate::query::{Answer, Query};
use crate::report::{PlanePoints, Snapshot, WeightEdit};
use crate::script::output::{ScriptError, ScriptOutput};
use crate::spec::ExperimentSpec;
use serde::{Deserialize, Serialize};

/// Identifies one training job within a connection.
pub type JobId = u32;

/// Which device a page would like its jobs to run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BackendChoice {
    /// The GPU where a hardware one is usable, else the CPU. A software adapter (a GPU emulated
    /// on the CPU, such as SwiftShader) is passed over: the CPU path is faster than it.
    Auto,
    /// The GPU, even a software one; the CPU only where there is none.
    Gpu,
    /// The CPU, even where a GPU is available.
    Cpu,
}

impl BackendChoice {
    /// The choice's name in URLs (`?backend=cpu`).
    pub fn as_str(self) -> &'static str {
        match self {
            BackendChoice::Auto => "auto",
            BackendChoice::Gpu => "gpu",
            BackendChoice::Cpu => "cpu",
        }
    }

    /// Reads a URL value; anything unknown means `Auto`.
    pub fn from_url_value(value: &str) -> Self {
        match value {
            "cpu" => BackendChoice::Cpu,
            "gpu" => BackendChoice::Gpu,
            _ => BackendChoice::Auto,
        }
    }
}

/// Faults a test page may ask a worker to simulate, to prove the page survives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Fault {
    /// A Rust panic inside the engine.
    Panic,
}

/// From the page. (A spec makes `Train` large; messages are built once and serialised, so the
/// size does not matter.)
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Request {
    /// Train `spec` until its loss reaches `target_loss` or `max_steps` steps have run.
    Train {
        job: JobId,
        spec: ExperimentSpec,
        max_steps: u64,
        target_loss: f32,
    },
    /// Set `spec` up without training (the playground): answered with `Opened` and a
    /// `Progress` look at step 0. The job then waits for `Play`, `Step`, `SetWeight`.
    Open { job: JobId, spec: ExperimentSpec },
    /// Train an open job until `Pause`, its loss reaches `target_loss` or its step count
    /// reaches `max_steps`; then it waits again (`Idle`).
    Play {
        job: JobId,
        max_steps: u64,
        target_loss: f32,
    },
    /// Stop training an open job after the current batch; it stays open.
    Pause { job: JobId },
    /// Run exactly `steps` more optimizer steps of an open job, then report.
    Step { job: JobId, steps: u32 },
    /// Set one weight or bias of an open job by hand; answered with a `Progress` look.
    SetWeight { job: JobId, edit: WeightEdit },
    /// Ask an open job's model a question (classify, decode, generate, attention), while it
    /// trains or waits; answered with `Answer` carrying the same `query_id`. The [`Query`] is
    /// JSON text ([`encode_query`]), like the answer, so that the site's own pages, which
    /// never ask, carry neither's code (their wasm has a size budget).
    Query {
        job: JobId,
        query_id: u32,
        query: String,
    },
    /// The open job's network as a model file (safetensors, see `engine::mlops`); answered
    /// with `Exported`, or `Refused` saying which models can be exported.
    Export { job: JobId },
    /// Open a job from a model file: its spec with its weights, at step 0. Answered with
    /// `Imported` (the spec, for the page's controls), then as `Open`; a file that is not a
    /// model this engine can load fails the job with the reason.
    Import { job: JobId, file: Vec<u8> },
    /// Stop a job and forget it; its last snapshot stays valid.
    Cancel { job: JobId },
    /// Run a script (a code cell) and stream its outputs; the page stops it by ending the
    /// worker, which runs nothing else.
    RunScript { job: JobId, source: String },
    /// Simulate a fault (only sent by pages opened with `?faults`).
    InjectFault { fault: Fault },
}

/// Why a job stopped without an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StopReason {
    ReachedTargetLoss,
    ReachedMaxSteps,
    Cancelled,
    /// The page asked an open job to pause.
    Paused,
}

/// To the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Event {
    /// The engine is loaded and has picked its device; jobs may be sent from now on.
    Ready {
        engine_version: String,
        device: DeviceInfo,
    },
    /// An open job's model file, for the page to save.
    Exported { job: JobId, file: Vec<u8> },
    /// An `Import` read its file: the model's experiment as JSON text (so that the site's
    /// UI, which reads only the playground's fields, links no parser for whole specs);
    /// `Opened` follows.
    Imported { job: JobId, spec: String },
    /// An `Open` job is ready; `points` are its data to draw, for 2-D toy sets.
    Opened {
        job: JobId,
        points: Option<PlanePoints>,
    },
    /// A job's state after a batch of steps (or a look at it after an edit).
    Progress { job: JobId, snapshot: Snapshot },
    /// An open job stopped training and waits for the page.
    Idle { job: JobId, reason: StopReason },
    /// A request the job could not carry out (e.g. an impossible weight edit); the job goes on.
    Refused { job: JobId, message: String },
    /// The answer to a `Query`, or why the model could not answer it (the job goes on):
    /// `Result<Answer, String>` as JSON text ([`encode_answer`], [`decode_answer`]), so that
    /// a page program that never asks carries no parser for answers.
    Answer {
        job: JobId,
        query_id: u32,
        answer: String,
    },
    /// A job ended normally; `snapshot` is its last state (none if cancelled before any step).
    Done {
        job: JobId,
        reason: StopReason,
        snapshot: Option<Snapshot>,
    },
    /// A job failed (bad spec, divergence, device error); the engine is still usable.
    Failed { job: JobId, message: String },
    /// One output of a running script, as it happens.
    ScriptOutput { job: JobId, output: ScriptOutput },
    /// A script ended: on its own, or with the error that stopped it.
    ScriptDone {
        job: JobId,
        error: Option<ScriptError>,
    },
    /// The engine itself broke (a panic); it must be restarted before the next job.
    Crashed { message: String },
}

/// A question as the text `Request::Query` carries.
pub fn encode_query(query: &Query) -> String {
    serde_json::to_string(query).unwrap_or_default()
}

/// The question `Request::Query` carries, or why it cannot be read.
pub fn decode_query(text: &str) -> Result<Query, String> {
    serde_json::from_str(text).map_err(|error| format!("unreadable question: {error}"))
}

/// An answer (or the reason there is none) as the text `Event::Answer` carries.
pub fn encode_answer(answer: &Result<Answer, String>) -> String {
    serde_json::to_string(answer)
        .unwrap_or_else(|error| format!(r#"{{"Err":"the answer could not be written: {error}"}}"#))
}

/// The answer `Event::Answer` carries.
pub fn decode_answer(text: &str) -> Result<Answer, String> {
    serde_json::from_str::<Result<Answer, String>>(text)
        .unwrap_or_else(|error| Err(format!("unreadable answer: {error}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_tagged_json_that_round_trips() {
        let request = Request::Train {
            job: 3,
            spec: ExperimentSpec::default(),
            max_steps: 100,
            target_loss: 0.01,
        };
        let json = serde_json::to_string(&request).unwrap();
        assert!(json.starts_with(r#"{"type":"train","job":3"#), "{json}");
        assert_eq!(serde_json::from_str::<Request>(&json).unwrap(), request);

        let edit = Request::SetWeight {
            job: 4,
            edit: WeightEdit {
                layer: 1,
                input: None,
                output: 2,
                value: -0.5,
            },
        };
        let json = serde_json::to_string(&edit).unwrap();
        assert!(
            json.starts_with(r#"{"type":"set-weight","job":4"#),
            "{json}"
        );
        assert_eq!(serde_json::from_str::<Request>(&json).unwrap(), edit);

        let query = Query::Decode {
            code: vec![0.5, -1.0],
        };
        assert_eq!(decode_query(&encode_query(&query)), Ok(query));
        assert!(
            decode_query("{}")
                .unwrap_err()
                .starts_with("unreadable question")
        );
        let image = Ok(Answer::Image {
            side: 2,
            pixels: vec![0.0, 0.5, 1.0, 0.25],
        });
        assert_eq!(decode_answer(&encode_answer(&image)), image);
        let refused = Err("the text is empty".to_string());
        assert_eq!(decode_answer(&encode_answer(&refused)), refused);
        assert!(
            decode_answer("{")
                .unwrap_err()
                .starts_with("unreadable answer")
        );

        let unknown = serde_json::from_str::<Request>(r#"{"type":"format-disk"}"#).unwrap_err();
        assert!(unknown.to_string().contains("format-disk"), "{unknown}");
    }
}
