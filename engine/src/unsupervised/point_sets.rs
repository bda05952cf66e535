//! The point sets the widgets start from, each with the groups it was drawn from.

use super::{Point, Rng};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointSet {
    /// Three round blobs: what k-means expects.
    Blobs,
    /// Two interleaved half-moons: groups that are not round.
    Moons,
    /// A ring around a blob: no centre describes the ring.
    Rings,
}

impl PointSet {
    pub const ALL: [Self; 3] = [Self::Blobs, Self::Moons, Self::Rings];

    pub fn name(self) -> &'static str {
        match self {
            Self::Blobs => "blobs",
            Self::Moons => "moons",
            Self::Rings => "rings",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|set| set.name() == name)
    }

    /// `count` points in about −1..1 on both axes, and the group each came from.
    pub fn generate(self, count: usize, seed: u64) -> (Vec<Point>, Vec<usize>) {
        let mut rng = Rng::new(seed);
        let mut points = Vec::with_capacity(count);
        let mut groups = Vec::with_capacity(count);
        for index in 0..count {
            let (point, group) = match self {
                Self::Blobs => {
                    let group = index % 3;
                    let centre = [(-0.55, -0.4), (0.55, -0.35), (0.0, 0.55)][group];
                    (
                        (
                            centre.0 + 0.14 * rng.normal(),
                            centre.1 + 0.14 * rng.normal(),
                        ),
                        group,
                    )
                }
                Self::Moons => {
                    let group = index % 2;
                    let angle = std::f64::consts::PI * rng.uniform();
                    let (x, y) = if group == 0 {
                        (angle.cos() - 0.5, angle.sin() - 0.25)
                    } else {
                        (0.5 - angle.cos(), 0.25 - angle.sin())
                    };
                    (
                        (0.6 * x + 0.04 * rng.normal(), 0.6 * y + 0.04 * rng.normal()),
                        group,
                    )
                }
                Self::Rings => {
                    let group = usize::from(index % 3 != 0);
                    let angle = 2.0 * std::f64::consts::PI * rng.uniform();
                    let radius = if group == 0 {
                        0.2 * rng.uniform().sqrt()
                    } else {
                        0.75 + 0.05 * rng.normal()
                    };
                    ((radius * angle.cos(), radius * angle.sin()), group)
                }
            };
            points.push(point);
            groups.push(group);
        }
        (points, groups)
    }
}

/// Three blobs plus `outliers` points scattered far from them, which come last.
pub fn blobs_with_outliers(count: usize, outliers: usize, seed: u64) -> Vec<Point> {
    let (mut points, _) = PointSet::Blobs.generate(count, seed);
    let mut rng = Rng::new(seed ^ 0x5EED);
    while points.len() < count + outliers {
        let candidate = (1.9 * rng.uniform() - 0.95, 1.9 * rng.uniform() - 0.95);
        let far = points[..count]
            .iter()
            .all(|&point| super::squared_distance(point, candidate) > 0.35 * 0.35);
        if far {
            points.push(candidate);
        }
    }
    points
}
