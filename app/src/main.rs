//! `ml-intro-app`: the site's own pages (see the library's documentation).

fn main() {
    ml_intro_app::start_site();
}
