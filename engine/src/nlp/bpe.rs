//! Byte-pair encoding (Sennrich et al., 2016), on characters: start from single characters and
//! repeatedly merge the most frequent adjacent pair in the training text into a new token.
//! Merges never cross word boundaries; a word's first piece carries the space before it (`▁`),
//! as SentencePiece writes it.

use std::collections::HashMap;

/// The mark for "a space came before this piece".
pub const SPACE: char = '▁';

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bpe {
    /// The learned merges, most frequent first: `(left, right)` becomes `left + right`.
    pub merges: Vec<(String, String)>,
}

/// `text`'s words with their counts, each as its list of characters (`▁` first).
fn word_counts(text: &str) -> HashMap<Vec<String>, usize> {
    let mut counts: HashMap<Vec<String>, usize> = HashMap::new();
    for word in text.split_whitespace() {
        let pieces: Vec<String> = std::iter::once(SPACE)
            .chain(word.chars())
            .map(String::from)
            .collect();
        *counts.entry(pieces).or_default() += 1;
    }
    counts
}

fn merge_pair(pieces: &[String], left: &str, right: &str) -> Vec<String> {
    let mut merged = Vec::with_capacity(pieces.len());
    let mut index = 0;
    while index < pieces.len() {
        if index + 1 < pieces.len() && pieces[index] == left && pieces[index + 1] == right {
            merged.push(format!("{left}{right}"));
            index += 2;
        } else {
            merged.push(pieces[index].clone());
            index += 1;
        }
    }
    merged
}

impl Bpe {
    /// Learns up to `merges` merges from `text` (fewer when no pair occurs twice).
    pub fn train(text: &str, merges: usize) -> Self {
        let mut words: Vec<(Vec<String>, usize)> = word_counts(text).into_iter().collect();
        // A fixed order, so that ties break the same way on every run.
        words.sort();
        let mut learned = Vec::with_capacity(merges);
        for _ in 0..merges {
            let mut pairs: HashMap<(&str, &str), usize> = HashMap::new();
            for (pieces, count) in &words {
                for pair in pieces.windows(2) {
                    *pairs.entry((&pair[0], &pair[1])).or_default() += count;
                }
            }
            let best = pairs
                .into_iter()
                .filter(|&(_, count)| count >= 2)
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))
                .map(|((left, right), _)| (left.to_string(), right.to_string()));
            let Some((left, right)) = best else {
                break;
            };
            for (pieces, _) in &mut words {
                *pieces = merge_pair(pieces, &left, &right);
            }
            learned.push((left, right));
        }
        Self { merges: learned }
    }

    /// `text` as tokens: each word's characters, merged in the order the merges were learned.
    pub fn encode(&self, text: &str) -> Vec<String> {
        let rank: HashMap<(&str, &str), usize> = self
            .merges
            .iter()
            .enumerate()
            .map(|(rank, (left, right))| ((left.as_str(), right.as_str()), rank))
            .collect();
        let mut tokens = Vec::new();
        for word in text.split_whitespace() {
            let mut pieces: Vec<String> = std::iter::once(SPACE)
                .chain(word.chars())
                .map(String::from)
                .collect();
            loop {
                let best = pieces
                    .windows(2)
                    .filter_map(|pair| rank.get(&(pair[0].as_str(), pair[1].as_str())))
                    .min()
                    .copied();
                let Some(best) = best else {
                    break;
                };
                let (left, right) = &self.merges[best];
                pieces = merge_pair(&pieces, left, right);
            }
            tokens.extend(pieces);
        }
        tokens
    }
}

#[cfg(test)]
mod tests {
    use super::{Bpe, SPACE};

    #[test]
    fn frequent_pairs_merge_first_and_encoding_rebuilds_the_text() {
        let corpus = "low low low lower lowest newer newer wider";
        let bpe = Bpe::train(corpus, 4);
        // "▁l", "lo" and "ow" all occur 5 times: ties go to the pair that sorts first.
        assert_eq!(bpe.merges[0], ("l".to_string(), "o".to_string()));
        assert_eq!(bpe.merges[1], ("lo".to_string(), "w".to_string()));
        let tokens = bpe.encode("lowest newer");
        let rebuilt: String = tokens.concat().replace(SPACE, " ");
        assert_eq!(rebuilt.trim_start(), "lowest newer");
        assert!(tokens.len() < "lowest newer".len(), "{tokens:?}");
    }

    #[test]
    fn more_merges_mean_fewer_tokens() {
        let corpus = "the gradient of the loss ".repeat(20) + "the learning rate and the loss";
        let few = Bpe::train(&corpus, 3).encode("the loss of the gradient");
        let many = Bpe::train(&corpus, 40).encode("the loss of the gradient");
        assert!(many.len() < few.len(), "{many:?} vs {few:?}");
        assert_eq!(Bpe::train(&corpus, 0).encode("ab").len(), 3);
    }
}
