//! What the fused training loop needs of a network on the host: forward, backward, its
//! parameters, and what a checkpoint keeps. [`DenseNet`] (MLPs) and [`ConvNet`] (CNNs)
//! are the two.

use super::dense::{DenseNet, Pass, Trace};
use crate::report::WeightEdit;
use crate::train::tasks::classify::ConvShape;

pub use super::convnet::ConvNet;

/// A network trained on the host.
pub trait HostNetwork: Clone + Send + 'static {
    /// What a forward pass keeps for the backward pass.
    type Trace;

    /// Runs `rows` input rows through the network.
    fn forward(&self, inputs: Vec<f32>, rows: usize, pass: Pass) -> Self::Trace;

    /// The outputs `[rows, outputs]` of a forward pass.
    fn outputs(trace: &Self::Trace) -> &[f32];

    /// Every parameter's gradient (in [`Self::params_mut`]'s order) given the loss gradient
    /// with respect to the outputs.
    fn backward(&self, trace: &Self::Trace, output_gradient: Vec<f32>) -> Vec<Vec<f32>>;

    /// The loss gradient with respect to the inputs `[rows, width]`, given it with respect to
    /// the outputs (for adversarial examples).
    fn input_gradient(&self, trace: &Self::Trace, output_gradient: Vec<f32>) -> Vec<f32>;

    /// Moves running statistics towards what a training pass saw.
    fn update_running(&mut self, trace: &Self::Trace);

    fn params_mut(&mut self) -> Vec<&mut Vec<f32>>;

    fn param_sizes(&self) -> Vec<usize>;

    /// Whether parameter `index` is a weight matrix or kernel (penalised by L1/L2).
    fn is_weight(&self, index: usize) -> bool;

    /// What a checkpoint keeps of the network.
    fn saved_tensors(&self) -> Vec<&Vec<f32>>;

    /// Takes back what [`Self::saved_tensors`] gave, if every size matches.
    fn restore_tensors(&mut self, tensors: Vec<Vec<f32>>) -> Result<(), String>;

    /// Inputs, the hidden widths whose neurons are drawn, outputs.
    fn drawn_widths(&self) -> Vec<usize>;

    /// Each drawn hidden layer's activations in a forward pass.
    fn drawn_hidden(_trace: &Self::Trace) -> &[Vec<f32>] {
        &[]
    }

    /// The drawn layers' weights and biases, in turn.
    fn drawn_params(&self) -> &[Vec<f32>] {
        &[]
    }

    /// Sets one weight or bias by hand.
    fn edit_weight(&mut self, _edit: WeightEdit) -> Result<(), String> {
        Err("only a fully connected network's weights can be edited".into())
    }

    /// Where each convolution's filters and maps are in [`Self::conv_values`].
    fn conv_shapes(&self) -> Vec<ConvShape> {
        Vec::new()
    }

    /// Each convolution's shown filters and its feature maps of one image (channel-major).
    fn conv_values(&self, _image: &[f32]) -> Vec<f32> {
        Vec::new()
    }
}

impl HostNetwork for DenseNet {
    type Trace = Trace;

    fn forward(&self, inputs: Vec<f32>, rows: usize, pass: Pass) -> Trace {
        DenseNet::forward(self, inputs, rows, pass)
    }

    fn outputs(trace: &Trace) -> &[f32] {
        &trace.outputs
    }

    fn backward(&self, trace: &Trace, output_gradient: Vec<f32>) -> Vec<Vec<f32>> {
        DenseNet::backward(self, trace, output_gradient)
    }

    fn input_gradient(&self, trace: &Trace, output_gradient: Vec<f32>) -> Vec<f32> {
        self.backward_to_inputs(trace, output_gradient, true).1
    }

    fn update_running(&mut self, trace: &Trace) {
        DenseNet::update_running(self, trace);
    }

    fn params_mut(&mut self) -> Vec<&mut Vec<f32>> {
        self.params.iter_mut().collect()
    }

    fn param_sizes(&self) -> Vec<usize> {
        self.params.iter().map(Vec::len).collect()
    }

    fn is_weight(&self, index: usize) -> bool {
        DenseNet::is_weight(self, index)
    }

    fn saved_tensors(&self) -> Vec<&Vec<f32>> {
        DenseNet::saved_tensors(self)
    }

    fn restore_tensors(&mut self, tensors: Vec<Vec<f32>>) -> Result<(), String> {
        DenseNet::restore_tensors(self, tensors)
    }

    fn drawn_widths(&self) -> Vec<usize> {
        self.widths.clone()
    }

    fn drawn_hidden(trace: &Trace) -> &[Vec<f32>] {
        &trace.hidden
    }

    fn drawn_params(&self) -> &[Vec<f32>] {
        self.dense_params()
    }

    fn edit_weight(&mut self, edit: WeightEdit) -> Result<(), String> {
        let dims: Vec<[usize; 2]> = self.widths.windows(2).map(|w| [w[0], w[1]]).collect();
        edit.check(&dims)?;
        let outputs = dims[edit.layer][1];
        match edit.input {
            Some(input) => self.params[2 * edit.layer][input * outputs + edit.output] = edit.value,
            None => self.params[2 * edit.layer + 1][edit.output] = edit.value,
        }
        Ok(())
    }
}
