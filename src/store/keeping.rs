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
use super::updates::{NewUpdate, insert_update, refresh_current_state};
use crate::appendix::split_leads;
use crate::error::{Error, Result};
use crate::model::lead::{display_name, lead_key};
use crate::model::words::comparable;
use crate::model::{EditField, EntryKind, Rag, Status, Target};
use crate::text_rules::{check_cell_name, check_length, check_name};

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
            several => Err(Error::Invalid(format!(
                "{} actions read {:?}, under themes {}: say which with --to-theme",
                several.len(),
                action.trim(),
                several
                    .iter()
                    .map(|(_, _, theme)| format!("{theme:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
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
    let retired: Option<Option<NaiveDate>> = conn
        .query_row(
            "SELECT retired_on FROM milestone WHERE id = ?1",
            [milestone_id],
            |row| row.get(0),
        )
        .optional()?;
    match retired {
        None => Err(Error::UnknownMilestone(milestone_id)),
        Some(Some(on)) => Err(Error::Invalid(format!(
            "milestone {milestone_id} was retired on {on}, so it cannot be {doing}; \
             to bring it back, retract its retirement (see `actionplan show {milestone_id}`)"
        ))),
        Some(None) => Ok(()),
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

/// Refuses a blank or unsafe `--by`, an over-long reason, and a missing
/// reason where `reason_needed` names what needs one.
pub(super) fn check_attribution(
    attribution: &Attribution,
    reason_needed: Option<&str>,
) -> Result<()> {
    check_name("--by", &attribution.by)?;
    if attribution.by.trim().is_empty() {
        return Err(Error::Invalid("--by must not be blank".to_string()));
    }
    if let Some(reason) = &attribution.reason {
        check_length("--reason", reason)?;
    }
    if let Some(what) = reason_needed
        && attribution
            .reason
            .as_deref()
            .is_none_or(|r| r.trim().is_empty())
    {
        return Err(Error::Invalid(format!(
            "{what} needs a reason (--reason TEXT)"
        )));
    }
    Ok(())
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

/// Makes room at `after`'s place (or the end) of an action and returns the
/// position a milestone placed there takes. `moving` is the milestone being
/// placed when it is already stored (a move): its own position does not count.
fn place_in_action(
    tx: &Connection,
    action_id: i64,
    after: Option<i64>,
    moving: Option<i64>,
) -> Result<i64> {
    let Some(after) = after else {
        return Ok(tx.query_row(
            "SELECT coalesce(max(position), 0) + 1 FROM milestone
              WHERE action_id = ?1 AND id IS NOT ?2",
            params![action_id, moving],
            |row| row.get(0),
        )?);
    };
    let position: Option<(i64, i64)> = tx
        .query_row(
            "SELECT action_id, position FROM milestone WHERE id = ?1",
            [after],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let Some((after_action, after_position)) = position else {
        return Err(Error::UnknownMilestone(after));
    };
    if after_action != action_id {
        return Err(Error::Invalid(format!(
            "--after {after}: milestone {after} is under another action; \
             give a milestone of the action it is placed in"
        )));
    }
    // Shift the later ones up by one, through negative positions, so that no
    // two rows share a position on the way (UNIQUE (action_id, position)).
    tx.execute(
        "UPDATE milestone SET position = -position - 1 WHERE action_id = ?1 AND position > ?2",
        params![action_id, after_position],
    )?;
    tx.execute(
        "UPDATE milestone SET position = -position WHERE action_id = ?1 AND position < 0",
        [action_id],
    )?;
    Ok(after_position + 1)
}

/// The first of `(id, text)` rows whose text is `wanted` as `comparable` sees it.
fn first_matching(rows: Vec<(i64, String)>, wanted: &str) -> Option<i64> {
    let wanted = comparable(wanted);
    rows.into_iter()
        .find(|(_, text)| comparable(text) == wanted)
        .map(|(id, _)| id)
}

/// The id of the theme of `plan_id` named `name` (in any case and spacing),
/// or of a new one at the end of the plan.
fn theme_named(tx: &Connection, plan_id: i64, name: &str) -> Result<i64> {
    let themes = tx
        .prepare("SELECT id, name FROM theme WHERE plan_id = ?1 ORDER BY position")?
        .query_map([plan_id], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if let Some(id) = first_matching(themes, name) {
        return Ok(id);
    }
    tx.execute(
        "INSERT INTO theme (plan_id, position, name)
         VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM theme WHERE plan_id = ?1), ?2)",
        params![plan_id, name],
    )?;
    Ok(tx.last_insert_rowid())
}

/// The id of the action of `theme_id` with this text (in any case and
/// spacing), or of a new one at the end of the theme.
fn action_named(tx: &Connection, theme_id: i64, text: &str) -> Result<i64> {
    let actions = tx
        .prepare("SELECT id, text FROM action WHERE theme_id = ?1 ORDER BY position")?
        .query_map([theme_id], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if let Some(id) = first_matching(actions, text) {
        return Ok(id);
    }
    tx.execute(
        "INSERT INTO action (theme_id, position, text)
         VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM action WHERE theme_id = ?1), ?2)",
        params![theme_id, text],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Refuses a lead's name a plan's Lead cell would read as several people
/// ("A Smith; B Jones", "A Smith / B Jones"): the export of such a name could
/// not be brought back as one person.
pub(super) fn check_one_lead(what: &str, name: &str) -> Result<()> {
    check_name(what, name)?;
    if name.is_empty() {
        return Err(Error::Invalid(format!("{what} must not be blank")));
    }
    let read_back = split_leads(name);
    if read_back.len() > 1 {
        return Err(Error::Invalid(format!(
            "{what} {name:?} reads as {} people in a plan's Lead cell ({}): give each lead on its own",
            read_back.len(),
            read_back
                .iter()
                .map(|lead| format!("{lead:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    if read_back != [name] {
        return Err(Error::Invalid(format!(
            "{what} {name:?} reads back from a plan's Lead cell as {:?}: give that name",
            read_back.first().map(String::as_str).unwrap_or("")
        )));
    }
    Ok(())
}

fn tidy_leads(leads: &[String]) -> Result<Vec<String>> {
    let mut tidy: Vec<String> = Vec::new();
    for lead in leads {
        let name = display_name(lead);
        check_one_lead("--lead", &name)?;
        if !tidy.iter().any(|known| lead_key(known) == lead_key(&name)) {
            tidy.push(name);
        }
    }
    if tidy.is_empty() {
        return Err(Error::Invalid(
            "a milestone needs at least one lead (--lead NAME)".to_string(),
        ));
    }
    Ok(tidy)
}

/// Makes `names` the milestone's leads, in order: each the stored person with
/// that name's key (so "ann smith" is the Ann Smith already known), or a new one.
fn write_leads(tx: &Connection, milestone_id: i64, names: &[String]) -> Result<()> {
    tx.execute(
        "DELETE FROM milestone_lead WHERE milestone_id = ?1",
        [milestone_id],
    )?;
    for (position, name) in names.iter().enumerate() {
        let person_id = person_id(tx, name)?;
        tx.execute(
            "INSERT INTO milestone_lead (milestone_id, position, person_id) VALUES (?1, ?2, ?3)",
            params![milestone_id, position as i64 + 1, person_id],
        )?;
    }
    Ok(())
}

/// The id of the person `name` names (exactly, else by key), created when new.
pub(super) fn person_id(tx: &Connection, name: &str) -> Result<i64> {
    let key = lead_key(name);
    // The person of exactly this name first: an older database may hold two
    // people whose names share a key, and each must keep their own milestones.
    let found: Option<i64> = tx
        .query_row(
            "SELECT id FROM person WHERE name = ?1 OR name_key = ?2
              ORDER BY name = ?1 DESC, id LIMIT 1",
            params![name, &key],
            |row| row.get(0),
        )
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    tx.execute(
        "INSERT INTO person (name, name_key) VALUES (?1, ?2)",
        params![name, key],
    )?;
    Ok(tx.last_insert_rowid())
}

/// The milestone's leads as stored, one name per line.
pub(super) fn leads_text(conn: &Connection, milestone_id: i64) -> Result<String> {
    Ok(conn.query_row(
        "SELECT coalesce(group_concat(p.name, char(10) ORDER BY ml.position), '')
           FROM milestone_lead ml JOIN person p ON p.id = ml.person_id
          WHERE ml.milestone_id = ?1",
        [milestone_id],
        |row| row.get(0),
    )?)
}

fn add_milestone(tx: &Connection, new: &NewMilestone, attribution: &Attribution) -> Result<i64> {
    check_attribution(attribution, None)?;
    let theme = new.theme.trim();
    let action = new.action.trim();
    let detail = new.detail.trim();
    for (what, text) in [
        ("--theme", theme),
        ("--action", action),
        ("--milestone", detail),
    ] {
        if text.is_empty() {
            return Err(Error::Invalid(format!("{what} must not be blank")));
        }
        check_cell_name(what, text)?;
    }
    check_length("--comment", &new.comment)?;
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
    check_attribution(attribution, None)?;
    refuse_if_retired(tx, edit.milestone_id, "edited")?;
    refuse_if_before_added(tx, edit.milestone_id, attribution.on, "an edit")?;
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

/// Whether an edit's new value is what the field holds: leads are the same
/// people when their keys match in order ("ross mcguffie" is Ross McGuffie).
fn same_value(field: EditField, before: &str, after: &str) -> bool {
    if field == EditField::Leads {
        let keys = |text: &str| text.split('\n').map(lead_key).collect::<Vec<_>>();
        keys(before) == keys(after)
    } else {
        before == after
    }
}

/// Refuses a name the plan would then hold twice where the importer
/// forbids it (and an exported appendix could not be read back): a theme
/// named like another theme of the plan, an action worded like another of
/// its theme, a milestone worded like another of its action.
fn refuse_duplicate_name(
    tx: &Connection,
    milestone_id: i64,
    field: EditField,
    value: &str,
) -> Result<()> {
    let (action_id, theme_id, plan_id): (i64, i64, i64) = tx.query_row(
        "SELECT m.action_id, a.theme_id, t.plan_id FROM milestone m
           JOIN action a ON a.id = m.action_id JOIN theme t ON t.id = a.theme_id
          WHERE m.id = ?1",
        [milestone_id],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
    )?;
    let (sql, parent, own, what): (&str, i64, i64, &str) = match field {
        EditField::Milestone => {
            return refuse_repeated_text(tx, action_id, value, Some(milestone_id));
        }
        EditField::Action => (
            "SELECT id, text FROM action WHERE theme_id = ?1",
            theme_id,
            action_id,
            "another action of its theme",
        ),
        EditField::Theme => (
            "SELECT id, name FROM theme WHERE plan_id = ?1",
            plan_id,
            theme_id,
            "another theme of the plan",
        ),
        EditField::Reference | EditField::Leads => return Ok(()),
    };
    let siblings = tx
        .prepare(sql)?
        .query_map([parent], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if siblings
        .iter()
        .any(|(id, text)| *id != own && comparable(text) == comparable(value))
    {
        return Err(Error::Invalid(format!(
            "{what} already reads {value:?}: to put the milestone there, use `actionplan milestone move`"
        )));
    }
    Ok(())
}

/// Refuses a milestone text another milestone of the action (not retired,
/// and not `except`) already has.
fn refuse_repeated_text(
    tx: &Connection,
    action_id: i64,
    detail: &str,
    except: Option<i64>,
) -> Result<()> {
    let others = tx
        .prepare(
            "SELECT id, detail FROM milestone
              WHERE action_id = ?1 AND retired_on IS NULL AND id IS NOT ?2",
        )?
        .query_map(params![action_id, except], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    match first_matching(others, detail) {
        Some(other) => Err(Error::Invalid(format!(
            "milestone {other} of that action already reads {detail:?}: one action does not list a milestone twice"
        ))),
        None => Ok(()),
    }
}

/// Where a milestone sits, for a move's before and after: "Theme › Action,
/// after milestone 17" or "Theme › Action, first".
fn place_words(tx: &Connection, milestone_id: i64) -> Result<String> {
    let (place, previous): (String, Option<i64>) = tx.query_row(
        "SELECT t.name || ' › ' || a.text,
                (SELECT p.id FROM milestone p
                  WHERE p.action_id = m.action_id AND p.position < m.position
                    AND p.retired_on IS NULL
                  ORDER BY p.position DESC LIMIT 1)
           FROM milestone m JOIN action a ON a.id = m.action_id
           JOIN theme t ON t.id = a.theme_id WHERE m.id = ?1",
        [milestone_id],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    Ok(match previous {
        Some(previous) => format!("{place}, after milestone {previous}"),
        None => format!("{place}, first"),
    })
}

fn move_milestone(
    tx: &Connection,
    milestone_id: i64,
    action_id: i64,
    after: Option<i64>,
    attribution: &Attribution,
) -> Result<i64> {
    check_attribution(attribution, None)?;
    refuse_if_retired(tx, milestone_id, "moved")?;
    refuse_if_before_added(tx, milestone_id, attribution.on, "a move")?;
    if after == Some(milestone_id) {
        return Err(Error::Invalid(format!(
            "--after {milestone_id}: a milestone cannot be placed after itself"
        )));
    }
    let plan_id = plan_of(tx, milestone_id)?;
    let action_plan: Option<i64> = tx
        .query_row(
            "SELECT t.plan_id FROM action a JOIN theme t ON t.id = a.theme_id WHERE a.id = ?1",
            [action_id],
            |row| row.get(0),
        )
        .optional()?;
    if action_plan != Some(plan_id) {
        return Err(Error::Invalid(
            "a milestone moves only within its own plan".to_string(),
        ));
    }
    let detail: String = tx.query_row(
        "SELECT detail FROM milestone WHERE id = ?1",
        [milestone_id],
        |row| row.get(0),
    )?;
    refuse_repeated_text(tx, action_id, &detail, Some(milestone_id))?;
    let before = place_words(tx, milestone_id)?;
    // Parked where no milestone is (positions count from 1), so that making
    // room in the action cannot collide with it; place_in_action does not
    // count it.
    tx.execute(
        "UPDATE milestone SET position = 0 WHERE id = ?1",
        [milestone_id],
    )?;
    let position = place_in_action(tx, action_id, after, Some(milestone_id))?;
    tx.execute(
        "UPDATE milestone SET action_id = ?2, position = ?3 WHERE id = ?1",
        params![milestone_id, action_id, position],
    )?;
    let after_words = place_words(tx, milestone_id)?;
    if after_words == before {
        return Err(Error::Invalid(format!(
            "the move changes nothing: milestone {milestone_id} is already at {before}"
        )));
    }
    insert_entry(
        tx,
        milestone_id,
        EntryKind::Move,
        attribution,
        EntryFields {
            before: Some(&before),
            after: Some(&after_words),
            ..Default::default()
        },
    )
}

fn retire(
    tx: &Connection,
    milestone_id: i64,
    into: Option<i64>,
    attribution: &Attribution,
) -> Result<i64> {
    check_attribution(attribution, Some("retiring a milestone"))?;
    refuse_if_retired(tx, milestone_id, "retired again")?;
    if let Some(into) = into {
        if into == milestone_id {
            return Err(Error::Invalid(format!(
                "--into {into}: a milestone cannot be merged into itself"
            )));
        }
        refuse_if_retired(tx, into, "merged into")?;
        if plan_of(tx, into)? != plan_of(tx, milestone_id)? {
            return Err(Error::Invalid(format!(
                "--into {into}: that milestone belongs to another plan"
            )));
        }
    }
    refuse_if_before_added(tx, milestone_id, attribution.on, "its retirement")?;
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

/// The leads a change of leads replaced, under the names they have now:
/// each name followed through the `lead rename`s recorded after the change.
/// A lead merged into another since is refused: restoring them would make
/// a new person of the old name, so `lead reassign` says who leads it.
fn leads_named_now(tx: &Connection, entry_id: i64, leads: &str, since: &str) -> Result<String> {
    let changes: Vec<(String, String, String)> = tx
        .prepare(
            "SELECT kind, before, after FROM lead_name_change WHERE recorded_at > ?1 ORDER BY id",
        )?
        .query_map([since], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut named_now = Vec::new();
    for lead in leads.split('\n').filter(|name| !name.is_empty()) {
        let mut name = lead.to_string();
        for (kind, before, after) in &changes {
            if *before != name {
                continue;
            }
            if kind == "merge" {
                return Err(Error::Invalid(format!(
                    "entry {entry_id} replaced lead {lead:?}, who has been merged into {after:?} \
                     since: it is not retracted; say who leads it with actionplan lead reassign"
                )));
            }
            name = after.clone();
        }
        named_now.push(name);
    }
    Ok(named_now.join("\n"))
}

fn retract(tx: &Connection, update_id: i64, attribution: &Attribution) -> Result<i64> {
    check_attribution(attribution, Some("a retraction"))?;
    let entry = tx
        .query_row(
            &format!("{} WHERE u.id = ?1", super::updates::UPDATE_SELECT),
            [update_id],
            super::updates::update_from_row,
        )
        .optional()?
        .ok_or_else(|| {
            Error::Invalid(format!(
                "there is no history entry {update_id} (see `actionplan history`)"
            ))
        })?;
    if let Some(retraction) = entry.retracted_by {
        return Err(Error::Invalid(format!(
            "entry {update_id} was retracted already (entry {retraction})"
        )));
    }
    if attribution.on < entry.on {
        return Err(Error::Invalid(format!(
            "entry {update_id} speaks for {}: its retraction cannot be dated {}, before it",
            entry.on, attribution.on
        )));
    }
    let milestone_id = entry.milestone_id;
    match entry.kind {
        EntryKind::Retract => {
            return Err(Error::Invalid(format!(
                "entry {update_id} is itself a retraction, which is never retracted: \
                 record the entry it withdrew again instead"
            )));
        }
        EntryKind::Add => {
            return Err(Error::Invalid(format!(
                "entry {update_id} added milestone {milestone_id}: an addition is not retracted; \
                 retire the milestone instead (actionplan milestone retire {milestone_id} --reason ...)"
            )));
        }
        EntryKind::Move => {
            return Err(Error::Invalid(format!(
                "entry {update_id} moved milestone {milestone_id}: a move is not retracted; \
                 move it back with actionplan milestone move"
            )));
        }
        EntryKind::Update | EntryKind::Retire | EntryKind::Edit => {}
    }
    if entry.kind == EntryKind::Edit {
        refuse_if_retired(tx, milestone_id, "changed by retracting an edit")?;
        let field = entry
            .field
            .ok_or_else(|| Error::Invalid(format!("entry {update_id} names no edited field")))?;
        if matches!(field, EditField::Action | EditField::Theme) {
            // The action or theme is shared by its milestones, and may have
            // been reworded since through another of them, or the milestone
            // moved away from it: restoring the words here could overwrite
            // another action's. Rewording back is one more edit, and safe.
            return Err(Error::Invalid(format!(
                "entry {update_id} reworded the {} that milestone {milestone_id} sat under, which \
                 its other milestones share: it is not retracted; word it back with \
                 actionplan milestone edit {milestone_id} --{} TEXT",
                field.word(),
                field.word()
            )));
        }
        let later: Option<i64> = tx
            .query_row(
                "SELECT u.id FROM milestone_update u
                  WHERE u.milestone_id = ?1 AND u.kind = 'edit' AND u.field = ?2 AND u.id > ?3
                    AND NOT EXISTS (SELECT 1 FROM milestone_update r WHERE r.retracts = u.id)
                  ORDER BY u.id DESC LIMIT 1",
                params![milestone_id, field, update_id],
                |row| row.get(0),
            )
            .optional()?;
        if let Some(later) = later {
            return Err(Error::Invalid(format!(
                "the {} of milestone {milestone_id} was edited again later (entry {later}): \
                 retract that entry first",
                field.word()
            )));
        }
        let before = entry.before.clone().unwrap_or_default();
        if field == EditField::Milestone {
            let action_id: i64 = tx.query_row(
                "SELECT action_id FROM milestone WHERE id = ?1",
                [milestone_id],
                |row| row.get(0),
            )?;
            refuse_repeated_text(tx, action_id, &before, Some(milestone_id))?;
        }
        let before = match field {
            EditField::Leads => leads_named_now(tx, update_id, &before, &entry.recorded_at)?,
            _ => before,
        };
        if before == current_value(tx, milestone_id, field)? {
            return Err(Error::Invalid(format!(
                "retracting entry {update_id} would change nothing: milestone {milestone_id}'s {} \
                 would be restored to what it is now (a lead renamed since keeps their new \
                 name; rename back with actionplan lead rename)",
                field.word()
            )));
        }
        write_value(tx, milestone_id, field, &before)?;
    }
    let retraction = insert_entry(
        tx,
        milestone_id,
        EntryKind::Retract,
        attribution,
        EntryFields {
            retracts: Some(update_id),
            ..Default::default()
        },
    )?;
    match entry.kind {
        EntryKind::Update => refresh_current_state(tx, milestone_id)?,
        EntryKind::Retire => {
            let (action_id, detail): (i64, String) = tx.query_row(
                "SELECT action_id, detail FROM milestone WHERE id = ?1",
                [milestone_id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?;
            refuse_repeated_text(tx, action_id, &detail, Some(milestone_id))?;
            tx.execute(
                "UPDATE milestone SET retired_on = NULL WHERE id = ?1",
                [milestone_id],
            )?;
        }
        _ => {}
    }
    Ok(retraction)
}
