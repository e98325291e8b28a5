//! The committee pack of one plan: which plan, which date, the milestones
//! as of that date or as a cycle froze them, the previous cycle to show
//! movement since (its leads under the names they had by the pack's side),
//! and the appendix, gathered from one snapshot and handed to
//! [`crate::reports::pack`].

use chrono::NaiveDate;

use crate::app::export::{Appendix, appendix_of};
use crate::error::Result;
use crate::io::appendix::appendix_table;
use crate::reports::{CycleName, Pack, PackSource, pack};
use crate::store::{CycleSummary, MilestoneFilter, Store};

/// Which pack to build.
#[derive(Debug, Clone, Default)]
pub struct PackQuery {
    /// The plan (may be left out when the database holds one).
    pub plan: Option<String>,
    /// The label of the closed cycle whose frozen plan the pack shows
    /// (default: the plan as it stood on the as-of date).
    pub cycle: Option<String>,
    /// The date the pack speaks for (default: the day the cycle closed, or
    /// today).
    pub as_of: Option<NaiveDate>,
}

/// Builds the committee pack a query asks for. The as-of date is the one
/// given, else the day the chosen cycle closed, else `today`. The movement
/// compares with the cycle before the chosen one, or without one with the
/// latest cycle closed before the as-of date (one closed on that day is the
/// paper being prepared, as `check` counts it). Refuses a plan or cycle
/// that does not exist.
pub fn committee_pack(store: &Store, query: PackQuery, today: NaiveDate) -> Result<Pack> {
    let _snapshot = store.read_snapshot()?;
    let plan = store.resolve_plan(query.plan.as_deref())?;
    let cycles = store.cycles(Some(plan.id))?;
    let chosen = match &query.cycle {
        Some(label) => Some(store.cycle(plan.id, label)?),
        None => None,
    };
    let as_of = match (&chosen, query.as_of) {
        (_, Some(as_of)) => as_of,
        (Some(cycle), None) => cycle.closed_on,
        (None, None) => today,
    };
    let (milestones, seven_columns) = match &chosen {
        Some(cycle) => (
            store.cycle_milestones(cycle.id)?,
            cycle.seven_column_appendix,
        ),
        None => {
            let filter = MilestoneFilter {
                plan_id: Some(plan.id),
                ..Default::default()
            };
            (store.milestones_as_of(&filter, as_of)?, false)
        }
    };
    let previous = previous_cycle(&cycles, chosen.as_ref(), as_of);
    let previous_milestones = match &previous {
        Some(cycle) => store.cycle_milestones(cycle.id)?,
        None => Vec::new(),
    };
    // The previous cycle's leads under the names they had at the pack's
    // own side (the chosen cycle, or now): renames recorded in between.
    let lead_renames = match &previous {
        Some(cycle) => store.lead_renames(
            &cycle.created_at,
            chosen.as_ref().map(|chosen| chosen.created_at.as_str()),
        )?,
        None => Vec::new(),
    };
    let Appendix {
        rows,
        extras,
        columns,
    } = appendix_of(store, plan.id, &milestones, seven_columns, false)?;
    Ok(pack(PackSource {
        partnership: plan.partnership.as_deref(),
        plan: &plan.name,
        as_of,
        cycle: chosen.as_ref().map(cycle_name),
        milestones: &milestones,
        appendix: appendix_table(&rows, &extras, columns),
        previous: previous
            .as_ref()
            .map(|cycle| (cycle_name(cycle), previous_milestones.as_slice())),
        latest_cycle_before: store.latest_cycle_date(plan.id, as_of)?,
        lead_renames: &lead_renames,
    }))
}

/// The cycle the pack's movement compares with: the one before the chosen
/// cycle, or without one the latest closed before `as_of` (one closed on
/// the day is the paper being prepared, as `check` and
/// `latest_cycle_date` count it). `cycles` are the plan's, oldest first.
fn previous_cycle(
    cycles: &[CycleSummary],
    chosen: Option<&CycleSummary>,
    as_of: NaiveDate,
) -> Option<CycleSummary> {
    match chosen {
        Some(chosen) => cycles
            .iter()
            .position(|cycle| cycle.id == chosen.id)
            .and_then(|position| position.checked_sub(1))
            .map(|position| cycles[position].clone()),
        None => cycles
            .iter()
            .rfind(|cycle| cycle.closed_on < as_of)
            .cloned(),
    }
}

/// How the pack names a cycle: its label and the day it closed.
fn cycle_name(cycle: &CycleSummary) -> CycleName {
    CycleName {
        label: cycle.label.clone(),
        closed_on: cycle.closed_on,
    }
}
