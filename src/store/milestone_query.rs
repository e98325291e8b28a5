//! The SQL of every read of milestones: which columns (whole rows, keys,
//! status facts, RAG counts), the current state or the state on a day, the
//! filter, and an order the indexes give wherever they can. One builder, so
//! every report reads the plan the same way.

use chrono::NaiveDate;

use super::Store;
use super::milestones::{MilestoneFilter, MilestoneOrder};
use crate::error::{Error, Result};
use crate::model::lead::lead_key;

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
pub(super) fn milestone_select(as_of: bool, from: &str) -> String {
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
pub(super) const MILESTONE_FROM: &str = "FROM milestone m
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

/// One person's milestones, found through the person's name and the
/// `milestone_lead_by_person` index (alias `lead_person`, with the name
/// condition added): a per-lead report reads that lead's rows and sorts
/// them into plan order, instead of walking the whole plan for each lead.
const MILESTONE_FROM_ONE_LEAD: &str = "FROM person lead_person
           CROSS JOIN milestone_lead lead_ml ON lead_ml.person_id = lead_person.id
           CROSS JOIN milestone m ON m.id = lead_ml.milestone_id
           CROSS JOIN action a ON a.id = m.action_id
           CROSS JOIN theme t ON t.id = a.theme_id
           CROSS JOIN plan p ON p.id = t.plan_id";

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
    /// The milestone's id first, then its plan's id and name (`plan_id`,
    /// `plan`) and its `reference`: what a count or a list of plans needs.
    Keys,
    /// What decides an appendix's columns, without the milestone's texts:
    /// whether it has a reference, its RAG, status, imported status and
    /// word, and comment (see `MilestoneStatusFacts`).
    StatusFacts,
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

/// A query over milestones: its SQL and the values of its parameters.
pub(super) struct MilestoneQuery {
    /// The SQL, from `milestone_select` to the ORDER BY.
    pub(super) sql: String,
    /// The parameter values, in order (`?1` is the state date when there is one).
    pub(super) values: Vec<Box<dyn rusqlite::ToSql>>,
}

impl Store {
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
        let from = if filter.led_by_person.is_some() {
            MILESTONE_FROM_ONE_LEAD
        } else if order == MilestoneOrder::DueFirst && filter.due_before.is_some() && !as_of {
            MILESTONE_FROM_BY_DUE
        } else {
            MILESTONE_FROM_IN_PLAN_ORDER
        };
        let mut sql = match select {
            Select::Rows => milestone_select(as_of, from),
            Select::Keys => format!(
                "SELECT m.id, p.id AS plan_id, p.name AS plan, m.reference AS reference {from}"
            ),
            Select::RagCounts => rag_counts_select(as_of, from),
            Select::StatusFacts => format!(
                "SELECT m.reference IS NOT NULL, {rag}, {status}, m.imported_status,
                        m.imported_status_word, {comment} {from}",
                rag = state_column("rag", as_of),
                status = state_column("status", as_of),
                comment = state_column("comment", as_of),
            ),
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
            sql.push_str(&format!(" AND lead_person.name = ?{}", values.len()));
        }
        if filter.without_lead {
            sql.push_str(
                " AND NOT EXISTS (SELECT 1 FROM milestone_lead ml WHERE ml.milestone_id = m.id)",
            );
        }
        if filter.open_only {
            let status = state_column("status", as_of);
            sql.push_str(&format!(" AND {status} IN ('not started', 'in progress')"));
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
        Ok(MilestoneQuery { sql, values })
    }

    /// The SQL [`Store::rag_counts`] runs for `filter`, built by the same
    /// call, and its parameter values as SQL literals (`?1`, `?2`, ... in
    /// order), for the comparison benchmark (examples/bench_compare) to time
    /// the very same query in the `sqlite3` shell (`.parameter set`), with
    /// no copy of it to drift. Not for anything else.
    #[doc(hidden)]
    pub fn rag_counts_sql(&self, filter: &MilestoneFilter) -> Result<(String, Vec<String>)> {
        let query = self.milestone_query(filter, MilestoneOrder::Plan, Select::RagCounts)?;
        let values = query
            .values
            .iter()
            .map(|value| sql_literal(value.as_ref()))
            .collect::<Result<Vec<_>>>()?;
        Ok((query.sql, values))
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
        let query = self.milestone_query(filter, order, Select::Rows)?;
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
}

/// A bound value written as an SQL literal, for [`Store::rag_counts_sql`].
fn sql_literal(value: &dyn rusqlite::ToSql) -> Result<String> {
    use rusqlite::types::{ToSqlOutput, ValueRef};
    let output = value.to_sql()?;
    let value = match &output {
        ToSqlOutput::Borrowed(value) => *value,
        ToSqlOutput::Owned(value) => ValueRef::from(value),
        _ => return Err(Error::Invalid("a parameter with no SQL literal".into())),
    };
    Ok(match value {
        ValueRef::Null => "NULL".to_string(),
        ValueRef::Integer(number) => number.to_string(),
        ValueRef::Real(number) => format!("{number:?}"),
        ValueRef::Text(text) => format!("'{}'", String::from_utf8_lossy(text).replace('\'', "''")),
        ValueRef::Blob(bytes) => {
            let hex: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
            format!("X'{hex}'")
        }
    })
}
