//! A synthetic lending data set with a group attribute, for chapter 14. Each applicant has a
//! repayment ability the lender cannot see, two features it can (an income and a credit
//! history), and whether they repaid. Group 1 earns less for the same ability (its income is
//! shifted down, as a pay gap would): a model that reads income treats its members worse,
//! although the group is never an input.

use crate::seeded::Rng;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Applicant {
    /// What a model sees: `[income, credit history]`, both roughly standardised.
    pub features: [f64; 2],
    /// 0 or 1.
    pub group: usize,
    /// Repaid the loan.
    pub label: bool,
}

/// `count` applicants, a third of them in group 1.
pub fn applicants(count: usize, seed: u64) -> Vec<Applicant> {
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|_| {
            let group = usize::from(rng.uniform() < 1.0 / 3.0);
            let ability = rng.normal();
            let label = ability + 0.5 * rng.normal() > 0.0;
            let income = 0.8 * ability - 0.8 * group as f64 + 0.6 * rng.normal();
            let history = 0.5 * ability + 0.8 * rng.normal();
            Applicant {
                features: [income, history],
                group,
                label,
            }
        })
        .collect()
}

/// A model's inputs and labels, for the trainers.
pub fn inputs_and_labels(applicants: &[Applicant]) -> (Vec<[f64; 2]>, Vec<bool>) {
    (
        applicants.iter().map(|a| a.features).collect(),
        applicants.iter().map(|a| a.label).collect(),
    )
}
