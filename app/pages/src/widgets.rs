//! The widgets a chapter can place with ```` ```widget NAME key=value … ````, and what the page
//! says in their place until the app mounts them (or when JavaScript is off).

pub struct WidgetInfo {
    pub name: &'static str,
    /// One sentence: what the widget does, shown where it will mount.
    pub description: &'static str,
}

pub const WIDGETS: &[WidgetInfo] = &[
    WidgetInfo {
        name: "xor",
        description: "Trains a small network on the XOR quadrants and draws its decision regions.",
    },
    WidgetInfo {
        name: "descent",
        description: "Runs SGD, momentum and Adam side by side on a 2-D loss surface you choose, \
                      with a learning-rate slider.",
    },
    WidgetInfo {
        name: "bayes",
        description: "Turns a prior, a test's sensitivity and its false-positive rate into the \
                      probability that a positive result is right.",
    },
    WidgetInfo {
        name: "pca",
        description: "Finds the principal axes of a 2-D point cloud whose points you drag.",
    },
    WidgetInfo {
        name: "entropy",
        description: "Computes the entropy of two distributions you shape, their cross-entropy \
                      and the KL divergence between them.",
    },
    WidgetInfo {
        name: "clusters",
        description: "Clusters points you draw with k-means (step by step) or DBSCAN, and \
                      compares the clusters with the groups the points came from.",
    },
    WidgetInfo {
        name: "anomaly",
        description: "Fits an isolation forest to points you draw, shades the plane by anomaly \
                      score and flags the most isolated points.",
    },
    WidgetInfo {
        name: "tokens",
        description: "Splits text into characters, words or byte-pair-encoding tokens learned \
                      from this course, and counts them.",
    },
    WidgetInfo {
        name: "retrieval",
        description: "Ranks this course's sections for a question by TF-IDF cosine similarity.",
    },
    WidgetInfo {
        name: "tabular",
        description: "Splits the breast-cancer table, then compares a baseline, gradient-boosted \
                      trees and a neural network, calibrates and explains them.",
    },
    WidgetInfo {
        name: "label-noise",
        description: "Flips some labels on purpose and finds them again by out-of-fold confidence.",
    },
];

pub fn widget(name: &str) -> Option<&'static WidgetInfo> {
    WIDGETS.iter().find(|widget| widget.name == name)
}

pub fn names() -> String {
    WIDGETS
        .iter()
        .map(|widget| widget.name)
        .collect::<Vec<_>>()
        .join(", ")
}
