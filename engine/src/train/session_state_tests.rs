//! The session's run state: determinism, checkpoints and resuming, divergence, and refusing a
//! bad spec before any work. (What each model learns is in `session_tests.rs`.)

use super::tests::train;
use super::*;
use crate::spec::{
    Activation, DataSpec, Layer, ModelSpec, OptimizerKind, OptimizerSpec, ToyDataset,
};
use crate::train::cpu_device;

#[test]
fn same_seed_same_losses_other_seed_other_losses() {
    let mut spec = ExperimentSpec::toy(ToyDataset::Spiral);
    spec.steps = 60;
    spec.eval_every = 20;
    if let ModelSpec::Mlp { dropout, .. } = &mut spec.model {
        *dropout = 0.2;
    }
    let losses =
        |spec: &ExperimentSpec| -> Vec<f32> { train(spec).iter().map(|s| s.train_loss).collect() };
    assert_eq!(losses(&spec), losses(&spec));
    let mut other = spec.clone();
    other.seed = 2;
    assert_ne!(losses(&spec), losses(&other));
}

#[test]
fn a_resumed_run_continues_bit_identically() {
    let mut spec = ExperimentSpec::toy(ToyDataset::Circle);
    spec.eval_every = 25;
    if let ModelSpec::Mlp { dropout, .. } = &mut spec.model {
        *dropout = 0.1;
    }
    let device = cpu_device();
    let mut original = Session::new(&spec, device.clone()).unwrap();
    pollster::block_on(original.step(25)).unwrap();
    let saved = original.checkpoint().unwrap();
    let dir = tempfile::tempdir().unwrap();
    saved.write(dir.path()).unwrap();
    let continued: Vec<f32> = (0..3)
        .map(|_| pollster::block_on(original.step(25)).unwrap().train_loss)
        .collect();

    let loaded = Checkpoint::read_latest(dir.path())
        .unwrap()
        .expect("a checkpoint");
    assert_eq!(loaded, saved);
    let mut resumed = Session::resume(loaded, device).unwrap();
    assert_eq!(resumed.steps_done(), 25);
    let after_resume: Vec<f32> = (0..3)
        .map(|_| pollster::block_on(resumed.step(25)).unwrap().train_loss)
        .collect();
    assert_eq!(continued, after_resume);
}

#[test]
fn checkpoints_without_their_marker_are_ignored_and_old_ones_pruned() {
    let spec = ExperimentSpec::toy(ToyDataset::Xor);
    let session = Session::new(&spec, cpu_device()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut checkpoint = session.checkpoint().unwrap();
    for step in [10, 20, 30] {
        checkpoint.step = step;
        checkpoint.write(dir.path()).unwrap();
    }
    assert_eq!(
        Checkpoint::read_latest(dir.path()).unwrap().unwrap().step,
        30
    );
    let kept = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(kept, 2, "older checkpoints are pruned");
    // A checkpoint being written when the process died: no marker, so it is skipped.
    let partial = dir.path().join("step-000000000040");
    std::fs::create_dir(&partial).unwrap();
    std::fs::write(partial.join("model.bpk"), b"half").unwrap();
    assert_eq!(
        Checkpoint::read_latest(dir.path()).unwrap().unwrap().step,
        30
    );
}

#[test]
fn divergence_stops_the_session_and_keeps_the_last_good_state() {
    let mut spec = ExperimentSpec::toy(ToyDataset::Plane);
    spec.optimizer = OptimizerSpec {
        kind: OptimizerKind::Sgd,
        ..OptimizerSpec::adam(10.0)
    };
    spec.model = ModelSpec::Mlp {
        layers: vec![Layer::new(8, Activation::Relu); 3],
        dropout: 0.0,
        batch_norm: false,
    };
    let mut session = Session::new(&spec, cpu_device()).unwrap();
    let first = pollster::block_on(session.step(1)).expect("one step is still finite");
    let error = (0..50)
        .find_map(|_| pollster::block_on(session.step(5)).err())
        .expect("a learning rate of 10 with SGD diverges");
    let EngineError::Diverged { last_good_step, .. } = error.clone() else {
        panic!("expected divergence, got {error}");
    };
    assert!(last_good_step >= first.step);
    assert_eq!(session.steps_done(), last_good_step);
    assert_eq!(
        pollster::block_on(session.step(1)).unwrap_err(),
        error,
        "a diverged session stays stopped"
    );
    assert!(error.to_string().contains("lower learning rate"), "{error}");
}

#[test]
fn invalid_specs_and_missing_files_are_refused_before_any_work() {
    let mut spec = ExperimentSpec {
        batch_size: 0,
        ..ExperimentSpec::default()
    };
    let Err(EngineError::InvalidSpec(error)) = Session::new(&spec, cpu_device()) else {
        panic!("batch_size 0 accepted");
    };
    assert_eq!(error.field, "batch_size");

    spec = ExperimentSpec::default();
    spec.data = DataSpec::Table {
        path: "/no/such/file.csv".into(),
        label_column: None,
        task: Default::default(),
        train_share: 0.5,
        seed: 1,
    };
    let Err(error) = Session::new(&spec, cpu_device()) else {
        panic!("a missing file was accepted");
    };
    assert!(error.to_string().contains("/no/such/file.csv"), "{error}");
}
