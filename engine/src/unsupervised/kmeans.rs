//! k-means: k centres, each point belongs to its nearest; each centre moves to the mean of its
//! points (Lloyd's algorithm), from k-means++ starting centres.

use super::{Point, Rng, squared_distance};

#[derive(Debug, Clone, PartialEq)]
pub struct KMeans {
    pub centres: Vec<Point>,
    /// The nearest centre of each point.
    pub assignment: Vec<usize>,
    /// Lloyd iterations taken.
    pub iterations: usize,
    /// Whether the last iteration changed no assignment.
    pub converged: bool,
}

impl KMeans {
    /// k-means++ starting centres for `points` (spread out: each next centre is drawn with
    /// probability proportional to its squared distance from the nearest one so far).
    pub fn start(points: &[Point], k: usize, seed: u64) -> Self {
        let mut rng = Rng::new(seed);
        let mut centres: Vec<Point> = Vec::with_capacity(k);
        if let Some(&first) = points.get(rng.below(points.len())) {
            centres.push(first);
        }
        while centres.len() < k.min(points.len()) {
            let weights: Vec<f64> = points
                .iter()
                .map(|&point| nearest(&centres, point).1)
                .collect();
            let total: f64 = weights.iter().sum();
            if total <= 0.0 {
                break;
            }
            let mut target = rng.uniform() * total;
            let chosen = weights
                .iter()
                .position(|&weight| {
                    target -= weight;
                    target < 0.0
                })
                .unwrap_or(points.len() - 1);
            centres.push(points[chosen]);
        }
        let assignment = points
            .iter()
            .map(|&point| nearest(&centres, point).0)
            .collect();
        Self {
            centres,
            assignment,
            iterations: 0,
            converged: false,
        }
    }

    /// One Lloyd iteration: move each centre to its points' mean, then reassign.
    pub fn step(&mut self, points: &[Point]) {
        for (index, centre) in self.centres.iter_mut().enumerate() {
            let members: Vec<Point> = points
                .iter()
                .zip(&self.assignment)
                .filter(|&(_, &owner)| owner == index)
                .map(|(&point, _)| point)
                .collect();
            if !members.is_empty() {
                let count = members.len() as f64;
                *centre = (
                    members.iter().map(|point| point.0).sum::<f64>() / count,
                    members.iter().map(|point| point.1).sum::<f64>() / count,
                );
            }
        }
        let assignment: Vec<usize> = points
            .iter()
            .map(|&point| nearest(&self.centres, point).0)
            .collect();
        self.converged = assignment == self.assignment;
        self.assignment = assignment;
        self.iterations += 1;
    }

    /// Iterates until nothing changes or `max_iterations`.
    pub fn run(points: &[Point], k: usize, seed: u64, max_iterations: usize) -> Self {
        let mut model = Self::start(points, k, seed);
        while !model.converged && model.iterations < max_iterations {
            model.step(points);
        }
        model
    }

    /// The sum of squared distances from each point to its centre (what k-means minimises).
    pub fn inertia(&self, points: &[Point]) -> f64 {
        points
            .iter()
            .zip(&self.assignment)
            .map(|(&point, &owner)| squared_distance(point, self.centres[owner]))
            .sum()
    }
}

/// The index of the nearest of `centres` to `point`, and the squared distance to it.
fn nearest(centres: &[Point], point: Point) -> (usize, f64) {
    centres
        .iter()
        .enumerate()
        .map(|(index, &centre)| (index, squared_distance(centre, point)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .unwrap_or((0, 0.0))
}

#[cfg(test)]
mod tests {
    use super::KMeans;
    use crate::unsupervised::point_sets::PointSet;
    use crate::unsupervised::purity;

    #[test]
    fn three_blobs_are_found_and_each_step_lowers_the_inertia() {
        let (points, truth) = PointSet::Blobs.generate(150, 1);
        let mut model = KMeans::start(&points, 3, 4);
        let mut inertia = model.inertia(&points);
        while !model.converged {
            model.step(&points);
            let next = model.inertia(&points);
            assert!(next <= inertia + 1e-12, "{next} after {inertia}");
            inertia = next;
        }
        let clusters: Vec<Option<usize>> = model.assignment.iter().copied().map(Some).collect();
        assert!(purity(&clusters, &truth) > 0.98);
    }

    #[test]
    fn a_ring_around_a_blob_defeats_k_means() {
        let (points, truth) = PointSet::Rings.generate(300, 2);
        let model = KMeans::run(&points, 2, 3, 100);
        let clusters: Vec<Option<usize>> = model.assignment.iter().copied().map(Some).collect();
        assert!(purity(&clusters, &truth) < 0.8);
    }
}
