//! The playground settings survive the address, and bad values are named, not used.

use super::*;

#[test]
fn every_control_survives_the_round_trip_through_the_url() {
    let settings = Settings {
        dataset: ToyDataset::MultiGauss,
        noise: 35,
        train_percent: 70,
        batch_size: 25,
        features: vec![Feature::X1Squared, Feature::SinX2],
        layers: vec![8, 1, 3],
        activation: Activation::Relu,
        layer_activations: vec![Activation::Relu, Activation::Gelu, Activation::Linear],
        dropout_percent: 20,
        batch_norm: true,
        learning_rate: 0.3,
        optimizer: OptimizerKind::Adam,
        regularization: Regularization::L1,
        regularization_rate: 0.003,
        seed: 42,
        show_test: true,
        discretize: true,
        csv: None,
    };
    let query = settings.to_query();
    assert_eq!(
        Settings::from_query(&query),
        (settings, Vec::new()),
        "{query}"
    );
    assert_eq!(Settings::default().to_query(), "");
    let mut same = Settings::default();
    same.set_activation(Activation::Sigmoid);
    assert_eq!(same.to_query(), "activation=sigmoid");
    assert_eq!(Settings::from_query("activation=sigmoid").0, same);
    let no_layers = Settings {
        layers: Vec::new(),
        layer_activations: Vec::new(),
        ..Settings::default()
    };
    assert_eq!(Settings::from_query(&no_layers.to_query()).0, no_layers);
}

#[test]
fn bad_values_keep_their_defaults_and_are_named() {
    let (settings, ignored) = Settings::from_query(
        "?dataset=moons&noise=80&layers=4,99&lr=0.02&features=&backend=cpu&seed=7&colour=red&activation=relu,tanh,relu",
    );
    assert_eq!(
        settings,
        Settings {
            seed: 7,
            ..Settings::default()
        }
    );
    assert_eq!(
        ignored,
        [
            "dataset=moons",
            "noise=80",
            "layers=4,99",
            "lr=0.02",
            "features=",
            "colour=red",
            "activation=relu,tanh,relu"
        ]
    );
}

#[test]
fn the_spec_is_valid_and_matches_the_controls() {
    let settings = Settings {
        noise: 20,
        train_percent: 30,
        ..Settings::default()
    };
    let spec = settings.to_spec();
    spec.validate().unwrap();
    let DataSpec::Toy(toy) = &spec.data else {
        panic!("{spec:?}")
    };
    assert_eq!((toy.noise, toy.train_share), (0.2, 0.3));
    assert!(!spec.is_regression());
    let regression = Settings {
        dataset: ToyDataset::Plane,
        ..Settings::default()
    };
    assert!(regression.to_spec().is_regression());
}
