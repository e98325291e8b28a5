//! A plan as a whole: renamed, archived and brought back (each recorded in
//! `plan_change` with who, when and why), and deleted after a backup.
//!
//! An archived plan is kept whole; reports over every plan leave it out
//! unless archived plans are included (`Store::set_include_archived`), and a
//! report that names it still shows it. Deleting is the one way a plan's
//! append-only history goes: the backup is written first, and the delete
//! runs in one transaction that holds a `plan_deletion` row for its length
//! (the history's delete trigger allows deletes only then).

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, Utc};
use rusqlite::{Connection, params};

use super::{Attribution, PlanSummary, Store};
use crate::error::{Error, Result};
use crate::model::count_words;
use crate::model::text_rules::check_name;

/// What deleting a plan would lose: its counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PlanContents {
    /// Milestones, retired ones included.
    pub milestones: i64,
    /// History entries recorded after import (updates, edits, moves, ...).
    pub updates: i64,
    /// Committee cycles closed on it.
    pub cycles: i64,
    /// Lead returns sent from it.
    pub returns: i64,
}

impl PlanContents {
    /// "38 milestones, 3 recorded updates, 1 committee cycle and 0 lead returns".
    pub fn words(&self) -> String {
        let count = |n: i64, noun: &str| count_words(usize::try_from(n).unwrap_or(0), noun);
        format!(
            "{}, {}, {} and {}",
            count(self.milestones, "milestone"),
            count(self.updates, "recorded update"),
            count(self.cycles, "committee cycle"),
            count(self.returns, "lead return")
        )
    }
}

/// The kind of a `plan_change` row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChangeKind {
    Rename,
    Archive,
    Unarchive,
}

impl ChangeKind {
    fn word(self) -> &'static str {
        match self {
            ChangeKind::Rename => "rename",
            ChangeKind::Archive => "archive",
            ChangeKind::Unarchive => "unarchive",
        }
    }
}

impl Store {
    /// Renames a plan; refused when another plan has the new name. Its
    /// cycles, history and returns stay with it (they refer to its id).
    pub fn rename_plan(&mut self, old: &str, new: &str, attribution: &Attribution) -> Result<()> {
        attribution.check(None)?;
        let plan = self.resolve_plan(Some(old))?;
        let new = new.trim();
        check_name("the new name", new)?;
        if new.is_empty() {
            return Err(Error::Invalid("the new name must not be blank".to_string()));
        }
        if new == plan.name {
            return Err(Error::Invalid(format!(
                "plan {:?} is already called that: nothing to rename",
                plan.name
            )));
        }
        let tx = self.conn_mut().transaction()?;
        let taken: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM plan WHERE name = ?1)",
            [new],
            |row| row.get(0),
        )?;
        if taken {
            return Err(Error::Invalid(format!(
                "a plan named {new:?} exists already: choose another name"
            )));
        }
        tx.execute(
            "UPDATE plan SET name = ?2 WHERE id = ?1",
            params![plan.id, new],
        )?;
        record_change(
            &tx,
            plan.id,
            ChangeKind::Rename,
            Some(&plan.name),
            Some(new),
            attribution,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Archives a plan from `attribution.on`: kept, and left out of reports
    /// over every plan. Refused when it is archived already.
    pub fn archive_plan(&mut self, name: &str, attribution: &Attribution) -> Result<()> {
        attribution.check(None)?;
        let plan = self.resolve_plan(Some(name))?;
        let tx = self.conn_mut().transaction()?;
        // Read again inside the transaction: someone may have archived it since.
        if let Some(on) = archived_on(&tx, plan.id)? {
            return Err(Error::Invalid(format!(
                "plan {:?} was archived already, on {on}",
                plan.name
            )));
        }
        tx.execute(
            "UPDATE plan SET archived_on = ?2 WHERE id = ?1",
            params![plan.id, attribution.on],
        )?;
        record_change(
            &tx,
            plan.id,
            ChangeKind::Archive,
            None,
            Some(&attribution.on.to_string()),
            attribution,
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Brings an archived plan back into reports over every plan; returns
    /// the day it had been archived. Refused when it is not archived.
    pub fn unarchive_plan(&mut self, name: &str, attribution: &Attribution) -> Result<NaiveDate> {
        attribution.check(None)?;
        let plan = self.resolve_plan(Some(name))?;
        let tx = self.conn_mut().transaction()?;
        let Some(archived_on) = archived_on(&tx, plan.id)? else {
            return Err(Error::Invalid(format!(
                "plan {:?} is not archived: nothing to unarchive",
                plan.name
            )));
        };
        tx.execute(
            "UPDATE plan SET archived_on = NULL WHERE id = ?1",
            [plan.id],
        )?;
        record_change(
            &tx,
            plan.id,
            ChangeKind::Unarchive,
            Some(&archived_on.to_string()),
            None,
            attribution,
        )?;
        tx.commit()?;
        Ok(archived_on)
    }

    /// How much a plan holds: what deleting it would lose.
    pub fn plan_contents(&self, plan_id: i64) -> Result<PlanContents> {
        Ok(self.conn().query_row(
            "SELECT (SELECT count(*) FROM milestone m JOIN action a ON a.id = m.action_id
                       JOIN theme t ON t.id = a.theme_id WHERE t.plan_id = ?1),
                    (SELECT count(*) FROM milestone_update u
                       JOIN milestone m ON m.id = u.milestone_id
                       JOIN action a ON a.id = m.action_id
                       JOIN theme t ON t.id = a.theme_id
                      WHERE t.plan_id = ?1 AND u.from_import = 0),
                    (SELECT count(*) FROM cycle WHERE plan_id = ?1),
                    (SELECT count(*) FROM lead_return WHERE plan_id = ?1)",
            [plan_id],
            |row| {
                Ok(PlanContents {
                    milestones: row.get(0)?,
                    updates: row.get(1)?,
                    cycles: row.get(2)?,
                    returns: row.get(3)?,
                })
            },
        )?)
    }

    /// Backs the whole database up beside it before `plan` is deleted, as
    /// `<db>.before-delete-<plan slug>-<stamp>.sqlite` (a `-2`, `-3`, ...
    /// before `.sqlite` when that name is taken: a file is never
    /// overwritten); returns the backup's path. `stamp` is the time, as
    /// `YYYYMMDDTHHMMSS`.
    pub fn backup_before_delete(&self, plan: &PlanSummary, stamp: &str) -> Result<PathBuf> {
        let Some(db) = self.path() else {
            return Err(Error::Invalid(
                "a database in memory has no folder to back up into".to_string(),
            ));
        };
        let target = free_backup_name(db, &plan_slug(&plan.name), stamp)?;
        self.backup(&target, false)?;
        Ok(target)
    }

    /// Deletes a plan and everything it holds (themes, milestones, history,
    /// cycles, returns, its changes), in one transaction; people who then
    /// lead nothing are forgotten. Write a backup first
    /// ([`Store::backup_before_delete`]): nothing else keeps what is deleted.
    pub fn delete_plan(&mut self, plan_id: i64, read_at: i64) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        // Nothing written since the backup was taken from what was read.
        super::keeping::refuse_if_changed_since(&tx, read_at)?;
        // The history's delete trigger allows deletes while this row exists;
        // it is removed again before the commit.
        tx.execute("INSERT INTO plan_deletion (plan_id) VALUES (?1)", [plan_id])?;
        let deleted = tx.execute("DELETE FROM plan WHERE id = ?1", [plan_id])?;
        if deleted != 1 {
            return Err(Error::Invalid(format!(
                "there is no plan with id {plan_id}"
            )));
        }
        tx.execute("DELETE FROM plan_deletion WHERE plan_id = ?1", [plan_id])?;
        tx.execute(
            "DELETE FROM person
              WHERE NOT EXISTS (SELECT 1 FROM milestone_lead ml WHERE ml.person_id = person.id)",
            [],
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// The error a report over every plan gives when every plan is archived.
pub(super) fn every_plan_archived(plans: &[PlanSummary]) -> Error {
    let archived = plans
        .iter()
        .map(|p| match p.archived_on {
            Some(on) => format!("{:?} (archived {on})", p.name),
            None => format!("{:?}", p.name),
        })
        .collect::<Vec<_>>()
        .join(", ");
    Error::EveryPlanArchived(archived)
}

/// A plan's name for a file name: lower-case letters and digits, anything
/// else as one "-", at most 40 characters ("plan" when nothing is left).
fn plan_slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug: String = slug.chars().take(40).collect();
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        "plan".to_string()
    } else {
        slug.to_string()
    }
}

/// `<db>.before-delete-<slug>-<stamp>.sqlite` beside the database, or the
/// first of `...-2.sqlite`, `...-3.sqlite` that does not exist yet.
fn free_backup_name(db: &Path, slug: &str, stamp: &str) -> Result<PathBuf> {
    let file_name = db
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "actionplan.db".to_string());
    let base = format!("{file_name}.before-delete-{slug}-{stamp}");
    for n in 1..=100 {
        let name = if n == 1 {
            format!("{base}.sqlite")
        } else {
            format!("{base}-{n}.sqlite")
        };
        let candidate = db.with_file_name(name);
        if !candidate.exists() {
            return Ok(candidate);
        }
    }
    Err(Error::Invalid(format!(
        "100 backups named {base}... exist already beside the database: move some away and try again"
    )))
}

/// The day a plan was archived, read in the transaction that changes it.
fn archived_on(tx: &Connection, plan_id: i64) -> Result<Option<NaiveDate>> {
    Ok(tx.query_row(
        "SELECT archived_on FROM plan WHERE id = ?1",
        [plan_id],
        |row| row.get(0),
    )?)
}

/// Records a change to a plan as a whole.
fn record_change(
    tx: &Connection,
    plan_id: i64,
    kind: ChangeKind,
    before: Option<&str>,
    after: Option<&str>,
    attribution: &Attribution,
) -> Result<()> {
    tx.execute(
        "INSERT INTO plan_change (plan_id, on_date, recorded_at, by_name, kind, before, after, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            plan_id,
            attribution.on,
            Utc::now().to_rfc3339(),
            attribution.by.trim(),
            kind.word(),
            before,
            after,
            attribution
                .reason
                .as_deref()
                .map(str::trim)
                .filter(|r| !r.is_empty()),
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_slug_is_lower_case_letters_digits_and_single_dashes() {
        assert_eq!(plan_slug("NL"), "nl");
        assert_eq!(
            plan_slug("Integration review 2019 / 20"),
            "integration-review-2019-20"
        );
        assert_eq!(plan_slug("  ../..  "), "plan");
        assert_eq!(plan_slug(&"x".repeat(60)).len(), 40);
    }

    #[test]
    fn a_backup_name_is_never_one_that_exists() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("plan.db");
        let first = free_backup_name(&db, "nl", "20200218T090000").unwrap();
        assert_eq!(
            first.file_name().unwrap(),
            "plan.db.before-delete-nl-20200218T090000.sqlite"
        );
        std::fs::write(&first, b"taken").unwrap();
        let second = free_backup_name(&db, "nl", "20200218T090000").unwrap();
        assert_eq!(
            second.file_name().unwrap(),
            "plan.db.before-delete-nl-20200218T090000-2.sqlite"
        );
    }
}
