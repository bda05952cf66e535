//! The live fences of a chapter: ```` ```rhai run id=NAME title="TITLE" ```` (a code cell) and
//! ```` ```widget NAME key=value ```` (a widget), and the placeholders the app mounts into.

use crate::escape::{attribute, text as escape_text};
use crate::markdown::Rendered;
use crate::widgets;
use std::collections::BTreeMap;

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
    pub(crate) fn placeholder(
        self,
        slug: &str,
        source: &str,
        out: &mut Rendered,
    ) -> Result<String, String> {
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
