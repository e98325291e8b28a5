//! Keeping the database safe: online backups and integrity checks.
//!
//! A backup is taken with SQLite's online backup API, which copies a
//! consistent snapshot of the database (including what the `-wal` file holds
//! and the main file does not yet) while others may go on writing. It is
//! written to a temporary file beside the target, checked, synced and only
//! then renamed into place, so a failed or interrupted backup never leaves a
//! half-written file under the target's name.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::Store;
use crate::error::{Error, Result};

/// How long to wait before retrying a backup step that found the source busy.
const BUSY_PAUSE: Duration = Duration::from_millis(50);

/// How many busy retries a backup makes before giving up (about a minute).
const BUSY_RETRIES: u32 = 1_200;
/// At most this many milestones with a faulty state by date are named: one
/// fault usually means all were written by an old or foreign program.
const STATE_FAULTS_SHOWN: usize = 20;

impl Store {
    /// Copies the database to `target` with the online backup API: the copy is
    /// a single self-contained file (rollback journal, no `-wal`), checked with
    /// `PRAGMA integrity_check` before it is renamed into place. An existing
    /// `target` is refused unless `overwrite`. Returns the backup's size in bytes.
    pub fn backup(&self, target: &Path, overwrite: bool) -> Result<u64> {
        if target.exists() && !overwrite {
            return Err(Error::BackupExists(target.to_path_buf()));
        }
        if let Some(source) = self.path()
            && same_file(source, target)
        {
            return Err(Error::Invalid(format!(
                "{} is the database itself: back it up to another file",
                target.display()
            )));
        }
        let temporary = temporary_path(target);
        let result = self.backup_to(&temporary).and_then(|bytes| {
            fs::rename(&temporary, target).map_err(|source| Error::Io {
                path: target.to_path_buf(),
                source,
            })?;
            sync_directory_of(target);
            Ok(bytes)
        });
        if result.is_err() {
            // Nothing half-written is left behind; the file may not exist at all.
            let _ = fs::remove_file(&temporary);
        }
        result
    }

    /// Writes, checks and syncs the backup at `temporary`; returns its size.
    fn backup_to(&self, temporary: &Path) -> Result<u64> {
        if temporary.exists() {
            fs::remove_file(temporary).map_err(|source| Error::Io {
                path: temporary.to_path_buf(),
                source,
            })?;
        }
        let mut destination = Connection::open_with_flags(
            temporary,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE,
        )?;
        copy_all_pages(self.conn(), &mut destination)?;
        // The copy inherits WAL mode from the source; a backup is better as one file.
        destination.pragma_update(None, "journal_mode", "DELETE")?;
        let faults = integrity_faults(&destination)?;
        if !faults.is_empty() {
            return Err(Error::Invalid(format!(
                "the backup failed its integrity check ({}); the database itself may be damaged: run actionplan check-db",
                faults.join("; ")
            )));
        }
        destination
            .close()
            .map_err(|(_, error)| Error::Sqlite(error))?;
        let io_error = |source| Error::Io {
            path: temporary.to_path_buf(),
            source,
        };
        let file = File::open(temporary).map_err(io_error)?;
        file.sync_all().map_err(io_error)?;
        Ok(file.metadata().map_err(io_error)?.len())
    }

    /// Everything `PRAGMA integrity_check` and `PRAGMA foreign_key_check` find
    /// wrong, one sentence each; empty when the database is sound.
    pub fn integrity_faults(&self) -> Result<Vec<String>> {
        integrity_faults(self.conn())
    }
}

/// Copies every page in one step, so the copy is one consistent snapshot even
/// while others write; retries while the source is locked.
pub(super) fn copy_all_pages(source: &Connection, destination: &mut Connection) -> Result<()> {
    let backup = Backup::new(source, destination)?;
    for _ in 0..BUSY_RETRIES {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            StepResult::More | StepResult::Busy | StepResult::Locked => {
                std::thread::sleep(BUSY_PAUSE);
            }
            _ => std::thread::sleep(BUSY_PAUSE),
        }
    }
    Err(Error::Invalid(
        "the database stayed locked for a minute: try the backup again".to_string(),
    ))
}

/// Runs both checks on a connection. A database too damaged for the checks to
/// run at all is one fault, not an error.
pub(super) fn integrity_faults(conn: &Connection) -> Result<Vec<String>> {
    let mut faults = Vec::new();
    match integrity_check(conn) {
        Ok(lines) => faults.extend(lines),
        Err(error) if is_damage(&error) => {
            faults.push(format!("integrity check could not run: {error}"));
            return Ok(faults);
        }
        Err(error) => return Err(error.into()),
    }
    match foreign_key_check(conn) {
        Ok(lines) => faults.extend(lines),
        Err(error) if is_damage(&error) => {
            faults.push(format!("foreign key check could not run: {error}"));
            return Ok(faults);
        }
        Err(error) => return Err(error.into()),
    }
    if faults.is_empty() {
        faults.extend(super::updates::current_state_faults(conn)?);
        faults.extend(super::state_history::faults(conn, STATE_FAULTS_SHOWN)?);
        faults.extend(super::keeping::kept_dates_faults(conn)?);
    }
    Ok(faults)
}

/// `PRAGMA integrity_check`: its lines, or nothing when it says "ok".
fn integrity_check(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut statement = conn.prepare("PRAGMA integrity_check")?;
    let lines = statement
        .query_map([], |row| row.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if lines.len() == 1 && lines[0] == "ok" {
        return Ok(Vec::new());
    }
    Ok(lines
        .into_iter()
        .map(|line| format!("integrity: {line}"))
        .collect())
}

/// `PRAGMA foreign_key_check`: one sentence per row that points at nothing.
fn foreign_key_check(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut statement = conn.prepare("PRAGMA foreign_key_check")?;
    let faults = statement
        .query_map([], |row| {
            let table: String = row.get(0)?;
            let rowid: Option<i64> = row.get(1)?;
            let parent: String = row.get(2)?;
            Ok(match rowid {
                Some(rowid) => format!(
                    "foreign key: {table} row {rowid} refers to a {parent} row that does not exist"
                ),
                None => {
                    format!(
                        "foreign key: a {table} row refers to a {parent} row that does not exist"
                    )
                }
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(faults)
}

/// True for the errors a damaged file gives.
fn is_damage(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
    )
}

/// A name beside `target` for the backup while it is written. Temporary
/// files another run left for the same target (`.NAME.PID.partial`, a
/// killed run's) are removed first when they were last written before this
/// process started, so a run still at work is never disturbed.
pub(super) fn temporary_path(target: &Path) -> PathBuf {
    remove_stale_partials(target);
    own_temporary_path(target)
}

fn own_temporary_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "backup".to_string());
    let directory = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    directory.join(format!(".{name}.{}.partial", std::process::id()))
}

fn remove_stale_partials(target: &Path) {
    let own = own_temporary_path(target);
    let (Some(directory), Some(own_name)) = (own.parent(), own.file_name()) else {
        return;
    };
    let own_name = own_name.to_string_lossy();
    let Some(prefix) = own_name
        .strip_suffix(".partial")
        .and_then(|rest| rest.rsplit_once('.'))
        .map(|(prefix, _pid)| format!("{prefix}."))
    else {
        return;
    };
    let started = process_started();
    let Ok(entries) = fs::read_dir(directory) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_a_partial_for_target = name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.strip_suffix(".partial"))
            .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()));
        let stale = entry
            .metadata()
            .and_then(|meta| meta.modified())
            .is_ok_and(|modified| modified < started);
        if is_a_partial_for_target && name != own_name && stale {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// When this process started: on Linux the time of `/proc/self`; elsewhere
/// ten minutes ago, longer than any backup of a plan takes.
fn process_started() -> SystemTime {
    fs::metadata("/proc/self")
        .and_then(|meta| meta.modified())
        .unwrap_or_else(|_| SystemTime::now() - Duration::from_secs(600))
}

/// True when both paths name one existing file.
pub(super) fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Makes a rename durable where the system allows it; a failure here is not
/// an error (some file systems cannot sync a directory).
pub(super) fn sync_directory_of(path: &Path) {
    let directory = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."));
    if let Ok(handle) = File::open(directory) {
        let _ = handle.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seeded_store(path: &Path) -> Store {
        let mut store = Store::open(path, super::super::OpenMode::CreateIfMissing).unwrap();
        store
            .conn_mut()
            .execute_batch(
                "INSERT INTO plan (id, partnership_id, name, source, imported_at) VALUES (1, NULL, 'p', 'f.csv', '2020-01-01T00:00:00Z');
                 INSERT INTO theme VALUES (1, 1, 1, 'T');",
            )
            .unwrap();
        store
    }

    #[test]
    fn backup_copies_and_refuses_to_overwrite_without_force() {
        let dir = tempfile::tempdir().unwrap();
        let store = seeded_store(&dir.path().join("plan.db"));
        let target = dir.path().join("copy.db");
        let bytes = store.backup(&target, false).unwrap();
        assert_eq!(bytes, fs::metadata(&target).unwrap().len());
        let copy = Connection::open(&target).unwrap();
        let themes: i64 = copy
            .query_row("SELECT count(*) FROM theme", [], |r| r.get(0))
            .unwrap();
        assert_eq!(themes, 1);
        let mode: String = copy
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))
            .unwrap();
        assert_eq!(mode, "delete");
        let err = store.backup(&target, false).unwrap_err();
        assert!(err.to_string().contains("exists already"), "{err}");
        store.backup(&target, true).unwrap();
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".partial"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }

    #[test]
    fn backup_onto_the_database_itself_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plan.db");
        let store = seeded_store(&path);
        let err = store.backup(&path, true).unwrap_err();
        assert!(err.to_string().contains("the database itself"), "{err}");
    }

    #[test]
    fn integrity_faults_finds_a_dangling_foreign_key() {
        let store = Store::in_memory().unwrap();
        assert_eq!(store.integrity_faults().unwrap(), Vec::<String>::new());
        store
            .conn()
            .execute_batch(
                "PRAGMA foreign_keys = OFF;
                 INSERT INTO theme VALUES (1, 42, 1, 'T');",
            )
            .unwrap();
        assert_eq!(
            store.integrity_faults().unwrap(),
            vec!["foreign key: theme row 1 refers to a plan row that does not exist".to_string()]
        );
    }
}
