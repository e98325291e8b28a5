//! A self-evaluation's content: what it says about each proposal, and which
//! self-evaluation an import writes to.

use chrono::NaiveDate;

use crate::model::selfeval::Rating;

/// What a self-evaluation says about one proposal: its rating, evidence and actions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The proposal id as stored ("2.3").
    pub proposal: String,
    /// The rating; None when the cell is blank.
    pub rating: Option<Rating>,
    /// The evidence as written.
    pub evidence: String,
    /// The improvement actions, one per line of the cell.
    pub actions: Vec<String>,
}

/// A whole return, in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SelfEvaluationDraft {
    /// One entry per proposal the file names.
    pub entries: Vec<Entry>,
}

/// Which self-evaluation to write to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSelfEvaluation {
    /// The partnership (created when new).
    pub partnership: String,
    /// The label.
    pub label: String,
    /// The date it was completed.
    pub on: NaiveDate,
    /// The file it comes from, if any.
    pub source: Option<String>,
}
