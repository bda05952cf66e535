//! Generated 2-D toy data sets, as in TensorFlow Playground, seeded so the same spec gives the
//! same points everywhere. Classification sets label points 0 or 1; regression sets give
//! values in −1..=1.

use super::user_points::user_points;
use super::{DataError, Examples};
use crate::math;
use crate::report::PlanePoints;
use crate::spec::{Feature, ToyDataSpec, ToyDataset};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};
use std::f32::consts::PI;

pub use crate::spec::DATA_EXTENT;

/// Points in the plane with a target each.
#[derive(Debug, Clone, PartialEq)]
pub struct Points {
    /// Coordinates `[x₁, x₂]`, within about ±[`DATA_EXTENT`].
    pub coordinates: Vec<[f32; 2]>,
    /// A class (0.0 or 1.0) or a value in −1..=1 per point.
    pub targets: Vec<f32>,
}

/// A toy set split into training and test points, with the features the network sees.
#[derive(Debug, Clone, PartialEq)]
pub struct ToyData {
    pub train_points: Points,
    pub test_points: Points,
    pub train: Examples,
    pub test: Examples,
}

impl ToyData {
    /// Generates, shuffles and splits the set a spec describes (ignoring `spec.csv`).
    pub fn generate(spec: &ToyDataSpec) -> Self {
        let mut rng = StdRng::seed_from_u64(spec.seed);
        let points = generate_points(spec.dataset, spec.samples, spec.noise, &mut rng);
        Self::split(points, spec, &mut rng)
    }

    /// The visitor's own points when the spec has them, else the generated set.
    pub fn load(spec: &ToyDataSpec) -> Result<Self, DataError> {
        let Some(csv) = &spec.csv else {
            return Ok(Self::generate(spec));
        };
        let points = user_points(csv, spec.dataset.is_regression())?;
        Ok(Self::split(
            points,
            spec,
            &mut StdRng::seed_from_u64(spec.seed),
        ))
    }

    /// Shuffles `points` and splits them into training and test sets.
    fn split(points: Points, spec: &ToyDataSpec, rng: &mut StdRng) -> Self {
        let count = points.targets.len();
        let mut order: Vec<usize> = (0..count).collect();
        order.shuffle(rng);
        let train_len = super::split::train_count(count, spec.train_share);
        let pick = |indices: &[usize]| Points {
            coordinates: indices.iter().map(|&i| points.coordinates[i]).collect(),
            targets: indices.iter().map(|&i| points.targets[i]).collect(),
        };
        let train_points = pick(&order[..train_len]);
        let test_points = pick(&order[train_len..]);
        Self {
            train: features(&train_points, &spec.features),
            test: features(&test_points, &spec.features),
            train_points,
            test_points,
        }
    }
}

impl ToyData {
    /// The training and test points as a page draws them.
    pub fn plane_points(&self) -> PlanePoints {
        let rows = |points: &Points| {
            points
                .coordinates
                .iter()
                .zip(&points.targets)
                .map(|(&[x1, x2], &target)| [x1, x2, target])
                .collect()
        };
        PlanePoints {
            train: rows(&self.train_points),
            test: rows(&self.test_points),
            extent: DATA_EXTENT,
        }
    }
}

/// The chosen features of each point, as network inputs.
pub fn features(points: &Points, chosen: &[Feature]) -> Examples {
    let inputs = points
        .coordinates
        .iter()
        .flat_map(|&[x1, x2]| chosen.iter().map(move |feature| feature.apply(x1, x2)))
        .collect();
    Examples {
        inputs,
        input_width: chosen.len(),
        targets: points.targets.clone(),
        feature_names: chosen.iter().map(|f| f.label().to_string()).collect(),
    }
}

/// The set's points before the split, drawn from `rng`.
pub fn generate_points(
    dataset: ToyDataset,
    samples: usize,
    noise: f32,
    rng: &mut StdRng,
) -> Points {
    let mut points = Points {
        coordinates: Vec::with_capacity(samples),
        targets: Vec::with_capacity(samples),
    };
    let half = samples / 2;
    match dataset {
        ToyDataset::Circle => {
            const RADIUS: f32 = 5.0;
            for (range, _) in [(0.0..RADIUS * 0.5, 1), (RADIUS * 0.7..RADIUS, 0)] {
                for _ in 0..half {
                    let r = rng.random_range(range.clone());
                    let angle = rng.random_range(0.0..2.0 * PI);
                    let (x1, x2) = (r * math::sin(angle), r * math::cos(angle));
                    let jitter = jitter(rng, RADIUS, noise);
                    let inside = math::hypot(x1 + jitter[0], x2 + jitter[1]) < RADIUS * 0.5;
                    points.push([x1, x2], class(inside));
                }
            }
        }
        ToyDataset::Xor => {
            const PADDING: f32 = 0.3;
            for _ in 0..samples {
                let mut coordinate = || {
                    let value: f32 = rng.random_range(-5.0..5.0);
                    value + PADDING.copysign(value)
                };
                let (x1, x2) = (coordinate(), coordinate());
                let jitter = jitter(rng, 5.0, noise);
                points.push([x1, x2], class((x1 + jitter[0]) * (x2 + jitter[1]) >= 0.0));
            }
        }
        ToyDataset::Gauss => {
            // TensorFlow Playground widens both clusters from variance 0.5 to 4 with noise.
            let variance = 0.5 + noise / 0.5 * 3.5;
            for (centre, label) in [(2.0, 1.0), (-2.0, 0.0)] {
                for _ in 0..half {
                    let x1 = centre + normal(rng) * variance.sqrt();
                    let x2 = centre + normal(rng) * variance.sqrt();
                    points.push([x1, x2], label);
                }
            }
        }
        ToyDataset::Spiral => {
            for (turn, label) in [(0.0, 1.0), (PI, 0.0)] {
                for i in 0..half {
                    let r = i as f32 / half as f32 * 5.0;
                    let t = 1.75 * i as f32 / half as f32 * 2.0 * PI + turn;
                    let x1 = r * math::sin(t) + rng.random_range(-1.0..1.0) * noise;
                    let x2 = r * math::cos(t) + rng.random_range(-1.0..1.0) * noise;
                    points.push([x1, x2], label);
                }
            }
        }
        ToyDataset::Plane | ToyDataset::MultiGauss => {
            for _ in 0..samples {
                let x1 = rng.random_range(-DATA_EXTENT..DATA_EXTENT);
                let x2 = rng.random_range(-DATA_EXTENT..DATA_EXTENT);
                let jitter = jitter(rng, DATA_EXTENT, noise);
                let (n1, n2) = (x1 + jitter[0], x2 + jitter[1]);
                let value = if dataset == ToyDataset::Plane {
                    ((n1 + n2) / 10.0).clamp(-1.0, 1.0)
                } else {
                    multi_gauss_value(n1, n2)
                };
                points.push([x1, x2], value);
            }
        }
    }
    points
}

impl Points {
    fn push(&mut self, coordinate: [f32; 2], target: f32) {
        self.coordinates.push(coordinate);
        self.targets.push(target);
    }
}

/// Six bumps of alternating sign; the value is the bump with the largest magnitude.
fn multi_gauss_value(x1: f32, x2: f32) -> f32 {
    const BUMPS: [(f32, f32, f32); 6] = [
        (-4.0, 2.5, 1.0),
        (0.0, 2.5, -1.0),
        (4.0, 2.5, 1.0),
        (-4.0, -2.5, -1.0),
        (0.0, -2.5, 1.0),
        (4.0, -2.5, -1.0),
    ];
    BUMPS.iter().fold(0.0f32, |value, &(c1, c2, sign)| {
        let bump = sign * (1.0 - math::hypot(x1 - c1, x2 - c2) / 2.0).clamp(0.0, 1.0);
        if bump.abs() > value.abs() {
            bump
        } else {
            value
        }
    })
}

fn class(positive: bool) -> f32 {
    if positive { 1.0 } else { 0.0 }
}

/// Label noise as in TensorFlow Playground: the point used for the label moves by up to
/// `noise × scale` in each direction.
fn jitter(rng: &mut StdRng, scale: f32, noise: f32) -> [f32; 2] {
    [
        rng.random_range(-scale..scale) * noise,
        rng.random_range(-scale..scale) * noise,
    ]
}

/// A standard normal sample (Box–Muller).
fn normal(rng: &mut StdRng) -> f32 {
    let u1: f32 = rng.random_range(f32::EPSILON..1.0);
    let u2: f32 = rng.random_range(0.0..1.0);
    (-2.0 * math::ln(u1)).sqrt() * math::cos(2.0 * PI * u2)
}

#[cfg(test)]
#[path = "toy_tests.rs"]
mod tests;
