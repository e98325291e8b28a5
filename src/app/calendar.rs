//! The open milestones as calendar events: which plan and lead, the plan as
//! it stood on the as-of date, how often each due date has moved by then,
//! and the calendar's name and stamp, read from one snapshot.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::error::{Error, Result};
use crate::model::Update;
use crate::reports::Revisions;
use crate::reports::calendar::{CalendarEntry, CalendarHeader, calendar_entry};
use crate::store::{MilestoneFilter, MilestoneOrder, ReadSnapshot, Store};

/// Which calendar to write.
#[derive(Debug, Clone, Default)]
pub struct CalendarQuery {
    /// Only this plan (default: every plan).
    pub plan: Option<String>,
    /// Only milestones this person leads.
    pub lead: Option<String>,
    /// The date to take the plan as it stood (default: today).
    pub as_of: Option<NaiveDate>,
}

/// The calendar a query chooses, ready to be read entry by entry; every
/// read comes from the snapshot taken when it was chosen.
pub struct Calendar<'s> {
    /// The database.
    store: &'s Store,
    /// The calendar's name and the stamp of every event.
    pub header: CalendarHeader,
    /// The milestones read, as they stood on the as-of date.
    filter: MilestoneFilter,
    /// The timeline revisions recorded up to the as-of date, oldest first.
    revisions: Vec<Update>,
    /// Held until the calendar is dropped, so the name and events agree.
    _snapshot: ReadSnapshot<'s>,
}

/// Chooses the calendar a query asks for. Refuses a lead nobody of that
/// name is and a plan that does not exist. The milestones are as they stood
/// on the as-of date (`today` when none is given). Every event's stamp is
/// the as-of day at 00:00 UTC when one is given, so a past paper's calendar
/// is reproduced byte for byte, else `now` (UTC). The calendar is named for
/// its plans ("Action plan" when it has none) and the lead when filtered.
pub fn calendar(
    store: &Store,
    query: CalendarQuery,
    today: NaiveDate,
    now: NaiveDateTime,
) -> Result<Calendar<'_>> {
    let snapshot = store.read_snapshot()?;
    if let Some(lead) = &query.lead {
        store.check_lead(lead)?;
    }
    let plan_id = store.plan_filter(query.plan.as_deref())?;
    let as_of = query.as_of.unwrap_or(today);
    let filter = MilestoneFilter {
        plan_id,
        lead: query.lead.clone(),
        ..MilestoneFilter::on(as_of)
    };
    let mut revisions = store.timeline_revisions(plan_id)?;
    revisions.retain(|update| update.on <= as_of);
    let plans = match &query.plan {
        Some(plan) => vec![plan.clone()],
        None => store.plans_among(&filter)?,
    };
    let mut name = if plans.is_empty() {
        "Action plan".to_string()
    } else {
        plans.join(", ")
    };
    if let Some(lead) = &query.lead {
        name = format!("{name} ({})", lead.trim());
    }
    let stamp = match query.as_of {
        Some(date) => date.and_time(NaiveTime::MIN),
        None => now,
    };
    Ok(Calendar {
        store,
        header: CalendarHeader { name, stamp },
        filter,
        revisions,
        _snapshot: snapshot,
    })
}

impl Calendar<'_> {
    /// Hands each milestone's calendar entry (an event, or why it has none)
    /// to `each` in plan order, as the store reads it. Nothing is held.
    pub fn for_each_entry<E: From<Error>>(
        &self,
        mut each: impl FnMut(CalendarEntry) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let revisions = Revisions::new(&self.revisions);
        self.store
            .for_each_milestone(&self.filter, MilestoneOrder::Plan, |milestone| {
                each(calendar_entry(&milestone, revisions.moves(&milestone)))
            })
    }
}
