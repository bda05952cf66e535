use super::*;
use crate::device_info::BackendKind;
use crate::spec::{OptimizerSpec, ToyDataset};

fn snapshot(step: u64, train_loss: f32) -> Snapshot {
    Snapshot {
        step,
        epoch: step as f32 / 50.0,
        train_loss,
        test_loss: Some(train_loss * 1.1),
        accuracy: Some(1.0 - train_loss / 2.0),
        steps_per_sec: 1000.0,
        examples_per_sec: 10_000.0,
        decision_grid: None,
        neuron_grids: Vec::new(),
        samples: None,
        weights: Vec::new(),
        embedding: Vec::new(),
    }
}

fn cpu() -> DeviceInfo {
    DeviceInfo {
        backend: BackendKind::Cpu,
        adapter: None,
        max_buffer_bytes: None,
        fallback_reason: None,
    }
}

fn recorder() -> RunRecorder {
    let spec = ExperimentSpec::toy(ToyDataset::Spiral);
    RunRecorder::new("browser-1-1".into(), RunPlace::Browser, spec, cpu(), 1.0e12)
}

#[test]
fn a_record_keeps_the_spec_the_device_the_last_metrics_and_the_training_time() {
    let mut recorder = recorder();
    recorder.observe(&snapshot(0, 0.7), 0.0);
    assert!(
        !recorder.has_trained(),
        "a model only looked at is not worth a record"
    );
    recorder.observe(&snapshot(100, 0.6), 250.0);
    assert!(recorder.has_trained());
    recorder.observe(&snapshot(300, 0.2), 500.0);
    let record = recorder.record(RunEnd::ReachedMaxSteps, None);
    assert_eq!(record.title, "mlp on spiral");
    assert_eq!(record.device, cpu());
    assert_eq!(record.spec, ExperimentSpec::toy(ToyDataset::Spiral));
    assert_eq!(record.end, RunEnd::ReachedMaxSteps);
    assert_eq!(record.duration_ms, 750.0);
    let metrics = record.metrics.expect("metrics");
    assert_eq!((metrics.step, metrics.train_loss), (300, 0.2));
    assert_eq!(record.steps_per_sec(), Some(400.0));
    assert_eq!(record.curve.len(), 3);
    let text = serde_json::to_string(&record).expect("serialises");
    let back: RunRecord = serde_json::from_str(&text).expect("reads back");
    assert_eq!(back, record);
}

#[test]
fn a_long_run_keeps_a_bounded_curve_from_its_first_step_to_its_last() {
    let mut recorder = recorder();
    for step in 0..=5_000 {
        recorder.observe(&snapshot(step, 1.0 / (1.0 + step as f32)), 1.0);
    }
    let record = recorder.record(RunEnd::Cancelled, None);
    let curve = &record.curve;
    assert!(curve.len() <= MAX_CURVE_POINTS && curve.len() > MAX_CURVE_POINTS / 4);
    assert_eq!(curve.first().map(|point| point.step), Some(0));
    assert_eq!(curve.last().map(|point| point.step), Some(5_000));
    assert!(curve.windows(2).all(|pair| pair[0].step < pair[1].step));
    // Evenly thinned: no gap is more than twice the mean gap (the last point is kept apart).
    let gaps: Vec<u64> = curve
        .windows(2)
        .map(|pair| pair[1].step - pair[0].step)
        .collect();
    let mean = 5_000 / gaps.len() as u64;
    assert!(
        gaps[..gaps.len() - 1].iter().all(|&gap| gap <= 2 * mean),
        "{gaps:?}"
    );
}

#[test]
fn a_look_without_training_replaces_the_point_of_its_step() {
    let mut recorder = recorder();
    recorder.observe(&snapshot(200, 0.5), 10.0);
    recorder.observe(&snapshot(200, 0.4), 0.0);
    let record = recorder.record(RunEnd::Paused, None);
    assert_eq!(record.curve.len(), 1);
    assert_eq!(record.curve[0].train_loss, 0.4);
}

#[test]
fn differences_name_each_changed_field_with_both_values() {
    let first = ExperimentSpec::toy(ToyDataset::Spiral);
    let mut second = first.clone();
    second.optimizer = OptimizerSpec::adam(0.3);
    second.batch_size = 20;
    let differences = spec_differences(&first, &second);
    let fields: Vec<&str> = differences.iter().map(|d| d.field.as_str()).collect();
    assert_eq!(fields, ["batch_size", "optimizer.learning_rate"]);
    assert_eq!(differences[0].first, "10");
    assert_eq!(differences[0].second, "20");
    assert!(
        differences[1].first.starts_with("0.03"),
        "{:?}",
        differences[1]
    );
    assert!(
        differences[1].second.starts_with("0.3"),
        "{:?}",
        differences[1]
    );
    assert!(spec_differences(&first, &first).is_empty());
}

#[test]
fn a_layer_only_one_spec_has_shows_as_missing_in_the_other() {
    let first = ExperimentSpec::toy(ToyDataset::Spiral);
    let mut second = first.clone();
    if let crate::ModelSpec::Mlp { layers, .. } = &mut second.model {
        layers.push(layers[0]);
    }
    let differences = spec_differences(&first, &second);
    assert!(!differences.is_empty());
    assert!(
        differences
            .iter()
            .all(|d| d.field.starts_with("model.layers[2]") && d.first == "—"),
        "{differences:?}"
    );
}
