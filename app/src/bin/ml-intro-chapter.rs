//! `ml-intro-chapter`: the live parts of a chapter's static page, with the foundation widgets
//! (see the library's documentation). Chapter pages load it as a classic script
//! (`wasm_bindgen(…)`), after the text.

fn main() {
    ml_intro_app::start_chapter(&[ml_intro_app::foundation_widgets]);
}
