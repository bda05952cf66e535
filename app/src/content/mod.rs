//! Course text: the chapters' Markdown from `content/chapters/`, rendered to HTML when the site
//! is built (`app/build.rs`, with [`markdown`]'s rules), in pieces: HTML, code cells and widgets.

/// One piece of a rendered chapter, in order.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Piece {
    Html(&'static str),
    Cell {
        id: &'static str,
        title: &'static str,
        source: &'static str,
    },
    Widget(&'static str),
}

/// One chapter's rendered text.
pub struct ChapterText {
    pub slug: &'static str,
    pub pieces: &'static [Piece],
}

// `CHAPTER_TEXTS`, rendered by `app/build.rs`.
include!(concat!(env!("OUT_DIR"), "/chapter_texts.rs"));

/// The rendered text of chapter `slug`, if it has been written.
pub fn chapter_text(slug: &str) -> Option<&'static [Piece]> {
    let text = CHAPTER_TEXTS.iter().find(|text| text.slug == slug)?;
    Some(text.pieces)
}

#[cfg(test)]
mod markdown;
#[cfg(test)]
mod tests;
