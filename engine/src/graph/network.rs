//! A two-layer graph network for node classification, trained full-batch with Adam on the
//! labelled nodes only. Each layer computes `Σₖ Pₖ H Wₖ + b`, where the `Pₖ` say how a node
//! gathers its neighbours' features:
//! - **GCN** (Kipf & Welling): one operator, `D̃^{-½} (A + I) D̃^{-½}`, a degree-weighted average
//!   over the node and its neighbours;
//! - **mean** (GraphSAGE-style): two, the node itself (`I`) and the plain mean of its
//!   neighbours (`D⁻¹A`), each with its own weights.
//!
//! Node features are one-hot (the identity): everything the network knows of a node is where it
//! sits in the graph. Gradients are written out by hand; the tests check them.

use super::aggregation::Aggregation;
use super::edge_list::Graph;
use super::matrix::Matrix;
use crate::seeded::Rng;
use crate::tabular::mlp::Moments;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GraphNetSettings {
    pub aggregation: Aggregation,
    pub hidden: usize,
    pub learning_rate: f64,
    /// L2 penalty on the first layer's weights (as in the GCN paper).
    pub weight_decay: f64,
    pub seed: u64,
}

impl Default for GraphNetSettings {
    fn default() -> Self {
        Self {
            aggregation: Aggregation::Gcn,
            hidden: 8,
            learning_rate: 0.01,
            weight_decay: 5e-4,
            seed: 1,
        }
    }
}

/// One layer: weights per operator (`inputs × outputs`) and a bias.
#[derive(Debug, Clone, PartialEq)]
struct Layer {
    weights: Vec<Matrix>,
    bias: Vec<f64>,
}

impl Layer {
    fn new(operators: usize, inputs: usize, outputs: usize, rng: &mut Rng) -> Self {
        let limit = (6.0 / (inputs + outputs) as f64).sqrt();
        let weights = (0..operators)
            .map(|_| Matrix {
                rows: inputs,
                cols: outputs,
                values: (0..inputs * outputs)
                    .map(|_| (rng.uniform() * 2.0 - 1.0) * limit)
                    .collect(),
            })
            .collect();
        Self {
            weights,
            bias: vec![0.0; outputs],
        }
    }

    /// `(Pₖ H for each k, Σₖ Pₖ H Wₖ + b)`.
    fn forward(&self, operators: &[Matrix], input: &Matrix) -> (Vec<Matrix>, Matrix) {
        let gathered: Vec<Matrix> = operators.iter().map(|p| p.matmul(input)).collect();
        let mut output = Matrix::zeros(input.rows, self.bias.len());
        for (gathered, weights) in gathered.iter().zip(&self.weights) {
            output.add_assign(&gathered.matmul(weights));
        }
        for row in 0..output.rows {
            for (col, bias) in self.bias.iter().enumerate() {
                output.set(row, col, output.get(row, col) + bias);
            }
        }
        (gathered, output)
    }
}

/// A trained (or training) two-layer graph network over one graph.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphNet {
    settings: GraphNetSettings,
    operators: Vec<Matrix>,
    layers: [Layer; 2],
    epochs: usize,
}

/// Adam's moments for every parameter, kept beside the network so that a network stays a
/// plain value the page can copy.
pub struct Optimiser {
    layers: Vec<LayerMoments>,
}

struct LayerMoments {
    weights: Vec<Moments>,
    bias: Moments,
}

/// A layer's gradients: per operator's weights, and the bias.
struct LayerGradient {
    weights: Vec<Matrix>,
    bias: Vec<f64>,
}

impl GraphNet {
    pub fn new(graph: &Graph, classes: usize, settings: GraphNetSettings) -> Self {
        let operators = settings.aggregation.operators(graph);
        let mut rng = Rng::new(settings.seed);
        let nodes = graph.node_count();
        let first = Layer::new(operators.len(), nodes, settings.hidden, &mut rng);
        let second = Layer::new(operators.len(), settings.hidden, classes, &mut rng);
        Self {
            settings,
            operators,
            layers: [first, second],
            epochs: 0,
        }
    }

    pub fn settings(&self) -> GraphNetSettings {
        self.settings
    }

    pub fn epochs(&self) -> usize {
        self.epochs
    }

    pub fn optimiser(&self) -> Optimiser {
        let layers = self
            .layers
            .iter()
            .map(|layer| LayerMoments {
                weights: layer
                    .weights
                    .iter()
                    .map(|w| Moments::new(w.values.len()))
                    .collect(),
                bias: Moments::new(layer.bias.len()),
            })
            .collect();
        Optimiser { layers }
    }

    /// Each node's class probabilities on the graph the network was built for.
    pub fn probabilities(&self) -> Vec<Vec<f64>> {
        self.probabilities_on(&self.operators)
    }

    /// Each node's class probabilities with the graph replaced by `operators` (the same
    /// aggregation over an edited graph), the trained weights unchanged.
    pub fn probabilities_on(&self, operators: &[Matrix]) -> Vec<Vec<f64>> {
        let features = Matrix::identity(operators[0].rows);
        let (_, hidden) = self.layers[0].forward(operators, &features);
        let (_, logits) = self.layers[1].forward(operators, &relu(&hidden));
        (0..logits.rows)
            .map(|row| softmax(logits.row(row)))
            .collect()
    }

    /// The share of `nodes` whose most probable class is their label.
    pub fn accuracy(&self, labels: &[usize], nodes: &[usize]) -> f64 {
        let probabilities = self.probabilities();
        let right = nodes
            .iter()
            .filter(|&&node| argmax(&probabilities[node]) == labels[node])
            .count();
        right as f64 / nodes.len().max(1) as f64
    }

    /// One full-batch step on the labelled nodes; returns their mean cross-entropy before it.
    pub fn train_epoch(
        &mut self,
        optimiser: &mut Optimiser,
        labels: &[usize],
        labelled: &[usize],
    ) -> f64 {
        let (loss, gradients) = self.loss_and_gradients(labels, labelled);
        self.epochs += 1;
        let step = self.epochs as i32;
        let rate = self.settings.learning_rate;
        for ((layer, moments), gradient) in self
            .layers
            .iter_mut()
            .zip(&mut optimiser.layers)
            .zip(&gradients)
        {
            for ((weights, moments), grad) in layer
                .weights
                .iter_mut()
                .zip(&mut moments.weights)
                .zip(&gradient.weights)
            {
                moments.update(&mut weights.values, &grad.values, rate, step);
            }
            moments
                .bias
                .update(&mut layer.bias, &gradient.bias, rate, step);
        }
        loss
    }

    /// The loss on the labelled nodes (with the weight decay) and its gradient per layer.
    fn loss_and_gradients(
        &self,
        labels: &[usize],
        labelled: &[usize],
    ) -> (f64, [LayerGradient; 2]) {
        let nodes = self.operators[0].rows;
        let features = Matrix::identity(nodes);
        let (gathered_in, pre_hidden) = self.layers[0].forward(&self.operators, &features);
        let hidden = relu(&pre_hidden);
        let (gathered_hidden, logits) = self.layers[1].forward(&self.operators, &hidden);

        let count = labelled.len().max(1) as f64;
        let mut loss = 0.0;
        let mut logit_grad = Matrix::zeros(nodes, logits.cols);
        for &node in labelled {
            let probabilities = softmax(logits.row(node));
            loss -= probabilities[labels[node]].max(1e-12).ln() / count;
            for (class, probability) in probabilities.iter().enumerate() {
                let target = if class == labels[node] { 1.0 } else { 0.0 };
                logit_grad.set(node, class, (probability - target) / count);
            }
        }
        let decay = self.settings.weight_decay;
        loss += 0.5
            * decay
            * self.layers[0]
                .weights
                .iter()
                .flat_map(|w| &w.values)
                .map(|w| w * w)
                .sum::<f64>();

        let mut hidden_grad = Matrix::zeros(nodes, hidden.cols);
        let mut second = Vec::new();
        for ((operator, gathered), weights) in self
            .operators
            .iter()
            .zip(&gathered_hidden)
            .zip(&self.layers[1].weights)
        {
            second.push(gathered.transpose_matmul(&logit_grad));
            hidden_grad
                .add_assign(&operator.transpose_matmul(&logit_grad.matmul_transpose(weights)));
        }
        let mut pre_grad = hidden_grad;
        for (grad, pre) in pre_grad.values.iter_mut().zip(&pre_hidden.values) {
            if *pre <= 0.0 {
                *grad = 0.0;
            }
        }
        let mut first = Vec::new();
        for (gathered, weights) in gathered_in.iter().zip(&self.layers[0].weights) {
            let mut grad = gathered.transpose_matmul(&pre_grad);
            for (value, weight) in grad.values.iter_mut().zip(&weights.values) {
                *value += decay * weight;
            }
            first.push(grad);
        }
        let gradients = [
            LayerGradient {
                weights: first,
                bias: column_sums(&pre_grad),
            },
            LayerGradient {
                weights: second,
                bias: column_sums(&logit_grad),
            },
        ];
        (loss, gradients)
    }
}

fn relu(matrix: &Matrix) -> Matrix {
    Matrix {
        values: matrix.values.iter().map(|value| value.max(0.0)).collect(),
        ..matrix.clone()
    }
}

fn column_sums(matrix: &Matrix) -> Vec<f64> {
    (0..matrix.cols)
        .map(|col| (0..matrix.rows).map(|row| matrix.get(row, col)).sum())
        .collect()
}

pub fn softmax(logits: &[f64]) -> Vec<f64> {
    let top = logits.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let exps: Vec<f64> = logits.iter().map(|logit| (logit - top).exp()).collect();
    let total: f64 = exps.iter().sum();
    exps.iter().map(|value| value / total).collect()
}

pub fn argmax(values: &[f64]) -> usize {
    values
        .iter()
        .enumerate()
        .fold((0, f64::NEG_INFINITY), |best, (index, &value)| {
            if value > best.1 { (index, value) } else { best }
        })
        .0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn triangle_and_tail() -> Graph {
        Graph::new(5, vec![(0, 1), (1, 2), (0, 2), (2, 3), (3, 4)])
    }

    /// The hand-written gradients match finite differences of the loss, for both aggregations.
    #[test]
    fn gradients_match_finite_differences() {
        let graph = triangle_and_tail();
        let labels = [0, 0, 1, 1, 1];
        let labelled = [0, 3, 4];
        for aggregation in [Aggregation::Gcn, Aggregation::Mean] {
            let settings = GraphNetSettings {
                aggregation,
                hidden: 3,
                weight_decay: 0.01,
                ..GraphNetSettings::default()
            };
            let net = GraphNet::new(&graph, 2, settings);
            let (_, gradients) = net.loss_and_gradients(&labels, &labelled);
            for (layer, gradient) in gradients.iter().enumerate() {
                for operator in 0..net.layers[layer].weights.len() {
                    for index in 0..net.layers[layer].weights[operator].values.len() {
                        let loss_with = |delta: f64| {
                            let mut moved = net.clone();
                            moved.layers[layer].weights[operator].values[index] += delta;
                            moved.loss_and_gradients(&labels, &labelled).0
                        };
                        let numeric = (loss_with(1e-6) - loss_with(-1e-6)) / 2e-6;
                        let analytic = gradient.weights[operator].values[index];
                        assert!(
                            (numeric - analytic).abs() < 1e-6,
                            "{aggregation:?} layer {layer} operator {operator} weight {index}: \
                             {analytic} vs {numeric}"
                        );
                    }
                }
                for index in 0..net.layers[layer].bias.len() {
                    let loss_with = |delta: f64| {
                        let mut moved = net.clone();
                        moved.layers[layer].bias[index] += delta;
                        moved.loss_and_gradients(&labels, &labelled).0
                    };
                    let numeric = (loss_with(1e-6) - loss_with(-1e-6)) / 2e-6;
                    assert!((numeric - gradient.bias[index]).abs() < 1e-6);
                }
            }
        }
    }

    #[test]
    fn training_lowers_the_loss_and_fits_the_labelled_nodes() {
        let graph = triangle_and_tail();
        let labels = [0, 0, 0, 1, 1];
        let labelled = [0, 4];
        let mut net = GraphNet::new(&graph, 2, GraphNetSettings::default());
        let mut optimiser = net.optimiser();
        let first = net.train_epoch(&mut optimiser, &labels, &labelled);
        let mut last = first;
        for _ in 0..200 {
            last = net.train_epoch(&mut optimiser, &labels, &labelled);
        }
        assert!(last < first * 0.2, "loss {first} → {last}");
        assert_eq!(net.accuracy(&labels, &labelled), 1.0);
        assert_eq!(net.epochs(), 201);
    }
}
