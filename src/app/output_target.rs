//! Output files can never land on the database: a file a command is asked to
//! write is compared with the database, its `-wal`, `-shm` and `-journal`,
//! and any input file, by file identity (device and inode on Unix) and by
//! canonical path, never by the text of the names.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The database file and the files SQLite keeps beside it. SQLite names
/// those after the real file, so when `database` is a symbolic link they are
/// listed both beside the link and beside the file it points to.
pub fn database_files(database: &Path) -> Vec<PathBuf> {
    let mut names = files_beside(database);
    if let Ok(real) = fs::canonicalize(database)
        && real != database
    {
        names.extend(files_beside(&real));
    }
    names
}

fn files_beside(database: &Path) -> Vec<PathBuf> {
    ["", "-wal", "-shm", "-journal"]
        .iter()
        .map(|suffix| {
            let mut name = database.as_os_str().to_owned();
            name.push(suffix);
            PathBuf::from(name)
        })
        .collect()
}

/// Refuses `target` when it is one of `protected` (the database's files,
/// input files), however it is spelled: another relative path, a symbolic
/// link, or a hard link to the same file.
pub fn refuse_protected(target: &Path, protected: &[PathBuf]) -> Result<()> {
    match protected.iter().find(|file| same_place(target, file)) {
        Some(file) => Err(Error::Invalid(format!(
            "{} is {}: choose another file to write",
            target.display(),
            describe(file)
        ))),
        None => Ok(()),
    }
}

fn describe(file: &Path) -> String {
    let name = file.display().to_string();
    for (suffix, what) in [
        ("-wal", "the database's write-ahead log"),
        ("-shm", "the database's shared-memory file"),
        ("-journal", "the database's rollback journal"),
    ] {
        if name.ends_with(suffix) {
            return format!("{what} ({name})");
        }
    }
    format!("the database itself ({name})")
}

/// True when both paths name the same file, or would once created.
fn same_place(a: &Path, b: &Path) -> bool {
    if let (Ok(first), Ok(second)) = (fs::metadata(a), fs::metadata(b))
        && same_identity(&first, &second)
    {
        return true;
    }
    matches!((canonical(a), canonical(b)), (Some(x), Some(y)) if x == y)
}

#[cfg(unix)]
fn same_identity(a: &fs::Metadata, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_identity(_a: &fs::Metadata, _b: &fs::Metadata) -> bool {
    false
}

/// The canonical path of a file, or of its folder joined with its name when
/// the file does not exist yet.
fn canonical(path: &Path) -> Option<PathBuf> {
    if let Ok(path) = fs::canonicalize(path) {
        return Some(path);
    }
    let folder = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Some(fs::canonicalize(folder).ok()?.join(path.file_name()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_is_refused_however_it_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("plan.db");
        fs::write(&db, "x").unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        let protected = database_files(&db);
        let spelled_otherwise = dir.path().join("sub").join("..").join("plan.db");
        let err = refuse_protected(&spelled_otherwise, &protected).unwrap_err();
        assert!(err.to_string().contains("is the database itself"), "{err}");
        let hard_link = dir.path().join("other-name.db");
        fs::hard_link(&db, &hard_link).unwrap();
        assert!(refuse_protected(&hard_link, &protected).is_err());
        #[cfg(unix)]
        {
            let symbolic = dir.path().join("link.csv");
            std::os::unix::fs::symlink(&db, &symbolic).unwrap();
            assert!(refuse_protected(&symbolic, &protected).is_err());
        }
        let wal = dir.path().join("sub/../plan.db-wal");
        let err = refuse_protected(&wal, &protected).unwrap_err();
        assert!(err.to_string().contains("write-ahead log"), "{err}");
        assert!(refuse_protected(&dir.path().join("appendix.csv"), &protected).is_ok());
    }
}
