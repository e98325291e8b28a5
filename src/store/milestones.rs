//! Milestones as reports read them: where each sits in its plan, its
//! current state, and the filter every report reads them through.

use chrono::NaiveDate;
use rusqlite::{OptionalExtension, Row};

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
    /// Only open milestones due before this date.
    pub due_before: Option<NaiveDate>,
    /// Only milestones in the plan on this day: added on or before it and not
    /// retired by it. None: the milestones not retired now.
    pub as_of: Option<NaiveDate>,
    /// Retired milestones too (and those added after `as_of`): for history.
    pub include_retired: bool,
    /// Archived plans too, when no plan is named (a named plan is always read).
    pub include_archived: bool,
}

const MILESTONE_SELECT: &str = "
    SELECT m.id, p.name, t.name, a.text, m.detail,
           (SELECT group_concat(person.name, char(10) ORDER BY ml.position)
              FROM milestone_lead ml JOIN person ON person.id = ml.person_id
             WHERE ml.milestone_id = m.id),
           m.imported_timeline, m.timeline, m.status, m.rag, m.comment, m.last_update_on,
           m.reference, m.imported_status, m.imported_status_word, m.added_on
      FROM milestone m
      JOIN action a ON a.id = m.action_id
      JOIN theme t ON t.id = a.theme_id
      JOIN plan p ON p.id = t.plan_id";

const MILESTONE_ORDER: &str = " ORDER BY p.id, t.position, a.position, m.position";

/// A `Milestone` from a row whose columns are those of `MILESTONE_SELECT`:
/// id, plan, theme, action, detail, leads (one per line, or NULL), imported
/// timeline, timeline, status, rag, comment, last update date, reference,
/// imported status, imported status word.
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
    /// Milestones in plan order (plan, theme, action, milestone).
    pub fn milestones(&self, filter: &MilestoneFilter) -> Result<Vec<Milestone>> {
        let mut sql = format!("{MILESTONE_SELECT} WHERE 1 = 1");
        let mut values: Vec<Box<dyn rusqlite::ToSql>> = Vec::new();
        if let Some(plan_id) = filter.plan_id {
            values.push(Box::new(plan_id));
            sql.push_str(&format!(" AND p.id = ?{}", values.len()));
        }
        if let Some(lead) = &filter.lead {
            // As lead_matches: the key, or the key before a role's comma.
            values.push(Box::new(lead_key(lead)));
            let at = values.len();
            sql.push_str(&format!(
                " AND m.id IN (SELECT ml.milestone_id FROM milestone_lead ml
                     JOIN person ON person.id = ml.person_id
                    WHERE person.name_key = ?{at}
                       OR substr(person.name_key, 1, length(?{at}) + 1) = ?{at} || ',')"
            ));
        }
        if let Some(date) = filter.due_before {
            values.push(Box::new(date));
            sql.push_str(&format!(
                " AND m.status IN ('not started', 'in progress') AND m.due IS NOT NULL
                  AND m.due < ?{}",
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
        sql.push_str(MILESTONE_ORDER);
        let mut statement = self.conn().prepare(&sql)?;
        let rows = statement
            .query_map(
                rusqlite::params_from_iter(values.iter().map(|v| v.as_ref())),
                milestone_from_row,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
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

    /// One milestone by id.
    pub fn milestone(&self, id: i64) -> Result<Milestone> {
        self.conn()
            .query_row(
                &format!("{MILESTONE_SELECT} WHERE m.id = ?1"),
                [id],
                milestone_from_row,
            )
            .optional()?
            .ok_or(Error::UnknownMilestone(id))
    }
}
