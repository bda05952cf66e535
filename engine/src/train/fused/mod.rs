//! The CPU path for MLPs and the digits CNN: forward, backward and update written out over
//! flat `f32` buffers on the host, with the matrix products in `gemm` (the kernels Burn's
//! `flex` backend uses).
//!
//! Burn's generic tensor path pays a fixed cost per operation (dispatch, autodiff graph,
//! allocation), which dominates when a layer has a handful of neurons, and makes one pass over
//! memory per operation, which dominates the optimizer's update of a wide one; its CPU
//! convolutions are direct loops. Written out, the playground's 2→4→2→1 network trains
//! several times faster, in the browser and natively, a 784→256→128→10 one about a third
//! faster, and the CNN's convolutions become one matrix product each over every pixel of the
//! batch. The fused path follows the Burn path's formulas, initial weights, batch order,
//! dropout draws and batch-norm statistics, so a spec trains to the same losses either way
//! (checked in `tests.rs`); the session picks it for every MLP and CNN on the CPU.

mod conv;
mod convnet;
mod dense;
mod head;
mod matmul;
mod network;
mod norm;
mod optimizer;
mod pack;
mod parallel;

#[cfg(test)]
mod tests;

use crate::data::Examples;
use crate::error::EngineError;
use crate::query::{Answer, Query};
use crate::report::{Snapshot, WeightEdit};
use crate::spec::{Feature, OptimizerSpec, ReportSpec};
use crate::train::batches::BatchOrder;
use crate::train::models::dropout::seed_masks;
use crate::train::task::{Learner, Pending};
use crate::train::tasks::extras::{self, ExtrasLayout};
use crate::train::tasks::supervised::{Head, MAX_EVALUATED};
use crate::train::tasks::{attack, classify};
use burn::tensor::{Device, Tensor, TensorData};
pub use dense::DenseNet;
use dense::Pass;
pub use matmul::in_portable_order;
pub use network::{ConvNet, HostNetwork};
use optimizer::HostOptimizer;

/// Whether an MLP or a CNN trains on the fused path on `device`: on the CPU it does.
pub fn suits(device: &Device) -> bool {
    device.clone().without_autodiff() == Device::flex()
}

/// Evaluations run the network over at most this many rows at a time (a CNN's patches of
/// ten thousand 28×28 images would not fit in memory at once).
const EVALUATION_ROWS: usize = 1024;

/// What the fused path needs to know about a supervised run, besides its network.
pub struct FusedSetup<'a> {
    pub head: Head,
    pub train: Examples,
    pub test: Examples,
    pub optimizer: &'a OptimizerSpec,
    pub batch_size: usize,
    pub dropout: f32,
    pub seed: u64,
    /// For toy data: the features, to evaluate the model over the input plane.
    pub plane_features: Option<Vec<Feature>>,
}

/// A network, its optimizer and its data, all on the host.
pub struct Fused<N: HostNetwork> {
    head: Head,
    train: Examples,
    test: Examples,
    order: BatchOrder,
    plane_features: Option<Vec<Feature>>,
    dropout: f32,
    seed: u64,
    net: N,
    optimizer: HostOptimizer,
    /// Per parameter tensor: whether it is a weight (L1/L2 apply), worked out once.
    is_weight: Vec<bool>,
    good: (N, HostOptimizer),
    /// Where the evaluation tensor goes (the session reads it like the Burn path's).
    device: Device,
}

impl<N: HostNetwork> Fused<N> {
    pub fn new(setup: FusedSetup<'_>, net: N, device: &Device) -> Self {
        let sizes = net.param_sizes();
        let optimizer = HostOptimizer::new(setup.optimizer, &sizes);
        let is_weight = (0..sizes.len()).map(|index| net.is_weight(index)).collect();
        Self {
            is_weight,
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

    /// Outputs of the network without dropout, `[rows, outputs]`, a slice of rows at a time.
    fn predict(&self, inputs: &[f32]) -> Vec<f32> {
        let width = self.train.input_width;
        let mut outputs = Vec::new();
        for chunk in inputs.chunks(EVALUATION_ROWS * width) {
            let trace = self
                .net
                .forward(chunk.to_vec(), chunk.len() / width, Pass::Evaluate);
            outputs.extend_from_slice(N::outputs(&trace));
        }
        outputs
    }

    /// FGSM against the held-out set (see `tasks::attack`), all on the host.
    fn attack(&self, query: &Query) -> Result<Answer, String> {
        let Head::Classes(classes) = self.head else {
            return Err("attacks are run against classifiers of images".into());
        };
        let checked = attack::check(query)?;
        let (width, test) = (self.train.input_width, &self.test);
        let labels: Vec<usize> = test.targets.iter().map(|&t| t as usize).collect();
        let mut signs = Vec::with_capacity(test.inputs.len());
        let mut clean = Vec::with_capacity(labels.len());
        for (rows, targets) in test
            .inputs
            .chunks(EVALUATION_ROWS * width)
            .zip(test.targets.chunks(EVALUATION_ROWS))
        {
            let trace = self
                .net
                .forward(rows.to_vec(), targets.len(), Pass::Evaluate);
            let outputs = N::outputs(&trace);
            clean.extend(outputs.chunks_exact(classes).map(head::argmax));
            let (_, output_gradient) = head::loss_and_gradient(self.head, outputs, targets);
            let gradient = self.net.input_gradient(&trace, output_gradient);
            signs.extend(gradient.iter().map(|&g| {
                if g > 0.0 {
                    1.0
                } else if g < 0.0 {
                    -1.0
                } else {
                    0.0
                }
            }));
        }
        let predictions: Vec<Vec<usize>> = checked
            .all_epsilons()
            .into_iter()
            .map(|epsilon| {
                let moved = attack::attacked(&test.inputs, &signs, epsilon);
                self.predict(&moved)
                    .chunks_exact(classes)
                    .map(head::argmax)
                    .collect()
            })
            .collect();
        let pool = labels.len().min(attack::EXAMPLE_POOL) * width;
        Ok(attack::answer(
            &checked,
            &attack::Readout {
                labels: &labels,
                predictions: &predictions,
                images: &test.inputs[..pool],
                signs: &signs[..pool],
                pixels: width,
                clean: &clean,
            },
        ))
    }

    /// `[train_loss, test_loss, accuracy]`, then the extras in [`ExtrasLayout`]'s order.
    fn evaluation(&self, report: &ReportSpec) -> Vec<f32> {
        let width = self.train.input_width;
        let evaluated = self.train.len().min(MAX_EVALUATED);
        let train_outputs = self.predict(&self.train.inputs[..evaluated * width]);
        let test_outputs = self.predict(&self.test.inputs);
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
            let trace = self.net.forward(
                extras::plane_inputs(resolution, features),
                cells,
                Pass::Evaluate,
            );
            if report.decision_grid.is_some() {
                let outputs = N::outputs(&trace).iter();
                values.extend(outputs.map(|&z| head::readable(self.head, z)));
            }
            if report.neuron_grids {
                let widths = self.net.drawn_widths();
                for (layer, activations) in N::drawn_hidden(&trace).iter().enumerate() {
                    let neurons = widths[layer + 1];
                    for neuron in 0..neurons {
                        values.extend((0..cells).map(|cell| activations[cell * neurons + neuron]));
                    }
                }
            }
        }
        if report.weights {
            values.extend(self.net.drawn_params().iter().flatten());
        }
        values
    }
}

impl<N: HostNetwork> Learner for Fused<N> {
    fn train(&mut self, first_step: u64, steps: u32) {
        for step in first_step..first_step + u64::from(steps) {
            // The same mask seed per step as the Burn path (see `Run::train`).
            seed_masks(self.seed.wrapping_mul(1_000_003).wrapping_add(step));
            let (inputs, targets) = self.batch(step);
            let pass = Pass::Train {
                dropout: self.dropout,
            };
            let trace = self.net.forward(inputs, targets.len(), pass);
            let outputs = N::outputs(&trace);
            let (_, output_gradient) = head::loss_and_gradient(self.head, outputs, &targets);
            let grads = self.net.backward(&trace, output_gradient);
            self.net.update_running(&trace);
            let is_weight = &self.is_weight;
            self.optimizer
                .step(self.net.params_mut(), grads, |index| is_weight[index]);
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
            widths: self.net.drawn_widths(),
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
        let model = pack::pack(0, &self.net.saved_tensors());
        let state = self.optimizer.first.iter().chain(&self.optimizer.second);
        let optimizer = pack::pack(self.optimizer.time, &state.collect::<Vec<_>>());
        Ok((model, optimizer))
    }

    fn load(&mut self, model: Vec<u8>, optimizer: Vec<u8>) -> Result<(), EngineError> {
        let checkpoint_error = |reason: String| EngineError::Checkpoint { reason };
        let (_, tensors) = pack::unpack(&model).map_err(checkpoint_error)?;
        let (time, mut state) = pack::unpack(&optimizer).map_err(checkpoint_error)?;
        let sizes = self.net.param_sizes();
        let fits = |tensors: &[Vec<f32>]| tensors.iter().map(Vec::len).eq(sizes.iter().copied());
        if state.len() != 2 * sizes.len() {
            return Err(checkpoint_error(
                "the checkpoint's optimizer state does not match the network".into(),
            ));
        }
        let second = state.split_off(sizes.len());
        if !fits(&state) || !fits(&second) {
            return Err(checkpoint_error(
                "the checkpoint's optimizer state does not match the network".into(),
            ));
        }
        self.net
            .restore_tensors(tensors)
            .map_err(checkpoint_error)?;
        self.optimizer.time = time;
        self.optimizer.first = state;
        self.optimizer.second = second;
        self.keep_as_good();
        Ok(())
    }

    fn edit_weight(&mut self, edit: WeightEdit) -> Result<(), String> {
        self.net.edit_weight(edit)?;
        self.keep_as_good();
        Ok(())
    }

    fn query(&self, query: &Query) -> Result<Pending, String> {
        if self.head == Head::Regression {
            return Err("a regression model has no classes".into());
        }
        if let Query::Attack { .. } = query {
            return self.attack(query).map(Pending::Ready);
        }
        let image = classify::image_of(query, self.train.input_width)?;
        let probabilities = classify::probabilities(&self.predict(image));
        let classes = probabilities.len();
        let mut values = probabilities;
        values.extend(self.net.conv_values(image));
        classify::answer(&values, classes, &self.net.conv_shapes()).map(Pending::Ready)
    }

    fn read_answer(&self, _values: &[f32], _query: &Query) -> Result<Answer, String> {
        Err("the fused path answers at once".into())
    }
}
