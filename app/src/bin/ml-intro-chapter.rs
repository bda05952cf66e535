//! `ml-intro-chapter`: the live parts of a chapter's static page, with the small models that
//! run in the page itself: the widgets of the maths primer, graph ML, reinforcement learning,
//! diffusion and responsible AI (see the library's documentation). Chapter pages load it as a classic script
//! (`wasm_bindgen(…)`), after the text; chapters without widgets load it too.

fn main() {
    ml_intro_app::start_chapter(&[ml_intro_app::primer_widgets, ml_intro_app::agent_widgets]);
}
