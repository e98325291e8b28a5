//! Committee cycles: the plan frozen as it stood on a committee date.
//!
//! Closing a cycle copies every milestone's state on that date (the latest
//! update dated on or before it) into `cycle_milestone`, together with the
//! theme, action, detail and leads, so that the appendix of that paper can be
//! reproduced exactly however much changes afterwards.

use chrono::{NaiveDate, Utc};
use rusqlite::{OptionalExtension, Row, params};
use serde::Serialize;

use super::milestones::milestone_from_row;
use super::{MilestoneFilter, Store};
use crate::error::{Error, Result};
use crate::model::Milestone;

/// A closed committee cycle, as `cycle list` shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CycleSummary {
    /// Row id.
    #[serde(skip)]
    pub id: i64,
    /// The plan's name.
    pub plan: String,
    /// The label, such as "IJB 18 Feb 2020".
    pub label: String,
    /// The date the snapshot speaks for.
    pub closed_on: NaiveDate,
    /// When the cycle was closed (RFC 3339).
    pub created_at: String,
    /// Milestones frozen.
    pub milestones: i64,
    /// Of which rated red.
    pub red: i64,
    /// Of which rated amber.
    pub amber: i64,
    /// Of which rated green.
    pub green: i64,
    /// Of which complete.
    pub complete: i64,
    /// Closed by the first release, whose appendix had no Status column: its
    /// export keeps the seven columns the paper had.
    #[serde(skip)]
    pub seven_column_appendix: bool,
}

const CYCLE_SELECT: &str = "
    SELECT c.id, p.name, c.label, c.closed_on, c.created_at,
           (SELECT count(*) FROM cycle_milestone cm WHERE cm.cycle_id = c.id),
           (SELECT count(*) FROM cycle_milestone cm
             WHERE cm.cycle_id = c.id AND cm.rag = 'R' AND cm.status <> 'closed'),
           (SELECT count(*) FROM cycle_milestone cm
             WHERE cm.cycle_id = c.id AND cm.rag = 'A' AND cm.status <> 'closed'),
           (SELECT count(*) FROM cycle_milestone cm
             WHERE cm.cycle_id = c.id AND cm.rag = 'G' AND cm.status <> 'closed'),
           (SELECT count(*) FROM cycle_milestone cm
             WHERE cm.cycle_id = c.id AND cm.status = 'complete'),
           c.seven_column_appendix
      FROM cycle c JOIN plan p ON p.id = c.plan_id";

fn cycle_from_row(row: &Row<'_>) -> rusqlite::Result<CycleSummary> {
    Ok(CycleSummary {
        id: row.get(0)?,
        plan: row.get(1)?,
        label: row.get(2)?,
        closed_on: row.get(3)?,
        created_at: row.get(4)?,
        milestones: row.get(5)?,
        red: row.get(6)?,
        amber: row.get(7)?,
        green: row.get(8)?,
        complete: row.get(9)?,
        seven_column_appendix: row.get(10)?,
    })
}

impl Store {
    /// Freezes a plan as it stood at the end of `closed_on` under `label`, in one
    /// IMMEDIATE transaction. A blank or already used label is refused.
    pub fn close_cycle(
        &mut self,
        plan_id: i64,
        label: &str,
        closed_on: NaiveDate,
    ) -> Result<CycleSummary> {
        let label = label.trim();
        if label.is_empty() {
            return Err(Error::CycleLabelNeeded);
        }
        // A shared-borrow transaction, so the reads below run inside it.
        let tx = self.conn().unchecked_transaction()?;
        let taken: Option<NaiveDate> = tx
            .query_row(
                "SELECT closed_on FROM cycle WHERE plan_id = ?1 AND label = ?2",
                params![plan_id, label],
                |row| row.get(0),
            )
            .optional()?;
        if let Some(taken_on) = taken {
            return Err(Error::Invalid(format!(
                "a cycle labelled {label:?} exists already for this plan (closed as of {taken_on}); \
                 a closed cycle is never changed, so choose another label"
            )));
        }
        let milestones = self.milestones_as_of(
            &MilestoneFilter {
                plan_id: Some(plan_id),
                ..Default::default()
            },
            closed_on,
        )?;
        tx.execute(
            "INSERT INTO cycle (plan_id, label, closed_on, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![plan_id, label, closed_on, Utc::now().to_rfc3339()],
        )?;
        let cycle_id = tx.last_insert_rowid();
        {
            let mut insert = tx.prepare(
                "INSERT INTO cycle_milestone (cycle_id, milestone_id, row_number, theme, action,
                     detail, leads, imported_timeline, timeline, due, status, rag, comment,
                     last_update_on, reference, status_word)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            )?;
            for (row_number, milestone) in milestones.iter().enumerate() {
                insert.execute(params![
                    cycle_id,
                    milestone.id,
                    row_number as i64 + 1,
                    milestone.theme,
                    milestone.action,
                    milestone.detail,
                    milestone.leads.join("\n"),
                    milestone.imported_timeline,
                    milestone.timeline,
                    milestone.due(),
                    milestone.status,
                    milestone.rag,
                    milestone.comment,
                    milestone.last_update_on,
                    milestone.reference,
                    milestone.status_word(),
                ])?;
            }
        }
        let summary = tx.query_row(
            &format!("{CYCLE_SELECT} WHERE c.id = ?1"),
            [cycle_id],
            cycle_from_row,
        )?;
        tx.commit()?;
        Ok(summary)
    }

    /// The cycles of a plan (or of every plan not archived, unless archived
    /// plans are included), oldest first by date, then as closed.
    pub fn cycles(&self, plan_id: Option<i64>) -> Result<Vec<CycleSummary>> {
        let mut statement = self.conn().prepare(&format!(
            "{CYCLE_SELECT} WHERE (?1 IS NULL OR c.plan_id = ?1)
                AND (?1 IS NOT NULL OR ?2 OR p.archived_on IS NULL)
              ORDER BY c.plan_id, c.closed_on, c.id"
        ))?;
        let cycles = statement
            .query_map(params![plan_id, self.includes_archived()], cycle_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(cycles)
    }

    /// One cycle of a plan by its label; an unknown label is refused, naming the labels there are.
    pub fn cycle(&self, plan_id: i64, label: &str) -> Result<CycleSummary> {
        let cycles = self.cycles(Some(plan_id))?;
        if let Some(found) = cycles.iter().find(|c| c.label == label.trim()) {
            return Ok(found.clone());
        }
        let known = if cycles.is_empty() {
            "none has been closed yet (actionplan cycle close LABEL)".to_string()
        } else {
            let labels: Vec<String> = cycles.iter().map(|c| format!("{:?}", c.label)).collect();
            format!("cycles are {}", labels.join(", "))
        };
        Err(Error::Invalid(format!(
            "no cycle labelled {label:?} for this plan; {known}"
        )))
    }

    /// The latest cycle of a plan (by date, then as closed), if any.
    pub fn latest_cycle(&self, plan_id: i64) -> Result<Option<CycleSummary>> {
        Ok(self.cycles(Some(plan_id))?.pop())
    }

    /// The milestones of a cycle exactly as they were frozen, in plan order.
    pub fn cycle_milestones(&self, cycle_id: i64) -> Result<Vec<Milestone>> {
        let mut milestones = Vec::new();
        self.for_each_cycle_milestone(cycle_id, |milestone| {
            milestones.push(milestone);
            Ok::<(), Error>(())
        })?;
        Ok(milestones)
    }

    /// The milestones of a cycle exactly as they were frozen, in plan order,
    /// handed to `each` as SQLite reads them.
    pub fn for_each_cycle_milestone<E: From<Error>>(
        &self,
        cycle_id: i64,
        mut each: impl FnMut(Milestone) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        let mut statement = self
            .conn()
            .prepare(&format!("{CYCLE_MILESTONE_SELECT} ORDER BY cm.row_number"))
            .map_err(Error::from)?;
        let mut rows = statement.query([cycle_id]).map_err(Error::from)?;
        while let Some(row) = rows.next().map_err(Error::from)? {
            each(milestone_from_row(row).map_err(Error::from)?)?;
        }
        Ok(())
    }

    /// One milestone of a cycle as it was frozen; None when the cycle did
    /// not hold it.
    pub fn cycle_milestone(&self, cycle_id: i64, milestone_id: i64) -> Result<Option<Milestone>> {
        let mut statement = self.conn().prepare_cached(&format!(
            "{CYCLE_MILESTONE_SELECT} AND cm.milestone_id = ?2"
        ))?;
        Ok(statement
            .query_row(params![cycle_id, milestone_id], milestone_from_row)
            .optional()?)
    }
}

/// A cycle's frozen milestones (`?1` the cycle), in the columns
/// `milestone_from_row` reads.
const CYCLE_MILESTONE_SELECT: &str =
    "SELECT cm.milestone_id, p.name, cm.theme, cm.action, cm.detail, NULLIF(cm.leads, ''),
            cm.imported_timeline, cm.timeline, cm.status, cm.rag, cm.comment,
            cm.last_update_on, cm.reference, cm.status, cm.status_word,
            -- never changes once set, so it needs no frozen copy:
            (SELECT m.added_on FROM milestone m WHERE m.id = cm.milestone_id)
       FROM cycle_milestone cm
       JOIN cycle c ON c.id = cm.cycle_id
       JOIN plan p ON p.id = c.plan_id
      WHERE cm.cycle_id = ?1";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NewUpdate;
    use crate::model::{Rag, Status};

    fn seed_store() -> (Store, i64) {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/north-lanarkshire-integration-review-2020.csv"
        ))
        .unwrap();
        let table = crate::io::csvio::read::read_table("seed.csv", &bytes, false).unwrap();
        let draft = crate::io::appendix::parse_appendix("seed.csv", &table, &[]).unwrap();
        let mut store = Store::in_memory().unwrap();
        let plan_id = store
            .insert_plan("NL", None, "seed.csv", &draft, false)
            .unwrap();
        (store, plan_id)
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn a_cycle_freezes_the_state_on_its_date_and_ignores_later_updates() {
        let (mut store, plan_id) = seed_store();
        store
            .append_update(&NewUpdate {
                milestone_id: 4,
                on: date("2020-02-10"),
                rag: Some(Rag::Red),
                ..Default::default()
            })
            .unwrap();
        store
            .append_update(&NewUpdate {
                milestone_id: 4,
                on: date("2020-03-10"),
                status: Some(Status::Complete),
                rag: Some(Rag::Green),
                ..Default::default()
            })
            .unwrap();
        let cycle = store
            .close_cycle(plan_id, " IJB 18 Feb 2020 ", date("2020-02-18"))
            .unwrap();
        assert_eq!(cycle.label, "IJB 18 Feb 2020");
        assert_eq!(cycle.milestones, 38);
        let frozen = store.cycle_milestones(cycle.id).unwrap();
        assert_eq!(frozen.len(), 38);
        assert_eq!(frozen[3].id, 4);
        assert_eq!(frozen[3].rag, Rag::Red);
        assert_eq!(frozen[3].status, Status::InProgress);
        assert_eq!(frozen[3].last_update_on, Some(date("2020-02-10")));
        let current = store.milestone(4).unwrap();
        assert_eq!(current.rag, Rag::Green);
        let live: Vec<i64> = store
            .milestones(&MilestoneFilter::default())
            .unwrap()
            .iter()
            .map(|m| m.id)
            .collect();
        let frozen_ids: Vec<i64> = frozen.iter().map(|m| m.id).collect();
        assert_eq!(frozen_ids, live);
    }

    #[test]
    fn duplicate_and_blank_labels_are_refused() {
        let (mut store, plan_id) = seed_store();
        store
            .close_cycle(plan_id, "IJB 18 Feb 2020", date("2020-02-18"))
            .unwrap();
        let duplicate = store
            .close_cycle(plan_id, "IJB 18 Feb 2020", date("2020-03-18"))
            .unwrap_err();
        assert!(
            duplicate.to_string().contains("exists already"),
            "{duplicate}"
        );
        assert!(
            store
                .close_cycle(plan_id, "  ", date("2020-03-18"))
                .is_err()
        );
        assert_eq!(store.cycles(Some(plan_id)).unwrap().len(), 1);
    }

    #[test]
    fn latest_cycle_is_by_date_and_unknown_labels_name_the_known_ones() {
        let (mut store, plan_id) = seed_store();
        assert_eq!(store.latest_cycle(plan_id).unwrap(), None);
        store
            .close_cycle(plan_id, "June", date("2020-06-01"))
            .unwrap();
        store
            .close_cycle(plan_id, "February", date("2020-02-18"))
            .unwrap();
        let latest = store.latest_cycle(plan_id).unwrap().unwrap();
        assert_eq!(latest.label, "June");
        let error = store.cycle(plan_id, "March").unwrap_err().to_string();
        assert_eq!(
            error,
            "no cycle labelled \"March\" for this plan; cycles are \"February\", \"June\""
        );
    }
}
