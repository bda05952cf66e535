//! Which edges a node's prediction rests on: remove one edge at a time, run the trained network
//! on the graph without it, and see how far the node's probability for its predicted class
//! falls. A two-layer network only sees two hops, so an edge with both ends further away
//! cannot matter.

use super::edge_list::Graph;
use super::network::{GraphNet, argmax};

/// One edge's effect on a node's prediction.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeEffect {
    /// The edge's index in the graph's edge list.
    pub edge: usize,
    /// The predicted class's probability with the edge minus without it: positive where the
    /// edge supported the prediction.
    pub support: f64,
}

/// The effect of every edge on `node`'s prediction, strongest first (by size).
pub fn edge_effects(net: &GraphNet, graph: &Graph, node: usize) -> Vec<EdgeEffect> {
    let probabilities = net.probabilities();
    let predicted = argmax(&probabilities[node]);
    let with_all = probabilities[node][predicted];
    let aggregation = net.settings().aggregation;
    let mut effects: Vec<EdgeEffect> = (0..graph.edges().len())
        .map(|edge| {
            let operators = aggregation.operators(&graph.without_edge(edge));
            let without = net.probabilities_on(&operators)[node][predicted];
            EdgeEffect {
                edge,
                support: with_all - without,
            }
        })
        .collect();
    effects.sort_by(|a, b| b.support.abs().total_cmp(&a.support.abs()));
    effects
}

/// The number of hops from `node` to every node (`None` where unreachable).
pub fn hops_from(graph: &Graph, node: usize) -> Vec<Option<usize>> {
    let mut hops = vec![None; graph.node_count()];
    hops[node] = Some(0);
    let mut frontier = vec![node];
    let mut distance = 0;
    while !frontier.is_empty() {
        distance += 1;
        let mut next = Vec::new();
        for &current in &frontier {
            for &neighbour in graph.neighbours(current) {
                if hops[neighbour].is_none() {
                    hops[neighbour] = Some(distance);
                    next.push(neighbour);
                }
            }
        }
        frontier = next;
    }
    hops
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::karate::karate_club;
    use crate::graph::network::GraphNetSettings;

    /// After training, only edges with an end within two hops of a member move its prediction
    /// (removing one changes that end's degree), and the strongest touches the member or a
    /// neighbour.
    #[test]
    fn only_edges_within_two_hops_matter() {
        let club = karate_club().unwrap();
        let labelled = club.labelled_nodes(1, 1);
        let mut net = GraphNet::new(&club.graph, 2, GraphNetSettings::default());
        let mut optimiser = net.optimiser();
        for _ in 0..100 {
            net.train_epoch(&mut optimiser, &club.labels, &labelled);
        }
        let member = 16; // member 17, on the club's edge: two friends, both Mr. Hi's.
        let hops = hops_from(&club.graph, member);
        let effects = edge_effects(&net, &club.graph, member);
        assert_eq!(effects.len(), 78);
        for effect in &effects {
            let (a, b) = club.graph.edges()[effect.edge];
            let near = hops[a].unwrap().min(hops[b].unwrap()) <= 2;
            if !near {
                assert!(
                    effect.support.abs() < 1e-12,
                    "edge {a}–{b}: {}",
                    effect.support
                );
            }
        }
        let (a, b) = club.graph.edges()[effects[0].edge];
        assert!(hops[a].unwrap().min(hops[b].unwrap()) <= 1);
        assert!(effects[0].support.abs() > 1e-3);
    }
}
