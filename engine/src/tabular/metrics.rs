//! Metrics of predicted probabilities against true labels.

/// The share of rows where `probability ≥ 0.5` matches the label.
pub fn accuracy(probabilities: &[f64], labels: &[bool]) -> f64 {
    let right = probabilities
        .iter()
        .zip(labels)
        .filter(|&(&probability, &label)| (probability >= 0.5) == label)
        .count();
    right as f64 / labels.len().max(1) as f64
}

/// Mean negative log-likelihood (natural log), probabilities clipped to [1e-15, 1 − 1e-15].
pub fn log_loss(probabilities: &[f64], labels: &[bool]) -> f64 {
    let total: f64 = probabilities
        .iter()
        .zip(labels)
        .map(|(&probability, &label)| {
            let probability = probability.clamp(1e-15, 1.0 - 1e-15);
            -if label {
                probability.ln()
            } else {
                (1.0 - probability).ln()
            }
        })
        .sum();
    total / labels.len().max(1) as f64
}

/// The area under the ROC curve: the chance that a random positive scores above a random
/// negative (ties count half). 0.5 when a class is missing.
pub fn roc_auc(scores: &[f64], labels: &[bool]) -> f64 {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[a].total_cmp(&scores[b]));
    // Average ranks (1-based) over ties.
    let mut ranks = vec![0.0; scores.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && scores[order[end]] == scores[order[start]] {
            end += 1;
        }
        let rank = (start + end + 1) as f64 / 2.0;
        for &index in &order[start..end] {
            ranks[index] = rank;
        }
        start = end;
    }
    let positives = labels.iter().filter(|&&label| label).count() as f64;
    let negatives = labels.len() as f64 - positives;
    if positives == 0.0 || negatives == 0.0 {
        return 0.5;
    }
    let positive_ranks: f64 = ranks
        .iter()
        .zip(labels)
        .filter(|&(_, &label)| label)
        .map(|(rank, _)| rank)
        .sum();
    (positive_ranks - positives * (positives + 1.0) / 2.0) / (positives * negatives)
}
