//! actionplan: a health and social care partnership's improvement action plan,
//! kept in SQLite and turned into the tables committee papers need.
//!
//! The library is layered; a module imports only from the layers below it
//! (docs/ARCHITECTURE.md, checked by tests/layering.rs):
//!
//! - [`model`]: the domain's types and their rules (no I/O);
//! - [`io`]: the files plans arrive and leave in (CSV, Excel, Word, returns);
//! - [`reports`]: pure functions from milestones to typed rows of numbers;
//! - [`store`]: the SQLite database, and nothing else;
//! - [`app`]: one function per use case, owning every rule;
//! - [`render`]: writing typed rows as a table, CSV, JSON, Markdown, HTML or Word.
//!
//! The command line (the binary's `cli` module) sits on top: it parses
//! arguments, calls `app`, and picks a renderer.

pub mod app;
pub mod error;
pub mod io;
pub mod model;
pub mod render;
pub mod reports;
pub mod store;

pub use error::{Error, Result};
