//! The noise schedule of a DDPM (Ho, Jain & Abbeel, 2020): how much noise each of the `T`
//! forward steps adds (`β`), and how much of the data survives after `t` steps (`ᾱ`).

#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub betas: Vec<f64>,
    /// `ᾱ_t = Π_{s ≤ t} (1 − β_s)`.
    pub alpha_bars: Vec<f64>,
}

impl Schedule {
    /// `steps` betas rising linearly from 0.001 to 0.2: with 50 steps, about 0.5 % of the
    /// data's scale is left at the end, so sampling can start from pure noise.
    pub fn linear(steps: usize) -> Self {
        let (first, last) = (1e-3, 0.2);
        let betas: Vec<f64> = (0..steps)
            .map(|step| first + (last - first) * step as f64 / (steps.max(2) - 1) as f64)
            .collect();
        let mut surviving = 1.0;
        let alpha_bars = betas
            .iter()
            .map(|beta| {
                surviving *= 1.0 - beta;
                surviving
            })
            .collect();
        Self { betas, alpha_bars }
    }

    pub fn steps(&self) -> usize {
        self.betas.len()
    }
}

#[cfg(test)]
mod tests {
    use super::Schedule;

    #[test]
    fn the_data_fades_to_noise() {
        let schedule = Schedule::linear(50);
        assert_eq!(schedule.steps(), 50);
        assert!(schedule.alpha_bars[0] > 0.99);
        assert!(schedule.alpha_bars[49] < 0.01);
        assert!(schedule.alpha_bars.windows(2).all(|pair| pair[1] < pair[0]));
    }
}
