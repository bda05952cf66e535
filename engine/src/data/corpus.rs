//! A character corpus for language models. The default is the course's own chapters.

/// The course's own text (its written chapters), used when a spec names no corpus file.
pub const COURSE_TEXT: &[&str] = &[
    include_str!("../../../content/chapters/math-primer.md"),
    include_str!("../../../content/chapters/supervised.md"),
    include_str!("../../../content/chapters/unsupervised.md"),
    include_str!("../../../content/chapters/neural-networks.md"),
    include_str!("../../../content/chapters/nlp.md"),
];

/// Text as a sequence of character ids over its own alphabet.
#[derive(Debug, Clone, PartialEq)]
pub struct Corpus {
    /// The distinct characters, sorted; a character's id is its index here.
    pub alphabet: Vec<char>,
    /// The text as character ids.
    pub tokens: Vec<u32>,
}

impl Corpus {
    /// The corpus of `text`, whose alphabet is exactly the characters it uses.
    pub fn from_text(text: &str) -> Self {
        let mut alphabet: Vec<char> = text.chars().collect();
        alphabet.sort_unstable();
        alphabet.dedup();
        let tokens = text
            .chars()
            .map(|character| alphabet.binary_search(&character).unwrap_or(0) as u32)
            .collect();
        Self { alphabet, tokens }
    }

    /// The course's own text.
    pub fn course() -> Self {
        Self::from_text(&COURSE_TEXT.join("\n"))
    }

    /// Characters in the corpus.
    pub fn len(&self) -> usize {
        self.tokens.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Entropy of the character frequencies in nats: the cross-entropy of the best model that
    /// ignores context. A language model that learns anything beats it.
    pub fn unigram_entropy(&self) -> f32 {
        let mut counts = vec![0usize; self.alphabet.len()];
        for &token in &self.tokens {
            counts[token as usize] += 1;
        }
        let total = self.tokens.len() as f64;
        -counts
            .iter()
            .filter(|&&count| count > 0)
            .map(|&count| {
                let share = count as f64 / total;
                share * share.ln()
            })
            .sum::<f64>() as f32
    }

    /// The text of character ids (unknown ids become `�`).
    pub fn decode(&self, tokens: &[u32]) -> String {
        tokens
            .iter()
            .map(|&token| {
                self.alphabet
                    .get(token as usize)
                    .copied()
                    .unwrap_or(char::REPLACEMENT_CHARACTER)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_round_trips_and_entropy_is_that_of_the_frequencies() {
        let corpus = Corpus::from_text("abab");
        assert_eq!(corpus.alphabet, vec!['a', 'b']);
        assert_eq!(corpus.decode(&corpus.tokens), "abab");
        assert!((corpus.unigram_entropy() - 2f32.ln()).abs() < 1e-6);
        assert_eq!(Corpus::from_text("aaaa").unigram_entropy(), 0.0);
    }

    #[test]
    fn the_course_corpus_is_real_text() {
        let corpus = Corpus::course();
        assert!(corpus.len() > 5_000, "only {} characters", corpus.len());
        assert!(corpus.alphabet.contains(&'e') && corpus.alphabet.contains(&' '));
        let entropy = corpus.unigram_entropy();
        assert!((2.0..5.0).contains(&entropy), "unigram entropy {entropy}");
    }
}
