//! A milestone as the plan holds it today: its place in the plan (theme,
//! action, reference), its leads, and its current state.

use chrono::NaiveDate;

#[cfg(test)]
use crate::model::Timeline;
use crate::model::{Rag, Status, Target};

/// A milestone with its place in the plan and its current state.
#[derive(Debug, Clone, PartialEq)]
pub struct Milestone {
    /// Stable id.
    pub id: i64,
    /// The plan's name.
    pub plan: String,
    /// The theme (Report Recommendation).
    pub theme: String,
    /// The improvement action.
    pub action: String,
    /// The plan's own reference ("1.1"), if it has one.
    pub reference: Option<String>,
    /// The milestone detail.
    pub detail: String,
    /// Leads in their given order.
    pub leads: Vec<String>,
    /// The timeline as imported, kept forever.
    pub imported_timeline: Target,
    /// The current timeline (the latest revision, or the imported one).
    pub timeline: Target,
    /// Current status.
    pub status: Status,
    /// The status as imported.
    pub imported_status: Status,
    /// The plan's word for the imported status ("On track"), if it gave one.
    pub imported_status_word: Option<String>,
    /// Current RAG.
    pub rag: Rag,
    /// Current comment.
    pub comment: String,
    /// Date of the latest recorded update, if any.
    pub last_update_on: Option<NaiveDate>,
    /// The day it was added to the plan after import (None: imported with it).
    pub added_on: Option<NaiveDate>,
}

impl Milestone {
    /// The last day anyone reported on or set up this milestone: its latest
    /// update, else the day it was added (None: imported and never updated).
    /// A milestone added last week is not "never updated" in the weekly chase.
    pub fn last_touched_on(&self) -> Option<NaiveDate> {
        self.last_update_on.or(self.added_on)
    }

    /// The date the current timeline falls due; None when it has no target date.
    pub fn due(&self) -> Option<NaiveDate> {
        self.timeline.due()
    }

    /// Whether it is open and has a due date before `as_of`.
    pub fn is_overdue(&self, as_of: NaiveDate) -> bool {
        self.status.is_open() && self.due().is_some_and(|due| due < as_of)
    }

    /// The plan's word for the current status ("On track"): the word it was
    /// imported with, while the status is still the imported one.
    pub fn status_word(&self) -> Option<&str> {
        self.imported_status_word
            .as_deref()
            .filter(|_| self.status == self.imported_status)
    }

    /// The status as the plan words it: its own word while that still applies,
    /// otherwise the tool's word ("in progress").
    pub fn status_shown(&self) -> &str {
        self.status_word().unwrap_or_else(|| self.status.words())
    }
}

#[cfg(test)]
impl Milestone {
    /// A milestone for unit tests: plan "p", theme "t", action "a", detail
    /// "m{id}", led by "Ann Lead", in progress, amber, no comment, never updated.
    pub fn sample(id: i64, timeline: &str) -> Milestone {
        let timeline = Target::Timeline(Timeline::parse(timeline).expect("a test timeline"));
        Milestone {
            id,
            plan: "p".into(),
            theme: "t".into(),
            action: "a".into(),
            reference: None,
            detail: format!("m{id}"),
            leads: vec!["Ann Lead".into()],
            imported_timeline: timeline,
            timeline,
            status: Status::InProgress,
            imported_status: Status::InProgress,
            imported_status_word: None,
            rag: Rag::Amber,
            comment: String::new(),
            last_update_on: None,
            added_on: None,
        }
    }
}

/// What decides whether a committee appendix needs its optional columns,
/// read without the milestone's texts and leads (an export's first read).
#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneStatusFacts {
    /// Whether it has the plan's own reference.
    pub has_reference: bool,
    /// Current RAG.
    pub rag: Rag,
    /// Current status.
    pub status: Status,
    /// The plan's word for the status, while the status is still the
    /// imported one (as [`Milestone::status_word`]).
    pub status_word: Option<String>,
    /// Current comment.
    pub comment: String,
}
