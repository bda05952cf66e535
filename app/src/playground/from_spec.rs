//! The playground's settings for an experiment made elsewhere (a code cell's `playground(spec)`),
//! so a script can open the playground on its own network and data. What the playground's
//! controls cannot show is brought within their range, and each change is named.

use super::settings::{LEARNING_RATES, MAX_LAYERS, MAX_NEURONS, REGULARIZATION_RATES, Settings};
use ml_intro_engine::ExperimentSpec;
use ml_intro_engine::spec::{DataSpec, ModelSpec};

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

impl Settings {
    /// The settings that train `spec` in the playground, and what had to change; an error if
    /// the playground cannot train it at all (other data, another kind of model).
    pub fn from_spec(spec: &ExperimentSpec) -> Result<(Self, Vec<String>), String> {
        let DataSpec::Toy(data) = &spec.data else {
            return Err("the playground trains the toy data sets only".into());
        };
        let ModelSpec::Mlp {
            layers,
            dropout,
            batch_norm,
        } = &spec.model
        else {
            return Err("the playground trains MLPs only".into());
        };
        let mut changes = Vec::new();
        let mut settings = Settings {
            dataset: data.dataset,
            noise: (data.noise * 100.0).round().clamp(0.0, 50.0) as u32,
            train_percent: (data.train_share * 100.0).round().clamp(10.0, 90.0) as u32,
            batch_size: spec.batch_size.clamp(1, 30),
            features: data.features.clone(),
            dropout_percent: (dropout * 100.0).round().clamp(0.0, 50.0) as u32,
            batch_norm: *batch_norm,
            optimizer: spec.optimizer.kind,
            regularization: spec.optimizer.regularization,
            seed: data.seed,
            ..Settings::default()
        };
        if settings.batch_size != spec.batch_size {
            changes.push(format!(
                "batch size {} → {}",
                spec.batch_size, settings.batch_size
            ));
        }
        if layers.len() > MAX_LAYERS {
            changes.push(format!("{} hidden layers → {MAX_LAYERS}", layers.len()));
        }
        let kept = &layers[..layers.len().min(MAX_LAYERS)];
        settings.layers = kept.iter().map(|l| l.width.min(MAX_NEURONS)).collect();
        if kept.iter().any(|layer| layer.width > MAX_NEURONS) {
            changes.push(format!(
                "layers wider than {MAX_NEURONS} neurons → {MAX_NEURONS}"
            ));
        }
        settings.layer_activations = kept.iter().map(|layer| layer.activation).collect();
        if let Some(first) = kept.first() {
            settings.activation = first.activation;
        }
        let wanted = spec.optimizer.learning_rate;
        settings.learning_rate = nearest(&LEARNING_RATES, wanted);
        if settings.learning_rate != wanted {
            changes.push(format!(
                "learning rate {wanted} → {}",
                settings.learning_rate
            ));
        }
        let wanted = spec.optimizer.regularization_rate;
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
    use ml_intro_engine::ToyDataset;
    use ml_intro_engine::spec::{Activation, Layer};

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
        let (settings, changes) = Settings::from_spec(&spec).unwrap();
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
        let (settings, changes) = Settings::from_spec(&spec).unwrap();
        assert_eq!(settings.layers, [8]);
        assert_eq!(settings.batch_size, 30);
        assert_eq!(settings.learning_rate, 0.03);
        assert_eq!(changes.len(), 3, "{changes:?}");
    }
}
