//! Milestones as reports read them: where each sits in its plan, its
//! current state, and the filter every report reads them through.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row, params};

use super::Store;
use crate::error::{Error, Result};
#[cfg(test)]
use crate::model::Timeline;
use crate::model::draft::ExtraColumn;
use crate::model::lead::lead_key;
use crate::model::{Rag, Status, Target};

/// A milestone with its place in the plan and its current state.
#[derive(Debug, Clone, PartialEq)]
pub struct Milestone {
    /// Stable id.
    pub id: i64,
    /// The plan's name.
    pub plan: String,
    /// The theme (Report Recommendation).
    pub theme: String,
    /// The improvement action.
    pub action: String,
    /// The plan's own reference ("1.1"), if it has one.
    pub reference: Option<String>,
    /// The milestone detail.
    pub detail: String,
    /// Leads in their given order.
    pub leads: Vec<String>,
    /// The timeline as imported, kept forever.
    pub imported_timeline: Target,
    /// The current timeline (the latest revision, or the imported one).
    pub timeline: Target,
    /// Current status.
    pub status: Status,
    /// The status as imported.
    pub imported_status: Status,
    /// The plan's word for the imported status ("On track"), if it gave one.
    pub imported_status_word: Option<String>,
    /// Current RAG.
    pub rag: Rag,
    /// Current comment.
    pub comment: String,
    /// Date of the latest recorded update, if any.
    pub last_update_on: Option<NaiveDate>,
    /// The day it was added to the plan after import (None: imported with it).
    pub added_on: Option<NaiveDate>,
}

impl Milestone {
    /// The last day anyone reported on or set up this milestone: its latest
    /// update, else the day it was added (None: imported and never updated).
    /// A milestone added last week is not "never updated" in the weekly chase.
    pub fn last_touched_on(&self) -> Option<NaiveDate> {
        self.last_update_on.or(self.added_on)
    }

    /// The date the current timeline falls due; None when it has no target date.
    pub fn due(&self) -> Option<NaiveDate> {
        self.timeline.due()
    }

    /// Whether it is open and has a due date before `as_of`.
    pub fn is_overdue(&self, as_of: NaiveDate) -> bool {
        self.status.is_open() && self.due().is_some_and(|due| due < as_of)
    }

    /// The plan's word for the current status ("On track"): the word it was
    /// imported with, while the status is still the imported one.
    pub fn status_word(&self) -> Option<&str> {
        self.imported_status_word
            .as_deref()
            .filter(|_| self.status == self.imported_status)
    }

    /// The status as the plan words it: its own word while that still applies,
    /// otherwise the tool's word ("in progress").
    pub fn status_shown(&self) -> &str {
        self.status_word().unwrap_or_else(|| self.status.words())
    }
}

#[cfg(test)]
impl Milestone {
    /// A milestone for unit tests: plan "p", theme "t", action "a", detail
    /// "m{id}", led by "Ann Lead", in progress, amber, no comment, never updated.
    pub fn sample(id: i64, timeline: &str) -> Milestone {
        let timeline = Target::Timeline(Timeline::parse(timeline).expect("a test timeline"));
        Milestone {
            id,
            plan: "p".into(),
            theme: "t".into(),
            action: "a".into(),
            reference: None,
            detail: format!("m{id}"),
            leads: vec!["Ann Lead".into()],
            imported_timeline: timeline,
            timeline,
            status: Status::InProgress,
            imported_status: Status::InProgress,
            imported_status_word: None,
            rag: Rag::Amber,
            comment: String::new(),
            last_update_on: None,
            added_on: None,
        }
    }
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

/// A milestone's changeable fields as a report reads them: the cached current
/// state (`m`), or its state at the end of the as-of day: the row of
/// `milestone_state` (`s`) found for a milestone updated after that day.
fn state_column(name: &str, as_of: bool) -> String {
    if as_of {
        format!("CASE WHEN s.milestone_id IS NULL THEN m.{name} ELSE s.{name} END")
    } else {
        format!("m.{name}")
    }
}

/// The day of the latest update a state reflects: for a state-by-date row,
/// its own date ('' is the imported state: no update yet).
fn last_update_column(as_of: bool) -> &'static str {
    if as_of {
        "CASE WHEN s.milestone_id IS NULL THEN m.last_update_on ELSE nullif(s.on_date, '') END"
    } else {
        "m.last_update_on"
    }
}

/// The columns `milestone_from_row` reads, with the state as of a day when
/// `as_of` (the query then joins `s`, see `STATE_AS_OF_JOIN`), and the plan's
/// id last (named `plan_id`, as the plan's name is `plan`), for queries over
/// the milestones a filter chooses.
fn milestone_select(as_of: bool, from: &str) -> String {
    let state = |name: &str| state_column(name, as_of);
    format!(
        "SELECT m.id, p.name AS plan, t.name AS theme, a.text, m.detail,
                (SELECT group_concat(person.name, char(10) ORDER BY ml.position)
                   FROM milestone_lead ml JOIN person ON person.id = ml.person_id
                  WHERE ml.milestone_id = m.id),
                m.imported_timeline, {timeline}, {status}, {rag}, {comment}, {last_update},
                m.reference, m.imported_status, m.imported_status_word, m.added_on,
                p.id AS plan_id
           {from}",
        timeline = state("timeline"),
        status = state("status"),
        rag = state("rag"),
        comment = state("comment"),
        last_update = last_update_column(as_of),
    )
}

/// The counts of [`Select::RagCounts`]: R, A, G, B and not rated count the
/// milestones not closed; closed ones are counted apart, whatever their RAG.
fn rag_counts_select(as_of: bool, from: &str) -> String {
    let status = state_column("status", as_of);
    let rag = state_column("rag", as_of);
    let open_with = |test: &str| {
        format!("sum(CASE WHEN {status} <> 'closed' AND {rag} {test} THEN 1 ELSE 0 END)")
    };
    format!(
        "SELECT p.name, t.name, {red}, {amber}, {green}, {blue}, {not_rated},
                sum(CASE WHEN {status} = 'closed' THEN 1 ELSE 0 END), count(*)
           {from}",
        red = open_with("= 'R'"),
        amber = open_with("= 'A'"),
        green = open_with("= 'G'"),
        blue = open_with("= 'B'"),
        not_rated = open_with("IS NULL"),
    )
}

/// The condition that milestone `m` is led by the person whose lead key is
/// parameter `?at`: as `lead_matches`, the key, or the key before a role's comma.
pub(super) fn led_by(at: usize) -> String {
    format!(
        " AND m.id IN (SELECT ml.milestone_id FROM milestone_lead ml
             JOIN person ON person.id = ml.person_id
            WHERE person.name_key = ?{at}
               OR substr(person.name_key, 1, length(?{at}) + 1) = ?{at} || ',')"
    )
}

/// The ORDER BY of a milestone query (the due date as of the state read).
fn order_by(order: MilestoneOrder, as_of: bool) -> String {
    let due = state_column("due", as_of);
    match order {
        MilestoneOrder::Plan => " ORDER BY p.id, t.position, a.position, m.position".into(),
        MilestoneOrder::DueFirst => {
            format!(" ORDER BY {due}, p.id, t.position, a.position, m.position")
        }
        MilestoneOrder::ThemeThenDue => {
            format!(" ORDER BY p.id, t.position, {due}, a.position, m.position")
        }
    }
}

/// A milestone with its action, theme and plan, for reading milestones by
/// id (SQLite finds each by its key).
const MILESTONE_FROM: &str = "FROM milestone m
           JOIN action a ON a.id = m.action_id
           JOIN theme t ON t.id = a.theme_id
           JOIN plan p ON p.id = t.plan_id";

/// Milestones in plan order: plans, then each plan's themes, each theme's
/// actions and each action's milestones, along the (parent, position)
/// indexes, so the rows come in plan order and nothing is sorted. CROSS JOIN
/// keeps SQLite to that order whatever it guesses of the tables' sizes (a
/// database has no statistics unless someone runs ANALYZE).
const MILESTONE_FROM_IN_PLAN_ORDER: &str = "FROM plan p
           CROSS JOIN theme t ON t.plan_id = p.id
           CROSS JOIN action a ON a.theme_id = t.id
           CROSS JOIN milestone m ON m.action_id = a.id";

/// [`MILESTONE_FROM`] read along the open-by-due index: the milestones open
/// and due before a date come earliest due first, so a report in that order
/// sorts only the milestones due on the same day (by plan order), never the
/// whole report. CROSS JOIN keeps SQLite to that order (a small plan table
/// otherwise tempts it to scan every plan for every milestone).
const MILESTONE_FROM_BY_DUE: &str = "FROM milestone m INDEXED BY milestone_open_by_due
           CROSS JOIN action a ON a.id = m.action_id
           CROSS JOIN theme t ON t.id = a.theme_id
           CROSS JOIN plan p ON p.id = t.plan_id";

/// What a milestone query selects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Select {
    /// Every column `milestone_from_row` reads.
    Rows,
    /// The milestone's id alone: what a sort holds (with its sort keys).
    Ids,
    /// The milestone's id first, then its plan's id and name (`plan_id`,
    /// `plan`) and its `reference`: what a count or a list of plans needs.
    Keys,
    /// Per theme (in plan order): the plan, the theme, and how many of its
    /// milestones are red, amber, green, blue, not rated and closed, and in all.
    RagCounts,
}

/// The state-by-date row of a milestone updated after the day `?1`: the
/// latest at or before it (every such milestone has one, its imported state
/// dated ''). One seek per milestone; none for the rest.
const STATE_AS_OF_JOIN: &str = "
      LEFT JOIN milestone_state s
        ON m.last_update_on > ?1 AND s.milestone_id = m.id
       AND s.on_date = (SELECT max(x.on_date) FROM milestone_state x
                         WHERE x.milestone_id = m.id AND x.on_date <= ?1)";

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

/// A query over milestones: its SQL and the values of its parameters.
pub(super) struct MilestoneQuery {
    /// The SQL, from `milestone_select` to the ORDER BY.
    pub(super) sql: String,
    /// The parameter values, in order (`?1` is the state date when there is one).
    pub(super) values: Vec<Box<dyn rusqlite::ToSql>>,
    /// Whether states are read as of `?1` (joined from `milestone_state`).
    pub(super) state_as_of: Option<NaiveDate>,
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
    /// sorted by SQLite on the milestone ids and their sort keys alone (tens
    /// of bytes a milestone, in memory, where the whole rows would be
    /// hundreds), then each row is read by its id: memory that grows with
    /// the milestones sorted, but slowly.
    pub fn for_each_milestone<E: From<Error>>(
        &self,
        filter: &MilestoneFilter,
        order: MilestoneOrder,
        mut each: impl FnMut(Milestone) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        if !self.index_gives_order(filter, order)? {
            return self.for_each_milestone_sorted(filter, order, each);
        }
        let query = self.milestone_query(filter, order, Select::Rows)?;
        let mut statement = self.conn().prepare(&query.sql).map_err(Error::from)?;
        let mut rows = statement
            .query(rusqlite::params_from_iter(
                query.values.iter().map(|v| v.as_ref()),
            ))
            .map_err(Error::from)?;
        while let Some(row) = rows.next().map_err(Error::from)? {
            each(milestone_from_row(row).map_err(Error::from)?)?;
        }
        Ok(())
    }

    /// [`Store::for_each_milestone`] in an order the indexes cannot give:
    /// the ids sorted first, then each milestone read by id.
    fn for_each_milestone_sorted<E: From<Error>>(
        &self,
        filter: &MilestoneFilter,
        order: MilestoneOrder,
        mut each: impl FnMut(Milestone) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        // One snapshot for both reads, so a write in between cannot remove
        // a milestone whose id is already in hand.
        let _snapshot = self.read_snapshot()?;
        let ids_query = self.milestone_query(filter, order, Select::Ids)?;
        let ids: Vec<i64> = self
            .conn()
            .prepare(&ids_query.sql)
            .and_then(|mut statement| {
                statement
                    .query_map(
                        rusqlite::params_from_iter(ids_query.values.iter().map(|v| v.as_ref())),
                        |row| row.get(0),
                    )?
                    .collect()
            })
            .map_err(Error::from)?;
        let as_of = ids_query.state_as_of;
        let mut sql = milestone_select(as_of.is_some(), MILESTONE_FROM);
        if as_of.is_some() {
            sql.push_str(STATE_AS_OF_JOIN);
        }
        sql.push_str(" WHERE m.id = ?2");
        let mut statement = self.conn().prepare(&sql).map_err(Error::from)?;
        for id in ids {
            let milestone = statement
                .query_row(params![as_of, id], milestone_from_row)
                .map_err(Error::from)?;
            each(milestone)?;
        }
        Ok(())
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

    /// The SQL and parameters reading the milestones a filter chooses.
    pub(super) fn milestone_query(
        &self,
        filter: &MilestoneFilter,
        order: MilestoneOrder,
        select: Select,
    ) -> Result<MilestoneQuery> {
        let mut values: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
        // The state date is ?1; past states are joined only when some
        // milestone was updated after it (otherwise every cached state is
        // already the state on that day, and the due index serves).
        let as_of = self.reads_states_by_date(filter)?;
        if let Some(date) = filter.state_as_of.filter(|_| as_of) {
            values.push(Box::new(date));
        }
        let ordered_by_index = self.index_gives_order(filter, order)?;
        let from = if order == MilestoneOrder::DueFirst && ordered_by_index {
            MILESTONE_FROM_BY_DUE
        } else {
            MILESTONE_FROM_IN_PLAN_ORDER
        };
        let mut sql = match select {
            Select::Rows => milestone_select(as_of, from),
            Select::Ids => format!("SELECT m.id {from}"),
            Select::Keys => format!(
                "SELECT m.id, p.id AS plan_id, p.name AS plan, m.reference AS reference {from}"
            ),
            Select::RagCounts => rag_counts_select(as_of, from),
        };
        if as_of {
            sql.push_str(STATE_AS_OF_JOIN);
        }
        sql.push_str(" WHERE 1 = 1");
        if let Some(plan_id) = filter.plan_id {
            values.push(Box::new(plan_id));
            sql.push_str(&format!(" AND p.id = ?{}", values.len()));
        }
        if let Some(lead) = &filter.lead {
            // As lead_matches: the key, or the key before a role's comma.
            values.push(Box::new(lead_key(lead)));
            let at = values.len();
            sql.push_str(&led_by(at));
        }
        if let Some(name) = &filter.led_by_person {
            values.push(Box::new(name.clone()));
            sql.push_str(&format!(
                " AND m.id IN (SELECT ml.milestone_id FROM milestone_lead ml
                     JOIN person ON person.id = ml.person_id WHERE person.name = ?{})",
                values.len()
            ));
        }
        if filter.without_lead {
            sql.push_str(
                " AND NOT EXISTS (SELECT 1 FROM milestone_lead ml WHERE ml.milestone_id = m.id)",
            );
        }
        if let Some(date) = filter.due_before {
            values.push(Box::new(date));
            let status = state_column("status", as_of);
            let due = state_column("due", as_of);
            sql.push_str(&format!(
                " AND {status} IN ('not started', 'in progress') AND {due} IS NOT NULL
                  AND {due} < ?{}",
                values.len()
            ));
        }
        if !filter.include_retired {
            match filter.as_of {
                Some(date) => {
                    values.push(Box::new(date));
                    let at = values.len();
                    sql.push_str(&format!(
                        " AND (m.added_on IS NULL OR m.added_on <= ?{at})
                          AND (m.retired_on IS NULL OR m.retired_on > ?{at})"
                    ));
                }
                None => sql.push_str(" AND m.retired_on IS NULL"),
            }
        }
        if filter.plan_id.is_none() && !(filter.include_archived || self.includes_archived()) {
            sql.push_str(" AND p.archived_on IS NULL");
        }
        if select == Select::RagCounts {
            // (plan, position) names a theme as its id does, in the order
            // the rows come: each theme is counted as its rows pass.
            sql.push_str(" GROUP BY p.id, t.position ORDER BY p.id, t.position");
        } else {
            sql.push_str(&order_by(order, as_of));
        }
        Ok(MilestoneQuery {
            sql,
            values,
            state_as_of: filter.state_as_of.filter(|_| as_of),
        })
    }

    /// The plan SQLite chose for the query reading the milestones a filter
    /// chooses in `order`, one line per step (`EXPLAIN QUERY PLAN`): for the
    /// tests that keep every report on its indexes.
    #[cfg(test)]
    pub(super) fn milestone_query_plan(
        &self,
        filter: &MilestoneFilter,
        order: MilestoneOrder,
    ) -> Result<Vec<String>> {
        if self.index_gives_order(filter, order)? {
            let query = self.milestone_query(filter, order, Select::Rows)?;
            return self.query_plan(&query.sql, &query.values);
        }
        let query = self.milestone_query(filter, order, Select::Ids)?;
        self.query_plan(&query.sql, &query.values)
    }

    /// `EXPLAIN QUERY PLAN` of a query, one line per step, indented by depth.
    #[cfg(test)]
    pub(super) fn query_plan(
        &self,
        sql: &str,
        values: &[Box<dyn rusqlite::ToSql>],
    ) -> Result<Vec<String>> {
        let mut statement = self.conn().prepare(&format!("EXPLAIN QUERY PLAN {sql}"))?;
        let steps = statement
            .query_map(
                rusqlite::params_from_iter(values.iter().map(|v| v.as_ref())),
                |row| {
                    Ok((
                        row.get::<_, i64>(0)?,
                        row.get::<_, i64>(1)?,
                        row.get::<_, String>(3)?,
                    ))
                },
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut depth: std::collections::HashMap<i64, usize> = Default::default();
        Ok(steps
            .into_iter()
            .map(|(id, parent, detail)| {
                let level = depth.get(&parent).map_or(0, |d| d + 1);
                depth.insert(id, level);
                format!("{}{detail}", "  ".repeat(level))
            })
            .collect())
    }

    /// Whether the indexes give the milestones a filter chooses in `order`
    /// (else SQLite must sort them): plan order always; earliest due first
    /// for the milestones overdue in their current state.
    fn index_gives_order(&self, filter: &MilestoneFilter, order: MilestoneOrder) -> Result<bool> {
        Ok(match order {
            MilestoneOrder::Plan => true,
            MilestoneOrder::DueFirst => {
                filter.due_before.is_some() && !self.reads_states_by_date(filter)?
            }
            MilestoneOrder::ThemeThenDue => false,
        })
    }

    /// Whether a query for `filter` joins the state by date: it asks for a
    /// day's states and some milestone was updated after that day.
    fn reads_states_by_date(&self, filter: &MilestoneFilter) -> Result<bool> {
        match filter.state_as_of {
            Some(date) => self.updated_after(date),
            None => Ok(false),
        }
    }

    /// Whether any milestone had a live update dated after `date` (one seek).
    fn updated_after(&self, date: NaiveDate) -> Result<bool> {
        Ok(self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM milestone WHERE last_update_on > ?1)",
            [date],
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
