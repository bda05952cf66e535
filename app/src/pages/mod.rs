//! The site's pages.

mod chapter;
mod connect;
mod home;
mod info;
mod scripts;

pub use chapter::ChapterPage;
#[cfg(test)]
pub use chapter::WIDGETS;
pub use connect::ConnectPage;
pub use home::Home;
pub use info::{INFO_PAGES, InfoPage, NotFound};
pub use scripts::ScriptsPage;
