//! Text without a neural network (chapter 7): tokenizers (characters, words, byte-pair
//! encoding learned from a corpus) and TF-IDF retrieval. Plain Rust, run in the page.

pub mod bpe;
pub mod tfidf;

/// `text` split into words and single punctuation marks (white space dropped).
pub fn words(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut word = String::new();
    for character in text.chars() {
        if character.is_alphanumeric() || character == '\'' {
            word.push(character);
            continue;
        }
        if !word.is_empty() {
            tokens.push(std::mem::take(&mut word));
        }
        if !character.is_whitespace() {
            tokens.push(character.to_string());
        }
    }
    if !word.is_empty() {
        tokens.push(word);
    }
    tokens
}

/// Lower-case words of `text` (no punctuation), for counting.
pub fn terms(text: &str) -> Vec<String> {
    text.split(|character: char| !character.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{terms, words};

    #[test]
    fn words_keep_punctuation_as_tokens() {
        assert_eq!(
            words("Don't panic, it's fine."),
            ["Don't", "panic", ",", "it's", "fine", "."]
        );
        assert_eq!(
            terms("The KL-divergence, again"),
            ["the", "kl", "divergence", "again"]
        );
    }
}
