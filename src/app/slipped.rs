//! The slipped report: every milestone whose target timeline has moved,
//! read from one snapshot and put in the report's order.

use crate::error::Result;
use crate::reports::slipped::{Revisions, SlippedMilestone, largest_slip_first_by_plan};
use crate::store::{MilestoneFilter, MilestoneOrder, Store};

/// The milestones of `plan` (every plan when None) whose timeline has been
/// revised: each plan's together, plans in plan order, largest slip first.
/// Only those milestones are held (to sort them), not the plan.
pub fn slipped_milestones(store: &Store, plan: Option<&str>) -> Result<Vec<SlippedMilestone>> {
    // Its questions answered from one snapshot, let go before returning.
    let _snapshot = store.read_snapshot()?;
    let plan_id = store.plan_filter(plan)?;
    let filter = MilestoneFilter {
        plan_id,
        ..Default::default()
    };
    let updates = store.timeline_revisions(plan_id)?;
    let revisions = Revisions::new(&updates);
    let mut rows = Vec::new();
    store.for_each_milestone(&filter, MilestoneOrder::Plan, |milestone| {
        rows.extend(revisions.slipped(&milestone));
        Ok::<(), crate::error::Error>(())
    })?;
    largest_slip_first_by_plan(&mut rows);
    Ok(rows)
}
