//! The site's pages.

mod connect;
mod home;
mod not_found;
mod scripts;

pub use connect::ConnectPage;
pub use home::Home;
pub use not_found::NotFound;
pub use scripts::ScriptsPage;
