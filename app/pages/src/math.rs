//! LaTeX maths to MathML (with `pulldown-latex`), so that formulas render without JavaScript.

use pulldown_latex::config::DisplayMode;
use pulldown_latex::{Parser, RenderConfig, Storage};

/// `tex` as a `<math>` element: `display` for a formula on its own line. An error names the
/// first thing the parser could not read.
pub fn to_mathml(tex: &str, display: bool) -> Result<String, String> {
    let storage = Storage::new();
    if let Some(error) = Parser::new(tex, &storage).find_map(Result::err) {
        return Err(format!("in the formula `{}`: {error}", tex.trim()));
    }
    let storage = Storage::new();
    let config = RenderConfig {
        display_mode: if display {
            DisplayMode::Block
        } else {
            DisplayMode::Inline
        },
        // The source stays with the formula, for screen readers and copy and paste.
        annotation: Some(tex.trim()),
        ..RenderConfig::default()
    };
    let mut mathml = String::new();
    pulldown_latex::push_mathml(&mut mathml, Parser::new(tex, &storage), config)
        .map_err(|error| format!("rendering the formula `{}`: {error}", tex.trim()))?;
    Ok(mathml)
}

#[cfg(test)]
mod tests {
    use super::to_mathml;

    #[test]
    fn a_fraction_becomes_mathml() {
        let mathml = to_mathml(r"\frac{a}{b}", false).expect("valid LaTeX");
        assert!(mathml.starts_with("<math"), "{mathml}");
        assert!(mathml.contains("<mfrac>"), "{mathml}");
    }

    #[test]
    fn display_maths_is_a_block() {
        let mathml = to_mathml(r"x^2", true).expect("valid LaTeX");
        assert!(mathml.contains(r#"display="block""#), "{mathml}");
    }

    #[test]
    fn an_unknown_command_is_an_error_that_quotes_the_formula() {
        let error = to_mathml(r"\notacommand{x}", false).expect_err("bad LaTeX");
        assert!(error.contains(r"\notacommand{x}"), "{error}");
    }
}
