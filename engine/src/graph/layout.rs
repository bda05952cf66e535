//! Where to draw a graph's nodes: a force-directed layout (Fruchterman & Reingold, 1991).
//! Linked nodes pull together, all nodes push apart, and the moves shrink step by step. Seeded,
//! so a graph is drawn the same way every time.

use super::edge_list::Graph;
use crate::seeded::Rng;

/// A position in the unit square for each node.
pub fn force_layout(graph: &Graph, seed: u64) -> Vec<[f64; 2]> {
    let nodes = graph.node_count();
    let mut rng = Rng::new(seed);
    let mut positions: Vec<[f64; 2]> = (0..nodes).map(|_| [rng.uniform(), rng.uniform()]).collect();
    let ideal = (1.0 / nodes.max(1) as f64).sqrt();
    let iterations = 300;
    for iteration in 0..iterations {
        let mut moves = vec![[0.0f64; 2]; nodes];
        for a in 0..nodes {
            for b in (a + 1)..nodes {
                let (dx, dy, distance) = offset(&positions, a, b);
                let push = ideal * ideal / distance;
                apply(&mut moves, a, b, dx / distance * push, dy / distance * push);
            }
        }
        for &(a, b) in graph.edges() {
            let (dx, dy, distance) = offset(&positions, a, b);
            let pull = distance * distance / ideal;
            apply(
                &mut moves,
                a,
                b,
                -dx / distance * pull,
                -dy / distance * pull,
            );
        }
        let temperature = 0.1 * (1.0 - iteration as f64 / iterations as f64);
        for (position, step) in positions.iter_mut().zip(&moves) {
            let length = (step[0] * step[0] + step[1] * step[1]).sqrt().max(1e-12);
            let scale = length.min(temperature) / length;
            position[0] += step[0] * scale;
            position[1] += step[1] * scale;
        }
    }
    fit_unit_square(&mut positions);
    positions
}

/// `b` to `a`: the offset and its length (never zero).
fn offset(positions: &[[f64; 2]], a: usize, b: usize) -> (f64, f64, f64) {
    let dx = positions[a][0] - positions[b][0];
    let dy = positions[a][1] - positions[b][1];
    (dx, dy, (dx * dx + dy * dy).sqrt().max(1e-6))
}

/// Moves `a` by `(x, y)` and `b` the opposite way.
fn apply(moves: &mut [[f64; 2]], a: usize, b: usize, x: f64, y: f64) {
    moves[a][0] += x;
    moves[a][1] += y;
    moves[b][0] -= x;
    moves[b][1] -= y;
}

fn fit_unit_square(positions: &mut [[f64; 2]]) {
    for axis in 0..2 {
        let low = positions
            .iter()
            .map(|p| p[axis])
            .fold(f64::INFINITY, f64::min);
        let high = positions
            .iter()
            .map(|p| p[axis])
            .fold(f64::NEG_INFINITY, f64::max);
        let span = (high - low).max(1e-12);
        for position in positions.iter_mut() {
            position[axis] = (position[axis] - low) / span;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::karate::karate_club;

    fn distance(a: [f64; 2], b: [f64; 2]) -> f64 {
        ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
    }

    /// Friends end up closer than members on average, and the drawing repeats for a seed.
    #[test]
    fn linked_nodes_are_drawn_close() {
        let club = karate_club().unwrap();
        let positions = force_layout(&club.graph, 3);
        assert_eq!(positions, force_layout(&club.graph, 3));
        assert!(positions.iter().flatten().all(|c| (0.0..=1.0).contains(c)));
        let edges = club.graph.edges();
        let linked = edges
            .iter()
            .map(|&(a, b)| distance(positions[a], positions[b]))
            .sum::<f64>()
            / edges.len() as f64;
        let mut all = 0.0;
        for a in 0..34 {
            for b in (a + 1)..34 {
                all += distance(positions[a], positions[b]);
            }
        }
        let all = all / (34.0 * 33.0 / 2.0);
        assert!(linked < all * 0.7, "friends {linked} vs all {all}");
    }
}
