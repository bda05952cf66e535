//! Data drift: has the data a model now sees moved away from the data it learned from? Two
//! standard measures per feature: the population stability index (PSI) over the training
//! data's deciles, and the two-sample Kolmogorov–Smirnov test.

/// PSI below this: no meaningful shift (the usual rule of thumb).
pub const PSI_STABLE: f32 = 0.1;
/// PSI above this: a major shift; retrain or investigate.
pub const PSI_MAJOR: f32 = 0.25;
/// Smallest share a bin counts with, so an empty bin does not make PSI infinite.
const MIN_SHARE: f64 = 1e-4;

/// One feature's drift between a reference sample and a current one.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Drift {
    /// Population stability index over the reference's deciles.
    pub psi: f32,
    /// Largest gap between the two empirical distribution functions.
    pub ks_statistic: f32,
    /// Probability of a gap at least this large if both samples came from one distribution.
    pub ks_p_value: f32,
}

impl Drift {
    /// Measures `current` against `reference` (both need at least one finite value).
    pub fn between(reference: &[f32], current: &[f32]) -> Self {
        let (statistic, p_value) = kolmogorov_smirnov(reference, current);
        Self {
            psi: psi(reference, current, 10),
            ks_statistic: statistic,
            ks_p_value: p_value,
        }
    }

    /// The shift in words, by PSI's rule of thumb.
    pub fn verdict(&self) -> &'static str {
        if self.psi < PSI_STABLE {
            "stable"
        } else if self.psi < PSI_MAJOR {
            "moderate shift"
        } else {
            "major shift"
        }
    }
}

/// `Σ (current − reference) · ln(current / reference)` over bins cut at the reference's
/// quantiles (`bins` of them, each holding about the same share of the reference).
pub fn psi(reference: &[f32], current: &[f32], bins: usize) -> f32 {
    let reference = sorted_finite(reference);
    let current = sorted_finite(current);
    if reference.is_empty() || current.is_empty() || bins < 2 {
        return 0.0;
    }
    let mut edges: Vec<f32> = (1..bins)
        .map(|bin| reference[bin * reference.len() / bins])
        .collect();
    edges.dedup();
    let shares = |sorted: &[f32]| -> Vec<f64> {
        let mut below_previous = 0;
        let mut shares = Vec::with_capacity(edges.len() + 1);
        for &edge in &edges {
            let below = sorted.partition_point(|&value| value < edge);
            shares.push((below - below_previous) as f64 / sorted.len() as f64);
            below_previous = below;
        }
        shares.push((sorted.len() - below_previous) as f64 / sorted.len() as f64);
        shares
    };
    let expected = shares(&reference);
    let actual = shares(&current);
    expected
        .iter()
        .zip(&actual)
        .map(|(&e, &a)| {
            let (e, a) = (e.max(MIN_SHARE), a.max(MIN_SHARE));
            (a - e) * (a / e).ln()
        })
        .sum::<f64>() as f32
}

/// The two-sample Kolmogorov–Smirnov statistic and its asymptotic p-value.
pub fn kolmogorov_smirnov(first: &[f32], second: &[f32]) -> (f32, f32) {
    let first = sorted_finite(first);
    let second = sorted_finite(second);
    if first.is_empty() || second.is_empty() {
        return (0.0, 1.0);
    }
    let (n, m) = (first.len() as f64, second.len() as f64);
    let (mut i, mut j, mut gap) = (0, 0, 0.0_f64);
    while i < first.len() && j < second.len() {
        let value = first[i].min(second[j]);
        while i < first.len() && first[i] <= value {
            i += 1;
        }
        while j < second.len() && second[j] <= value {
            j += 1;
        }
        gap = gap.max((i as f64 / n - j as f64 / m).abs());
    }
    let effective = (n * m / (n + m)).sqrt();
    let lambda = (effective + 0.12 + 0.11 / effective) * gap;
    (gap as f32, kolmogorov_tail(lambda) as f32)
}

/// `Q(λ) = 2 Σₖ (−1)^(k−1) e^(−2k²λ²)`, the Kolmogorov distribution's upper tail.
fn kolmogorov_tail(lambda: f64) -> f64 {
    if lambda < 1e-3 {
        return 1.0;
    }
    let mut sum = 0.0;
    let mut sign = 1.0;
    for k in 1..=100 {
        let term = sign * (-2.0 * (k * k) as f64 * lambda * lambda).exp();
        sum += term;
        if term.abs() < 1e-10 {
            break;
        }
        sign = -sign;
    }
    (2.0 * sum).clamp(0.0, 1.0)
}

fn sorted_finite(values: &[f32]) -> Vec<f32> {
    let mut sorted: Vec<f32> = values.iter().copied().filter(|v| v.is_finite()).collect();
    sorted.sort_by(f32::total_cmp);
    sorted
}

/// Shares of `values` in `bins` equal bins over `[low, high]` (values outside count in the
/// end bins), for drawing two samples on one axis.
pub fn histogram(values: &[f32], low: f32, high: f32, bins: usize) -> Vec<f32> {
    let mut counts = vec![0.0; bins.max(1)];
    let finite: Vec<f32> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let width = (high - low) / counts.len() as f32;
    for value in &finite {
        let bin = ((value - low) / width).floor().max(0.0) as usize;
        let last = counts.len() - 1;
        counts[bin.min(last)] += 1.0;
    }
    let total = finite.len().max(1) as f32;
    counts.iter_mut().for_each(|count| *count /= total);
    counts
}
