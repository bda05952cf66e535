//! The course's own text, as the NLP widgets' corpus: every section of every written chapter,
//! loaded once per page.

use crate::search::{Sections, course_sections};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// A signal that holds the course's sections once they are loaded.
pub fn sections() -> Sections {
    let sections = RwSignal::new_local(None);
    spawn_local(async move {
        sections.try_set(Some(course_sections().await));
    });
    sections
}
