//! Importing a committee appendix file: read, check every row, store in one transaction.

use std::path::Path;

use crate::appendix::{appendix_columns, parse_appendix};
use crate::csvio::columns::HeaderMapping;
use crate::error::{Error, Result};
use crate::io::{ReadOptions, read_source};
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
}

/// A plan file read and checked, not yet stored.
#[derive(Debug, Clone)]
pub struct PlanRead {
    /// The plan.
    pub draft: PlanDraft,
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
    Ok(read_plan(file, bytes, &options)?.draft)
}

/// Reads and checks a plan file of any kind (CSV, workbook, Word paper)
/// without storing it; `file` names the file in messages and its extension
/// names the format when the content cannot tell.
pub fn read_plan(file: &str, bytes: &[u8], options: &ImportOptions) -> Result<PlanRead> {
    let extension = Path::new(file)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let read_options = ReadOptions {
        sheet: options.sheet.clone(),
        table: options.table,
        header_row: options.header_row,
        raw: options.raw,
    };
    let source = read_source(
        file,
        bytes,
        &extension,
        &known_headers(&options.mappings),
        &read_options,
    )?;
    let draft = parse_appendix(file, &source.table, &options.mappings)
        .map_err(|error| Error::Import(source.explain(error)))?;
    Ok(PlanRead {
        draft,
        warnings: source.warnings,
    })
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

/// Reads a whole file, naming it in the error.
pub fn read_file(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
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
    let PlanRead { draft, warnings } = read_plan(file, bytes, options)?;
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
    })
}
