//! The milestone listing: every field a reader of the plan needs.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Rag, Status, Timeline};
use crate::store::Milestone;

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
    /// Milestone detail.
    pub milestone: String,
    /// Leads in order.
    pub leads: Vec<String>,
    /// Current timeline as displayed ("Sep 19").
    pub timeline: Timeline,
    /// Due date.
    pub due: NaiveDate,
    /// Status.
    pub status: Status,
    /// RAG.
    pub rag: Rag,
    /// Comment.
    pub comment: String,
}

impl From<&Milestone> for MilestoneRecord {
    fn from(m: &Milestone) -> Self {
        MilestoneRecord {
            id: m.id,
            plan: m.plan.clone(),
            theme: m.theme.clone(),
            action: m.action.clone(),
            milestone: m.detail.clone(),
            leads: m.leads.clone(),
            timeline: m.timeline,
            due: m.due(),
            status: m.status,
            rag: m.rag,
            comment: m.comment.clone(),
        }
    }
}
