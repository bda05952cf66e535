//! Data for experiments, as plain host-side arrays (no Burn): generated toy sets, the shipped
//! digits, user files (CSV/TSV, MNIST IDX) and a character corpus.

pub mod corpus;
pub mod digits;
pub mod error;
pub mod graph;
pub mod idx;
mod split;
pub mod table;
pub mod toy;
pub mod user_points;

pub use error::DataError;

/// Labelled examples: one row of input features per example and one target each.
#[derive(Debug, Clone, PartialEq)]
pub struct Examples {
    /// Inputs, row-major `[len, input_width]`.
    pub inputs: Vec<f32>,
    /// Features per example.
    pub input_width: usize,
    /// One target per example: a class index (0, 1, …) for classification, a value for
    /// regression.
    pub targets: Vec<f32>,
    /// Name of each input column (e.g. the CSV header, or `pixel_3_4`).
    pub feature_names: Vec<String>,
}

impl Examples {
    /// Number of examples.
    pub fn len(&self) -> usize {
        self.targets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }

    /// The inputs of example `index`.
    pub fn row(&self, index: usize) -> &[f32] {
        &self.inputs[index * self.input_width..(index + 1) * self.input_width]
    }
}
