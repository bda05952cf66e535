//! Generated 2-D toy data sets, seeded so the same spec gives the same points everywhere.

use crate::spec::{DatasetKind, DatasetSpec};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// Half-width of the square the toy points live in, as in TensorFlow Playground.
pub const DATA_EXTENT: f32 = 6.0;

/// Labelled points in the plane.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset2d {
    /// Point coordinates `[x₁, x₂]`, each within ±[`DATA_EXTENT`].
    pub points: Vec<[f32; 2]>,
    /// Class of each point: 0.0 or 1.0.
    pub labels: Vec<f32>,
}

impl Dataset2d {
    /// Generates the data set a spec describes.
    pub fn generate(spec: &DatasetSpec) -> Self {
        match spec.kind {
            DatasetKind::Xor => xor(spec.samples, spec.noise, spec.seed),
        }
    }

    pub fn len(&self) -> usize {
        self.points.len()
    }

    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }
}

/// TensorFlow Playground's XOR set: uniform points kept 0.3 away from both axes, labelled 1
/// where x₁·x₂ ≥ 0. `noise` (0..=0.5) jitters the point used for the label, so noisy sets have
/// points on the "wrong" side.
pub fn xor(samples: usize, noise: f32, seed: u64) -> Dataset2d {
    const PADDING: f32 = 0.3;
    let mut rng = StdRng::seed_from_u64(seed);
    let coordinate = |rng: &mut StdRng| {
        let value: f32 = rng.random_range(-5.0..5.0);
        value + PADDING.copysign(value)
    };
    let mut points = Vec::with_capacity(samples);
    let mut labels = Vec::with_capacity(samples);
    for _ in 0..samples {
        let x1 = coordinate(&mut rng);
        let x2 = coordinate(&mut rng);
        let jitter_x1 = rng.random_range(-5.0..5.0) * noise;
        let jitter_x2 = rng.random_range(-5.0..5.0) * noise;
        let positive = (x1 + jitter_x1) * (x2 + jitter_x2) >= 0.0;
        points.push([x1, x2]);
        labels.push(if positive { 1.0 } else { 0.0 });
    }
    Dataset2d { points, labels }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xor_is_seeded_labelled_by_quadrant_and_clear_of_the_axes() {
        let data = xor(500, 0.0, 7);
        assert_eq!(data, xor(500, 0.0, 7));
        assert_ne!(data, xor(500, 0.0, 8));
        for (point, label) in data.points.iter().zip(&data.labels) {
            assert!(point[0].abs() >= 0.3 && point[1].abs() >= 0.3);
            assert!(point[0].abs() <= DATA_EXTENT && point[1].abs() <= DATA_EXTENT);
            let expected = if point[0] * point[1] >= 0.0 { 1.0 } else { 0.0 };
            assert_eq!(*label, expected);
        }
        let positives = data.labels.iter().filter(|&&label| label == 1.0).count();
        assert!(
            (200..300).contains(&positives),
            "classes unbalanced: {positives}/500"
        );
    }

    #[test]
    fn noise_flips_some_labels() {
        let data = xor(1000, 0.5, 3);
        let flipped = data
            .points
            .iter()
            .zip(&data.labels)
            .filter(|(point, label)| (point[0] * point[1] >= 0.0) != (**label == 1.0))
            .count();
        assert!(flipped > 20, "only {flipped} labels flipped at 50 % noise");
    }
}
