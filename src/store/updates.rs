//! The append-only update history and the current state derived from it.
//!
//! A milestone's state on a date is its imported state with every update
//! dated on or before that day laid over it, oldest first (ties in the order
//! they were recorded). A field an update leaves empty keeps its earlier value.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::Store;
use crate::error::{Error, Result};
use crate::model::{MilestoneState, NewUpdate, Target, Update};

/// The columns of a history entry `u` that `update_from_row` reads, in order.
pub(super) const UPDATE_COLUMNS: &str =
    "u.id, u.milestone_id, u.on_date, u.recorded_at, u.by_name, u.rag, u.status,
        u.comment, u.timeline, u.reason, u.kind, u.field, u.before, u.after, u.retracts,
        (SELECT r.id FROM milestone_update r WHERE r.retracts = u.id), u.into_milestone";

/// The entries (as `u`) that shape a milestone's progress state: lead's
/// updates not retracted.
pub(super) const PROGRESS_ONLY: &str = "u.kind = 'update'
    AND NOT EXISTS (SELECT 1 FROM milestone_update r WHERE r.retracts = u.id)";

pub(super) fn update_from_row(row: &Row<'_>) -> rusqlite::Result<Update> {
    Ok(Update {
        update_id: row.get(0)?,
        milestone_id: row.get(1)?,
        on: row.get(2)?,
        recorded_at: row.get(3)?,
        by: row.get(4)?,
        rag: row.get(5)?,
        status: row.get(6)?,
        comment: row.get(7)?,
        timeline: row.get(8)?,
        reason: row.get(9)?,
        kind: row.get(10)?,
        field: row.get(11)?,
        before: row.get(12)?,
        after: row.get(13)?,
        retracts: row.get(14)?,
        retracted_by: row.get(15)?,
        merged_into: row.get(16)?,
    })
}

impl Store {
    /// Appends an update and refreshes the milestone's current state, in one
    /// IMMEDIATE transaction. Returns the update's id.
    pub fn append_update(&mut self, update: &NewUpdate) -> Result<i64> {
        let tx = self.conn_mut().transaction()?;
        let update_id = insert_update(&tx, update)?;
        tx.commit()?;
        Ok(update_id)
    }

    /// A milestone's whole history, oldest first (by date, then as
    /// recorded): updates and every other kind of entry, retracted ones too.
    pub fn history(&self, milestone_id: i64) -> Result<Vec<Update>> {
        let mut statement = self.conn().prepare(&format!(
            "SELECT {UPDATE_COLUMNS} FROM milestone_update u WHERE u.milestone_id = ?1 ORDER BY u.on_date, u.id"
        ))?;
        let updates = statement
            .query_map([milestone_id], update_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(updates)
    }

    /// Every live update of a plan (or all plans) that moved the timeline,
    /// oldest first: what `slipped` and the calendar count moves from,
    /// without reading the other updates.
    pub fn timeline_revisions(&self, plan_id: Option<i64>) -> Result<Vec<Update>> {
        self.entries_matching(
            plan_id,
            &format!("{PROGRESS_ONLY} AND u.timeline IS NOT NULL"),
        )
    }

    /// The entries of a plan (or all plans) meeting `condition` (on `u`),
    /// oldest first (by date, then as recorded).
    fn entries_matching(&self, plan_id: Option<i64>, condition: &str) -> Result<Vec<Update>> {
        let mut statement = self.conn().prepare(&format!(
            "SELECT {UPDATE_COLUMNS} FROM milestone_update u
              WHERE (?1 IS NULL OR u.milestone_id IN (
                        SELECT m.id FROM milestone m JOIN action a ON a.id = m.action_id
                          JOIN theme t ON t.id = a.theme_id WHERE t.plan_id = ?1))
                AND {condition}
              ORDER BY u.on_date, u.id"
        ))?;
        let updates = statement
            .query_map(params![plan_id], update_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(updates)
    }

    /// Recomputes every milestone's cached current state from its whole
    /// history, in one transaction and one pass over the history: for a bulk
    /// load of updates written straight into the table.
    pub fn rebuild_current_states(&mut self) -> Result<usize> {
        let tx = self.conn_mut().transaction()?;
        let rebuilt = rebuild_states(&tx)?;
        tx.commit()?;
        Ok(rebuilt)
    }

    /// Loads a whole history at once, in one transaction: each update stored
    /// as [`Store::append_update`] stores it (the same row, its text checked
    /// the same way, and refused for a milestone that does not exist, was
    /// retired, or was added after its date), then every cached state and the state by
    /// date rebuilt in one pass at the end, instead of one replay per update.
    /// It skips the checks that compare an update with the history before
    /// it (changes nothing, recorded already): loaded at once, the history
    /// is taken as it comes.
    /// For history brought from another system, and for the benchmark.
    /// Returns how many updates it stored; on any error it stores none.
    pub fn load_history(&mut self, updates: impl IntoIterator<Item = NewUpdate>) -> Result<usize> {
        let tx = self.conn_mut().transaction()?;
        let mut stored = 0;
        for update in updates {
            update.check_text()?;
            super::keeping::refuse_unless_changeable(
                &tx,
                update.milestone_id,
                Some(update.on),
                "updated",
                "an update",
            )?;
            insert_update_row(&tx, &update)?;
            stored += 1;
        }
        rebuild_states(&tx)?;
        tx.commit()?;
        Ok(stored)
    }
}

/// Writes every milestone's cached current state and its state by date from
/// the whole history, inside the caller's transaction. Returns how many
/// milestones' states it wrote.
fn rebuild_states(tx: &Connection) -> Result<usize> {
    let states = replay_all(tx)?;
    for (milestone_id, state) in &states {
        write_current_state(tx, *milestone_id, state)?;
    }
    super::state_history::rewrite(tx, None)?;
    Ok(states.len())
}

/// Checks an update, inserts it and refreshes the milestone's current state,
/// inside the caller's transaction (so several updates can land together).
/// Returns the update's id.
pub(super) fn insert_update(tx: &Connection, update: &NewUpdate) -> Result<i64> {
    update.check_text()?;
    super::keeping::refuse_unless_changeable(
        tx,
        update.milestone_id,
        Some(update.on),
        "updated",
        "an update",
    )?;
    if let Some(earlier) = same_update_recorded(tx, update)? {
        return Err(Error::Invalid(format!(
            "this update to milestone {} was recorded already (update {earlier}, for {}): \
             the same update is not recorded twice",
            update.milestone_id, update.on
        )));
    }
    let before = state_on(tx, update.milestone_id, Some(update.on))?;
    if changes_nothing(update, &before) {
        return Err(Error::Invalid(format!(
            "the update changes nothing: on {} milestone {} already has {}",
            update.on,
            update.milestone_id,
            given_fields(update).join(", ")
        )));
    }
    insert_update_row(tx, update)?;
    let update_id = tx.last_insert_rowid();
    refresh_current_state(tx, update.milestone_id)?;
    Ok(update_id)
}

/// Stores an update's row, recorded now.
fn insert_update_row(tx: &Connection, update: &NewUpdate) -> Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO milestone_update
             (milestone_id, on_date, recorded_at, by_name, rag, status, comment, timeline, reason)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    insert.execute(params![
        update.milestone_id,
        update.on,
        Utc::now().to_rfc3339(),
        update.by,
        update.rag,
        update.status,
        update.comment,
        update.timeline,
        update.reason,
    ])?;
    Ok(())
}

/// A milestone's imported state from the first four columns of a row:
/// imported_timeline, imported_status, imported_rag, imported_comment.
fn imported_from_row(row: &Row<'_>) -> rusqlite::Result<MilestoneState> {
    Ok(MilestoneState {
        timeline: row.get(0)?,
        status: row.get(1)?,
        rag: row.get(2)?,
        comment: row.get(3)?,
        last_update_on: None,
    })
}

fn imported_state(conn: &Connection, milestone_id: i64) -> Result<MilestoneState> {
    Ok(conn.query_row(
        "SELECT imported_timeline, imported_status, imported_rag, imported_comment
           FROM milestone WHERE id = ?1",
        [milestone_id],
        imported_from_row,
    )?)
}

/// A milestone's state on a day (after its whole history when `on` is
/// None): its imported state with every update dated on or before that day
/// laid over it, in order.
pub(super) fn state_on(
    conn: &Connection,
    milestone_id: i64,
    on: Option<NaiveDate>,
) -> Result<MilestoneState> {
    let mut state = imported_state(conn, milestone_id)?;
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {UPDATE_COLUMNS} FROM milestone_update u WHERE u.milestone_id = ?1 AND (?2 IS NULL OR u.on_date <= ?2)
            AND {PROGRESS_ONLY}
          ORDER BY u.on_date, u.id"
    ))?;
    for update in statement.query_map(params![milestone_id, on], update_from_row)? {
        state.apply(&update?);
    }
    Ok(state)
}

/// Whether every field the update gives is what the milestone already had
/// on its date: recording it would change nothing.
fn changes_nothing(update: &NewUpdate, before: &MilestoneState) -> bool {
    update.rag.is_none_or(|rag| rag == before.rag)
        && update.status.is_none_or(|status| status == before.status)
        && update
            .comment
            .as_ref()
            .is_none_or(|comment| *comment == before.comment)
        && update
            .timeline
            .is_none_or(|timeline| Target::from(timeline) == before.timeline)
}

/// The fields an update gives, in words: "RAG G", "status complete".
fn given_fields(update: &NewUpdate) -> Vec<String> {
    let mut fields = Vec::new();
    if let Some(rag) = update.rag {
        fields.push(format!("RAG {rag}"));
    }
    if let Some(status) = update.status {
        fields.push(format!("status {status}"));
    }
    if let Some(comment) = &update.comment {
        fields.push(format!("comment {comment:?}"));
    }
    if let Some(timeline) = update.timeline {
        fields.push(format!("timeline {timeline}"));
    }
    fields
}

/// The id of an update already recorded with exactly these fields, for the
/// same milestone, day and person, if it is still that day's latest: an
/// update undoing a later one the same day (R, then G, then R again) is a
/// change, not a repeat.
fn same_update_recorded(conn: &Connection, update: &NewUpdate) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM milestone_update same
              WHERE milestone_id = ?1 AND on_date = ?2 AND by_name IS ?3 AND rag IS ?4
                AND status IS ?5 AND comment IS ?6 AND timeline IS ?7 AND reason IS ?8
                AND kind = 'update'
                AND NOT EXISTS (SELECT 1 FROM milestone_update r WHERE r.retracts = same.id)
                AND NOT EXISTS (SELECT 1 FROM milestone_update later
                                 WHERE later.milestone_id = ?1 AND later.on_date = ?2
                                   AND later.id > same.id AND later.kind = 'update')
              ORDER BY id LIMIT 1",
            params![
                update.milestone_id,
                update.on,
                update.by,
                update.rag,
                update.status,
                update.comment,
                update.timeline,
                update.reason,
            ],
            |row| row.get(0),
        )
        .optional()?)
}

/// Replays every milestone's whole history in one pass: each state starts
/// from the imported one and takes the live updates oldest first.
fn replay_all(conn: &Connection) -> Result<HashMap<i64, MilestoneState>> {
    let mut imported = conn.prepare(
        "SELECT imported_timeline, imported_status, imported_rag, imported_comment, id
           FROM milestone",
    )?;
    let mut states = imported
        .query_map([], |row| {
            Ok((row.get::<_, i64>(4)?, imported_from_row(row)?))
        })?
        .collect::<rusqlite::Result<HashMap<_, _>>>()?;
    let mut updates = conn.prepare(&format!(
        "SELECT {UPDATE_COLUMNS} FROM milestone_update u WHERE {PROGRESS_ONLY} ORDER BY u.milestone_id, u.on_date, u.id"
    ))?;
    for update in updates.query_map([], update_from_row)? {
        let update = update?;
        if let Some(state) = states.get_mut(&update.milestone_id) {
            state.apply(&update);
        }
    }
    Ok(states)
}

/// Milestones whose cached current state differs from their history replayed
/// (the invariant `append_update` keeps), one line each, for `check-db`.
pub(super) fn current_state_faults(conn: &Connection) -> Result<Vec<String>> {
    let mut statement = conn.prepare(
        "SELECT id, timeline, status, rag, comment, last_update_on, due FROM milestone ORDER BY id",
    )?;
    let cached = statement
        .query_map([], |row| {
            Ok((
                row.get::<_, i64>(0)?,
                MilestoneState {
                    timeline: row.get(1)?,
                    status: row.get(2)?,
                    rag: row.get(3)?,
                    comment: row.get(4)?,
                    last_update_on: row.get(5)?,
                },
                row.get::<_, Option<NaiveDate>>(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let replayed = replay_all(conn)?;
    let mut faults = Vec::new();
    for (id, cached_state, cached_due) in cached {
        let Some(replayed) = replayed.get(&id) else {
            continue;
        };
        let differences = state_differences(&cached_state, cached_due, replayed);
        if !differences.is_empty() {
            faults.push(format!(
                "milestone {id}: its cached current state does not match its history: {}",
                differences.join("; ")
            ));
        }
    }
    Ok(faults)
}

/// Each field where a cached state (and its stored due date) differs from the
/// state replayed from history, in words.
fn state_differences(
    cached: &MilestoneState,
    cached_due: Option<NaiveDate>,
    replayed: &MilestoneState,
) -> Vec<String> {
    let mut differences = Vec::new();
    let mut differ = |field: &str, cached: String, replayed: String| {
        if cached != replayed {
            differences.push(format!("{field} {cached} (history: {replayed})"));
        }
    };
    differ(
        "timeline",
        cached.timeline.to_string(),
        replayed.timeline.to_string(),
    );
    let date = |d: Option<NaiveDate>| d.map_or("none".to_string(), |d| d.to_string());
    differ("due", date(cached_due), date(replayed.timeline.due()));
    differ(
        "status",
        cached.status.to_string(),
        replayed.status.to_string(),
    );
    differ(
        "RAG",
        cached.rag.label().into(),
        replayed.rag.label().into(),
    );
    differ(
        "comment",
        format!("{:?}", cached.comment),
        format!("{:?}", replayed.comment),
    );
    differ(
        "last update",
        date(cached.last_update_on),
        date(replayed.last_update_on),
    );
    differences
}

/// Recomputes the cached current state of one milestone from its history,
/// and rewrites its state by date.
pub(super) fn refresh_current_state(conn: &Connection, milestone_id: i64) -> Result<()> {
    write_current_state(conn, milestone_id, &state_on(conn, milestone_id, None)?)?;
    super::state_history::rewrite(conn, Some(milestone_id))?;
    Ok(())
}

/// Writes a milestone's cached current state.
fn write_current_state(conn: &Connection, milestone_id: i64, state: &MilestoneState) -> Result<()> {
    let mut statement = conn.prepare_cached(
        "UPDATE milestone SET timeline = ?2, due = ?3, status = ?4, rag = ?5, comment = ?6,
                last_update_on = ?7 WHERE id = ?1",
    )?;
    statement.execute(params![
        milestone_id,
        state.timeline,
        state.timeline.due(),
        state.status,
        state.rag,
        state.comment,
        state.last_update_on,
    ])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::draft::{ActionDraft, MilestoneDraft, PlanDraft, ThemeDraft};
    use crate::model::{Rag, Status, Timeline};
    use crate::store::MilestoneFilter;

    fn store_with_one_milestone() -> Store {
        let mut store = Store::in_memory().unwrap();
        let draft = PlanDraft {
            themes: vec![ThemeDraft {
                name: "Finance".into(),
                actions: vec![ActionDraft {
                    text: "Budgets".into(),
                    milestones: vec![MilestoneDraft {
                        reference: None,
                        detail: "Agreed".into(),
                        leads: vec!["Ann".into()],
                        timeline: Timeline::parse("Nov 19").unwrap().into(),
                        status: Status::InProgress,
                        status_word: None,
                        rag: Rag::Amber,
                        comment: "Imported".into(),
                        proposals: Vec::new(),
                        extras: Vec::new(),
                        history: Vec::new(),
                    }],
                }],
            }],
            extra_columns: Vec::new(),
            current_period_ends: None,
        };
        store
            .insert_plan("P", None, "p.csv", &draft, false)
            .unwrap();
        store
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn rebuild_brings_a_stale_cache_back_in_line_with_the_history() {
        let mut store = store_with_one_milestone();
        // Written straight into the table, as a bulk load does: the cache is now stale.
        store
            .conn()
            .execute(
                "INSERT INTO milestone_update (milestone_id, on_date, recorded_at, rag, comment)
                 VALUES (1, '2020-01-10', '2020-01-10T00:00:00Z', 'R', 'Late')",
                [],
            )
            .unwrap();
        let faults = current_state_faults(store.conn()).unwrap();
        assert_eq!(
            faults,
            [
                "milestone 1: its cached current state does not match its history: RAG A (history: R); \
              comment \"Imported\" (history: \"Late\"); last update none (history: 2020-01-10)"
            ]
        );
        assert_eq!(store.rebuild_current_states().unwrap(), 1);
        assert!(current_state_faults(store.conn()).unwrap().is_empty());
        assert_eq!(store.milestone(1).unwrap().rag, Rag::Red);
    }

    #[test]
    fn a_late_report_lands_in_its_place_and_the_past_is_replayed() {
        let mut store = store_with_one_milestone();
        let update = |on: &str, rag: Option<Rag>, comment: Option<&str>| NewUpdate {
            milestone_id: 1,
            on: date(on),
            rag,
            comment: comment.map(str::to_string),
            ..Default::default()
        };
        store
            .append_update(&update("2020-02-10", Some(Rag::Red), None))
            .unwrap();
        // Reported late: dated before the update above.
        store
            .append_update(&update(
                "2020-01-20",
                Some(Rag::Green),
                Some("Back on track"),
            ))
            .unwrap();
        let now = store.milestone(1).unwrap();
        assert_eq!((now.rag, now.comment.as_str()), (Rag::Red, "Back on track"));
        assert_eq!(now.last_update_on, Some(date("2020-02-10")));
        let filter = MilestoneFilter::default();
        let on = |day: &str| {
            store
                .milestones_as_of(&filter, date(day))
                .unwrap()
                .remove(0)
        };
        assert_eq!(
            (on("2020-01-19").rag, on("2020-01-19").comment),
            (Rag::Amber, "Imported".to_string())
        );
        assert_eq!(on("2020-01-20").rag, Rag::Green);
        assert_eq!(on("2020-02-10").rag, Rag::Red);
    }
}
