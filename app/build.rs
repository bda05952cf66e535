//! Lists the example scripts in `content/scripts/` (name and title, from the first line's `//`
//! comment; Trunk copies the files themselves) for the Scripts page. The chapters are static
//! pages of their own (`app/pages`), not part of the app.

use std::fmt::Write;
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    let examples = examples(&files_in(&manifest.join("../content/scripts"), "rhai"));
    std::fs::write(out.join("examples.rs"), examples).expect("writing examples.rs");
}

/// The files in `dir` ending in `.{extension}`, sorted.
fn files_in(dir: &std::path::Path, extension: &str) -> Vec<PathBuf> {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|error| panic!("reading {}: {error}", dir.display()))
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == extension))
        .collect();
    files.sort();
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
    }
    files
}

fn examples(files: &[PathBuf]) -> String {
    let mut code = String::from("pub const EXAMPLES: &[Example] = &[\n");
    for path in files {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|error| panic!("reading {}: {error}", path.display()));
        let name = path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .expect("a UTF-8 name");
        let first = text.lines().next().unwrap_or_default();
        let title = first.trim_start_matches('/').trim();
        let title = if title.is_empty() { name } else { title };
        writeln!(code, "    Example {{ name: {name:?}, title: {title:?} }},")
            .expect("writing to a string");
    }
    code.push_str("];\n");
    code
}
