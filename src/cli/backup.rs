//! `actionplan backup`: a safe copy of the database, even while it is in use.

use std::path::PathBuf;

use anyhow::Result;

use crate::cli::{Context, Outcome};

/// Copy the database safely while it may be in use (SQLite online backup).
///
/// Copy the database to FILE with SQLite's online backup: a consistent
/// snapshot including what the -wal file still holds, taken while others may
/// be writing. Written to a temporary file, checked, then renamed into place.
/// Copying the .db file by hand while the plan is open can lose recent updates.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  actionplan --db 'S:/Integration/plan.db' backup 'plan-2020-02-18.db'\n  actionplan backup nightly.db --force\n\nCopying plan.db by hand while the plan is open can lose updates still held in\nplan.db-wal; this command copies a consistent snapshot, checks it, and only\nthen renames it into place. See docs/RELIABILITY.md."
)]
pub struct Args {
    /// The backup file to write (refused if it exists, unless --force).
    pub file: PathBuf,
    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

impl Args {
    /// Runs the backup.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        context.check_output(&self.file)?;
        let store = context.open_read_only()?;
        let bytes = store.backup(&self.file, self.force)?;
        eprintln!(
            "backed up {} to {} ({bytes} bytes)",
            context.db.display(),
            self.file.display()
        );
        Ok(Outcome::Done)
    }
}
