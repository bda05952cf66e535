//! Gradient-boosted decision trees for binary classification (logistic loss), histogram-based:
//! each feature is cut into at most `bins` quantile bins, so finding a split is one pass over a
//! node's rows. Each tree fits a Newton step of the loss (leaf value −G/(H + λ)), shrunk by
//! the learning rate, as XGBoost and LightGBM do.

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GbtSettings {
    pub trees: usize,
    pub depth: usize,
    pub learning_rate: f64,
    /// Rows a leaf must keep at least.
    pub min_leaf: usize,
    /// At most this many bins per feature (up to 256).
    pub bins: usize,
    /// L2 penalty on leaf values (λ).
    pub l2: f64,
}

impl Default for GbtSettings {
    fn default() -> Self {
        Self {
            trees: 100,
            depth: 3,
            learning_rate: 0.1,
            min_leaf: 5,
            bins: 32,
            l2: 1.0,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    /// Rows whose bin of `feature` is at most `bin` go left.
    Split {
        feature: usize,
        bin: u8,
        left: usize,
        right: usize,
    },
    Leaf(f64),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Gbt {
    /// Per feature, the upper edges of its bins but the last.
    edges: Vec<Vec<f64>>,
    base_score: f64,
    trees: Vec<Vec<Node>>,
}

pub fn sigmoid(score: f64) -> f64 {
    1.0 / (1.0 + (-score).exp())
}

fn bin_of(edges: &[f64], value: f64) -> u8 {
    edges.partition_point(|&edge| edge < value) as u8
}

/// Quantile cut points of `values` (at most `bins − 1`, distinct).
fn quantile_edges(mut values: Vec<f64>, bins: usize) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    let mut edges: Vec<f64> = (1..bins)
        .map(|cut| values[(cut * values.len() / bins).min(values.len() - 1)])
        .collect();
    edges.dedup();
    edges
}

struct Grower<'a> {
    binned: &'a [Vec<u8>],
    gradients: &'a [f64],
    hessians: &'a [f64],
    settings: &'a GbtSettings,
    bins_per_feature: Vec<usize>,
    nodes: Vec<Node>,
}

impl Grower<'_> {
    fn leaf_value(&self, rows: &[usize]) -> f64 {
        let (g, h) = rows.iter().fold((0.0, 0.0), |(g, h), &row| {
            (g + self.gradients[row], h + self.hessians[row])
        });
        -g / (h + self.settings.l2) * self.settings.learning_rate
    }

    /// The best `(gain, feature, bin)` split of `rows`, if any gains.
    fn best_split(&self, rows: &[usize]) -> Option<(f64, usize, u8)> {
        let l2 = self.settings.l2;
        let (total_g, total_h) = rows.iter().fold((0.0, 0.0), |(g, h), &row| {
            (g + self.gradients[row], h + self.hessians[row])
        });
        let parent = total_g * total_g / (total_h + l2);
        let mut best: Option<(f64, usize, u8)> = None;
        for (feature, &bins) in self.bins_per_feature.iter().enumerate() {
            let mut histogram = vec![(0.0, 0.0, 0usize); bins];
            for &row in rows {
                let cell = &mut histogram[usize::from(self.binned[row][feature])];
                cell.0 += self.gradients[row];
                cell.1 += self.hessians[row];
                cell.2 += 1;
            }
            let (mut left_g, mut left_h, mut left_count) = (0.0, 0.0, 0);
            for (bin, &(g, h, count)) in histogram.iter().enumerate().take(bins - 1) {
                left_g += g;
                left_h += h;
                left_count += count;
                let right_count = rows.len() - left_count;
                if left_count < self.settings.min_leaf || right_count < self.settings.min_leaf {
                    continue;
                }
                let (right_g, right_h) = (total_g - left_g, total_h - left_h);
                let gain =
                    left_g * left_g / (left_h + l2) + right_g * right_g / (right_h + l2) - parent;
                if gain > 1e-12 && best.is_none_or(|(best_gain, _, _)| gain > best_gain) {
                    best = Some((gain, feature, bin as u8));
                }
            }
        }
        best
    }

    /// Grows the subtree for `rows`; returns its node's index.
    fn grow(&mut self, rows: Vec<usize>, depth: usize) -> usize {
        let index = self.nodes.len();
        self.nodes.push(Node::Leaf(self.leaf_value(&rows)));
        if depth >= self.settings.depth {
            return index;
        }
        let Some((_, feature, bin)) = self.best_split(&rows) else {
            return index;
        };
        let (left_rows, right_rows): (Vec<usize>, Vec<usize>) = rows
            .into_iter()
            .partition(|&row| self.binned[row][feature] <= bin);
        let left = self.grow(left_rows, depth + 1);
        let right = self.grow(right_rows, depth + 1);
        self.nodes[index] = Node::Split {
            feature,
            bin,
            left,
            right,
        };
        index
    }
}

impl Gbt {
    pub fn fit(rows: &[Vec<f64>], labels: &[bool], settings: &GbtSettings) -> Self {
        let features = rows.first().map_or(0, Vec::len);
        let bins = settings.bins.clamp(2, 256);
        let edges: Vec<Vec<f64>> = (0..features)
            .map(|feature| quantile_edges(rows.iter().map(|row| row[feature]).collect(), bins))
            .collect();
        let binned: Vec<Vec<u8>> = rows
            .iter()
            .map(|row| {
                row.iter()
                    .zip(&edges)
                    .map(|(&value, edges)| bin_of(edges, value))
                    .collect()
            })
            .collect();
        let positives = labels.iter().filter(|&&label| label).count() as f64;
        let share = ((positives + 0.5) / (labels.len() as f64 + 1.0)).clamp(1e-6, 1.0 - 1e-6);
        let base_score = (share / (1.0 - share)).ln();
        let mut scores = vec![base_score; rows.len()];
        let mut trees = Vec::with_capacity(settings.trees);
        for _ in 0..settings.trees {
            let probabilities: Vec<f64> = scores.iter().map(|&score| sigmoid(score)).collect();
            let gradients: Vec<f64> = probabilities
                .iter()
                .zip(labels)
                .map(|(&probability, &label)| probability - f64::from(u8::from(label)))
                .collect();
            let hessians: Vec<f64> = probabilities
                .iter()
                .map(|&p| (p * (1.0 - p)).max(1e-9))
                .collect();
            let mut grower = Grower {
                binned: &binned,
                gradients: &gradients,
                hessians: &hessians,
                settings,
                bins_per_feature: edges.iter().map(|edges| edges.len() + 1).collect(),
                nodes: Vec::new(),
            };
            grower.grow((0..rows.len()).collect(), 0);
            let tree = grower.nodes;
            for (score, row) in scores.iter_mut().zip(&binned) {
                *score += Self::tree_value(&tree, row);
            }
            trees.push(tree);
        }
        Self {
            edges,
            base_score,
            trees,
        }
    }

    fn tree_value(tree: &[Node], binned_row: &[u8]) -> f64 {
        let mut index = 0;
        loop {
            match tree[index] {
                Node::Leaf(value) => return value,
                Node::Split {
                    feature,
                    bin,
                    left,
                    right,
                } => {
                    index = if binned_row[feature] <= bin {
                        left
                    } else {
                        right
                    };
                }
            }
        }
    }

    /// The probability of the positive class for each row.
    pub fn probabilities(&self, rows: &[Vec<f64>]) -> Vec<f64> {
        rows.iter()
            .map(|row| {
                let binned: Vec<u8> = row
                    .iter()
                    .zip(&self.edges)
                    .map(|(&value, edges)| bin_of(edges, value))
                    .collect();
                sigmoid(
                    self.base_score
                        + self
                            .trees
                            .iter()
                            .map(|tree| Self::tree_value(tree, &binned))
                            .sum::<f64>(),
                )
            })
            .collect()
    }
}
