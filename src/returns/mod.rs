//! Lead returns: each lead is sent a workbook of their milestones, types their
//! answers into it, and the file comes back to be applied as updates, safely.
//!
//! - [`columns`]: the columns of a return and the token each row carries;
//! - [`rows`]: the rows of one lead's return, built from the plan (pure);
//! - [`workbook`] and [`csv`]: writing a return as an Excel workbook or CSV;
//! - [`read`]: reading a returned file, however Excel or LibreOffice resaved it;
//! - [`rules`]: what each returned row means (apply, unchanged, already
//!   applied, rejected, in conflict), as pure functions over typed rows;
//! - [`round`]: the round itself over the store: export and import;
//! - [`status`]: which leads have sent their return back (pure).

pub mod columns;
pub mod csv;
pub mod read;
pub mod round;
pub mod rows;
pub mod rules;
pub mod status;
pub mod workbook;

pub use columns::{ReturnColumn, ReturnToken};
pub use round::{ExportedReturn, ImportOptions, ImportReport, export_returns, import_returns};
pub use rows::{ReturnRow, plan_leads, return_rows};
pub use rules::{FileOutcome, RowOutcome};
pub use status::{LeadReturnStatus, return_status};
