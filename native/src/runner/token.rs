//! The pairing token: 256 random bits from the operating system, new on every start, shown
//! only in the pairing link's fragment and kept in a file only its owner can read (for the
//! CLI and tests). Compared in constant time.

use anyhow::{Context, Result};
use std::fs;
use std::io::Write;
use std::path::Path;
use subtle::ConstantTimeEq;

pub struct Token(String);

impl Token {
    /// A fresh token: 32 bytes from the OS, as 64 hex digits.
    pub fn generate() -> Result<Self> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes)
            .map_err(|error| anyhow::anyhow!("no randomness from the OS for the token: {error}"))?;
        Ok(Self(
            bytes.iter().map(|byte| format!("{byte:02x}")).collect(),
        ))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `candidate` is the token, in time that does not depend on where they differ.
    pub fn matches(&self, candidate: &str) -> bool {
        self.0.as_bytes().ct_eq(candidate.as_bytes()).into()
    }

    /// Writes the token to `path`, readable and writable by the owner only (0600), replacing
    /// any older one atomically.
    pub fn write_file(&self, path: &Path) -> Result<()> {
        let temporary = path.with_extension("tmp");
        let _ = fs::remove_file(&temporary);
        let mut file =
            owner_only(&temporary).with_context(|| format!("creating {}", temporary.display()))?;
        file.write_all(self.0.as_bytes())
            .and_then(|()| file.sync_all())
            .with_context(|| format!("writing {}", temporary.display()))?;
        fs::rename(&temporary, path).with_context(|| format!("replacing {}", path.display()))
    }
}

#[cfg(unix)]
fn owner_only(path: &Path) -> std::io::Result<fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
}

/// Elsewhere the file lives in the user's own data folder, whose permissions protect it.
#[cfg(not(unix))]
fn owner_only(path: &Path) -> std::io::Result<fs::File> {
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_fresh_and_compared_exactly() {
        let (one, two) = (Token::generate().unwrap(), Token::generate().unwrap());
        assert_eq!(one.as_str().len(), 64);
        assert_ne!(one.as_str(), two.as_str());
        assert!(one.matches(one.as_str()));
        assert!(!one.matches(two.as_str()));
        assert!(!one.matches(&one.as_str()[..63]));
        assert!(!one.matches(""));
    }

    #[cfg(unix)]
    #[test]
    fn the_token_file_is_private_to_its_owner() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("token");
        Token::generate().unwrap().write_file(&path).unwrap();
        let token = Token::generate().unwrap();
        token.write_file(&path).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), token.as_str());
        let mode = fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}
