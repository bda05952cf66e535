//! AutoML (chapter 11): random search and successive halving over the playground's
//! hyper-parameters. Burn-free: the search only decides which trial runs next; the site's
//! worker or the native runner trains each trial as an ordinary experiment.

pub mod search;
pub mod space;

pub use search::{Method, Outcome, Plan, Search, Trial};
pub use space::Config;

#[cfg(test)]
mod tests;
