//! `ml-intro-chapter-responsible`: the live parts of the responsible-AI chapter (fairness,
//! DP-SGD, federated averaging, and the adversarial attack on the digits CNN, which asks the
//! engine worker's model questions) and of the MLOps chapter (run records and data drift).
//! See `ml-intro-chapter`.

fn main() {
    ml_intro_app::start_chapter(&[ml_intro_app::responsible_widgets]);
}
