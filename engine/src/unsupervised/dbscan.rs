//! DBSCAN: a point with at least `min_points` neighbours within `radius` is a core point;
//! clusters are core points reachable from one another, with the points next to them; the rest
//! is noise.

use super::{Point, squared_distance};

/// One cluster id per point (`None`: noise), in the order clusters were found.
pub fn dbscan(points: &[Point], radius: f64, min_points: usize) -> Vec<Option<usize>> {
    let radius_squared = radius * radius;
    let neighbours = |index: usize| -> Vec<usize> {
        (0..points.len())
            .filter(|&other| squared_distance(points[index], points[other]) <= radius_squared)
            .collect()
    };
    let mut clusters: Vec<Option<usize>> = vec![None; points.len()];
    let mut visited = vec![false; points.len()];
    let mut next_cluster = 0;
    for start in 0..points.len() {
        if visited[start] {
            continue;
        }
        visited[start] = true;
        let around = neighbours(start);
        if around.len() < min_points {
            continue;
        }
        clusters[start] = Some(next_cluster);
        let mut queue = around;
        while let Some(index) = queue.pop() {
            if clusters[index].is_none() {
                clusters[index] = Some(next_cluster);
            }
            if visited[index] {
                continue;
            }
            visited[index] = true;
            let further = neighbours(index);
            if further.len() >= min_points {
                queue.extend(further.into_iter().filter(|&other| !visited[other]));
            }
        }
        next_cluster += 1;
    }
    clusters
}

#[cfg(test)]
mod tests {
    use super::dbscan;
    use crate::unsupervised::point_sets::PointSet;
    use crate::unsupervised::purity;

    #[test]
    fn the_ring_and_the_blob_are_two_clusters() {
        let (points, truth) = PointSet::Rings.generate(300, 2);
        let clusters = dbscan(&points, 0.15, 4);
        let found = clusters.iter().flatten().max().map_or(0, |last| last + 1);
        assert_eq!(found, 2);
        assert!(purity(&clusters, &truth) > 0.97);
    }

    #[test]
    fn an_isolated_point_is_noise() {
        let mut points = vec![(0.0, 0.0), (0.01, 0.0), (0.0, 0.01), (0.01, 0.01)];
        points.push((5.0, 5.0));
        let clusters = dbscan(&points, 0.05, 3);
        assert_eq!(clusters, [Some(0), Some(0), Some(0), Some(0), None]);
    }
}
