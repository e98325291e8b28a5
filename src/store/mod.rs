//! The SQLite store: opening a database safely, and the queries over it.
//!
//! Every connection has foreign keys on, a busy timeout and IMMEDIATE write
//! transactions, so two people updating at once both land. Commands that only
//! read open the file read-only; commands that write use WAL on a local disk
//! and the rollback journal on a network drive (`journal.rs`).

mod admin;
mod checks;
mod counts;
mod cycles;
mod dry_run;
mod entries;
pub mod journal;
mod keeping;
mod leads;
pub mod location;
mod maintenance;
mod milestone_query;
mod milestones;
mod names;
mod open;
mod plan;
mod plan_body;
#[cfg(test)]
mod query_plans;
pub mod restore;
mod returns;
pub mod schema;
mod selfeval;
mod state_history;
mod updates;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::error::Result;

pub use journal::{JournalChoice, JournalMode};

pub use admin::PlanContents;
pub use cycles::CycleSummary;
pub use entries::PlanEntry;
pub use keeping::{Attribution, MilestoneEdit, NewMilestone, PlanChange};
pub use leads::{LeadLoad, LeadsChanged, LikelyDuplicates, likeness_key, shell_quote};
pub use milestones::{MilestoneFilter, MilestoneOrder};
pub use plan::PlanSummary;
pub use selfeval::{RecordedOutcome, RecordedRating, SelfEvaluationSummary};

/// Whether opening may write, and may create the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Commands that only read: opened read-only (`SQLITE_OPEN_READ_ONLY`,
    /// `query_only`); nothing is created or written (an older schema is the
    /// one exception: it is upgraded first, which needs write access).
    ReadOnly,
    /// Update commands: a missing file is an error and nothing is created.
    MustExist,
    /// Import commands: create the database when it is missing.
    CreateIfMissing,
}

/// An open actionplan database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Dropped after `conn` (fields drop in order): removes the `-wal` and
    /// `-shm` a read-only connection had to create, when nobody else uses them.
    _tidy: Option<open::TidyOnClose>,
    /// Whether reports over every plan read archived plans too (the global
    /// `--include-archived`); see [`Store::set_include_archived`].
    include_archived: bool,
}

impl Store {
    /// Opens the database at `path` with the journal mode chosen by where it
    /// lives (see [`Store::open_with_journal`]).
    pub fn open(path: &Path, mode: OpenMode) -> Result<Store> {
        Store::open_with_journal(path, mode, JournalChoice::Auto)
    }

    /// Opens (and if allowed, creates) the database at `path`, refusing a file
    /// that is not ours, is newer than this build or (for writing, up to
    /// 4 MiB) fails SQLite's quick check, and upgrading an older one. A connection that may
    /// write uses the `journal` mode with `synchronous=FULL`.
    pub fn open_with_journal(path: &Path, mode: OpenMode, journal: JournalChoice) -> Result<Store> {
        open::open(path, mode, journal)
    }

    /// Removes a database that holds no plan and no self-evaluation (one a
    /// failed command created); returns whether it did.
    pub fn remove_if_unused(path: &Path) -> Result<bool> {
        open::remove_if_unused(path)
    }

    /// A fresh database in memory, for the demo and for tests.
    pub fn in_memory() -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
        schema::upgrade(&mut conn)?;
        Ok(Store {
            conn,
            path: None,
            _tidy: None,
            include_archived: false,
        })
    }

    /// The connection, for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The connection, for transactions.
    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Makes every read of milestones over every plan include archived plans
    /// (as `MilestoneFilter::include_archived` does for one read), so that
    /// each report honours the global `--include-archived` without code of its own.
    pub fn set_include_archived(&mut self, include: bool) {
        self.include_archived = include;
    }

    /// Whether reads over every plan include archived plans.
    pub fn includes_archived(&self) -> bool {
        self.include_archived
    }

    /// Where the database lives (None in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Holds one snapshot of the database for every read made while the
    /// returned guard lives: a report that asks several questions (which
    /// columns, how many rows, then the rows) gets answers that agree even
    /// while someone else writes. A deferred transaction that only reads and
    /// is rolled back when dropped; nothing when one is already open.
    pub fn read_snapshot(&self) -> Result<ReadSnapshot<'_>> {
        if !self.conn.is_autocommit() {
            return Ok(ReadSnapshot { _transaction: None });
        }
        let transaction = rusqlite::Transaction::new_unchecked(
            &self.conn,
            rusqlite::TransactionBehavior::Deferred,
        )?;
        Ok(ReadSnapshot {
            _transaction: Some(transaction),
        })
    }
}

/// One snapshot of the database, held while it lives (see
/// [`Store::read_snapshot`]); dropping it lets the snapshot go. What holds
/// it stays SQLite's business.
#[must_use = "the snapshot is let go as soon as it is dropped"]
pub struct ReadSnapshot<'a> {
    /// Held only to be dropped: rolling back the read transaction.
    _transaction: Option<rusqlite::Transaction<'a>>,
}
