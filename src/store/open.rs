//! Opening a database file: read-only for commands that only read, and for
//! writing only after the file has shown it is ours, sound and writable.

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};

use super::journal::{self, JournalChoice, JournalMode};
use super::location::{file_is_writable, folder_is_writable, folder_of};
use super::maintenance::copy_all_pages;
use super::{OpenMode, Store, schema};
use crate::error::{Error, Result};

/// How long a writer waits for another writer before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(60);

/// Write commands run `PRAGMA quick_check` on files up to this size: it reads
/// every page, ~10 ms per MiB, so a partnership's plan (well under 1 MiB
/// after years of updates) is checked for next to nothing. A larger file (a
/// national benchmark) would pay that on every update, so there SQLite's own
/// checks of every page a write touches stand guard, and `check-db` checks
/// the whole file.
const QUICK_CHECK_UP_TO_BYTES: u64 = 4 * 1024 * 1024;

/// Page cache per connection (negative: KiB): enough for a report's indexes
/// and the rows in hand, small enough that memory stays flat at any size.
/// SQLite also sorts this much in memory before it spills to a file.
const CACHE_KIB: i64 = 8 * 1024;

/// Settings every connection to a file gets: a bounded page cache. Sorts
/// stay SQLite's default (`temp_store=FILE`): up to the cache's size in
/// memory, the rest spilled to a temporary file. The reports take their
/// order from the indexes, so only a report whose order no index can give
/// (`overdue` for a past date) sorts, and its memory stays flat: with
/// `temp_store=MEMORY` that sort held every overdue row (46 MiB at
/// 1,000,000 milestones, growing with the plan).
fn tune(conn: &Connection) -> Result<()> {
    conn.pragma_update(None, "cache_size", -CACHE_KIB)?;
    Ok(())
}

/// Opens the database at `path` as `mode` asks.
pub fn open(path: &Path, mode: OpenMode, journal: JournalChoice) -> Result<Store> {
    if path.as_os_str() == ":memory:" || path.as_os_str().is_empty() {
        return Err(Error::NoFileNamed(path.display().to_string()));
    }
    let folder = folder_of(path);
    if !folder.is_dir() {
        return Err(Error::NoSuchFolder(folder.to_path_buf()));
    }
    let exists = path.exists();
    if !exists && mode != OpenMode::CreateIfMissing {
        return Err(Error::NoDatabase(path.to_path_buf()));
    }
    match mode {
        OpenMode::ReadOnly => open_read_only(path),
        OpenMode::MustExist | OpenMode::CreateIfMissing => open_for_writing(path, exists, journal),
    }
}

/// A read-only connection. The file is never written: an older schema is
/// read from a copy in memory brought up to date there (the file itself is
/// upgraded by the next write command).
fn open_read_only(path: &Path) -> Result<Store> {
    let store = open_as_it_is(path)?;
    if schema::version(&store.conn)? < schema::latest_version() {
        return Ok(Store {
            conn: upgraded_in_memory(&store.conn)?,
            path: store.path.clone(),
            _tidy: None,
            include_archived: false,
        });
    }
    Ok(store)
}

/// The file opened read-only exactly as it is, at whatever schema version it
/// has (as long as this build can read it), without upgrading it: for a
/// command that reads and for the copy a restore keeps.
pub(super) fn open_as_it_is(path: &Path) -> Result<Store> {
    let is_empty = path.metadata().map(|m| m.len() == 0).unwrap_or(false);
    if is_empty {
        return Err(Error::EmptyDatabase(path.to_path_buf()));
    }
    let tidy = TidyOnClose::needed_for(path);
    let conn = read_only_connection(path)?;
    schema::check_compatible(&conn, path)?;
    tune(&conn)?;
    Ok(Store {
        conn,
        path: Some(path.to_path_buf()),
        _tidy: tidy,
        include_archived: false,
    })
}

/// Every page of `file` copied into memory and upgraded there, read-only after.
fn upgraded_in_memory(file: &Connection) -> Result<Connection> {
    let mut copy = Connection::open_in_memory()?;
    copy_all_pages(file, &mut copy)?;
    schema::upgrade(&mut copy)?;
    copy.pragma_update(None, "query_only", true)?;
    tune(&copy)?;
    Ok(copy)
}

/// SQLite cannot read a WAL database without its `-wal` and `-shm` files, and
/// a read-only connection leaves them behind when it closes (where they can
/// lock the owner out). When they were not there before, this opens the file
/// once more for writing when the read-only connection has closed, reads
/// nothing and closes it: SQLite then removes both files, but only when no
/// other program has the database open. Nothing in the database is written.
pub struct TidyOnClose {
    path: PathBuf,
}

impl TidyOnClose {
    /// A tidy-up when `path` is a WAL database with no `-wal` or `-shm` beside
    /// it that this user may write; None otherwise.
    fn needed_for(path: &Path) -> Option<TidyOnClose> {
        let nothing_beside = !wal_path(path).exists() && !beside(path, "-shm").exists();
        (is_wal_file(path) && nothing_beside && file_is_writable(path) && folder_is_writable(path))
            .then(|| TidyOnClose {
                path: path.to_path_buf(),
            })
    }
}

impl Drop for TidyOnClose {
    fn drop(&mut self) {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        if let Ok(conn) = Connection::open_with_flags(&self.path, flags) {
            let _ = conn.query_row("PRAGMA schema_version", [], |_| Ok(()));
        }
    }
}

/// Opens with `SQLITE_OPEN_READ_ONLY` and `query_only`. A WAL database in a
/// folder nobody can write (so no writer can be at work: a writer would need
/// to create the `-wal` there) and with no `-wal` beside it is opened
/// `immutable`, since SQLite cannot otherwise read it without creating files.
fn read_only_connection(path: &Path) -> Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = if is_wal_file(path) && !wal_path(path).exists() && !folder_is_writable(path) {
        immutable_connection(path, flags)?
    } else {
        Connection::open_with_flags(path, flags)?
    };
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "query_only", true)?;
    Ok(conn)
}

#[cfg(unix)]
fn immutable_connection(path: &Path, flags: OpenFlags) -> Result<Connection> {
    let absolute = std::path::absolute(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut uri = String::from("file:");
    for &byte in absolute.as_os_str().as_encoded_bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    Ok(Connection::open_with_flags(
        uri,
        flags | OpenFlags::SQLITE_OPEN_URI,
    )?)
}

#[cfg(not(unix))]
fn immutable_connection(path: &Path, flags: OpenFlags) -> Result<Connection> {
    Ok(Connection::open_with_flags(path, flags)?)
}

/// A connection that may write: the file must be ours, sound and writable;
/// then its journal mode is set and its schema brought up to date.
fn open_for_writing(path: &Path, exists: bool, journal: JournalChoice) -> Result<Store> {
    if !exists {
        create_whole(path, journal)?;
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn =
        Connection::open_with_flags(path, flags).map_err(|error| not_writable(path, error))?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    if conn.is_readonly(rusqlite::MAIN_DB)? {
        return Err(not_writable_because(path));
    }
    schema::check_compatible(&conn, path).map_err(|e| permission_or(path, e))?;
    let size = path.metadata().map_or(0, |m| m.len());
    if exists && size <= QUICK_CHECK_UP_TO_BYTES {
        refuse_damaged(&conn, path)?;
    }
    tune(&conn)?;
    let current = JournalMode::of(&conn)?;
    journal::apply(&conn, path, journal.mode_for(path, Some(current)))
        .map_err(|e| permission_or(path, e))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.set_transaction_behavior(TransactionBehavior::Immediate);
    schema::upgrade(&mut conn).map_err(|e| permission_or(path, e))?;
    // A write lock taken and let go at once: a file SQLite needs beside the
    // database that this user cannot write shows here, not halfway through.
    conn.execute_batch("BEGIN IMMEDIATE; ROLLBACK;")
        .map_err(|error| not_writable(path, error))?;
    Ok(Store {
        conn,
        path: Some(path.to_path_buf()),
        _tidy: None,
        include_archived: false,
    })
}

/// Makes a new database with the whole schema under a temporary name beside
/// `path`, then links it into place, so a process killed while creating it
/// leaves no half-made (or zero-byte) database under the real name. If
/// another process created the file meanwhile, that one is kept.
fn create_whole(path: &Path, journal: JournalChoice) -> Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = folder_of(path).join(format!(".{name}.{}.new", std::process::id()));
    let made = (|| -> Result<()> {
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(&temporary, flags)
            .map_err(|error| not_writable(path, error))?;
        journal::apply(&conn, path, journal.mode_for(path, None))
            .map_err(|e| permission_or(path, e))?;
        schema::upgrade(&mut conn).map_err(|e| permission_or(path, e))?;
        conn.close().map_err(|(_, error)| Error::Sqlite(error))?;
        let io_error = |source| Error::Io {
            path: path.to_path_buf(),
            source,
        };
        File::open(&temporary)
            .and_then(|file| file.sync_all())
            .map_err(io_error)?;
        match std::fs::hard_link(&temporary, path) {
            Ok(()) => Ok(()),
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
            // A file system without hard links (some network shares): rename instead.
            Err(_) => std::fs::rename(&temporary, path).map_err(io_error),
        }
    })();
    for leftover in [
        temporary.clone(),
        beside(&temporary, "-wal"),
        beside(&temporary, "-shm"),
    ] {
        let _ = std::fs::remove_file(leftover);
    }
    made
}

/// `PRAGMA quick_check`: a write command refuses a damaged file.
fn refuse_damaged(conn: &Connection, path: &Path) -> Result<()> {
    let checked: rusqlite::Result<Vec<String>> = conn
        .prepare("PRAGMA quick_check")
        .and_then(|mut statement| statement.query_map([], |row| row.get(0))?.collect());
    let faults = match checked {
        Ok(lines) if lines.len() == 1 && lines[0] == "ok" => return Ok(()),
        Ok(lines) => lines.join("; "),
        Err(error) if is_damage(&error) => error.to_string(),
        Err(error) => return Err(error.into()),
    };
    Err(Error::Damaged {
        path: path.to_path_buf(),
        faults,
    })
}

fn is_damage(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::DatabaseCorrupt | ErrorCode::NotADatabase)
    )
}

/// True when the file's header says WAL (bytes 18 and 19 are 2).
fn is_wal_file(path: &Path) -> bool {
    let mut header = [0u8; 20];
    File::open(path)
        .and_then(|mut file| file.read_exact(&mut header))
        .is_ok_and(|()| header[18] == 2 && header[19] == 2)
}

/// The file beside `path` with `suffix` added to its name (`-wal`, `-shm`, `-journal`).
pub fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn wal_path(path: &Path) -> PathBuf {
    beside(path, "-wal")
}

/// A permission failure from SQLite, turned into a sentence naming the file in the way.
fn not_writable(path: &Path, error: rusqlite::Error) -> Error {
    match error.sqlite_error_code() {
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied) => {
            not_writable_because(path)
        }
        _ => Error::Sqlite(error),
    }
}

fn permission_or(path: &Path, error: Error) -> Error {
    match error {
        Error::Sqlite(error) => not_writable(path, error),
        other => other,
    }
}

/// Which file or folder stops this user writing the database, and why.
fn not_writable_because(path: &Path) -> Error {
    let folder = folder_of(path);
    let reason = if path.exists() && !file_is_writable(path) {
        "the file is read-only for you: ask its owner for write access, or work on a copy"
            .to_string()
    } else if let Some(companion) = ["-wal", "-shm", "-journal"]
        .iter()
        .map(|suffix| beside(path, suffix))
        .find(|companion| companion.exists() && !file_is_writable(companion))
    {
        format!(
            "{} beside it is read-only for you (another user's program made it): ask that user or the owner to close the plan, or to make the file writable by the team",
            companion.display()
        )
    } else if !folder_is_writable(path) {
        format!(
            "you cannot create files in folder {} (SQLite writes a journal beside the database)",
            folder.display()
        )
    } else {
        "SQLite could not open it for writing".to_string()
    };
    Error::NotWritable {
        path: path.to_path_buf(),
        reason,
    }
}

/// Removes the database at `path` (and the files beside it) when it holds no
/// plan and no self-evaluation: for a command that created it and then
/// failed, so a refused import leaves no new file. Returns whether it did.
pub fn remove_if_unused(path: &Path) -> Result<bool> {
    let unused = {
        let conn = read_only_connection(path)?;
        let stored: i64 = conn.query_row(
            "SELECT (SELECT count(*) FROM plan) + (SELECT count(*) FROM self_evaluation)",
            [],
            |row| row.get(0),
        )?;
        stored == 0
    };
    if unused {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let file = beside(path, suffix);
            if file.exists() {
                std::fs::remove_file(&file).map_err(|source| Error::Io { path: file, source })?;
            }
        }
    }
    Ok(unused)
}
