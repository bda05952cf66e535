//! Stratified splits: every part keeps the table's share of positive rows.

use crate::seeded::Rng;

/// Row indices of each class, each list shuffled with `seed`.
fn shuffled_by_class(labels: &[bool], seed: u64) -> [Vec<usize>; 2] {
    let mut rng = Rng::new(seed);
    let mut classes: [Vec<usize>; 2] = [Vec::new(), Vec::new()];
    for (index, &label) in labels.iter().enumerate() {
        classes[usize::from(label)].push(index);
    }
    for class in &mut classes {
        rng.shuffle(class);
    }
    classes
}

/// `(train, test)` indices with `test_share` of each class in the test part.
pub fn stratified_split(labels: &[bool], test_share: f64, seed: u64) -> (Vec<usize>, Vec<usize>) {
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for class in shuffled_by_class(labels, seed) {
        let test_count = (class.len() as f64 * test_share).round() as usize;
        test.extend_from_slice(&class[..test_count]);
        train.extend_from_slice(&class[test_count..]);
    }
    train.sort_unstable();
    test.sort_unstable();
    (train, test)
}

/// `k` folds of positions `0..labels.len()`: each fold's `(train, held_out)` positions, every
/// position held out exactly once, each class spread evenly.
pub fn stratified_folds(labels: &[bool], k: usize, seed: u64) -> Vec<(Vec<usize>, Vec<usize>)> {
    let k = k.max(2);
    let mut fold_of = vec![0; labels.len()];
    for class in shuffled_by_class(labels, seed) {
        for (rank, index) in class.into_iter().enumerate() {
            fold_of[index] = rank % k;
        }
    }
    (0..k)
        .map(|fold| {
            let (held_out, train): (Vec<usize>, Vec<usize>) =
                (0..labels.len()).partition(|&index| fold_of[index] == fold);
            (train, held_out)
        })
        .collect()
}
