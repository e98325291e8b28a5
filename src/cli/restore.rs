//! `actionplan restore`: put a backup back in place of the database.

use std::path::PathBuf;

use anyhow::Result;

use actionplan::store::restore::restore;

use crate::cli::output::count_words;
use crate::cli::{Context, Outcome};

/// Replace the database with a backup (the current file is kept beside it).
///
/// Replace the database with BACKUP, made by `actionplan backup`. The backup
/// is checked first (SQLite's integrity check, that it is an actionplan
/// database, and a schema this version can read); the database as it is now
/// is kept as DB.before-restore-DATE-TIME; then every page is copied in
/// through SQLite's backup API, so an old -wal file beside the database is
/// never laid over the backup. Do not copy a backup over the .db by hand.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  actionplan --db 'S:/Integration/plan.db' restore 'S:/Integration/backups/plan-2020-02-18.db'\n  actionplan --db 'S:/Integration/plan.db' check-db\n\nSee docs/RELIABILITY.md."
)]
pub struct Args {
    /// The backup file to restore (made by `actionplan backup`).
    pub backup: PathBuf,
}

impl Args {
    /// Runs the restore.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S").to_string();
        let summary = restore(&context.db, &self.backup, context.journal, &stamp)?;
        match &summary.kept_at {
            Some(kept) => eprintln!(
                "restored {} from {} ({}); the database as it was is kept at {}",
                context.db.display(),
                self.backup.display(),
                count_words(summary.plans.max(0) as usize, "plan"),
                kept.display()
            ),
            None => eprintln!(
                "restored {} from {} ({})",
                context.db.display(),
                self.backup.display(),
                count_words(summary.plans.max(0) as usize, "plan")
            ),
        }
        Ok(Outcome::Done)
    }
}
