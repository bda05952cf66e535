use super::*;

#[test]
fn presets_are_valid() {
    assert_eq!(ExperimentSpec::default().validate(), Ok(()));
    for dataset in ToyDataset::ALL {
        assert_eq!(
            ExperimentSpec::toy(dataset).validate(),
            Ok(()),
            "{dataset:?}"
        );
    }
}

#[test]
fn errors_name_the_field_and_the_allowed_values() {
    let mut spec = ExperimentSpec::toy(ToyDataset::Spiral);
    spec.model = ModelSpec::Mlp {
        layers: vec![
            Layer::new(8, Activation::Tanh),
            Layer::new(0, Activation::Relu),
        ],
        dropout: 0.0,
        batch_norm: false,
    };
    let error = spec.validate().unwrap_err();
    assert_eq!(error.field, "model.layers[1].width");
    assert!(error.to_string().contains("1 to 1024"), "{error}");

    let mut spec = ExperimentSpec::default();
    spec.optimizer.learning_rate = f64::NAN;
    assert_eq!(
        spec.validate().unwrap_err().field,
        "optimizer.learning_rate"
    );

    let mut spec = ExperimentSpec::default();
    if let DataSpec::Toy(toy) = &mut spec.data {
        toy.noise = 0.7;
    }
    let error = spec.validate().unwrap_err();
    assert_eq!(error.field, "data.noise");
    assert!(error.to_string().contains("0 to 0.5"), "{error}");
}

#[test]
fn a_model_must_fit_its_data() {
    let mut spec = ExperimentSpec::toy(ToyDataset::Circle);
    spec.model = ModelSpec::Cnn {
        channels: [8, 16],
        hidden: 32,
        dropout: 0.0,
    };
    let error = spec.validate().unwrap_err();
    assert_eq!(error.field, "model.kind");
    assert!(error.to_string().contains("digits or mnist"), "{error}");

    let mut spec = ExperimentSpec::toy(ToyDataset::Circle);
    spec.data = DataSpec::Digits {
        train_share: 0.8,
        seed: 1,
    };
    spec.report.decision_grid = Some(20);
    assert_eq!(spec.validate().unwrap_err().field, "report.decision_grid");
}

#[test]
fn json_round_trip_and_unknown_values_are_refused() {
    let spec = ExperimentSpec::toy(ToyDataset::Spiral);
    let json = spec.to_json();
    assert_eq!(ExperimentSpec::from_json(&json).unwrap(), spec);
    let bad = json.replace("\"tanh\"", "\"swish\"");
    let error = ExperimentSpec::from_json(&bad).unwrap_err();
    assert!(error.to_string().contains("swish"), "{error}");
    assert!(error.to_string().contains("line"), "{error}");
    let typo = json.replace("\"batch_size\"", "\"batchsize\"");
    let error = ExperimentSpec::from_json(&typo).unwrap_err();
    assert!(error.to_string().contains("batchsize"), "{error}");
}

#[test]
fn toml_specs_read_with_defaults_and_errors_say_where() {
    let text = r#"
version = 2
batch_size = 10
steps = 2000

[data]
source = "toy"
dataset = "spiral"
samples = 500
noise = 0.1
features = ["x1", "x2", "sin_x1", "sin_x2"]

[model]
kind = "mlp"
layers = [{ width = 8, activation = "tanh" }, { width = 8, activation = "relu" }]
dropout = 0.1
batch_norm = true

[optimizer]
kind = "momentum"
learning_rate = 0.03
regularization = "l2"
regularization_rate = 0.001
gradient_clip = 1.0
"#;
    let spec = ExperimentSpec::from_toml(text).unwrap();
    assert_eq!(spec.validate(), Ok(()));
    assert_eq!(spec.eval_every, 100);
    assert_eq!(spec.optimizer.momentum, 0.9);
    let DataSpec::Toy(toy) = &spec.data else {
        panic!("not toy data: {:?}", spec.data);
    };
    assert_eq!(toy.train_share, 0.5);
    assert_eq!(toy.features.len(), 4);
    assert!(matches!(
        spec.model,
        ModelSpec::Mlp {
            batch_norm: true,
            ..
        }
    ));

    let error = ExperimentSpec::from_toml(&text.replace("\"momentum\"", "\"lbfgs\"")).unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains("lbfgs") && message.contains("line 20"),
        "{message}"
    );
}

#[test]
fn other_versions_are_refused_by_name() {
    let spec = ExperimentSpec {
        version: 1,
        ..ExperimentSpec::default()
    };
    let error = spec.validate().unwrap_err();
    assert_eq!(error.field, "version");
    assert!(error.to_string().contains('2'), "{error}");
}
