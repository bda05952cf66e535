//! The 2-D data a diffusion model learns to draw: a swiss roll, two rings, or points the reader
//! draws; and how far a sample lies from it.

use crate::seeded::Rng;

pub type Point = [f64; 2];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    SwissRoll,
    Rings,
}

impl Shape {
    pub fn name(self) -> &'static str {
        match self {
            Shape::SwissRoll => "swiss-roll",
            Shape::Rings => "rings",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "swiss-roll" => Some(Shape::SwissRoll),
            "rings" => Some(Shape::Rings),
            _ => None,
        }
    }

    /// `count` points on the shape, with a little noise, inside about −1..1.
    pub fn sample(self, count: usize, seed: u64) -> Vec<Point> {
        let mut rng = Rng::new(seed);
        (0..count)
            .map(|_| {
                let jitter = [rng.normal() * 0.02, rng.normal() * 0.02];
                let [x, y] = self.point_at(rng.uniform(), rng.uniform());
                [x + jitter[0], y + jitter[1]]
            })
            .collect()
    }

    /// The point at position `along` (0..1) on the shape; `which` picks a ring.
    fn point_at(self, along: f64, which: f64) -> Point {
        let tau = std::f64::consts::TAU;
        match self {
            Shape::SwissRoll => {
                // Half a turn to two turns, the radius growing with the angle.
                let angle = tau * (0.5 + 1.5 * along);
                let radius = angle / (2.0 * tau);
                [radius * angle.cos(), radius * angle.sin()]
            }
            Shape::Rings => {
                let radius = if which < 0.5 { 0.35 } else { 0.85 };
                [radius * (tau * along).cos(), radius * (tau * along).sin()]
            }
        }
    }
}

/// The mean distance from each sample to its nearest reference point: near zero when the
/// samples lie on the shape the reference points trace.
pub fn mean_distance_to(samples: &[Point], reference: &[Point]) -> f64 {
    let nearest = |point: &Point| {
        reference
            .iter()
            .map(|other| (point[0] - other[0]).hypot(point[1] - other[1]))
            .fold(f64::INFINITY, f64::min)
    };
    samples.iter().map(nearest).sum::<f64>() / samples.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_are_close_to_themselves_and_far_from_noise() {
        for shape in [Shape::SwissRoll, Shape::Rings] {
            let reference = shape.sample(2000, 1);
            assert!(reference.iter().flatten().all(|c| c.abs() < 1.2));
            let more = shape.sample(200, 2);
            let mut rng = Rng::new(3);
            let noise: Vec<Point> = (0..200).map(|_| [rng.normal(), rng.normal()]).collect();
            let (near, far) = (
                mean_distance_to(&more, &reference),
                mean_distance_to(&noise, &reference),
            );
            assert!(
                near < 0.05 && far > 4.0 * near,
                "{shape:?}: {near} vs {far}"
            );
            assert_eq!(Shape::from_name(shape.name()), Some(shape));
        }
    }
}
