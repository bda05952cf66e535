//! What the playground asks of a session: a look without training, the weights of every
//! link, hand-edited weights, and the points to draw.

use ml_intro_engine::data::toy::ToyData;
use ml_intro_engine::spec::{Activation, DataSpec, Layer, ModelSpec, ToyDataset};
use ml_intro_engine::train::{Session, cpu_device};
use ml_intro_engine::{EngineError, ExperimentSpec, WeightEdit};
use pollster::block_on;

/// TensorFlow Playground's default network, 2→4→2→1 tanh, with everything drawn.
fn playground_spec() -> ExperimentSpec {
    let mut spec = ExperimentSpec::toy(ToyDataset::Circle);
    spec.model = ModelSpec::Mlp {
        layers: vec![
            Layer::new(4, Activation::Tanh),
            Layer::new(2, Activation::Tanh),
        ],
        dropout: 0.0,
        batch_norm: false,
    };
    spec.report.decision_grid = Some(10);
    spec.report.neuron_grids = true;
    spec.report.weights = true;
    spec
}

#[test]
fn a_look_without_training_reports_the_untrained_network_and_every_link() {
    let mut session = Session::new(&playground_spec(), cpu_device()).unwrap();
    let look = block_on(session.step(0)).unwrap();
    assert_eq!(look.step, 0);
    assert_eq!(session.steps_done(), 0);
    let shapes: Vec<(usize, usize)> = look
        .weights
        .iter()
        .map(|layer| (layer.inputs, layer.outputs))
        .collect();
    assert_eq!(shapes, [(2, 4), (4, 2), (2, 1)]);
    assert!(
        look.weights
            .iter()
            .all(|layer| layer.biases.iter().all(|b| *b == 0.0))
    );
    assert_eq!(
        look.neuron_grids.iter().map(Vec::len).collect::<Vec<_>>(),
        [4, 2]
    );
    assert_eq!(look.decision_grid.as_ref().unwrap().values.len(), 100);

    let trained = block_on(session.step(50)).unwrap();
    assert_eq!(trained.step, 50);
    assert_ne!(trained.weights, look.weights, "training moved no weight");
}

#[test]
fn an_edited_weight_is_reported_and_changes_what_the_network_computes() {
    let mut session = Session::new(&playground_spec(), cpu_device()).unwrap();
    let before = block_on(session.step(0)).unwrap();
    session
        .set_weight(WeightEdit {
            layer: 2,
            input: Some(1),
            output: 0,
            value: 3.5,
        })
        .unwrap();
    session
        .set_weight(WeightEdit {
            layer: 0,
            input: None,
            output: 3,
            value: -0.25,
        })
        .unwrap();
    let after = block_on(session.step(0)).unwrap();
    assert_eq!(after.weights[2].weight(1, 0), Some(3.5));
    assert_eq!(after.weights[0].biases[3], -0.25);
    assert_eq!(
        after.weights[1], before.weights[1],
        "an untouched layer changed"
    );
    assert_ne!(after.decision_grid, before.decision_grid);

    // Training goes on from the edited network.
    let trained = block_on(session.step(20)).unwrap();
    assert!(trained.train_loss.is_finite());
}

#[test]
fn impossible_edits_are_refused_with_what_and_where() {
    let mut session = Session::new(&playground_spec(), cpu_device()).unwrap();
    let refuse = |session: &mut Session, layer, input, output, value| {
        let edit = WeightEdit {
            layer,
            input,
            output,
            value,
        };
        match session.set_weight(edit) {
            Err(EngineError::WeightEdit { reason }) => reason,
            other => panic!("{edit:?} was not refused: {other:?}"),
        }
    };
    assert!(refuse(&mut session, 3, Some(0), 0, 1.0).contains("layer 3"));
    assert!(refuse(&mut session, 1, Some(4), 0, 1.0).contains("input 4"));
    assert!(refuse(&mut session, 1, Some(0), 2, 1.0).contains("neuron 2"));
    assert!(refuse(&mut session, 0, Some(0), 0, f32::NAN).contains("not a number"));
    // Nothing was changed by the refused edits: the session still trains.
    assert!(block_on(session.step(5)).unwrap().train_loss.is_finite());
}

#[test]
fn the_points_to_draw_are_the_split_the_session_trains_on() {
    let spec = playground_spec();
    let DataSpec::Toy(toy) = &spec.data else {
        unreachable!()
    };
    let points = ToyData::generate(toy).plane_points();
    assert_eq!(points.train.len() + points.test.len(), toy.samples);
    assert_eq!(points.train.len(), toy.samples / 2);
    assert!(points.train.iter().all(|[x1, x2, label]| {
        x1.abs() <= points.extent && x2.abs() <= points.extent && (*label == 0.0 || *label == 1.0)
    }));
}

#[test]
fn a_visitors_own_points_train_and_a_broken_file_is_refused_with_its_line() {
    let mut rows = vec!["height,weight,label".to_string()];
    for index in 0..60 {
        let label = index % 2;
        let wobble = (index % 7) as f32 / 7.0;
        rows.push(format!(
            "{},{},{label}",
            150.0 + 40.0 * label as f32 + wobble,
            50.0 + 30.0 * label as f32 - wobble
        ));
    }
    let mut spec = playground_spec();
    let DataSpec::Toy(toy) = &mut spec.data else {
        unreachable!("a toy spec")
    };
    toy.csv = Some(rows.join("\n"));
    let points = ToyData::load(toy).unwrap().plane_points();
    assert_eq!(points.train.len() + points.test.len(), 60);
    let mut session = Session::new(&spec, cpu_device()).unwrap();
    let snapshot = block_on(session.step(300)).unwrap();
    assert_eq!(snapshot.accuracy, Some(1.0), "two separate clusters");

    let DataSpec::Toy(toy) = &mut spec.data else {
        unreachable!("a toy spec")
    };
    toy.csv = Some("x,y,label\n1,2,0\n3,oops,1\n5,6,0\n7,8,1\n".into());
    let Err(error) = Session::new(&spec, cpu_device()) else {
        panic!("a broken table trained");
    };
    assert!(error.to_string().contains("line 3, column 2"), "{error}");
}
