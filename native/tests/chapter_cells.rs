//! Every code cell the course ships runs without an error: each ```` ```rhai run ```` fence in
//! `content/chapters/*.md`, through `ml-intro script` (the engine the browser's cells use).

use std::path::PathBuf;
use std::process::Command;

/// `(chapter file, line of the fence, script)` for every runnable cell.
fn chapter_cells() -> Vec<(String, usize, String)> {
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../content/chapters");
    let mut cells = Vec::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .expect("content/chapters")
        .map(|entry| entry.expect("an entry").path())
        .collect();
    files.sort();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).expect("readable");
        let mut open: Option<(usize, String)> = None;
        for (index, line) in text.lines().enumerate() {
            match &mut open {
                None if line.starts_with("```rhai run") => open = Some((index + 1, String::new())),
                None => {}
                Some((start, script)) if line.starts_with("```") => {
                    cells.push((name.clone(), *start, std::mem::take(script)));
                    open = None;
                }
                Some((_, script)) => {
                    script.push_str(line);
                    script.push('\n');
                }
            }
        }
    }
    cells
}

#[test]
fn every_chapter_cell_runs() {
    let cells = chapter_cells();
    assert!(cells.len() >= 10, "only {} cells found", cells.len());
    let dir = tempfile::tempdir().unwrap();
    for (chapter, line, script) in cells {
        let path = dir.path().join("cell.rhai");
        std::fs::write(&path, &script).unwrap();
        let output = Command::new(env!("CARGO_BIN_EXE_ml-intro"))
            .args(["script", path.to_str().unwrap()])
            .output()
            .expect("ml-intro runs");
        assert!(
            output.status.success(),
            "{chapter}, the cell at line {line} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
