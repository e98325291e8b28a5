//! The milestone listing: every field a reader of the plan needs.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::Milestone;
use crate::model::{Rag, Status, Target};

/// A milestone as `list` and the JSON outputs show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MilestoneRecord {
    /// Stable id.
    pub id: i64,
    /// Plan name.
    pub plan: String,
    /// Theme (Report Recommendation).
    pub theme: String,
    /// Improvement action.
    pub action: String,
    /// The plan's own reference ("1.1"), if any; left out of JSON when none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Milestone detail.
    pub milestone: String,
    /// Leads in order.
    pub leads: Vec<String>,
    /// Current timeline as displayed ("Sep 19"), or its no-date word ("TBC").
    pub timeline: Target,
    /// Due date; None when there is no target date.
    pub due: Option<NaiveDate>,
    /// Status.
    pub status: Status,
    /// The plan's word for the status ("On track"), if it gave one; left
    /// out of JSON when none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_word: Option<String>,
    /// RAG.
    pub rag: Rag,
    /// Comment.
    pub comment: String,
}

impl MilestoneRecord {
    /// The status as the plan words it ("On track"), or the tool's word.
    pub fn status_shown(&self) -> &str {
        self.status_word
            .as_deref()
            .unwrap_or_else(|| self.status.words())
    }
}

impl From<&Milestone> for MilestoneRecord {
    fn from(m: &Milestone) -> Self {
        MilestoneRecord::from(m.clone())
    }
}

impl From<Milestone> for MilestoneRecord {
    /// The record of a milestone read row by row: its text moved, not copied.
    fn from(m: Milestone) -> Self {
        let due = m.due();
        let status_word = m.status_word().map(str::to_string);
        MilestoneRecord {
            id: m.id,
            plan: m.plan,
            theme: m.theme,
            action: m.action,
            reference: m.reference,
            milestone: m.detail,
            leads: m.leads,
            timeline: m.timeline,
            due,
            status: m.status,
            status_word,
            rag: m.rag,
            comment: m.comment,
        }
    }
}
