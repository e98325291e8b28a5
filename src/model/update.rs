//! History entries: what a lead reported (a [`NewUpdate`] to record), what
//! was recorded (an [`Update`], or by its kind an addition, edit, move,
//! retirement or retraction), and the state they build up ([`MilestoneState`]).

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Field, Result};
use crate::model::text_rules::{check_field_length, check_field_name};
use crate::model::{EditField, EntryKind, Rag, Status, Target, Timeline};

/// What a lead reported: every field optional but the date.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NewUpdate {
    /// The milestone.
    pub milestone_id: i64,
    /// The date the update speaks for.
    pub on: NaiveDate,
    /// Who reported it.
    pub by: Option<String>,
    /// New RAG.
    pub rag: Option<Rag>,
    /// New status.
    pub status: Option<Status>,
    /// New comment.
    pub comment: Option<String>,
    /// New target timeline; needs a reason.
    pub timeline: Option<Timeline>,
    /// Why the timeline moved.
    pub reason: Option<String>,
}

impl NewUpdate {
    /// The rules of an update's own text: who is named as a name, the
    /// comment and reason within a cell's length, a reason for a new
    /// timeline, and something changed. The store applies them, and the
    /// application checks them before the database is opened.
    pub fn check_text(&self) -> Result<()> {
        if let Some(by) = &self.by {
            check_field_name(Field::By, by)?;
        }
        if let Some(comment) = &self.comment {
            check_field_length(Field::Comment, comment)?;
        }
        if let Some(reason) = &self.reason {
            check_field_length(Field::Reason, reason)?;
        }
        let no_reason = self.reason.as_deref().is_none_or(|r| r.trim().is_empty());
        if self.timeline.is_some() && no_reason {
            return Err(Error::ReasonNeeded {
                what: "a new timeline",
            });
        }
        if self.rag.is_none()
            && self.status.is_none()
            && self.comment.is_none()
            && self.timeline.is_none()
        {
            return Err(Error::NothingToUpdate);
        }
        Ok(())
    }

    /// The update with the status it sets on a milestone whose status is
    /// `status_now` (see [`Status::set_by_update`]: Blue completes an open one).
    pub fn with_blue_completing(mut self, status_now: Status) -> NewUpdate {
        self.status = status_now.set_by_update(self.rag, self.status);
        self
    }
}

/// A recorded history entry: a lead's update, or (by `kind`) an addition,
/// edit, move, retirement or retraction.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Update {
    /// The entry's own id, shown so that it can be retracted.
    pub update_id: i64,
    /// The milestone's id.
    #[serde(rename = "id")]
    pub milestone_id: i64,
    /// What the entry records.
    pub kind: EntryKind,
    /// The date it speaks for.
    pub on: NaiveDate,
    /// When it was typed in (RFC 3339).
    #[serde(skip)]
    pub recorded_at: String,
    /// Who reported it.
    pub by: Option<String>,
    /// RAG, if it changed.
    pub rag: Option<Rag>,
    /// Status, if it changed.
    pub status: Option<Status>,
    /// Comment, if it changed.
    pub comment: Option<String>,
    /// New timeline, if it moved.
    pub timeline: Option<Timeline>,
    /// Why: the timeline moved, or the edit, retirement or retraction was made.
    pub reason: Option<String>,
    /// The field an edit changed.
    pub field: Option<EditField>,
    /// An edit's or move's value before (leads one per line).
    pub before: Option<String>,
    /// An edit's or move's value after (leads one per line).
    pub after: Option<String>,
    /// The entry a retraction withdraws.
    pub retracts: Option<i64>,
    /// The retraction that withdrew this entry, if any.
    pub retracted_by: Option<i64>,
    /// The milestone a retired one was merged into.
    pub merged_into: Option<i64>,
}

impl Update {
    /// Whether this entry shapes the milestone's progress state: a lead's
    /// update that has not been retracted.
    pub fn is_progress(&self) -> bool {
        self.kind == EntryKind::Update && self.retracted_by.is_none()
    }
}

/// A milestone's changeable fields at some point in its history.
#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneState {
    /// Target timeline, or the no-date word it was imported with.
    pub timeline: Target,
    /// Status.
    pub status: Status,
    /// RAG.
    pub rag: Rag,
    /// Comment.
    pub comment: String,
    /// Date of the latest update applied, if any.
    pub last_update_on: Option<NaiveDate>,
}

impl MilestoneState {
    /// Lays one update over this state.
    pub fn apply(&mut self, update: &Update) {
        self.apply_fields(
            update.timeline,
            update.status,
            update.rag,
            update.comment.clone(),
            update.on,
        );
    }

    /// Lays the fields of an update dated `on` over this state: each field it
    /// gives replaces the one before.
    pub fn apply_fields(
        &mut self,
        timeline: Option<Timeline>,
        status: Option<Status>,
        rag: Option<Rag>,
        comment: Option<String>,
        on: NaiveDate,
    ) {
        if let Some(timeline) = timeline {
            self.timeline = timeline.into();
        }
        if let Some(status) = status {
            self.status = status;
        }
        if let Some(rag) = rag {
            self.rag = rag;
        }
        if let Some(comment) = comment {
            self.comment = comment;
        }
        self.last_update_on = Some(match self.last_update_on {
            Some(date) => date.max(on),
            None => on,
        });
    }
}
