//! Importing a committee appendix file: read, check every row, store in one transaction.

use std::io::Read;
use std::path::Path;

use crate::error::{Error, Field, ImportError, Problem, Result};
use crate::io::appendix::{
    self, AppendixReading, BlueMeans, appendix_columns, read_appendix_table,
};
use crate::io::csvio::columns::HeaderMapping;
use crate::io::{self as files, read_source};
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
    /// The workbook sheet to read (`--sheet`); by default the first that matches.
    pub sheet: Option<String>,
    /// The Word table to read, from 1 (`--table`); by default the first that matches.
    pub table: Option<usize>,
    /// The header row as the file numbers it (`--header-row`); by default found.
    pub header_row: Option<usize>,
    /// What a Blue RAG means: complete (the default) or closed.
    pub blue_means: BlueMeans,
    /// The theme of a plan without a theme column (default: the plan's name).
    pub theme: Option<String>,
    /// A separator that always splits a Lead cell (`--lead-separator`).
    pub lead_separator: Option<String>,
    /// Keep the columns with no field, per milestone, for export (`--keep-extra`).
    pub keep_extra: bool,
}

impl ImportOptions {
    /// The options that govern reading the table's cells.
    pub fn appendix_options(&self) -> appendix::ReadOptions {
        appendix::ReadOptions {
            mappings: self.mappings.clone(),
            blue_means: self.blue_means,
            lead_separator: self.lead_separator.clone(),
            keep_extra: self.keep_extra,
            default_theme: self
                .theme
                .clone()
                .unwrap_or_else(|| self.plan.trim().to_string()),
        }
    }

    /// The options that govern finding the table in the file.
    fn file_options(&self) -> files::ReadOptions {
        files::ReadOptions {
            sheet: self.sheet.clone(),
            table: self.table,
            header_row: self.header_row,
            raw: self.raw,
        }
    }
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
    /// What the user should know about how the file was read.
    pub warnings: Vec<String>,
    /// Headers of columns no field was read from ("Commentary").
    pub ignored: Vec<String>,
    /// Headers of columns kept with `--keep-extra`.
    pub kept: Vec<String>,
}

/// A plan file read and checked, not yet stored.
#[derive(Debug, Clone)]
pub struct PlanRead {
    /// The plan as read, with the columns used and ignored.
    pub reading: AppendixReading,
    /// What the user should know about how the file was read.
    pub warnings: Vec<String>,
}

/// Reads and checks an appendix table's bytes without storing them;
/// `file` names the file in messages.
pub fn read_appendix(
    file: &str,
    bytes: &[u8],
    mappings: &[HeaderMapping],
    raw: bool,
) -> Result<PlanDraft> {
    let options = ImportOptions {
        mappings: mappings.to_vec(),
        raw,
        ..ImportOptions::default()
    };
    Ok(read_plan(file, bytes, &options)?.reading.draft)
}

/// Reads and checks a plan file of any kind (CSV, workbook, Word paper)
/// without storing it; `file` names the file in messages and its extension
/// names the format when the content cannot tell.
pub fn read_plan(file: &str, bytes: &[u8], options: &ImportOptions) -> Result<PlanRead> {
    let extension = Path::new(file)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let source = read_source(
        file,
        bytes,
        &extension,
        &known_headers(&options.mappings),
        &options.file_options(),
    )?;
    let reading = read_appendix_table(file, &source.table, &options.appendix_options())
        .map_err(|error| Error::Import(source.explain(error)))?;
    Ok(PlanRead {
        reading,
        warnings: source.warnings,
    })
}

/// Reads and checks a plan file as `import` would, storing nothing
/// (`import --dry-run`).
pub fn preview_appendix_file(path: &Path, options: &ImportOptions) -> Result<PlanRead> {
    let bytes = read_file(path)?;
    read_plan(&path.display().to_string(), &bytes, options)
}

/// The headers a header row may hold: every appendix column's name and
/// synonyms, and the headers `--map` names.
fn known_headers(mappings: &[HeaderMapping]) -> Vec<String> {
    appendix_columns()
        .iter()
        .flat_map(|spec| std::iter::once(spec.header).chain(spec.synonyms.iter().copied()))
        .map(str::to_string)
        .chain(mappings.iter().map(|m| m.header.clone()))
        .collect()
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
        return Err(Error::Blank { field: Field::Plan });
    }
    let PlanRead { reading, warnings } = read_plan(file, bytes, options)?;
    let draft = reading.draft;
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
        warnings,
        ignored: reading.ignored,
        kept: draft
            .extra_columns
            .iter()
            .map(|c| c.header.clone())
            .collect(),
    })
}
