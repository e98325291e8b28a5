//! The plans in the database, with their partnership, source and size.

use crate::error::Result;
use crate::store::{PlanSummary, Store};

/// Every plan, archived ones included, in plan order, with its counts of
/// themes, actions and milestones.
pub fn plans(store: &Store) -> Result<Vec<PlanSummary>> {
    store.plans()
}
