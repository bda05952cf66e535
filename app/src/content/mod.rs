//! Course text: the chapters' Markdown from `content/chapters/` (listed by `app/build.rs`),
//! rendered to HTML, where a fenced block can be live:
//!
//! - ```` ```rhai run id=NAME title="TITLE" ```` becomes a code cell (NAME keeps the visitor's
//!   edits in the browser; both are optional);
//! - ```` ```widget NAME ```` places a widget (`xor`).
//!
//! Any other fence stays a code listing.

mod fence;

pub use fence::Fence;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd, html};

/// One chapter's Markdown.
pub struct ChapterText {
    pub slug: &'static str,
    pub markdown: &'static str,
}

// `CHAPTER_TEXTS`, listed by `app/build.rs`.
include!(concat!(env!("OUT_DIR"), "/chapter_texts.rs"));

/// The Markdown of chapter `slug`, if it has been written.
pub fn chapter_text(slug: &str) -> Option<&'static str> {
    let text = CHAPTER_TEXTS.iter().find(|text| text.slug == slug)?;
    Some(text.markdown)
}

/// A piece of a rendered chapter, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Html(String),
    Cell {
        id: String,
        title: String,
        source: String,
    },
    Widget(String),
}

/// Renders `markdown`; live fences become cells and widgets. Cells without an id are named
/// `{slug}-{n}`, counting from 1.
pub fn blocks(slug: &str, markdown: &str) -> Vec<Block> {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let mut blocks = Vec::new();
    let mut pending: Vec<Event> = Vec::new();
    let mut live: Option<(Fence, String)> = None;
    let mut cells = 0;
    for event in Parser::new_ext(markdown, options) {
        match (&mut live, event) {
            (None, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))) => {
                match Fence::parse(&info) {
                    Some(fence) => live = Some((fence, String::new())),
                    None => pending.push(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))),
                }
            }
            (Some((_, text)), Event::Text(more)) => text.push_str(&more),
            (Some(_), Event::End(TagEnd::CodeBlock)) => {
                let Some((fence, text)) = live.take() else {
                    continue;
                };
                flush(&mut pending, &mut blocks);
                blocks.push(match fence {
                    Fence::Cell { id, title } => {
                        cells += 1;
                        Block::Cell {
                            id: id.unwrap_or_else(|| format!("{slug}-{cells}")),
                            title: title.unwrap_or_else(|| format!("Code cell {cells}")),
                            source: text,
                        }
                    }
                    Fence::Widget(name) => Block::Widget(name),
                });
            }
            (Some(_), _) => {}
            (None, event) => pending.push(event),
        }
    }
    flush(&mut pending, &mut blocks);
    blocks
}

fn flush(pending: &mut Vec<Event>, blocks: &mut Vec<Block>) {
    if pending.is_empty() {
        return;
    }
    let mut text = String::new();
    html::push_html(&mut text, pending.drain(..));
    blocks.push(Block::Html(text));
}

#[cfg(test)]
mod tests;
