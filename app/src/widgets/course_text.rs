//! The course's own text, as the NLP widgets' corpus: every section of every written chapter,
//! loaded once per page.

use crate::search::{Sections, course_sections};
use leptos::prelude::*;
use leptos::task::spawn_local;
use ml_intro_engine::nlp::tfidf::TfIdf;

/// A signal that holds the course's sections once they are loaded.
pub fn sections() -> Sections {
    let sections = RwSignal::new_local(None);
    spawn_local(async move {
        sections.try_set(Some(course_sections().await));
    });
    sections
}

/// A TF-IDF index over the sections (title, heading and text of each), once they are loaded.
pub fn tfidf_index(sections: Sections) -> Memo<Option<TfIdf>> {
    Memo::new(move |_| {
        sections.with(|sections| match sections {
            Some(Ok(sections)) => Some(TfIdf::build(
                &sections
                    .iter()
                    .map(|entry| format!("{} {} {}", entry.title, entry.heading, entry.text))
                    .collect::<Vec<_>>(),
            )),
            _ => None,
        })
    })
}
