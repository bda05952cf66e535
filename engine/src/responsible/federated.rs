//! Federated averaging (McMahan et al., 2017): clients that keep their data train the shared
//! model locally for a few steps, and the server averages their models, weighted by how much
//! data each holds. Here the clients' data are skewed: each sees mostly one kind of applicant.

use super::applicants::Applicant;
use super::logistic::Logistic;

/// Splits applicants among `clients` so that each sees a narrow, unrepresentative slice:
/// sorted by outcome, then income, and cut in equal runs (most clients see only repayers, or
/// only defaulters, of similar incomes).
pub fn skewed_clients(applicants: &[Applicant], clients: usize) -> Vec<Vec<Applicant>> {
    let mut sorted = applicants.to_vec();
    sorted.sort_by(|a, b| {
        a.label
            .cmp(&b.label)
            .then(a.features[0].total_cmp(&b.features[0]))
    });
    let size = sorted.len().div_ceil(clients.max(1));
    sorted
        .chunks(size.max(1))
        .map(<[Applicant]>::to_vec)
        .collect()
}

fn inputs(applicants: &[Applicant]) -> (Vec<[f64; 2]>, Vec<bool>) {
    (
        applicants.iter().map(|a| a.features).collect(),
        applicants.iter().map(|a| a.label).collect(),
    )
}

/// One round: every client starts from `global`, takes `local_steps` gradient steps on its
/// own data, and the server averages the results by data size.
pub fn federated_round(
    global: &Logistic,
    clients: &[Vec<Applicant>],
    local_steps: usize,
    learning_rate: f64,
) -> Logistic {
    let total: usize = clients.iter().map(Vec::len).sum();
    let mut averaged = [0.0; 3];
    for client in clients {
        let (x, y) = inputs(client);
        let mut local = *global;
        for _ in 0..local_steps {
            local.step(&x, &y, learning_rate);
        }
        let weight = client.len() as f64 / total.max(1) as f64;
        for (sum, value) in averaged.iter_mut().zip(local.weights) {
            *sum += weight * value;
        }
    }
    Logistic { weights: averaged }
}

/// A model trained on one client's data alone, for comparison.
pub fn local_only(client: &[Applicant], steps: usize, learning_rate: f64) -> Logistic {
    let (x, y) = inputs(client);
    let mut model = Logistic::default();
    for _ in 0..steps {
        model.step(&x, &y, learning_rate);
    }
    model
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::responsible::applicants::{applicants, inputs_and_labels};

    /// Chapter 14's target: after 30 rounds the federated model does better on everyone's
    /// data than the best model any single skewed client could train alone.
    #[test]
    fn federated_averaging_beats_every_client_alone() {
        let data = applicants(3000, 1);
        let (all_x, all_y) = inputs_and_labels(&data);
        let clients = skewed_clients(&data, 5);
        let mut global = Logistic::default();
        for _ in 0..30 {
            global = federated_round(&global, &clients, 5, 0.5);
        }
        let federated = global.accuracy(&all_x, &all_y);
        let best_alone = clients
            .iter()
            .map(|client| local_only(client, 150, 0.5).accuracy(&all_x, &all_y))
            .fold(0.0, f64::max);
        eprintln!(
            "accuracy on everyone: federated {federated:.3}, best single client {best_alone:.3}"
        );
        assert!(federated > best_alone + 0.02);
    }
}
