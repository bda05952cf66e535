//! A chapter's Markdown rendered to HTML, where a fenced block can be live:
//! ```` ```rhai run id=NAME title="TITLE" ```` becomes a code cell (both optional), and
//! ```` ```widget NAME ```` places a widget; any other fence stays a listing.
//!
//! This runs when the site is built (`app/build.rs` includes this file), so the page carries
//! the rendered HTML and no Markdown parser; the app's unit tests include it too.

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd, html};

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

#[derive(Debug, Clone, PartialEq)]
pub enum Fence {
    Cell {
        id: Option<String>,
        title: Option<String>,
    },
    Widget(String),
}

impl Fence {
    pub fn parse(info: &str) -> Option<Self> {
        let words = words(info);
        match words.as_slice() {
            [language, run, attributes @ ..] if language == "rhai" && run == "run" => {
                let attribute = |name: &str| {
                    attributes
                        .iter()
                        .find_map(|word| word.strip_prefix(&format!("{name}=")))
                        .map(str::to_string)
                };
                Some(Self::Cell {
                    id: attribute("id"),
                    title: attribute("title"),
                })
            }
            [widget, name] if widget == "widget" => Some(Self::Widget(name.clone())),
            _ => None,
        }
    }
}

/// The info string's words; a double-quoted value keeps its spaces (`title="Two words"`).
fn words(info: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for character in info.trim().chars() {
        match character {
            '"' => quoted = !quoted,
            ' ' | '\t' | ',' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            other => word.push(other),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}
