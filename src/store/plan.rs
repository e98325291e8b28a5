//! Plans: storing an imported plan, and finding the plan a command means.

use chrono::{NaiveDate, Utc};
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

use super::Store;
use super::plan_body::insert_plan_body;
use super::updates::PROGRESS_ONLY;
use crate::error::{Error, Result};
use crate::model::closest::did_you_mean;
use crate::model::draft::PlanDraft;
use crate::model::lead::lead_key;

/// The most page cache (KiB) SQLite may use while a plan is stored: a
/// 100,000-milestone plan makes a database of about 50 MiB, so it is stored
/// without spilling; memory stays bounded for a larger one.
const IMPORT_CACHE_KIB: i64 = 64 * 1024;

/// A plan as listed by `actionplan plans`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanSummary {
    /// Row id.
    #[serde(skip)]
    pub id: i64,
    /// The plan's name.
    pub name: String,
    /// The partnership it belongs to, if given.
    pub partnership: Option<String>,
    /// Number of themes.
    pub themes: i64,
    /// Number of improvement actions.
    pub actions: i64,
    /// Number of milestones (not counting retired ones).
    pub milestones: i64,
    /// The file it was imported from.
    pub source: String,
    /// When it was imported (RFC 3339).
    pub imported_at: String,
    /// The day it was archived, if it was (null when it is not).
    pub archived_on: Option<NaiveDate>,
}

/// The counts of a plan's summary: themes, actions, milestones not retired.
const PLAN_COUNTS: &str = "(SELECT count(*) FROM theme t WHERE t.plan_id = p.id),
    (SELECT count(*) FROM action a JOIN theme t ON t.id = a.theme_id WHERE t.plan_id = p.id),
    (SELECT count(*) FROM milestone m JOIN action a ON a.id = m.action_id
       JOIN theme t ON t.id = a.theme_id
      WHERE t.plan_id = p.id AND m.retired_on IS NULL)";

impl Store {
    /// Every plan, in the order they were imported, with its counts.
    pub fn plans(&self) -> Result<Vec<PlanSummary>> {
        self.plan_summaries(PLAN_COUNTS, "?1 IS NULL", None)
    }

    /// Every plan without its counts (left at zero): enough to choose the
    /// plans a command means, without counting every milestone of every plan.
    pub fn plans_uncounted(&self) -> Result<Vec<PlanSummary>> {
        self.plan_summaries("0, 0, 0", "?1 IS NULL", None)
    }

    /// One plan with its counts.
    fn plan_counted(&self, id: i64) -> Result<PlanSummary> {
        let mut plans = self.plan_summaries(PLAN_COUNTS, "p.id = ?1", Some(id))?;
        plans
            .pop()
            .ok_or_else(|| Error::Invalid(format!("plan {id} is gone")))
    }

    /// Plans matching `condition` (on `p`, `?1` bound to `id`) with the
    /// `counts` columns (themes, actions, milestones), in import order.
    fn plan_summaries(
        &self,
        counts: &str,
        condition: &str,
        id: Option<i64>,
    ) -> Result<Vec<PlanSummary>> {
        let mut statement = self.conn().prepare(&format!(
            "SELECT p.id, p.name, pa.name, p.source, p.imported_at, {counts}, p.archived_on
               FROM plan p LEFT JOIN partnership pa ON pa.id = p.partnership_id
              WHERE {condition}
              ORDER BY p.id"
        ))?;
        let plans = statement
            .query_map([id], |row| {
                Ok(PlanSummary {
                    id: row.get(0)?,
                    name: row.get(1)?,
                    partnership: row.get(2)?,
                    source: row.get(3)?,
                    imported_at: row.get(4)?,
                    themes: row.get(5)?,
                    actions: row.get(6)?,
                    milestones: row.get(7)?,
                    archived_on: row.get(8)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(plans)
    }

    /// The plan a command means: the one named (archived or not), or the
    /// only one in use (not archived, unless archived plans are included).
    pub fn resolve_plan(&self, name: Option<&str>) -> Result<PlanSummary> {
        let chosen = self.choose_plan(name)?;
        self.plan_counted(chosen.id)
    }

    /// The plan a command means, as `resolve_plan` chooses it, without counts.
    fn choose_plan(&self, name: Option<&str>) -> Result<PlanSummary> {
        let plans = self.plans_uncounted()?;
        let names = || {
            plans
                .iter()
                .map(|p| format!("{:?}", p.name))
                .collect::<Vec<_>>()
                .join(", ")
        };
        match name {
            Some(name) => plans
                .iter()
                .find(|p| p.name == name)
                .cloned()
                .ok_or_else(|| Error::UnknownPlan {
                    name: name.to_string(),
                    closest: did_you_mean(
                        name,
                        &plans.iter().map(|p| p.name.clone()).collect::<Vec<_>>(),
                    ),
                    known: if plans.is_empty() {
                        "none yet".to_string()
                    } else {
                        names()
                    },
                }),
            None => {
                // An archived plan is left out of the choice (unless
                // --include-archived): with one plan in use, it is that one.
                let in_use: Vec<&PlanSummary> = plans
                    .iter()
                    .filter(|p| p.archived_on.is_none() || self.includes_archived())
                    .collect();
                match in_use.as_slice() {
                    [] if plans.is_empty() => Err(Error::NoPlans),
                    [] => Err(super::admin::every_plan_archived(&plans)),
                    [only] => Ok((*only).clone()),
                    several => Err(Error::PlanRequired(
                        several
                            .iter()
                            .map(|p| format!("{:?}", p.name))
                            .collect::<Vec<_>>()
                            .join(", "),
                    )),
                }
            }
        }
    }

    /// The plan id to filter reports by: the one named, or every plan when
    /// none is named. Every plan being archived (and archived plans not
    /// included) is an error that says so, not an empty report.
    pub fn plan_filter(&self, name: Option<&str>) -> Result<Option<i64>> {
        match name {
            Some(_) => Ok(Some(self.choose_plan(name)?.id)),
            None => {
                let plans = self.plans_uncounted()?;
                if plans.is_empty() {
                    return Err(Error::NoPlans);
                }
                if !self.includes_archived() && plans.iter().all(|p| p.archived_on.is_some()) {
                    return Err(super::admin::every_plan_archived(&plans));
                }
                Ok(None)
            }
        }
    }

    /// Refuses, as `insert_plan` would and writing nothing, to store a plan
    /// named `name`: one of that name exists and `replace` is not given, or
    /// it has recorded history. `import --dry-run` asks this.
    pub fn check_plan_can_be_stored(&self, name: &str, replace: bool) -> Result<()> {
        let existing: Option<i64> = self
            .conn()
            .query_row("SELECT id FROM plan WHERE name = ?1", [name], |r| r.get(0))
            .optional()?;
        match existing {
            Some(_) if !replace => Err(Error::PlanExists(name.to_string())),
            Some(plan_id) => refuse_if_history(self.conn(), plan_id, name),
            None => Ok(()),
        }
    }

    /// Whether the plan of milestone `id` uses BRAG: any of its milestones is
    /// rated Blue now, was imported Blue, or was ever updated to Blue.
    pub fn plan_uses_blue(&self, id: i64) -> Result<bool> {
        self.milestone(id)?;
        Ok(self.conn().query_row(
            &format!(
                "SELECT EXISTS (SELECT 1 FROM milestone m
                  JOIN action a ON a.id = m.action_id
                  JOIN theme t ON t.id = a.theme_id
                 WHERE t.plan_id = (SELECT t2.plan_id FROM milestone m2
                                      JOIN action a2 ON a2.id = m2.action_id
                                      JOIN theme t2 ON t2.id = a2.theme_id
                                     WHERE m2.id = ?1)
                   AND ('B' IN (m.rag, m.imported_rag)
                        OR EXISTS (SELECT 1 FROM milestone_update u
                                    WHERE u.milestone_id = m.id AND u.rag = 'B'
                                      AND {PROGRESS_ONLY})))"
            ),
            [id],
            |r| r.get(0),
        )?)
    }

    /// Stores a plan in one transaction, returning its id. A plan of the same
    /// name is refused unless `replace`, and is never replaced once it has history.
    pub fn insert_plan(
        &mut self,
        name: &str,
        partnership: Option<&str>,
        source: &str,
        draft: &PlanDraft,
        replace: bool,
    ) -> Result<i64> {
        // While the plan is stored: a larger page cache, so that SQLite does
        // not spill pages to the journal mid-transaction and write them again
        // at commit; and statement journals (the undo of one multi-row
        // INSERT) kept in memory rather than written to a temporary file.
        // The connection's own settings are put back whatever happens.
        let cache_size: i64 = self
            .conn()
            .query_row("PRAGMA cache_size", [], |row| row.get(0))?;
        let temp_store: i64 = self
            .conn()
            .query_row("PRAGMA temp_store", [], |row| row.get(0))?;
        let tuned = self
            .conn()
            .pragma_update(None, "cache_size", -IMPORT_CACHE_KIB)
            .and_then(|()| self.conn().pragma_update(None, "temp_store", "MEMORY"));
        let stored = match tuned {
            Ok(()) => {
                self.insert_plan_in_one_transaction(name, partnership, source, draft, replace)
            }
            Err(error) => Err(error.into()),
        };
        // Put back even when storing failed; failing to put them back
        // changes no data, so it never turns a stored plan into an error.
        let _ = self.conn().pragma_update(None, "cache_size", cache_size);
        let _ = self.conn().pragma_update(None, "temp_store", temp_store);
        stored
    }

    fn insert_plan_in_one_transaction(
        &mut self,
        name: &str,
        partnership: Option<&str>,
        source: &str,
        draft: &PlanDraft,
        replace: bool,
    ) -> Result<i64> {
        let tx = self.conn_mut().transaction()?;
        let existing: Option<i64> = tx
            .query_row("SELECT id FROM plan WHERE name = ?1", [name], |r| r.get(0))
            .optional()?;
        if let Some(plan_id) = existing {
            if !replace {
                return Err(Error::PlanExists(name.to_string()));
            }
            refuse_if_history(&tx, plan_id, name)?;
            tx.execute("DELETE FROM plan WHERE id = ?1", [plan_id])?;
        }
        let imported_at = Utc::now().to_rfc3339();
        let partnership_id = match partnership {
            Some(partnership) => Some(upsert_partnership(&tx, partnership)?),
            None => None,
        };
        tx.execute(
            "INSERT INTO plan (partnership_id, name, source, imported_at) VALUES (?1, ?2, ?3, ?4)",
            params![partnership_id, name, source, imported_at],
        )?;
        let plan_id = tx.last_insert_rowid();
        insert_plan_body(&tx, plan_id, draft, &imported_at)?;
        tx.commit()?;
        Ok(plan_id)
    }
}

/// Migration 004's hook: gives every person their name key, then indexes it.
/// People are never merged: two stored people whose names share a key (say
/// "Sharon Simpson" and "SHARON  SIMPSON.") stay two, so no milestone's
/// leads, and no history, change. The index is not unique; a later import
/// finds the first person stored with a key.
pub(super) fn key_people(tx: &Transaction<'_>) -> rusqlite_migration::HookResult {
    let people: Vec<(i64, String)> = tx
        .prepare("SELECT id, name FROM person ORDER BY id")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, name) in people {
        tx.execute(
            "UPDATE person SET name_key = ?2 WHERE id = ?1",
            params![id, lead_key(&name)],
        )?;
    }
    tx.execute_batch("CREATE INDEX person_by_key ON person (name_key, id)")?;
    Ok(())
}

fn refuse_if_history(tx: &rusqlite::Connection, plan_id: i64, name: &str) -> Result<()> {
    let (updates, cycles, links, returns): (i64, i64, i64, i64) = tx.query_row(
        "SELECT (SELECT count(*) FROM milestone_update u
                   JOIN milestone m ON m.id = u.milestone_id
                   JOIN action a ON a.id = m.action_id
                   JOIN theme t ON t.id = a.theme_id
                  WHERE t.plan_id = ?1 AND u.from_import = 0),
                (SELECT count(*) FROM cycle WHERE plan_id = ?1),
                (SELECT count(*) FROM milestone_proposal l
                   JOIN milestone m ON m.id = l.milestone_id AND l.made_by = 'link'
                   JOIN action a ON a.id = m.action_id
                   JOIN theme t ON t.id = a.theme_id WHERE t.plan_id = ?1),
                (SELECT count(*) FROM lead_return WHERE plan_id = ?1)",
        [plan_id],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
    )?;
    if updates > 0 || cycles > 0 || links > 0 || returns > 0 {
        return Err(Error::ReplaceWouldLoseHistory {
            name: name.to_string(),
            updates,
            cycles,
            links,
            returns,
        });
    }
    Ok(())
}

/// A partnership's id, matching its name in any case, created when new.
fn upsert_partnership(tx: &Transaction<'_>, name: &str) -> Result<i64> {
    let existing: Option<i64> = tx
        .query_row(
            "SELECT id FROM partnership WHERE name = ?1 COLLATE NOCASE ORDER BY id LIMIT 1",
            [name],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = existing {
        return Ok(id);
    }
    tx.execute("INSERT INTO partnership (name) VALUES (?1)", [name])?;
    Ok(tx.last_insert_rowid())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Target;
    use crate::model::draft::{ActionDraft, MilestoneDraft, ThemeDraft};
    use crate::model::{Rag, Status};
    use crate::store::MilestoneFilter;

    fn draft(leads: &[&str]) -> PlanDraft {
        PlanDraft {
            themes: vec![ThemeDraft {
                name: "Finance".into(),
                actions: vec![ActionDraft {
                    text: "Set budgets".into(),
                    milestones: vec![MilestoneDraft {
                        reference: None,
                        detail: "Budget agreed".into(),
                        leads: leads.iter().map(|l| l.to_string()).collect(),
                        timeline: Target::parse("Mar 20").unwrap(),
                        status: Status::InProgress,
                        status_word: None,
                        rag: Rag::Amber,
                        comment: "On track".into(),
                        proposals: Vec::new(),
                        extras: Vec::new(),
                        history: Vec::new(),
                    }],
                }],
            }],
            extra_columns: Vec::new(),
            current_period_ends: None,
        }
    }

    #[test]
    fn a_stored_plan_reads_back_with_leads_in_order_and_people_stored_once() {
        let mut store = Store::in_memory().unwrap();
        store
            .insert_plan(
                "P",
                Some("Angus"),
                "p.csv",
                &draft(&["Zoe Zed", "Ann Able"]),
                false,
            )
            .unwrap();
        store
            .insert_plan("Q", None, "q.csv", &draft(&["Ann Able"]), false)
            .unwrap();
        let milestones = store.milestones(&MilestoneFilter::default()).unwrap();
        assert_eq!(milestones.len(), 2);
        assert_eq!(milestones[0].leads, ["Zoe Zed", "Ann Able"]);
        assert_eq!(milestones[0].due().unwrap().to_string(), "2020-03-31");
        let people: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM person", [], |r| r.get(0))
            .unwrap();
        assert_eq!(people, 2);
        let ann = MilestoneFilter {
            lead: Some("ann able".into()),
            ..Default::default()
        };
        assert_eq!(store.milestones(&ann).unwrap().len(), 2);
    }

    #[test]
    fn a_plan_name_is_replaced_only_when_asked_and_never_once_it_has_history() {
        let mut store = Store::in_memory().unwrap();
        store
            .insert_plan("P", None, "p.csv", &draft(&["Ann"]), false)
            .unwrap();
        assert!(matches!(
            store.insert_plan("P", None, "p.csv", &draft(&["Ann"]), false),
            Err(Error::PlanExists(_))
        ));
        let id = store
            .insert_plan("P", None, "p2.csv", &draft(&["Bob"]), true)
            .unwrap();
        let milestone = store
            .milestones(&MilestoneFilter {
                plan_id: Some(id),
                ..Default::default()
            })
            .unwrap()[0]
            .id;
        store
            .append_update(&crate::model::NewUpdate {
                milestone_id: milestone,
                on: "2020-02-01".parse().unwrap(),
                rag: Some(Rag::Red),
                ..Default::default()
            })
            .unwrap();
        assert!(matches!(
            store.insert_plan("P", None, "p3.csv", &draft(&["Cat"]), true),
            Err(Error::ReplaceWouldLoseHistory {
                updates: 1,
                cycles: 0,
                ..
            })
        ));
    }

    #[test]
    fn resolve_plan_needs_a_name_only_when_there_are_several() {
        let mut store = Store::in_memory().unwrap();
        assert!(matches!(store.resolve_plan(None), Err(Error::NoPlans)));
        store
            .insert_plan("P", None, "p.csv", &draft(&["Ann"]), false)
            .unwrap();
        assert_eq!(store.resolve_plan(None).unwrap().name, "P");
        store
            .insert_plan("Q", None, "q.csv", &draft(&["Ann"]), false)
            .unwrap();
        assert!(matches!(
            store.resolve_plan(None),
            Err(Error::PlanRequired(_))
        ));
        assert_eq!(store.resolve_plan(Some("Q")).unwrap().name, "Q");
        assert!(matches!(
            store.resolve_plan(Some("R")),
            Err(Error::UnknownPlan { .. })
        ));
    }
}
