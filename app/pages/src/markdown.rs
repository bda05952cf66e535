//! A chapter's Markdown rendered to HTML at build time, with:
//! - formulas (`$…$`, `$$…$$`) as MathML;
//! - call-outs (`> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`, `[!CAUTION]`);
//! - task lists (`- [ ] …`) as check boxes the app remembers;
//! - headings with ids, collected for the outline and the search index;
//! - live fences: ```` ```rhai run id=NAME title="TITLE" ```` becomes a code cell and
//!   ```` ```widget NAME key=value ```` a widget, both as placeholders the app mounts into.
//!   The placeholders hold readable text (the script, what the widget does) for pages read
//!   without JavaScript.

use crate::escape::{attribute, text as escape_text};
use crate::math::to_mathml;
use crate::widgets;
use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html,
};
use std::collections::BTreeMap;

/// What went wrong, and on which line of the chapter's Markdown.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("line {line}: {message}")]
pub struct ContentError {
    pub line: usize,
    pub message: String,
}

/// A heading of level 2 or 3, for the "on this page" outline.
#[derive(Debug, Clone, PartialEq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// The text under one heading (or before the first), for search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Section {
    pub heading: String,
    pub anchor: String,
    pub text: String,
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub outline: Vec<Heading>,
    pub sections: Vec<Section>,
    pub widgets: Vec<String>,
    pub cells: usize,
}

/// Renders chapter `slug`'s `markdown`.
pub fn render(slug: &str, markdown: &str) -> Result<Rendered, ContentError> {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM;
    let line_of = |offset: usize| markdown[..offset].matches('\n').count() + 1;
    let mut out = Rendered {
        sections: vec![Section::default()],
        ..Rendered::default()
    };
    let mut events: Vec<Event> = Vec::new();
    let mut heading: Option<(HeadingLevel, Vec<Event>, String)> = None;
    let mut fence: Option<(Fence, String, usize)> = None;
    let mut checks = 0;
    for (event, range) in Parser::new_ext(markdown, options).into_offset_iter() {
        let line = line_of(range.start);
        let fail = |message: String| ContentError { line, message };
        if let Some((_, source, _)) = &mut fence {
            match event {
                Event::Text(more) => source.push_str(&more),
                Event::End(TagEnd::CodeBlock) => {
                    let (live, source, start) = fence.take().expect("inside a fence");
                    let placeholder =
                        live.placeholder(slug, &source, &mut out)
                            .map_err(|message| ContentError {
                                line: start,
                                message,
                            })?;
                    events.push(Event::Html(placeholder.into()));
                }
                _ => {}
            }
            continue;
        }
        let event = match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                match Fence::parse(&info).map_err(fail)? {
                    Some(live) => {
                        fence = Some((live, String::new(), line));
                        continue;
                    }
                    None => Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))),
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level, Vec::new(), String::new()));
                continue;
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, inner, text)) = heading.take() else {
                    continue;
                };
                push_heading(level, inner, text, &mut out, &mut events);
                continue;
            }
            Event::InlineMath(tex) => {
                Event::InlineHtml(to_mathml(&tex, false).map_err(fail)?.into())
            }
            Event::DisplayMath(tex) => {
                Event::InlineHtml(to_mathml(&tex, true).map_err(fail)?.into())
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                let (class, title) = callout(kind);
                Event::Html(
                    format!(r#"<aside class="callout callout-{class}"><p class="callout-title">{title}</p>"#)
                        .into(),
                )
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html("</aside>\n".into()),
            Event::TaskListMarker(checked) => {
                checks += 1;
                let checked = if checked { " checked" } else { "" };
                Event::InlineHtml(
                    format!(r#"<input type="checkbox" class="check" data-check="{slug}-{checks}" aria-label="Done"{checked}> "#)
                        .into(),
                )
            }
            other => other,
        };
        if let Some((_, inner, text)) = &mut heading {
            if let Event::Text(more) | Event::Code(more) = &event {
                text.push_str(more);
            }
            inner.push(event);
            continue;
        }
        if let Event::Text(more) | Event::Code(more) = &event {
            let section = out.sections.last_mut().expect("one section at least");
            section.text.push_str(more);
            section.text.push(' ');
        }
        events.push(event);
    }
    html::push_html(&mut out.html, events.into_iter());
    out.sections
        .retain(|section| !section.text.trim().is_empty() || !section.heading.is_empty());
    Ok(out)
}

fn push_heading<'a>(
    level: HeadingLevel,
    inner: Vec<Event<'a>>,
    text: String,
    out: &mut Rendered,
    events: &mut Vec<Event<'a>>,
) {
    let number = level as u8;
    let mut id = slugify(&text);
    let base = id.clone();
    let mut repeat = 1;
    while out.outline.iter().any(|heading| heading.id == id) || id.is_empty() {
        repeat += 1;
        id = format!("{base}-{repeat}");
    }
    if (2..=3).contains(&number) {
        out.outline.push(Heading {
            level: number,
            id: id.clone(),
            text: text.clone(),
        });
        out.sections.push(Section {
            heading: text,
            anchor: id.clone(),
            text: String::new(),
        });
    }
    events.push(Event::Html(format!(r#"<h{number} id="{id}">"#).into()));
    events.extend(inner);
    events.push(Event::Html(
        format!(r##"<a class="anchor" href="#{id}" aria-label="Link to this section">#</a></h{number}>"##)
            .into(),
    ));
}

/// `text` as an id: lower case, words joined by `-`.
pub fn slugify(text: &str) -> String {
    let mut slug = String::new();
    for character in text.chars().flat_map(char::to_lowercase) {
        if character.is_alphanumeric() {
            slug.push(character);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

fn callout(kind: BlockQuoteKind) -> (&'static str, &'static str) {
    match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Key idea"),
        BlockQuoteKind::Warning => ("warning", "Watch out"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    }
}

/// A fence the app makes live.
#[derive(Debug, Clone, PartialEq)]
pub enum Fence {
    Cell {
        id: Option<String>,
        title: Option<String>,
    },
    Widget {
        name: String,
        params: BTreeMap<String, String>,
    },
}

impl Fence {
    /// `None` for an ordinary listing.
    pub fn parse(info: &str) -> Result<Option<Self>, String> {
        let words = words(info);
        let pairs = |attributes: &[String]| -> Result<BTreeMap<String, String>, String> {
            attributes
                .iter()
                .map(|word| match word.split_once('=') {
                    Some((key, value)) if !key.is_empty() => {
                        Ok((key.to_string(), value.to_string()))
                    }
                    _ => Err(format!("`{word}` in the fence `{info}` is not key=value")),
                })
                .collect()
        };
        match words.as_slice() {
            [language, run, attributes @ ..] if language == "rhai" && run == "run" => {
                let mut attributes = pairs(attributes)?;
                let cell = Self::Cell {
                    id: attributes.remove("id"),
                    title: attributes.remove("title"),
                };
                match attributes.keys().next() {
                    Some(unknown) => Err(format!("a cell takes id= and title=, not {unknown}=")),
                    None => Ok(Some(cell)),
                }
            }
            [widget, name, attributes @ ..] if widget == "widget" => {
                if widgets::widget(name).is_none() {
                    return Err(format!(
                        "no widget “{name}” (there are: {})",
                        widgets::names()
                    ));
                }
                Ok(Some(Self::Widget {
                    name: name.clone(),
                    params: pairs(attributes)?,
                }))
            }
            [widget] if widget == "widget" => Err(format!(
                "a widget fence needs a name (one of: {})",
                widgets::names()
            )),
            _ => Ok(None),
        }
    }

    /// The HTML the app mounts into, holding what a reader without JavaScript can use.
    fn placeholder(self, slug: &str, source: &str, out: &mut Rendered) -> Result<String, String> {
        match self {
            Self::Cell { id, title } => {
                out.cells += 1;
                let id = id.unwrap_or_else(|| format!("{slug}-{}", out.cells));
                let title = title.unwrap_or_else(|| format!("Code cell {}", out.cells));
                Ok(format!(
                    r#"<div class="cell-island" data-cell-id="{}" data-cell-title="{}"><p class="cell-title">{}</p><pre><code class="language-rhai">{}</code></pre></div>
"#,
                    attribute(&id),
                    attribute(&title),
                    escape_text(&title),
                    escape_text(source)
                ))
            }
            Self::Widget { name, params } => {
                let info = widgets::widget(&name).ok_or_else(|| format!("no widget “{name}”"))?;
                out.widgets.push(name.clone());
                let params = serde_json::to_string(&params).map_err(|error| error.to_string())?;
                Ok(format!(
                    r#"<div class="widget-island" data-widget="{}" data-params="{}"><p class="island-note">{} <em>(A live widget: it starts when JavaScript is on.)</em></p></div>
"#,
                    attribute(&name),
                    attribute(&params),
                    escape_text(info.description)
                ))
            }
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
