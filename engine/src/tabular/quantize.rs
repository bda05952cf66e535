//! Weight quantization: each weight matrix stored as small integers and one scale (symmetric,
//! per tensor: `w ≈ scale · q`; with 8 bits `q ∈ −127..=127`), as inference engines store
//! models four times smaller than 32-bit floats. Biases stay in floating point.

/// A tensor of weights in at most 8 bits each, and its scale.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantized {
    pub values: Vec<i8>,
    pub scale: f64,
    pub bits: u32,
}

impl Quantized {
    /// `weights` rounded to the nearest of `2^bits − 1` evenly spaced levels spanning
    /// ±max |w| (`bits` from 2 to 8).
    pub fn new(weights: &[f64], bits: u32) -> Self {
        let bits = bits.clamp(2, 8);
        let top = f64::from((1u32 << (bits - 1)) - 1);
        let largest = weights
            .iter()
            .fold(0.0f64, |largest, weight| largest.max(weight.abs()));
        let scale = if largest > 0.0 { largest / top } else { 1.0 };
        let values = weights
            .iter()
            .map(|weight| (weight / scale).round().clamp(-top, top) as i8)
            .collect();
        Self {
            values,
            scale,
            bits,
        }
    }

    /// The weights the 8-bit values stand for.
    pub fn restore(&self) -> Vec<f64> {
        self.values
            .iter()
            .map(|&value| f64::from(value) * self.scale)
            .collect()
    }

    /// The largest difference from the original weights: at most half a level.
    pub fn largest_error(&self, weights: &[f64]) -> f64 {
        self.restore()
            .iter()
            .zip(weights)
            .fold(0.0, |largest, (restored, weight)| {
                largest.max((restored - weight).abs())
            })
    }
}

#[cfg(test)]
mod tests {
    use super::Quantized;

    #[test]
    fn rounding_errs_by_at_most_half_a_level() {
        let weights = [0.5, -1.27, 0.003, 0.9, -0.41];
        let quantized = Quantized::new(&weights, 8);
        assert_eq!(quantized.values[1], -127);
        assert!(quantized.largest_error(&weights) <= quantized.scale / 2.0 + 1e-12);
        assert_eq!(Quantized::new(&[0.0, 0.0], 8).restore(), [0.0, 0.0]);
        let coarse = Quantized::new(&weights, 3);
        assert!(coarse.values.iter().all(|value| (-3..=3).contains(value)));
        assert!(coarse.largest_error(&weights) > quantized.largest_error(&weights));
    }
}
