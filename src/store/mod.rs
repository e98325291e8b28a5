//! The SQLite store: opening a database safely, and the queries over it.
//!
//! Every connection has foreign keys on, WAL journaling, a busy timeout and
//! IMMEDIATE write transactions, so two people updating at once both land.

mod checks;
mod cycles;
mod maintenance;
mod plan;
mod returns;
pub mod schema;
mod selfeval;
mod updates;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use crate::error::{Error, Result};

pub use cycles::CycleSummary;
pub use plan::{Milestone, MilestoneFilter, PlanSummary};
pub use returns::{ReturnReceipt, ReturnUpdate, SentReturn};
pub use selfeval::{NewSelfEvaluation, RecordedOutcome, RecordedRating, SelfEvaluationSummary};
pub use updates::{MilestoneState, NewUpdate, Update};

/// How long a writer waits for another writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// Whether opening may create the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Read and update commands: a missing file is an error and nothing is created.
    MustExist,
    /// Import commands: create the database when it is missing.
    CreateIfMissing,
}

/// An open actionplan database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

impl Store {
    /// Opens (and if allowed, creates) the database at `path`, refusing a file
    /// that is not ours or is newer than this build, and upgrading an older one.
    pub fn open(path: &Path, mode: OpenMode) -> Result<Store> {
        let exists = path.exists();
        if !exists && mode == OpenMode::MustExist {
            return Err(Error::NoDatabase(path.to_path_buf()));
        }
        let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if !exists {
            flags |= OpenFlags::SQLITE_OPEN_CREATE;
        }
        let conn = Connection::open_with_flags(path, flags)?;
        Store::prepare(conn, Some(path.to_path_buf()))
    }

    /// A fresh database in memory, for the demo and for tests.
    pub fn in_memory() -> Result<Store> {
        Store::prepare(Connection::open_in_memory()?, None)
    }

    fn prepare(mut conn: Connection, path: Option<PathBuf>) -> Result<Store> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let shown_path = path.clone().unwrap_or_else(|| PathBuf::from(":memory:"));
        schema::check_compatible(&conn, &shown_path)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        if path.is_some() {
            conn.pragma_update(None, "journal_mode", "WAL")?;
            conn.pragma_update(None, "synchronous", "NORMAL")?;
        }
        conn.set_transaction_behavior(TransactionBehavior::Immediate);
        schema::upgrade(&mut conn)?;
        Ok(Store { conn, path })
    }

    /// The connection, for queries.
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// The connection, for transactions.
    pub fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    /// Where the database lives (None in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
}
