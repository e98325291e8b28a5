//! `weekly --split-by-lead DIR`: one file per lead, as a fresh set. A file
//! an earlier run wrote for a lead with nothing this week is removed, so no
//! lead is chased with last week's text. Only files the command wrote itself
//! are ever removed: a file of this run's format (its extension) that begins
//! as every weekly file of that format begins. (The set is recognised by its
//! contents rather than listed in a manifest file in DIR, so DIR holds only
//! the lead files.)

use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::Path;

use anyhow::{Context as _, Result};

use crate::cli::Context;
use crate::cli::output::write_file_atomically;

/// What a split run did.
pub struct SplitOutcome {
    /// Files written.
    pub written: usize,
    /// Files from an earlier run removed, by name.
    pub removed: Vec<String>,
}

/// Writes `files` (name, content) into `dir`, then removes the earlier
/// run's files (same `extension`, content starting with `signature`) that
/// this run did not write. Every target is checked before anything is written.
pub fn write_fresh_set(
    context: &Context,
    dir: &Path,
    files: &[(String, String)],
    extension: &str,
    signature: &str,
) -> Result<SplitOutcome> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for (name, _) in files {
        context.check_output(&dir.join(name))?;
    }
    for (name, content) in files {
        let path = dir.join(name);
        write_file_atomically(&path, content.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let now: BTreeSet<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    let mut removed = Vec::new();
    let entries = fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let ours = path.extension().is_some_and(|e| e == extension)
            && path.is_file()
            && !now.contains(name)
            && begins_with(&path, signature);
        if ours {
            let name = name.to_string();
            fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
            removed.push(name);
        }
    }
    removed.sort();
    Ok(SplitOutcome {
        written: files.len(),
        removed,
    })
}

/// True when the file's first bytes (after a UTF-8 byte order mark) are `signature`.
fn begins_with(path: &Path, signature: &str) -> bool {
    let mut start = Vec::new();
    let limit = signature.len() as u64 + 3;
    let read = fs::File::open(path).and_then(|file| file.take(limit).read_to_end(&mut start));
    if read.is_err() {
        return false;
    }
    let start = start.as_slice();
    let start = start.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(start);
    start.starts_with(signature.as_bytes())
}
