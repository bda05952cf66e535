//! Entropy, cross-entropy and KL divergence of discrete distributions, in bits.

use thiserror::Error;

#[derive(Debug, Error, PartialEq)]
pub enum DistributionError {
    #[error("the distributions have {0} and {1} outcomes; they need the same")]
    DifferentLengths(usize, usize),
    #[error("outcome {0} has a weight of {1}; weights must be finite and not negative")]
    BadWeight(usize, f64),
    #[error("all weights are zero: there is nothing to normalise")]
    AllZero,
}

/// `weights` scaled to sum to 1.
pub fn normalise(weights: &[f64]) -> Result<Vec<f64>, DistributionError> {
    if let Some((index, &weight)) = weights
        .iter()
        .enumerate()
        .find(|(_, weight)| !weight.is_finite() || **weight < 0.0)
    {
        return Err(DistributionError::BadWeight(index, weight));
    }
    let total: f64 = weights.iter().sum();
    if total <= 0.0 {
        return Err(DistributionError::AllZero);
    }
    Ok(weights.iter().map(|weight| weight / total).collect())
}

/// `H(p) = −Σ p log₂ p`.
pub fn entropy(p: &[f64]) -> f64 {
    p.iter()
        .filter(|&&probability| probability > 0.0)
        .map(|&probability| -probability * probability.log2())
        .sum()
}

/// `H(p, q) = −Σ p log₂ q`: the bits a code built for `q` spends on data from `p`. Infinite
/// where `q` gives no chance to something `p` can produce.
pub fn cross_entropy(p: &[f64], q: &[f64]) -> Result<f64, DistributionError> {
    if p.len() != q.len() {
        return Err(DistributionError::DifferentLengths(p.len(), q.len()));
    }
    Ok(p.iter()
        .zip(q)
        .filter(|&(&from_p, _)| from_p > 0.0)
        .map(|(&from_p, &from_q)| {
            if from_q > 0.0 {
                -from_p * from_q.log2()
            } else {
                f64::INFINITY
            }
        })
        .sum())
}

/// `KL(p ‖ q) = H(p, q) − H(p)`: the extra bits, never negative (infinite where
/// [`cross_entropy`] is).
pub fn kl_divergence(p: &[f64], q: &[f64]) -> Result<f64, DistributionError> {
    Ok((cross_entropy(p, q)? - entropy(p)).max(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fair_coin_has_one_bit_and_a_certain_outcome_none() {
        assert!((entropy(&[0.5, 0.5]) - 1.0).abs() < 1e-12);
        assert_eq!(entropy(&[1.0, 0.0, 0.0]), 0.0);
        assert!((entropy(&[0.25; 4]) - 2.0).abs() < 1e-12);
    }

    #[test]
    fn kl_is_zero_only_for_equal_distributions_and_not_symmetric() {
        let p = normalise(&[3.0, 1.0, 1.0]).expect("valid");
        let q = normalise(&[1.0, 1.0, 3.0]).expect("valid");
        assert_eq!(kl_divergence(&p, &p), Ok(0.0));
        let forward = kl_divergence(&p, &q).expect("same length");
        assert!(forward > 0.0);
        let cross = cross_entropy(&p, &q).expect("same length");
        assert!((cross - entropy(&p) - forward).abs() < 1e-12);
        let r = normalise(&[4.0, 1.0, 0.5]).expect("valid");
        assert!(
            (kl_divergence(&p, &r).expect("ok") - kl_divergence(&r, &p).expect("ok")).abs() > 1e-6
        );
    }

    #[test]
    fn a_zero_where_p_has_mass_is_infinite() {
        assert_eq!(kl_divergence(&[0.5, 0.5], &[1.0, 0.0]), Ok(f64::INFINITY));
        assert!(
            kl_divergence(&[1.0, 0.0], &[0.5, 0.5])
                .expect("ok")
                .is_finite()
        );
    }

    #[test]
    fn bad_weights_are_refused_with_their_place() {
        assert_eq!(
            normalise(&[1.0, -2.0]),
            Err(DistributionError::BadWeight(1, -2.0))
        );
        assert_eq!(normalise(&[0.0, 0.0]), Err(DistributionError::AllZero));
        assert_eq!(
            kl_divergence(&[1.0], &[0.5, 0.5]),
            Err(DistributionError::DifferentLengths(1, 2))
        );
    }
}
