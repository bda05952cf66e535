//! An isolation forest: random trees that split on a random feature at a random value until
//! each point stands alone. Anomalies are isolated after few splits, so a short average path
//! means a high anomaly score (Liu, Ting and Zhou, 2008).

use super::{Point, Rng};

#[derive(Debug, Clone)]
enum Node {
    Leaf {
        size: usize,
    },
    Split {
        feature: usize,
        value: f64,
        below: Box<Node>,
        above: Box<Node>,
    },
}

#[derive(Debug, Clone)]
pub struct IsolationForest {
    trees: Vec<Node>,
    sample_size: usize,
}

fn coordinate(point: Point, feature: usize) -> f64 {
    if feature == 0 { point.0 } else { point.1 }
}

/// The average path length of an unsuccessful search in a binary search tree of `size` points:
/// how deep a leaf of `size` points would have gone on.
fn average_path(size: usize) -> f64 {
    match size {
        0 | 1 => 0.0,
        2 => 1.0,
        _ => {
            let n = size as f64;
            2.0 * ((n - 1.0).ln() + 0.577_215_664_901_532_9) - 2.0 * (n - 1.0) / n
        }
    }
}

fn grow(points: &mut [Point], depth: usize, limit: usize, rng: &mut Rng) -> Node {
    if points.len() <= 1 || depth >= limit {
        return Node::Leaf { size: points.len() };
    }
    let feature = rng.below(2);
    let (low, high) =
        points
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), &point| {
                let value = coordinate(point, feature);
                (low.min(value), high.max(value))
            });
    if high <= low {
        return Node::Leaf { size: points.len() };
    }
    let value = low + rng.uniform() * (high - low);
    let mut split = 0;
    for index in 0..points.len() {
        if coordinate(points[index], feature) < value {
            points.swap(index, split);
            split += 1;
        }
    }
    let (below, above) = points.split_at_mut(split);
    Node::Split {
        feature,
        value,
        below: Box::new(grow(below, depth + 1, limit, rng)),
        above: Box::new(grow(above, depth + 1, limit, rng)),
    }
}

fn path_length(node: &Node, point: Point, depth: usize) -> f64 {
    match node {
        Node::Leaf { size } => depth as f64 + average_path(*size),
        Node::Split {
            feature,
            value,
            below,
            above,
        } => {
            let next = if coordinate(point, *feature) < *value {
                below
            } else {
                above
            };
            path_length(next, point, depth + 1)
        }
    }
}

impl IsolationForest {
    /// `trees` trees, each grown on `sample_size` points drawn from `points`.
    pub fn fit(points: &[Point], trees: usize, sample_size: usize, seed: u64) -> Self {
        let mut rng = Rng::new(seed);
        let sample_size = sample_size.min(points.len()).max(1);
        let limit = (sample_size as f64).log2().ceil() as usize;
        let trees = (0..trees)
            .map(|_| {
                let mut sample: Vec<Point> = (0..sample_size)
                    .filter_map(|_| points.get(rng.below(points.len())).copied())
                    .collect();
                grow(&mut sample, 0, limit, &mut rng)
            })
            .collect();
        Self { trees, sample_size }
    }

    /// The anomaly score of `point`, between 0 and 1: near 1 for anomalies, about 0.5 or less
    /// for ordinary points.
    pub fn score(&self, point: Point) -> f64 {
        if self.trees.is_empty() {
            return 0.0;
        }
        let mean = self
            .trees
            .iter()
            .map(|tree| path_length(tree, point, 0))
            .sum::<f64>()
            / self.trees.len() as f64;
        let normaliser = average_path(self.sample_size).max(1e-9);
        2f64.powf(-mean / normaliser)
    }
}

#[cfg(test)]
mod tests {
    use super::IsolationForest;
    use crate::unsupervised::point_sets::blobs_with_outliers;

    #[test]
    fn the_scattered_outliers_score_highest() {
        let points = blobs_with_outliers(150, 6, 3);
        let forest = IsolationForest::fit(&points, 100, 128, 9);
        let mut order: Vec<usize> = (0..points.len()).collect();
        order.sort_by(|&a, &b| forest.score(points[b]).total_cmp(&forest.score(points[a])));
        let caught = order[..8].iter().filter(|&&index| index >= 150).count();
        assert!(
            caught >= 5,
            "only {caught} of 6 outliers among the 8 highest scores"
        );
        assert!(forest.score(points[0]) < 0.6);
    }
}
