//! What a fenced block's info string asks for: ```` ```rhai run id=NAME title="TITLE" ```` a
//! code cell, ```` ```widget NAME ```` a widget; anything else is a listing (`None`).

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
