//! Lead returns as files: each lead is sent a workbook of their milestones,
//! types their answers into it, and the file comes back to be read.
//!
//! - [`columns`]: the columns of a return and the token each row carries;
//! - [`rows`]: the rows of one lead's return, built from the plan (pure);
//! - [`workbook`] and [`csv`]: writing a return as an Excel workbook or CSV;
//! - [`read`]: reading a returned file, however Excel or LibreOffice resaved it.
//!
//! What each returned row means is decided in `crate::app::returns`.

pub mod columns;
pub mod csv;
pub mod read;
pub mod rows;
pub mod workbook;

pub use columns::{ReturnColumn, ReturnToken};
pub use rows::{ReturnRow, plan_leads, return_rows};
