//! Export the trained network as a model file (safetensors with its experiment) and import
//! one back: the worker writes and reads the file; this module only moves its bytes between
//! the visitor's disk and the worker.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The export and import buttons. `on_export` asks the worker for the file (it arrives as a
/// job event, which calls [`save`]); `on_import` gets a chosen file's bytes.
#[component]
pub fn ModelFileButtons(
    on_export: Callback<()>,
    on_import: Callback<Vec<u8>>,
    message: RwSignal<Option<String>>,
) -> impl IntoView {
    let on_file = move |event: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&event);
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        // Cleared, so that choosing the same file again imports it again.
        input.set_value("");
        leptos::task::spawn_local(async move {
            match gloo_file::futures::read_as_bytes(&gloo_file::Blob::from(file)).await {
                Ok(bytes) => on_import.run(bytes),
                Err(error) => message.set(Some(format!("The file could not be read: {error}"))),
            }
        });
    };
    view! {
        <span class="model-file">
            <button type="button" data-testid="pg-export" on:click=move |_| on_export.run(())
                title="Save the network as it is now (safetensors, with its settings)">"⤓ Export model"</button>
            <label class="file-button" title="Continue from a model file exported here">
                "⤒ Import model"
                <input type="file" accept=".safetensors" data-testid="pg-import" on:change=on_file />
            </label>
        </span>
    }
}

/// Offers `bytes` to the visitor as a download called `name`.
pub fn save(name: &str, bytes: Vec<u8>) {
    let blob =
        gloo_file::Blob::new_with_options(bytes.as_slice(), Some("application/octet-stream"));
    let url = gloo_file::ObjectUrl::from(blob);
    let document = document();
    let Ok(link) = document.create_element("a") else {
        return;
    };
    let _ = link.set_attribute("href", &url);
    let _ = link.set_attribute("download", name);
    if let Ok(link) = link.dyn_into::<web_sys::HtmlElement>() {
        link.click();
    }
    // The browser has taken the file once the click is handled; revoke the URL after it.
    leptos::task::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(1_000).await;
        drop(url);
    });
}

/// The playground settings of an imported model's experiment (JSON text), and a note that
/// says what was imported and what the controls show differently.
pub fn settings_of(spec_json: &str) -> Result<(super::Settings, String), String> {
    let spec: serde_json::Value = serde_json::from_str(spec_json).map_err(|e| e.to_string())?;
    let (settings, changes) = super::Settings::from_spec(&spec)?;
    let mut note = format!(
        "Imported a trained {} network for {}; press Play to train it further.",
        layer_text(&settings.layers),
        super::settings::name(&settings.dataset)
    );
    if !changes.is_empty() {
        note.push_str(&format!(
            " The controls show the nearest settings: {}.",
            changes.join("; ")
        ));
    }
    Ok((settings, note))
}

/// `ml-intro-spiral-8-8.safetensors`.
pub fn file_name(settings: &super::Settings) -> String {
    let layers: Vec<String> = settings.layers.iter().map(usize::to_string).collect();
    format!(
        "ml-intro-{}-{}.safetensors",
        super::settings::name(&settings.dataset),
        layers.join("-")
    )
}

fn layer_text(layers: &[usize]) -> String {
    let widths: Vec<String> = layers.iter().map(usize::to_string).collect();
    format!("{}-layer ({})", layers.len(), widths.join("–"))
}
