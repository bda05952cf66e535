//! Ranking the search index's sections for a query: every word of the query must occur in the
//! section (its chapter title, heading or text); a word in a heading counts most.

use serde::Deserialize;

/// One section of a chapter, as `ml-intro-pages` writes it into `search-index.json`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Entry {
    pub chapter: u8,
    pub title: String,
    pub heading: String,
    pub url: String,
    pub text: String,
}

/// A match: the entry and a short piece of text around the first word found.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit<'a> {
    pub entry: &'a Entry,
    pub snippet: String,
}

const SNIPPET_CHARS: usize = 90;

/// The best `limit` entries for `query`, best first.
pub fn search<'a>(entries: &'a [Entry], query: &str, limit: usize) -> Vec<Hit<'a>> {
    let words: Vec<String> = query
        .split(|character: char| !character.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect();
    if words.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(usize, &Entry)> = entries
        .iter()
        .filter_map(|entry| Some((score(entry, &words)?, entry)))
        .collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.chapter.cmp(&b.1.chapter)));
    scored
        .into_iter()
        .take(limit)
        .map(|(_, entry)| Hit {
            entry,
            snippet: snippet(&entry.text, &words[0]),
        })
        .collect()
}

fn score(entry: &Entry, words: &[String]) -> Option<usize> {
    let heading = entry.heading.to_lowercase();
    let title = entry.title.to_lowercase();
    let text = entry.text.to_lowercase();
    let mut total = 0;
    for word in words {
        let in_heading = heading.matches(word.as_str()).count();
        let in_title = title.matches(word.as_str()).count();
        let in_text = text.matches(word.as_str()).count();
        if in_heading + in_title + in_text == 0 {
            return None;
        }
        total += 10 * in_heading + 4 * in_title + in_text.min(5);
    }
    Some(total)
}

/// About [`SNIPPET_CHARS`] characters of `text` around the first `word`, cut at spaces.
fn snippet(text: &str, word: &str) -> String {
    let lower = text.to_lowercase();
    // Lower-casing can change byte lengths: find the word by characters, not bytes.
    let at_char = lower
        .find(word)
        .map_or(0, |byte| lower[..byte].chars().count());
    let characters: Vec<char> = text.chars().collect();
    let start = at_char.saturating_sub(SNIPPET_CHARS / 3);
    let end = (start + SNIPPET_CHARS).min(characters.len());
    let mut piece: String = characters[start..end].iter().collect();
    if start > 0 {
        piece = format!(
            "…{}",
            piece
                .split_once(' ')
                .map_or(piece.as_str(), |(_, rest)| rest)
        );
    }
    if end < characters.len() {
        piece = format!(
            "{}…",
            piece
                .rsplit_once(' ')
                .map_or(piece.as_str(), |(kept, _)| kept)
        );
    }
    piece
}

#[cfg(test)]
mod tests {
    use super::{Entry, search};

    fn entry(chapter: u8, heading: &str, text: &str) -> Entry {
        Entry {
            chapter,
            title: format!("Chapter {chapter}"),
            heading: heading.into(),
            url: format!("/chapters/{chapter}/"),
            text: text.into(),
        }
    }

    #[test]
    fn every_word_must_match_and_headings_rank_first() {
        let entries = [
            entry(
                1,
                "Eigenvectors",
                "A matrix times its eigenvector is a multiple of it.",
            ),
            entry(
                2,
                "Trees",
                "Gradient-boosted trees split on features; an eigenvector is not needed.",
            ),
            entry(
                3,
                "Eigenvectors and PCA",
                "PCA keeps the directions of largest variance.",
            ),
        ];
        let hits = search(&entries, "Eigenvector", 10);
        let chapters: Vec<u8> = hits.iter().map(|hit| hit.entry.chapter).collect();
        assert_eq!(chapters, [1, 3, 2]);
        let hits = search(&entries, "eigenvector PCA", 10);
        assert_eq!(hits.len(), 1);
        assert_eq!(hits[0].entry.chapter, 3);
        assert!(search(&entries, "  ", 10).is_empty());
        assert!(search(&entries, "transformer", 10).is_empty());
    }

    #[test]
    fn the_snippet_shows_the_word_in_context() {
        let text =
            "word ".repeat(40) + "Kullback–Leibler divergence measures " + &"more ".repeat(40);
        let entries = [entry(1, "KL", &text)];
        let hits = search(&entries, "divergence", 1);
        let snippet = &hits[0].snippet;
        assert!(snippet.contains("Kullback–Leibler divergence"), "{snippet}");
        assert!(
            snippet.starts_with('…') && snippet.ends_with('…'),
            "{snippet}"
        );
        assert!(snippet.chars().count() <= 92, "{snippet}");
    }
}
