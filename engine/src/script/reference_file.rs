//! The scripts' API reference as the site ships it (`content/scripts/reference.json`): the
//! static Scripts page is written from this file, so its text never needs the engine's wasm.
//! The test below fails when the file no longer matches the engine; run it with
//! `ML_INTRO_UPDATE_REFERENCE=1` to write the file again.

use super::api_reference;
use super::reference::{FunctionDoc, RHAI_BUILTINS};
use serde::Serialize;
use std::path::PathBuf;

/// What the file holds.
#[derive(Serialize)]
struct ReferenceFile {
    /// A sentence on Rhai's own functions, which the engine does not list one by one.
    builtins: &'static str,
    functions: Vec<FunctionDoc>,
}

fn reference_json() -> String {
    let file = ReferenceFile {
        builtins: RHAI_BUILTINS,
        functions: api_reference(),
    };
    serde_json::to_string_pretty(&file).unwrap_or_default() + "\n"
}

#[test]
fn the_shipped_reference_is_the_engines() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../content/scripts/reference.json");
    let expected = reference_json();
    if std::env::var_os("ML_INTRO_UPDATE_REFERENCE").is_some() {
        std::fs::write(&path, &expected).expect("writing the reference");
    }
    let shipped = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        shipped == expected,
        "{} is not the engine's reference: run `ML_INTRO_UPDATE_REFERENCE=1 cargo test -p \
         ml-intro-engine --lib reference_file` and commit the file",
        path.display()
    );
}
