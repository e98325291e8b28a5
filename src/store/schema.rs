//! The schema: an ordered list of migrations, applied in one transaction on open.
//!
//! Migrations are SQL files under `migrations/` that are only ever added,
//! never edited once released. The version lives in `PRAGMA user_version`
//! (rusqlite_migration's convention) and the file is marked as ours with
//! `PRAGMA application_id`, so a foreign file is refused before anything is written.

use std::path::Path;

use rusqlite::Connection;
use rusqlite_migration::{M, Migrations};

use crate::error::{Error, Result};

/// `PRAGMA application_id` of every actionplan database: "APLN" in ASCII.
pub const APPLICATION_ID: i64 = 0x41504C4E;

/// The migrations, oldest first. Append only.
fn migration_list() -> Vec<M<'static>> {
    vec![
        M::up(include_str!("migrations/001_plan.sql")),
        M::up(include_str!("migrations/002_cycles.sql")),
        M::up_with_hook(
            include_str!("migrations/003_self_evaluation.sql"),
            |tx: &rusqlite::Transaction| super::selfeval::seed_msg_proposals(tx),
        ),
        // Rebuilds tables that others reference: needs foreign keys off (see upgrade).
        M::up_with_hook(
            include_str!("migrations/004_plans_as_kept.sql"),
            |tx: &rusqlite::Transaction| super::plan::key_people(tx),
        )
        .foreign_key_check(),
        M::up(include_str!("migrations/005_returns.sql")),
        M::up(include_str!("migrations/006_keeping.sql")),
        M::up_with_hook(
            include_str!("migrations/007_state_by_date.sql"),
            |tx: &rusqlite::Transaction| super::state_history::fill_on_upgrade(tx),
        ),
        M::up(include_str!(
            "migrations/008_lead_name_change_everywhere.sql"
        )),
    ]
}

fn migrations() -> Migrations<'static> {
    Migrations::new(migration_list())
}

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    migration_list().len() as i64
}

/// Refuses, without writing anything, a file that is not an actionplan
/// database or was written by a newer version.
pub fn check_compatible(conn: &Connection, path: &Path) -> Result<()> {
    let read = |pragma: &str| -> Result<i64> {
        conn.query_row(&format!("PRAGMA {pragma}"), [], |row| row.get(0))
            .map_err(|error| match error {
                rusqlite::Error::SqliteFailure(e, _)
                    if e.code == rusqlite::ErrorCode::NotADatabase =>
                {
                    Error::NotOurDatabase(path.to_path_buf())
                }
                other => Error::Sqlite(other),
            })
    };
    let application_id = read("application_id")?;
    let version = read("user_version")?;
    if application_id == 0 {
        let objects: i64 =
            conn.query_row("SELECT count(*) FROM sqlite_schema", [], |row| row.get(0))?;
        if objects > 0 || version != 0 {
            return Err(Error::NotOurDatabase(path.to_path_buf()));
        }
    } else if application_id != APPLICATION_ID {
        return Err(Error::NotOurDatabase(path.to_path_buf()));
    }
    if version > latest_version() {
        return Err(Error::DatabaseTooNew {
            path: path.to_path_buf(),
            found: version,
            known: latest_version(),
        });
    }
    Ok(())
}

/// Brings the schema up to date in one transaction.
///
/// Foreign keys are off while the migrations run, as SQLite's procedure for
/// rebuilding a table requires (dropping the old table must not cascade), and
/// back on afterwards whatever happened; a migration that rebuilds tables runs
/// `PRAGMA foreign_key_check` before it commits.
pub fn upgrade(conn: &mut Connection) -> Result<()> {
    if version(conn)? == latest_version() {
        return Ok(());
    }
    conn.pragma_update(None, "foreign_keys", false)?;
    let upgraded = migrations().to_latest(conn);
    conn.pragma_update(None, "foreign_keys", true)?;
    upgraded?;
    Ok(())
}

/// The schema version a database records.
pub fn version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |row| row.get(0))?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_valid_and_counted() {
        migrations().validate().unwrap();
        let mut conn = Connection::open_in_memory().unwrap();
        upgrade(&mut conn).unwrap();
        assert_eq!(version(&conn).unwrap(), latest_version());
        let id: i64 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
        assert_eq!(id, APPLICATION_ID);
    }

    #[test]
    fn history_rows_cannot_be_changed() {
        let mut conn = Connection::open_in_memory().unwrap();
        upgrade(&mut conn).unwrap();
        conn.execute_batch(
            "INSERT INTO plan (id, partnership_id, name, source, imported_at) VALUES (1, NULL, 'p', 'f.csv', '2020-01-01T00:00:00Z');
             INSERT INTO theme VALUES (1, 1, 1, 'T');
             INSERT INTO action VALUES (1, 1, 1, 'A');
             INSERT INTO milestone (id, action_id, position, detail, imported_timeline,
                 imported_status, imported_rag, imported_comment, timeline, due, status, rag,
                 comment, last_update_on)
             VALUES (1, 1, 1, 'M', 'Sep 19', 'in progress', 'G', '',
                 'Sep 19', '2019-09-30', 'in progress', 'G', '', NULL);
             INSERT INTO milestone_update (milestone_id, on_date, recorded_at, rag)
                 VALUES (1, '2019-10-01', '2019-10-01T00:00:00Z', 'A');",
        )
        .unwrap();
        let err = conn
            .execute("UPDATE milestone_update SET rag = 'R'", [])
            .unwrap_err();
        assert!(err.to_string().contains("append-only"), "{err}");
        let err = conn
            .execute("DELETE FROM milestone_update", [])
            .unwrap_err();
        assert!(err.to_string().contains("append-only"), "{err}");
    }
}
