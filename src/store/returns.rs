//! Lead returns in the database: the returns sent, the files received, and
//! which rows were applied, so an import is all or nothing and never twice.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use rusqlite::{OptionalExtension, params};

use super::Store;
use super::updates::{UPDATE_COLUMNS, insert_update, update_from_row};
use crate::error::Result;
use crate::model::{ReturnReceipt, ReturnUpdate, SentReturn, Update};

impl Store {
    /// Records a return sent to each lead, in one IMMEDIATE transaction,
    /// calling `deliver` with each return's id and lead as it is recorded;
    /// `deliver` gives back the rows it sent, as (milestone id, id of its
    /// latest history entry), which are recorded with the return: only they
    /// can be answered from it. If `deliver` (or anything) fails, none is recorded.
    pub fn record_returns_sent(
        &mut self,
        plan_id: i64,
        as_of: NaiveDate,
        leads: &[String],
        mut deliver: impl FnMut(i64, &str) -> Result<Vec<(i64, i64)>>,
    ) -> Result<()> {
        let tx = self.conn_mut().transaction()?;
        let sent_at = Utc::now().to_rfc3339();
        for lead in leads {
            tx.execute(
                "INSERT INTO lead_return (plan_id, lead, as_of, sent_at) VALUES (?1, ?2, ?3, ?4)",
                params![plan_id, lead, as_of, sent_at],
            )?;
            let return_id = tx.last_insert_rowid();
            for (milestone_id, entry_id) in deliver(return_id, lead)? {
                tx.execute(
                    "INSERT INTO lead_return_sent_row (return_id, milestone_id, entry_id)
                     VALUES (?1, ?2, ?3)",
                    params![return_id, milestone_id, entry_id],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Every return sent (of one plan, or all), oldest first, with the
    /// latest date a file of it was received for.
    pub fn sent_returns(&self, plan_id: Option<i64>) -> Result<Vec<SentReturn>> {
        let mut statement = self.conn().prepare(
            "SELECT r.id, r.plan_id, r.lead, r.as_of,
                    (SELECT max(on_date) FROM lead_return_receipt c
                      WHERE c.return_id = r.id AND c.answered > 0),
                    (SELECT max(on_date) FROM lead_return_receipt c
                      WHERE c.return_id = r.id AND c.answered = 0)
               FROM lead_return r WHERE (?1 IS NULL OR r.plan_id = ?1) ORDER BY r.id",
        )?;
        let returns = statement
            .query_map([plan_id], |row| {
                Ok(SentReturn {
                    id: row.get(0)?,
                    plan_id: row.get(1)?,
                    lead: row.get(2)?,
                    as_of: row.get(3)?,
                    received_on: row.get(4)?,
                    problems_on: row.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(returns)
    }

    /// Each milestone's latest history entry id that bears on its progress
    /// state, an update or the retraction of one (milestones never updated are absent):
    /// a new wording or lead does not make a lead's answer out of date.
    pub fn latest_entries(&self) -> Result<HashMap<i64, i64>> {
        let mut statement = self.conn().prepare(
            "SELECT u.milestone_id, max(u.id) FROM milestone_update u
              WHERE u.kind = 'update'
                 OR (u.kind = 'retract' AND (SELECT w.kind FROM milestone_update w
                                              WHERE w.id = u.retracts) = 'update')
              GROUP BY u.milestone_id",
        )?;
        let entries = statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<HashMap<_, _>>>()?;
        Ok(entries)
    }

    /// Every row sent in a return: (return id, milestone id) to the id of the
    /// milestone's latest history entry when it was sent (0 for none).
    pub fn sent_return_rows(&self) -> Result<HashMap<(i64, i64), i64>> {
        let mut statement = self
            .conn()
            .prepare("SELECT return_id, milestone_id, entry_id FROM lead_return_sent_row")?;
        let rows = statement
            .query_map([], |row| Ok(((row.get(0)?, row.get(1)?), row.get(2)?)))?
            .collect::<rusqlite::Result<HashMap<_, _>>>()?;
        Ok(rows)
    }

    /// Every return row applied so far: (return id, milestone id) to the
    /// latest update it was applied as.
    pub fn applied_return_answers(&self) -> Result<HashMap<(i64, i64), Update>> {
        let mut statement = self.conn().prepare(
            "SELECT return_id, milestone_id, max(update_id) FROM lead_return_row
              GROUP BY return_id, milestone_id",
        )?;
        let rows = statement
            .query_map([], |row| {
                Ok((row.get::<_, i64>(2)?, (row.get(0)?, row.get(1)?)))
            })?
            .collect::<rusqlite::Result<HashMap<i64, (i64, i64)>>>()?;
        let mut statement = self.conn().prepare(&format!(
            "SELECT {UPDATE_COLUMNS} FROM milestone_update u WHERE u.id IN (SELECT update_id FROM lead_return_row)"
        ))?;
        let mut answers = HashMap::new();
        for update in statement.query_map([], update_from_row)? {
            let update = update?;
            if let Some(key) = rows.get(&update.update_id) {
                answers.insert(*key, update);
            }
        }
        Ok(answers)
    }

    /// Runs `work` inside one IMMEDIATE transaction, so what it reads cannot
    /// change before what it writes: commits when `work` succeeds and
    /// `commit` is true, otherwise rolls back (a dry run writes nothing).
    pub fn in_immediate_transaction<T>(
        &mut self,
        commit: bool,
        work: impl FnOnce(&mut Store) -> Result<T>,
    ) -> Result<T> {
        self.conn().execute_batch("BEGIN IMMEDIATE")?;
        let done = work(self);
        match done {
            Ok(value) if commit => {
                self.conn().execute_batch("COMMIT")?;
                Ok(value)
            }
            other => {
                self.conn().execute_batch("ROLLBACK")?;
                other
            }
        }
    }

    /// Whether a file of this return with at least one usable row (applied,
    /// unchanged or applied before) has been received before.
    pub fn return_received(&self, return_id: i64) -> Result<bool> {
        Ok(self
            .conn()
            .query_row(
                "SELECT 1 FROM lead_return_receipt WHERE return_id = ?1 AND answered > 0 LIMIT 1",
                [return_id],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// Records every row's update and every file's receipt. Call it inside
    /// [`Store::in_immediate_transaction`], so it is all of them, or (on any
    /// error) none. Returns the update ids.
    pub fn apply_return(
        &mut self,
        updates: &[ReturnUpdate],
        receipts: &[ReturnReceipt],
    ) -> Result<Vec<i64>> {
        let tx = self.conn();
        if tx.is_autocommit() {
            return Err(crate::error::Error::Invalid(
                "a return is applied only inside a transaction".to_string(),
            ));
        }
        let mut ids = Vec::with_capacity(updates.len());
        for row in updates {
            let update_id = insert_update(tx, &row.update)?;
            tx.execute(
                "INSERT INTO lead_return_row (return_id, milestone_id, update_id) VALUES (?1, ?2, ?3)",
                params![row.return_id, row.update.milestone_id, update_id],
            )?;
            ids.push(update_id);
        }
        for receipt in receipts {
            tx.execute(
                "INSERT INTO lead_return_receipt
                     (return_id, file, on_date, by_name, recorded_at, applied, answered)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    receipt.return_id,
                    receipt.file,
                    receipt.on,
                    receipt.by,
                    Utc::now().to_rfc3339(),
                    receipt.applied as i64,
                    receipt.answered as i64
                ],
            )?;
        }
        Ok(ids)
    }
}
