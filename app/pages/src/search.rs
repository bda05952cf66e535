//! The search index: every chapter section's title, heading and plain text, written as
//! `search-index.json` for the app to search in the browser.

use crate::course::Chapter;
use crate::markdown::Rendered;
use crate::page::chapter_url;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct Entry {
    pub chapter: u8,
    pub title: String,
    pub heading: String,
    pub url: String,
    pub text: String,
}

/// One entry per section of `chapter` (its topics, while it is not written yet).
pub fn entries(chapter: &Chapter, rendered: Option<&Rendered>) -> Vec<Entry> {
    let url = chapter_url(chapter.slug);
    let Some(rendered) = rendered else {
        return vec![Entry {
            chapter: chapter.number,
            title: chapter.title.to_string(),
            heading: String::new(),
            url,
            text: format!("{} {}", chapter.summary, chapter.topics.join(" ")),
        }];
    };
    rendered
        .sections
        .iter()
        .map(|section| Entry {
            chapter: chapter.number,
            title: chapter.title.to_string(),
            heading: section.heading.clone(),
            url: if section.anchor.is_empty() {
                url.clone()
            } else {
                format!("{url}#{}", section.anchor)
            },
            text: squeeze(&if section.anchor.is_empty() {
                format!("{} {}", chapter.summary, section.text)
            } else {
                section.text.clone()
            }),
        })
        .collect()
}

/// `text` with runs of white space as one space.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
