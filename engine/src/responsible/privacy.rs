//! The privacy budget ε that DP-SGD has spent, by Rényi differential privacy (Mironov, Talwar
//! & Zhang, 2019): the sampled Gaussian mechanism's RDP at integer orders α, added up over the
//! steps, then converted to (ε, δ)-differential privacy at the best order.

/// RDP orders tried.
const ORDERS: std::ops::RangeInclusive<u32> = 2..=128;

/// `ln(e^a + e^b)` without overflow.
fn log_add(a: f64, b: f64) -> f64 {
    let (high, low) = if a > b { (a, b) } else { (b, a) };
    if low == f64::NEG_INFINITY {
        high
    } else {
        high + (low - high).exp().ln_1p()
    }
}

/// One step's RDP at integer order `alpha`, for sample rate `q` and noise multiplier `sigma`:
/// `ln A / (α − 1)` with `A = Σₖ C(α, k) (1 − q)^(α−k) q^k exp((k² − k) / 2σ²)`.
fn step_rdp(q: f64, sigma: f64, alpha: u32) -> f64 {
    if q == 0.0 {
        return 0.0;
    }
    if q >= 1.0 {
        return f64::from(alpha) / (2.0 * sigma * sigma);
    }
    let mut log_a = f64::NEG_INFINITY;
    let mut log_binomial = 0.0; // ln C(α, 0)
    for k in 0..=alpha {
        if k > 0 {
            log_binomial += (f64::from(alpha - k + 1) / f64::from(k)).ln();
        }
        let k_f = f64::from(k);
        let term = log_binomial
            + f64::from(alpha - k) * (1.0 - q).ln()
            + k_f * q.ln()
            + (k_f * k_f - k_f) / (2.0 * sigma * sigma);
        log_a = log_add(log_a, term);
    }
    log_a / f64::from(alpha - 1)
}

/// ε after `steps` DP-SGD steps with sample rate `q` and noise multiplier `sigma`, for `delta`.
/// Nothing is spent before the first step (or when no row is ever sampled).
pub fn epsilon(q: f64, sigma: f64, steps: usize, delta: f64) -> f64 {
    if steps == 0 || q == 0.0 {
        return 0.0;
    }
    ORDERS
        .map(|alpha| {
            steps as f64 * step_rdp(q, sigma, alpha) + (1.0 / delta).ln() / f64::from(alpha - 1)
        })
        .fold(f64::INFINITY, f64::min)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// TensorFlow Privacy's MNIST tutorial (60,000 rows, batches of 256, σ = 1.1, 60 epochs,
    /// δ = 10⁻⁵) reports ε ≈ 3.0; integer orders give a slightly looser bound.
    #[test]
    fn matches_the_published_mnist_budget() {
        let q = 256.0 / 60_000.0;
        let steps = 60 * 60_000 / 256;
        let spent = epsilon(q, 1.1, steps, 1e-5);
        assert!((2.8..3.6).contains(&spent), "ε = {spent}");
    }

    #[test]
    fn more_steps_or_less_noise_spend_more() {
        let base = epsilon(0.01, 1.0, 1000, 1e-5);
        assert!(epsilon(0.01, 1.0, 2000, 1e-5) > base);
        assert!(epsilon(0.01, 0.7, 1000, 1e-5) > base);
        assert!(epsilon(0.01, 2.0, 1000, 1e-5) < base);
        assert_eq!(epsilon(0.0, 1.0, 1000, 1e-5), 0.0);
        assert_eq!(epsilon(0.01, 1.0, 0, 1e-5), 0.0);
    }
}
