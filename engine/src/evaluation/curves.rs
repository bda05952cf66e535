//! What a classifier's scores look like at every threshold: the confusion matrix at one
//! threshold, the ROC curve (true against false positive rate) and the precision–recall curve.

/// Counts at one threshold: a row is predicted positive when its score is at least it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Confusion {
    pub true_positives: usize,
    pub false_positives: usize,
    pub true_negatives: usize,
    pub false_negatives: usize,
}

impl Confusion {
    pub fn at(scores: &[f64], labels: &[bool], threshold: f64) -> Self {
        let mut counts = Self::default();
        for (&score, &label) in scores.iter().zip(labels) {
            match (score >= threshold, label) {
                (true, true) => counts.true_positives += 1,
                (true, false) => counts.false_positives += 1,
                (false, false) => counts.true_negatives += 1,
                (false, true) => counts.false_negatives += 1,
            }
        }
        counts
    }

    fn share(part: usize, whole: usize) -> f64 {
        if whole == 0 {
            0.0
        } else {
            part as f64 / whole as f64
        }
    }

    pub fn accuracy(&self) -> f64 {
        let total =
            self.true_positives + self.false_positives + self.true_negatives + self.false_negatives;
        Self::share(self.true_positives + self.true_negatives, total)
    }

    /// Of the rows predicted positive, the share that are (1 when none is predicted).
    pub fn precision(&self) -> f64 {
        let predicted = self.true_positives + self.false_positives;
        if predicted == 0 {
            1.0
        } else {
            Self::share(self.true_positives, predicted)
        }
    }

    /// Of the positive rows, the share predicted positive: the true positive rate.
    pub fn recall(&self) -> f64 {
        Self::share(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }

    pub fn false_positive_rate(&self) -> f64 {
        Self::share(
            self.false_positives,
            self.false_positives + self.true_negatives,
        )
    }

    pub fn f1(&self) -> f64 {
        let (precision, recall) = (self.precision(), self.recall());
        if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        }
    }
}

/// One point of a curve, with the threshold that gives it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CurvePoint {
    pub x: f64,
    pub y: f64,
    pub threshold: f64,
}

/// The confusion at every distinct score used as the threshold, highest first, after the
/// point where nothing is predicted positive.
fn sweep(scores: &[f64], labels: &[bool]) -> Vec<(f64, Confusion)> {
    let mut thresholds: Vec<f64> = scores.to_vec();
    thresholds.sort_by(|a, b| b.total_cmp(a));
    thresholds.dedup();
    std::iter::once(f64::INFINITY)
        .chain(thresholds)
        .map(|threshold| (threshold, Confusion::at(scores, labels, threshold)))
        .collect()
}

/// The ROC curve: `x` the false positive rate, `y` the true positive rate, from (0, 0) to
/// (1, 1).
pub fn roc_curve(scores: &[f64], labels: &[bool]) -> Vec<CurvePoint> {
    sweep(scores, labels)
        .into_iter()
        .map(|(threshold, counts)| CurvePoint {
            x: counts.false_positive_rate(),
            y: counts.recall(),
            threshold,
        })
        .collect()
}

/// The precision–recall curve: `x` recall, `y` precision.
pub fn precision_recall_curve(scores: &[f64], labels: &[bool]) -> Vec<CurvePoint> {
    sweep(scores, labels)
        .into_iter()
        .map(|(threshold, counts)| CurvePoint {
            x: counts.recall(),
            y: counts.precision(),
            threshold,
        })
        .collect()
}

/// The area under a curve whose points go left to right, by trapezoids.
pub fn area_under(points: &[CurvePoint]) -> f64 {
    points
        .windows(2)
        .map(|pair| (pair[1].x - pair[0].x) * (pair[0].y + pair[1].y) / 2.0)
        .sum()
}

/// Average precision: precision at each threshold, weighted by the recall it adds.
pub fn average_precision(scores: &[f64], labels: &[bool]) -> f64 {
    precision_recall_curve(scores, labels)
        .windows(2)
        .map(|pair| (pair[1].x - pair[0].x) * pair[1].y)
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tabular::metrics::roc_auc;

    #[test]
    fn counts_rates_and_curves_agree() {
        let scores = [0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2, 0.1];
        let labels = [true, true, false, true, false, true, false, false];
        let counts = Confusion::at(&scores, &labels, 0.5);
        assert_eq!((counts.true_positives, counts.false_positives), (3, 1));
        assert_eq!((counts.true_negatives, counts.false_negatives), (3, 1));
        assert_eq!(counts.accuracy(), 0.75);
        assert_eq!(counts.precision(), 0.75);
        assert_eq!(counts.recall(), 0.75);
        assert_eq!(counts.false_positive_rate(), 0.25);
        let roc = roc_curve(&scores, &labels);
        assert_eq!((roc[0].x, roc[0].y), (0.0, 0.0));
        assert_eq!((roc.last().unwrap().x, roc.last().unwrap().y), (1.0, 1.0));
        assert!((area_under(&roc) - roc_auc(&scores, &labels)).abs() < 1e-12);
        let pr = precision_recall_curve(&scores, &labels);
        assert_eq!(pr[1].y, 1.0);
        // AP: recall steps of 1/4 at precisions 1, 1, 3/4, 4/6.
        let expected = 0.25 * (1.0 + 1.0 + 0.75 + 4.0 / 6.0);
        assert!((average_precision(&scores, &labels) - expected).abs() < 1e-12);
    }

    /// The chapter's widget: trees trained on the breast-cancer table's training part rank the
    /// held-out rows almost perfectly (ROC AUC ≥ 0.97, average precision ≥ 0.95).
    #[test]
    fn trees_rank_the_held_out_tumours() {
        use crate::tabular::gbt::{Gbt, GbtSettings};
        use crate::tabular::split::stratified_split;
        use crate::tabular::table::Table;
        let table = Table::parse(include_str!("../../../content/data/breast-cancer.csv")).unwrap();
        let (train, test) = stratified_split(&table.labels, 0.2, 7);
        let (train_rows, train_labels) = table.pick(&train);
        let (test_rows, labels) = table.pick(&test);
        let scores =
            Gbt::fit(&train_rows, &train_labels, &GbtSettings::default()).probabilities(&test_rows);
        let (auc, ap) = (
            area_under(&roc_curve(&scores, &labels)),
            average_precision(&scores, &labels),
        );
        eprintln!(
            "held-out ROC AUC {auc:.3}, average precision {ap:.3}, {} rows",
            labels.len()
        );
        assert!(auc >= 0.97 && ap >= 0.95);
    }
}
