//! Message passing one step at a time, on one number per node: each node replaces its value
//! with a weighted sum of its own and its neighbours' (the weights of the GCN operator). Start
//! with +1 on one node and −1 on another, and after k steps a node's value holds what reached
//! it within k hops.

use super::aggregation::Aggregation;
use super::edge_list::Graph;
use super::matrix::Matrix;

/// One message: how much of `from`'s value reaches the node.
#[derive(Debug, Clone, PartialEq)]
pub struct Message {
    pub from: usize,
    pub weight: f64,
    /// `weight × from's value`.
    pub amount: f64,
}

/// The messages `node` receives in one step (its own value first), for `values` per node.
pub fn messages_to(graph: &Graph, values: &[f64], node: usize) -> Vec<Message> {
    messages_through(&Aggregation::Gcn.operators(graph)[0], graph, values, node)
}

fn messages_through(operator: &Matrix, graph: &Graph, values: &[f64], node: usize) -> Vec<Message> {
    std::iter::once(node)
        .chain(graph.neighbours(node).iter().copied())
        .map(|from| {
            let weight = operator.get(node, from);
            Message {
                from,
                weight,
                amount: weight * values[from],
            }
        })
        .collect()
}

/// Every node's value after one step: the sum of its messages, added in the order
/// [`messages_to`] lists them.
pub fn step(graph: &Graph, values: &[f64]) -> Vec<f64> {
    let operator = &Aggregation::Gcn.operators(graph)[0];
    (0..graph.node_count())
        .map(|node| {
            messages_through(operator, graph, values, node)
                .iter()
                .map(|message| message.amount)
                .sum()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_spread_one_hop_per_step() {
        let path = Graph::new(4, vec![(0, 1), (1, 2), (2, 3)]);
        let start = [1.0, 0.0, 0.0, 0.0];
        let once = step(&path, &start);
        assert!(once[1] > 0.0 && once[2] == 0.0 && once[3] == 0.0);
        let twice = step(&path, &once);
        assert!(twice[2] > 0.0 && twice[3] == 0.0);
        let messages = messages_to(&path, &once, 1);
        assert_eq!(
            messages.iter().map(|m| m.from).collect::<Vec<_>>(),
            vec![1, 0, 2]
        );
        let total: f64 = messages.iter().map(|m| m.amount).sum();
        assert_eq!(total, twice[1]);
    }

    /// The club's two leaders reach their 29 distinct friends in one step, and everyone
    /// within the club's diameter of 5.
    #[test]
    fn the_leaders_values_reach_the_whole_club() {
        let club = crate::graph::karate::karate_club().unwrap();
        let mut values = vec![0.0; 34];
        values[0] = 1.0;
        values[33] = -1.0;
        let reached = |values: &[f64]| values.iter().filter(|v| v.abs() > 1e-12).count();
        values = step(&club.graph, &values);
        assert_eq!(reached(&values), 31);
        for _ in 1..5 {
            values = step(&club.graph, &values);
        }
        assert_eq!(reached(&values), 34);
    }
}
