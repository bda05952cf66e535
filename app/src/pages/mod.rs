//! The site's pages.

mod connect;
mod home;
mod info;
mod scripts;

pub use connect::ConnectPage;
pub use home::Home;
pub use info::{InfoPage, NotFound};
pub use scripts::ScriptsPage;
