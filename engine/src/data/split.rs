//! Splitting examples into training and test sets, and scaling their features.

use super::Examples;
use rand::SeedableRng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

/// How many of `len` examples a `train_share` puts in training: at least one, and at least
/// one left for testing.
pub(crate) fn train_count(len: usize, train_share: f32) -> usize {
    ((len as f32 * train_share).round() as usize).clamp(1, len.saturating_sub(1).max(1))
}

impl Examples {
    /// The examples at `indices`, in that order.
    pub fn pick(&self, indices: &[usize]) -> Examples {
        Examples {
            inputs: indices
                .iter()
                .flat_map(|&index| self.row(index).iter().copied())
                .collect(),
            input_width: self.input_width,
            targets: indices.iter().map(|&index| self.targets[index]).collect(),
            feature_names: self.feature_names.clone(),
        }
    }

    /// A seeded shuffle split: `train_share` of the examples (at least one, and at least one
    /// left for testing) for training, the rest for testing.
    pub fn split(&self, train_share: f32, seed: u64) -> (Examples, Examples) {
        let mut order: Vec<usize> = (0..self.len()).collect();
        order.shuffle(&mut StdRng::seed_from_u64(seed));
        let train_len = train_count(self.len(), train_share);
        (
            self.pick(&order[..train_len]),
            self.pick(&order[train_len..]),
        )
    }

    /// Per-feature mean and standard deviation (1 where a feature is constant).
    pub fn feature_scale(&self) -> (Vec<f32>, Vec<f32>) {
        let count = self.len().max(1) as f64;
        let mut means = vec![0.0f64; self.input_width];
        let mut squares = vec![0.0f64; self.input_width];
        for index in 0..self.len() {
            for (feature, &value) in self.row(index).iter().enumerate() {
                means[feature] += f64::from(value) / count;
                squares[feature] += f64::from(value) * f64::from(value) / count;
            }
        }
        let deviations = means
            .iter()
            .zip(&squares)
            .map(|(mean, square)| {
                let deviation = (square - mean * mean).max(0.0).sqrt();
                if deviation > 1e-12 {
                    deviation as f32
                } else {
                    1.0
                }
            })
            .collect();
        (means.iter().map(|&mean| mean as f32).collect(), deviations)
    }

    /// Features shifted and scaled by `(means, deviations)`.
    pub fn standardized(&self, means: &[f32], deviations: &[f32]) -> Examples {
        let mut scaled = self.clone();
        for (position, value) in scaled.inputs.iter_mut().enumerate() {
            let feature = position % self.input_width.max(1);
            *value = (*value - means[feature]) / deviations[feature];
        }
        scaled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_is_seeded_disjoint_and_standardizing_centres() {
        let examples = Examples {
            inputs: (0..20).map(|value| value as f32).collect(),
            input_width: 2,
            targets: (0..10).map(|value| value as f32).collect(),
            feature_names: vec!["a".into(), "b".into()],
        };
        let (train, test) = examples.split(0.7, 3);
        assert_eq!((train.len(), test.len()), (7, 3));
        assert_eq!(examples.split(0.7, 3), (train.clone(), test.clone()));
        let mut all: Vec<f32> = train.targets.iter().chain(&test.targets).copied().collect();
        all.sort_by(f32::total_cmp);
        assert_eq!(all, examples.targets);
        let (means, deviations) = examples.feature_scale();
        let scaled = examples.standardized(&means, &deviations);
        let (means, deviations) = scaled.feature_scale();
        assert!(means.iter().all(|mean| mean.abs() < 1e-5), "{means:?}");
        assert!(
            deviations.iter().all(|d| (d - 1.0).abs() < 1e-4),
            "{deviations:?}"
        );
    }
}
