//! Embedding: `/embed/NAME/` for every widget (the widget alone, with one line of credit under
//! it, sized to its content; `public/embed-page.js` reads its state from the address and
//! talks to the framing page), and `/embed.js`, the loader other pages include for the
//! `<ml-intro-widget>` element (`embed_loader.js` with the widgets' descriptions).

use crate::course::Chapter;
use crate::escape::{attribute, text};
use crate::page::{chapter_url, site_head};
use crate::start_scripts::program_start_url;
use crate::widgets::{WIDGETS, WidgetInfo};
use std::fmt::Write;

const LOADER_TEMPLATE: &str = include_str!("embed_loader.js");
const WIDGETS_MARKER: &str = "/* WIDGETS */ {}";

/// The URL of a widget's embed page.
pub fn embed_url(name: &str) -> String {
    format!("/embed/{name}/")
}

/// `/embed.js`: the loader, knowing every widget's description for its previews.
pub fn loader() -> String {
    let descriptions: serde_json::Map<String, serde_json::Value> = WIDGETS
        .iter()
        .map(|widget| (widget.name.to_string(), widget.description.into()))
        .collect();
    let json = serde_json::Value::Object(descriptions).to_string();
    // `</` cannot end a script block here: the loader is a file, but keep it inert anyway.
    LOADER_TEMPLATE.replacen(WIDGETS_MARKER, &json.replace("</", "<\\/"), 1)
}

/// The embed page of `widget`; `chapter` is where the course shows it (for the credit link).
pub fn embed_page(index_head: &str, widget: &WidgetInfo, chapter: Option<&Chapter>) -> String {
    let program = widget.programs[0];
    let head = site_head(
        index_head,
        &format!("{} — ml-intro widget", widget.name),
        widget.description,
    );
    let credit = match chapter {
        Some(chapter) => format!(
            r#"<a href="{}" target="_blank" rel="noopener">ml-intro · {}</a>"#,
            chapter_url(chapter.slug),
            text(chapter.title)
        ),
        None => r#"<a href="/" target="_blank" rel="noopener">ml-intro</a>"#.to_string(),
    };
    let mut page = String::new();
    let _ = write!(
        page,
        r#"<!doctype html>
<html lang="en">
<head>{head}</head>
<body class="embed-page" data-page="embed" data-widget="{name}">
<div id="embed-root" class="embed-root">
<div class="widget-island" data-widget="{name}" data-params="{{}}"><p class="island-note">{description} <em>(A live widget: it starts when JavaScript is on.)</em></p></div>
<p class="embed-credit">{credit} · trains in your browser <span id="embed-runner-note" class="embed-runner-note" data-testid="embed-runner-note" hidden></span></p>
</div>
<script src="/embed-page.js"></script>
<script src="/{program}.js"></script>
<script src="{start}"></script>
</body>
</html>
"#,
        name = attribute(widget.name),
        description = text(widget.description),
        start = program_start_url(program),
    );
    page
}
