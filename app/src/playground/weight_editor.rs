//! The form that edits one weight or bias picked in the network picture.

use super::network::Picked;
use leptos::prelude::*;

/// Edits the link or bias picked in the network picture.
#[component]
pub fn WeightEditor(pick: Picked, apply: Callback<f32>, cancel: Callback<()>) -> impl IntoView {
    let text = RwSignal::new(format!("{:.3}", pick.value));
    let error = RwSignal::new(None::<String>);
    let what = match pick.input {
        Some(input) => format!(
            "Weight from neuron {} into neuron {} of layer {}",
            input + 1,
            pick.output + 1,
            pick.layer + 1
        ),
        None => format!(
            "Bias of neuron {} in layer {}",
            pick.output + 1,
            pick.layer + 1
        ),
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        match text.get_untracked().trim().parse::<f32>() {
            Ok(value) if value.is_finite() => apply.run(value),
            _ => error.set(Some(format!("“{}” is not a number", text.get_untracked()))),
        }
    };
    view! {
        <form class="weight-editor" on:submit=submit data-testid="pg-weight-editor">
            <label>{what} " " <input type="text" inputmode="decimal" bind:value=text autofocus /></label>
            <button type="submit">"Set"</button>
            <button type="button" on:click=move |_| cancel.run(())>"Cancel"</button>
            {move || error.get().map(|e| view! { <span class="error">{e}</span> })}
        </form>
    }
}
