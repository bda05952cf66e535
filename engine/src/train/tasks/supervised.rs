//! Supervised learning on examples: binary or multi-class classification, or regression, with
//! an MLP or a CNN.

use crate::data::Examples;
use crate::query::{Answer, Query};
use crate::report::{Snapshot, WeightEdit};
use crate::spec::{Feature, ReportSpec};
use crate::train::batches::BatchOrder;
use crate::train::loss;
use crate::train::models::{Cnn, Mlp};
use crate::train::task::{Pending, Task};
use crate::train::tasks::attack;
use crate::train::tasks::classify::{self, ConvShape};
use crate::train::tasks::extras::{self, ExtrasLayout};
use burn::module::Module;
use burn::store::ModuleSnapshot;
use burn::tensor::{Device, Int, Tensor, TensorData, activation};

/// Training-loss evaluations use at most this many training examples.
pub(crate) const MAX_EVALUATED: usize = 4096;

/// What the model's output means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Head {
    /// One logit: the probability of class 1 is its sigmoid.
    Binary,
    /// One logit per class.
    Classes(usize),
    /// One value.
    Regression,
}

impl Head {
    /// Outputs the network needs.
    pub fn outputs(self) -> usize {
        match self {
            Head::Classes(classes) => classes,
            Head::Binary | Head::Regression => 1,
        }
    }
}

/// A network that maps rows of features to outputs.
pub trait Network: Module + ModuleSnapshot + 'static {
    fn outputs(&self, inputs: Tensor<2>) -> Tensor<2>;

    /// Each hidden layer's activations `[rows, width]`, for drawing what every neuron
    /// computes; networks whose neurons are not drawn give none.
    fn hidden_activations(&self, _inputs: Tensor<2>) -> Vec<Tensor<2>> {
        Vec::new()
    }

    /// Dense layers' weights `[inputs, outputs]` and biases, for drawing the network's links;
    /// networks that are not drawn give none.
    fn dense_parameters(&self) -> Vec<(Tensor<2>, Tensor<1>)> {
        Vec::new()
    }

    /// The network with one parameter changed by hand.
    fn with_weight(self, _edit: WeightEdit) -> Result<Self, String> {
        Err("only a fully connected network's weights can be edited".into())
    }

    /// For one input row `[1, features]`: what [`classify::ConvShape`]s describe (convolution
    /// filters and maps); networks without convolutions give none.
    fn conv_values(&self, _input: Tensor<2>) -> Vec<Tensor<1>> {
        Vec::new()
    }
}

impl Network for Mlp {
    fn outputs(&self, inputs: Tensor<2>) -> Tensor<2> {
        self.forward(inputs)
    }

    fn hidden_activations(&self, inputs: Tensor<2>) -> Vec<Tensor<2>> {
        let mut layers = self.forward_layers(inputs);
        layers.pop();
        layers
    }

    fn dense_parameters(&self) -> Vec<(Tensor<2>, Tensor<1>)> {
        self.parameters()
    }

    fn with_weight(self, edit: WeightEdit) -> Result<Self, String> {
        Mlp::with_weight(self, edit)
    }
}

impl Network for Cnn {
    /// Rows of `side²` pixels become `[batch, 1, side, side]` images.
    fn outputs(&self, inputs: Tensor<2>) -> Tensor<2> {
        let [batch, pixels] = inputs.dims();
        let side = (pixels as f64).sqrt() as usize;
        self.forward(inputs.reshape([batch, 1, side, side]))
    }

    fn conv_values(&self, input: Tensor<2>) -> Vec<Tensor<1>> {
        let [_, pixels] = input.dims();
        let side = (pixels as f64).sqrt() as usize;
        self.conv_views(input.reshape([1, 1, side, side]))
    }
}

/// Examples on the device, with targets in the form the head's loss needs.
struct DeviceExamples {
    inputs: Tensor<2>,
    /// `[n, 1]` 0/1 labels or values.
    float_targets: Tensor<2>,
    /// `[n]` class ids.
    classes: Tensor<1, Int>,
}

impl DeviceExamples {
    fn new(examples: &Examples, device: &Device) -> Self {
        let len = examples.len();
        let classes: Vec<i64> = examples.targets.iter().map(|&t| t as i64).collect();
        Self {
            inputs: Tensor::from_data(
                TensorData::new(examples.inputs.clone(), [len, examples.input_width]),
                device,
            ),
            float_targets: Tensor::from_data(
                TensorData::new(examples.targets.clone(), [len, 1]),
                device,
            ),
            classes: Tensor::from_data(TensorData::new(classes, [len]), device),
        }
    }

    fn len(&self) -> usize {
        self.inputs.dims()[0]
    }

    fn take(&self, indices: Tensor<1, Int>) -> Self {
        Self {
            inputs: self.inputs.clone().select(0, indices.clone()),
            float_targets: self.float_targets.clone().select(0, indices.clone()),
            classes: self.classes.clone().select(0, indices),
        }
    }

    fn first(&self, count: usize) -> Self {
        let count = count.min(self.len());
        Self {
            inputs: self.inputs.clone().narrow(0, 0, count),
            float_targets: self.float_targets.clone().narrow(0, 0, count),
            classes: self.classes.clone().narrow(0, 0, count),
        }
    }
}

/// Supervised learning of `N` on a training and a test set.
pub struct Supervised<N> {
    head: Head,
    train: DeviceExamples,
    test: DeviceExamples,
    order: BatchOrder,
    device: Device,
    /// For toy data: the features, to evaluate the model over the input plane.
    plane_features: Option<Vec<Feature>>,
    /// Widths of an MLP's hidden layers, to split its neuron grids by layer.
    hidden_widths: Vec<usize>,
    /// A CNN's convolutions, to read its filters and feature maps back.
    conv_shapes: Vec<ConvShape>,
    _network: std::marker::PhantomData<fn() -> N>,
}

impl<N: Network> Supervised<N> {
    pub fn new(
        head: Head,
        train: &Examples,
        test: &Examples,
        batch_size: usize,
        seed: u64,
        plane_features: Option<Vec<Feature>>,
        device: &Device,
    ) -> Self {
        Self {
            head,
            order: BatchOrder::new(train.len(), batch_size, seed),
            train: DeviceExamples::new(train, device),
            test: DeviceExamples::new(test, device),
            device: device.clone(),
            plane_features,
            hidden_widths: Vec::new(),
            conv_shapes: Vec::new(),
            _network: std::marker::PhantomData,
        }
    }

    /// Tells the task the hidden widths of its MLP, so neuron grids can be drawn per layer.
    pub fn with_hidden_widths(mut self, widths: Vec<usize>) -> Self {
        self.hidden_widths = widths;
        self
    }

    /// Tells the task its CNN's convolutions, so classify queries show them.
    pub fn with_conv_shapes(mut self, shapes: Vec<ConvShape>) -> Self {
        self.conv_shapes = shapes;
        self
    }

    fn loss(&self, outputs: Tensor<2>, examples: &DeviceExamples) -> Tensor<1> {
        match self.head {
            Head::Binary => loss::binary_cross_entropy(outputs, examples.float_targets.clone()),
            Head::Classes(_) => loss::cross_entropy(outputs, examples.classes.clone()),
            Head::Regression => loss::mean_squared_error(outputs, examples.float_targets.clone()),
        }
    }

    fn accuracy(&self, outputs: Tensor<2>, examples: &DeviceExamples) -> Tensor<1> {
        match self.head {
            Head::Binary => loss::binary_accuracy(outputs, examples.float_targets.clone()),
            Head::Classes(_) => loss::class_accuracy(outputs, examples.classes.clone()),
            Head::Regression => loss::not_applicable(&self.device),
        }
    }

    /// The model's inputs at the centre of every cell of a `resolution`² grid of the plane.
    fn plane_inputs(&self, resolution: usize, features: &[Feature]) -> Tensor<2> {
        let values = extras::plane_inputs(resolution, features);
        let cells = values.len() / features.len().max(1);
        Tensor::from_data(
            TensorData::new(values, [cells, features.len()]),
            &self.device,
        )
    }

    /// Where the extras of an evaluation are.
    fn extras_layout(&self) -> ExtrasLayout {
        let mut widths = vec![self.train.inputs.dims()[1]];
        widths.extend(&self.hidden_widths);
        widths.push(self.head.outputs());
        ExtrasLayout {
            plane: self.plane_features.is_some(),
            widths,
        }
    }

    /// Class-1 probability or value from raw outputs `[cells, 1]`.
    fn readable(&self, outputs: Tensor<2>) -> Tensor<1> {
        let outputs = if self.head == Head::Binary {
            activation::sigmoid(outputs)
        } else {
            outputs
        };
        outputs.flatten(0, 1)
    }
}

impl<N: Network> Task for Supervised<N> {
    type Model = N;

    fn batch_loss(&mut self, model: &N, step: u64) -> Tensor<1> {
        let Some(indices) = self.order.batch_indices(step, &self.device) else {
            return self.loss(model.outputs(self.train.inputs.clone()), &self.train);
        };
        let batch = self.train.take(indices);
        self.loss(model.outputs(batch.inputs.clone()), &batch)
    }

    fn evaluate(&self, model: &N, report: &ReportSpec) -> Tensor<1> {
        let evaluated = self.train.first(MAX_EVALUATED);
        let train_loss = self.loss(model.outputs(evaluated.inputs.clone()), &evaluated);
        let test_outputs = model.outputs(self.test.inputs.clone());
        let mut parts = vec![
            train_loss,
            self.loss(test_outputs.clone(), &self.test),
            self.accuracy(test_outputs, &self.test),
        ];
        if let (Some(resolution), Some(features)) = (report.decision_grid, &self.plane_features) {
            let inputs = self.plane_inputs(resolution, features);
            parts.push(self.readable(model.outputs(inputs)));
        }
        if let (true, Some(features)) = (report.neuron_grids, &self.plane_features) {
            // Every hidden neuron's activation over the plane, neuron after neuron.
            let resolution = extras::neuron_grid_resolution(report);
            let layers = model.hidden_activations(self.plane_inputs(resolution, features));
            parts.extend(
                layers
                    .into_iter()
                    .map(|activations| activations.transpose().flatten(0, 1)),
            );
        }
        if report.weights {
            for (weight, bias) in model.dense_parameters() {
                parts.push(weight.flatten(0, 1));
                parts.push(bias);
            }
        }
        Tensor::cat(parts, 0)
    }

    fn read_extras(&self, extras: &[f32], report: &ReportSpec, snapshot: &mut Snapshot) {
        self.extras_layout().read(extras, report, snapshot);
    }

    fn with_weight(&self, model: N, edit: WeightEdit) -> Result<N, String> {
        model.with_weight(edit)
    }

    fn query(&self, model: &N, query: &Query) -> Result<Pending, String> {
        let width = self.train.inputs.dims()[1];
        let image = classify::image_of(query, width)?;
        let input =
            Tensor::<2>::from_data(TensorData::new(image.to_vec(), [1, width]), &self.device);
        let outputs = model.outputs(input.clone());
        let probabilities = match self.head {
            Head::Classes(_) => activation::softmax(outputs, 1).flatten(0, 1),
            Head::Binary => {
                let one: Tensor<1> = activation::sigmoid(outputs).flatten(0, 1);
                Tensor::cat(vec![one.clone().neg() + 1.0, one], 0)
            }
            Head::Regression => return Err("a regression model has no classes".into()),
        };
        let mut parts = vec![probabilities];
        parts.extend(model.conv_values(input));
        Ok(Pending::Read(Tensor::cat(parts, 0)))
    }

    fn attack(&self, model: &N, query: &Query) -> Result<Pending, String> {
        if !matches!(self.head, Head::Classes(_)) {
            return Err("attacks are run against classifiers of images".into());
        }
        let checked = attack::check(query)?;
        let valid = model.valid();
        attack::burn_readout(
            &checked,
            self.test.inputs.clone(),
            self.test.classes.clone(),
            |inputs| model.outputs(inputs),
            |inputs| valid.outputs(inputs),
            |outputs| self.loss(outputs, &self.test),
        )
        .map(Pending::Read)
    }

    fn read_answer(&self, values: &[f32], query: &Query) -> Result<Answer, String> {
        if let Query::Attack { .. } = query {
            let [rows, width] = self.test.inputs.dims();
            return attack::burn_answer(&attack::check(query)?, values, rows, width);
        }
        let classes = match self.head {
            Head::Classes(classes) => classes,
            _ => 2,
        };
        classify::answer(values, classes, &self.conv_shapes)
    }

    fn examples_per_step(&self) -> usize {
        self.order.batch_size()
    }

    fn epochs(&self, steps: u64) -> f32 {
        self.order.epochs(steps)
    }
}
