//! Zachary's karate club (`content/data/karate-club*.csv`): 34 members, 78 friendships, and
//! the faction each member joined when the club split. The classic first data set for graph
//! networks: from a few members' factions, predict everyone else's.

use super::edge_list::{Graph, GraphError, parse_edges, parse_labels};
use crate::seeded::Rng;

const EDGES_CSV: &str = include_str!("../../../content/data/karate-club.csv");
const FACTIONS_CSV: &str = include_str!("../../../content/data/karate-club-factions.csv");

/// A graph whose nodes each carry a class.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledGraph {
    pub graph: Graph,
    /// Each node's class, an index into `class_names`.
    pub labels: Vec<usize>,
    pub class_names: Vec<String>,
}

impl LabelledGraph {
    /// Reads an edge list and a label list (see [`super::edge_list`]).
    pub fn parse(edges: &str, labels: &str) -> Result<Self, GraphError> {
        let graph = parse_edges(edges)?;
        let (labels, class_names) = parse_labels(labels, graph.node_count())?;
        Ok(Self {
            graph,
            labels,
            class_names,
        })
    }

    /// The nodes whose labels training may see: the best-connected node of each class, then
    /// `per_class - 1` more of each class drawn with `seed`.
    pub fn labelled_nodes(&self, per_class: usize, seed: u64) -> Vec<usize> {
        let mut rng = Rng::new(seed);
        let mut chosen = Vec::new();
        for class in 0..self.class_names.len() {
            let mut members: Vec<usize> = (0..self.labels.len())
                .filter(|&node| self.labels[node] == class)
                .collect();
            let hub = *members
                .iter()
                .max_by_key(|&&node| (self.graph.degree(node), usize::MAX - node))
                .expect("every class has a member");
            members.retain(|&node| node != hub);
            rng.shuffle(&mut members);
            chosen.push(hub);
            chosen.extend(members.into_iter().take(per_class.saturating_sub(1)));
        }
        chosen.sort_unstable();
        chosen
    }

    /// The nodes not in `labelled`: the ones a model is scored on.
    pub fn unlabelled_nodes(&self, labelled: &[usize]) -> Vec<usize> {
        (0..self.labels.len())
            .filter(|node| !labelled.contains(node))
            .collect()
    }
}

/// The karate club as shipped with the course.
pub fn karate_club() -> Result<LabelledGraph, GraphError> {
    LabelledGraph::parse(EDGES_CSV, FACTIONS_CSV)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::aggregation::Aggregation;
    use crate::graph::network::{GraphNet, GraphNetSettings};

    #[test]
    fn the_shipped_club_has_34_members_78_friendships_and_two_factions() {
        let club = karate_club().unwrap();
        assert_eq!(club.graph.node_count(), 34);
        assert_eq!(club.graph.edges().len(), 78);
        assert_eq!(club.class_names, vec!["Mr. Hi", "Officer"]);
        assert_eq!(club.labels.iter().filter(|&&class| class == 0).count(), 17);
        // The instructor (member 1) and the administrator (member 34) are the hubs.
        assert_eq!(club.labelled_nodes(1, 7), vec![0, 33]);
        assert_eq!(club.labelled_nodes(3, 7).len(), 6);
        assert_eq!(club.unlabelled_nodes(&[0, 33]).len(), 32);
    }

    /// Chapter 8's target: from the two leaders' factions alone, both aggregations predict at
    /// least 90 % of the other 32 members' factions.
    #[test]
    fn a_two_layer_network_predicts_the_split_from_two_labelled_members() {
        let club = karate_club().unwrap();
        let labelled = club.labelled_nodes(1, 1);
        let unlabelled = club.unlabelled_nodes(&labelled);
        for aggregation in [Aggregation::Gcn, Aggregation::Mean] {
            let settings = GraphNetSettings {
                aggregation,
                ..GraphNetSettings::default()
            };
            let mut net = GraphNet::new(&club.graph, 2, settings);
            let mut optimiser = net.optimiser();
            for _ in 0..200 {
                net.train_epoch(&mut optimiser, &club.labels, &labelled);
            }
            let accuracy = net.accuracy(&club.labels, &unlabelled);
            eprintln!(
                "{aggregation:?}: {:.1} % of the other members",
                accuracy * 100.0
            );
            assert!(accuracy >= 0.9, "{aggregation:?}: {accuracy}");
        }
    }
}
