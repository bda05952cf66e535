//! Gradient descent on a 2-D loss surface: plain SGD, momentum and Adam, each from the same
//! start with the same learning rate, so their paths can be compared.

use serde::{Deserialize, Serialize};

/// A loss surface over `(x, y)` with a known gradient.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Surface {
    /// An elongated bowl, `(x² + 10 y²) / 2`: convex, but badly conditioned.
    Bowl,
    /// `x² − y² + y⁴ / 4`: a saddle at the origin between two minima at `y = ±√2`.
    Saddle,
    /// Rosenbrock's banana valley, `(1 − x)² + 100 (y − x²)²`, minimum 0 at `(1, 1)`.
    Rosenbrock,
}

impl Surface {
    pub const ALL: [Self; 3] = [Self::Bowl, Self::Saddle, Self::Rosenbrock];

    pub fn name(self) -> &'static str {
        match self {
            Self::Bowl => "bowl",
            Self::Saddle => "saddle",
            Self::Rosenbrock => "rosenbrock",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|surface| surface.name() == name)
    }

    pub fn loss(self, x: f64, y: f64) -> f64 {
        match self {
            Self::Bowl => 0.5 * (x * x + 10.0 * y * y),
            Self::Saddle => x * x - y * y + y.powi(4) / 4.0,
            Self::Rosenbrock => (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2),
        }
    }

    pub fn gradient(self, x: f64, y: f64) -> (f64, f64) {
        match self {
            Self::Bowl => (x, 10.0 * y),
            Self::Saddle => (2.0 * x, -2.0 * y + y.powi(3)),
            Self::Rosenbrock => (
                -2.0 * (1.0 - x) - 400.0 * x * (y - x * x),
                200.0 * (y - x * x),
            ),
        }
    }

    /// The lowest loss the surface reaches.
    pub fn minimum(self) -> f64 {
        match self {
            Self::Bowl | Self::Rosenbrock => 0.0,
            Self::Saddle => -1.0,
        }
    }

    /// The region worth drawing: `(x_min, x_max, y_min, y_max)`.
    pub fn bounds(self) -> (f64, f64, f64, f64) {
        match self {
            Self::Bowl => (-3.0, 3.0, -1.5, 1.5),
            Self::Saddle => (-2.0, 2.0, -2.5, 2.5),
            Self::Rosenbrock => (-2.0, 2.0, -1.0, 3.0),
        }
    }

    /// Where a run starts unless the reader picks a point.
    pub fn default_start(self) -> (f64, f64) {
        match self {
            Self::Bowl => (-2.5, 1.2),
            Self::Saddle => (-1.5, 0.05),
            Self::Rosenbrock => (-1.5, 2.0),
        }
    }

    /// A learning rate at which all three optimisers make progress.
    pub fn default_learning_rate(self) -> f64 {
        match self {
            Self::Bowl => 0.05,
            Self::Saddle => 0.05,
            Self::Rosenbrock => 0.001,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Optimizer {
    Sgd,
    /// Heavy-ball momentum, β = 0.9.
    Momentum,
    /// Adam, β₁ = 0.9, β₂ = 0.999, ε = 1e-8.
    Adam,
}

impl Optimizer {
    pub const ALL: [Self; 3] = [Self::Sgd, Self::Momentum, Self::Adam];

    pub fn label(self) -> &'static str {
        match self {
            Self::Sgd => "SGD",
            Self::Momentum => "Momentum",
            Self::Adam => "Adam",
        }
    }
}

/// One optimiser's run: the points it visited, the start first.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    pub optimizer: Optimizer,
    pub points: Vec<(f64, f64)>,
    /// Whether it left every sensible value (the loss overflowed): the learning rate is too big.
    pub diverged: bool,
}

impl Path {
    pub fn last(&self) -> (f64, f64) {
        *self.points.last().expect("a path holds its start")
    }
}

const MOMENTUM: f64 = 0.9;
const BETA1: f64 = 0.9;
const BETA2: f64 = 0.999;
const EPSILON: f64 = 1e-8;
/// Past this distance from the origin a run counts as diverged and stops.
const ESCAPE: f64 = 1e6;

/// `steps` updates of `optimizer` on `surface` from `start` with `learning_rate`.
pub fn descend(
    surface: Surface,
    optimizer: Optimizer,
    start: (f64, f64),
    learning_rate: f64,
    steps: usize,
) -> Path {
    let (mut x, mut y) = start;
    let mut points = vec![start];
    let (mut velocity_x, mut velocity_y) = (0.0, 0.0);
    let (mut mean_x, mut mean_y, mut square_x, mut square_y) = (0.0, 0.0, 0.0, 0.0);
    for step in 1..=steps {
        let (gradient_x, gradient_y) = surface.gradient(x, y);
        let (step_x, step_y) = match optimizer {
            Optimizer::Sgd => (learning_rate * gradient_x, learning_rate * gradient_y),
            Optimizer::Momentum => {
                velocity_x = MOMENTUM * velocity_x + gradient_x;
                velocity_y = MOMENTUM * velocity_y + gradient_y;
                (learning_rate * velocity_x, learning_rate * velocity_y)
            }
            Optimizer::Adam => {
                mean_x = BETA1 * mean_x + (1.0 - BETA1) * gradient_x;
                mean_y = BETA1 * mean_y + (1.0 - BETA1) * gradient_y;
                square_x = BETA2 * square_x + (1.0 - BETA2) * gradient_x * gradient_x;
                square_y = BETA2 * square_y + (1.0 - BETA2) * gradient_y * gradient_y;
                let power = i32::try_from(step).unwrap_or(i32::MAX);
                let mean_scale = 1.0 / (1.0 - BETA1.powi(power));
                let square_scale = 1.0 / (1.0 - BETA2.powi(power));
                (
                    learning_rate * mean_x * mean_scale
                        / ((square_x * square_scale).sqrt() + EPSILON),
                    learning_rate * mean_y * mean_scale
                        / ((square_y * square_scale).sqrt() + EPSILON),
                )
            }
        };
        x -= step_x;
        y -= step_y;
        if !x.is_finite() || !y.is_finite() || x.abs() > ESCAPE || y.abs() > ESCAPE {
            return Path {
                optimizer,
                points,
                diverged: true,
            };
        }
        points.push((x, y));
    }
    Path {
        optimizer,
        points,
        diverged: false,
    }
}

#[cfg(test)]
mod tests {
    use super::{Optimizer, Surface, descend};

    #[test]
    fn the_gradients_match_finite_differences() {
        for surface in Surface::ALL {
            for &(x, y) in &[(0.3, -0.7), (-1.2, 0.9), (1.5, 2.0)] {
                let (gradient_x, gradient_y) = surface.gradient(x, y);
                let h = 1e-6;
                let numeric_x = (surface.loss(x + h, y) - surface.loss(x - h, y)) / (2.0 * h);
                let numeric_y = (surface.loss(x, y + h) - surface.loss(x, y - h)) / (2.0 * h);
                assert!(
                    (gradient_x - numeric_x).abs() < 1e-4 * (1.0 + numeric_x.abs()),
                    "{surface:?}"
                );
                assert!(
                    (gradient_y - numeric_y).abs() < 1e-4 * (1.0 + numeric_y.abs()),
                    "{surface:?}"
                );
            }
        }
    }

    #[test]
    fn every_optimizer_reaches_the_bowls_minimum_at_the_default_rate() {
        let surface = Surface::Bowl;
        for optimizer in Optimizer::ALL {
            let path = descend(surface, optimizer, surface.default_start(), 0.05, 300);
            let (x, y) = path.last();
            assert!(
                surface.loss(x, y) < 1e-3,
                "{optimizer:?}: loss {}",
                surface.loss(x, y)
            );
        }
    }

    #[test]
    fn momentum_beats_sgd_along_rosenbrocks_valley() {
        let surface = Surface::Rosenbrock;
        let loss = |optimizer| {
            let (x, y) = descend(surface, optimizer, surface.default_start(), 0.001, 2000).last();
            surface.loss(x, y)
        };
        assert!(loss(Optimizer::Momentum) < loss(Optimizer::Sgd) / 10.0);
    }

    #[test]
    fn sgd_escapes_the_saddle_towards_a_minimum() {
        let surface = Surface::Saddle;
        let (x, y) = descend(surface, Optimizer::Sgd, surface.default_start(), 0.05, 400).last();
        assert!(
            x.abs() < 1e-3 && (y.abs() - 2f64.sqrt()).abs() < 1e-3,
            "({x}, {y})"
        );
    }

    #[test]
    fn too_large_a_rate_diverges_and_says_so() {
        let path = descend(Surface::Bowl, Optimizer::Sgd, (1.0, 1.0), 0.5, 500);
        assert!(path.diverged);
        assert!(path.points.len() < 500);
    }
}
