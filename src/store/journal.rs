//! The journal mode a database is written with, chosen by where it lives.
//!
//! On a local disk: WAL (readers and a writer at once). On a network drive:
//! the rollback journal (`journal_mode=DELETE`), because WAL needs memory
//! shared by every process using the file and "does not work over a network
//! filesystem" (<https://sqlite.org/wal.html>). Both with `synchronous=FULL`,
//! so a committed update survives a power cut.

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use rusqlite::Connection;

use super::location::{folder_is_shared, on_network_drive};
use crate::error::{Error, Result};

/// What the user asked for (`--journal`, `ACTIONPLAN_JOURNAL`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum JournalChoice {
    /// WAL on a local disk, the rollback journal on a network drive.
    #[default]
    Auto,
    /// Always WAL.
    Wal,
    /// Always the rollback journal.
    Delete,
}

/// A journal mode SQLite writes with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JournalMode {
    /// Write-ahead log: `-wal` and `-shm` beside the file.
    Wal,
    /// Rollback journal: a `-journal` beside the file while a write is under way.
    Delete,
}

impl JournalChoice {
    /// The mode to write the database at `path` with, given the mode it has
    /// now (`None` when it is being created). `Auto` picks WAL only for a new
    /// file in a folder that is the user's own on a local disk; an existing
    /// file is never moved from the rollback journal to WAL (a plan made with
    /// `--journal delete` for a shared drive stays so when it is updated on
    /// the file server, which sees the drive as local), only towards it.
    /// Only an explicit `Wal` switches a file to WAL.
    pub fn mode_for(self, path: &Path, current: Option<JournalMode>) -> JournalMode {
        match self {
            JournalChoice::Wal => JournalMode::Wal,
            JournalChoice::Delete => JournalMode::Delete,
            JournalChoice::Auto if on_network_drive(path) || folder_is_shared(path) => {
                JournalMode::Delete
            }
            JournalChoice::Auto => current.unwrap_or(JournalMode::Wal),
        }
    }
}

impl FromStr for JournalChoice {
    type Err = Error;

    fn from_str(text: &str) -> Result<JournalChoice> {
        match text.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(JournalChoice::Auto),
            "wal" => Ok(JournalChoice::Wal),
            "delete" => Ok(JournalChoice::Delete),
            _ => Err(Error::Invalid(format!(
                "{text:?} is not a journal mode: expected wal, delete or auto"
            ))),
        }
    }
}

impl JournalMode {
    /// The mode of an open connection's database: WAL or, for any rollback
    /// journal (`delete`, `truncate`, `persist`, ...), `Delete`.
    pub fn of(conn: &Connection) -> Result<JournalMode> {
        let current: String = conn.query_row("PRAGMA journal_mode", [], |row| row.get(0))?;
        Ok(if current.eq_ignore_ascii_case("wal") {
            JournalMode::Wal
        } else {
            JournalMode::Delete
        })
    }

    /// The `PRAGMA journal_mode` value.
    pub fn pragma(self) -> &'static str {
        match self {
            JournalMode::Wal => "wal",
            JournalMode::Delete => "delete",
        }
    }
}

impl fmt::Display for JournalMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.pragma())
    }
}

/// Puts a connection that may write into `wanted` mode, with `synchronous=FULL`.
/// Leaving WAL checkpoints first, so every committed update is in the main
/// file before the `-wal` goes; SQLite refuses the switch (and so do we,
/// naming the file) while another program has the database open.
pub fn apply(conn: &Connection, path: &Path, wanted: JournalMode) -> Result<()> {
    let current: String = conn.query_row("PRAGMA journal_mode", [], |row| row.get(0))?;
    if !current.eq_ignore_ascii_case(wanted.pragma()) {
        if current.eq_ignore_ascii_case("wal") {
            conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        }
        let now: String = conn
            .query_row(
                &format!("PRAGMA journal_mode = {}", wanted.pragma()),
                [],
                |row| row.get(0),
            )
            .map_err(|error| switch_refused(path, &current, wanted, &error.to_string()))?;
        if !now.eq_ignore_ascii_case(wanted.pragma()) {
            return Err(switch_refused(
                path,
                &current,
                wanted,
                &format!("SQLite kept {now}"),
            ));
        }
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(())
}

fn switch_refused(path: &Path, current: &str, wanted: JournalMode, why: &str) -> Error {
    Error::JournalSwitchRefused {
        path: path.to_path_buf(),
        from: current.to_string(),
        to: wanted.to_string(),
        why: why.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_read_from_text() {
        assert_eq!(
            "auto".parse::<JournalChoice>().unwrap(),
            JournalChoice::Auto
        );
        assert_eq!("WAL".parse::<JournalChoice>().unwrap(), JournalChoice::Wal);
        assert_eq!(
            " delete ".parse::<JournalChoice>().unwrap(),
            JournalChoice::Delete
        );
        let err = "truncate".parse::<JournalChoice>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"truncate\" is not a journal mode: expected wal, delete or auto"
        );
    }

    #[test]
    fn a_local_disk_gets_wal_unless_told_otherwise() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("plan.db");
        assert_eq!(JournalChoice::Auto.mode_for(&db, None), JournalMode::Wal);
        assert_eq!(
            JournalChoice::Delete.mode_for(&db, None),
            JournalMode::Delete
        );
        assert_eq!(JournalChoice::Wal.mode_for(&db, None), JournalMode::Wal);
    }

    #[test]
    fn auto_never_moves_an_existing_file_from_delete_to_wal() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("plan.db");
        let auto = JournalChoice::Auto;
        assert_eq!(
            auto.mode_for(&db, Some(JournalMode::Delete)),
            JournalMode::Delete
        );
        assert_eq!(auto.mode_for(&db, Some(JournalMode::Wal)), JournalMode::Wal);
        assert_eq!(
            JournalChoice::Wal.mode_for(&db, Some(JournalMode::Delete)),
            JournalMode::Wal
        );
    }

    #[test]
    fn switching_from_wal_to_delete_keeps_what_the_wal_held() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("plan.db");
        let conn = Connection::open(&db).unwrap();
        apply(&conn, &db, JournalMode::Wal).unwrap();
        conn.execute_batch(
            "PRAGMA wal_autocheckpoint = 0; CREATE TABLE t(x); INSERT INTO t VALUES (7);",
        )
        .unwrap();
        assert!(dir.path().join("plan.db-wal").metadata().unwrap().len() > 0);
        apply(&conn, &db, JournalMode::Delete).unwrap();
        drop(conn);
        assert!(!dir.path().join("plan.db-wal").exists());
        let conn = Connection::open(&db).unwrap();
        let mode: String = conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "delete");
        let x: i64 = conn.query_row("SELECT x FROM t", [], |r| r.get(0)).unwrap();
        assert_eq!(x, 7);
        let synchronous: i64 = {
            apply(&conn, &db, JournalMode::Delete).unwrap();
            conn.query_row("PRAGMA synchronous", [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(synchronous, 2, "FULL");
    }

    #[test]
    fn leaving_wal_while_another_connection_reads_is_refused_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("plan.db");
        let conn = Connection::open(&db).unwrap();
        apply(&conn, &db, JournalMode::Wal).unwrap();
        conn.execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (7);")
            .unwrap();
        let reader = Connection::open(&db).unwrap();
        reader.execute_batch("BEGIN; SELECT * FROM t;").unwrap();
        let err = apply(&conn, &db, JournalMode::Delete)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("plan.db could not be switched from journal mode wal to delete"),
            "{err}"
        );
    }
}
