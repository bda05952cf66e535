//! HTML escaping for text and attribute values the page builder writes itself.

/// `value` safe inside a double-quoted attribute.
pub fn attribute(value: &str) -> String {
    let mut escaped = String::new();
    pulldown_cmark_escape::escape_html(&mut escaped, value).expect("writing to a string");
    escaped
}

/// `value` safe as element text.
pub fn text(value: &str) -> String {
    let mut escaped = String::new();
    pulldown_cmark_escape::escape_html_body_text(&mut escaped, value).expect("writing to a string");
    escaped
}
