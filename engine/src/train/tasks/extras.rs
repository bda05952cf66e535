//! The values after `[train_loss, test_loss, accuracy]` in an MLP's evaluation read, and how
//! they become a snapshot's decision grid, neuron grids and weights. The Burn path and the
//! fused CPU path lay them out the same way and share this reader.

use crate::data::toy::DATA_EXTENT;
use crate::report::{Grid, LayerWeights, Snapshot};
use crate::spec::{Feature, ReportSpec};

/// Neuron grids are drawn at this resolution when no decision grid is asked for.
pub const DEFAULT_NEURON_GRID: usize = 20;

/// Resolution of the neuron grids a report asks for.
pub fn neuron_grid_resolution(report: &ReportSpec) -> usize {
    report.decision_grid.unwrap_or(DEFAULT_NEURON_GRID)
}

/// The model's inputs `[cells, features]` at the centre of every cell of a `resolution`² grid
/// over the toy plane, row-major.
pub fn plane_inputs(resolution: usize, features: &[Feature]) -> Vec<f32> {
    Grid::cell_centres(resolution, DATA_EXTENT)
        .iter()
        .flat_map(|&[x1, x2]| features.iter().map(move |feature| feature.apply(x1, x2)))
        .collect()
}

/// The layout of the extras: in this order, the decision grid (when asked for and the data
/// lie on the toy plane), every hidden neuron's grid (neuron after neuron), then each layer's
/// weights `[inputs × outputs]` followed by its biases.
pub struct ExtrasLayout {
    /// Whether the inputs are features of the toy plane (grids can be drawn).
    pub plane: bool,
    /// Layer widths: inputs, hidden layers…, outputs.
    pub widths: Vec<usize>,
}

impl ExtrasLayout {
    /// Fills `snapshot` from `extras`; missing values leave the rest empty.
    pub fn read(&self, extras: &[f32], report: &ReportSpec, snapshot: &mut Snapshot) {
        let mut rest = extras;
        if let (Some(resolution), true) = (report.decision_grid, self.plane) {
            let cells = resolution * resolution;
            let (values, after) = rest.split_at(cells.min(rest.len()));
            snapshot.decision_grid = Some(grid(resolution, values));
            rest = after;
        }
        if report.neuron_grids && self.plane {
            let resolution = neuron_grid_resolution(report);
            let cells = resolution * resolution;
            let hidden = self.hidden_widths();
            let neurons: usize = hidden.iter().sum();
            let (values, after) = rest.split_at((neurons * cells).min(rest.len()));
            let mut grids = values.chunks(cells).map(|values| grid(resolution, values));
            snapshot.neuron_grids = hidden
                .iter()
                .map(|&width| grids.by_ref().take(width).collect())
                .collect();
            rest = after;
        }
        if report.weights {
            snapshot.weights = self.layer_weights(rest);
        }
    }

    fn hidden_widths(&self) -> &[usize] {
        match self.widths.len() {
            0..=2 => &[],
            len => &self.widths[1..len - 1],
        }
    }

    /// Splits the read-back weights and biases by layer.
    fn layer_weights(&self, mut values: &[f32]) -> Vec<LayerWeights> {
        let mut layers = Vec::new();
        for pair in self.widths.windows(2) {
            let (inputs, outputs) = (pair[0], pair[1]);
            if values.len() < inputs * outputs + outputs {
                break;
            }
            let (weights, rest) = values.split_at(inputs * outputs);
            let (biases, rest) = rest.split_at(outputs);
            layers.push(LayerWeights {
                inputs,
                outputs,
                weights: weights.to_vec(),
                biases: biases.to_vec(),
            });
            values = rest;
        }
        layers
    }
}

fn grid(resolution: usize, values: &[f32]) -> Grid {
    Grid {
        resolution,
        extent: DATA_EXTENT,
        values: values.to_vec(),
    }
}
