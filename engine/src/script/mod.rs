//! Scripts: small Rhai programs that build data and experiments, train them and show what
//! happened (text, charts, tables, live training progress). The browser's worker and the
//! native runner run them through this module, so a script behaves the same in both.
//!
//! Training from a script runs on the CPU (`flex`), inside the call: a script describes one
//! step after another, and a GPU read cannot be waited for in the middle of one in the
//! browser. A script's `train(spec)` therefore always uses the CPU; a GPU run is a widget's
//! or a runner job's, not a script's.
//!
//! Sandbox: the engine has no file, network, clock, module or `eval` access; operations, call
//! depth, expression depth, string, array and map sizes, outputs and training steps are all
//! limited ([`Limits`]); and the host may stop a script at any time ([`ScriptHost`]).

pub mod output;
pub mod reference;

#[cfg(feature = "script")]
mod api;
#[cfg(feature = "script")]
mod api_train;
#[cfg(feature = "script")]
mod portable;
#[cfg(all(test, feature = "script"))]
mod reference_file;
#[cfg(feature = "script")]
mod run;
#[cfg(all(test, feature = "script"))]
mod tests;

pub use output::{ScriptError, ScriptErrorKind};
#[cfg(feature = "script")]
pub use run::{Limits, ScriptHost, api_reference, registered_signatures, run_script};
