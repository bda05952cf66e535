//! Range and compatibility checks for [`ExperimentSpec`]. Each error names the field's path
//! in the spec (`model.layers[1].width`) and what is allowed there.

use super::{DataSpec, EncoderObjective, ExperimentSpec, ModelSpec, SPEC_VERSION};
use crate::error::SpecError;
use std::fmt::Display;

const MAX_SAMPLES: usize = 100_000;
const MAX_LAYERS: usize = 8;
const MAX_WIDTH: usize = 1024;
const MAX_BATCH: usize = 100_000;
const MAX_STEPS: u64 = 100_000_000;
/// Largest CSV text of a visitor's own points.
pub const MAX_CSV_BYTES: usize = 1 << 20;
const MAX_GRID: usize = 200;

pub(super) fn validate(spec: &ExperimentSpec) -> Result<(), SpecError> {
    if spec.version != SPEC_VERSION {
        return Err(invalid("version", spec.version, format!("{SPEC_VERSION}")));
    }
    validate_data(&spec.data)?;
    validate_model(&spec.model, &spec.data)?;
    let optimizer = &spec.optimizer;
    let learning_rate = optimizer.learning_rate;
    if !(learning_rate.is_finite() && learning_rate > 0.0 && learning_rate <= 10.0) {
        return Err(invalid(
            "optimizer.learning_rate",
            learning_rate,
            "greater than 0, at most 10".into(),
        ));
    }
    within("optimizer.momentum", optimizer.momentum, 0.0, 0.999)?;
    within(
        "optimizer.regularization_rate",
        optimizer.regularization_rate,
        0.0,
        10.0,
    )?;
    if let Some(clip) = optimizer.gradient_clip
        && !(clip.is_finite() && clip > 0.0)
    {
        return Err(invalid(
            "optimizer.gradient_clip",
            clip,
            "a positive number".into(),
        ));
    }
    within("batch_size", spec.batch_size, 1, MAX_BATCH)?;
    within("steps", spec.steps, 1, MAX_STEPS)?;
    within("eval_every", spec.eval_every, 1, MAX_STEPS)?;
    let toy = matches!(spec.data, DataSpec::Toy(_));
    if let Some(resolution) = spec.report.decision_grid {
        if !toy {
            return Err(invalid(
                "report.decision_grid",
                resolution,
                "only with toy (2-D) data".into(),
            ));
        }
        within("report.decision_grid", resolution, 2, MAX_GRID)?;
    }
    if spec.report.neuron_grids && !(toy && matches!(spec.model, ModelSpec::Mlp { .. })) {
        return Err(invalid(
            "report.neuron_grids",
            true,
            "only with toy data and an MLP".into(),
        ));
    }
    within("report.samples", spec.report.samples, 0, 10_000)?;
    if spec.report.embedding > 0
        && !matches!(
            spec.model,
            ModelSpec::Autoencoder { .. } | ModelSpec::Encoder { .. }
        )
    {
        return Err(invalid(
            "report.embedding",
            spec.report.embedding,
            "0, or up to 2000 with an autoencoder or an encoder".into(),
        ));
    }
    within("report.embedding", spec.report.embedding, 0, 2_000)
}

fn validate_data(data: &DataSpec) -> Result<(), SpecError> {
    match data {
        DataSpec::Toy(toy) => {
            within("data.samples", toy.samples, 10, MAX_SAMPLES)?;
            within("data.noise", toy.noise, 0.0, 0.5)?;
            within("data.train_share", toy.train_share, 0.1, 0.9)?;
            if let Some(csv) = &toy.csv
                && csv.len() > MAX_CSV_BYTES
            {
                return Err(invalid(
                    "data.csv",
                    format!("{} bytes", csv.len()),
                    format!("at most {MAX_CSV_BYTES} bytes of points"),
                ));
            }
            if toy.features.is_empty() {
                return Err(invalid(
                    "data.features",
                    "[]",
                    "at least one feature".into(),
                ));
            }
            for (index, feature) in toy.features.iter().enumerate() {
                if toy.features[..index].contains(feature) {
                    return Err(invalid(
                        &format!("data.features[{index}]"),
                        feature.label(),
                        "each feature once".into(),
                    ));
                }
            }
            Ok(())
        }
        DataSpec::Table {
            path, train_share, ..
        } => {
            if path.trim().is_empty() {
                return Err(invalid("data.path", "\"\"", "a file path".into()));
            }
            within("data.train_share", *train_share, 0.1, 0.9)
        }
        DataSpec::Digits { train_share, .. } | DataSpec::Corpus { train_share, .. } => {
            within("data.train_share", *train_share, 0.1, 0.9)
        }
        DataSpec::Mnist { dir, limit } => {
            if dir.trim().is_empty() {
                return Err(invalid("data.dir", "\"\"", "a directory".into()));
            }
            match limit {
                Some(limit) => within("data.limit", *limit, 1, 60_000),
                None => Ok(()),
            }
        }
        DataSpec::Graph(graph) => {
            within("data.nodes", graph.nodes, 4, 2_000)?;
            within(
                "data.communities",
                graph.communities,
                2,
                10.min(graph.nodes),
            )?;
            within(
                "data.edge_chance_inside",
                graph.edge_chance_inside,
                0.0,
                1.0,
            )?;
            within(
                "data.edge_chance_across",
                graph.edge_chance_across,
                0.0,
                1.0,
            )?;
            within("data.train_share", graph.train_share, 0.05, 0.9)
        }
    }
}

fn validate_model(model: &ModelSpec, data: &DataSpec) -> Result<(), SpecError> {
    let image_data = matches!(data, DataSpec::Digits { .. } | DataSpec::Mnist { .. });
    let (compatible, allowed) = match model {
        ModelSpec::Mlp { .. } => (
            !matches!(data, DataSpec::Corpus { .. } | DataSpec::Graph(_)),
            "mlp: toy, table, digits or mnist data",
        ),
        ModelSpec::Cnn { .. } => (image_data, "cnn: digits or mnist data"),
        ModelSpec::Autoencoder { .. } => (image_data, "autoencoder: digits or mnist data"),
        ModelSpec::Encoder { .. } => (image_data, "encoder: digits or mnist data"),
        ModelSpec::Transformer { .. } => (
            matches!(data, DataSpec::Corpus { .. }),
            "transformer: corpus data",
        ),
        ModelSpec::Gcn { .. } => (matches!(data, DataSpec::Graph(_)), "gcn: graph data"),
    };
    if !compatible {
        return Err(invalid("model.kind", model.kind_name(), allowed.into()));
    }
    match model {
        ModelSpec::Mlp {
            layers, dropout, ..
        } => {
            within("model.layers", layers.len(), 0, MAX_LAYERS)?;
            for (index, layer) in layers.iter().enumerate() {
                let field = format!("model.layers[{index}].width");
                within(&field, layer.width, 1, MAX_WIDTH)?;
            }
            within("model.dropout", *dropout, 0.0, 0.9)
        }
        ModelSpec::Cnn {
            channels,
            hidden,
            dropout,
        } => {
            within("model.channels[0]", channels[0], 1, 128)?;
            within("model.channels[1]", channels[1], 1, 128)?;
            within("model.hidden", *hidden, 1, MAX_WIDTH)?;
            within("model.dropout", *dropout, 0.0, 0.9)
        }
        ModelSpec::Autoencoder { hidden, latent, .. } => {
            hidden_widths(hidden)?;
            within("model.latent", *latent, 1, 64)
        }
        ModelSpec::Encoder {
            hidden,
            dims,
            objective,
        } => {
            hidden_widths(hidden)?;
            within("model.dims", *dims, 2, 64)?;
            match *objective {
                EncoderObjective::Triplet { margin } => {
                    within("model.objective.margin", margin, 0.0, 10.0)
                }
                EncoderObjective::Contrastive { temperature } => {
                    within("model.objective.temperature", temperature, 0.01, 10.0)
                }
            }
        }
        ModelSpec::Transformer {
            context,
            embed,
            heads,
            blocks,
        } => {
            within("model.context", *context, 1, 512)?;
            within("model.heads", *heads, 1, 16)?;
            within("model.embed", *embed, 4, 512)?;
            if embed % heads != 0 {
                return Err(invalid(
                    "model.embed",
                    embed,
                    format!("a multiple of model.heads ({heads})"),
                ));
            }
            within("model.blocks", *blocks, 1, 8)
        }
        ModelSpec::Gcn { hidden, dropout } => {
            within("model.hidden", *hidden, 1, 512)?;
            within("model.dropout", *dropout, 0.0, 0.9)
        }
    }
}

fn hidden_widths(hidden: &[usize]) -> Result<(), SpecError> {
    within("model.hidden", hidden.len(), 0, MAX_LAYERS)?;
    for (index, &width) in hidden.iter().enumerate() {
        within(&format!("model.hidden[{index}]"), width, 1, MAX_WIDTH)?;
    }
    Ok(())
}

/// `value` must lie in `low..=high` (and be a number, for floats).
fn within<T: PartialOrd + Display>(
    field: &str,
    value: T,
    low: T,
    high: T,
) -> Result<(), SpecError> {
    if value >= low && value <= high {
        Ok(())
    } else {
        Err(invalid(field, &value, format!("{low} to {high}")))
    }
}

fn invalid(field: &str, found: impl Display, allowed: String) -> SpecError {
    SpecError {
        field: field.to_string(),
        found: found.to_string(),
        allowed,
    }
}
