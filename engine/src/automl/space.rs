//! The playground's hyper-parameters as a search space: each axis takes one of the values the
//! playground's own controls offer, so any configuration a search finds can be opened there.

use crate::seeded::Rng;
use crate::spec::{
    Activation, DataSpec, ExperimentSpec, Feature, Layer, ModelSpec, OptimizerKind, OptimizerSpec,
    Regularization, ReportSpec, ToyDataset,
};

/// The input features: the two coordinates, with their squares and product, or with sines.
pub const FEATURE_SETS: [&[Feature]; 3] = [
    &[Feature::X1, Feature::X2],
    &[
        Feature::X1,
        Feature::X2,
        Feature::X1Squared,
        Feature::X2Squared,
        Feature::X1X2,
    ],
    &[Feature::X1, Feature::X2, Feature::SinX1, Feature::SinX2],
];
pub const FEATURE_SET_NAMES: [&str; 3] = ["x₁ x₂", "+ squares", "+ sines"];
pub const LEARNING_RATES: [f64; 7] = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0];
pub const OPTIMIZERS: [OptimizerKind; 3] = [
    OptimizerKind::Sgd,
    OptimizerKind::Momentum,
    OptimizerKind::Adam,
];
pub const HIDDEN_LAYERS: [usize; 3] = [1, 2, 3];
pub const NEURONS: [usize; 4] = [2, 4, 6, 8];
pub const ACTIVATIONS: [Activation; 3] = [Activation::Relu, Activation::Tanh, Activation::Sigmoid];
pub const BATCH_SIZES: [usize; 4] = [5, 10, 20, 30];
pub const L2_RATES: [f64; 4] = [0.0, 0.001, 0.01, 0.1];

/// One point of the space: the playground's controls a search may turn.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    /// Index into [`FEATURE_SETS`].
    pub features: usize,
    pub learning_rate: f64,
    pub optimizer: OptimizerKind,
    pub hidden_layers: usize,
    /// Neurons in every hidden layer.
    pub neurons: usize,
    pub activation: Activation,
    pub batch_size: usize,
    /// L2 penalty strength (0: none).
    pub l2_rate: f64,
}

/// One axis of the space, for charts: its name and the values it takes, in order.
pub struct Axis {
    pub name: &'static str,
    pub values: Vec<String>,
}

impl Config {
    /// A configuration drawn uniformly from every axis.
    pub fn sample(rng: &mut Rng) -> Self {
        Self {
            features: rng.below(FEATURE_SETS.len()),
            learning_rate: LEARNING_RATES[rng.below(LEARNING_RATES.len())],
            optimizer: OPTIMIZERS[rng.below(OPTIMIZERS.len())],
            hidden_layers: HIDDEN_LAYERS[rng.below(HIDDEN_LAYERS.len())],
            neurons: NEURONS[rng.below(NEURONS.len())],
            activation: ACTIVATIONS[rng.below(ACTIVATIONS.len())],
            batch_size: BATCH_SIZES[rng.below(BATCH_SIZES.len())],
            l2_rate: L2_RATES[rng.below(L2_RATES.len())],
        }
    }

    /// `count` configurations drawn in order from `seed`: a smaller count gives a prefix of a
    /// larger one, so two methods with one seed draw the same candidates.
    pub fn sample_many(count: usize, seed: u64) -> Vec<Self> {
        let mut rng = Rng::new(seed);
        (0..count).map(|_| Self::sample(&mut rng)).collect()
    }

    /// The experiment that trains this configuration for `steps` steps on `dataset` (two
    /// features, 1,000 points, half for training, the other half to judge it), reporting only
    /// losses and accuracy: a search reads nothing else.
    pub fn to_spec(&self, dataset: ToyDataset, steps: u64, seed: u64) -> ExperimentSpec {
        let mut spec = ExperimentSpec::toy(dataset);
        if let DataSpec::Toy(toy) = &mut spec.data {
            toy.seed = seed;
            toy.features = FEATURE_SETS[self.features.min(FEATURE_SETS.len() - 1)].to_vec();
        }
        spec.model = ModelSpec::Mlp {
            layers: vec![Layer::new(self.neurons, self.activation); self.hidden_layers],
            dropout: 0.0,
            batch_norm: false,
        };
        spec.optimizer = OptimizerSpec {
            kind: self.optimizer,
            learning_rate: self.learning_rate,
            momentum: 0.9,
            regularization: if self.l2_rate > 0.0 {
                Regularization::L2
            } else {
                Regularization::None
            },
            regularization_rate: self.l2_rate,
            gradient_clip: None,
        };
        spec.batch_size = self.batch_size;
        spec.steps = steps;
        spec.eval_every = steps;
        spec.report = ReportSpec::default();
        spec.seed = seed;
        spec
    }

    /// Each axis's value as its index among the axis's values (see [`Config::axes`]).
    pub fn coordinates(&self) -> [usize; 8] {
        let at = |found: Option<usize>| found.unwrap_or(0);
        [
            self.features,
            at(LEARNING_RATES.iter().position(|&r| r == self.learning_rate)),
            at(OPTIMIZERS.iter().position(|&o| o == self.optimizer)),
            at(HIDDEN_LAYERS.iter().position(|&l| l == self.hidden_layers)),
            at(NEURONS.iter().position(|&n| n == self.neurons)),
            at(ACTIVATIONS.iter().position(|&a| a == self.activation)),
            at(BATCH_SIZES.iter().position(|&b| b == self.batch_size)),
            at(L2_RATES.iter().position(|&r| r == self.l2_rate)),
        ]
    }

    /// The space's axes, in the order of [`Config::coordinates`].
    pub fn axes() -> [Axis; 8] {
        let texts = |values: &[String]| values.to_vec();
        let numbers = |values: &[f64]| values.iter().map(|v| v.to_string()).collect::<Vec<_>>();
        let counts = |values: &[usize]| values.iter().map(|v| v.to_string()).collect::<Vec<_>>();
        [
            Axis {
                name: "features",
                values: texts(&FEATURE_SET_NAMES.map(String::from)),
            },
            Axis {
                name: "learning rate",
                values: numbers(&LEARNING_RATES),
            },
            Axis {
                name: "optimizer",
                values: texts(&OPTIMIZERS.map(|o| optimizer_name(o).to_string())),
            },
            Axis {
                name: "hidden layers",
                values: counts(&HIDDEN_LAYERS),
            },
            Axis {
                name: "neurons",
                values: counts(&NEURONS),
            },
            Axis {
                name: "activation",
                values: texts(&ACTIVATIONS.map(|a| activation_name(a).to_string())),
            },
            Axis {
                name: "batch size",
                values: counts(&BATCH_SIZES),
            },
            Axis {
                name: "L2",
                values: numbers(&L2_RATES),
            },
        ]
    }

    /// The configuration in words: "x₁ x₂ + sines, Adam 0.03, 3 × 8 tanh, batch 10, L2 0.001".
    pub fn describe(&self) -> String {
        let l2 = if self.l2_rate > 0.0 {
            format!(", L2 {}", self.l2_rate)
        } else {
            String::new()
        };
        let features = match self.features {
            0 => String::new(),
            index => format!("x₁ x₂ {}, ", FEATURE_SET_NAMES[index.min(2)]),
        };
        format!(
            "{features}{} {}, {} × {} {}, batch {}{l2}",
            optimizer_name(self.optimizer),
            self.learning_rate,
            self.hidden_layers,
            self.neurons,
            activation_name(self.activation),
            self.batch_size,
        )
    }
}

pub fn optimizer_name(kind: OptimizerKind) -> &'static str {
    match kind {
        OptimizerKind::Sgd => "SGD",
        OptimizerKind::Momentum => "momentum",
        OptimizerKind::Adam => "Adam",
    }
}

pub fn activation_name(activation: Activation) -> &'static str {
    match activation {
        Activation::Relu => "ReLU",
        Activation::Tanh => "tanh",
        Activation::Sigmoid => "sigmoid",
        Activation::Linear => "linear",
        Activation::Gelu => "GELU",
    }
}
