//! The course's own text, as the NLP widgets' corpus: every section of every written chapter,
//! loaded once per page.

use crate::search::course_sections;
use crate::search::rank::Entry;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// A signal that holds the course's sections once they are loaded (or why they are not).
pub fn sections() -> RwSignal<Option<Result<Vec<Entry>, String>>> {
    let sections = RwSignal::new(None);
    spawn_local(async move {
        let loaded = course_sections()
            .await
            .map(|sections| sections.as_ref().clone());
        sections.try_set(Some(loaded));
    });
    sections
}
