//! Importing a self-evaluation: read the file, check every row against the
//! proposals, and store it in one transaction.

use std::path::Path;

use chrono::NaiveDate;

use crate::error::Result;
use crate::io::csvio::columns::HeaderMapping;
use crate::io::csvio::read::read_table;
use crate::io::selfeval::parse_self_evaluation;
use crate::model::selfeval::NewSelfEvaluation;
use crate::store::Store;

/// How a self-evaluation file is imported.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The partnership that completed it.
    pub partnership: String,
    /// Its label, e.g. "May 2019".
    pub label: String,
    /// The date it was completed.
    pub on: NaiveDate,
    /// `--map 'Header=field'` arguments.
    pub mappings: Vec<HeaderMapping>,
    /// Replace a self-evaluation with the same partnership and label.
    pub replace: bool,
}

/// What an import stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportSummary {
    /// The self-evaluation's id.
    pub id: i64,
    /// Proposals given a rating.
    pub rated: usize,
    /// Proposals of the 25 without a rating.
    pub not_rated: usize,
}

/// Imports a self-evaluation's bytes (CSV) in one transaction: all of it, or
/// (on any problem) none of it. `file` names the source in messages.
pub fn import_self_evaluation(
    store: &mut Store,
    file: &str,
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<ImportSummary> {
    let table = read_table(file, bytes, false)?;
    let proposals = store.msg_proposals()?;
    let draft = parse_self_evaluation(file, &table, &options.mappings, &proposals)?;
    let new = NewSelfEvaluation {
        partnership: options.partnership.clone(),
        label: options.label.clone(),
        on: options.on,
        source: Some(file.to_string()),
    };
    let id = store.insert_self_evaluation(&new, &draft, options.replace)?;
    let rated = draft.entries.iter().filter(|e| e.rating.is_some()).count();
    Ok(ImportSummary {
        id,
        rated,
        not_rated: proposals.len() - rated,
    })
}

/// Imports a self-evaluation file, naming it in messages.
pub fn import_self_evaluation_file(
    store: &mut Store,
    path: &Path,
    options: &ImportOptions,
) -> Result<ImportSummary> {
    let bytes = crate::app::import::read_file(path)?;
    import_self_evaluation(store, &path.display().to_string(), &bytes, options)
}
