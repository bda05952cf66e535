//! Bayes' rule for a diagnostic test: how likely the condition is after a positive (or
//! negative) result, from how common it is and how good the test is.

/// A test for a condition, as rates between 0 and 1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Test {
    /// How common the condition is before testing (the prior).
    pub prevalence: f64,
    /// P(positive | condition): the sensitivity.
    pub sensitivity: f64,
    /// P(positive | no condition).
    pub false_positive_rate: f64,
}

/// Out of `population` people tested, how many land in each cell.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Counts {
    pub true_positives: f64,
    pub false_negatives: f64,
    pub false_positives: f64,
    pub true_negatives: f64,
}

impl Test {
    /// P(condition | positive) = P(+ | c) P(c) / P(+).
    pub fn posterior_given_positive(&self) -> f64 {
        let positive =
            self.sensitivity * self.prevalence + self.false_positive_rate * (1.0 - self.prevalence);
        if positive == 0.0 {
            0.0
        } else {
            self.sensitivity * self.prevalence / positive
        }
    }

    /// P(condition | negative).
    pub fn posterior_given_negative(&self) -> f64 {
        let negative = (1.0 - self.sensitivity) * self.prevalence
            + (1.0 - self.false_positive_rate) * (1.0 - self.prevalence);
        if negative == 0.0 {
            0.0
        } else {
            (1.0 - self.sensitivity) * self.prevalence / negative
        }
    }

    pub fn counts(&self, population: f64) -> Counts {
        let sick = population * self.prevalence;
        let healthy = population - sick;
        Counts {
            true_positives: sick * self.sensitivity,
            false_negatives: sick * (1.0 - self.sensitivity),
            false_positives: healthy * self.false_positive_rate,
            true_negatives: healthy * (1.0 - self.false_positive_rate),
        }
    }

    /// The same test after one positive result: its posterior is the new prior.
    pub fn after_a_positive(&self) -> Self {
        Self {
            prevalence: self.posterior_given_positive(),
            ..*self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Test;

    const SCREENING: Test = Test {
        prevalence: 0.01,
        sensitivity: 0.9,
        false_positive_rate: 0.09,
    };

    #[test]
    fn a_positive_for_a_rare_condition_is_usually_wrong() {
        // 9 true positives against 89.1 false ones out of 1,000.
        let posterior = SCREENING.posterior_given_positive();
        assert!((posterior - 9.0 / 98.1).abs() < 1e-12, "{posterior}");
        let counts = SCREENING.counts(1000.0);
        assert!((counts.true_positives - 9.0).abs() < 1e-9);
        assert!((counts.false_positives - 89.1).abs() < 1e-9);
        let total = counts.true_positives
            + counts.false_negatives
            + counts.false_positives
            + counts.true_negatives;
        assert!((total - 1000.0).abs() < 1e-9);
    }

    #[test]
    fn a_second_positive_raises_the_odds_again() {
        let twice = SCREENING.after_a_positive().posterior_given_positive();
        assert!(twice > 0.5 && twice < 0.6, "{twice}");
        assert!(SCREENING.posterior_given_negative() < SCREENING.prevalence);
    }
}
