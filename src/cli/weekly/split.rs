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
use std::path::Path;

use anyhow::{Context as _, Result};

use crate::cli::Context;
use crate::cli::output::write_file_atomically;

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

/// Writes `files` (name, content) into `dir`, then removes the files the
/// earlier run with the same `run_key` wrote (as its manifest lists them)
/// that this run did not write, and records this run's files in the manifest.
/// Every target is checked before anything is written.
pub fn write_fresh_set(
    context: &Context,
    dir: &Path,
    files: &[(String, String)],
    run_key: &str,
) -> Result<SplitOutcome> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for (name, _) in files {
        context.check_output(&dir.join(name))?;
    }
    let manifest_path = dir.join(MANIFEST);
    context.check_output(&manifest_path)?;
    let manifest = read_manifest(&manifest_path)?;
    for (name, content) in files {
        let path = dir.join(name);
        write_file_atomically(&path, content.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let now: BTreeSet<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
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
    kept.extend(
        files
            .iter()
            .map(|(name, _)| (run_key.to_string(), name.clone())),
    );
    write_manifest(&manifest_path, &kept)?;
    Ok(SplitOutcome {
        written: files.len(),
        removed,
    })
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
