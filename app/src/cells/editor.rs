//! The CodeMirror editor of a code cell, through `window.mlIntroEditor` (app/editor/editor.js).
//! The bundle is loaded by the first cell on a page, so pages without cells never fetch it.

use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = mlIntroEditor, js_name = create)]
    fn create_view(
        parent: &HtmlElement,
        text: &str,
        label: &str,
        on_run: &Closure<dyn Fn()>,
        on_change: &Closure<dyn Fn(String)>,
    ) -> JsValue;
    #[wasm_bindgen(js_namespace = mlIntroEditor, js_name = setText)]
    fn set_view_text(view: &JsValue, text: &str);
    #[wasm_bindgen(js_namespace = mlIntroEditor, js_name = markError)]
    fn mark_view_error(view: &JsValue, line: u32, column: u32, message: &str);
    #[wasm_bindgen(js_namespace = mlIntroEditor, js_name = clearErrors)]
    fn clear_view_errors(view: &JsValue);
    #[wasm_bindgen(js_namespace = mlIntroEditor, js_name = destroy)]
    fn destroy_view(view: &JsValue);
}

/// Where the build puts the bundle (see `make editor`).
const BUNDLE: &str = "/editor.js";

/// One cell's editor, with the callbacks it calls.
pub struct Editor {
    view: JsValue,
    _on_run: Closure<dyn Fn()>,
    _on_change: Closure<dyn Fn(String)>,
}

impl Editor {
    pub fn new(
        parent: &HtmlElement,
        text: &str,
        label: &str,
        on_run: impl Fn() + 'static,
        on_change: impl Fn(String) + 'static,
    ) -> Self {
        let on_run = Closure::<dyn Fn()>::new(on_run);
        let on_change = Closure::<dyn Fn(String)>::new(on_change);
        Self {
            view: create_view(parent, text, label, &on_run, &on_change),
            _on_run: on_run,
            _on_change: on_change,
        }
    }

    pub fn set_text(&self, text: &str) {
        set_view_text(&self.view, text);
    }

    pub fn mark_error(&self, line: usize, column: usize, message: &str) {
        mark_view_error(&self.view, line as u32, column as u32, message);
    }

    pub fn clear_errors(&self) {
        clear_view_errors(&self.view);
    }
}

impl Drop for Editor {
    fn drop(&mut self) {
        destroy_view(&self.view);
    }
}

type Waiting = Box<dyn FnOnce(Result<(), String>)>;

enum Bundle {
    NotRequested,
    Loading(Vec<Waiting>),
    Ready,
    Failed(String),
}

thread_local! {
    static BUNDLE_STATE: RefCell<Bundle> = const { RefCell::new(Bundle::NotRequested) };
}

/// Calls `then` once the editor bundle is loaded (at once if it is), or with why it failed.
pub fn when_loaded(then: impl FnOnce(Result<(), String>) + 'static) {
    let mut then: Option<Waiting> = Some(Box::new(then));
    let mut request = false;
    let answer = BUNDLE_STATE.with_borrow_mut(|state| {
        if matches!(state, Bundle::NotRequested) && is_present() {
            *state = Bundle::Ready;
        }
        match state {
            Bundle::Ready => Some(Ok(())),
            Bundle::Failed(reason) => Some(Err(reason.clone())),
            Bundle::Loading(waiting) => {
                waiting.extend(then.take());
                None
            }
            Bundle::NotRequested => {
                *state = Bundle::Loading(then.take().into_iter().collect());
                request = true;
                None
            }
        }
    });
    if let (Some(answer), Some(then)) = (answer, then) {
        then(answer);
    }
    if request && let Err(reason) = request_bundle() {
        settle(Err(reason));
    }
}

fn is_present() -> bool {
    js_sys::Reflect::has(
        &leptos::prelude::window(),
        &JsValue::from_str("mlIntroEditor"),
    )
    .unwrap_or(false)
}

/// Adds the bundle's `<script>` to the page; its load or error event settles the waiters.
fn request_bundle() -> Result<(), String> {
    let document = leptos::prelude::document();
    let script = document
        .create_element("script")
        .map_err(|error| format!("{error:?}"))?;
    script
        .set_attribute("src", BUNDLE)
        .map_err(|error| format!("{error:?}"))?;
    gloo_events::EventListener::once(&script, "load", |_| {
        settle(if is_present() {
            Ok(())
        } else {
            Err(format!("{BUNDLE} loaded but did not define the editor"))
        });
    })
    .forget();
    gloo_events::EventListener::once(&script, "error", |_| {
        settle(Err(format!(
            "the code editor ({BUNDLE}) could not be loaded"
        )));
    })
    .forget();
    let head = document.head().ok_or("the page has no <head>")?;
    head.append_child(&script)
        .map_err(|error| format!("{error:?}"))?;
    Ok(())
}

/// Records how loading ended and tells everyone waiting (outside the state's borrow).
fn settle(result: Result<(), String>) {
    let waiting = BUNDLE_STATE.with_borrow_mut(|state| {
        let next = match &result {
            Ok(()) => Bundle::Ready,
            Err(reason) => Bundle::Failed(reason.clone()),
        };
        match std::mem::replace(state, next) {
            Bundle::Loading(waiting) => waiting,
            _ => Vec::new(),
        }
    });
    for then in waiting {
        then(result.clone());
    }
}
