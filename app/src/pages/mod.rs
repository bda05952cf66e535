//! The site's pages.

mod chapter;
mod connect;
mod home;
mod info;
mod scripts;

pub use chapter::ChapterPage;
pub use connect::ConnectPage;
pub use home::Home;
pub use info::{INFO_PAGES, InfoPage, NotFound};
pub use scripts::ScriptsPage;
