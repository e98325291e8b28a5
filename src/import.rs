//! Importing a committee appendix file: read, check every row, store in one transaction.

use std::io::Read;
use std::path::Path;

use crate::appendix::parse_appendix;
use crate::csvio::columns::HeaderMapping;
use crate::csvio::read::read_table;
use crate::error::{Error, ImportError, Problem, Result};
use crate::model::draft::PlanDraft;
use crate::store::Store;

/// How an appendix file is imported.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The plan's name.
    pub plan: String,
    /// The partnership it belongs to.
    pub partnership: Option<String>,
    /// `--map 'Header=field'` arguments.
    pub mappings: Vec<HeaderMapping>,
    /// Replace a plan of the same name (refused once it has history).
    pub replace: bool,
    /// Take cells as they are, without stripping the formula-injection prefix.
    pub raw: bool,
}

/// What an import stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    /// The plan's id.
    pub plan_id: i64,
    /// Themes stored.
    pub themes: usize,
    /// Actions stored.
    pub actions: usize,
    /// Milestones stored.
    pub milestones: usize,
}

/// Reads and checks an appendix table's bytes without storing them;
/// `file` names the file in messages.
pub fn read_appendix(
    file: &str,
    bytes: &[u8],
    mappings: &[HeaderMapping],
    raw: bool,
) -> Result<PlanDraft> {
    let table = read_table(file, bytes, raw)?;
    Ok(parse_appendix(file, &table, mappings)?)
}

/// The largest input file read: 64 MiB, far above any real appendix or
/// self-evaluation return (the seed plan is 30 KB), so that reading
/// `/dev/zero` or a mistaken 2 GB file is refused with bounded memory.
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// Reads a whole file of at most [`MAX_INPUT_BYTES`], naming it in the error.
/// A larger file (or an endless one) is refused after reading one byte past
/// the limit, never read whole.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    let io_error = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io_error)?;
    let too_big = || {
        Error::Import(ImportError {
            file: path.display().to_string(),
            problems: vec![Problem::file(format!(
                "the file is larger than {} MiB, the most actionplan reads: is it the right file?",
                MAX_INPUT_BYTES / (1024 * 1024)
            ))],
        })
    };
    if file.metadata().map_err(io_error)?.len() > MAX_INPUT_BYTES {
        return Err(too_big());
    }
    let mut bytes = Vec::new();
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(io_error)?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_big());
    }
    Ok(bytes)
}

/// Imports an appendix file as a plan: all of it, or (on any problem) none of it.
pub fn import_appendix_file(
    store: &mut Store,
    path: &Path,
    options: &ImportOptions,
) -> Result<ImportSummary> {
    let bytes = read_file(path)?;
    import_appendix(store, &path.display().to_string(), &bytes, options)
}

/// Imports an appendix table's bytes as a plan; `file` names the source.
pub fn import_appendix(
    store: &mut Store,
    file: &str,
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<ImportSummary> {
    if options.plan.trim().is_empty() {
        return Err(Error::Invalid("--plan must name the plan".to_string()));
    }
    let draft = read_appendix(file, bytes, &options.mappings, options.raw)?;
    let plan_id = store.insert_plan(
        options.plan.trim(),
        options
            .partnership
            .as_deref()
            .map(str::trim)
            .filter(|p| !p.is_empty()),
        file,
        &draft,
        options.replace,
    )?;
    Ok(ImportSummary {
        plan_id,
        themes: draft.themes.len(),
        actions: draft.action_count(),
        milestones: draft.milestone_count(),
    })
}
