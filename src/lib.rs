//! actionplan: a health and social care partnership's improvement action plan,
//! kept in SQLite and turned into the tables committee papers need.
//!
//! The library knows nothing of terminals: commands in the binary read their
//! arguments, call the store and the pure report functions here, then render.

pub mod appendix;
pub mod closest;
pub mod csvio;
pub mod error;
pub mod import;
pub mod io;
pub mod markdown;
pub mod model;
pub mod output_target;
pub mod render;
pub mod reports;
pub mod returns;
pub mod selfeval;
pub mod store;
pub mod text_rules;

pub use error::{Error, Result};
