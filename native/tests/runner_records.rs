//! The runner records every experiment it trains (spec, device, metrics, loss curve) and
//! keeps the records across restarts, as chapter 13's run comparison reads them.

#[path = "support/runner_client.rs"]
mod runner_client;

use ml_intro_engine::ExperimentSpec;
use ml_intro_engine::runner_protocol::{ClientMessage, RunnerMessage};
use ml_intro_engine::runs::{RunEnd, RunPlace, RunRecord};
use ml_intro_engine::spec::{OptimizerSpec, ToyDataset};
use runner_client::{Client, paired, receive, send, start};

fn spiral(steps: u64, learning_rate: f64) -> ExperimentSpec {
    let mut spec = ExperimentSpec::toy(ToyDataset::Spiral);
    spec.optimizer = OptimizerSpec::adam(learning_rate);
    spec.batch_size = 32;
    spec.steps = steps;
    spec.eval_every = 50;
    spec
}

fn submit(client: &mut Client, spec: &ExperimentSpec) -> u64 {
    let spec = spec.clone();
    send(client, &ClientMessage::Submit { spec });
    match receive(client) {
        RunnerMessage::Submitted { job, .. } => job,
        other => panic!("not submitted: {other:?}"),
    }
}

/// Reads messages until job `job` is done, cancelling it once it has sent `cancel_after`
/// snapshots (if given).
fn wait_for_end(client: &mut Client, job: u64, cancel_after: Option<u64>) {
    loop {
        match receive(client) {
            RunnerMessage::Done { job: from, .. } if from == job => return,
            RunnerMessage::Progress {
                job: from,
                first_seq,
                ..
            } if from == job && cancel_after.is_some_and(|after| first_seq >= after) => {
                send(client, &ClientMessage::Cancel { job });
            }
            _ => {}
        }
    }
}

fn runs(client: &mut Client) -> Vec<RunRecord> {
    send(client, &ClientMessage::Runs);
    loop {
        if let RunnerMessage::Runs { runs } = receive(client) {
            return RunRecord::list_from_json(&runs).unwrap();
        }
    }
}

#[test]
fn every_experiment_is_recorded_with_its_spec_device_and_metrics_and_kept_across_restarts() {
    let dir = tempfile::tempdir().unwrap();
    let runner = start(dir.path(), 500);
    let mut client = paired(&runner);
    let finished_spec = spiral(1500, 0.03);
    let finished = submit(&mut client, &finished_spec);
    wait_for_end(&mut client, finished, None);
    let cancelled = submit(&mut client, &spiral(200_000, 0.3));
    wait_for_end(&mut client, cancelled, Some(3));
    let records = runs(&mut client);
    let ids: Vec<&str> = records.iter().map(|record| record.id.as_str()).collect();
    assert_eq!(ids, ["runner-2", "runner-1"], "newest first");

    let record = &records[1];
    assert_eq!(record.place, RunPlace::Runner);
    assert_eq!(record.spec, finished_spec);
    assert_eq!(record.title, "mlp on spiral");
    assert_eq!(record.device.backend.id(), "cpu");
    assert_eq!(record.end, RunEnd::ReachedMaxSteps);
    let metrics = record.metrics.expect("metrics");
    assert_eq!(metrics.step, 1500);
    assert!(metrics.accuracy.unwrap() > 0.7, "{metrics:?}");
    let steps: Vec<u64> = record.curve.iter().map(|point| point.step).collect();
    assert_eq!(steps, (1..=30).map(|n| n * 50).collect::<Vec<_>>());
    assert!(record.curve[29].train_loss < record.curve[0].train_loss);
    assert!(record.duration_ms > 0.0 && record.steps_per_sec().unwrap() > 0.0);

    let stopped = &records[0];
    assert_eq!(stopped.end, RunEnd::Cancelled);
    assert!(
        stopped
            .metrics
            .is_some_and(|metrics| metrics.step < 200_000)
    );

    drop(client);
    drop(runner);
    let runner = start(dir.path(), 500);
    let mut client = paired(&runner);
    assert_eq!(runs(&mut client), records, "the records outlive the runner");
}
