//! The workflow on the shipped data set (`content/data/breast-cancer.csv`).

use super::calibration::{Calibrator, expected_calibration_error, reliability};
use super::gbt::GbtSettings;
use super::metrics::roc_auc;
use super::mlp::MlpSettings;
use super::model::{
    ModelKind, Scores, cross_validate, label_suspects, out_of_fold, permutation_importance,
};
use super::split::{stratified_folds, stratified_split};
use super::table::{Table, TableError};
use crate::seeded::Rng;

const CSV: &str = include_str!("../../../content/data/breast-cancer.csv");

fn data() -> (Table, Vec<usize>, Vec<usize>) {
    let table = Table::parse(CSV).expect("the shipped table parses");
    let (train, test) = stratified_split(&table.labels, 0.2, 7);
    (table, train, test)
}

#[test]
fn the_shipped_table_parses_and_bad_rows_name_their_place() {
    let (table, train, test) = data();
    assert_eq!((table.len(), table.feature_names.len()), (569, 30));
    assert_eq!(table.labels.iter().filter(|&&label| label).count(), 212);
    assert_eq!(table.feature_names[0], "mean_radius");
    let share = |rows: &[usize]| {
        rows.iter().filter(|&&row| table.labels[row]).count() as f64 / rows.len() as f64
    };
    assert!((share(&train) - share(&test)).abs() < 0.01, "stratified");
    assert_eq!(train.len() + test.len(), 569);
    assert_eq!(
        Table::parse("a,b,label\n1,2,0\n3,x,1\n"),
        Err(TableError::NotANumber {
            line: 3,
            column: "b".into(),
            text: "x".into()
        })
    );
    assert_eq!(
        Table::parse("a,label\n1,0\n2\n"),
        Err(TableError::Width {
            line: 3,
            found: 1,
            expected: 2
        })
    );
    assert_eq!(
        Table::parse("a,label\n1,0\n2,yes\n"),
        Err(TableError::Label {
            line: 3,
            text: "yes".into()
        })
    );
}

#[test]
fn folds_hold_every_row_out_once() {
    let labels: Vec<bool> = (0..103).map(|index| index % 3 == 0).collect();
    let folds = stratified_folds(&labels, 5, 1);
    let mut seen = vec![0; labels.len()];
    for (train, held_out) in &folds {
        assert_eq!(train.len() + held_out.len(), labels.len());
        for &row in held_out {
            seen[row] += 1;
        }
    }
    assert!(seen.iter().all(|&count| count == 1));
}

#[test]
fn trees_and_the_network_beat_the_baseline_on_held_out_rows() {
    let (table, train, test) = data();
    let (train_rows, train_labels) = table.pick(&train);
    let (test_rows, test_labels) = table.pick(&test);
    let score = |kind: ModelKind| {
        let model = kind.fit(&train_rows, &train_labels);
        Scores::of(&model.probabilities(&test_rows), &test_labels)
    };
    let baseline = score(ModelKind::Majority);
    let trees = score(ModelKind::Gbt(GbtSettings::default()));
    let network = score(ModelKind::Mlp(MlpSettings::default()));
    assert!((baseline.accuracy - 0.626).abs() < 0.01, "{baseline:?}");
    assert!(trees.accuracy > 0.93 && trees.auc > 0.97, "{trees:?}");
    assert!(network.accuracy > 0.93 && network.auc > 0.97, "{network:?}");
    assert!(trees.log_loss < baseline.log_loss && network.log_loss < baseline.log_loss);
    let folds = cross_validate(
        &ModelKind::Gbt(GbtSettings::default()),
        &train_rows,
        &train_labels,
        5,
        3,
    );
    assert_eq!(folds.len(), 5);
    assert!(folds.iter().all(|fold| fold.auc > 0.9), "{folds:?}");
}

#[test]
fn auc_counts_ranks() {
    assert_eq!(
        roc_auc(&[0.1, 0.2, 0.8, 0.9], &[false, false, true, true]),
        1.0
    );
    assert_eq!(
        roc_auc(&[0.9, 0.8, 0.2, 0.1], &[false, false, true, true]),
        0.0
    );
    assert_eq!(roc_auc(&[0.5, 0.5], &[false, true]), 0.5);
}

#[test]
fn isotonic_calibration_is_monotone_and_closes_the_gap() {
    let (table, train, _) = data();
    let (rows, labels) = table.pick(&train);
    let kind = ModelKind::Gbt(GbtSettings {
        trees: 30,
        ..GbtSettings::default()
    });
    let raw = out_of_fold(&kind, &rows, &labels, 5, 2);
    let isotonic = Calibrator::isotonic(&raw, &labels);
    let mut previous = 0.0;
    for step in 0..=100 {
        let value = isotonic.apply(f64::from(step) / 100.0);
        assert!(value >= previous - 1e-12);
        previous = value;
    }
    let before = expected_calibration_error(&reliability(&raw, &labels, 10));
    let calibrated: Vec<f64> = raw.iter().map(|&p| isotonic.apply(p)).collect();
    let after = expected_calibration_error(&reliability(&calibrated, &labels, 10));
    assert!(after <= before + 1e-12, "{after} > {before}");
    let platt = Calibrator::platt(&raw, &labels);
    let Calibrator::Platt { a, .. } = platt else {
        panic!("Platt")
    };
    assert!(a > 0.0, "higher scores stay more likely positive");
}

#[test]
fn permutation_importance_ignores_a_noise_column() {
    let (table, train, test) = data();
    let mut rng = Rng::new(4);
    let with_noise = |rows: Vec<Vec<f64>>, rng: &mut Rng| -> Vec<Vec<f64>> {
        rows.into_iter()
            .map(|mut row| {
                row.push(rng.normal());
                row
            })
            .collect()
    };
    let (train_rows, train_labels) = table.pick(&train);
    let (test_rows, test_labels) = table.pick(&test);
    let (train_rows, test_rows) = (
        with_noise(train_rows, &mut rng),
        with_noise(test_rows, &mut rng),
    );
    let model = ModelKind::Gbt(GbtSettings::default()).fit(&train_rows, &train_labels);
    let importance = permutation_importance(&model, &test_rows, &test_labels, 3, 5);
    let noise = importance[30];
    let best = importance.iter().copied().fold(f64::MIN, f64::max);
    assert!(
        noise.abs() < 0.01 && best > 5.0 * noise.abs().max(0.001),
        "noise {noise}, best {best}"
    );
}

#[test]
fn the_audit_finds_flipped_labels() {
    let (table, train, _) = data();
    let (rows, mut labels) = table.pick(&train);
    let mut rng = Rng::new(8);
    let mut flipped: Vec<usize> = (0..labels.len()).collect();
    rng.shuffle(&mut flipped);
    flipped.truncate(labels.len() / 20);
    for &row in &flipped {
        labels[row] = !labels[row];
    }
    let oof = out_of_fold(
        &ModelKind::Gbt(GbtSettings::default()),
        &rows,
        &labels,
        5,
        1,
    );
    let suspects = label_suspects(&oof, &labels);
    let caught = suspects[..2 * flipped.len()]
        .iter()
        .filter(|row| flipped.contains(row))
        .count();
    assert!(
        caught * 10 >= flipped.len() * 7,
        "{caught} of {} flipped labels",
        flipped.len()
    );
}

#[test]
fn eight_bit_weights_keep_the_networks_predictions() {
    let (table, train, test) = data();
    let (train_rows, train_labels) = table.pick(&train);
    let (test_rows, test_labels) = table.pick(&test);
    let model = super::mlp::Mlp::fit(
        &train_rows,
        &train_labels,
        &MlpSettings {
            hidden: 16,
            ..MlpSettings::default()
        },
    );
    let before = Scores::of(&model.probabilities(&test_rows), &test_labels);
    let after = Scores::of(
        &model.with_quantized_weights(8).probabilities(&test_rows),
        &test_labels,
    );
    assert!(
        (before.accuracy - after.accuracy).abs() <= 0.01,
        "{before:?} {after:?}"
    );
    assert!((before.auc - after.auc).abs() <= 0.005);
    let two_bits = Scores::of(
        &model.with_quantized_weights(2).probabilities(&test_rows),
        &test_labels,
    );
    assert!(
        two_bits.log_loss > after.log_loss,
        "two bits lose information"
    );
    assert_eq!(model.parameter_count(), 30 * 16 + 16 + 16 + 1);
}
