//! Live widgets embedded in chapters.

mod loss_chart;
mod xor;

pub use loss_chart::LossChart;
pub use xor::XorWidget;
