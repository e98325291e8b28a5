//! Reports that are counts: computed by SQLite in one grouped query over the
//! indexes, never by reading every milestone into memory.

use super::Store;
use super::milestone_query::Select;
use super::milestones::MilestoneOrder;
use crate::error::Result;
use crate::reports::ThemeRagCounts;
use crate::store::MilestoneFilter;

impl Store {
    /// Red, amber, green (and blue, not rated, closed) counts per theme of
    /// the milestones a filter chooses, themes in plan order; a theme with
    /// none chosen is left out. With `filter.state_as_of`, the ratings as
    /// they stood at the end of that day.
    pub fn rag_counts(&self, filter: &MilestoneFilter) -> Result<Vec<ThemeRagCounts>> {
        let query = self.milestone_query(filter, MilestoneOrder::Plan, Select::RagCounts)?;
        let mut statement = self.conn().prepare(&query.sql)?;
        let count = |row: &rusqlite::Row<'_>, at: usize| -> rusqlite::Result<usize> {
            Ok(row.get::<_, i64>(at)? as usize)
        };
        let counts = statement
            .query_map(
                rusqlite::params_from_iter(query.values.iter().map(|v| v.as_ref())),
                |row| {
                    Ok(ThemeRagCounts {
                        plan: row.get(0)?,
                        theme: row.get(1)?,
                        red: count(row, 2)?,
                        amber: count(row, 3)?,
                        green: count(row, 4)?,
                        blue: count(row, 5)?,
                        not_rated: count(row, 6)?,
                        closed: count(row, 7)?,
                        total: count(row, 8)?,
                    })
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(counts)
    }
}
