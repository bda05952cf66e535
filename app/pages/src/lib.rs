//! Builds the course's static pages: each chapter's Markdown (`content/chapters/SLUG.md`)
//! becomes `chapters/SLUG/index.html` in the built site, readable without JavaScript, and all
//! of them together a search index (`search-index.json`). Trunk runs this after each build
//! (see `Trunk.toml`), so the pages load the same app, which mounts widgets and cells in place.

#[path = "../../src/chapters.rs"]
pub mod course;
pub mod embed;
pub mod escape;
pub mod fence;
pub mod markdown;
pub mod math;
pub mod page;
pub mod references;
pub mod scripts;
pub mod search;
pub mod start_scripts;
pub mod widgets;

use anyhow::{Context, Result};
use std::path::Path;

/// What [`build`] wrote.
#[derive(Debug, Default)]
pub struct Built {
    pub pages: usize,
    pub written_chapters: usize,
    pub search_entries: usize,
    pub guides: usize,
    pub examples: usize,
    pub embeds: usize,
}

/// Writes every chapter's page and the search index into `site`, next to its `index.html`.
pub fn build(content: &Path, site: &Path) -> Result<Built> {
    start_scripts::write(
        site,
        &[
            widgets::PRIMER,
            widgets::NETWORKS,
            widgets::DATA,
            widgets::RESPONSIBLE,
        ],
    )?;
    let index_path = site.join("index.html");
    let index_html = std::fs::read_to_string(&index_path)
        .with_context(|| format!("reading {} (build the site first)", index_path.display()))?;
    let head = page::head_of(&index_html)
        .with_context(|| format!("{} has no <head>…</head>", index_path.display()))?;
    let mut built = Built::default();
    let mut index = Vec::new();
    let mut shown_in = std::collections::BTreeMap::new();
    for chapter in &course::CHAPTERS {
        let source = content
            .join("chapters")
            .join(format!("{}.md", chapter.slug));
        let rendered = match std::fs::read_to_string(&source) {
            Ok(markdown) => Some(
                markdown::render(chapter.slug, &markdown)
                    .with_context(|| format!("in {}", source.display()))?,
            ),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
            Err(error) => {
                return Err(error).with_context(|| format!("reading {}", source.display()));
            }
        };
        built.written_chapters += usize::from(rendered.is_some());
        let folder = site.join("chapters").join(chapter.slug);
        std::fs::create_dir_all(&folder)
            .with_context(|| format!("creating {}", folder.display()))?;
        let widgets_used = rendered
            .as_ref()
            .map(|rendered| rendered.widgets.clone())
            .unwrap_or_default();
        for name in &widgets_used {
            shown_in.entry(name.clone()).or_insert(chapter);
        }
        let program = widgets::program_for(&widgets_used)
            .map_err(anyhow::Error::msg)
            .with_context(|| format!("in {}", source.display()))?;
        let html = page::chapter_page(head, chapter, rendered.as_ref(), program);
        std::fs::write(folder.join("index.html"), html)
            .with_context(|| format!("writing {}", folder.join("index.html").display()))?;
        built.pages += 1;
        index.extend(search::entries(chapter, rendered.as_ref()));
    }
    built.embeds = build_embeds(site, head, &shown_in)?;
    built.guides = build_guides(content, site, head)?;
    built.examples = build_scripts(content, site, head)?;
    built.search_entries = index.len();
    let index_path = site.join("search-index.json");
    std::fs::write(&index_path, serde_json::to_string(&index)?)
        .with_context(|| format!("writing {}", index_path.display()))?;
    Ok(built)
}

/// Writes every widget's embed page (`embed/NAME/index.html`) and the loader (`embed.js`).
fn build_embeds(
    site: &Path,
    head: &str,
    shown_in: &std::collections::BTreeMap<String, &course::Chapter>,
) -> Result<usize> {
    for widget in widgets::WIDGETS {
        let folder = site.join(embed::embed_url(widget.name).trim_matches('/'));
        std::fs::create_dir_all(&folder)
            .with_context(|| format!("creating {}", folder.display()))?;
        let html = embed::embed_page(head, widget, shown_in.get(widget.name).copied());
        std::fs::write(folder.join("index.html"), html)
            .with_context(|| format!("writing {}", folder.join("index.html").display()))?;
    }
    let loader = site.join("embed.js");
    std::fs::write(&loader, embed::loader())
        .with_context(|| format!("writing {}", loader.display()))?;
    Ok(widgets::WIDGETS.len())
}

/// Writes each guide page (`content/guide/SLUG.md`, one per entry of the header's
/// `INFO_PAGES`) as `SLUG/index.html`; a missing guide is an error, since the header links it.
fn build_guides(content: &Path, site: &Path, head: &str) -> Result<usize> {
    for (slug, title) in course::INFO_PAGES {
        let source = content.join("guide").join(format!("{slug}.md"));
        let mut markdown = std::fs::read_to_string(&source)
            .with_context(|| format!("reading {}", source.display()))?;
        if slug == "references" {
            markdown.push_str(&references::chapters_reading(content)?);
        }
        let rendered = markdown::render(slug, &markdown)
            .with_context(|| format!("in {}", source.display()))?;
        if !rendered.widgets.is_empty() || rendered.cells > 0 {
            anyhow::bail!(
                "{}: guide pages are text only (found {} widgets and {} code cells)",
                source.display(),
                rendered.widgets.len(),
                rendered.cells
            );
        }
        let folder = site.join(slug);
        std::fs::create_dir_all(&folder)
            .with_context(|| format!("creating {}", folder.display()))?;
        let html = page::guide_page(head, slug, title, &rendered);
        std::fs::write(folder.join("index.html"), html)
            .with_context(|| format!("writing {}", folder.join("index.html").display()))?;
    }
    Ok(course::INFO_PAGES.len())
}

/// Writes the Scripts page: `scripts/index.html` (the first example) and one page per example
/// (`scripts/NAME/index.html`).
fn build_scripts(content: &Path, site: &Path, head: &str) -> Result<usize> {
    let folder = content.join("scripts");
    let examples = scripts::examples(&folder)?;
    anyhow::ensure!(
        !examples.is_empty(),
        "{} has no example scripts",
        folder.display()
    );
    let reference_path = folder.join("reference.json");
    let reference = std::fs::read_to_string(&reference_path)
        .with_context(|| format!("reading {}", reference_path.display()))?;
    for (index, example) in examples.iter().enumerate() {
        let article = scripts::article(&examples, index, &reference)
            .with_context(|| format!("in {}", reference_path.display()))?;
        let html = page::scripts_page(head, &article, &example.title);
        let mut folders = vec![site.join("scripts").join(&example.name)];
        if index == 0 {
            folders.push(site.join("scripts"));
        }
        for folder in folders {
            std::fs::create_dir_all(&folder)
                .with_context(|| format!("creating {}", folder.display()))?;
            std::fs::write(folder.join("index.html"), &html)
                .with_context(|| format!("writing {}", folder.join("index.html").display()))?;
        }
    }
    Ok(examples.len())
}

#[cfg(test)]
mod tests;
