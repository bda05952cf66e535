//! The site's pages.

mod connect;
mod home;
mod not_found;

pub use connect::ConnectPage;
pub use home::Home;
pub use not_found::NotFound;
