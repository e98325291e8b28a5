//! The history recorded across a plan: every entry (leads' updates, and
//! milestones added, edited, moved, reassigned, retired, entries retracted)
//! joined to the plan and milestone it belongs to, read from one snapshot.

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::{EditField, EntryKind, Rag, Status, Timeline, Update};
use crate::store::{MilestoneFilter, PlanEntry, ReadSnapshot, Store};

/// Which history to read.
#[derive(Debug, Clone, Default)]
pub struct HistoryQuery {
    /// Only this plan (default: every plan).
    pub plan: Option<String>,
    /// Only entries dated on or after this day.
    pub since: Option<NaiveDate>,
    /// Only entries of milestones this person leads.
    pub lead: Option<String>,
}

/// One history entry with its plan and milestone; a field is None when the
/// entry left it unchanged. Serialised in the order the JSON and CSV of
/// `history` list the fields.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryEntry {
    /// The milestone's id.
    pub id: i64,
    /// The plan the milestone belongs to.
    pub plan: String,
    /// The milestone detail.
    pub milestone: String,
    /// The date the entry speaks for.
    pub on: NaiveDate,
    /// Who reported it.
    pub by: Option<String>,
    /// New RAG.
    pub rag: Option<Rag>,
    /// New status.
    pub status: Option<Status>,
    /// New comment.
    pub comment: Option<String>,
    /// New timeline.
    pub timeline: Option<Timeline>,
    /// Why: the timeline moved, or the edit, retirement or retraction was made.
    pub reason: Option<String>,
    /// The entry's own id (what `retract` takes).
    pub update_id: i64,
    /// What the entry records: update, add, edit, move, retire or retract.
    pub kind: EntryKind,
    /// The field an edit changed.
    pub field: Option<EditField>,
    /// An edit's or move's value before (leads one per line).
    pub before: Option<String>,
    /// An edit's or move's value after.
    pub after: Option<String>,
    /// The entry a retraction withdraws.
    pub retracts: Option<i64>,
    /// The retraction that withdrew this entry.
    pub retracted_by: Option<i64>,
    /// The entry as stored, for saying in words what it changed.
    #[serde(skip)]
    pub entry: Update,
}

impl HistoryEntry {
    /// The entry of a plan's history as a row.
    fn of(row: PlanEntry) -> HistoryEntry {
        let update = &row.entry;
        HistoryEntry {
            id: update.milestone_id,
            plan: row.plan,
            milestone: row.milestone,
            on: update.on,
            by: update.by.clone(),
            rag: update.rag,
            status: update.status,
            comment: update.comment.clone(),
            timeline: update.timeline,
            reason: update.reason.clone(),
            update_id: update.update_id,
            kind: update.kind,
            field: update.field,
            before: update.before.clone(),
            after: update.after.clone(),
            retracts: update.retracts,
            retracted_by: update.retracted_by,
            entry: row.entry,
        }
    }
}

/// The history a query chooses, ready to be counted and read: every
/// question is answered from the one snapshot taken when it was chosen.
pub struct History<'s> {
    /// The database.
    store: &'s Store,
    /// The milestones whose entries are read (retired ones included).
    filter: MilestoneFilter,
    /// The first day read, if not the first of all.
    since: Option<NaiveDate>,
    /// Held until the history is dropped, so counts and rows agree.
    _snapshot: ReadSnapshot<'s>,
}

/// Chooses the history a query asks for: refuses a lead nobody of that
/// name is and a plan that does not exist. Milestones retired since keep
/// their entries.
pub fn history(store: &Store, query: HistoryQuery) -> Result<History<'_>> {
    let snapshot = store.read_snapshot()?;
    if let Some(lead) = &query.lead {
        store.check_lead(lead)?;
    }
    let filter = MilestoneFilter {
        plan_id: store.plan_filter(query.plan.as_deref())?,
        lead: query.lead,
        include_retired: true,
        ..Default::default()
    };
    Ok(History {
        store,
        filter,
        since: query.since,
        _snapshot: snapshot,
    })
}

impl History<'_> {
    /// How many entries [`History::for_each_entry`] hands over, per plan
    /// in plan order (plans with none left out).
    pub fn entries_per_plan(&self) -> Result<Vec<(String, usize)>> {
        self.store.entries_per_plan(&self.filter, self.since)
    }

    /// Hands each entry to `each` as the store reads it: plan by plan in
    /// plan order, within a plan oldest first (by the date it speaks for,
    /// then the order it was recorded in). Nothing is held.
    pub fn for_each_entry<E: From<Error>>(
        &self,
        mut each: impl FnMut(HistoryEntry) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        self.store
            .for_each_entry(&self.filter, self.since, |row| each(HistoryEntry::of(row)))
    }
}
