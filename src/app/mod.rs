//! The application layer: one function per use case. Each validates its
//! input, owns the rules (dates not in the future, which cycle, what a
//! returned row means), opens the transaction through the store, and returns
//! typed results and typed errors. The command line only parses, calls one
//! of these, and renders.

pub mod calendar;
pub mod check;
pub mod cycles;
pub mod dates;
pub mod export;
pub mod history;
pub mod import;
pub mod list;
pub mod movement;
pub mod output_target;
pub mod pack;
pub mod plan_changes;
pub mod plans;
pub mod returns;
pub mod selfeval;
pub mod selfeval_record;
pub mod selfeval_reports;
pub mod show;
pub mod slipped;
pub mod updates;
pub mod weekly;
