//! The milestones of a plan (or every plan) in plan order with their ids,
//! optionally only one lead's: the choice checked, then every question
//! (which plans, how many, any reference, the rows) answered from one
//! snapshot.

use crate::error::{Error, Result};
use crate::reports::MilestoneRecord;
use crate::store::{MilestoneFilter, MilestoneOrder, ReadSnapshot, Store};

/// Which milestones to list.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Only this plan (default: every plan).
    pub plan: Option<String>,
    /// Only milestones this person leads.
    pub lead: Option<String>,
}

/// The milestones a query chooses, ready to be counted and read.
pub struct MilestoneList<'s> {
    /// The database.
    store: &'s Store,
    /// The milestones listed.
    filter: MilestoneFilter,
    /// Held until the list is dropped, so counts and rows agree.
    _snapshot: ReadSnapshot<'s>,
}

/// Chooses the milestones a query asks for: refuses a lead nobody of that
/// name is and a plan that does not exist.
pub fn milestone_list(store: &Store, query: ListQuery) -> Result<MilestoneList<'_>> {
    let snapshot = store.read_snapshot()?;
    if let Some(lead) = &query.lead {
        store.check_lead(lead)?;
    }
    let filter = MilestoneFilter {
        plan_id: store.plan_filter(query.plan.as_deref())?,
        lead: query.lead,
        ..Default::default()
    };
    Ok(MilestoneList {
        store,
        filter,
        _snapshot: snapshot,
    })
}

impl MilestoneList<'_> {
    /// The names of the plans the listed milestones belong to, in plan order.
    pub fn plans(&self) -> Result<Vec<String>> {
        self.store.plans_among(&self.filter)
    }

    /// Whether any listed milestone has a reference (so a Ref column is shown).
    pub fn any_reference(&self) -> Result<bool> {
        self.store.any_reference(&self.filter)
    }

    /// How many milestones [`MilestoneList::for_each_record`] hands over.
    pub fn count(&self) -> Result<usize> {
        self.store.count_milestones(&self.filter)
    }

    /// Hands each milestone to `each` in plan order, as the store reads it.
    /// Nothing is held.
    pub fn for_each_record<E: From<Error>>(
        &self,
        mut each: impl FnMut(MilestoneRecord) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        self.store
            .for_each_milestone(&self.filter, MilestoneOrder::Plan, |milestone| {
                each(MilestoneRecord::from(milestone))
            })
    }
}
