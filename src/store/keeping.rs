//! Keeping the plan alive: milestones added, edited, moved, reassigned and
//! retired after import, and wrong entries retracted. Every change is one more
//! entry in the append-only history, with who, when and why; what reports
//! read (the milestone's text, its leads, `retired_on`) is kept in step in the
//! same transaction, as the current state is for updates.
//!
//! Wording and leads are corrections to the plan: a report for a past date
//! shows the current wording and leads (a closed cycle keeps what its paper
//! showed). Additions and retirements are dated: a report for a day before a
//! milestone was added, or on or after it was retired, leaves it out.

use chrono::{NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::Store;
use super::updates::{insert_update, refresh_current_state};
use crate::error::{Error, Field, Result, TextFault};
use crate::io::appendix::split_leads;
use crate::model::NewUpdate;
use crate::model::lead::{display_name, lead_key};
use crate::model::text_rules::{
    check_cell_name, check_field_cell_name, check_field_length, check_field_name,
};
use crate::model::words::comparable;
use crate::model::{EditField, EntryKind, Rag, Status, Target};

mod lead_names;
mod names;
mod placing;
mod retract;

pub(super) use lead_names::{check_one_lead, leads_text, person_id, write_lead_people};
use lead_names::{tidy_leads, write_leads};
use names::{action_named, refuse_duplicate_name, refuse_repeated_text, same_value, theme_named};
use placing::{move_milestone, place_in_action};
use retract::retract;

/// Who made a change, for which day, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct Attribution {
    /// Who made it.
    pub by: String,
    /// The day it speaks for.
    pub on: NaiveDate,
    /// Why (needed to retire or retract).
    pub reason: Option<String>,
}

/// A milestone agreed after import.
#[derive(Debug, Clone, PartialEq)]
pub struct NewMilestone {
    /// The plan it joins.
    pub plan_id: i64,
    /// Its theme: an existing one by name, or a new one at the end of the plan.
    pub theme: String,
    /// Its action: an existing one of the theme by text, or a new one at the end of the theme.
    pub action: String,
    /// The milestone's text.
    pub detail: String,
    /// Who leads it, in order.
    pub leads: Vec<String>,
    /// Its target timeline.
    pub timeline: Target,
    /// Its status (default: not started).
    pub status: Status,
    /// Its RAG (default: not rated).
    pub rag: Rag,
    /// Its first comment.
    pub comment: String,
    /// The plan's own reference ("4.3"), if any.
    pub reference: Option<String>,
    /// Place it after this milestone of the same action (default: at the end).
    pub after: Option<i64>,
}

/// New values for a milestone's wording and leads; None leaves a field as it is.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MilestoneEdit {
    /// The milestone.
    pub milestone_id: i64,
    /// New milestone text.
    pub detail: Option<String>,
    /// New text for its action (every milestone of the action shows it).
    pub action: Option<String>,
    /// New name for its theme (every milestone of the theme shows it).
    pub theme: Option<String>,
    /// New reference; Some("") removes it.
    pub reference: Option<String>,
    /// New leads, in order.
    pub leads: Option<Vec<String>>,
}

/// One change to a plan, as `Store::apply_changes` records it.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanChange {
    /// A lead's progress update.
    Update(NewUpdate),
    /// A milestone added.
    Add(NewMilestone, Attribution),
    /// A milestone's wording or leads changed.
    Edit(MilestoneEdit, Attribution),
    /// A milestone placed under another action, or reordered.
    Move {
        /// The milestone.
        milestone_id: i64,
        /// The action it moves to.
        action_id: i64,
        /// Place it after this milestone of that action (None: at the end).
        after: Option<i64>,
        /// Who, when, why.
        attribution: Attribution,
    },
    /// A milestone retired (withdrawn, superseded, or merged into another).
    Retire {
        /// The milestone.
        milestone_id: i64,
        /// The milestone it was merged into, if any.
        into: Option<i64>,
        /// Who, when, why (a reason is required).
        attribution: Attribution,
    },
    /// An entry treated as never made.
    Retract {
        /// The entry.
        update_id: i64,
        /// Who, when, why (a reason is required).
        attribution: Attribution,
    },
}

impl Store {
    /// Records changes in one IMMEDIATE transaction: all land, or none does.
    /// Returns, for each change, the id it made: the new milestone's for an
    /// addition, the history entry's for the others (an edit of several
    /// fields: its last entry).
    pub fn apply_changes(&mut self, changes: &[PlanChange]) -> Result<Vec<i64>> {
        self.apply_changes_read_at(changes, None)
    }

    /// As [`Store::apply_changes`], for changes worked out from what this
    /// connection read at `read_at` (a [`Store::data_version`]): refused,
    /// writing nothing, when another connection has committed since, so that
    /// nothing is recorded against a plan that is no longer as it was read.
    pub fn apply_changes_read_at(
        &mut self,
        changes: &[PlanChange],
        read_at: Option<i64>,
    ) -> Result<Vec<i64>> {
        let tx = self.conn_mut().transaction()?;
        if let Some(read_at) = read_at {
            refuse_if_changed_since(&tx, read_at)?;
        }
        let mut ids = Vec::with_capacity(changes.len());
        for change in changes {
            ids.push(apply_change(&tx, change)?);
        }
        tx.commit()?;
        Ok(ids)
    }

    /// The id of the action a milestone may move to: the plan's action with
    /// this text, under the theme named when several themes have one.
    pub fn find_action(&self, plan_id: i64, theme: Option<&str>, action: &str) -> Result<i64> {
        let mut statement = self.conn().prepare(
            "SELECT a.id, a.text, t.name FROM action a JOIN theme t ON t.id = a.theme_id
              WHERE t.plan_id = ?1 ORDER BY t.position, a.position",
        )?;
        let found = statement
            .query_map([plan_id], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter(|(_, text, theme_name)| {
                comparable(text) == comparable(action)
                    && theme.is_none_or(|theme| comparable(theme) == comparable(theme_name))
            })
            .collect::<Vec<_>>();
        match found.as_slice() {
            [(id, _, _)] => Ok(*id),
            [] => Err(Error::Invalid(format!(
                "the plan has no action {:?}{}: give its text as `actionplan show` prints it",
                action.trim(),
                theme
                    .map(|t| format!(" under theme {:?}", t.trim()))
                    .unwrap_or_default()
            ))),
            several => Err(Error::AmbiguousAction {
                text: action.trim().to_string(),
                themes: several.iter().map(|(_, _, theme)| theme.clone()).collect(),
            }),
        }
    }

    /// SQLite's `PRAGMA data_version`: it changes when another connection
    /// commits. Taken before reading, it lets a later write refuse to act on
    /// what was read if someone else wrote in between.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn()
            .query_row("PRAGMA data_version", [], |row| row.get(0))?)
    }

    /// The plan a milestone belongs to.
    pub fn plan_of_milestone(&self, milestone_id: i64) -> Result<i64> {
        plan_of(self.conn(), milestone_id)
    }

    /// The action a milestone sits under.
    pub fn action_of_milestone(&self, milestone_id: i64) -> Result<i64> {
        self.conn()
            .query_row(
                "SELECT action_id FROM milestone WHERE id = ?1",
                [milestone_id],
                |row| row.get(0),
            )
            .optional()?
            .ok_or(Error::UnknownMilestone(milestone_id))
    }

    /// Every retired milestone with the day it was retired.
    pub fn retired_milestones(&self) -> Result<std::collections::HashMap<i64, NaiveDate>> {
        let mut statement = self
            .conn()
            .prepare("SELECT id, retired_on FROM milestone WHERE retired_on IS NOT NULL")?;
        let retired = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(retired)
    }

    /// The milestone a history entry belongs to.
    pub fn milestone_of_entry(&self, entry_id: i64) -> Result<i64> {
        self.conn()
            .query_row(
                "SELECT milestone_id FROM milestone_update WHERE id = ?1",
                [entry_id],
                |row| row.get(0),
            )
            .optional()?
            .ok_or_else(|| Error::Invalid(format!("there is no history entry {entry_id}")))
    }
}

/// Milestones whose cached `added_on` or `retired_on` differs from their
/// history (the live add entry's date; the live retire entry's date), one
/// line each, for `check-db`.
pub(super) fn kept_dates_faults(conn: &Connection) -> Result<Vec<String>> {
    let mut statement = conn.prepare(
        "SELECT m.id, m.added_on, m.retired_on, h.added_on, h.retired_on
           FROM milestone m
           JOIN (SELECT m2.id AS id,
                        (SELECT max(u.on_date) FROM milestone_update u
                          WHERE u.milestone_id = m2.id AND u.kind = 'add') AS added_on,
                        (SELECT max(u.on_date) FROM milestone_update u
                          WHERE u.milestone_id = m2.id AND u.kind = 'retire'
                            AND NOT EXISTS (SELECT 1 FROM milestone_update r
                                             WHERE r.retracts = u.id)) AS retired_on
                   FROM milestone m2) h ON h.id = m.id
          WHERE m.added_on IS NOT h.added_on OR m.retired_on IS NOT h.retired_on
          ORDER BY m.id",
    )?;
    let faults = statement
        .query_map([], |row| {
            let date = |d: Option<String>| d.unwrap_or_else(|| "none".to_string());
            Ok(format!(
                "milestone {}: its added/retired dates ({} / {}) do not match its history ({} / {})",
                row.get::<_, i64>(0)?,
                date(row.get(1)?),
                date(row.get(2)?),
                date(row.get(3)?),
                date(row.get(4)?)
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(faults)
}

/// Refuses, inside a write transaction (which holds the write lock), when
/// another connection committed after this one read `read_at`.
pub(super) fn refuse_if_changed_since(tx: &Connection, read_at: i64) -> Result<()> {
    let now: i64 = tx.query_row("PRAGMA data_version", [], |row| row.get(0))?;
    if now != read_at {
        return Err(Error::Invalid(
            "someone else changed the database while this command was reading it, so nothing \
             was stored: run the command again"
                .to_string(),
        ));
    }
    Ok(())
}

fn apply_change(tx: &Connection, change: &PlanChange) -> Result<i64> {
    match change {
        PlanChange::Update(update) => insert_update(tx, update),
        PlanChange::Add(milestone, attribution) => add_milestone(tx, milestone, attribution),
        PlanChange::Edit(edit, attribution) => edit_milestone(tx, edit, attribution),
        PlanChange::Move {
            milestone_id,
            action_id,
            after,
            attribution,
        } => move_milestone(tx, *milestone_id, *action_id, *after, attribution),
        PlanChange::Retire {
            milestone_id,
            into,
            attribution,
        } => retire(tx, *milestone_id, *into, attribution),
        PlanChange::Retract {
            update_id,
            attribution,
        } => retract(tx, *update_id, attribution),
    }
}

/// Refuses a change to a milestone that does not exist or was retired;
/// `doing` says what the change would do ("edited").
pub(super) fn refuse_if_retired(conn: &Connection, milestone_id: i64, doing: &str) -> Result<()> {
    refuse_unless_changeable(conn, milestone_id, None, doing, "")
}

/// Refuses, with one read of the milestone, a change to one that does not
/// exist or was retired (`doing` says what the change would do: "edited"),
/// or, with `on`, one dated before the milestone was added (`what` names the
/// change: "an update").
pub(super) fn refuse_unless_changeable(
    conn: &Connection,
    milestone_id: i64,
    on: Option<NaiveDate>,
    doing: &str,
    what: &str,
) -> Result<()> {
    let dates: Option<(Option<NaiveDate>, Option<NaiveDate>)> = conn
        .query_row(
            "SELECT retired_on, added_on FROM milestone WHERE id = ?1",
            [milestone_id],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let Some((retired_on, added_on)) = dates else {
        return Err(Error::UnknownMilestone(milestone_id));
    };
    if let Some(retired_on) = retired_on {
        return Err(Error::Invalid(format!(
            "milestone {milestone_id} was retired on {retired_on}, so it cannot be {doing}; \
             to bring it back, retract its retirement (see `actionplan show {milestone_id}`)"
        )));
    }
    match (on, added_on) {
        (Some(on), Some(added_on)) if on < added_on => Err(Error::Invalid(format!(
            "milestone {milestone_id} was added to the plan on {added_on}: {what} cannot speak for {on}, before it existed"
        ))),
        _ => Ok(()),
    }
}

/// Refuses a change dated before the milestone was added to the plan;
/// `what` names the change ("an update").
pub(super) fn refuse_if_before_added(
    conn: &Connection,
    milestone_id: i64,
    on: NaiveDate,
    what: &str,
) -> Result<()> {
    let added_on: Option<NaiveDate> = conn.query_row(
        "SELECT added_on FROM milestone WHERE id = ?1",
        [milestone_id],
        |row| row.get(0),
    )?;
    match added_on {
        Some(added_on) if on < added_on => Err(Error::Invalid(format!(
            "milestone {milestone_id} was added to the plan on {added_on}: {what} cannot speak for {on}, before it existed"
        ))),
        _ => Ok(()),
    }
}

fn plan_of(conn: &Connection, milestone_id: i64) -> Result<i64> {
    conn.query_row(
        "SELECT t.plan_id FROM milestone m JOIN action a ON a.id = m.action_id
           JOIN theme t ON t.id = a.theme_id WHERE m.id = ?1",
        [milestone_id],
        |row| row.get(0),
    )
    .optional()?
    .ok_or(Error::UnknownMilestone(milestone_id))
}

impl Attribution {
    /// The rules of who made a change and why: a name (not blank, no
    /// control characters or line breaks), a reason within a cell's length,
    /// and a reason at all where `reason_needed` names what needs one. No
    /// database is needed: the application checks them before it opens one.
    pub fn check(&self, reason_needed: Option<&'static str>) -> Result<()> {
        check_field_name(Field::By, &self.by)?;
        if self.by.trim().is_empty() {
            return Err(Error::Blank { field: Field::By });
        }
        if let Some(reason) = &self.reason {
            check_field_length(Field::Reason, reason)?;
        }
        if let Some(what) = reason_needed
            && self.reason.as_deref().is_none_or(|r| r.trim().is_empty())
        {
            return Err(Error::ReasonNeeded { what });
        }
        Ok(())
    }
}

/// What a history entry that is not a progress update records besides who,
/// when and why.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct EntryFields<'a> {
    pub(super) field: Option<EditField>,
    pub(super) before: Option<&'a str>,
    pub(super) after: Option<&'a str>,
    pub(super) retracts: Option<i64>,
    pub(super) merged_into: Option<i64>,
}

/// Appends one history entry that is not a progress update; returns its id.
pub(super) fn insert_entry(
    tx: &Connection,
    milestone_id: i64,
    kind: EntryKind,
    attribution: &Attribution,
    fields: EntryFields<'_>,
) -> Result<i64> {
    tx.execute(
        "INSERT INTO milestone_update
             (milestone_id, on_date, recorded_at, by_name, reason, kind, field, before, after,
              retracts, into_milestone)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            milestone_id,
            attribution.on,
            Utc::now().to_rfc3339(),
            attribution.by.trim(),
            attribution
                .reason
                .as_deref()
                .map(str::trim)
                .filter(|reason| !reason.is_empty()),
            kind,
            fields.field,
            fields.before,
            fields.after,
            fields.retracts,
            fields.merged_into,
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

fn add_milestone(tx: &Connection, new: &NewMilestone, attribution: &Attribution) -> Result<i64> {
    attribution.check(None)?;
    let theme = new.theme.trim();
    let action = new.action.trim();
    let detail = new.detail.trim();
    for (field, text) in [
        (Field::Theme, theme),
        (Field::Action, action),
        (Field::Milestone, detail),
    ] {
        if text.is_empty() {
            return Err(Error::Blank { field });
        }
        check_field_cell_name(field, text)?;
    }
    check_field_length(Field::Comment, &new.comment)?;
    let leads = tidy_leads(&new.leads)?;
    let exists: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM plan WHERE id = ?1)",
        [new.plan_id],
        |row| row.get(0),
    )?;
    if !exists {
        return Err(Error::NoPlans);
    }
    let theme_id = theme_named(tx, new.plan_id, theme)?;
    let action_id = action_named(tx, theme_id, action)?;
    refuse_repeated_text(tx, action_id, detail, None)?;
    let position = place_in_action(tx, action_id, new.after, None)?;
    tx.execute(
        "INSERT INTO milestone (action_id, position, reference, detail,
             imported_timeline, imported_status, imported_rag, imported_comment,
             timeline, due, status, rag, comment, added_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?5, ?9, ?6, ?7, ?8, ?10)",
        params![
            action_id,
            position,
            new.reference
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty()),
            detail,
            new.timeline,
            new.status,
            new.rag,
            new.comment.trim(),
            new.timeline.due(),
            attribution.on,
        ],
    )?;
    let milestone_id = tx.last_insert_rowid();
    write_leads(tx, milestone_id, &leads)?;
    insert_entry(
        tx,
        milestone_id,
        EntryKind::Add,
        attribution,
        EntryFields::default(),
    )?;
    Ok(milestone_id)
}

/// The milestone's current value of a field.
fn current_value(tx: &Connection, milestone_id: i64, field: EditField) -> Result<String> {
    if field == EditField::Leads {
        return leads_text(tx, milestone_id);
    }
    let column = match field {
        EditField::Milestone => "m.detail",
        EditField::Action => "a.text",
        EditField::Theme => "t.name",
        EditField::Reference => "coalesce(m.reference, '')",
        EditField::Leads => unreachable!("handled above"),
    };
    Ok(tx.query_row(
        &format!(
            "SELECT {column} FROM milestone m JOIN action a ON a.id = m.action_id
               JOIN theme t ON t.id = a.theme_id WHERE m.id = ?1"
        ),
        [milestone_id],
        |row| row.get(0),
    )?)
}

/// Writes a field's new value where reports read it.
fn write_value(tx: &Connection, milestone_id: i64, field: EditField, value: &str) -> Result<()> {
    match field {
        EditField::Milestone => tx.execute(
            "UPDATE milestone SET detail = ?2 WHERE id = ?1",
            params![milestone_id, value],
        )?,
        EditField::Reference => tx.execute(
            "UPDATE milestone SET reference = ?2 WHERE id = ?1",
            params![milestone_id, Some(value).filter(|v| !v.is_empty())],
        )?,
        EditField::Action => tx.execute(
            "UPDATE action SET text = ?2
              WHERE id = (SELECT action_id FROM milestone WHERE id = ?1)",
            params![milestone_id, value],
        )?,
        EditField::Theme => tx.execute(
            "UPDATE theme SET name = ?2 WHERE id = (SELECT a.theme_id FROM milestone m
                 JOIN action a ON a.id = m.action_id WHERE m.id = ?1)",
            params![milestone_id, value],
        )?,
        EditField::Leads => {
            let names: Vec<String> = value.split('\n').map(str::to_string).collect();
            write_leads(tx, milestone_id, &names)?;
            1
        }
    };
    Ok(())
}

fn edit_milestone(tx: &Connection, edit: &MilestoneEdit, attribution: &Attribution) -> Result<i64> {
    attribution.check(None)?;
    refuse_unless_changeable(
        tx,
        edit.milestone_id,
        Some(attribution.on),
        "edited",
        "an edit",
    )?;
    let leads = match &edit.leads {
        Some(leads) => Some(tidy_leads(leads)?.join("\n")),
        None => None,
    };
    let wanted = [
        (EditField::Milestone, edit.detail.as_deref().map(str::trim)),
        (EditField::Action, edit.action.as_deref().map(str::trim)),
        (EditField::Theme, edit.theme.as_deref().map(str::trim)),
        (
            EditField::Reference,
            edit.reference.as_deref().map(str::trim),
        ),
        (EditField::Leads, leads.as_deref()),
    ];
    let mut last_entry = None;
    for (field, value) in wanted {
        let Some(value) = value else { continue };
        if value.is_empty() && field != EditField::Reference {
            return Err(Error::Invalid(format!(
                "the new {} must not be blank",
                field.word()
            )));
        }
        check_cell_name(field.word(), value)?;
        let before = current_value(tx, edit.milestone_id, field)?;
        if same_value(field, &before, value) {
            continue;
        }
        refuse_duplicate_name(tx, edit.milestone_id, field, value)?;
        write_value(tx, edit.milestone_id, field, value)?;
        last_entry = Some(insert_entry(
            tx,
            edit.milestone_id,
            EntryKind::Edit,
            attribution,
            EntryFields {
                field: Some(field),
                before: Some(&before),
                after: Some(value),
                ..Default::default()
            },
        )?);
    }
    last_entry.ok_or_else(|| {
        Error::Invalid(format!(
            "the edit changes nothing: milestone {} already reads so",
            edit.milestone_id
        ))
    })
}

fn retire(
    tx: &Connection,
    milestone_id: i64,
    into: Option<i64>,
    attribution: &Attribution,
) -> Result<i64> {
    attribution.check(Some("retiring a milestone"))?;
    refuse_unless_changeable(
        tx,
        milestone_id,
        Some(attribution.on),
        "retired again",
        "its retirement",
    )?;
    if let Some(into) = into {
        if into == milestone_id {
            return Err(Error::MergedIntoItself { into });
        }
        refuse_if_retired(tx, into, "merged into")?;
        if plan_of(tx, into)? != plan_of(tx, milestone_id)? {
            return Err(Error::MergedAcrossPlans { into });
        }
    }
    let latest_update: Option<NaiveDate> = tx.query_row(
        &format!(
            "SELECT max(u.on_date) FROM milestone_update u WHERE u.milestone_id = ?1 AND {}",
            super::updates::PROGRESS_ONLY
        ),
        [milestone_id],
        |row| row.get(0),
    )?;
    if let Some(latest) = latest_update.filter(|latest| *latest > attribution.on) {
        return Err(Error::Invalid(format!(
            "milestone {milestone_id} has an update for {latest}: it cannot be retired on {}, before that",
            attribution.on
        )));
    }
    let entry = insert_entry(
        tx,
        milestone_id,
        EntryKind::Retire,
        attribution,
        EntryFields {
            merged_into: into,
            ..Default::default()
        },
    )?;
    tx.execute(
        "UPDATE milestone SET retired_on = ?2 WHERE id = ?1",
        params![milestone_id, attribution.on],
    )?;
    Ok(entry)
}
