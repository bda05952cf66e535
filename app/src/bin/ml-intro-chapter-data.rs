//! `ml-intro-chapter-data`: the live parts of the chapters whose widgets model data sets the
//! page loads (tables, the course's text). See `ml-intro-chapter`.

fn main() {
    ml_intro_app::start_chapter(&[ml_intro_app::data_widgets]);
}
