//! `actionplan check-db`: is the database file sound?

use anyhow::Result;

use actionplan::Error;
use actionplan::store::{OpenMode, Store};

use crate::cli::output::print_line;
use crate::cli::{Context, Outcome};

/// Check the database's integrity and foreign keys (exit 1 on any fault).
///
/// Check the database file: SQLite's integrity check (every page, every
/// index), every foreign key, and that each milestone's current state matches
/// its history. Prints "ok", or one line per fault and exits 1.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  actionplan --db 'S:/Integration/plan.db' check-db\n\nExit codes: 0 ok; 1 faults found (restore from a backup); 2 the file could not be checked."
)]
pub struct Args {}

impl Args {
    /// Runs the checks.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let faults =
            match Store::open_with_journal(&context.db, OpenMode::ReadOnly, context.journal) {
                Ok(store) => store.integrity_faults()?,
                Err(Error::Sqlite(error))
                    if error.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseCorrupt) =>
                {
                    vec![format!("the database cannot be opened: {error}")]
                }
                Err(error) => return Err(error.into()),
            };
        if faults.is_empty() {
            print_line("ok")?;
            return Ok(Outcome::Done);
        }
        for fault in &faults {
            print_line(fault)?;
        }
        eprintln!(
            "{}: {} fault(s) found: restore it from a backup (actionplan backup) or ask for help before writing to it",
            context.db.display(),
            faults.len()
        );
        Ok(Outcome::Flagged)
    }
}
