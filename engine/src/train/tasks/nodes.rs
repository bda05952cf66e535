//! Node classification on a graph with a GCN: the labels of a few nodes are seen, the rest
//! are predicted.

use crate::data::graph::Graph;
use crate::spec::ReportSpec;
use crate::train::loss::{class_accuracy, cross_entropy};
use crate::train::models::Gcn;
use crate::train::task::Task;
use burn::tensor::{Device, Int, Tensor, TensorData};

pub struct NodeClassification {
    adjacency: Tensor<2>,
    /// One-hot node identities `[nodes, nodes]`: the model learns from structure alone.
    features: Tensor<2>,
    train_nodes: Tensor<1, Int>,
    test_nodes: Tensor<1, Int>,
    train_labels: Tensor<1, Int>,
    test_labels: Tensor<1, Int>,
    train_count: usize,
}

impl NodeClassification {
    pub fn new(graph: &Graph, device: &Device) -> Self {
        let n = graph.nodes;
        let ints = |values: Vec<i64>| {
            let len = values.len();
            Tensor::<1, Int>::from_data(TensorData::new(values, [len]), device)
        };
        let (train, test): (Vec<usize>, Vec<usize>) =
            (0..n).partition(|&node| graph.train_mask[node]);
        let labels_of = |nodes: &[usize]| {
            ints(
                nodes
                    .iter()
                    .map(|&node| graph.labels[node] as i64)
                    .collect(),
            )
        };
        Self {
            adjacency: Tensor::from_data(
                TensorData::new(graph.normalized_adjacency(), [n, n]),
                device,
            ),
            features: Tensor::eye(n, device),
            train_labels: labels_of(&train),
            test_labels: labels_of(&test),
            train_nodes: ints(train.iter().map(|&node| node as i64).collect()),
            test_nodes: ints(test.iter().map(|&node| node as i64).collect()),
            train_count: train.len(),
        }
    }

    fn logits(&self, model: &Gcn) -> Tensor<2> {
        model.forward(self.adjacency.clone(), self.features.clone())
    }
}

impl Task for NodeClassification {
    type Model = Gcn;

    fn batch_loss(&mut self, model: &Gcn, _step: u64) -> Tensor<1> {
        let logits = self.logits(model).select(0, self.train_nodes.clone());
        cross_entropy(logits, self.train_labels.clone())
    }

    fn evaluate(&self, model: &Gcn, _report: &ReportSpec) -> Tensor<1> {
        let logits = self.logits(model);
        let train = logits.clone().select(0, self.train_nodes.clone());
        let test = logits.select(0, self.test_nodes.clone());
        Tensor::cat(
            vec![
                cross_entropy(train, self.train_labels.clone()),
                cross_entropy(test.clone(), self.test_labels.clone()),
                class_accuracy(test, self.test_labels.clone()),
            ],
            0,
        )
    }

    fn examples_per_step(&self) -> usize {
        self.train_count
    }

    /// Every step sees the whole graph.
    fn epochs(&self, steps: u64) -> f32 {
        steps as f32
    }
}
