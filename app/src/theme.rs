//! Light or dark: follows the system until the visitor picks one, which is remembered. The
//! page's `<head>` applies a remembered choice before the first paint (`app/index.html`).

use crate::cells::STORAGE_PREFIX;
use leptos::prelude::*;

fn storage_key() -> String {
    format!("{STORAGE_PREFIX}theme")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Theme {
    System,
    Light,
    Dark,
}

impl Theme {
    fn saved() -> Self {
        let saved = window()
            .local_storage()
            .ok()
            .flatten()
            .and_then(|storage| storage.get_item(&storage_key()).ok().flatten());
        match saved.as_deref() {
            Some("light") => Self::Light,
            Some("dark") => Self::Dark,
            _ => Self::System,
        }
    }

    fn next(self) -> Self {
        match self {
            Self::System => Self::Dark,
            Self::Dark => Self::Light,
            Self::Light => Self::System,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::System => "Theme: system",
            Self::Light => "Theme: light",
            Self::Dark => "Theme: dark",
        }
    }

    /// Remembers the choice and applies it to the page.
    fn apply(self) {
        let root = document().document_element();
        let storage = window().local_storage().ok().flatten();
        let name = match self {
            Self::System => None,
            Self::Light => Some("light"),
            Self::Dark => Some("dark"),
        };
        if let Some(root) = root {
            let _ = match name {
                Some(name) => root.set_attribute("data-theme", name),
                None => root.remove_attribute("data-theme"),
            };
        }
        if let Some(storage) = storage {
            let _ = match name {
                Some(name) => storage.set_item(&storage_key(), name),
                None => storage.remove_item(&storage_key()),
            };
        }
    }
}

#[component]
pub fn ThemeToggle() -> impl IntoView {
    let theme = RwSignal::new(Theme::saved());
    view! {
        <button
            type="button"
            class="theme-toggle"
            data-testid="theme-toggle"
            title="Switch between the system's theme, dark and light"
            on:click=move |_| {
                let next = theme.get_untracked().next();
                next.apply();
                theme.set(next);
            }
        >
            {move || theme.get().label()}
        </button>
    }
}
