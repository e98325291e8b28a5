//! What has moved between two committee cycles, or since the latest one:
//! the later side read milestone by milestone, each joined to the same
//! milestone on the earlier side, then the earlier side's milestones the
//! later one no longer holds. Every read comes from one snapshot.

use crate::error::{Error, Result};
use crate::model::Milestone;
use crate::reports::movement::{moved_since, retired_since};
use crate::reports::{MilestoneMovement, with_current_names};
use crate::store::{CycleSummary, MilestoneFilter, MilestoneOrder, ReadSnapshot, Store};

/// Which movement to report.
#[derive(Debug, Clone, Default)]
pub struct MovementQuery {
    /// The plan (may be left out when the database holds one).
    pub plan: Option<String>,
    /// The earlier cycle's label (default: the latest cycle, or with `to`
    /// the cycle before it).
    pub from: Option<String>,
    /// The later cycle's label (default: the plan as it stands now).
    pub to: Option<String>,
}

/// One side of the comparison: a closed cycle, or the plan as it stands now.
#[derive(Debug, Clone, PartialEq)]
pub enum MovementSide {
    /// A cycle: its milestones as they were frozen.
    Cycle(CycleSummary),
    /// The plan now: its milestones not retired.
    Now {
        /// The plan's id.
        plan_id: i64,
        /// The plan's name.
        plan: String,
    },
}

impl MovementSide {
    /// Hands this side's milestones to `each`, in plan order, as they are read.
    fn for_each<E: From<Error>>(
        &self,
        store: &Store,
        each: impl FnMut(Milestone) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        match self {
            MovementSide::Cycle(cycle) => store.for_each_cycle_milestone(cycle.id, each),
            MovementSide::Now { plan_id, .. } => {
                let filter = MilestoneFilter {
                    plan_id: Some(*plan_id),
                    ..Default::default()
                };
                store.for_each_milestone(&filter, MilestoneOrder::Plan, each)
            }
        }
    }

    /// Milestone `id` as this side holds it, if it does.
    fn find(&self, store: &Store, id: i64) -> Result<Option<Milestone>> {
        Ok(match self {
            MovementSide::Cycle(cycle) => store.cycle_milestone(cycle.id, id)?,
            MovementSide::Now { plan, .. } => store
                .current_milestone(id)?
                .filter(|milestone| milestone.plan == *plan),
        })
    }
}

/// The movement a query chooses, ready to be read: the sides, the lead
/// renames between them, and the snapshot every read comes from.
pub struct Movement<'s> {
    /// The database.
    store: &'s Store,
    /// The earlier side: always a cycle.
    pub from: MovementSide,
    /// The later side: a cycle, or the plan now.
    pub to: MovementSide,
    /// The `lead rename`s between the sides, oldest first (before, after).
    renames: Vec<(String, String)>,
    /// Held until the rows are read, so both sides and every lookup agree.
    snapshot: ReadSnapshot<'s>,
}

/// The movement rows, read and held, with the sides they compare.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldMovement {
    /// The earlier side.
    pub from: MovementSide,
    /// The later side.
    pub to: MovementSide,
    /// The milestones that moved, in the order [`Movement::for_each_row`] gives.
    pub rows: Vec<MilestoneMovement>,
}

/// Chooses the sides a query asks for: the plan, the `to` cycle (or now),
/// and the `from` cycle (or the one before `to`, or the latest). Refuses a
/// `to` cycle closed before the `from` one, and a plan with no earlier
/// cycle to compare from.
pub fn movement_between(store: &Store, query: MovementQuery) -> Result<Movement<'_>> {
    let snapshot = store.read_snapshot()?;
    let plan = store.resolve_plan(query.plan.as_deref())?;
    let to_cycle = match &query.to {
        Some(label) => Some(store.cycle(plan.id, label)?),
        None => None,
    };
    let from_cycle = match &query.from {
        Some(label) => store.cycle(plan.id, label)?,
        None => default_from(store, plan.id, to_cycle.as_ref())?,
    };
    if let Some(to_cycle) = &to_cycle
        && to_cycle.closed_on < from_cycle.closed_on
    {
        return Err(Error::CyclesOutOfOrder {
            later: to_cycle.label.clone(),
            later_closed_on: to_cycle.closed_on,
            earlier: from_cycle.label.clone(),
            earlier_closed_on: from_cycle.closed_on,
        });
    }
    // A lead's corrected spelling is the same lead, not a reassignment:
    // the earlier cycle's leads under the names they had at the later side.
    let renames = store.lead_renames(
        &from_cycle.created_at,
        to_cycle.as_ref().map(|cycle| cycle.created_at.as_str()),
    )?;
    let to = match to_cycle {
        Some(cycle) => MovementSide::Cycle(cycle),
        None => MovementSide::Now {
            plan_id: plan.id,
            plan: plan.name,
        },
    };
    Ok(Movement {
        store,
        from: MovementSide::Cycle(from_cycle),
        to,
        renames,
        snapshot,
    })
}

/// The cycle to compare from when no `from` label is given: the one before
/// the `to` cycle, or the latest cycle of all.
fn default_from(store: &Store, plan_id: i64, to: Option<&CycleSummary>) -> Result<CycleSummary> {
    let cycles = store.cycles(Some(plan_id))?;
    let earlier = match to {
        Some(to) => cycles
            .iter()
            .position(|c| c.id == to.id)
            .and_then(|position| position.checked_sub(1))
            .and_then(|position| cycles.get(position)),
        None => cycles.last(),
    };
    match (earlier, to) {
        (Some(cycle), _) => Ok(cycle.clone()),
        (None, Some(to)) => Err(Error::NoCycleBefore(to.label.clone())),
        (None, None) => Err(Error::NoCycleClosed),
    }
}

impl Movement<'_> {
    /// Hands each milestone that moved to `emit` as it is found: first the
    /// later side's milestones in plan order (each joined to the earlier
    /// side's, its leads under their current names), then the earlier
    /// side's milestones the later side no longer holds, as retired.
    /// Nothing is held.
    pub fn for_each_row<E: From<Error>>(
        &self,
        mut emit: impl FnMut(MilestoneMovement) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        self.to.for_each(self.store, |after| {
            let mut earlier = self.from.find(self.store, after.id)?;
            if let Some(earlier) = &mut earlier {
                with_current_names(std::slice::from_mut(earlier), &self.renames);
            }
            match moved_since(earlier.as_ref(), &after) {
                Some(row) => emit(row),
                None => Ok(()),
            }
        })?;
        self.from.for_each(self.store, |earlier| {
            match self.to.find(self.store, earlier.id)? {
                Some(_) => Ok(()),
                None => emit(retired_since(&earlier)),
            }
        })
    }

    /// Every row, read and held (for a table that counts them before it
    /// lists them); the snapshot is let go once they are read.
    pub fn hold_rows(self) -> Result<HeldMovement> {
        let mut rows = Vec::new();
        self.for_each_row(|row| {
            rows.push(row);
            Ok::<(), Error>(())
        })?;
        drop(self.snapshot);
        Ok(HeldMovement {
            from: self.from,
            to: self.to,
            rows,
        })
    }
}
