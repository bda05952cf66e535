//! The playground inside a chapter: the site's own playground page, framed without the
//! site's header and footer, with a link to open it in full.

use crate::widgets::Params;
use leptos::prelude::*;

/// `params` are playground settings as in its address (`dataset=circle layers=4,2`).
#[component]
pub fn PlaygroundFrame(params: Params) -> impl IntoView {
    let settings: String = params
        .iter()
        .map(|(key, value)| format!("&{key}={value}"))
        .collect();
    let framed = format!("/playground?embed{settings}");
    let full = format!("/playground?{}", settings.trim_start_matches('&'));
    view! {
        <section class="widget" data-testid="playground-widget">
            <h3>"The playground"</h3>
            <p>"Pick a data set, shape a network and press play: it trains here, in your browser. Click a weight to change it by hand."</p>
            <iframe class="playground-frame" src=framed title="Neural network playground" allow="loopback-network"
                data-testid="playground-frame"></iframe>
            <p class="note"><a href=full>"Open the playground on its own page"</a>" (more room, and a link you can share)."</p>
        </section>
    }
}
