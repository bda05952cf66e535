//! A pairing with a local runner: its port and token, read from the link `ml-intro runner`
//! prints (`<site>/connect#port=P&token=T`) and kept in this browser's local storage.

use leptos::prelude::window;

/// Where the pairing is kept between visits.
const STORAGE_KEY: &str = "ml-intro.runner-pairing";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pairing {
    pub port: u16,
    pub token: String,
}

impl Pairing {
    /// Reads a pairing link, its `#port=…&token=…` fragment, or that text without the `#`.
    pub fn from_link(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let fragment = text.split_once('#').map_or(text, |(_, fragment)| fragment);
        let (mut port, mut token) = (None, None);
        for pair in fragment.split('&').filter(|pair| !pair.is_empty()) {
            match pair.split_once('=') {
                Some(("port", value)) => port = Some(value),
                Some(("token", value)) => token = Some(value),
                _ => {}
            }
        }
        let missing = "the link has no port and token: copy the whole line that \
                       `ml-intro runner` printed after “pair a page with”";
        let (Some(port), Some(token)) = (port, token) else {
            return Err(missing.into());
        };
        let port = port
            .parse::<u16>()
            .ok()
            .filter(|&port| port != 0)
            .ok_or_else(|| format!("“{port}” is not a port number (1–65535)"))?;
        if token.len() < 16 || !token.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(
                "the token in the link is cut short or altered: copy the link again".into(),
            );
        }
        Ok(Self {
            port,
            token: token.to_string(),
        })
    }

    /// The runner's WebSocket: on this machine's loopback address, whatever the page's origin.
    pub fn socket_url(&self) -> String {
        format!("ws://127.0.0.1:{}/runner", self.port)
    }

    /// The pairing this browser remembers, if any.
    pub fn load() -> Option<Self> {
        let text = storage()?.get_item(STORAGE_KEY).ok().flatten()?;
        Self::from_link(&text).ok()
    }

    /// Remembers this pairing for later visits (where the browser allows storage).
    pub fn save(&self) {
        if let Some(storage) = storage() {
            let text = format!("port={}&token={}", self.port, self.token);
            let _ = storage.set_item(STORAGE_KEY, &text);
        }
    }

    pub fn forget() {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(STORAGE_KEY);
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOKEN: &str = "Zx81abcdefABCDEF0123456789xyzXYZ";

    #[test]
    fn reads_the_printed_link_its_fragment_and_bare_pairs() {
        let expected = Pairing {
            port: 8790,
            token: TOKEN.into(),
        };
        for text in [
            format!("http://127.0.0.1:8080/connect#port=8790&token={TOKEN}"),
            format!("  #token={TOKEN}&port=8790\n"),
            format!("port=8790&token={TOKEN}"),
        ] {
            assert_eq!(Pairing::from_link(&text), Ok(expected.clone()), "{text}");
        }
        assert_eq!(expected.socket_url(), "ws://127.0.0.1:8790/runner");
    }

    #[test]
    fn a_broken_link_says_what_is_wrong() {
        let cases = [
            ("http://127.0.0.1:8080/connect", "no port and token"),
            (&format!("port=99999&token={TOKEN}"), "not a port number"),
            (&format!("port=0&token={TOKEN}"), "not a port number"),
            ("port=8790&token=abc", "cut short"),
            (&format!("port=8790&token={TOKEN}%3C"), "cut short"),
        ];
        for (text, reason) in cases {
            let error = Pairing::from_link(text).unwrap_err();
            assert!(error.contains(reason), "{text}: {error}");
        }
    }
}
