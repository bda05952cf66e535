//! How a graph network's layer gathers its neighbours' features: the propagation operators
//! `Pₖ` of `Σₖ Pₖ H Wₖ` (see [`super::network`]), one per aggregation.

use super::edge_list::Graph;
use super::matrix::Matrix;

/// How a layer gathers the neighbours' features.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aggregation {
    Gcn,
    Mean,
}

impl Aggregation {
    /// The propagation operators of one layer over `graph`.
    pub fn operators(self, graph: &Graph) -> Vec<Matrix> {
        let nodes = graph.node_count();
        match self {
            Aggregation::Gcn => {
                let scale: Vec<f64> = (0..nodes)
                    .map(|node| 1.0 / ((graph.degree(node) + 1) as f64).sqrt())
                    .collect();
                let mut operator = Matrix::zeros(nodes, nodes);
                for node in 0..nodes {
                    operator.set(node, node, scale[node] * scale[node]);
                    for &neighbour in graph.neighbours(node) {
                        operator.set(node, neighbour, scale[node] * scale[neighbour]);
                    }
                }
                vec![operator]
            }
            Aggregation::Mean => {
                let mut mean = Matrix::zeros(nodes, nodes);
                for node in 0..nodes {
                    let share = 1.0 / graph.degree(node).max(1) as f64;
                    for &neighbour in graph.neighbours(node) {
                        mean.set(node, neighbour, share);
                    }
                }
                vec![Matrix::identity(nodes), mean]
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn triangle_and_tail() -> Graph {
        Graph::new(5, vec![(0, 1), (1, 2), (0, 2), (2, 3), (3, 4)])
    }

    #[test]
    fn operators_average_over_neighbours() {
        let graph = triangle_and_tail();
        let gcn = &Aggregation::Gcn.operators(&graph)[0];
        // Node 4 (degree 1) and node 3 (degree 2): 1 / sqrt(2 · 3).
        assert!((gcn.get(4, 3) - 1.0 / 6f64.sqrt()).abs() < 1e-12);
        assert_eq!(gcn.get(4, 0), 0.0);
        let mean = &Aggregation::Mean.operators(&graph)[1];
        assert_eq!(mean.row(2), &[1.0 / 3.0, 1.0 / 3.0, 0.0, 1.0 / 3.0, 0.0]);
    }
}
