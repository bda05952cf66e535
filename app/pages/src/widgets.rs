//! The widgets a chapter can place with ```` ```widget NAME key=value … ````, and what the page
//! says in their place until the app mounts them (or when JavaScript is off).

pub struct WidgetInfo {
    pub name: &'static str,
    /// The chapter programs that carry it (`app/src/bin/`), in order of preference; a page
    /// loads one program, the first that carries all of its widgets.
    pub programs: &'static [&'static str],
    /// One sentence: what the widget does, shown where it will mount.
    pub description: &'static str,
}

/// The program for chapters without widgets, and for the small models that run in the page
/// (the maths primer's, graph ML's, reinforcement learning's, diffusion's).
pub const PRIMER: &str = "ml-intro-chapter";
/// The program for widgets that train networks in the engine worker, with the point-cloud
/// widgets of their chapters.
pub const NETWORKS: &str = "ml-intro-chapter-networks";
/// The program for widgets that model data sets the page loads, and for the hyper-parameter
/// searches.
pub const DATA: &str = "ml-intro-chapter-data";
/// The program for the responsible-AI chapter's widgets and the MLOps chapter's (run records
/// and data drift).
pub const RESPONSIBLE: &str = "ml-intro-chapter-responsible";

pub const WIDGETS: &[WidgetInfo] = &[
    WidgetInfo {
        name: "xor",
        programs: &[NETWORKS],
        description: "Trains a small network on the XOR quadrants and draws its decision regions.",
    },
    WidgetInfo {
        name: "descent",
        programs: &[PRIMER],
        description: "Runs SGD, momentum and Adam side by side on a 2-D loss surface you choose, \
                      with a learning-rate slider.",
    },
    WidgetInfo {
        name: "bayes",
        programs: &[PRIMER],
        description: "Turns a prior, a test's sensitivity and its false-positive rate into the \
                      probability that a positive result is right.",
    },
    WidgetInfo {
        name: "pca",
        programs: &[PRIMER, NETWORKS],
        description: "Finds the principal axes of a 2-D point cloud whose points you drag.",
    },
    WidgetInfo {
        name: "entropy",
        programs: &[PRIMER],
        description: "Computes the entropy of two distributions you shape, their cross-entropy \
                      and the KL divergence between them.",
    },
    WidgetInfo {
        name: "graph-network",
        programs: &[PRIMER],
        description: "Trains a two-layer graph network (GCN or mean aggregation) on the karate \
                      club from a few members' factions, colours every member by its prediction \
                      as it learns and shows which friendships a prediction rests on.",
    },
    WidgetInfo {
        name: "message-passing",
        programs: &[PRIMER],
        description: "Passes messages along the karate club's friendships one step at a time \
                      and shows what each member receives.",
    },
    WidgetInfo {
        name: "q-learning",
        programs: &[PRIMER],
        description: "Trains a tabular Q-learning agent in a small maze, shading each cell by \
                      its learned value, and walks the greedy policy.",
    },
    WidgetInfo {
        name: "cart-pole",
        programs: &[PRIMER],
        description: "Trains a policy-gradient agent (REINFORCE) to balance cart-pole, charts \
                      the episode returns and animates the current policy.",
    },
    WidgetInfo {
        name: "diffusion",
        programs: &[PRIMER],
        description: "Trains a denoising diffusion model on a 2-D shape (a swiss roll, two \
                      rings or your drawing) and shows its samples at every denoising step.",
    },
    WidgetInfo {
        name: "fgsm",
        programs: &[RESPONSIBLE],
        description: "Trains the digits CNN and attacks its held-out digits with the fast \
                      gradient sign method, showing the accuracy under attack at each ε and \
                      attacked digits beside the originals.",
    },
    WidgetInfo {
        name: "fairness",
        programs: &[RESPONSIBLE],
        description: "Measures a lending model's approval, true and false positive rates per \
                      group, and narrows the gaps with a threshold per group.",
    },
    WidgetInfo {
        name: "dp-sgd",
        programs: &[RESPONSIBLE],
        description: "Trains with DP-SGD (clipped, noised gradients) and shows the privacy \
                      budget ε it spends, step by step.",
    },
    WidgetInfo {
        name: "federated",
        programs: &[RESPONSIBLE],
        description: "Trains one model across clients with skewed data by federated averaging, \
                      against what each client could learn alone.",
    },
    WidgetInfo {
        name: "runs",
        programs: &[RESPONSIBLE],
        description: "Lists every run recorded in this browser and on the local runner (spec, \
                      device, metrics, loss curve), trains spiral networks to add more, and \
                      compares any two side by side.",
    },
    WidgetInfo {
        name: "drift",
        programs: &[RESPONSIBLE],
        description: "Shifts this year's data away from the training data and measures each \
                      feature's drift: population stability index and Kolmogorov–Smirnov test.",
    },
    WidgetInfo {
        name: "clusters",
        programs: &[NETWORKS],
        description: "Clusters points you draw with k-means (step by step) or DBSCAN, and \
                      compares the clusters with the groups the points came from.",
    },
    WidgetInfo {
        name: "anomaly",
        programs: &[NETWORKS],
        description: "Scores points you draw with an isolation forest or an autoencoder's \
                      reconstruction error, shades the plane by anomaly score and flags the \
                      oddest points.",
    },
    WidgetInfo {
        name: "vae",
        programs: &[NETWORKS],
        description: "Trains a variational autoencoder on digits, maps the test digits' 2-D \
                      codes and decodes any point of the map you click.",
    },
    WidgetInfo {
        name: "triplet",
        programs: &[NETWORKS],
        description: "Trains an encoder with a triplet loss and plots the test digits' 2-D \
                      codes as they separate.",
    },
    WidgetInfo {
        name: "contrastive",
        programs: &[NETWORKS],
        description: "Trains an encoder without labels to match two augmented views of each \
                      digit, and plots the learned embedding live.",
    },
    WidgetInfo {
        name: "rag",
        programs: &[DATA],
        description: "Trains the course's character transformer, retrieves the section that \
                      best answers a question and lets the model continue it.",
    },
    WidgetInfo {
        name: "playground",
        programs: &[DATA],
        description: "The neural-network playground: pick data, shape a network, train it \
                      and edit its weights.",
    },
    WidgetInfo {
        name: "tokens",
        programs: &[DATA],
        description: "Splits text into characters, words or byte-pair-encoding tokens learned \
                      from this course, and counts them.",
    },
    WidgetInfo {
        name: "retrieval",
        programs: &[DATA],
        description: "Ranks this course's sections for a question by TF-IDF cosine similarity.",
    },
    WidgetInfo {
        name: "tabular",
        programs: &[DATA],
        description: "Splits the breast-cancer table, then compares a baseline, gradient-boosted \
                      trees and a neural network, calibrates and explains them.",
    },
    WidgetInfo {
        name: "threshold",
        programs: &[DATA],
        description: "Draws the ROC and precision–recall curves of trees trained on the \
                      breast-cancer table, with the confusion matrix at a threshold you choose.",
    },
    WidgetInfo {
        name: "hpo",
        programs: &[DATA],
        description: "Tunes gradient-boosted trees by random search and by TPE on the same budget \
                      of cross-validated trials, charting both and ranking the best.",
    },
    WidgetInfo {
        name: "automl",
        programs: &[DATA],
        description: "Searches the playground's settings for the spiral by successive halving \
                      and by random search on the same budget of training steps, with a \
                      leaderboard and a parallel-coordinates chart of every candidate.",
    },
    WidgetInfo {
        name: "label-noise",
        programs: &[DATA],
        description: "Flips some labels on purpose and finds them again by out-of-fold confidence.",
    },
    WidgetInfo {
        name: "digits-cnn",
        programs: &[NETWORKS],
        description: "Trains a convolutional network on handwritten 8×8 digits in the engine \
                      worker until it reads 95 % of held-out digits; then classifies a digit \
                      you draw and shows its filters and feature maps.",
    },
    WidgetInfo {
        name: "autoencoder",
        programs: &[NETWORKS],
        description: "Trains an autoencoder with a two-number code on the digits, maps the \
                      test digits' codes and decodes any point of the map you click.",
    },
    WidgetInfo {
        name: "char-transformer",
        programs: &[NETWORKS],
        description: "Trains a tiny character transformer on this course's chapters, shows \
                      the text it writes as it learns, each head's attention, and generation \
                      with a temperature and top-k.",
    },
    WidgetInfo {
        name: "quantization",
        programs: &[NETWORKS],
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

/// The first program that carries every widget in `names` (the primer's for none).
pub fn program_for(names: &[String]) -> Result<&'static str, String> {
    let mut infos = Vec::with_capacity(names.len());
    for name in names {
        infos.push(widget(name).ok_or_else(|| format!("no widget “{name}”"))?);
    }
    let Some(first) = infos.first() else {
        return Ok(PRIMER);
    };
    first
        .programs
        .iter()
        .copied()
        .find(|program| infos.iter().all(|info| info.programs.contains(program)))
        .ok_or_else(|| {
            let mut listed: Vec<String> = infos
                .iter()
                .map(|info| format!("“{}” ({})", info.name, info.programs.join(" or ")))
                .collect();
            listed.dedup();
            format!(
                "no chapter program carries all of this page's widgets: {}; a page loads one",
                listed.join(", ")
            )
        })
}
