//! The history across a plan, read as it is stored: entry by entry, oldest
//! first, for `history` over any number of entries.

use chrono::NaiveDate;

use super::Store;
use super::milestone_query::led_by;
use super::updates::{UPDATE_COLUMNS, update_from_row};
use crate::error::{Error, Result};
use crate::model::Update;
use crate::model::lead::lead_key;
use crate::store::MilestoneFilter;

/// A history entry with the plan and the milestone it belongs to.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanEntry {
    /// The plan's name.
    pub plan: String,
    /// The milestone's detail.
    pub milestone: String,
    /// The entry.
    pub entry: Update,
}

impl Store {
    /// Every history entry (updates and every other kind, retracted ones
    /// too) of the milestones a filter chooses, dated on or after `since`,
    /// handed to `each` as SQLite reads them: plan by plan in plan order,
    /// within a plan oldest first (by date, then as recorded). Each plan's
    /// entries come in date order from the date index, so nothing is sorted
    /// or held. Retired milestones' entries are read too, unless the filter
    /// leaves them out.
    pub fn for_each_entry<E: From<Error>>(
        &self,
        filter: &MilestoneFilter,
        since: Option<NaiveDate>,
        mut each: impl FnMut(PlanEntry) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        for (plan_id, plan) in self.plan_ids_among(filter)? {
            let (sql, lead) = entries_query(filter, false);
            let mut statement = self.conn().prepare(&sql).map_err(Error::from)?;
            let mut rows = statement
                .query(rusqlite::params![plan_id, since, lead])
                .map_err(Error::from)?;
            while let Some(row) = rows.next().map_err(Error::from)? {
                let entry = update_from_row(row).map_err(Error::from)?;
                let milestone: String = row.get(17).map_err(Error::from)?;
                each(PlanEntry {
                    plan: plan.clone(),
                    milestone,
                    entry,
                })?;
            }
        }
        Ok(())
    }

    /// How many entries [`Store::for_each_entry`] would hand over, per plan
    /// in plan order (plans with none left out).
    pub fn entries_per_plan(
        &self,
        filter: &MilestoneFilter,
        since: Option<NaiveDate>,
    ) -> Result<Vec<(String, usize)>> {
        let mut counts = Vec::new();
        for (plan_id, plan) in self.plan_ids_among(filter)? {
            let (sql, lead) = entries_query(filter, true);
            let count: i64 =
                self.conn()
                    .query_row(&sql, rusqlite::params![plan_id, since, lead], |row| {
                        row.get(0)
                    })?;
            if count > 0 {
                counts.push((plan, count as usize));
            }
        }
        Ok(counts)
    }
}

/// The query over one plan's entries (`?1` the plan, `?2` the first day or
/// NULL, `?3` the lead's key or NULL): the entries with the milestone's
/// detail last, or (`count_only`) how many there are. Returns the SQL and
/// the lead key to bind.
pub(super) fn entries_query(
    filter: &MilestoneFilter,
    count_only: bool,
) -> (String, Option<String>) {
    let mut sql = if count_only {
        "SELECT count(*) FROM milestone_update u".to_string()
    } else {
        format!("SELECT {UPDATE_COLUMNS}, m.detail FROM milestone_update u")
    };
    // Along the date index (which holds the id too): the entries come in
    // (date, id) order and nothing is sorted. The plan's milestones are
    // found once, as a set each entry is looked up in, so an entry of
    // another plan costs one probe, not a read of its milestone.
    sql.push_str(
        " INDEXED BY milestone_update_by_date
          CROSS JOIN milestone m ON m.id = u.milestone_id
         WHERE u.on_date >= coalesce(?2, '')
           AND u.milestone_id IN (
               SELECT m.id FROM theme t
                 JOIN action a ON a.theme_id = t.id
                 JOIN milestone m ON m.action_id = a.id
                WHERE t.plan_id = ?1",
    );
    if filter.lead.is_some() {
        sql.push_str(&led_by(3));
    } else {
        sql.push_str(" AND ?3 IS NULL");
    }
    if !filter.include_retired {
        sql.push_str(" AND m.retired_on IS NULL");
    }
    sql.push(')');
    if !count_only {
        sql.push_str(" ORDER BY u.on_date, u.id");
    }
    (sql, filter.lead.as_deref().map(lead_key))
}
