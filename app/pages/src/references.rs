//! The references page's chapter part: each written chapter's "Further reading" section,
//! under the chapter's title, so the bibliography is built from the chapters themselves.

use crate::course::CHAPTERS;
use anyhow::{Context, Result};
use std::fmt::Write;
use std::path::Path;

/// The heading a chapter's reading list has.
pub const READING_HEADING: &str = "## Further reading";

/// Markdown with one `## <chapter title>` section per chapter that has a reading list.
pub fn chapters_reading(content: &Path) -> Result<String> {
    let mut markdown = String::new();
    for chapter in &CHAPTERS {
        let source = content
            .join("chapters")
            .join(format!("{}.md", chapter.slug));
        let text = match std::fs::read_to_string(&source) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
            Err(error) => {
                return Err(error).with_context(|| format!("reading {}", source.display()));
            }
        };
        if let Some(list) = reading_list(&text) {
            let _ = write!(
                markdown,
                "\n\n## {}\n\nFrom [the chapter](/chapters/{}/#further-reading).\n\n{}\n",
                chapter.title, chapter.slug, list
            );
        }
    }
    Ok(markdown)
}

/// What follows a chapter's reading heading, up to the next second-level heading.
pub fn reading_list(chapter_markdown: &str) -> Option<&str> {
    let start = chapter_markdown
        .match_indices(READING_HEADING)
        .find(|(at, _)| *at == 0 || chapter_markdown[..*at].ends_with('\n'))?
        .0
        + READING_HEADING.len();
    let rest = &chapter_markdown[start..];
    let end = rest.find("\n## ").unwrap_or(rest.len());
    Some(rest[..end].trim()).filter(|list| !list.is_empty())
}
