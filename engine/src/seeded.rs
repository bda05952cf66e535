//! A small seeded random generator for the Burn-free models (clustering, trees, splits): the
//! same seed gives the same numbers on every platform.

/// A small seeded generator (SplitMix64): enough for initial centres and random splits.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `0..count` (`count` > 0).
    pub fn below(&mut self, count: usize) -> usize {
        (self.uniform() * count as f64) as usize % count.max(1)
    }

    /// `items` in a random order (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for last in (1..items.len()).rev() {
            items.swap(last, self.below(last + 1));
        }
    }

    /// A standard normal number (Box–Muller).
    pub fn normal(&mut self) -> f64 {
        let radius = (-2.0 * (1.0 - self.uniform()).ln()).sqrt();
        radius * (2.0 * std::f64::consts::PI * self.uniform()).cos()
    }

    /// `count` draws from a normal distribution with this mean and spread.
    pub fn normal_sample(&mut self, count: usize, mean: f64, spread: f64) -> Vec<f32> {
        (0..count)
            .map(|_| (mean + spread * self.normal()) as f32)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::Rng;

    #[test]
    fn a_seed_repeats_and_uniforms_stay_in_range() {
        let (mut a, mut b) = (Rng::new(5), Rng::new(5));
        for _ in 0..1000 {
            let value = a.uniform();
            assert_eq!(value, b.uniform());
            assert!((0.0..1.0).contains(&value));
            assert!(a.below(7) < 7);
            b.below(7);
        }
    }
}
