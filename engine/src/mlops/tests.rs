use super::drift::{self, Drift};
use super::model_file::{ModelFile, ModelFileError};
use crate::report::LayerWeights;
use crate::seeded::Rng;
use crate::spec::{DataSpec, ExperimentSpec, Feature, ModelSpec, ToyDataset};
use std::collections::HashMap;

/// The default toy network (2→8→8→1 tanh) with seeded weights.
fn trained_looking(spec: &ExperimentSpec) -> Vec<LayerWeights> {
    let shapes = super::model_file::layer_shapes(spec).expect("exportable");
    let mut rng = Rng::new(7);
    shapes
        .iter()
        .map(|&[inputs, outputs]| LayerWeights {
            inputs,
            outputs,
            weights: (0..inputs * outputs).map(|_| rng.normal() as f32).collect(),
            biases: (0..outputs).map(|_| rng.normal() as f32 * 0.1).collect(),
        })
        .collect()
}

#[test]
fn a_model_file_round_trips_bit_for_bit_and_predicts_the_same() {
    let mut spec = ExperimentSpec::toy(ToyDataset::Spiral);
    if let DataSpec::Toy(toy) = &mut spec.data {
        toy.features = vec![Feature::X1, Feature::X2, Feature::SinX1];
    }
    let model = ModelFile::new(spec.clone(), trained_looking(&spec)).expect("fits");
    let bytes = model.to_safetensors();
    let back = ModelFile::from_safetensors(&bytes).expect("reads back");
    assert_eq!(back, model);
    let points = [[0.0, 0.0], [3.5, -2.0], [-6.0, 6.0]];
    let before = model.predict(&points).expect("finite");
    assert_eq!(back.predict(&points).expect("finite"), before);
    assert!(before.iter().all(|p| (0.0..=1.0).contains(p)), "{before:?}");
}

#[test]
fn prediction_is_the_network_computed_by_hand() {
    let mut spec = ExperimentSpec::toy(ToyDataset::Xor);
    if let ModelSpec::Mlp { layers, .. } = &mut spec.model {
        layers.truncate(1);
        layers[0].width = 1;
    }
    // x₁, x₂ → one tanh neuron (weights 0.5, −1, bias 0.25) → logit 2·h − 1.
    let layers = vec![
        LayerWeights {
            inputs: 2,
            outputs: 1,
            weights: vec![0.5, -1.0],
            biases: vec![0.25],
        },
        LayerWeights {
            inputs: 1,
            outputs: 1,
            weights: vec![2.0],
            biases: vec![-1.0],
        },
    ];
    let model = ModelFile::new(spec, layers).expect("fits");
    let hidden = (0.5f32 * 2.0 - 1.0 * 1.0 + 0.25).tanh();
    let expected = 1.0 / (1.0 + (-(2.0 * hidden - 1.0)).exp());
    let got = model.predict(&[[2.0, 1.0]]).expect("finite")[0];
    assert!((got - expected).abs() < 1e-6, "{got} vs {expected}");
    let error = model
        .predict(&[[1.0, 1.0], [f32::NAN, 0.0]])
        .expect_err("NaN");
    assert_eq!(error, "input 1 is not two finite numbers");
}

#[test]
fn files_that_are_not_our_models_are_refused_by_name() {
    let spec = ExperimentSpec::toy(ToyDataset::Circle);
    let model = ModelFile::new(spec.clone(), trained_looking(&spec)).expect("fits");
    let refused = |bytes: &[u8]| ModelFile::from_safetensors(bytes).expect_err("refused");

    assert!(matches!(
        refused(b"not a model"),
        ModelFileError::NotSafetensors { .. }
    ));
    let weights = [0u8; 8];
    let foreign = safetensors::serialize(
        [(
            "w",
            safetensors::tensor::TensorView::new(safetensors::Dtype::F32, vec![2], &weights)
                .expect("view"),
        )],
        None::<HashMap<String, String>>,
    )
    .expect("serialise");
    assert_eq!(
        refused(&foreign).to_string(),
        "not an ml-intro model: the metadata's \"format\" is missing, expected \"ml-intro.mlp/1\""
    );

    // A file whose spec says 8→8 but whose first layer is 2→3.
    let mut wrong = model.clone();
    wrong.spec.model = ModelSpec::Mlp {
        layers: vec![
            crate::spec::Layer::new(3, crate::spec::Activation::Relu),
            crate::spec::Layer::new(8, crate::spec::Activation::Relu),
        ],
        dropout: 0.0,
        batch_norm: false,
    };
    let mut bytes = ModelFile {
        spec: wrong.spec.clone(),
        layers: model.layers.clone(),
    }
    .to_safetensors();
    assert!(
        refused(&bytes).to_string().contains(
            "tensor \"layers.0.weight\" has shape [8, 2]; the spec's network needs [3, 2]"
        ),
        "{}",
        refused(&bytes)
    );

    let mut shorter = wrong.spec.clone();
    shorter.model = ModelSpec::Mlp {
        layers: vec![crate::spec::Layer::new(8, crate::spec::Activation::Relu)],
        dropout: 0.0,
        batch_norm: false,
    };
    let extra = ModelFile {
        spec: shorter,
        layers: model.layers.clone(),
    }
    .to_safetensors();
    assert_eq!(
        refused(&extra).to_string(),
        "the file has a tensor \"layers.2.bias\" that the spec's network does not have"
    );

    // A NaN smuggled into the bytes.
    bytes = model.to_safetensors();
    let nan = f32::NAN.to_le_bytes();
    let last = bytes.len() - 4;
    bytes[last..].copy_from_slice(&nan);
    assert!(matches!(refused(&bytes), ModelFileError::NotFinite { .. }));

    let mut batch_norm = spec.clone();
    batch_norm.model = ModelSpec::Mlp {
        layers: vec![crate::spec::Layer::new(8, crate::spec::Activation::Tanh)],
        dropout: 0.0,
        batch_norm: true,
    };
    let error = ModelFile::new(batch_norm, Vec::new()).expect_err("batch norm");
    assert!(error.to_string().contains("batch norm"), "{error}");
}

fn normal_sample(seed: u64, count: usize, mean: f64, spread: f64) -> Vec<f32> {
    Rng::new(seed).normal_sample(count, mean, spread)
}

#[test]
fn drift_is_stable_within_one_distribution_and_flags_a_shift() {
    let reference = normal_sample(1, 2_000, 0.0, 1.0);
    let same = Drift::between(&reference, &normal_sample(2, 1_000, 0.0, 1.0));
    assert!(same.psi < drift::PSI_STABLE, "{same:?}");
    assert!(same.ks_p_value > 0.05, "{same:?}");
    assert_eq!(same.verdict(), "stable");

    let shifted = Drift::between(&reference, &normal_sample(3, 1_000, 1.0, 1.0));
    assert!(shifted.psi > drift::PSI_MAJOR, "{shifted:?}");
    assert!(shifted.ks_p_value < 1e-6, "{shifted:?}");
    assert!(
        (shifted.ks_statistic - 0.38).abs() < 0.05,
        "Φ(½)−Φ(−½) ≈ 0.38: {shifted:?}"
    );
    assert_eq!(shifted.verdict(), "major shift");

    let wider = Drift::between(&reference, &normal_sample(4, 1_000, 0.0, 1.6));
    assert!(
        wider.psi > drift::PSI_STABLE,
        "a change of spread alone: {wider:?}"
    );
}

#[test]
fn the_ks_statistic_and_p_value_match_known_cases() {
    let (statistic, p) = drift::kolmogorov_smirnov(&[1.0, 2.0, 3.0], &[4.0, 5.0, 6.0]);
    assert_eq!(statistic, 1.0);
    assert!(p < 0.1, "{p}");
    let (statistic, p) = drift::kolmogorov_smirnov(&[1.0, 2.0, 3.0, 4.0], &[1.0, 2.0, 3.0, 4.0]);
    assert_eq!((statistic, p), (0.0, 1.0));
    // Two samples of 100 whose distribution functions differ by at most 0.2: scipy's
    // ks_2samp gives p ≈ 0.037 (exact) and 0.031 (asymptotic).
    let first: Vec<f32> = (0..100).map(|i| i as f32).collect();
    let second: Vec<f32> = (20..120).map(|i| i as f32).collect();
    let (statistic, p) = drift::kolmogorov_smirnov(&first, &second);
    assert!((statistic - 0.2).abs() < 1e-6, "{statistic}");
    assert!((0.02..0.045).contains(&p), "{p}");
    assert_eq!(drift::psi(&first, &first, 10), 0.0);
}
