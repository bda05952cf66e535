//! `ml-intro-chapter-networks`: the live parts of the chapters whose widgets train networks in
//! the engine worker, with their point-cloud widgets. See `ml-intro-chapter`.

fn main() {
    ml_intro_app::start_chapter(&[ml_intro_app::network_widgets]);
}
