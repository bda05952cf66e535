//! A chapter's Markdown rendered to HTML at build time, with:
//! - formulas (`$…$`, `$$…$$`) as MathML;
//! - call-outs (`> [!NOTE]`, `[!TIP]`, `[!IMPORTANT]`, `[!WARNING]`, `[!CAUTION]`);
//! - task lists (`- [ ] …`) as check boxes the app remembers;
//! - headings with ids, collected for the outline and the search index;
//! - live fences: ```` ```rhai run id=NAME title="TITLE" ```` becomes a code cell and
//!   ```` ```widget NAME key=value ```` a widget, both as placeholders the app mounts into.
//!   The placeholders hold readable text (the script, what the widget does) for pages read
//!   without JavaScript.

pub use crate::fence::Fence;
use crate::math::to_mathml;
use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html,
};

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
