//! The state of each milestone at the end of every day it was updated
//! (`milestone_state`), derived from the append-only history so a report
//! for any past date reads one row per milestone instead of replaying.
//!
//! The history stays the source of truth: these rows are rewritten for a
//! milestone in the same transaction as every change to its history, rebuilt
//! in one pass by a bulk load or the upgrade that added them, and compared
//! with a full replay by `check-db`.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use rusqlite::{Connection, params};

use super::updates::PROGRESS_ONLY;

use crate::model::MilestoneState;
use crate::model::Timeline;

/// The `on_date` of the row holding a milestone's imported state: it sorts
/// before every date, so it is what any day before the first update finds.
pub(super) const IMPORTED_ROW: &str = "";

/// A milestone's live updates in order, each row with the milestone's
/// imported state: the columns `walk_days` reads. `{milestone}` is replaced
/// by a condition on `u.milestone_id`.
const LIVE_UPDATES: &str = "
    SELECT u.milestone_id, m.imported_timeline, m.imported_status, m.imported_rag,
           m.imported_comment, u.on_date, u.timeline, u.status, u.rag, u.comment
      FROM milestone_update u JOIN milestone m ON m.id = u.milestone_id
     WHERE {milestone} AND {progress}
     ORDER BY u.milestone_id, u.on_date, u.id";

/// One row of the state history: a milestone's state at the end of a day
/// (None: its imported state, before every update).
struct DayState<'a> {
    milestone_id: i64,
    on: Option<NaiveDate>,
    state: &'a MilestoneState,
}

/// Replays the live updates of one milestone (or of every milestone, when
/// `milestone_id` is None) in one ordered pass, calling `each` with the
/// imported state of every milestone that has updates, then with its state at
/// the end of each day it was updated. Milestones come in id order.
fn walk_days(
    conn: &Connection,
    milestone_id: Option<i64>,
    mut each: impl FnMut(DayState<'_>) -> rusqlite::Result<()>,
) -> rusqlite::Result<()> {
    let condition = match milestone_id {
        Some(_) => "u.milestone_id = ?1",
        None => "?1 IS NULL",
    };
    let sql = LIVE_UPDATES
        .replace("{milestone}", condition)
        .replace("{progress}", PROGRESS_ONLY);
    let mut statement = conn.prepare_cached(&sql)?;
    let mut rows = statement.query([milestone_id])?;
    // The milestone being replayed, its state so far and the day it is at.
    let mut current: Option<(i64, MilestoneState, NaiveDate)> = None;
    while let Some(row) = rows.next()? {
        let id: i64 = row.get(0)?;
        let on: NaiveDate = row.get(5)?;
        match &mut current {
            Some((current_id, state, day)) if *current_id == id => {
                if *day != on {
                    each(DayState {
                        milestone_id: id,
                        on: Some(*day),
                        state,
                    })?;
                    *day = on;
                }
            }
            _ => {
                if let Some((done_id, state, day)) = &current {
                    each(DayState {
                        milestone_id: *done_id,
                        on: Some(*day),
                        state,
                    })?;
                }
                let imported = MilestoneState {
                    timeline: row.get(1)?,
                    status: row.get(2)?,
                    rag: row.get(3)?,
                    comment: row.get(4)?,
                    last_update_on: None,
                };
                each(DayState {
                    milestone_id: id,
                    on: None,
                    state: &imported,
                })?;
                current = Some((id, imported, on));
            }
        }
        if let Some((_, state, _)) = &mut current {
            let timeline: Option<Timeline> = row.get(6)?;
            state.apply_fields(timeline, row.get(7)?, row.get(8)?, row.get(9)?, on);
        }
    }
    if let Some((id, state, day)) = &current {
        each(DayState {
            milestone_id: *id,
            on: Some(*day),
            state,
        })?;
    }
    Ok(())
}

/// Rewrites the state history of one milestone (or of every milestone) from
/// its live updates, inside the caller's transaction. Returns the rows written.
pub(super) fn rewrite(conn: &Connection, milestone_id: Option<i64>) -> rusqlite::Result<usize> {
    match milestone_id {
        Some(id) => conn.execute("DELETE FROM milestone_state WHERE milestone_id = ?1", [id])?,
        None => conn.execute("DELETE FROM milestone_state", [])?,
    };
    let mut insert = conn.prepare_cached(
        "INSERT INTO milestone_state (milestone_id, on_date, timeline, due, status, rag, comment)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut written = 0;
    walk_days(conn, milestone_id, |day| {
        let on = day.on.map_or(IMPORTED_ROW.to_string(), |on| on.to_string());
        insert.execute(params![
            day.milestone_id,
            on,
            day.state.timeline,
            day.state.timeline.due(),
            day.state.status,
            day.state.rag,
            day.state.comment,
        ])?;
        written += 1;
        Ok(())
    })?;
    Ok(written)
}

/// The migration hook that adds the table: fills it from the history.
pub(super) fn fill_on_upgrade(tx: &rusqlite::Transaction<'_>) -> rusqlite_migration::HookResult {
    rewrite(tx, None)?;
    Ok(())
}

/// Milestones whose stored state history differs from a full replay of
/// their history, one line each (at most `limit`), for `check-db`. Both
/// sides are read in (milestone, date) order and compared as they come.
pub(super) fn faults(conn: &Connection, limit: usize) -> rusqlite::Result<Vec<String>> {
    let mut stored_statement = conn.prepare(
        "SELECT milestone_id, on_date, timeline, due, status, rag, comment
           FROM milestone_state ORDER BY milestone_id, on_date",
    )?;
    let mut stored_rows = stored_statement.query([])?;
    let mut next_stored = || -> rusqlite::Result<Option<StateRow>> {
        let Some(row) = stored_rows.next()? else {
            return Ok(None);
        };
        let state = MilestoneState {
            timeline: row.get(2)?,
            status: row.get(4)?,
            rag: row.get(5)?,
            comment: row.get(6)?,
            last_update_on: None,
        };
        let due: Option<NaiveDate> = row.get(3)?;
        let mut text = row_text(&state);
        if due != state.timeline.due() {
            text.push_str(&format!(" | stored due {due:?}"));
        }
        Ok(Some((row.get(0)?, row.get(1)?, text)))
    };
    let mut faulty: BTreeSet<i64> = BTreeSet::new();
    let mut stored = next_stored()?;
    walk_days(conn, None, |day| {
        let on = day.on.map_or(IMPORTED_ROW.to_string(), |on| on.to_string());
        let expected = (day.milestone_id, on, row_text(day.state));
        // Stored rows no replayed row has: left over.
        while let Some(row) = stored
            .as_ref()
            .filter(|row| (row.0, &row.1) < (expected.0, &expected.1))
        {
            faulty.insert(row.0);
            stored = next_stored()?;
        }
        match &stored {
            Some(row) if (row.0, &row.1) == (expected.0, &expected.1) => {
                if row.2 != expected.2 {
                    faulty.insert(expected.0);
                }
                stored = next_stored()?;
            }
            _ => {
                faulty.insert(expected.0);
            }
        }
        Ok(())
    })?;
    while let Some(row) = stored {
        faulty.insert(row.0);
        stored = next_stored()?;
    }
    let mut lines: Vec<String> = faulty
        .iter()
        .take(limit)
        .map(|id| {
            format!(
                "milestone {id}: its state by date (milestone_state) does not match its history"
            )
        })
        .collect();
    if faulty.len() > limit {
        lines.push(format!(
            "and {} more milestones whose state by date does not match their history",
            faulty.len() - limit
        ));
    }
    Ok(lines)
}

/// A stored state row: milestone, date ('' for imported), state in words.
type StateRow = (i64, String, String);

/// A state row in words, for comparing a stored row with a replayed one.
fn row_text(state: &MilestoneState) -> String {
    format!(
        "{} | {} | {} | {:?}",
        state.timeline,
        state.status,
        state.rag.label(),
        state.comment
    )
}

#[cfg(test)]
mod tests {
    use chrono::Days;

    use super::*;
    use crate::model::draft::{ActionDraft, MilestoneDraft, PlanDraft, ThemeDraft};
    use crate::model::{MilestoneState, NewUpdate};
    use crate::model::{Rag, Status};
    use crate::store::updates::state_on;
    use crate::store::{Attribution, PlanChange};
    use crate::store::{MilestoneFilter, Store};

    fn store_with_milestones(count: usize) -> Store {
        let milestone = |n: usize| MilestoneDraft {
            reference: None,
            detail: format!("Milestone {n}"),
            leads: vec!["Ann".into()],
            timeline: Timeline::parse("Nov 19").unwrap().into(),
            status: Status::InProgress,
            status_word: None,
            rag: Rag::Amber,
            comment: "Imported".into(),
            proposals: Vec::new(),
            extras: Vec::new(),
            history: Vec::new(),
        };
        let draft = PlanDraft {
            themes: vec![ThemeDraft {
                name: "Finance".into(),
                actions: vec![ActionDraft {
                    text: "Budgets".into(),
                    milestones: (1..=count).map(milestone).collect(),
                }],
            }],
            extra_columns: Vec::new(),
            current_period_ends: None,
        };
        let mut store = Store::in_memory().unwrap();
        store
            .insert_plan("P", None, "p.csv", &draft, false)
            .unwrap();
        store
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// A fixed, scrambled sequence of numbers below the bound asked for (a
    /// linear congruential generator started at `seed`), so a test's
    /// history is mixed up the same way on every run.
    fn scrambler(mut seed: u64) -> impl FnMut(u64) -> u64 {
        move |below| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % below
        }
    }

    /// Reports as of every day read the state table; each must show what a
    /// replay of the history up to that day gives, after updates recorded
    /// out of date order, several on one day, timeline changes, and
    /// retractions (which rewrite the rows).
    #[test]
    fn the_state_on_every_day_is_the_history_replayed_to_it() {
        let mut store = store_with_milestones(3);
        let first = date("2020-01-01");
        // A fixed, scrambled order of (milestone, day offset, field).
        let mut next = scrambler(7);
        let mut ids = Vec::new();
        for n in 0..40 {
            let milestone_id = 1 + next(3) as i64;
            let on = first + Days::new(next(60));
            let rags = [Rag::Red, Rag::Amber, Rag::Green];
            let mut update = NewUpdate {
                milestone_id,
                on,
                rag: Some(rags[next(3) as usize]),
                comment: Some(format!("Report {n}")),
                ..Default::default()
            };
            if n % 7 == 3 {
                update.timeline = Some(Timeline::parse("Mar 20").unwrap());
                update.reason = Some("Slipped".into());
            }
            if n % 11 == 5 {
                update.status = Some(Status::Complete);
            }
            if let Ok(id) = store.append_update(&update) {
                ids.push(id);
            }
        }
        for id in ids.iter().step_by(9) {
            store
                .apply_changes(&[PlanChange::Retract {
                    update_id: *id,
                    attribution: Attribution {
                        by: "Clerk".into(),
                        on: date("2020-03-15"),
                        reason: Some("Entered twice".into()),
                    },
                }])
                .unwrap();
        }
        assert!(faults(store.conn(), 10).unwrap().is_empty());
        for offset in 0..70 {
            let day = first + Days::new(offset) - Days::new(3);
            let milestones = store
                .milestones_as_of(&MilestoneFilter::default(), day)
                .unwrap();
            assert_eq!(milestones.len(), 3);
            for milestone in milestones {
                let replayed = state_on(store.conn(), milestone.id, Some(day)).unwrap();
                let read = MilestoneState {
                    timeline: milestone.timeline,
                    status: milestone.status,
                    rag: milestone.rag,
                    comment: milestone.comment.clone(),
                    last_update_on: milestone.last_update_on,
                };
                assert_eq!(read, replayed, "milestone {} on {day}", milestone.id);
            }
        }
    }

    /// A store of three themes' milestones with a scrambled history (late
    /// reports, completions, closures, unrated ones) and two retractions.
    fn store_with_a_scrambled_history() -> Store {
        let mut store = store_with_milestones(12);
        let first = date("2020-01-01");
        let mut next = scrambler(11);
        let mut ids = Vec::new();
        for n in 0..80 {
            let timelines = ["Dec 19", "Jan 20", "Feb 20", "Mar 20"];
            let statuses = [Status::InProgress, Status::Complete, Status::Closed];
            let rags = [Rag::Red, Rag::Amber, Rag::Green, Rag::Blue];
            let mut update = NewUpdate {
                milestone_id: 1 + next(12) as i64,
                on: first + Days::new(next(90)),
                rag: Some(rags[next(4) as usize]),
                ..Default::default()
            };
            if n % 3 == 0 {
                update.timeline = Some(Timeline::parse(timelines[next(4) as usize]).unwrap());
                update.reason = Some("Moved".into());
            }
            if n % 5 == 0 {
                update.status = Some(statuses[next(3) as usize]);
            }
            if let Ok(id) = store.append_update(&update) {
                ids.push(id);
            }
        }
        for id in [ids[3], ids[20]] {
            store
                .apply_changes(&[PlanChange::Retract {
                    update_id: id,
                    attribution: Attribution {
                        by: "Clerk".into(),
                        on: date("2020-04-01"),
                        reason: Some("Wrong milestone".into()),
                    },
                }])
                .unwrap();
        }
        store
    }

    /// The reports that sort or count in SQL give what sorting and counting
    /// the replayed milestones in Rust gives, on every day.
    #[test]
    fn overdue_order_and_rag_counts_in_sql_agree_with_the_replay() {
        use crate::reports::{overdue, rag_counts};
        use crate::store::MilestoneOrder;
        let store = store_with_a_scrambled_history();
        for offset in (0..120).step_by(3) {
            let day = date("2019-12-15") + Days::new(offset);
            let replayed = store
                .milestones_as_of(&MilestoneFilter::default(), day)
                .unwrap();
            let expected: Vec<i64> = overdue(&replayed, day)
                .iter()
                .map(|row| row.milestone.id)
                .collect();
            let filter = MilestoneFilter {
                due_before: Some(day),
                ..MilestoneFilter::on(day)
            };
            let mut streamed = Vec::new();
            store
                .for_each_milestone(&filter, MilestoneOrder::DueFirst, |m| {
                    streamed.push(m.id);
                    Ok::<(), crate::Error>(())
                })
                .unwrap();
            assert_eq!(streamed, expected, "overdue on {day}");
            assert_eq!(store.count_milestones(&filter).unwrap(), expected.len());
            assert_eq!(
                store.rag_counts(&MilestoneFilter::on(day)).unwrap(),
                rag_counts(&replayed),
                "rag on {day}"
            );
        }
    }

    /// The bulk loader stores what one-by-one updates store, with the same
    /// states and state by date, or nothing at all.
    #[test]
    fn a_history_loaded_at_once_gives_the_states_that_updates_one_by_one_give() {
        let updates = [
            ("2020-02-01", 1, Rag::Red),
            ("2020-01-10", 1, Rag::Green),
            ("2020-01-10", 2, Rag::Red),
            ("2020-03-05", 2, Rag::Amber),
        ]
        .map(|(on, milestone_id, rag)| NewUpdate {
            milestone_id,
            on: date(on),
            rag: Some(rag),
            comment: Some(format!("Report of {on}")),
            ..Default::default()
        });
        let mut one_by_one = store_with_milestones(2);
        for update in &updates {
            one_by_one.append_update(update).unwrap();
        }
        let mut at_once = store_with_milestones(2);
        assert_eq!(at_once.load_history(updates.clone()).unwrap(), 4);
        assert!(faults(at_once.conn(), 10).unwrap().is_empty());
        let states = |store: &Store| {
            let rows: Vec<(i64, String, Option<String>, String)> = store
                .conn()
                .prepare(
                    "SELECT milestone_id, on_date, rag, comment FROM milestone_state ORDER BY 1, 2",
                )
                .unwrap()
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            (rows, store.milestones(&MilestoneFilter::default()).unwrap())
        };
        assert_eq!(states(&at_once), states(&one_by_one));

        let mut refused = store_with_milestones(2);
        let mut bad = updates.to_vec();
        bad.push(NewUpdate {
            milestone_id: 1,
            on: date("2020-04-01"),
            timeline: Some(Timeline::parse("Jun 20").unwrap()),
            ..Default::default()
        });
        assert!(
            refused.load_history(bad).is_err(),
            "a new timeline needs a reason"
        );
        let stored: i64 = refused
            .conn()
            .query_row("SELECT count(*) FROM milestone_update", [], |r| r.get(0))
            .unwrap();
        assert_eq!(stored, 0, "all or nothing");
    }

    /// Regression (review of the bulk loader): it stored updates to a
    /// retired milestone, which check-db then flagged.
    #[test]
    fn regression_the_bulk_loader_refuses_an_update_to_a_retired_milestone() {
        let mut store = store_with_milestones(2);
        store
            .apply_changes(&[PlanChange::Retire {
                milestone_id: 2,
                into: None,
                attribution: Attribution {
                    by: "Clerk".into(),
                    on: date("2020-01-01"),
                    reason: Some("Superseded".into()),
                },
            }])
            .unwrap();
        let update = |milestone_id| NewUpdate {
            milestone_id,
            on: date("2020-02-01"),
            rag: Some(Rag::Red),
            ..Default::default()
        };
        let error = store.load_history([update(1), update(2)]).unwrap_err();
        assert!(
            error.to_string().contains("milestone 2 was retired"),
            "{error}"
        );
        let updates: i64 = store
            .conn()
            .query_row(
                "SELECT count(*) FROM milestone_update WHERE kind = 'update'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(updates, 0, "all or nothing");
    }

    #[test]
    fn check_db_finds_a_state_row_that_disagrees_with_the_history() {
        let mut store = store_with_milestones(2);
        store
            .append_update(&NewUpdate {
                milestone_id: 2,
                on: date("2020-01-10"),
                rag: Some(Rag::Red),
                ..Default::default()
            })
            .unwrap();
        assert!(faults(store.conn(), 10).unwrap().is_empty());
        let rows: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM milestone_state", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 2, "the imported state and the day's state");
        store
            .conn()
            .execute(
                "UPDATE milestone_state SET rag = 'G' WHERE on_date <> ''",
                [],
            )
            .unwrap();
        assert_eq!(
            faults(store.conn(), 10).unwrap(),
            ["milestone 2: its state by date (milestone_state) does not match its history"]
        );
        store
            .conn()
            .execute("DELETE FROM milestone_state", [])
            .unwrap();
        assert_eq!(faults(store.conn(), 10).unwrap().len(), 1);
        rewrite(store.conn(), None).unwrap();
        assert!(faults(store.conn(), 10).unwrap().is_empty());
    }
}
