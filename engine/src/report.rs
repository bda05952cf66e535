//! What a training session reports after a batch of steps.

use serde::{Deserialize, Serialize};

/// The state of a session after [`crate::train::Session::step`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Optimizer steps taken since the session started.
    pub step: u64,
    /// Passes over the training set so far (fractional).
    pub epoch: f32,
    /// Mean loss over the whole training set (dropout off).
    pub train_loss: f32,
    /// Mean loss over the test set, where the data has one.
    pub test_loss: Option<f32>,
    /// Share of test examples classified correctly, for classification.
    pub accuracy: Option<f32>,
    /// Optimizer steps per second over the last call, read-back included.
    pub steps_per_sec: f32,
    /// Training examples per second over the last call.
    pub examples_per_sec: f32,
    /// The model's output over the input plane (probability of class 1, or the value).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision_grid: Option<Grid>,
    /// What each hidden neuron computes over the input plane, per layer, per neuron.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub neuron_grids: Vec<Vec<Grid>>,
    /// Generated samples, where the spec asked for them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub samples: Option<Samples>,
    /// Every dense layer's weights and biases, input side first (MLPs, when asked for).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weights: Vec<LayerWeights>,
    /// `[code₁, code₂, label]` of test examples (autoencoders and encoders, when asked for).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub embedding: Vec<[f32; 3]>,
}

/// One dense layer's parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LayerWeights {
    pub inputs: usize,
    pub outputs: usize,
    /// `weights[input * outputs + output]`: the weight from `input` to `output`.
    pub weights: Vec<f32>,
    /// One per output.
    pub biases: Vec<f32>,
}

impl LayerWeights {
    /// The weight from neuron `input` of the layer below to neuron `output` of this layer.
    pub fn weight(&self, input: usize, output: usize) -> Option<f32> {
        (input < self.inputs && output < self.outputs)
            .then(|| self.weights.get(input * self.outputs + output).copied())
            .flatten()
    }
}

/// A visitor's change to one parameter of a dense layer (clicking a weight in the playground).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WeightEdit {
    /// The layer, 0 for the one that reads the inputs.
    pub layer: usize,
    /// The neuron below the weight; `None` edits the bias of `output`.
    pub input: Option<usize>,
    /// The neuron of this layer the weight leads to.
    pub output: usize,
    pub value: f32,
}

impl WeightEdit {
    /// Whether the edit names a parameter of a network whose dense layers have these
    /// `[inputs, outputs]`, and a finite value; otherwise what is wrong, in words.
    pub fn check(&self, layers: &[[usize; 2]]) -> Result<(), String> {
        let Some(&[inputs, outputs]) = layers.get(self.layer) else {
            return Err(format!(
                "layer {} does not exist (the network has {})",
                self.layer,
                layers.len()
            ));
        };
        if self.output >= outputs {
            return Err(format!(
                "neuron {} does not exist (layer {} has {outputs})",
                self.output, self.layer
            ));
        }
        if let Some(input) = self.input
            && input >= inputs
        {
            return Err(format!(
                "input {input} does not exist (layer {} reads {inputs})",
                self.layer
            ));
        }
        if !self.value.is_finite() {
            return Err(format!("{} is not a number", self.value));
        }
        Ok(())
    }
}

/// The 2-D points of a toy data set, for drawing them over the decision boundary.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlanePoints {
    /// `[x₁, x₂, label or value]` of each training point.
    pub train: Vec<[f32; 3]>,
    /// The same for the test points.
    pub test: Vec<[f32; 3]>,
    /// Half the side of the square the points and grids cover.
    pub extent: f32,
}

/// Values over a square grid of the 2-D input plane.
///
/// `values[row * resolution + column]` is the value at x₁ = −extent + (column + ½)·cell,
/// x₂ = extent − (row + ½)·cell, where cell = 2·extent / resolution: row 0 is the top.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Grid {
    pub resolution: usize,
    pub extent: f32,
    pub values: Vec<f32>,
}

impl Grid {
    /// The centre `(x₁, x₂)` of every cell, in `values` order.
    pub fn cell_centres(resolution: usize, extent: f32) -> Vec<[f32; 2]> {
        let cell = 2.0 * extent / resolution as f32;
        (0..resolution)
            .flat_map(|row| {
                (0..resolution).map(move |column| {
                    [
                        -extent + (column as f32 + 0.5) * cell,
                        extent - (row as f32 + 0.5) * cell,
                    ]
                })
            })
            .collect()
    }
}

/// Things a model generated.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Samples {
    /// Text a language model wrote.
    Text { text: String },
    /// Square grey-scale images (pixels 0..=1, row-major), e.g. decoded from a latent grid.
    Images { side: usize, images: Vec<Vec<f32>> },
}
