//! The fact check of RAG judgements over one plan or every plan in use:
//! which plans, which cycle each is judged against, and the flags and
//! counts of [`crate::reports::check`], milestone by milestone.

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::reports::check::{CheckCounts, Flag, check};
use crate::store::{MilestoneFilter, MilestoneOrder, PlanSummary, ReadSnapshot, Store};

/// The plans a check reads, chosen from the snapshot every read comes from.
pub struct PlanCheck<'s> {
    /// The database.
    store: &'s Store,
    /// The plans, in the order they were imported.
    plans: Vec<PlanSummary>,
    /// The date judged by.
    as_of: NaiveDate,
    /// Held until the check is dropped, so every plan is read as it stood.
    _snapshot: ReadSnapshot<'s>,
}

/// Chooses the plans to check as of a date: the one named (archived or
/// not), or every plan in use (archived ones only when the store includes
/// them). No plans, or every plan archived, is an error that says so.
pub fn plans_to_check<'s>(
    store: &'s Store,
    plan: Option<&str>,
    as_of: NaiveDate,
) -> Result<PlanCheck<'s>> {
    let snapshot = store.read_snapshot()?;
    let plans = match plan {
        Some(name) => vec![store.resolve_plan(Some(name))?],
        None => {
            store.plan_filter(None)?;
            let mut plans = store.plans_uncounted()?;
            plans.retain(|plan| plan.archived_on.is_none() || store.includes_archived());
            plans
        }
    };
    Ok(PlanCheck {
        store,
        plans,
        as_of,
        _snapshot: snapshot,
    })
}

impl PlanCheck<'_> {
    /// The names of the plans checked, in the order they are checked.
    pub fn plan_names(&self) -> Vec<&str> {
        self.plans.iter().map(|plan| plan.name.as_str()).collect()
    }

    /// Checks each plan's milestones one by one, in plan order, against
    /// the plan's latest cycle closed by the as-of date, handing each flag
    /// to `each` as it is found (a milestone's flags in rule order).
    /// Returns what was found, counted.
    pub fn for_each_flag<E: From<Error>>(
        &self,
        mut each: impl FnMut(&Flag) -> std::result::Result<(), E>,
    ) -> std::result::Result<CheckCounts, E> {
        let mut counts = CheckCounts::default();
        for plan in &self.plans {
            let filter = MilestoneFilter {
                plan_id: Some(plan.id),
                ..MilestoneFilter::on(self.as_of)
            };
            let latest_cycle = self.store.latest_cycle_date(plan.id, self.as_of)?;
            self.store
                .for_each_milestone(&filter, MilestoneOrder::Plan, |milestone| {
                    let flags = check(std::slice::from_ref(&milestone), self.as_of, latest_cycle);
                    counts.add(&flags);
                    flags.iter().try_for_each(&mut each)
                })?;
        }
        Ok(counts)
    }
}
