//! The Scripts page: the course's example scripts (`content/scripts/NN-name.rhai`, titled by
//! their first line's `//` comment), one per page in a code cell with the list beside it, and
//! the scripts' API reference (`content/scripts/reference.json`, which an engine test keeps
//! equal to the functions the engine registers). `scripts/index.html` shows the first example,
//! `scripts/NAME/index.html` each one; the primer's program mounts the cells.

use crate::escape::{attribute, text};
use anyhow::{Context, Result};
use serde::Deserialize;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// One example script.
pub struct Example {
    /// The file's name without `.rhai` (also the cell's name in the browser's storage).
    pub name: String,
    pub title: String,
    pub source: String,
}

#[derive(Deserialize)]
struct Reference {
    builtins: String,
    functions: Vec<Function>,
}

#[derive(Deserialize)]
struct Function {
    name: String,
    usage: String,
    description: String,
    group: String,
    signatures: Vec<String>,
}

/// The URL of an example's page.
pub fn example_url(name: &str) -> String {
    format!("/scripts/{name}/")
}

/// The example scripts in `folder`, in file-name order.
pub fn examples(folder: &Path) -> Result<Vec<Example>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .with_context(|| format!("reading {}", folder.display()))?
        .filter_map(|entry| Some(entry.ok()?.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "rhai"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| {
            let source = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            let name = path
                .file_stem()
                .and_then(|stem| stem.to_str())
                .with_context(|| format!("{}: the name is not UTF-8", path.display()))?
                .to_string();
            let title = source
                .lines()
                .next()
                .and_then(|line| line.strip_prefix("//"))
                .map(str::trim)
                .filter(|title| !title.is_empty())
                .unwrap_or(&name)
                .to_string();
            Ok(Example {
                name,
                title,
                source,
            })
        })
        .collect()
}

/// The page's article for example `current` (the list, its cell, the reference).
pub fn article(examples: &[Example], current: usize, reference_json: &str) -> Result<String> {
    let reference: Reference =
        serde_json::from_str(reference_json).context("reading the scripts' API reference")?;
    let mut html = String::from(
        r#"<article class="scripts-page"><h1>Scripts</h1><p>Every chapter has code cells: small Rhai scripts that you change and run. They run in your browser, or on your own machine through the <a href="/connect">local runner</a>, and show the same outputs either way. Here are all the course's examples, and every function a script can call.</p><section aria-labelledby="examples-title"><h2 id="examples-title">Examples</h2><div class="examples"><nav class="example-list" aria-label="Example scripts"><ol data-testid="example-list">"#,
    );
    for (index, example) in examples.iter().enumerate() {
        let current = if index == current {
            r#" aria-current="page""#
        } else {
            ""
        };
        let _ = write!(
            html,
            r#"<li><a href="{}"{current}>{}</a></li>"#,
            example_url(&example.name),
            text(&example.title)
        );
    }
    let example = &examples[current];
    let _ = write!(
        html,
        r#"</ol></nav><div class="example-cell"><div class="cell-island" data-cell-id="{}" data-cell-title="{}"><p class="cell-title">{}</p><pre><code class="language-rhai">{}</code></pre></div></div></div></section><section aria-labelledby="reference-title" data-testid="script-reference"><h2 id="reference-title">API reference</h2>"#,
        attribute(&example.name),
        attribute(&example.title),
        text(&example.title),
        text(&example.source)
    );
    let mut groups: Vec<&str> = Vec::new();
    for function in &reference.functions {
        if !groups.contains(&function.group.as_str()) {
            groups.push(&function.group);
        }
    }
    for group in groups {
        let _ = write!(html, r#"<h3>{}</h3><dl class="reference">"#, text(group));
        for function in reference.functions.iter().filter(|f| f.group == group) {
            let signatures: String = function
                .signatures
                .iter()
                .map(|signature| format!("<code>{}</code> ", text(signature)))
                .collect();
            let _ = write!(
                html,
                r#"<dt id="fn-{name}" data-function="{name}"><code>{}</code></dt><dd><p>{}</p><p class="signatures">{signatures}</p></dd>"#,
                text(&function.usage),
                text(&function.description),
                name = attribute(&function.name),
            );
        }
        html.push_str("</dl>");
    }
    let _ = write!(
        html,
        r#"<p>{} See the <a href="https://rhai.rs/book/">Rhai book</a>.</p></section></article>"#,
        text(&reference.builtins)
    );
    Ok(html)
}
