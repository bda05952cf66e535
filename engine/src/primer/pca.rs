//! Principal axes of a 2-D point cloud: the eigen-decomposition of its covariance matrix,
//! in closed form.

/// The cloud's mean and its two principal axes, the larger first.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Axes {
    pub mean: (f64, f64),
    /// The covariance matrix `[[xx, xy], [xy, yy]]` (divided by n − 1).
    pub covariance: [[f64; 2]; 2],
    /// Eigenvalues: the variance along each axis, largest first.
    pub variances: [f64; 2],
    /// Unit eigenvectors, in the order of `variances`.
    pub directions: [(f64, f64); 2],
}

impl Axes {
    /// The share of the total variance the first axis explains (1 for a line of points).
    pub fn explained_by_first(&self) -> f64 {
        let total = self.variances[0] + self.variances[1];
        if total > 0.0 {
            self.variances[0] / total
        } else {
            0.0
        }
    }

    /// `point`'s coordinate along the first axis.
    pub fn project(&self, point: (f64, f64)) -> f64 {
        let (dx, dy) = (point.0 - self.mean.0, point.1 - self.mean.1);
        dx * self.directions[0].0 + dy * self.directions[0].1
    }
}

/// The principal axes of `points`; `None` for fewer than two points.
pub fn principal_axes(points: &[(f64, f64)]) -> Option<Axes> {
    if points.len() < 2 {
        return None;
    }
    let count = points.len() as f64;
    let mean_x = points.iter().map(|point| point.0).sum::<f64>() / count;
    let mean_y = points.iter().map(|point| point.1).sum::<f64>() / count;
    let (mut xx, mut xy, mut yy) = (0.0, 0.0, 0.0);
    for &(x, y) in points {
        xx += (x - mean_x) * (x - mean_x);
        xy += (x - mean_x) * (y - mean_y);
        yy += (y - mean_y) * (y - mean_y);
    }
    let scale = 1.0 / (count - 1.0);
    let (xx, xy, yy) = (xx * scale, xy * scale, yy * scale);
    // Eigenvalues of a symmetric 2×2 matrix: the mean of the diagonal ± a radius.
    let centre = (xx + yy) / 2.0;
    let radius = (((xx - yy) / 2.0).powi(2) + xy * xy).sqrt();
    let (first, second) = (centre + radius, (centre - radius).max(0.0));
    let direction = if xy.abs() > 1e-12 {
        normalised((first - yy, xy))
    } else if xx >= yy {
        (1.0, 0.0)
    } else {
        (0.0, 1.0)
    };
    Some(Axes {
        mean: (mean_x, mean_y),
        covariance: [[xx, xy], [xy, yy]],
        variances: [first, second],
        directions: [direction, (-direction.1, direction.0)],
    })
}

fn normalised((x, y): (f64, f64)) -> (f64, f64) {
    let length = x.hypot(y);
    (x / length, y / length)
}

#[cfg(test)]
mod tests {
    use super::principal_axes;

    #[test]
    fn points_on_a_diagonal_line_have_one_axis() {
        let points: Vec<(f64, f64)> = (0..10).map(|i| (f64::from(i), f64::from(i))).collect();
        let axes = principal_axes(&points).expect("enough points");
        assert!((axes.explained_by_first() - 1.0).abs() < 1e-12);
        let (dx, dy) = axes.directions[0];
        assert!((dx.abs() - 0.5f64.sqrt()).abs() < 1e-12 && (dx - dy).abs() < 1e-12);
    }

    #[test]
    fn the_axes_are_eigenvectors_of_the_covariance() {
        let points = [(0.0, 1.0), (2.0, 1.5), (3.0, 4.0), (-1.0, -2.0), (1.0, 0.2)];
        let axes = principal_axes(&points).expect("enough points");
        let [[xx, xy], [_, yy]] = axes.covariance;
        for (variance, (dx, dy)) in axes.variances.into_iter().zip(axes.directions) {
            let (mx, my) = (xx * dx + xy * dy, xy * dx + yy * dy);
            assert!((mx - variance * dx).abs() < 1e-9 && (my - variance * dy).abs() < 1e-9);
        }
        assert!(axes.variances[0] >= axes.variances[1]);
        let total: f64 = points
            .iter()
            .map(|&point| axes.project(point).powi(2))
            .sum::<f64>()
            / 4.0;
        assert!(
            (total - axes.variances[0]).abs() < 1e-9,
            "projections carry the first variance"
        );
    }

    #[test]
    fn one_point_has_no_axes() {
        assert!(principal_axes(&[(1.0, 2.0)]).is_none());
    }
}
