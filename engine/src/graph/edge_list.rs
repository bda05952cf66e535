//! An undirected graph and the two small CSV files that describe one: an edge list
//! (`member_a,member_b`, nodes numbered from 1) and a node-label list (`member,label`). Lines
//! starting with `#` are comments; the first other line is the header. Every mistake names its
//! line.

use thiserror::Error;

/// Why a graph file was refused.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum GraphError {
    #[error("the file has no header line (it is empty or holds only comments)")]
    NoHeader,
    #[error("line {line}: expected two comma-separated values, found “{text}”")]
    BadLine { line: usize, text: String },
    #[error("line {line}: “{text}” is not a node number (whole numbers from 1)")]
    BadNode { line: usize, text: String },
    #[error("line {line}: node {node} is linked to itself")]
    SelfLoop { line: usize, node: usize },
    #[error("line {line}: the edge {a}–{b} is listed twice")]
    DuplicateEdge { line: usize, a: usize, b: usize },
    #[error("line {line}: node {node} is labelled twice")]
    DuplicateLabel { line: usize, node: usize },
    #[error("node {node} has no label (the graph has {nodes} nodes)")]
    MissingLabel { node: usize, nodes: usize },
    #[error("line {line}: node {node} is not in the graph (it has {nodes} nodes)")]
    UnknownNode {
        line: usize,
        node: usize,
        nodes: usize,
    },
    #[error("the graph has no edges")]
    NoEdges,
}

/// An undirected graph on nodes `0..node_count`, without self-loops or repeated edges.
#[derive(Debug, Clone, PartialEq)]
pub struct Graph {
    node_count: usize,
    edges: Vec<(usize, usize)>,
    neighbours: Vec<Vec<usize>>,
}

impl Graph {
    /// A graph from edges between nodes `0..node_count` (each pair once, either way round).
    pub fn new(node_count: usize, edges: Vec<(usize, usize)>) -> Self {
        let mut neighbours = vec![Vec::new(); node_count];
        for &(a, b) in &edges {
            neighbours[a].push(b);
            neighbours[b].push(a);
        }
        Self {
            node_count,
            edges,
            neighbours,
        }
    }

    pub fn node_count(&self) -> usize {
        self.node_count
    }

    pub fn edges(&self) -> &[(usize, usize)] {
        &self.edges
    }

    pub fn neighbours(&self, node: usize) -> &[usize] {
        &self.neighbours[node]
    }

    pub fn degree(&self, node: usize) -> usize {
        self.neighbours[node].len()
    }

    /// The same graph without edge number `index`.
    pub fn without_edge(&self, index: usize) -> Self {
        let mut edges = self.edges.clone();
        edges.remove(index);
        Self::new(self.node_count, edges)
    }
}

/// The data lines of a file after its header: `(line number, first value, second value)`.
fn data_lines(text: &str) -> Result<Vec<(usize, &str, &str)>, GraphError> {
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line.trim()))
        .filter(|(_, line)| !line.is_empty() && !line.starts_with('#'));
    lines.next().ok_or(GraphError::NoHeader)?;
    lines
        .map(
            |(line, text)| match text.split(',').collect::<Vec<_>>()[..] {
                [first, second] => Ok((line, first.trim(), second.trim())),
                _ => Err(GraphError::BadLine {
                    line,
                    text: text.to_string(),
                }),
            },
        )
        .collect()
}

/// A node number as written (from 1), as an index (from 0).
fn node_index(line: usize, text: &str) -> Result<usize, GraphError> {
    match text.parse::<usize>() {
        Ok(number) if number >= 1 => Ok(number - 1),
        _ => Err(GraphError::BadNode {
            line,
            text: text.to_string(),
        }),
    }
}

/// Reads an edge list; the graph has as many nodes as the largest number named.
pub fn parse_edges(text: &str) -> Result<Graph, GraphError> {
    let mut edges: Vec<(usize, usize)> = Vec::new();
    for (line, first, second) in data_lines(text)? {
        let (a, b) = (node_index(line, first)?, node_index(line, second)?);
        if a == b {
            return Err(GraphError::SelfLoop { line, node: a + 1 });
        }
        let key = (a.min(b), a.max(b));
        if edges.contains(&key) {
            return Err(GraphError::DuplicateEdge {
                line,
                a: key.0 + 1,
                b: key.1 + 1,
            });
        }
        edges.push(key);
    }
    let node_count = edges
        .iter()
        .map(|&(_, b)| b + 1)
        .max()
        .ok_or(GraphError::NoEdges)?;
    Ok(Graph::new(node_count, edges))
}

/// Reads one label per node of a graph with `node_count` nodes: the label of each node (an index
/// into the names, in order of first appearance) and the names.
pub fn parse_labels(
    text: &str,
    node_count: usize,
) -> Result<(Vec<usize>, Vec<String>), GraphError> {
    let mut labels: Vec<Option<usize>> = vec![None; node_count];
    let mut names: Vec<String> = Vec::new();
    for (line, first, name) in data_lines(text)? {
        let node = node_index(line, first)?;
        if node >= node_count {
            return Err(GraphError::UnknownNode {
                line,
                node: node + 1,
                nodes: node_count,
            });
        }
        if labels[node].is_some() {
            return Err(GraphError::DuplicateLabel {
                line,
                node: node + 1,
            });
        }
        let class = match names.iter().position(|known| known == name) {
            Some(class) => class,
            None => {
                names.push(name.to_string());
                names.len() - 1
            }
        };
        labels[node] = Some(class);
    }
    let labels = labels
        .into_iter()
        .enumerate()
        .map(|(node, label)| {
            label.ok_or(GraphError::MissingLabel {
                node: node + 1,
                nodes: node_count,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((labels, names))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edge_list_becomes_an_undirected_graph() {
        let graph = parse_edges("# a path\nfrom,to\n1,2\n3, 2\n").unwrap();
        assert_eq!(graph.node_count(), 3);
        assert_eq!(graph.edges(), &[(0, 1), (1, 2)]);
        assert_eq!(graph.neighbours(1), &[0, 2]);
        assert_eq!(graph.degree(0), 1);
        assert_eq!(graph.without_edge(0).degree(0), 0);
    }

    #[test]
    fn mistakes_name_their_line() {
        let refused = |text: &str| parse_edges(text).unwrap_err().to_string();
        assert_eq!(
            refused(""),
            "the file has no header line (it is empty or holds only comments)"
        );
        assert_eq!(
            refused("a,b\n1,2\n2;3\n"),
            "line 3: expected two comma-separated values, found “2;3”"
        );
        assert_eq!(
            refused("a,b\n1,x\n"),
            "line 2: “x” is not a node number (whole numbers from 1)"
        );
        assert_eq!(
            refused("a,b\n0,1\n"),
            "line 2: “0” is not a node number (whole numbers from 1)"
        );
        assert_eq!(refused("a,b\n4,4\n"), "line 2: node 4 is linked to itself");
        assert_eq!(
            refused("a,b\n1,2\n\n2,1\n"),
            "line 4: the edge 1–2 is listed twice"
        );
        assert_eq!(refused("a,b\n"), "the graph has no edges");
    }

    #[test]
    fn labels_are_read_per_node_and_checked() {
        let (labels, names) = parse_labels("node,side\n2,right\n1,left\n3,right\n", 3).unwrap();
        assert_eq!(labels, vec![1, 0, 0]);
        assert_eq!(names, vec!["right", "left"]);
        let refused = |text: &str| parse_labels(text, 2).unwrap_err().to_string();
        assert_eq!(
            refused("n,l\n1,a\n"),
            "node 2 has no label (the graph has 2 nodes)"
        );
        assert_eq!(
            refused("n,l\n1,a\n1,b\n"),
            "line 3: node 1 is labelled twice"
        );
        assert_eq!(
            refused("n,l\n3,a\n"),
            "line 2: node 3 is not in the graph (it has 2 nodes)"
        );
    }
}
