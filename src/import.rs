//! Importing a committee appendix file: read, check every row, store in one transaction.

use std::path::Path;

use crate::appendix::{AppendixReading, BlueMeans, ReadOptions, read_appendix_table};
use crate::csvio::columns::HeaderMapping;
use crate::csvio::read::read_table;
use crate::error::{Error, Result};
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
    pub fn read_options(&self) -> ReadOptions {
        ReadOptions {
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
    /// Headers of columns no field was read from ("Commentary").
    pub ignored: Vec<String>,
    /// Headers of columns kept with `--keep-extra`.
    pub kept: Vec<String>,
}

/// Reads and checks an appendix table's bytes without storing them;
/// `file` names the file in messages.
pub fn read_appendix(
    file: &str,
    bytes: &[u8],
    mappings: &[HeaderMapping],
    raw: bool,
) -> Result<PlanDraft> {
    let options = ReadOptions {
        mappings: mappings.to_vec(),
        ..Default::default()
    };
    Ok(read_appendix_with(file, bytes, &options, raw)?.draft)
}

/// Reads and checks an appendix table's bytes with the given options,
/// without storing them; `file` names the file in messages.
pub fn read_appendix_with(
    file: &str,
    bytes: &[u8],
    options: &ReadOptions,
    raw: bool,
) -> Result<AppendixReading> {
    let table = read_table(file, bytes, raw)?;
    Ok(read_appendix_table(file, &table, options)?)
}

/// Reads and checks an appendix file as `import` would, storing nothing
/// (`import --dry-run`).
pub fn preview_appendix_file(path: &Path, options: &ImportOptions) -> Result<AppendixReading> {
    let bytes = read_file(path)?;
    read_appendix_with(
        &path.display().to_string(),
        &bytes,
        &options.read_options(),
        options.raw,
    )
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
    let reading = read_appendix_with(file, bytes, &options.read_options(), options.raw)?;
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
        ignored: reading.ignored,
        kept: draft
            .extra_columns
            .iter()
            .map(|c| c.header.clone())
            .collect(),
    })
}
