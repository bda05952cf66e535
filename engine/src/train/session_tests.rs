//! What each model learns in a session, on every data source.

use super::*;
use crate::spec::{
    Activation, DataSpec, GraphDataSpec, Layer, ModelSpec, OptimizerKind, OptimizerSpec,
    Regularization, ToyDataSpec, ToyDataset,
};
use crate::train::cpu_device;

/// Trains `spec` for its `steps` in chunks of `eval_every`, returning every snapshot.
pub(super) fn train(spec: &ExperimentSpec) -> Vec<Snapshot> {
    let mut session = Session::new(spec, cpu_device()).expect("valid spec");
    let chunks = spec.steps.div_ceil(spec.eval_every);
    (0..chunks)
        .map(|_| pollster::block_on(session.step(spec.eval_every as u32)).expect("no divergence"))
        .collect()
}

fn last(spec: &ExperimentSpec) -> Snapshot {
    train(spec).pop().expect("at least one snapshot")
}

#[test]
fn every_classification_toy_set_is_learned_by_the_default_network() {
    for (dataset, needed) in [
        (ToyDataset::Circle, 0.95),
        (ToyDataset::Xor, 0.95),
        (ToyDataset::Gauss, 0.95),
        (ToyDataset::Spiral, 0.90),
    ] {
        let mut spec = ExperimentSpec::toy(dataset);
        if dataset == ToyDataset::Spiral {
            // At Adam's 0.03 the spiral's loss jumps now and then, and where a run lands after
            // 3,000 steps depends on the last bits of every sum; at 0.01 it climbs steadily.
            spec.optimizer = OptimizerSpec::adam(0.01);
            spec.steps = 10_000;
        }
        spec.eval_every = spec.steps;
        let snapshot = last(&spec);
        let accuracy = snapshot.accuracy.expect("classification has an accuracy");
        assert!(
            accuracy >= needed,
            "{dataset:?}: test accuracy {accuracy} < {needed}"
        );
        assert_eq!(snapshot.step, spec.steps);
    }
}

#[test]
fn the_regression_toy_sets_are_fitted() {
    // Share of the test targets' variance explained (R²): plane is linear, multi-gauss's six
    // bumps take an 8-8 network longer than 3,000 steps to fit fully.
    for (dataset, needed) in [(ToyDataset::Plane, 0.95), (ToyDataset::MultiGauss, 0.7)] {
        let mut spec = ExperimentSpec::toy(dataset);
        spec.eval_every = 1000;
        let snapshot = last(&spec);
        assert_eq!(snapshot.accuracy, None, "{dataset:?}");
        let test_loss = snapshot.test_loss.expect("a test set");
        let DataSpec::Toy(toy) = &spec.data else {
            unreachable!("a toy spec")
        };
        let targets = crate::data::toy::ToyData::generate(toy).test.targets;
        let mean = targets.iter().sum::<f32>() / targets.len() as f32;
        let variance =
            targets.iter().map(|t| (t - mean).powi(2)).sum::<f32>() / targets.len() as f32;
        let explained = 1.0 - test_loss / variance;
        assert!(
            explained >= needed,
            "{dataset:?}: R² {explained} (MSE {test_loss}, variance {variance})"
        );
    }
}

#[test]
fn every_optimizer_and_penalty_learns_xor() {
    for (kind, regularization, clip) in [
        (OptimizerKind::Sgd, Regularization::None, None),
        (OptimizerKind::Momentum, Regularization::L2, Some(1.0)),
        (OptimizerKind::Adam, Regularization::L1, None),
    ] {
        let mut spec = ExperimentSpec::toy(ToyDataset::Xor);
        spec.steps = 2000;
        spec.eval_every = 2000;
        spec.optimizer = OptimizerSpec {
            kind,
            learning_rate: if kind == OptimizerKind::Adam {
                0.03
            } else {
                0.1
            },
            momentum: 0.9,
            regularization,
            regularization_rate: 0.0001,
            gradient_clip: clip,
        };
        let accuracy = last(&spec).accuracy.unwrap();
        assert!(
            accuracy >= 0.9,
            "{kind:?} {regularization:?}: accuracy {accuracy}"
        );
    }
}

#[test]
fn grids_show_the_decision_boundary_and_every_neuron() {
    let mut spec = ExperimentSpec::toy(ToyDataset::Xor);
    spec.steps = 1000;
    spec.eval_every = 1000;
    spec.report.decision_grid = Some(10);
    spec.report.neuron_grids = true;
    let snapshot = last(&spec);
    let grid = snapshot.decision_grid.expect("a decision grid");
    assert_eq!(grid.values.len(), 100);
    // Row 0 is the top (x₂ > 0), column 0 the left (x₁ < 0): top-left is x₁·x₂ < 0 → class 0.
    assert!(
        grid.values[0] < 0.5 && grid.values[9] > 0.5,
        "{:?}",
        grid.values
    );
    assert!(grid.values[99] < 0.5 && grid.values[90] > 0.5);
    assert_eq!(snapshot.neuron_grids.len(), 2);
    assert!(snapshot.neuron_grids.iter().all(|layer| layer.len() == 8));
    assert!(
        snapshot.neuron_grids[0][0]
            .values
            .iter()
            .all(|v| v.abs() <= 1.0),
        "tanh range"
    );
}

#[test]
fn digits_are_learned_by_an_mlp_and_a_cnn() {
    let mut spec = ExperimentSpec::toy(ToyDataset::Xor);
    spec.data = DataSpec::Digits {
        train_share: 0.8,
        seed: 1,
    };
    spec.batch_size = 32;
    spec.optimizer = OptimizerSpec::adam(0.003);
    spec.model = ModelSpec::Mlp {
        layers: vec![Layer::new(64, Activation::Relu)],
        dropout: 0.0,
        batch_norm: false,
    };
    spec.steps = 1500;
    spec.eval_every = 1500;
    let mlp = last(&spec).accuracy.unwrap();
    assert!(mlp >= 0.95, "digits MLP test accuracy {mlp}");

    spec.model = ModelSpec::Cnn {
        channels: [16, 32],
        hidden: 64,
        dropout: 0.1,
    };
    let cnn = last(&spec).accuracy.unwrap();
    assert!(cnn >= 0.97, "digits CNN test accuracy {cnn}");
}

#[test]
fn the_autoencoder_learns_to_reconstruct_digits() {
    let mut spec = ExperimentSpec::toy(ToyDataset::Xor);
    spec.data = DataSpec::Digits {
        train_share: 0.8,
        seed: 1,
    };
    spec.model = ModelSpec::Autoencoder {
        hidden: vec![32],
        latent: 2,
        variational: false,
    };
    spec.optimizer = OptimizerSpec::adam(0.01);
    spec.batch_size = 64;
    spec.steps = 600;
    spec.eval_every = 100;
    spec.report.samples = 16;
    let snapshots = train(&spec);
    let (first, last) = (&snapshots[0], snapshots.last().unwrap());
    assert!(
        last.test_loss.unwrap() < first.test_loss.unwrap() * 0.95,
        "test loss {:?} → {:?}",
        first.test_loss,
        last.test_loss
    );
    let Some(crate::report::Samples::Images { side, images }) = &last.samples else {
        panic!("no decoded images");
    };
    assert_eq!((*side, images.len()), (8, 16));
    assert!(
        images
            .iter()
            .flatten()
            .all(|pixel| (0.0..=1.0).contains(pixel))
    );
}

#[test]
fn the_transformer_beats_the_unigram_entropy_of_the_course_text() {
    let spec = ExperimentSpec {
        data: DataSpec::Corpus {
            path: None,
            train_share: 0.9,
        },
        model: ModelSpec::Transformer {
            context: 32,
            embed: 48,
            heads: 4,
            blocks: 2,
        },
        optimizer: OptimizerSpec::adam(0.003),
        batch_size: 16,
        steps: 400,
        eval_every: 200,
        report: crate::spec::ReportSpec {
            samples: 40,
            ..Default::default()
        },
        ..ExperimentSpec::toy(ToyDataset::Xor)
    };
    let entropy = crate::data::corpus::Corpus::course().unigram_entropy();
    let last = last(&spec);
    let test_loss = last.test_loss.unwrap();
    assert!(
        test_loss < entropy,
        "test loss {test_loss} ≥ unigram entropy {entropy}"
    );
    let Some(crate::report::Samples::Text { text }) = last.samples else {
        panic!("no generated text");
    };
    assert_eq!(text.chars().count(), 40);
}

#[test]
fn the_gcn_classifies_the_unlabelled_nodes() {
    let spec = ExperimentSpec {
        data: DataSpec::Graph(GraphDataSpec {
            nodes: 90,
            communities: 3,
            edge_chance_inside: 0.2,
            edge_chance_across: 0.01,
            train_share: 0.1,
            seed: 4,
        }),
        model: ModelSpec::Gcn {
            hidden: 16,
            dropout: 0.3,
        },
        optimizer: OptimizerSpec::adam(0.01),
        steps: 200,
        eval_every: 200,
        ..ExperimentSpec::toy(ToyDataset::Xor)
    };
    let accuracy = last(&spec).accuracy.unwrap();
    assert!(accuracy >= 0.9, "GCN test accuracy {accuracy}");
}

#[test]
fn a_user_table_trains_with_its_header_and_label_column() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("points.csv");
    let mut text = String::from("label,x,y\n");
    let toy = crate::data::toy::ToyData::generate(&ToyDataSpec {
        dataset: ToyDataset::Circle,
        samples: 300,
        noise: 0.0,
        train_share: 0.9,
        features: vec![crate::spec::Feature::X1, crate::spec::Feature::X2],
        seed: 9,
        csv: None,
    });
    for (point, label) in toy
        .train_points
        .coordinates
        .iter()
        .zip(&toy.train_points.targets)
    {
        text.push_str(&format!("{label},{},{}\n", point[0], point[1]));
    }
    std::fs::write(&path, text).unwrap();
    let mut spec = ExperimentSpec::toy(ToyDataset::Circle);
    spec.data = DataSpec::Table {
        path: path.display().to_string(),
        label_column: Some("label".into()),
        task: Default::default(),
        train_share: 0.7,
        seed: 1,
    };
    spec.steps = 2000;
    spec.eval_every = 2000;
    let accuracy = last(&spec).accuracy.unwrap();
    assert!(accuracy >= 0.9, "table accuracy {accuracy}");
}

#[test]
fn the_xor_widget_default_reaches_its_target_loss_quickly() {
    let mut session = Session::new(&ExperimentSpec::default(), cpu_device()).unwrap();
    let losses: Vec<f32> = (0..10)
        .map(|_| pollster::block_on(session.step(50)).unwrap().train_loss)
        .collect();
    assert!(
        losses.iter().any(|&loss| loss < 0.05),
        "XOR widget losses per 50 steps: {losses:?}"
    );
}
