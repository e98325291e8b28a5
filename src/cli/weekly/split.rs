//! `weekly --split-by-lead DIR`: one file per lead, as a fresh set. A file
//! an earlier run wrote for a lead with nothing this week is removed, so no
//! lead is chased with last week's text. Only files the command wrote itself
//! are ever removed: each run lists the files it wrote in a hidden manifest
//! in DIR ([`MANIFEST`]), under a key naming the run's plan filter and
//! format, and the next run with the same key removes only files listed
//! there. A file a user put in DIR, or a file written for another plan or in
//! another format, is never removed, whatever it holds.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use crate::cli::Context;
use crate::cli::output::{write_beside, write_file_atomically};

/// The manifest's name in DIR: hidden, so a listing of DIR shows the lead files.
pub const MANIFEST: &str = ".actionplan-weekly-manifest";

/// The first line of the manifest, saying what it is to whoever opens it.
const MANIFEST_HEADING: &str =
    "# Files actionplan weekly --split-by-lead wrote here (run key, tab, file name); do not edit.";

/// What a split run did.
pub struct SplitOutcome {
    /// Files written.
    pub written: usize,
    /// Files from an earlier run removed, by name.
    pub removed: Vec<String>,
}

/// Writes one file per name in `names` into `dir`, `content_of(i)` giving
/// the i-th file's content when its turn comes (so one file at a time is in
/// memory), then removes the files the earlier run with the same `run_key`
/// wrote (as its manifest lists them) that this run did not write, and
/// records this run's files in the manifest.
///
/// Every target is checked before anything is written, and each file goes
/// to a hidden temporary beside it first; only once every file's content is
/// written (and `done_reading` has been called, so the caller can let go of
/// the database) are they renamed into place. A failure before then (a
/// refused target, an error giving a content) leaves DIR as it was. Each
/// file is replaced whole; if a rename fails part way (a file open in
/// Excel on Windows), the files already replaced are recorded in the
/// manifest, so a later run still tidies them, and the error names them.
pub fn write_fresh_set(
    context: &Context,
    dir: &Path,
    names: &[String],
    run_key: &str,
    content_of: impl FnMut(usize) -> Result<String>,
    done_reading: impl FnOnce(),
) -> Result<SplitOutcome> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for name in names {
        context.check_output(&dir.join(name))?;
    }
    let manifest_path = dir.join(MANIFEST);
    context.check_output(&manifest_path)?;
    let manifest = read_manifest(&manifest_path)?;
    let written = write_temporaries(dir, names, content_of)?;
    done_reading();
    if let Err((renamed, error)) = rename_into_place(&written) {
        let mut recorded = manifest.clone();
        for name in &names[..renamed] {
            let entry = (run_key.to_string(), name.clone());
            if !recorded.contains(&entry) {
                recorded.push(entry);
            }
        }
        let _ = write_manifest(&manifest_path, &recorded);
        let replaced = names[..renamed].join(", ");
        return Err(error.context(if renamed == 0 {
            "no lead file was replaced".to_string()
        } else {
            format!("these lead files were replaced before it failed: {replaced}")
        }));
    }
    let now: BTreeSet<&str> = names.iter().map(String::as_str).collect();
    let mut removed = Vec::new();
    for (key, name) in &manifest {
        let path = dir.join(name);
        if key == run_key && !now.contains(name.as_str()) && path.is_file() {
            fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
            removed.push(name.clone());
        }
    }
    removed.sort();
    let mut kept: Vec<(String, String)> = manifest
        .into_iter()
        .filter(|(key, name)| key != run_key && dir.join(name).is_file())
        .collect();
    kept.extend(names.iter().map(|name| (run_key.to_string(), name.clone())));
    write_manifest(&manifest_path, &kept)?;
    Ok(SplitOutcome {
        written: names.len(),
        removed,
    })
}

/// A file written to its hidden temporary, not yet renamed into place.
struct Written {
    /// The temporary holding the content.
    temporary: PathBuf,
    /// Where it goes.
    path: PathBuf,
}

/// Writes each file's content to a hidden temporary beside it, in order;
/// on a failure, removes the temporaries already written.
fn write_temporaries(
    dir: &Path,
    names: &[String],
    mut content_of: impl FnMut(usize) -> Result<String>,
) -> Result<Vec<Written>> {
    let mut written = Vec::with_capacity(names.len());
    for (index, name) in names.iter().enumerate() {
        let path = dir.join(name);
        let temporary = content_of(index).and_then(|content| {
            write_beside(&path, content.as_bytes())
                .with_context(|| format!("cannot write {}", path.display()))
        });
        match temporary {
            Ok(temporary) => written.push(Written { temporary, path }),
            Err(error) => {
                remove_temporaries(&written);
                return Err(error);
            }
        }
    }
    Ok(written)
}

/// Renames each temporary onto its file; on a failure, removes the
/// temporaries not yet renamed and says how many were renamed before it.
fn rename_into_place(written: &[Written]) -> std::result::Result<(), (usize, anyhow::Error)> {
    for (index, file) in written.iter().enumerate() {
        if let Err(error) = fs::rename(&file.temporary, &file.path) {
            remove_temporaries(&written[index..]);
            let error =
                anyhow::Error::new(error).context(format!("cannot write {}", file.path.display()));
            return Err((index, error));
        }
    }
    Ok(())
}

/// Removes temporaries, as far as it can: they are hidden leftovers, and
/// the error that stopped the run is the one to report.
fn remove_temporaries(written: &[Written]) {
    for file in written {
        let _ = fs::remove_file(&file.temporary);
    }
}

/// The (run key, file name) pairs the manifest lists; none when there is no
/// manifest yet. A line that is not "key, tab, plain file name" is skipped, so
/// a damaged manifest can only make the command remove less.
fn read_manifest(path: &Path) -> Result<Vec<(String, String)>> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(error) => {
            return Err(error).with_context(|| format!("cannot read {}", path.display()));
        }
    };
    Ok(text
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once('\t'))
        .filter(|(_, name)| is_plain_file_name(name))
        .map(|(key, name)| (key.to_string(), name.to_string()))
        .collect())
}

/// True for a name that stays inside DIR: no folder part, not `.` or `..`,
/// and not the manifest itself.
fn is_plain_file_name(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && name != MANIFEST
        && !name.contains(['/', '\\'])
}

/// Writes the manifest; with no entries, removes it (so a run that writes
/// nothing into a new folder leaves it empty).
fn write_manifest(path: &Path, entries: &[(String, String)]) -> Result<()> {
    if entries.is_empty() {
        return match fs::remove_file(path) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                Err(error).with_context(|| format!("cannot remove {}", path.display()))
            }
            _ => Ok(()),
        };
    }
    let mut text = format!("{MANIFEST_HEADING}\n");
    for (key, name) in entries {
        text.push_str(&format!("{key}\t{name}\n"));
    }
    write_file_atomically(path, text.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use actionplan::store::JournalChoice;

    /// Regression (review of the streaming weekly report): when a rename
    /// failed part way, the files already replaced were left out of the
    /// manifest, so a later run never tidied them away.
    #[test]
    fn regression_files_replaced_before_a_failed_rename_are_in_the_manifest() {
        let dir = tempfile::tempdir().unwrap();
        let context = Context {
            db: dir.path().join("plan.db"),
            journal: JournalChoice::Auto,
            bom: true,
            include_archived: false,
        };
        let names: Vec<String> = ["Ann.csv", "Bob.csv", "Cy.csv"]
            .iter()
            .map(|name| name.to_string())
            .collect();
        // Giving the third file's content removes the second's temporary,
        // so its rename fails after the first file is in place.
        let second_temporary = dir.path().join(".Bob.csv.partial");
        let failed = write_fresh_set(
            &context,
            dir.path(),
            &names,
            "all plans csv",
            |index| {
                if index == 2 {
                    fs::remove_file(&second_temporary).unwrap();
                }
                Ok(format!("file {index}"))
            },
            || {},
        );
        let error = format!("{:#}", failed.err().unwrap());
        assert!(
            error.contains("these lead files were replaced before it failed: Ann.csv"),
            "{error}"
        );
        assert_eq!(
            fs::read_to_string(dir.path().join("Ann.csv")).unwrap(),
            "file 0"
        );
        assert!(!dir.path().join("Cy.csv").exists());
        assert_eq!(
            read_manifest(&dir.path().join(MANIFEST)).unwrap(),
            [("all plans csv".to_string(), "Ann.csv".to_string())]
        );
    }
}
