//! Lists the course files the site carries: the example scripts in `content/scripts/` (name
//! and title, from the first line's `//` comment; Trunk copies the files themselves) for the
//! Scripts page, and the chapters of `content/chapters/`, rendered from Markdown now.

#[path = "src/content/markdown.rs"]
mod markdown;

use markdown::Block;
use std::fmt::Write;
use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("set by cargo"));
    let examples = examples(&files_in(&manifest.join("../content/scripts"), "rhai"));
    std::fs::write(out.join("examples.rs"), examples).expect("writing examples.rs");
    let chapters = chapters(&files_in(&manifest.join("../content/chapters"), "md"));
    std::fs::write(out.join("chapter_texts.rs"), chapters).expect("writing chapter_texts.rs");
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

/// Each chapter's Markdown, rendered now into the pieces the page shows.
fn chapters(files: &[PathBuf]) -> String {
    let mut code = String::from("pub const CHAPTER_TEXTS: &[ChapterText] = &[\n");
    for path in files {
        let slug = path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .expect("a UTF-8 name");
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|error| panic!("reading {}: {error}", path.display()));
        writeln!(code, "    ChapterText {{ slug: {slug:?}, pieces: &[").expect("a string");
        for block in markdown::blocks(slug, &text) {
            let piece = match block {
                Block::Html(html) => format!("Piece::Html({html:?})"),
                Block::Cell { id, title, source } => {
                    format!("Piece::Cell {{ id: {id:?}, title: {title:?}, source: {source:?} }}")
                }
                Block::Widget(name) => format!("Piece::Widget({name:?})"),
            };
            writeln!(code, "        {piece},").expect("a string");
        }
        code.push_str("    ] },\n");
    }
    code.push_str("];\n");
    code
}
