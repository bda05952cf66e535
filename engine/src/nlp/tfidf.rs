//! TF-IDF retrieval: documents and queries as vectors of term weights (how often a term occurs
//! here, times how rare it is everywhere), ranked by cosine similarity.

use super::terms;
use std::collections::HashMap;

/// Words too common to say anything about a document.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "for", "from", "has", "have", "how",
    "in", "is", "it", "its", "of", "on", "or", "that", "the", "their", "them", "then", "there",
    "these", "this", "to", "was", "we", "what", "when", "which", "with", "you", "your",
];

/// One ranked document.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub document: usize,
    /// Cosine similarity with the query, 0 to 1.
    pub score: f64,
    /// The query's terms found in the document, heaviest first.
    pub shared_terms: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct TfIdf {
    /// Inverse document frequency of every term seen.
    idf: HashMap<String, f64>,
    /// Each document's unit-length weights.
    documents: Vec<HashMap<String, f64>>,
}

fn counts(text: &str) -> HashMap<String, f64> {
    let mut counts = HashMap::new();
    for term in terms(text) {
        if !STOP_WORDS.contains(&term.as_str()) {
            *counts.entry(term).or_insert(0.0) += 1.0;
        }
    }
    counts
}

fn normalised(mut weights: HashMap<String, f64>) -> HashMap<String, f64> {
    let length = weights
        .values()
        .map(|weight| weight * weight)
        .sum::<f64>()
        .sqrt();
    if length > 0.0 {
        weights.values_mut().for_each(|weight| *weight /= length);
    }
    weights
}

impl TfIdf {
    /// Indexes `documents`. Weights are `(1 + ln tf) · ln((1 + N) / (1 + df)) + 1` (smoothed,
    /// as scikit-learn's `TfidfVectorizer` with `sublinear_tf`).
    pub fn build<S: AsRef<str>>(documents: &[S]) -> Self {
        let counted: Vec<HashMap<String, f64>> = documents
            .iter()
            .map(|document| counts(document.as_ref()))
            .collect();
        let mut frequency: HashMap<String, f64> = HashMap::new();
        for document in &counted {
            for term in document.keys() {
                *frequency.entry(term.clone()).or_insert(0.0) += 1.0;
            }
        }
        let total = counted.len() as f64;
        let idf: HashMap<String, f64> = frequency
            .into_iter()
            .map(|(term, df)| (term, ((1.0 + total) / (1.0 + df)).ln() + 1.0))
            .collect();
        let documents = counted
            .into_iter()
            .map(|document| {
                normalised(
                    document
                        .into_iter()
                        .map(|(term, tf)| {
                            let weight = (1.0 + tf.ln()) * idf[&term];
                            (term, weight)
                        })
                        .collect(),
                )
            })
            .collect();
        Self { idf, documents }
    }

    pub fn len(&self) -> usize {
        self.documents.len()
    }

    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }

    /// The query's terms that occur in the index, with their weights, heaviest first.
    pub fn query_weights(&self, query: &str) -> Vec<(String, f64)> {
        let weights = normalised(
            counts(query)
                .into_iter()
                .filter_map(|(term, tf)| {
                    Some((term.clone(), (1.0 + tf.ln()) * self.idf.get(&term)?))
                })
                .collect(),
        );
        let mut weights: Vec<(String, f64)> = weights.into_iter().collect();
        weights.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        weights
    }

    /// The `limit` documents most similar to `query` (score above 0), best first.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Match> {
        let query = self.query_weights(query);
        let mut matches: Vec<Match> = self
            .documents
            .iter()
            .enumerate()
            .filter_map(|(index, document)| {
                let mut shared: Vec<(String, f64)> = query
                    .iter()
                    .filter_map(|(term, weight)| Some((term.clone(), weight * document.get(term)?)))
                    .collect();
                let score: f64 = shared.iter().map(|(_, part)| part).sum();
                if score <= 0.0 {
                    return None;
                }
                shared.sort_by(|a, b| b.1.total_cmp(&a.1));
                Some(Match {
                    document: index,
                    score,
                    shared_terms: shared.into_iter().map(|(term, _)| term).collect(),
                })
            })
            .collect();
        matches.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.document.cmp(&b.document))
        });
        matches.truncate(limit);
        matches
    }
}

#[cfg(test)]
mod tests {
    use super::TfIdf;

    #[test]
    fn the_document_sharing_the_rare_terms_ranks_first() {
        let documents = [
            "Gradient descent follows the gradient of the loss downhill.",
            "An isolation forest isolates anomalies with random splits.",
            "The loss of a classifier is its cross-entropy.",
        ];
        let index = TfIdf::build(&documents);
        let matches = index.search("random forest for anomalies", 3);
        assert_eq!(matches.len(), 1);
        assert_eq!(matches[0].document, 1);
        assert!(matches[0].score > 0.3 && matches[0].score <= 1.0 + 1e-12);
        let matches = index.search("the loss", 3);
        assert_eq!(
            matches.len(),
            2,
            "'the' is a stop word; 'loss' is in two documents"
        );
        assert!(index.search("transformer", 3).is_empty());
        let weights = index.query_weights("loss isolation isolation");
        assert_eq!(
            weights[0].0, "isolation",
            "the rarer, repeated term weighs most"
        );
    }

    #[test]
    fn a_document_matches_itself_best() {
        let documents = [
            "k-means moves centres",
            "dbscan finds dense regions",
            "pca finds axes",
        ];
        let index = TfIdf::build(&documents);
        for (number, document) in documents.iter().enumerate() {
            let best = &index.search(document, 1)[0];
            assert_eq!(best.document, number);
            assert!((best.score - 1.0).abs() < 1e-9);
        }
    }
}
