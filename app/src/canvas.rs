//! Drawing RGBA pixels into a canvas, one canvas pixel each (CSS scales the canvas up): the
//! playground's heatmaps, the widgets' maps and image grids.

use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

/// Puts `pixels` (RGBA, row by row, `width × height`) at the canvas's top left.
pub fn put_pixels(canvas: &HtmlCanvasElement, pixels: &[u8], width: u32, height: u32) {
    let Some(context) = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|context| context.dyn_into::<CanvasRenderingContext2d>().ok())
    else {
        return;
    };
    if let Ok(image) = ImageData::new_with_u8_clamped_array_and_sh(Clamped(pixels), width, height) {
        let _ = context.put_image_data(&image, 0.0, 0.0);
    }
}
