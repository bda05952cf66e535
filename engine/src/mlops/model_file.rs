//! A trained playground network as a file: [safetensors](https://huggingface.co/docs/safetensors)
//! with the experiment spec in its metadata, so PyTorch, JAX or Hugging Face tools can read
//! the weights, and the site, the runner and `ml-intro` can rebuild the exact model from it.
//!
//! Tensors follow PyTorch's `nn.Linear`: `layers.<i>.weight` is `[outputs, inputs]` and
//! `layers.<i>.bias` is `[outputs]`, all `F32`, input side first. The metadata holds
//! `format` ([`FORMAT`]), `spec` (the experiment as JSON), `features` and `output`, the last
//! two for people reading the file.

use crate::report::LayerWeights;
use crate::spec::{DataSpec, ExperimentSpec, Feature, ModelSpec};
use safetensors::tensor::{Dtype, SafeTensors, TensorView};
use std::collections::HashMap;

/// The `format` metadata value of the files this module writes.
pub const FORMAT: &str = "ml-intro.mlp/1";

/// Why a model cannot be exported, or a file is not a model this engine can load.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ModelFileError {
    #[error("only models can be exported that {reason}")]
    NotExportable { reason: String },
    #[error("not a safetensors file: {reason}")]
    NotSafetensors { reason: String },
    #[error("not an ml-intro model: the metadata's \"format\" is {found}, expected \"{FORMAT}\"")]
    WrongFormat { found: String },
    #[error("the model's spec (metadata \"spec\") is invalid: {reason}")]
    BadSpec { reason: String },
    #[error("the file has no tensor \"{name}\"")]
    MissingTensor { name: String },
    #[error("the file has a tensor \"{name}\" that the spec's network does not have")]
    UnexpectedTensor { name: String },
    #[error("tensor \"{name}\" is {found}; this model needs F32")]
    WrongDtype { name: String, found: String },
    #[error("tensor \"{name}\" has shape {found:?}; the spec's network needs {expected:?}")]
    WrongShape {
        name: String,
        found: Vec<usize>,
        expected: Vec<usize>,
    },
    #[error("tensor \"{name}\" holds a value that is not a finite number (at {index})")]
    NotFinite { name: String, index: usize },
}

/// A network and the experiment that trained it.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelFile {
    pub spec: ExperimentSpec,
    /// Every dense layer, input side first (as [`crate::Snapshot::weights`]).
    pub layers: Vec<LayerWeights>,
}

impl ModelFile {
    /// The model of `spec` with these weights, if `spec` is exportable and the weights fit it.
    pub fn new(spec: ExperimentSpec, layers: Vec<LayerWeights>) -> Result<Self, ModelFileError> {
        let shapes = layer_shapes(&spec)?;
        if layers.len() != shapes.len() {
            return Err(ModelFileError::WrongShape {
                name: "layers".into(),
                found: vec![layers.len()],
                expected: vec![shapes.len()],
            });
        }
        for (index, (layer, &[inputs, outputs])) in layers.iter().zip(&shapes).enumerate() {
            let name = format!("layers.{index}.weight");
            if layer.inputs != inputs
                || layer.outputs != outputs
                || layer.weights.len() != inputs * outputs
                || layer.biases.len() != outputs
            {
                return Err(ModelFileError::WrongShape {
                    name,
                    found: vec![layer.outputs, layer.inputs],
                    expected: vec![outputs, inputs],
                });
            }
            check_finite(&name, &layer.weights)?;
            check_finite(&format!("layers.{index}.bias"), &layer.biases)?;
        }
        Ok(Self { spec, layers })
    }

    /// The safetensors bytes.
    pub fn to_safetensors(&self) -> Vec<u8> {
        let mut tensors: Vec<(String, Vec<usize>, Vec<u8>)> = Vec::new();
        for (index, layer) in self.layers.iter().enumerate() {
            // Ours is `[input][output]`; PyTorch's Linear keeps `[output][input]`.
            let mut weight = Vec::with_capacity(layer.weights.len() * 4);
            for output in 0..layer.outputs {
                for input in 0..layer.inputs {
                    let value = layer.weights[input * layer.outputs + output];
                    weight.extend_from_slice(&value.to_le_bytes());
                }
            }
            let bias = layer.biases.iter().flat_map(|b| b.to_le_bytes()).collect();
            tensors.push((
                format!("layers.{index}.weight"),
                vec![layer.outputs, layer.inputs],
                weight,
            ));
            tensors.push((format!("layers.{index}.bias"), vec![layer.outputs], bias));
        }
        let views = tensors.iter().map(|(name, shape, bytes)| {
            let view = TensorView::new(Dtype::F32, shape.clone(), bytes)
                .expect("the shape matches the bytes by construction");
            (name.clone(), view)
        });
        let metadata = HashMap::from([
            ("format".to_string(), FORMAT.to_string()),
            ("spec".to_string(), self.spec.to_json()),
            ("features".to_string(), feature_names(&self.spec).join(",")),
            ("output".to_string(), output_meaning(&self.spec).to_string()),
        ]);
        safetensors::serialize(views, Some(metadata))
            .expect("serialising well-formed tensors cannot fail")
    }

    /// Reads a file [`ModelFile::to_safetensors`] wrote, checking every tensor against the
    /// network the spec describes.
    pub fn from_safetensors(bytes: &[u8]) -> Result<Self, ModelFileError> {
        let not_safetensors =
            |error: safetensors::SafeTensorError| ModelFileError::NotSafetensors {
                reason: error.to_string(),
            };
        let (_, header) = SafeTensors::read_metadata(bytes).map_err(not_safetensors)?;
        let metadata = header.metadata().clone().unwrap_or_default();
        match metadata.get("format") {
            Some(format) if format == FORMAT => {}
            found => {
                return Err(ModelFileError::WrongFormat {
                    found: found.map_or("missing".into(), |format| format!("{format:?}")),
                });
            }
        }
        let spec_text = metadata
            .get("spec")
            .ok_or_else(|| ModelFileError::BadSpec {
                reason: "missing".into(),
            })?;
        let spec =
            ExperimentSpec::from_json(spec_text).map_err(|error| ModelFileError::BadSpec {
                reason: error.to_string(),
            })?;
        let shapes = layer_shapes(&spec)?;
        let tensors = SafeTensors::deserialize(bytes).map_err(not_safetensors)?;
        let expected: Vec<String> = (0..shapes.len())
            .flat_map(|index| {
                [
                    format!("layers.{index}.weight"),
                    format!("layers.{index}.bias"),
                ]
            })
            .collect();
        let mut names = tensors.names();
        names.sort_unstable();
        if let Some(name) = names
            .into_iter()
            .find(|name| !expected.iter().any(|e| e == name))
        {
            return Err(ModelFileError::UnexpectedTensor { name: name.into() });
        }
        let mut layers = Vec::with_capacity(shapes.len());
        for (index, &[inputs, outputs]) in shapes.iter().enumerate() {
            let weight = read_f32(
                &tensors,
                &format!("layers.{index}.weight"),
                &[outputs, inputs],
            )?;
            let biases = read_f32(&tensors, &format!("layers.{index}.bias"), &[outputs])?;
            let mut weights = vec![0.0; inputs * outputs];
            for output in 0..outputs {
                for input in 0..inputs {
                    weights[input * outputs + output] = weight[output * inputs + input];
                }
            }
            layers.push(LayerWeights {
                inputs,
                outputs,
                weights,
                biases,
            });
        }
        Self::new(spec, layers)
    }

    /// Whether the outputs are values (a regression set) rather than class-1 probabilities.
    pub fn is_regression(&self) -> bool {
        is_regression(&self.spec)
    }

    /// The model's output at points of the playground's plane (coordinates as drawn, about
    /// ±6): the probability of class 1 for a classification set, the value for a regression
    /// set. `Err` names the first point that is not two finite numbers.
    pub fn predict(&self, points: &[[f32; 2]]) -> Result<Vec<f32>, String> {
        if let Some(index) = points
            .iter()
            .position(|point| !point.iter().all(|value| value.is_finite()))
        {
            return Err(format!("input {index} is not two finite numbers"));
        }
        let features = features_of(&self.spec);
        let activations: Vec<_> = hidden_activations(&self.spec);
        Ok(points
            .iter()
            .map(|&[x1, x2]| {
                let mut values: Vec<f32> = features.iter().map(|f| f.apply(x1, x2)).collect();
                for (index, layer) in self.layers.iter().enumerate() {
                    let mut next = layer.biases.clone();
                    for (input, value) in values.iter().enumerate() {
                        let row = &layer.weights[input * layer.outputs..][..layer.outputs];
                        for (sum, weight) in next.iter_mut().zip(row) {
                            *sum += value * weight;
                        }
                    }
                    if let Some(activation) = activations.get(index) {
                        next.iter_mut().for_each(|z| *z = activation.apply(*z));
                    }
                    values = next;
                }
                let output = values[0];
                if self.is_regression() {
                    output
                } else {
                    crate::spec::Activation::Sigmoid.apply(output)
                }
            })
            .collect())
    }
}

/// `[inputs, outputs]` of each dense layer of an exportable spec's network.
pub fn layer_shapes(spec: &ExperimentSpec) -> Result<Vec<[usize; 2]>, ModelFileError> {
    let not = |reason: &str| ModelFileError::NotExportable {
        reason: reason.to_string(),
    };
    let DataSpec::Toy(toy) = &spec.data else {
        return Err(not("learn from the playground's 2-D data"));
    };
    let ModelSpec::Mlp {
        layers, batch_norm, ..
    } = &spec.model
    else {
        return Err(not("are fully connected networks (MLPs)"));
    };
    if *batch_norm {
        return Err(not(
            "have no batch norm (its running statistics are not saved yet)",
        ));
    }
    let mut widths = vec![toy.features.len()];
    widths.extend(layers.iter().map(|layer| layer.width));
    widths.push(1);
    Ok(widths.windows(2).map(|pair| [pair[0], pair[1]]).collect())
}

fn read_f32(
    tensors: &SafeTensors,
    name: &str,
    shape: &[usize],
) -> Result<Vec<f32>, ModelFileError> {
    let view = tensors
        .tensor(name)
        .map_err(|_| ModelFileError::MissingTensor { name: name.into() })?;
    if view.dtype() != Dtype::F32 {
        return Err(ModelFileError::WrongDtype {
            name: name.into(),
            found: format!("{:?}", view.dtype()),
        });
    }
    if view.shape() != shape {
        return Err(ModelFileError::WrongShape {
            name: name.into(),
            found: view.shape().to_vec(),
            expected: shape.to_vec(),
        });
    }
    let values: Vec<f32> = view
        .data()
        .chunks_exact(4)
        .map(|chunk| f32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]))
        .collect();
    check_finite(name, &values)?;
    Ok(values)
}

fn check_finite(name: &str, values: &[f32]) -> Result<(), ModelFileError> {
    match values.iter().position(|value| !value.is_finite()) {
        Some(index) => Err(ModelFileError::NotFinite {
            name: name.into(),
            index,
        }),
        None => Ok(()),
    }
}

fn features_of(spec: &ExperimentSpec) -> Vec<Feature> {
    match &spec.data {
        DataSpec::Toy(toy) => toy.features.clone(),
        _ => Vec::new(),
    }
}

fn feature_names(spec: &ExperimentSpec) -> Vec<String> {
    features_of(spec)
        .iter()
        .map(|feature| feature.label().to_string())
        .collect()
}

fn hidden_activations(spec: &ExperimentSpec) -> Vec<crate::spec::Activation> {
    match &spec.model {
        ModelSpec::Mlp { layers, .. } => layers.iter().map(|layer| layer.activation).collect(),
        _ => Vec::new(),
    }
}

fn is_regression(spec: &ExperimentSpec) -> bool {
    matches!(&spec.data, DataSpec::Toy(toy) if toy.dataset.is_regression())
}

fn output_meaning(spec: &ExperimentSpec) -> &'static str {
    if is_regression(spec) {
        "value"
    } else {
        "logit of class 1 (its sigmoid is the probability)"
    }
}
