//! One milestone: where it sits in the plan, its current state, and every
//! entry recorded against it, read from one snapshot.

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::Result;
use crate::model::{Milestone, Update};
use crate::reports::MilestoneRecord;
use crate::store::Store;

/// One milestone and its history. Serialised as `show --format json`
/// writes it: the record's fields, then the original timeline, the last
/// update's day and the whole history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MilestoneDetail {
    /// The milestone as a report row: plan, theme, action, leads, state.
    #[serde(flatten)]
    pub record: MilestoneRecord,
    /// The timeline the plan was imported (or added) with.
    pub original_timeline: String,
    /// The day of the latest update, if any.
    pub last_update_on: Option<NaiveDate>,
    /// Every entry recorded against it, oldest first, retracted ones included.
    pub history: Vec<Update>,
    /// The milestone as stored.
    #[serde(skip)]
    pub milestone: Milestone,
}

impl MilestoneDetail {
    /// Whether its target has moved from the one it was imported with.
    pub fn retargeted(&self) -> bool {
        self.milestone.imported_timeline != self.milestone.timeline
    }

    /// The entries that still stand: those no retraction withdrew.
    pub fn standing_entries(&self) -> impl Iterator<Item = &Update> {
        self.history
            .iter()
            .filter(|entry| entry.retracted_by.is_none())
    }
}

/// Milestone `id` with its history. Refuses an id no milestone has.
pub fn milestone_detail(store: &Store, id: i64) -> Result<MilestoneDetail> {
    let _snapshot = store.read_snapshot()?;
    let milestone = store.milestone(id)?;
    let history = store.history(id)?;
    Ok(MilestoneDetail {
        record: MilestoneRecord::from(&milestone),
        original_timeline: milestone.imported_timeline.to_string(),
        last_update_on: milestone.last_update_on,
        history,
        milestone,
    })
}
