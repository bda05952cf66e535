//! The CPU path for small fully connected networks: forward, backward and update written out
//! over flat `f32` buffers on the host.
//!
//! Burn's generic tensor path pays a fixed cost per operation (dispatch, autodiff graph,
//! allocation), which dominates when a layer has a handful of neurons: the playground's
//! 2→4→2→1 network trains several times faster this way, in the browser and natively. The
//! fused path follows the Burn path's formulas, initial weights, batch order and dropout
//! draws, so a spec trains to the same losses either way (checked in `tests.rs`); the session
//! picks it for MLPs whose every layer has at most [`MAX_LAYER_WEIGHTS`] weights, on the CPU.

mod dense;
mod head;
mod optimizer;
mod pack;

#[cfg(test)]
mod tests;

use crate::data::Examples;
use crate::error::EngineError;
use crate::report::{Snapshot, WeightEdit};
use crate::spec::{Feature, Layer, OptimizerSpec, ReportSpec};
use crate::train::batches::BatchOrder;
use crate::train::models::dropout::seed_masks;
use crate::train::task::Learner;
use crate::train::tasks::extras::{self, ExtrasLayout};
use crate::train::tasks::supervised::{Head, MAX_EVALUATED};
use burn::tensor::{Device, Tensor, TensorData};
use dense::DenseNet;
use optimizer::HostOptimizer;

/// Layers with more weights than this train on Burn, whose matrix kernels win there.
pub const MAX_LAYER_WEIGHTS: usize = 1024;

/// Whether a network with these layer widths (inputs first) trains on the fused path on
/// `device`.
pub fn suits(device: &Device, widths: &[usize]) -> bool {
    let on_cpu = device.clone().without_autodiff() == Device::flex();
    on_cpu
        && widths
            .windows(2)
            .all(|pair| pair[0] * pair[1] <= MAX_LAYER_WEIGHTS)
}

/// What the fused path needs to know about a supervised MLP run.
pub struct FusedSetup<'a> {
    pub head: Head,
    pub train: Examples,
    pub test: Examples,
    pub layers: &'a [Layer],
    pub dropout: f32,
    pub optimizer: &'a OptimizerSpec,
    pub batch_size: usize,
    pub seed: u64,
    /// For toy data: the features, to evaluate the model over the input plane.
    pub plane_features: Option<Vec<Feature>>,
}

/// A small MLP, its optimizer and its data, all on the host.
pub struct FusedMlp {
    head: Head,
    train: Examples,
    test: Examples,
    order: BatchOrder,
    plane_features: Option<Vec<Feature>>,
    dropout: f32,
    seed: u64,
    net: DenseNet,
    optimizer: HostOptimizer,
    good: (DenseNet, HostOptimizer),
    /// Where the evaluation tensor goes (the session reads it like the Burn path's).
    device: Device,
}

impl FusedMlp {
    pub fn new(setup: FusedSetup<'_>, device: &Device) -> Self {
        let outputs = setup.head.outputs();
        let net = DenseNet::new(setup.train.input_width, setup.layers, outputs, setup.seed);
        let sizes: Vec<usize> = net.params.iter().map(Vec::len).collect();
        let optimizer = HostOptimizer::new(setup.optimizer, &sizes);
        Self {
            head: setup.head,
            order: BatchOrder::new(setup.train.len(), setup.batch_size, setup.seed),
            train: setup.train,
            test: setup.test,
            plane_features: setup.plane_features,
            dropout: setup.dropout,
            seed: setup.seed,
            good: (net.clone(), optimizer.clone()),
            net,
            optimizer,
            device: device.clone(),
        }
    }

    /// The inputs and targets of step `step`'s batch.
    fn batch(&mut self, step: u64) -> (Vec<f32>, Vec<f32>) {
        if self.order.is_full_batch() {
            return (self.train.inputs.clone(), self.train.targets.clone());
        }
        let width = self.train.input_width;
        let indices = self.order.batch(step);
        let mut inputs = Vec::with_capacity(indices.len() * width);
        let mut targets = Vec::with_capacity(indices.len());
        for &index in indices {
            inputs.extend_from_slice(self.train.row(index as usize));
            targets.push(self.train.targets[index as usize]);
        }
        (inputs, targets)
    }

    /// Outputs of the network without dropout, `[rows, outputs]`.
    fn predict(&self, inputs: &[f32], rows: usize) -> Vec<f32> {
        self.net.forward(inputs, rows, 0.0).outputs
    }

    /// `[train_loss, test_loss, accuracy]`, then the extras in [`ExtrasLayout`]'s order.
    fn evaluation(&self, report: &ReportSpec) -> Vec<f32> {
        let width = self.train.input_width;
        let evaluated = self.train.len().min(MAX_EVALUATED);
        let train_outputs = self.predict(&self.train.inputs[..evaluated * width], evaluated);
        let test_outputs = self.predict(&self.test.inputs, self.test.len());
        let targets = &self.test.targets;
        let mut values = vec![
            head::loss(self.head, &train_outputs, &self.train.targets[..evaluated]),
            head::loss(self.head, &test_outputs, targets),
            head::accuracy(self.head, &test_outputs, targets),
        ];
        if let Some(features) = &self.plane_features
            && (report.decision_grid.is_some() || report.neuron_grids)
        {
            // One pass over the plane serves both: neuron grids use the decision grid's
            // resolution whenever there is one.
            let resolution = extras::neuron_grid_resolution(report);
            let cells = resolution * resolution;
            let trace = self
                .net
                .forward(&extras::plane_inputs(resolution, features), cells, 0.0);
            if report.decision_grid.is_some() {
                values.extend(trace.outputs.iter().map(|&z| head::readable(self.head, z)));
            }
            if report.neuron_grids {
                for (layer, activations) in trace.hidden.iter().enumerate() {
                    let neurons = self.net.widths[layer + 1];
                    for neuron in 0..neurons {
                        values.extend((0..cells).map(|cell| activations[cell * neurons + neuron]));
                    }
                }
            }
        }
        if report.weights {
            values.extend(self.net.params.iter().flatten());
        }
        values
    }
}

impl Learner for FusedMlp {
    fn train(&mut self, first_step: u64, steps: u32) {
        for step in first_step..first_step + u64::from(steps) {
            // The same mask seed per step as the Burn path (see `Run::train`).
            seed_masks(self.seed.wrapping_mul(1_000_003).wrapping_add(step));
            let (inputs, targets) = self.batch(step);
            let trace = self.net.forward(&inputs, targets.len(), self.dropout);
            let (_, output_gradient) = head::loss_and_gradient(self.head, &trace.outputs, &targets);
            let grads = self.net.backward(&trace, output_gradient);
            self.optimizer
                .step(&mut self.net.params, grads, |index| index % 2 == 0);
        }
    }

    fn evaluate(&self, report: &ReportSpec) -> Tensor<1> {
        let values = self.evaluation(report);
        let len = values.len();
        Tensor::from_data(TensorData::new(values, [len]), &self.device)
    }

    fn read_extras(&self, extras: &[f32], report: &ReportSpec, snapshot: &mut Snapshot) {
        let layout = ExtrasLayout {
            plane: self.plane_features.is_some(),
            widths: self.net.widths.clone(),
        };
        layout.read(extras, report, snapshot);
    }

    fn examples_per_step(&self) -> usize {
        self.order.batch_size()
    }

    fn epochs(&self, steps: u64) -> f32 {
        self.order.epochs(steps)
    }

    fn keep_as_good(&mut self) {
        self.good = (self.net.clone(), self.optimizer.clone());
    }

    fn restore_good(&mut self) {
        (self.net, self.optimizer) = self.good.clone();
    }

    fn save(&self) -> Result<(Vec<u8>, Vec<u8>), EngineError> {
        let model = pack::pack(0, &self.net.params.iter().collect::<Vec<_>>());
        let state = self.optimizer.first.iter().chain(&self.optimizer.second);
        let optimizer = pack::pack(self.optimizer.time, &state.collect::<Vec<_>>());
        Ok((model, optimizer))
    }

    fn load(&mut self, model: Vec<u8>, optimizer: Vec<u8>) -> Result<(), EngineError> {
        let checkpoint_error = |reason: String| EngineError::Checkpoint { reason };
        let (_, params) = pack::unpack(&model).map_err(checkpoint_error)?;
        let (time, mut state) = pack::unpack(&optimizer).map_err(checkpoint_error)?;
        let sizes: Vec<usize> = self.net.params.iter().map(Vec::len).collect();
        let fits = |tensors: &[Vec<f32>]| tensors.iter().map(Vec::len).eq(sizes.iter().copied());
        if !fits(&params) || state.len() != 2 * sizes.len() {
            return Err(checkpoint_error(
                "the checkpoint's network has other layer sizes than this spec's".into(),
            ));
        }
        let second = state.split_off(sizes.len());
        if !fits(&state) || !fits(&second) {
            return Err(checkpoint_error(
                "the checkpoint's optimizer state does not match the network".into(),
            ));
        }
        self.net.params = params;
        self.optimizer.time = time;
        self.optimizer.first = state;
        self.optimizer.second = second;
        self.keep_as_good();
        Ok(())
    }

    fn edit_weight(&mut self, edit: WeightEdit) -> Result<(), String> {
        let dims: Vec<[usize; 2]> = self.net.widths.windows(2).map(|w| [w[0], w[1]]).collect();
        edit.check(&dims)?;
        let outputs = dims[edit.layer][1];
        match edit.input {
            Some(input) => {
                self.net.params[2 * edit.layer][input * outputs + edit.output] = edit.value
            }
            None => self.net.params[2 * edit.layer + 1][edit.output] = edit.value,
        }
        self.keep_as_good();
        Ok(())
    }
}
