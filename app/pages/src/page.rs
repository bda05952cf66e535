//! One chapter's whole HTML page: the site's `<head>` (as Trunk wrote it, with the same style
//! sheet, less the site's own program), the header, the chapter text with its outline,
//! previous/next links and a footer; last, the chapter program (`ml-intro-chapter`), which
//! mounts into the placeholders (`*-slot`, `.widget-island`, `.cell-island`).

use crate::course::{CHAPTERS, Chapter, INFO_PAGES};
use crate::escape::{attribute, text};
use crate::markdown::Rendered;
use std::fmt::Write;

/// The URL of a chapter's page.
pub fn chapter_url(slug: &str) -> String {
    format!("/chapters/{slug}/")
}

/// `index_head`: what is between `<head>` and `</head>` in the site's `index.html`.
/// `program`: the chapter program to load (see `widgets::program_for`), which Trunk builds
/// unhashed (as a worker-type asset, which only means it is not linked from `index.html`).
pub fn chapter_page(
    index_head: &str,
    chapter: &Chapter,
    rendered: Option<&Rendered>,
    program: &str,
) -> String {
    let mut article = String::new();
    let w = &mut article;
    let _ = write!(
        w,
        r#"<article class="chapter">
<p class="eyebrow">Chapter {number}</p>
<h1>{title}</h1>
<p class="lead">{summary}</p>
"#,
        number = chapter.number,
        title = text(chapter.title),
        summary = text(chapter.summary),
    );
    match rendered {
        Some(rendered) => {
            let _ = write!(w, r#"<div class="prose">{}</div>"#, rendered.html);
            if rendered
                .outline
                .iter()
                .any(|heading| heading.text == "Further reading")
            {
                let _ = write!(
                    w,
                    r#"<p class="references-link">This chapter's sources are also in the course's <a href="/references/#{}">References</a>.</p>"#,
                    crate::markdown::slugify(chapter.title)
                );
            }
        }
        None => {
            let _ = write!(
                w,
                r#"<section class="placeholder"><h2 id="coming">Coming in this chapter</h2><p>This chapter is being written. It will cover:</p><ul>{}</ul></section>"#,
                chapter
                    .topics
                    .iter()
                    .map(|topic| format!("<li>{}</li>", text(topic)))
                    .collect::<String>()
            );
        }
    }
    let _ = write!(w, "\n{}\n</article>", neighbours(chapter));
    let shell = Shell {
        title: chapter.title,
        summary: chapter.summary,
        body_attributes: format!(
            r#"data-page="chapter" data-chapter="{}""#,
            attribute(chapter.slug)
        ),
        program,
        embed_buttons: rendered.is_some_and(|rendered| !rendered.widgets.is_empty()),
    };
    shell.page(index_head, &article, rendered)
}

/// A guide page (installation, usage, contributing, references): its Markdown under the
/// site's header, with an outline; it loads the primer's program for the header's tools.
pub fn guide_page(index_head: &str, slug: &str, title: &str, rendered: &Rendered) -> String {
    let article = format!(
        r#"<article class="info guide"><h1>{}</h1><div class="prose">{}</div></article>"#,
        text(title),
        rendered.html
    );
    let shell = Shell {
        title,
        summary: "How to install, use and contribute to ml-intro, and the course's references.",
        body_attributes: format!(r#"data-page="guide" data-guide="{}""#, attribute(slug)),
        program: crate::widgets::PRIMER,
        embed_buttons: false,
    };
    shell.page(index_head, &article, Some(rendered))
}

/// A Scripts page (`article` from `scripts::article`); the primer's program mounts its cell.
pub fn scripts_page(index_head: &str, article: &str, title: &str) -> String {
    let shell = Shell {
        title: &format!("Scripts: {title}"),
        summary: "The course's example scripts, to edit and run, and every function a script can call.",
        body_attributes: r#"data-page="scripts""#.to_string(),
        program: crate::widgets::PRIMER,
        embed_buttons: false,
    };
    shell.page(index_head, article, None)
}

/// What every static page shares: the site's head with its own title, the header, the
/// article with its outline, the footer and one program that mounts into the slots.
struct Shell<'a> {
    title: &'a str,
    summary: &'a str,
    body_attributes: String,
    program: &'a str,
    /// Whether the page has widgets, each to get an "Embed" button (`public/widget-embed.js`).
    embed_buttons: bool,
}

impl Shell<'_> {
    fn page(&self, index_head: &str, article: &str, rendered: Option<&Rendered>) -> String {
        let head = site_head(
            index_head,
            &format!("{} — ml-intro", self.title),
            self.summary,
        );
        let mut page = String::new();
        let w = &mut page;
        let _ = write!(
            w,
            r##"<!doctype html>
<html lang="en">
<head>{head}</head>
<body {body}>
<a class="skip-link" href="#content">Skip to content</a>
{header}
<div class="chapter-layout">
<main id="content">
{article}
</main>
"##,
            body = self.body_attributes,
            header = header(),
        );
        if let Some(rendered) = rendered.filter(|rendered| !rendered.outline.is_empty()) {
            let _ = write!(
                w,
                r#"<aside class="outline"><details open><summary>On this page</summary><nav aria-label="On this page"><ol>"#
            );
            for heading in &rendered.outline {
                let _ = write!(
                    w,
                    r##"<li class="outline-h{}"><a href="#{}">{}</a></li>"##,
                    heading.level,
                    attribute(&heading.id),
                    text(&heading.text)
                );
            }
            let _ = writeln!(w, "</ol></nav></details></aside>");
        }
        let _ = write!(
            w,
            r#"</div>
<div id="footer-slot"><footer class="site-footer"><p>ml-intro · MIT licence · trains in your browser, or on your own machine through the local runner</p></footer></div>
<script src="/{program}.js"></script>
<script src="{start}"></script>{embed}
</body>
</html>
"#,
            program = self.program,
            start = crate::start_scripts::program_start_url(self.program),
            embed = if self.embed_buttons {
                "\n<script src=\"/widget-embed.js\"></script>"
            } else {
                ""
            },
        );
        page
    }
}

/// The same links as the app's header; the app mounts search, the theme switch and the
/// runner's status into the slots.
fn header() -> String {
    let mut links = String::new();
    for (path, title) in INFO_PAGES {
        let _ = write!(links, r#"<a href="/{path}/">{title}</a>"#);
    }
    format!(
        r#"<header class="site-header"><a href="/" class="brand">ml-intro</a><nav aria-label="Site">{links}<a href="/scripts/">Scripts</a><span id="runner-slot"><a href="/connect" class="runner-link">Local runner</a></span></nav><div class="header-tools"><div id="search-slot"></div><div id="theme-slot"></div></div></header>"#
    )
}

fn neighbours(chapter: &Chapter) -> String {
    let index = usize::from(chapter.number) - 1;
    let previous = index.checked_sub(1).and_then(|index| CHAPTERS.get(index));
    let next = CHAPTERS.get(index + 1);
    let link = |chapter: &Chapter, rel: &str, label: String| {
        format!(
            r#"<a href="{}" rel="{rel}">{}</a>"#,
            chapter_url(chapter.slug),
            text(&label)
        )
    };
    format!(
        r#"<nav class="chapter-nav" aria-label="Chapters">{}{}</nav>"#,
        previous
            .map(|chapter| link(chapter, "prev", format!("← {}", chapter.title)))
            .unwrap_or_default(),
        next.map(|chapter| link(chapter, "next", format!("{} →", chapter.title)))
            .unwrap_or_default()
    )
}

/// The site's `<head>` for a page of its own: without the site's program, with `title` and
/// `description`.
pub fn site_head(index_head: &str, title: &str, description: &str) -> String {
    with_title(&without_site_program(index_head), title, description)
}

/// `head` without the site's program (`ml-intro-app`): its module script, its preloads, the
/// Embed button's script (a static page adds it only where it has widgets), and comments.
fn without_site_program(head: &str) -> String {
    let mut kept = String::new();
    let mut rest = head;
    while let Some(start) = rest.find('<') {
        kept.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = if rest.starts_with("<!--") {
            rest.find("-->").map(|end| (end + 3, true))
        } else if rest.starts_with("<script type=\"module\"")
            || rest.starts_with(r#"<script src="/widget-embed.js""#)
        {
            rest.find("</script>").map(|end| (end + 9, true))
        } else {
            let end = rest.find('>').map_or(rest.len(), |end| end + 1);
            let tag = &rest[..end];
            Some((
                end,
                tag.starts_with("<link") && tag.contains("ml-intro-app"),
            ))
        };
        let (end, drop) = end.unwrap_or((rest.len(), false));
        if !drop {
            kept.push_str(&rest[..end]);
        }
        rest = &rest[end..];
    }
    kept.push_str(rest);
    kept.lines()
        .filter(|line| !line.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `head` with its `<title>` and description replaced.
fn with_title(head: &str, title: &str, description: &str) -> String {
    let mut head = replace_between(head, "<title>", "</title>", &text(title));
    let marker = r#"<meta name="description" content=""#;
    if let Some(start) = head.find(marker) {
        let value_start = start + marker.len();
        if let Some(length) = head[value_start..].find('"') {
            head.replace_range(value_start..value_start + length, &attribute(description));
        }
    }
    head
}

fn replace_between(text: &str, open: &str, close: &str, with: &str) -> String {
    let Some(start) = text.find(open).map(|start| start + open.len()) else {
        return text.to_string();
    };
    let Some(length) = text[start..].find(close) else {
        return text.to_string();
    };
    format!("{}{}{}", &text[..start], with, &text[start + length..])
}

/// What is between `<head>` and `</head>` in `index_html`.
pub fn head_of(index_html: &str) -> Option<&str> {
    let start = index_html.find("<head>")? + "<head>".len();
    let end = index_html.find("</head>")?;
    index_html.get(start..end)
}
