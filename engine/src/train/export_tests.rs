//! A trained network exported as a model file and imported again predicts exactly as before.

use super::*;
use crate::data::toy::DATA_EXTENT;
use crate::report::Grid;
use crate::spec::{Activation, Feature, Layer, ModelSpec, ToyDataset};
use crate::train::cpu_device;
use pollster::block_on;

fn playground_spec() -> ExperimentSpec {
    let mut spec = ExperimentSpec::toy(ToyDataset::Spiral);
    if let crate::spec::DataSpec::Toy(toy) = &mut spec.data {
        toy.features = vec![Feature::X1, Feature::X2, Feature::SinX1, Feature::SinX2];
    }
    spec.model = ModelSpec::Mlp {
        layers: vec![
            Layer::new(8, Activation::Tanh),
            Layer::new(6, Activation::Relu),
        ],
        dropout: 0.1,
        batch_norm: false,
    };
    spec.report.decision_grid = Some(24);
    spec.report.weights = true;
    spec
}

#[test]
fn an_imported_model_predicts_exactly_as_the_exported_one() {
    let spec = playground_spec();
    let mut trained = Session::new(&spec, cpu_device()).expect("valid");
    let before = block_on(trained.step(400)).expect("trains");
    assert!(before.accuracy.expect("classification") > 0.7, "{before:?}");
    let file = block_on(trained.export()).expect("an MLP exports");
    assert_eq!(
        file.layers, before.weights,
        "the file holds the trained weights"
    );

    let bytes = file.to_safetensors();
    let read = ModelFile::from_safetensors(&bytes).expect("reads back");
    let mut imported = Session::import(&read, cpu_device()).expect("imports");
    let look = block_on(imported.step(0)).expect("looks");
    assert_eq!(look.step, 0);
    assert_eq!(look.weights, before.weights);
    assert_eq!(
        look.decision_grid, before.decision_grid,
        "identical predictions"
    );
    assert_eq!(
        (look.train_loss, look.test_loss, look.accuracy),
        (before.train_loss, before.test_loss, before.accuracy)
    );

    // The file's own forward pass (what the runner serves) agrees with the engine's.
    let grid = before.decision_grid.expect("a grid");
    let centres = Grid::cell_centres(24, DATA_EXTENT);
    let served = read.predict(&centres).expect("finite points");
    for (engine, file) in grid.values.iter().zip(&served) {
        assert!((engine - file).abs() < 1e-5, "{engine} vs {file}");
    }
}

#[test]
fn the_burn_path_exports_the_same_weights_it_reports() {
    let spec = playground_spec();
    let mut trained = Session::new_on_burn(&spec, cpu_device()).expect("valid");
    let snapshot = block_on(trained.step(50)).expect("trains");
    let file = block_on(trained.export()).expect("exports");
    assert_eq!(file.layers, snapshot.weights);
}

#[test]
fn models_that_cannot_be_exported_say_which_can() {
    let mut spec = playground_spec();
    spec.model = ModelSpec::Mlp {
        layers: vec![Layer::new(4, Activation::Tanh)],
        dropout: 0.0,
        batch_norm: true,
    };
    let session = Session::new(&spec, cpu_device()).expect("valid");
    let error = block_on(session.export()).expect_err("batch norm");
    assert_eq!(
        error.to_string(),
        "only models can be exported that have no batch norm (its running statistics are not saved yet)"
    );
}
