//! Every control of the playground as one value, written to and read from the page's URL
//! (so a copied link reproduces the run) and turned into the engine's `ExperimentSpec`.

use ml_intro_engine::ExperimentSpec;
use ml_intro_engine::spec::SPEC_VERSION;
use ml_intro_engine::spec::{
    Activation, DataSpec, Feature, Layer, ModelSpec, OptimizerKind, OptimizerSpec, Regularization,
    ReportSpec, ToyDataSpec, ToyDataset,
};

/// Points TensorFlow Playground draws per set.
pub const SAMPLES: usize = 500;
/// Resolution of the decision and neuron heatmaps.
pub const GRID: usize = 40;
pub const MAX_LAYERS: usize = 6;
pub const MAX_NEURONS: usize = 8;
/// Play stops by itself after this many steps (the engine's largest `steps`).
pub const MAX_PLAY_STEPS: u64 = 100_000_000;
pub const LEARNING_RATES: [f64; 10] = [
    0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0,
];
pub const REGULARIZATION_RATES: [f64; 8] = [0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0];

/// The playground's controls. Defaults are TensorFlow Playground's, on the spiral.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub dataset: ToyDataset,
    /// Label noise in percent, 0–50.
    pub noise: u32,
    /// Share of points used for training, in percent, 10–90.
    pub train_percent: u32,
    pub batch_size: usize,
    pub features: Vec<Feature>,
    /// Neurons of each hidden layer.
    pub layers: Vec<usize>,
    /// The activation the "Activation" control sets for every layer, and new layers get.
    pub activation: Activation,
    /// Each hidden layer's own activation (as many as `layers`).
    pub layer_activations: Vec<Activation>,
    /// Share of hidden activations dropped in training, in percent, 0–50.
    pub dropout_percent: u32,
    /// Normalise each hidden layer over the batch before its activation.
    pub batch_norm: bool,
    pub learning_rate: f64,
    pub optimizer: OptimizerKind,
    pub regularization: Regularization,
    pub regularization_rate: f64,
    pub seed: u64,
    pub show_test: bool,
    pub discretize: bool,
    /// The visitor's own points (CSV text) instead of the generated set. Not in the address:
    /// a link cannot carry a file.
    pub csv: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            dataset: ToyDataset::Spiral,
            noise: 0,
            train_percent: 50,
            batch_size: 10,
            features: vec![Feature::X1, Feature::X2],
            layers: vec![4, 2],
            activation: Activation::Tanh,
            layer_activations: vec![Activation::Tanh; 2],
            dropout_percent: 0,
            batch_norm: false,
            learning_rate: 0.03,
            optimizer: OptimizerKind::Sgd,
            regularization: Regularization::None,
            regularization_rate: 0.0,
            seed: 1,
            show_test: false,
            discretize: false,
            csv: None,
        }
    }
}

impl Settings {
    /// The experiment the controls describe: the same one on every backend.
    pub fn to_spec(&self) -> ExperimentSpec {
        let layers = self
            .layers
            .iter()
            .zip(&self.layer_activations)
            .map(|(&width, &activation)| Layer::new(width, activation))
            .collect();
        ExperimentSpec {
            version: SPEC_VERSION,
            data: DataSpec::Toy(ToyDataSpec {
                dataset: self.dataset,
                samples: SAMPLES,
                noise: self.noise as f32 / 100.0,
                train_share: self.train_percent as f32 / 100.0,
                features: self.features.clone(),
                seed: self.seed,
                csv: self.csv.clone(),
            }),
            model: ModelSpec::Mlp {
                layers,
                dropout: self.dropout_percent as f32 / 100.0,
                batch_norm: self.batch_norm,
            },
            optimizer: OptimizerSpec {
                kind: self.optimizer,
                learning_rate: self.learning_rate,
                momentum: 0.9,
                regularization: self.regularization,
                regularization_rate: self.regularization_rate,
                gradient_clip: None,
            },
            batch_size: self.batch_size,
            steps: MAX_PLAY_STEPS,
            eval_every: 1,
            report: ReportSpec {
                decision_grid: Some(GRID),
                neuron_grids: true,
                samples: 0,
                weights: true,
                embedding: 0,
            },
            seed: self.seed,
        }
    }

    /// The settings as URL query pairs (without `?`); only what differs from the defaults.
    pub fn to_query(&self) -> String {
        let defaults = Settings::default();
        let mut pairs: Vec<(&str, String)> = Vec::new();
        let mut push = |key, value: String, default: String| {
            if value != default {
                pairs.push((key, value));
            }
        };
        push("dataset", name(&self.dataset), name(&defaults.dataset));
        push("noise", self.noise.to_string(), defaults.noise.to_string());
        push(
            "train",
            self.train_percent.to_string(),
            defaults.train_percent.to_string(),
        );
        push(
            "batch",
            self.batch_size.to_string(),
            defaults.batch_size.to_string(),
        );
        let features = |list: &[Feature]| list.iter().map(name).collect::<Vec<_>>().join(",");
        push(
            "features",
            features(&self.features),
            features(&defaults.features),
        );
        let layers = |list: &[usize]| {
            list.iter()
                .map(usize::to_string)
                .collect::<Vec<_>>()
                .join(",")
        };
        push("layers", layers(&self.layers), layers(&defaults.layers));
        let activation = if self.layer_activations.iter().all(|a| *a == self.activation) {
            name(&self.activation)
        } else {
            let names: Vec<String> = self.layer_activations.iter().map(name).collect();
            names.join(",")
        };
        push("activation", activation, name(&defaults.activation));
        push(
            "dropout",
            self.dropout_percent.to_string(),
            defaults.dropout_percent.to_string(),
        );
        push(
            "batch_norm",
            self.batch_norm.to_string(),
            defaults.batch_norm.to_string(),
        );
        push(
            "lr",
            self.learning_rate.to_string(),
            defaults.learning_rate.to_string(),
        );
        push(
            "optimizer",
            name(&self.optimizer),
            name(&defaults.optimizer),
        );
        push(
            "reg",
            name(&self.regularization),
            name(&defaults.regularization),
        );
        push(
            "reg_rate",
            self.regularization_rate.to_string(),
            defaults.regularization_rate.to_string(),
        );
        push("seed", self.seed.to_string(), defaults.seed.to_string());
        push(
            "test",
            self.show_test.to_string(),
            defaults.show_test.to_string(),
        );
        push(
            "discretize",
            self.discretize.to_string(),
            defaults.discretize.to_string(),
        );
        pairs
            .into_iter()
            .map(|(key, value)| format!("{key}={value}"))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// Reads settings from query pairs. Values out of range or unknown keep their default
    /// and are listed in the second result, so the page can say what it ignored.
    pub fn from_query(query: &str) -> (Self, Vec<String>) {
        let mut settings = Settings::default();
        let mut ignored = Vec::new();
        let mut activations = None;
        for pair in query
            .trim_start_matches('?')
            .split('&')
            .filter(|p| !p.is_empty())
        {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            if key == "activation" {
                // One name for every layer, or one per layer (checked once layers are known).
                activations = Some(value.to_string());
            } else if !settings.apply(key, value) && !IGNORED_KEYS.contains(&key) {
                ignored.push(format!("{key}={value}"));
            }
        }
        settings.layer_activations = vec![settings.activation; settings.layers.len()];
        if let Some(value) = activations {
            let names: Option<Vec<Activation>> = value.split(',').map(parse_name).collect();
            match names.as_deref() {
                Some([one]) => settings.set_activation(*one),
                Some(list) if list.len() == settings.layers.len() => {
                    settings.activation = list[0];
                    settings.layer_activations = list.to_vec();
                }
                _ => ignored.push(format!("activation={value}")),
            }
        }
        (settings, ignored)
    }

    /// Sets the activation of every hidden layer, and of layers added later.
    pub fn set_activation(&mut self, activation: Activation) {
        self.activation = activation;
        self.layer_activations = vec![activation; self.layers.len()];
    }

    /// Adds a hidden layer of two neurons with the common activation (at most `MAX_LAYERS`).
    pub fn add_layer(&mut self) {
        if self.layers.len() < MAX_LAYERS {
            self.layers.push(2);
            self.layer_activations.push(self.activation);
        }
    }

    /// Removes the last hidden layer.
    pub fn remove_layer(&mut self) {
        self.layers.pop();
        self.layer_activations.truncate(self.layers.len());
    }

    /// Sets one field from its URL form; false if the key is unknown or the value invalid.
    fn apply(&mut self, key: &str, value: &str) -> bool {
        fn set<T>(field: &mut T, parsed: Option<T>) -> bool {
            parsed.map(|value| *field = value).is_some()
        }
        let number = |low: u32, high: u32| value.parse().ok().filter(|n| (low..=high).contains(n));
        match key {
            "dataset" => set(&mut self.dataset, parse_name(value)),
            "noise" => set(&mut self.noise, number(0, 50)),
            "train" => set(&mut self.train_percent, number(10, 90)),
            "batch" => set(&mut self.batch_size, number(1, 30).map(|n| n as usize)),
            "features" => set(
                &mut self.features,
                value
                    .split(',')
                    .map(parse_name)
                    .collect::<Option<Vec<_>>>()
                    .filter(|f| !f.is_empty()),
            ),
            "layers" => set(&mut self.layers, parse_layers(value)),
            "dropout" => set(&mut self.dropout_percent, number(0, 50)),
            "batch_norm" => set(&mut self.batch_norm, value.parse().ok()),
            "lr" => set(
                &mut self.learning_rate,
                value.parse().ok().filter(|lr| LEARNING_RATES.contains(lr)),
            ),
            "optimizer" => set(&mut self.optimizer, parse_name(value)),
            "reg" => set(&mut self.regularization, parse_name(value)),
            "reg_rate" => set(
                &mut self.regularization_rate,
                value
                    .parse()
                    .ok()
                    .filter(|rate| REGULARIZATION_RATES.contains(rate)),
            ),
            "seed" => set(&mut self.seed, value.parse().ok()),
            "test" => set(&mut self.show_test, value.parse().ok()),
            "discretize" => set(&mut self.discretize, value.parse().ok()),
            _ => false,
        }
    }
}

/// Query keys that belong to the site, not the playground: the device, test faults, and a
/// chapter's frame.
const IGNORED_KEYS: [&str; 3] = ["backend", "faults", "embed"];

/// "" is no hidden layer; otherwise 1–8 neurons in each of up to 6 layers.
fn parse_layers(value: &str) -> Option<Vec<usize>> {
    if value.is_empty() {
        return Some(Vec::new());
    }
    let layers: Vec<usize> = value
        .split(',')
        .map(|width| width.parse().ok().filter(|w| (1..=MAX_NEURONS).contains(w)))
        .collect::<Option<_>>()?;
    (layers.len() <= MAX_LAYERS).then_some(layers)
}

/// An enum's name as the engine's specs spell it (`multi-gauss`, `sin_x1`, `l2`).
pub fn name<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|json| json.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn parse_name<T: serde::de::DeserializeOwned>(value: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(value.to_string())).ok()
}

#[cfg(test)]
#[path = "settings_tests.rs"]
mod tests;
