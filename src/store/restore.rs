//! Restoring a backup over the database: the backup is checked first, the
//! file as it was is kept beside it, and the pages are written through
//! SQLite's backup API, so the database's own `-wal` is dealt with by SQLite
//! (a backup copied over `plan.db` by hand while an old `plan.db-wal` sits
//! beside it has that log replayed onto it, which corrupts the plan).

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::journal::JournalChoice;
use super::maintenance::{
    copy_all_pages, integrity_faults, same_file, sync_directory_of, temporary_path,
};
use super::open::{beside, open_as_it_is};
use super::{OpenMode, Store, schema};
use crate::error::{Error, Result};

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreSummary {
    /// Where the database as it was before the restore is kept (None when there was none).
    pub kept_at: Option<PathBuf>,
    /// Plans in the restored database.
    pub plans: i64,
}

/// Replaces the database at `target` with `backup`: refuses a backup that is
/// not a sound actionplan database this build can read; keeps the current
/// file under [`safety_copy_name`] with `stamp`; then copies every page of
/// the backup into the database through the backup API. A database too
/// damaged to be written through SQLite is moved aside (its copy kept) and the
/// backup written in its place as a new file.
pub fn restore(
    target: &Path,
    backup: &Path,
    journal: JournalChoice,
    stamp: &str,
) -> Result<RestoreSummary> {
    if same_file(target, backup) {
        return Err(Error::Invalid(format!(
            "{} is the database itself: restore from a backup file",
            backup.display()
        )));
    }
    let source = checked_backup(backup)?;
    let kept_at = if target.exists() {
        Some(keep_current(target, stamp)?)
    } else {
        None
    };
    match replace_pages(&source, target) {
        Ok(()) => {}
        Err(error) if is_damaged(&error) => write_fresh(&source, target)?,
        Err(error) => return Err(error),
    }
    drop(source);
    // Upgrade an older backup and set the journal mode, as any write would.
    let store = Store::open_with_journal(target, OpenMode::MustExist, journal)?;
    let plans = store
        .conn()
        .query_row("SELECT count(*) FROM plan", [], |row| row.get(0))?;
    Ok(RestoreSummary { kept_at, plans })
}

/// The name the database as it was is kept under: `plan.db.before-restore-STAMP`.
pub fn safety_copy_name(target: &Path, stamp: &str) -> PathBuf {
    beside(target, &format!(".before-restore-{stamp}"))
}

/// Opens the backup read-only and checks it is ours, not newer than this
/// build, and passes SQLite's integrity check.
fn checked_backup(backup: &Path) -> Result<Connection> {
    if !backup.is_file() {
        return Err(Error::Invalid(format!("no backup at {}", backup.display())));
    }
    let conn = Connection::open_with_flags(
        backup,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    schema::check_compatible(&conn, backup)?;
    let application_id: i64 = conn.query_row("PRAGMA application_id", [], |row| row.get(0))?;
    if application_id != schema::APPLICATION_ID {
        return Err(Error::NotOurDatabase(backup.to_path_buf()));
    }
    let faults = integrity_faults(&conn)?;
    if !faults.is_empty() {
        return Err(Error::Invalid(format!(
            "{} failed its integrity check ({}); nothing was restored: choose another backup",
            backup.display(),
            faults.join("; ")
        )));
    }
    Ok(conn)
}

/// Keeps the database as it is now, before anything else touches it: through
/// the backup API from a read-only connection that does not upgrade it when
/// it reads, else (damaged) its files copied as they are. Returns the kept
/// main file.
fn keep_current(target: &Path, stamp: &str) -> Result<PathBuf> {
    let kept = safety_copy_name(target, stamp);
    let through_sqlite =
        open_as_it_is(target).and_then(|store| store.backup(&kept, false).map(|_| ()));
    if through_sqlite.is_err() {
        for suffix in ["", "-wal"] {
            let from = beside(target, suffix);
            if from.exists() {
                fs::copy(&from, beside(&kept, suffix)).map_err(|source| Error::Io {
                    path: beside(&kept, suffix),
                    source,
                })?;
            }
        }
    }
    Ok(kept)
}

/// Writes every page of `source` into the database at `target`, in one
/// transaction of the destination.
fn replace_pages(source: &Connection, target: &Path) -> Result<()> {
    let mut destination = Connection::open_with_flags(
        target,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    destination.busy_timeout(std::time::Duration::from_secs(60))?;
    copy_all_pages(source, &mut destination)?;
    let faults = integrity_faults(&destination)?;
    if !faults.is_empty() {
        return Err(Error::Invalid(format!(
            "the restored database failed its integrity check ({}); the file as it was is kept beside it",
            faults.join("; ")
        )));
    }
    Ok(())
}

/// A database SQLite cannot write into: its files are removed (their copy
/// was kept) and the backup written as a new file, renamed into place.
fn write_fresh(source: &Connection, target: &Path) -> Result<()> {
    let temporary = temporary_path(target);
    let _ = fs::remove_file(&temporary);
    let mut destination = Connection::open(&temporary)?;
    copy_all_pages(source, &mut destination)?;
    destination.pragma_update(None, "journal_mode", "DELETE")?;
    destination
        .close()
        .map_err(|(_, error)| Error::Sqlite(error))?;
    for suffix in ["-wal", "-shm", "-journal"] {
        let _ = fs::remove_file(beside(target, suffix));
    }
    fs::rename(&temporary, target).map_err(|source| Error::Io {
        path: target.to_path_buf(),
        source,
    })?;
    sync_directory_of(target);
    Ok(())
}

fn is_damaged(error: &Error) -> bool {
    match error {
        Error::Sqlite(error) => matches!(
            error.sqlite_error_code(),
            Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
        ),
        Error::Invalid(message) => message.contains("the restored database failed"),
        _ => false,
    }
}
