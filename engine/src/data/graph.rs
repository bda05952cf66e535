//! Generated graphs for node classification: communities with dense links inside and sparse
//! links across (a stochastic block model).

use crate::spec::GraphDataSpec;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};

/// An undirected graph whose nodes carry a community label.
#[derive(Debug, Clone, PartialEq)]
pub struct Graph {
    pub nodes: usize,
    /// Each undirected edge once, as `(smaller, larger)` node index.
    pub edges: Vec<(usize, usize)>,
    /// Each node's community, 0..communities.
    pub labels: Vec<usize>,
    pub communities: usize,
    /// Whether a node's label is seen in training (the others form the test set).
    pub train_mask: Vec<bool>,
}

impl Graph {
    /// Generates the graph a spec describes; every community has a labelled node.
    pub fn generate(spec: &GraphDataSpec) -> Self {
        let mut rng = StdRng::seed_from_u64(spec.seed);
        let labels: Vec<usize> = (0..spec.nodes)
            .map(|node| node % spec.communities)
            .collect();
        let mut edges = Vec::new();
        for a in 0..spec.nodes {
            for b in a + 1..spec.nodes {
                let chance = if labels[a] == labels[b] {
                    spec.edge_chance_inside
                } else {
                    spec.edge_chance_across
                };
                if rng.random_range(0.0..1.0) < chance {
                    edges.push((a, b));
                }
            }
        }
        let mut order: Vec<usize> = (0..spec.nodes).collect();
        order.shuffle(&mut rng);
        let labelled = ((spec.nodes as f32 * spec.train_share).round() as usize)
            .max(spec.communities)
            .min(spec.nodes - 1);
        let mut train_mask = vec![false; spec.nodes];
        // One labelled node per community first, then the rest in shuffled order.
        // Nodes 0..communities are one of each community (labels go round-robin).
        train_mask[..spec.communities].fill(true);
        for &node in order.iter() {
            if train_mask.iter().filter(|&&seen| seen).count() >= labelled {
                break;
            }
            train_mask[node] = true;
        }
        Self {
            nodes: spec.nodes,
            edges,
            labels,
            communities: spec.communities,
            train_mask,
        }
    }

    /// The symmetric normalised adjacency with self-loops, D^-½ (A + I) D^-½, dense and
    /// row-major `[nodes, nodes]`, as a GCN layer uses it.
    pub fn normalized_adjacency(&self) -> Vec<f32> {
        let n = self.nodes;
        let mut adjacency = vec![0.0f32; n * n];
        for node in 0..n {
            adjacency[node * n + node] = 1.0;
        }
        for &(a, b) in &self.edges {
            adjacency[a * n + b] = 1.0;
            adjacency[b * n + a] = 1.0;
        }
        let inverse_sqrt_degree: Vec<f32> = (0..n)
            .map(|row| 1.0 / adjacency[row * n..(row + 1) * n].iter().sum::<f32>().sqrt())
            .collect();
        for row in 0..n {
            for column in 0..n {
                adjacency[row * n + column] *=
                    inverse_sqrt_degree[row] * inverse_sqrt_degree[column];
            }
        }
        adjacency
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> GraphDataSpec {
        GraphDataSpec {
            nodes: 60,
            communities: 3,
            edge_chance_inside: 0.3,
            edge_chance_across: 0.02,
            train_share: 0.2,
            seed: 5,
        }
    }

    #[test]
    fn communities_are_dense_inside_and_sparse_across() {
        let graph = Graph::generate(&spec());
        assert_eq!(graph, Graph::generate(&spec()));
        let inside = graph
            .edges
            .iter()
            .filter(|(a, b)| graph.labels[*a] == graph.labels[*b])
            .count();
        assert!(
            inside > 4 * (graph.edges.len() - inside),
            "{inside} of {}",
            graph.edges.len()
        );
        assert_eq!(graph.train_mask.iter().filter(|&&seen| seen).count(), 12);
        for community in 0..3 {
            assert!((0..60).any(|n| graph.train_mask[n] && graph.labels[n] == community));
        }
    }

    #[test]
    fn normalized_adjacency_is_symmetric_with_unit_spectral_radius() {
        let graph = Graph::generate(&spec());
        let adjacency = graph.normalized_adjacency();
        let n = graph.nodes;
        for a in 0..n {
            for b in 0..n {
                assert!((adjacency[a * n + b] - adjacency[b * n + a]).abs() < 1e-6);
            }
        }
        // D^-½ (A+I) D^-½ has largest eigenvalue 1 with eigenvector D^½·1.
        let degree_root: Vec<f32> = (0..n)
            .map(|a| {
                (0..n)
                    .filter(|&b| a == b || adjacency[a * n + b] > 0.0)
                    .count() as f32
            })
            .map(f32::sqrt)
            .collect();
        for a in 0..n {
            let product: f32 = (0..n).map(|b| adjacency[a * n + b] * degree_root[b]).sum();
            assert!((product - degree_root[a]).abs() < 1e-4, "row {a}");
        }
    }
}
