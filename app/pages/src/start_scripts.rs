//! No inline scripts: the site sends `script-src 'self' 'wasm-unsafe-eval'` (see `ml-intro
//! serve`), which refuses every inline `<script>`. Trunk 0.21 can only write its start-up code
//! inline (trunk-rs/trunk#288), so this moves it into a file of its own, and gives each
//! chapter program the file that starts it.

use anyhow::{Context, Result};
use std::path::Path;

const INLINE_MODULE: &str = "<script type=\"module\">";

/// The file that starts chapter program `program` (`/ml-intro-chapter-start.js`).
pub fn program_start_url(program: &str) -> String {
    format!("/{program}-start.js")
}

/// What starts `program`: wasm-bindgen's classic-script loader, given the module's path.
pub fn program_start(program: &str) -> String {
    format!("wasm_bindgen({{ module_or_path: \"/{program}_bg.wasm\" }});\n")
}

/// `index_html` with Trunk's inline module script replaced by a `src` to a file, and that
/// file's name and text; `None` when the page has no inline module script (already moved).
///
/// The file is named after the module it imports (`/ml-intro-app-HASH.js` gives
/// `/ml-intro-app-HASH-start.js`), so a new build never meets an old start file in a cache.
pub fn externalize(index_html: &str) -> Result<Option<(String, String, String)>> {
    let Some(start) = index_html.find(INLINE_MODULE) else {
        return Ok(None);
    };
    let body_start = start + INLINE_MODULE.len();
    let length = index_html[body_start..]
        .find("</script>")
        .context("Trunk's inline module script has no </script>")?;
    let script = &index_html[body_start..body_start + length];
    let module = script
        .split('\'')
        .find(|part| part.starts_with('/') && part.ends_with(".js"))
        .context("Trunk's inline module script imports no /….js module")?;
    let file = format!("{}-start.js", module.trim_end_matches(".js"));
    let page = format!(
        "{}<script type=\"module\" src=\"{file}\"></script>{}",
        &index_html[..start],
        &index_html[body_start + length + "</script>".len()..]
    );
    Ok(Some((page, file, script.trim().to_string() + "\n")))
}

/// Moves the inline start-up script of `site`'s `index.html` into its own file, and writes
/// the start file of each program in `programs`.
pub fn write(site: &Path, programs: &[&str]) -> Result<()> {
    let index_path = site.join("index.html");
    let index_html = std::fs::read_to_string(&index_path)
        .with_context(|| format!("reading {}", index_path.display()))?;
    if let Some((page, file, script)) =
        externalize(&index_html).with_context(|| format!("in {}", index_path.display()))?
    {
        let script_path = site.join(file.trim_start_matches('/'));
        std::fs::write(&script_path, script)
            .with_context(|| format!("writing {}", script_path.display()))?;
        std::fs::write(&index_path, page)
            .with_context(|| format!("writing {}", index_path.display()))?;
    }
    for program in programs {
        let path = site.join(program_start_url(program).trim_start_matches('/'));
        std::fs::write(&path, program_start(program))
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}
