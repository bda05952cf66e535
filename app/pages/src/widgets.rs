//! The widgets a chapter can place with ```` ```widget NAME key=value … ````, and what the page
//! says in their place until the app mounts them (or when JavaScript is off).

pub struct WidgetInfo {
    pub name: &'static str,
    /// The chapter program that carries it (`app/src/bin/`); a page loads one program.
    pub program: &'static str,
    /// One sentence: what the widget does, shown where it will mount.
    pub description: &'static str,
}

/// The program for chapters without widgets, and for the foundation widgets.
pub const FOUNDATIONS: &str = "ml-intro-chapter";
/// The program for widgets that model data sets the page loads.
pub const DATA: &str = "ml-intro-chapter-data";

pub const WIDGETS: &[WidgetInfo] = &[
    WidgetInfo {
        name: "xor",
        program: FOUNDATIONS,
        description: "Trains a small network on the XOR quadrants and draws its decision regions.",
    },
    WidgetInfo {
        name: "descent",
        program: FOUNDATIONS,
        description: "Runs SGD, momentum and Adam side by side on a 2-D loss surface you choose, \
                      with a learning-rate slider.",
    },
    WidgetInfo {
        name: "bayes",
        program: FOUNDATIONS,
        description: "Turns a prior, a test's sensitivity and its false-positive rate into the \
                      probability that a positive result is right.",
    },
    WidgetInfo {
        name: "pca",
        program: FOUNDATIONS,
        description: "Finds the principal axes of a 2-D point cloud whose points you drag.",
    },
    WidgetInfo {
        name: "entropy",
        program: FOUNDATIONS,
        description: "Computes the entropy of two distributions you shape, their cross-entropy \
                      and the KL divergence between them.",
    },
    WidgetInfo {
        name: "clusters",
        program: FOUNDATIONS,
        description: "Clusters points you draw with k-means (step by step) or DBSCAN, and \
                      compares the clusters with the groups the points came from.",
    },
    WidgetInfo {
        name: "anomaly",
        program: FOUNDATIONS,
        description: "Fits an isolation forest to points you draw, shades the plane by anomaly \
                      score and flags the most isolated points.",
    },
    WidgetInfo {
        name: "tokens",
        program: DATA,
        description: "Splits text into characters, words or byte-pair-encoding tokens learned \
                      from this course, and counts them.",
    },
    WidgetInfo {
        name: "retrieval",
        program: DATA,
        description: "Ranks this course's sections for a question by TF-IDF cosine similarity.",
    },
    WidgetInfo {
        name: "tabular",
        program: DATA,
        description: "Splits the breast-cancer table, then compares a baseline, gradient-boosted \
                      trees and a neural network, calibrates and explains them.",
    },
    WidgetInfo {
        name: "label-noise",
        program: DATA,
        description: "Flips some labels on purpose and finds them again by out-of-fold confidence.",
    },
    WidgetInfo {
        name: "digits-cnn",
        program: FOUNDATIONS,
        description: "Trains a convolutional network on handwritten 8×8 digits in the engine \
                      worker until it reads 95 % of held-out digits.",
    },
    WidgetInfo {
        name: "autoencoder",
        program: FOUNDATIONS,
        description: "Trains an autoencoder with a two-number code on the digits and draws \
                      what its decoder makes of a grid of codes.",
    },
    WidgetInfo {
        name: "char-transformer",
        program: FOUNDATIONS,
        description: "Trains a tiny character transformer on this course's chapters and shows \
                      the text it writes as it learns.",
    },
    WidgetInfo {
        name: "quantization",
        program: FOUNDATIONS,
        description: "Trains a small network on the breast-cancer table, rounds its weights to \
                      8 bits or fewer, and compares accuracy and size before and after.",
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

/// The one program that carries every widget in `names` (the foundations' for none).
pub fn program_for(names: &[String]) -> Result<&'static str, String> {
    let mut chosen: Option<(&str, &'static str)> = None;
    for name in names {
        let info = widget(name).ok_or_else(|| format!("no widget “{name}”"))?;
        match chosen {
            Some((first, program)) if program != info.program => {
                return Err(format!(
                    "the widgets “{first}” ({program}) and “{name}” ({}) are in different chapter programs; a page loads one",
                    info.program
                ));
            }
            Some(_) => {}
            None => chosen = Some((info.name, info.program)),
        }
    }
    Ok(chosen.map_or(FOUNDATIONS, |(_, program)| program))
}
