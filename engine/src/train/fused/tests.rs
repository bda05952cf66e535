//! The fused CPU path trains every small MLP spec to the same numbers as the Burn path.

use super::*;
use crate::spec::{
    Activation, DataSpec, ExperimentSpec, Layer, ModelSpec, OptimizerKind, Regularization,
    ToyDataset,
};
use crate::train::session::Session;
use crate::train::{Checkpoint, cpu_device};

/// Trains `spec` for `chunks` × `steps` on both paths and returns their snapshots.
fn both(spec: &ExperimentSpec, chunks: usize, steps: u32) -> Vec<(Snapshot, Snapshot)> {
    let mut fused = Session::new(spec, cpu_device()).expect("valid spec");
    let mut burn = Session::new_on_burn(spec, cpu_device()).expect("valid spec");
    (0..chunks)
        .map(|_| {
            let fused = pollster::block_on(fused.step(steps)).expect("fused path trains");
            let burn = pollster::block_on(burn.step(steps)).expect("Burn path trains");
            (fused, burn)
        })
        .collect()
}

fn close(a: f32, b: f32, tolerance: f32) -> bool {
    (a - b).abs() <= tolerance * (1.0 + a.abs().max(b.abs()))
}

/// Asserts that two snapshots of the same run agree: losses, accuracy, grids and weights.
fn assert_same(label: &str, fused: &Snapshot, burn: &Snapshot, tolerance: f32) {
    assert_eq!(fused.step, burn.step, "{label}");
    // A test point on the decision boundary may fall either side: accuracy may differ by a
    // point or two of the 500.
    let pairs = [
        (
            "train loss",
            Some(fused.train_loss),
            Some(burn.train_loss),
            tolerance,
        ),
        ("test loss", fused.test_loss, burn.test_loss, tolerance),
        ("accuracy", fused.accuracy, burn.accuracy, 0.005),
    ];
    for (what, a, b, tolerance) in pairs {
        match (a, b) {
            (Some(a), Some(b)) => assert!(
                close(a, b, tolerance),
                "{label} step {}: {what} {a} (fused) vs {b} (Burn)",
                fused.step
            ),
            (a, b) => assert_eq!(a.is_some(), b.is_some(), "{label}: {what}"),
        }
    }
    let grids = |snapshot: &Snapshot| {
        let mut values: Vec<f32> = snapshot
            .decision_grid
            .iter()
            .flat_map(|grid| grid.values.clone())
            .collect();
        for layer in &snapshot.neuron_grids {
            values.extend(layer.iter().flat_map(|grid| grid.values.clone()));
        }
        values
    };
    let weights = |snapshot: &Snapshot| -> Vec<f32> {
        let layers = snapshot.weights.iter();
        layers
            .flat_map(|layer| layer.weights.iter().chain(&layer.biases).copied())
            .collect()
    };
    for (what, a, b) in [
        ("grids", grids(fused), grids(burn)),
        ("weights", weights(fused), weights(burn)),
    ] {
        assert_eq!(a.len(), b.len(), "{label}: number of {what} values");
        let worst = a
            .iter()
            .zip(&b)
            .map(|(a, b)| (a - b).abs() / (1.0 + a.abs().max(b.abs())))
            .fold(0.0, f32::max);
        assert!(
            worst <= 10.0 * tolerance,
            "{label}: {what} differ by {worst} (relative)"
        );
    }
}

/// TensorFlow Playground's default network with `activation`, trained by plain SGD.
fn toy(dataset: ToyDataset, activation: Activation) -> ExperimentSpec {
    let mut spec = ExperimentSpec::toy(dataset);
    spec.optimizer = OptimizerSpec {
        kind: OptimizerKind::Sgd,
        ..OptimizerSpec::adam(0.03)
    };
    spec.model = ModelSpec::Mlp {
        layers: vec![Layer::new(4, activation), Layer::new(2, activation)],
        dropout: 0.0,
        batch_norm: false,
    };
    spec.report = ReportSpec {
        decision_grid: Some(12),
        neuron_grids: true,
        samples: 0,
        weights: true,
        embedding: 0,
    };
    spec
}

#[test]
fn every_activation_trains_to_the_same_losses_grids_and_weights() {
    for activation in [
        Activation::Tanh,
        Activation::Relu,
        Activation::Sigmoid,
        Activation::Linear,
        Activation::Gelu,
    ] {
        let spec = toy(ToyDataset::Spiral, activation);
        for (fused, burn) in both(&spec, 3, 100) {
            assert_same(&format!("{activation:?}"), &fused, &burn, 1e-4);
        }
    }
}

#[test]
fn every_optimizer_penalty_clip_and_dropout_trains_alike() {
    // Adam divides each gradient by its running size, so the last-bit differences between
    // the two paths' summation orders grow faster there than under SGD: a looser tolerance.
    let cases = [
        (OptimizerKind::Sgd, Regularization::L1, None, 0.0, 1e-4),
        (
            OptimizerKind::Momentum,
            Regularization::L2,
            Some(0.5),
            0.0,
            1e-4,
        ),
        (OptimizerKind::Sgd, Regularization::L2, None, 0.3, 1e-4),
        (
            OptimizerKind::Adam,
            Regularization::None,
            Some(0.1),
            0.0,
            1e-3,
        ),
        (OptimizerKind::Adam, Regularization::L2, None, 0.3, 1e-3),
    ];
    for (kind, regularization, clip, dropout, tolerance) in cases {
        let mut spec = toy(ToyDataset::Xor, Activation::Tanh);
        spec.optimizer = OptimizerSpec {
            kind,
            learning_rate: 0.03,
            momentum: 0.9,
            regularization,
            regularization_rate: 0.003,
            gradient_clip: clip,
        };
        if let ModelSpec::Mlp { dropout: rate, .. } = &mut spec.model {
            *rate = dropout;
        }
        let label = format!("{kind:?} {regularization:?} clip {clip:?} dropout {dropout}");
        for (fused, burn) in both(&spec, 3, 100) {
            assert_same(&label, &fused, &burn, tolerance);
        }
    }
}

#[test]
fn batch_norm_trains_alike_with_and_without_dropout_and_its_checkpoint_resumes() {
    for (activation, dropout, kind) in [
        (Activation::Tanh, 0.0, OptimizerKind::Sgd),
        (Activation::Relu, 0.2, OptimizerKind::Adam),
    ] {
        let mut spec = toy(ToyDataset::Circle, activation);
        spec.optimizer.kind = kind;
        spec.model = ModelSpec::Mlp {
            layers: vec![Layer::new(6, activation), Layer::new(3, activation)],
            dropout,
            batch_norm: true,
        };
        let label = format!("batch norm {activation:?} dropout {dropout}");
        for (fused, burn) in both(&spec, 3, 100) {
            assert_same(&label, &fused, &burn, 1e-3);
        }
        // The running statistics travel with the checkpoint: the resumed run evaluates and
        // trains exactly as the uninterrupted one.
        let mut straight = Session::new(&spec, cpu_device()).unwrap();
        pollster::block_on(straight.step(50)).unwrap();
        let checkpoint = straight.checkpoint().unwrap();
        let mut resumed = Session::resume(checkpoint, cpu_device()).unwrap();
        let expected = pollster::block_on(straight.step(50)).unwrap();
        let got = pollster::block_on(resumed.step(50)).unwrap();
        assert_eq!(got.test_loss, expected.test_loss, "{label}: resumed");
        assert_eq!(got.train_loss, expected.train_loss, "{label}: resumed");
    }
}

#[test]
fn regression_full_batches_and_many_classes_train_alike() {
    let mut plane = toy(ToyDataset::Plane, Activation::Tanh);
    plane.batch_size = 10_000;
    let mut digits = ExperimentSpec::toy(ToyDataset::Circle);
    digits.data = DataSpec::Digits {
        train_share: 0.5,
        seed: 3,
    };
    digits.model = ModelSpec::Mlp {
        layers: vec![Layer::new(12, Activation::Relu)],
        dropout: 0.0,
        batch_norm: false,
    };
    digits.report = ReportSpec {
        weights: true,
        ..ReportSpec::default()
    };
    for (label, spec) in [("plane", plane), ("digits", digits)] {
        for (fused, burn) in both(&spec, 2, 100) {
            assert_same(label, &fused, &burn, 1e-4);
        }
    }
}

#[test]
fn mlps_on_the_cpu_take_the_fused_path() {
    assert!(suits(&cpu_device().autodiff()));
    assert!(suits(&cpu_device()));
}

#[test]
fn a_checkpoint_of_the_other_path_is_refused_with_a_reason() {
    let spec = toy(ToyDataset::Circle, Activation::Tanh);
    let mut burn = Session::new_on_burn(&spec, cpu_device()).unwrap();
    pollster::block_on(burn.step(5)).unwrap();
    let checkpoint: Checkpoint = burn.checkpoint().unwrap();
    let Err(error) = Session::resume(checkpoint, cpu_device()) else {
        panic!("a burnpack checkpoint was loaded by the fused path");
    };
    assert!(
        error
            .to_string()
            .contains("resume it on the same kind of device"),
        "{error}"
    );
}

/// The digits CNN with `dropout`, trained by Adam with an L2 penalty.
fn cnn(data: DataSpec, dropout: f32) -> ExperimentSpec {
    let mut spec = ExperimentSpec::toy(ToyDataset::Circle);
    spec.data = data;
    spec.model = ModelSpec::Cnn {
        channels: [4, 6],
        hidden: 16,
        dropout,
    };
    spec.optimizer = OptimizerSpec {
        regularization: Regularization::L2,
        regularization_rate: 0.001,
        ..OptimizerSpec::adam(0.01)
    };
    spec.batch_size = 16;
    spec
}

/// A directory of `count` 16×16 MNIST-format images (big enough for the CNN to pool twice)
/// whose label is which quarter of the image holds a bright square.
fn square_images(count: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let idx = |magic: u32, dimensions: &[u32], data: &[u8]| {
        let mut bytes = magic.to_be_bytes().to_vec();
        for dimension in dimensions {
            bytes.extend_from_slice(&dimension.to_be_bytes());
        }
        bytes.extend_from_slice(data);
        bytes
    };
    let mut pixels = Vec::new();
    let mut labels = Vec::new();
    for image in 0..count {
        let label = image % 4;
        let (top, left) = (8 * (label / 2) + image % 3, 8 * (label % 2) + image % 5);
        for y in 0..16 {
            for x in 0..16 {
                let inside = (top..top + 4).contains(&y) && (left..left + 3).contains(&x);
                pixels.push(if inside {
                    255
                } else {
                    (image * 7 + x * y) as u8 % 40
                });
            }
        }
        labels.push(label as u8);
    }
    for prefix in ["train", "t10k"] {
        let images = idx(0x803, &[count as u32, 16, 16], &pixels);
        let path = dir.path().join(format!("{prefix}-images-idx3-ubyte"));
        std::fs::write(path, images).unwrap();
        let path = dir.path().join(format!("{prefix}-labels-idx1-ubyte"));
        std::fs::write(path, idx(0x801, &[count as u32], &labels)).unwrap();
    }
    dir
}

#[test]
fn the_cnn_trains_alike_on_digits_and_pooling_twice_on_larger_images() {
    let digits = DataSpec::Digits {
        train_share: 0.5,
        seed: 3,
    };
    for (fused, burn) in both(&cnn(digits, 0.3), 3, 40) {
        assert_same("digits CNN", &fused, &burn, 1e-3);
    }
    let dir = square_images(48);
    let squares = DataSpec::Mnist {
        dir: dir.path().display().to_string(),
        limit: None,
    };
    for (fused, burn) in both(&cnn(squares, 0.0), 3, 20) {
        assert_same("16×16 CNN", &fused, &burn, 1e-3);
    }
}

#[test]
fn a_cnn_checkpoint_resumes_exactly() {
    let spec = cnn(
        DataSpec::Digits {
            train_share: 0.5,
            seed: 1,
        },
        0.2,
    );
    let mut straight = Session::new(&spec, cpu_device()).unwrap();
    pollster::block_on(straight.step(30)).unwrap();
    let mut resumed = Session::resume(straight.checkpoint().unwrap(), cpu_device()).unwrap();
    let expected = pollster::block_on(straight.step(30)).unwrap();
    let got = pollster::block_on(resumed.step(30)).unwrap();
    assert_eq!(got.test_loss, expected.test_loss);
    assert_eq!(got.train_loss, expected.train_loss);
}
