//! Lists the example scripts in `content/scripts/` for the Scripts page: each file becomes an
//! entry with its name, its title (the first line's `//` comment) and its text.

use std::fmt::Write;
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let dir = manifest.join("../content/scripts");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("reading {}: {error}", dir.display()))
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "rhai"))
        .collect();
    files.sort();
    let mut code = String::from("pub const EXAMPLES: &[Example] = &[\n");
    for path in files {
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("reading {}: {error}", path.display()));
        let name = path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .expect("a UTF-8 name");
        let first = text.lines().next().unwrap_or_default();
        let title = first.trim_start_matches('/').trim();
        let title = if title.is_empty() { name } else { title };
        let absolute = path.canonicalize().expect("an existing file");
        writeln!(
            code,
            "    Example {{ name: {name:?}, title: {title:?}, source: include_str!({:?}) }},",
            absolute.display().to_string()
        )
        .expect("writing to a string");
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    std::fs::write(out.join("examples.rs"), code).expect("writing examples.rs");
}
