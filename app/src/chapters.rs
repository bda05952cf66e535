//! The course map: the fourteen chapters and the site's other pages.

pub struct Chapter {
    pub number: u8,
    pub slug: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    pub topics: &'static [&'static str],
}

pub const CHAPTERS: [Chapter; 14] = [
    Chapter {
        number: 1,
        slug: "math-primer",
        title: "Math & statistics primer",
        summary: "Vectors, matrices, derivatives and probability: the language the rest speaks.",
        topics: &[
            "Linear algebra",
            "Calculus and gradients",
            "Probability",
            "Estimation",
        ],
    },
    Chapter {
        number: 2,
        slug: "supervised",
        title: "Supervised learning",
        summary: "Learning a mapping from labelled examples: regression and classification.",
        topics: &[
            "Linear and logistic regression",
            "Decision trees",
            "Loss functions",
            "Overfitting",
        ],
    },
    Chapter {
        number: 3,
        slug: "unsupervised",
        title: "Unsupervised & self-supervised learning",
        summary: "Finding structure without labels, and making labels out of the data itself.",
        topics: &[
            "Clustering",
            "Density estimation",
            "Contrastive learning",
            "Pretext tasks",
        ],
    },
    Chapter {
        number: 4,
        slug: "representation-learning",
        title: "Representation learning",
        summary: "Learning features instead of designing them.",
        topics: &["PCA", "Autoencoders", "Embeddings", "Latent spaces"],
    },
    Chapter {
        number: 5,
        slug: "neural-networks",
        title: "Neural networks",
        summary: "Layers, activations and backpropagation, trained live in your browser.",
        topics: &[
            "Perceptrons and MLPs",
            "Backpropagation",
            "Optimizers",
            "Regularisation",
        ],
    },
    Chapter {
        number: 6,
        slug: "computer-vision",
        title: "Computer vision",
        summary: "Convolutions, pooling and the networks that read images.",
        topics: &[
            "Convolutions",
            "CNN architectures",
            "Data augmentation",
            "Transfer learning",
        ],
    },
    Chapter {
        number: 7,
        slug: "nlp",
        title: "Natural language processing",
        summary: "From characters and tokens to attention and transformers.",
        topics: &[
            "Tokenisation",
            "Language models",
            "Attention",
            "Transformers",
        ],
    },
    Chapter {
        number: 8,
        slug: "graph-ml",
        title: "Graph machine learning",
        summary: "Learning on nodes, edges and whole graphs.",
        topics: &[
            "Graph basics",
            "Message passing",
            "Graph convolutional networks",
            "Link prediction",
        ],
    },
    Chapter {
        number: 9,
        slug: "reinforcement-learning",
        title: "Reinforcement learning",
        summary: "Agents that learn by acting and being rewarded.",
        topics: &[
            "Markov decision processes",
            "Q-learning",
            "Policy gradients",
            "Exploration",
        ],
    },
    Chapter {
        number: 10,
        slug: "generative-models",
        title: "Generative models & diffusion",
        summary: "Models that create: VAEs, GANs and diffusion.",
        topics: &[
            "Variational autoencoders",
            "GANs",
            "Diffusion models",
            "Sampling",
        ],
    },
    Chapter {
        number: 11,
        slug: "automl",
        title: "AutoML & meta-learning",
        summary: "Letting the machine choose models, features and how to learn.",
        topics: &[
            "Search spaces",
            "Successive halving",
            "Architecture search",
            "Meta-learning",
        ],
    },
    Chapter {
        number: 12,
        slug: "evaluation-hpo",
        title: "Model evaluation & hyper-parameter optimisation",
        summary: "Measuring models honestly and tuning them without fooling yourself.",
        topics: &[
            "Train/validation/test",
            "Cross-validation",
            "Metrics",
            "Search strategies",
        ],
    },
    Chapter {
        number: 13,
        slug: "mlops",
        title: "MLOps & production",
        summary: "Shipping, serving, monitoring and reproducing models.",
        topics: &[
            "Experiment tracking",
            "Serving",
            "Monitoring and drift",
            "Reproducibility",
        ],
    },
    Chapter {
        number: 14,
        slug: "responsible-ai",
        title: "Ethics, privacy & responsible AI",
        summary: "Fairness, privacy and accountability in systems that learn.",
        topics: &[
            "Bias and fairness",
            "Differential privacy",
            "Explainability",
            "Accountability",
        ],
    },
];

/// The site's pages beside the chapters, in the order the header lists them: (path, title).
pub const INFO_PAGES: [(&str, &str); 5] = [
    ("install", "Installation"),
    ("usage", "Usage"),
    ("embedding", "Embedding"),
    ("contributing", "Contributing"),
    ("references", "References"),
];

pub fn chapter(slug: &str) -> Option<&'static Chapter> {
    CHAPTERS.iter().find(|chapter| chapter.slug == slug)
}
