//! The playground's settings for an experiment made elsewhere (a code cell's `playground(spec)`),
//! so a script can open the playground on its own network and data. What the playground's
//! controls cannot show is brought within their range, and each change is named.

use super::settings::{LEARNING_RATES, MAX_LAYERS, MAX_NEURONS, REGULARIZATION_RATES, Settings};
use serde::de::DeserializeOwned;
use serde_json::Value;

/// The closest value of `choices` to `wanted`.
fn nearest(choices: &[f64], wanted: f64) -> f64 {
    let distance = |value: f64| (value.ln() - wanted.max(1e-12).ln()).abs();
    choices
        .iter()
        .copied()
        .filter(|&value| value > 0.0)
        .min_by(|a, b| distance(*a).total_cmp(&distance(*b)))
        .unwrap_or(wanted)
}

/// The field at `pointer` as a `T` (an enum by its name, a number…), or what is wrong.
fn field<T: DeserializeOwned>(spec: &Value, pointer: &str) -> Result<T, String> {
    let value = spec.pointer(pointer).cloned().unwrap_or(Value::Null);
    serde_json::from_value(value).map_err(|error| format!("{pointer}: {error}"))
}

fn number(spec: &Value, pointer: &str) -> Result<f64, String> {
    let value = spec.pointer(pointer).and_then(Value::as_f64);
    value.ok_or_else(|| format!("{pointer}: not a number"))
}

impl Settings {
    /// The settings that train the experiment `spec` (its JSON) in the playground, and what
    /// had to change; an error if the playground cannot train it (other data, another model).
    /// It reads only the fields the playground shows, so the site need not parse whole specs.
    pub fn from_spec(spec: &Value) -> Result<(Self, Vec<String>), String> {
        if spec.pointer("/data/source").and_then(Value::as_str) != Some("toy") {
            return Err("the playground trains the toy data sets only".into());
        }
        if spec.pointer("/model/kind").and_then(Value::as_str) != Some("mlp") {
            return Err("the playground trains MLPs only".into());
        }
        let mut changes = Vec::new();
        let batch_size = number(spec, "/batch_size")? as usize;
        let mut settings = Settings {
            dataset: field(spec, "/data/dataset")?,
            noise: (number(spec, "/data/noise")? * 100.0)
                .round()
                .clamp(0.0, 50.0) as u32,
            train_percent: (number(spec, "/data/train_share")? * 100.0)
                .round()
                .clamp(10.0, 90.0) as u32,
            batch_size: batch_size.clamp(1, 30),
            features: field(spec, "/data/features")?,
            dropout_percent: (number(spec, "/model/dropout")? * 100.0)
                .round()
                .clamp(0.0, 50.0) as u32,
            batch_norm: field(spec, "/model/batch_norm")?,
            optimizer: field(spec, "/optimizer/kind")?,
            regularization: field(spec, "/optimizer/regularization")?,
            seed: field(spec, "/data/seed")?,
            ..Settings::default()
        };
        if settings.batch_size != batch_size {
            changes.push(format!("batch size {batch_size} → {}", settings.batch_size));
        }
        let layers: Vec<Value> = field(spec, "/model/layers")?;
        if layers.len() > MAX_LAYERS {
            changes.push(format!("{} hidden layers → {MAX_LAYERS}", layers.len()));
        }
        let kept = &layers[..layers.len().min(MAX_LAYERS)];
        let widths: Vec<usize> = kept
            .iter()
            .map(|layer| field(layer, "/width"))
            .collect::<Result<_, _>>()?;
        if widths.iter().any(|&width| width > MAX_NEURONS) {
            changes.push(format!(
                "layers wider than {MAX_NEURONS} neurons → {MAX_NEURONS}"
            ));
        }
        settings.layers = widths.iter().map(|&width| width.min(MAX_NEURONS)).collect();
        settings.layer_activations = kept
            .iter()
            .map(|layer| field(layer, "/activation"))
            .collect::<Result<_, _>>()?;
        if let Some(&first) = settings.layer_activations.first() {
            settings.activation = first;
        }
        let wanted = number(spec, "/optimizer/learning_rate")?;
        settings.learning_rate = nearest(&LEARNING_RATES, wanted);
        if settings.learning_rate != wanted {
            changes.push(format!(
                "learning rate {wanted} → {}",
                settings.learning_rate
            ));
        }
        let wanted = number(spec, "/optimizer/regularization_rate")?;
        settings.regularization_rate = if wanted == 0.0 {
            0.0
        } else {
            nearest(&REGULARIZATION_RATES, wanted)
        };
        if settings.regularization_rate != wanted {
            changes.push(format!(
                "regularization rate {wanted} → {}",
                settings.regularization_rate
            ));
        }
        Ok((settings, changes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ml_intro_engine::spec::ModelSpec;
    use ml_intro_engine::spec::{Activation, Layer};
    use ml_intro_engine::{ExperimentSpec, ToyDataset};

    #[test]
    fn a_script_spec_opens_the_playground_on_its_network() {
        let mut spec = ExperimentSpec::toy(ToyDataset::Circle);
        spec.model = ModelSpec::Mlp {
            layers: vec![
                Layer::new(6, Activation::Relu),
                Layer::new(3, Activation::Tanh),
            ],
            dropout: 0.0,
            batch_norm: false,
        };
        spec.optimizer.learning_rate = 0.03;
        let (settings, changes) =
            Settings::from_spec(&serde_json::to_value(&spec).unwrap()).unwrap();
        assert_eq!(changes, Vec::<String>::new());
        assert_eq!(settings.layers, [6, 3]);
        let query = settings.to_query();
        assert!(query.contains("dataset=circle"), "{query}");
        assert!(query.contains("layers=6,3"), "{query}");
        assert_eq!(Settings::from_query(&query).0, settings, "{query}");
    }

    #[test]
    fn what_the_controls_cannot_show_is_named() {
        let mut spec = ExperimentSpec::toy(ToyDataset::Xor);
        spec.model = ModelSpec::Mlp {
            layers: vec![Layer::new(64, Activation::Relu)],
            dropout: 0.0,
            batch_norm: false,
        };
        spec.optimizer.learning_rate = 0.05;
        spec.batch_size = 128;
        let (settings, changes) =
            Settings::from_spec(&serde_json::to_value(&spec).unwrap()).unwrap();
        assert_eq!(settings.layers, [8]);
        assert_eq!(settings.batch_size, 30);
        assert_eq!(settings.learning_rate, 0.03);
        assert_eq!(changes.len(), 3, "{changes:?}");
    }
}
