//! Milestones as reports read them: where each sits in its plan, its
//! current state, and the filter every report reads them through.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row};

use super::Store;
use super::milestone_query::{MILESTONE_FROM, MilestoneQuery, Select, milestone_select};
use crate::error::{Error, Result};
use crate::model::draft::ExtraColumn;
use crate::model::{Milestone, MilestoneStatusFacts, Status};

/// [`MilestoneStatusFacts`] from a row of a `Select::StatusFacts` query.
fn status_facts_from_row(row: &Row<'_>) -> rusqlite::Result<MilestoneStatusFacts> {
    let status: Status = row.get(2)?;
    let imported_status: Status = row.get(3)?;
    let imported_word: Option<String> = row.get(4)?;
    Ok(MilestoneStatusFacts {
        has_reference: row.get(0)?,
        rag: row.get(1)?,
        status,
        status_word: imported_word.filter(|_| status == imported_status),
        comment: row.get(5)?,
    })
}

/// Which milestones to read.
#[derive(Debug, Clone, Default)]
pub struct MilestoneFilter {
    /// Only this plan.
    pub plan_id: Option<i64>,
    /// Only milestones this person leads (whole name, or the name before a
    /// role, in any case and spacing).
    pub lead: Option<String>,
    /// Only milestones this person leads, by the name stored for them
    /// exactly (as `lead list` shows it): a per-lead report reading one
    /// lead's milestones at a time.
    pub led_by_person: Option<String>,
    /// Only milestones with no lead at all.
    pub without_lead: bool,
    /// Only open milestones (not started or in progress), in the state read.
    pub open_only: bool,
    /// Only open milestones due before this date.
    pub due_before: Option<NaiveDate>,
    /// Only milestones in the plan on this day: added on or before it and not
    /// retired by it. None: the milestones not retired now.
    pub as_of: Option<NaiveDate>,
    /// Each milestone's state at the end of this day, from its history (None:
    /// its current state).
    pub state_as_of: Option<NaiveDate>,
    /// Retired milestones too (and those added after `as_of`): for history.
    pub include_retired: bool,
    /// Archived plans too, when no plan is named (a named plan is always read).
    pub include_archived: bool,
}

impl MilestoneFilter {
    /// The milestones in the plan at the end of `day`, each in its state
    /// then: what a report for that date shows.
    pub fn on(day: NaiveDate) -> MilestoneFilter {
        MilestoneFilter {
            as_of: Some(day),
            state_as_of: Some(day),
            ..MilestoneFilter::default()
        }
    }
}

/// The order milestones are read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MilestoneOrder {
    /// Plan order: plan, theme, action, milestone (served by the indexes).
    #[default]
    Plan,
    /// Earliest due first (the most overdue), plan order among equals.
    DueFirst,
    /// Themes in plan order; within each, earliest due first, then plan order.
    ThemeThenDue,
}

/// A `Milestone` from a row whose columns are those of `milestone_select`:
/// id, plan, theme, action, detail, leads (one per line, or NULL), imported
/// timeline, timeline, status, rag, comment, last update date, reference,
/// imported status, imported status word, added on.
pub(super) fn milestone_from_row(row: &Row<'_>) -> rusqlite::Result<Milestone> {
    let leads: Option<String> = row.get(5)?;
    Ok(Milestone {
        id: row.get(0)?,
        plan: row.get(1)?,
        theme: row.get(2)?,
        action: row.get(3)?,
        reference: row.get(12)?,
        detail: row.get(4)?,
        leads: leads
            .map(|text| text.split('\n').map(str::to_string).collect())
            .unwrap_or_default(),
        imported_timeline: row.get(6)?,
        timeline: row.get(7)?,
        status: row.get(8)?,
        imported_status: row.get(13)?,
        imported_status_word: row.get(14)?,
        rag: row.get(9)?,
        comment: row.get(10)?,
        last_update_on: row.get(11)?,
        added_on: row.get(15)?,
    })
}

impl Store {
    /// Milestones in plan order (plan, theme, action, milestone), each in its
    /// current state.
    pub fn milestones(&self, filter: &MilestoneFilter) -> Result<Vec<Milestone>> {
        let mut milestones = Vec::new();
        self.for_each_milestone(filter, MilestoneOrder::Plan, |milestone| {
            milestones.push(milestone);
            Ok::<(), Error>(())
        })?;
        Ok(milestones)
    }

    /// Milestones as they stood at the end of `as_of`, in plan order: the
    /// milestones in the plan that day, each in its state that day (the
    /// history up to it), so a report for a past committee date shows what
    /// was true then, not what is true now. `filter.due_before` keeps only
    /// milestones open and due before that date in that state.
    pub fn milestones_as_of(
        &self,
        filter: &MilestoneFilter,
        as_of: NaiveDate,
    ) -> Result<Vec<Milestone>> {
        let filter = MilestoneFilter {
            as_of: Some(as_of),
            state_as_of: Some(as_of),
            ..filter.clone()
        };
        self.milestones(&filter)
    }

    /// Reads the milestones a filter chooses in `order`, handing each to
    /// `each` as SQLite returns it: nothing is held but the row in hand, so a
    /// report over any number of milestones writes as it reads. An error from
    /// `each` stops the read and is returned.
    ///
    /// Plan order comes straight from the indexes, and so does earliest due
    /// first for the current state (the open-by-due index). Another order is
    /// SQLite's sort, which keeps a few MiB in memory and spills the rest to
    /// a temporary file: memory stays flat however many milestones it sorts.
    pub fn for_each_milestone<E: From<Error>>(
        &self,
        filter: &MilestoneFilter,
        order: MilestoneOrder,
        each: impl FnMut(Milestone) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let query = self.milestone_query(filter, order, Select::Rows)?;
        self.for_each_row(&query, milestone_from_row, each)
    }

    /// Runs a milestone query, handing each row, as `read` makes it, to
    /// `each` as SQLite returns it. An error from `each` stops the read.
    fn for_each_row<T, E: From<Error>>(
        &self,
        query: &MilestoneQuery,
        read: impl Fn(&Row<'_>) -> rusqlite::Result<T>,
        mut each: impl FnMut(T) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut statement = self.conn().prepare(&query.sql).map_err(Error::from)?;
        let mut rows = statement
            .query(rusqlite::params_from_iter(
                query.values.iter().map(|v| v.as_ref()),
            ))
            .map_err(Error::from)?;
        while let Some(row) = rows.next().map_err(Error::from)? {
            each(read(row).map_err(Error::from)?)?;
        }
        Ok(())
    }

    /// [`MilestoneStatusFacts`] of the milestones a filter chooses, one by
    /// one in plan order.
    pub fn for_each_status_facts<E: From<Error>>(
        &self,
        filter: &MilestoneFilter,
        each: impl FnMut(MilestoneStatusFacts) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let query = self.milestone_query(filter, MilestoneOrder::Plan, Select::StatusFacts)?;
        self.for_each_row(&query, status_facts_from_row, each)
    }

    /// How many milestones a filter chooses (one query, nothing read).
    pub fn count_milestones(&self, filter: &MilestoneFilter) -> Result<usize> {
        let query = self.milestone_query(filter, MilestoneOrder::Plan, Select::Keys)?;
        let sql = format!("SELECT count(*) FROM ({})", query.sql);
        let count: i64 = self.conn().query_row(
            &sql,
            rusqlite::params_from_iter(query.values.iter().map(|v| v.as_ref())),
            |row| row.get(0),
        )?;
        Ok(count as usize)
    }

    /// The names of the plans the milestones a filter chooses belong to, in
    /// plan order (one query, no milestone read).
    pub fn plans_among(&self, filter: &MilestoneFilter) -> Result<Vec<String>> {
        Ok(self
            .plan_ids_among(filter)?
            .into_iter()
            .map(|(_, name)| name)
            .collect())
    }

    /// [`Store::plans_among`], each plan with its id.
    pub(super) fn plan_ids_among(&self, filter: &MilestoneFilter) -> Result<Vec<(i64, String)>> {
        let query = self.milestone_query(filter, MilestoneOrder::Plan, Select::Keys)?;
        let sql = format!(
            "SELECT plan_id, plan FROM ({}) GROUP BY plan_id ORDER BY plan_id",
            query.sql
        );
        let mut statement = self.conn().prepare(&sql)?;
        let plans = statement
            .query_map(
                rusqlite::params_from_iter(query.values.iter().map(|v| v.as_ref())),
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(plans)
    }

    /// Whether any milestone a filter chooses has the plan's own reference.
    pub fn any_reference(&self, filter: &MilestoneFilter) -> Result<bool> {
        let query = self.milestone_query(filter, MilestoneOrder::Plan, Select::Keys)?;
        let sql = format!(
            "SELECT EXISTS (SELECT 1 FROM ({}) WHERE reference IS NOT NULL)",
            query.sql
        );
        Ok(self.conn().query_row(
            &sql,
            rusqlite::params_from_iter(query.values.iter().map(|v| v.as_ref())),
            |row| row.get(0),
        )?)
    }

    /// The columns kept with `import --keep-extra` for a plan, in file order.
    pub fn extra_columns(&self, plan_id: i64) -> Result<Vec<ExtraColumn>> {
        let mut statement = self.conn().prepare(
            "SELECT header, after_field FROM plan_extra_column WHERE plan_id = ?1 ORDER BY position",
        )?;
        let columns = statement
            .query_map([plan_id], |row| {
                Ok(ExtraColumn {
                    header: row.get(0)?,
                    after_field: row.get(1)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(columns)
    }

    /// The kept extra values of a plan's milestones, by milestone id, in the
    /// order of `extra_columns`.
    pub fn milestone_extras(
        &self,
        plan_id: i64,
    ) -> Result<std::collections::HashMap<i64, Vec<String>>> {
        let mut statement = self.conn().prepare(
            "SELECT x.milestone_id, x.value FROM milestone_extra x
               JOIN milestone m ON m.id = x.milestone_id
               JOIN action a ON a.id = m.action_id
               JOIN theme t ON t.id = a.theme_id
              WHERE t.plan_id = ?1
              ORDER BY x.milestone_id, x.position",
        )?;
        let mut extras: std::collections::HashMap<i64, Vec<String>> = Default::default();
        for row in statement.query_map([plan_id], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
        })? {
            let (id, value) = row?;
            extras.entry(id).or_default().push(value);
        }
        Ok(extras)
    }

    /// The kept extra values of one milestone, in the order of
    /// `extra_columns` (an export reading row by row asks for each).
    pub fn extra_values(&self, milestone_id: i64) -> Result<Vec<String>> {
        let mut statement = self.conn().prepare_cached(
            "SELECT value FROM milestone_extra WHERE milestone_id = ?1 ORDER BY position",
        )?;
        let values = statement
            .query_map([milestone_id], |row| row.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(values)
    }

    /// Milestone `id` as it stands now, when it is in the plan now (not
    /// retired); None otherwise.
    pub fn current_milestone(&self, id: i64) -> Result<Option<Milestone>> {
        Ok(self
            .conn()
            .prepare_cached(&format!(
                "{} WHERE m.id = ?1 AND m.retired_on IS NULL",
                milestone_select(false, MILESTONE_FROM)
            ))?
            .query_row([id], milestone_from_row)
            .optional()?)
    }

    /// One milestone by id.
    pub fn milestone(&self, id: i64) -> Result<Milestone> {
        self.conn()
            .query_row(
                &format!(
                    "{} WHERE m.id = ?1",
                    milestone_select(false, MILESTONE_FROM)
                ),
                [id],
                milestone_from_row,
            )
            .optional()?
            .ok_or(Error::UnknownMilestone(id))
    }
}
