//! Scripts on the local runner: a page submits a Rhai script, the runner runs it in a job
//! process of its own and streams its outputs back, the same outputs `ml-intro script`
//! prints; a script that fails says where, and one that runs away (time, memory) ends only its
//! own job.

#[path = "support/runner_client.rs"]
mod runner_client;

use ml_intro_engine::ExperimentSpec;
use ml_intro_engine::runner_protocol::{ClientMessage, JobState, RunnerMessage};
use ml_intro_engine::script::output::ScriptOutput;
use ml_intro_engine::script::{ScriptError, ScriptErrorKind};
use ml_intro_engine::spec::ToyDataset;
use runner_client::{Client, paired, receive, send, start, start_with};
use std::process::Command;

/// What a finished job left: its outputs, in order, and how it ended.
struct Ended {
    outputs: Vec<ScriptOutput>,
    state: JobState,
    error: Option<String>,
    script_error: Option<ScriptError>,
}

fn run_script(client: &mut Client, source: &str) -> Ended {
    send(
        client,
        &ClientMessage::RunScript {
            source: source.into(),
        },
    );
    let RunnerMessage::Submitted { job, .. } = receive(client) else {
        panic!("the script was not submitted");
    };
    let mut outputs = Vec::new();
    loop {
        match receive(client) {
            RunnerMessage::ScriptOutputs {
                job: from,
                first_seq,
                outputs: more,
            } if from == job => {
                assert_eq!(first_seq, outputs.len() as u64 + 1, "no gaps, no repeats");
                outputs.extend(more);
            }
            RunnerMessage::Done {
                job: from,
                state,
                last_seq,
                error,
                script_error,
            } if from == job => {
                assert_eq!(last_seq, outputs.len() as u64);
                return Ended {
                    outputs,
                    state,
                    error,
                    script_error,
                };
            }
            other => panic!("unexpected message: {other:?}"),
        }
    }
}

/// The outputs as JSON, with the training speed (which no two runs share) left out.
fn without_timings(outputs: &[ScriptOutput]) -> Vec<serde_json::Value> {
    outputs
        .iter()
        .map(|output| {
            let mut value = serde_json::to_value(output).unwrap();
            if let Some(snapshot) = value.get_mut("snapshot").and_then(|s| s.as_object_mut()) {
                snapshot.remove("steps_per_sec");
                snapshot.remove("examples_per_sec");
            }
            value
        })
        .collect()
}

#[test]
fn a_script_on_the_runner_streams_what_the_command_line_prints() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../content/scripts/25-first-experiment.rhai"
    );
    let source = std::fs::read_to_string(path).unwrap();
    let cli = Command::new(env!("CARGO_BIN_EXE_ml-intro"))
        .args(["script", "--json", path])
        .output()
        .unwrap();
    assert!(cli.status.success(), "{cli:?}");
    let expected: Vec<ScriptOutput> = String::from_utf8(cli.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert!(
        expected
            .iter()
            .any(|output| matches!(output, ScriptOutput::Progress { .. })),
        "the script trains"
    );

    let dir = tempfile::tempdir().unwrap();
    let runner = start(dir.path(), 500);
    let mut client = paired(&runner);
    let ended = run_script(&mut client, &source);
    assert_eq!(ended.state, JobState::Finished, "{:?}", ended.error);
    assert_eq!(without_timings(&ended.outputs), without_timings(&expected));

    send(&mut client, &ClientMessage::List);
    let RunnerMessage::Jobs { jobs } = receive(&mut client) else {
        panic!("no job list");
    };
    assert!(jobs[0].title.starts_with("script: "), "{}", jobs[0].title);
}

#[test]
fn a_failing_script_on_the_runner_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let runner = start(dir.path(), 500);
    let mut client = paired(&runner);
    let ended = run_script(&mut client, "print(\"before\");\nlet x = (1 +;\n");
    assert_eq!(ended.state, JobState::Failed);
    let error = ended.script_error.expect("where the script failed");
    assert_eq!(error.kind, ScriptErrorKind::Syntax);
    assert_eq!((error.line, error.column), (Some(2), Some(13)), "{error:?}");
    assert!(ended.error.unwrap().contains("line 2, column 13"));

    let ended = run_script(&mut client, "print(\"one\");\nprint(sum(1));\n");
    assert_eq!(ended.state, JobState::Failed);
    assert_eq!(
        ended.outputs.len(),
        1,
        "the output before the error arrives"
    );
    assert_eq!(ended.script_error.unwrap().line, Some(2));
}

#[test]
fn a_runaway_script_ends_its_own_job_and_the_runner_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let options = ["--script-time-limit", "1", "--script-memory-mib", "64"];
    let runner = start_with(dir.path(), &options);
    let mut client = paired(&runner);

    let started = std::time::Instant::now();
    let endless_training =
        "let spec = experiment(\"spiral\");\nspec.steps = 1000000;\nprint(train(spec));\n";
    let ended = run_script(&mut client, endless_training);
    assert_eq!(ended.state, JobState::Failed);
    let error = ended.script_error.expect("a script error");
    assert_eq!(error.message, "stopped at the time limit of 1 s");
    assert!(
        started.elapsed().as_secs_f32() < 10.0,
        "{:?}",
        started.elapsed()
    );

    // Eight 1024-wide layers: tens of MiB of weights, gradients and Adam's moments.
    let memory_hog = "let spec = experiment(\"circle\");\n\
        let wide = [];\n\
        for i in 0..8 { wide.push(#{ width: 1024, activation: \"relu\" }); }\n\
        spec.model.layers = wide;\n\
        spec.steps = 10;\n\
        spec.eval_every = 10;\n\
        print(train(spec));\n";
    let ended = run_script(&mut client, memory_hog);
    assert_eq!(ended.state, JobState::Failed);
    let error = ended.error.expect("why the job failed");
    assert!(error.contains("memory cap of 64 MiB"), "{error}");

    // The runner, and its next jobs, carry on.
    let ended = run_script(&mut client, "print(mean([1.0, 2.0, 3.0]));");
    assert_eq!(ended.state, JobState::Finished, "{:?}", ended.error);
    assert_eq!(
        ended.outputs,
        vec![ScriptOutput::Text { text: "2.0".into() }]
    );
    let mut spec = ExperimentSpec::toy(ToyDataset::Xor);
    spec.steps = 100;
    spec.eval_every = 50;
    send(&mut client, &ClientMessage::Submit { spec });
    let RunnerMessage::Submitted { job, .. } = receive(&mut client) else {
        panic!("the experiment was not submitted");
    };
    loop {
        match receive(&mut client) {
            RunnerMessage::Done {
                job: from, state, ..
            } if from == job => {
                assert_eq!(state, JobState::Finished);
                break;
            }
            RunnerMessage::Progress { .. } => {}
            other => panic!("unexpected message: {other:?}"),
        }
    }
}
