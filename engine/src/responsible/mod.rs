//! Ethics, privacy & responsible AI (chapter 14): group fairness metrics and a per-group
//! threshold on a synthetic lending data set, DP-SGD with its privacy budget, and federated
//! averaging over clients with skewed data. Burn-free: the page runs them all.

pub mod applicants;
pub mod fairness;
pub mod federated;
pub mod logistic;
pub mod privacy;
