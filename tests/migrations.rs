//! Migrations are only ever added: the released ones are fixed by their
//! SHA-256, and a database made by release 0.1.0 (made with that release's
//! own commands, kept as its SQL dump `tests/data/release-0.1.0.sql` so it
//! reads in a diff) opens in this build with every row it held still there
//! and its closed cycle reproduced byte for byte.

use std::fs;
use std::path::Path;

use rusqlite::Connection;
use sha2::{Digest, Sha256};

mod common;

use common::Workdir;

/// The migrations released (001-003 in 0.1.0; 004 and 005 with the intake,
/// shared-drive and returns work that landed after it; 006 with keeping the
/// plan; 007 and 008 with streaming reports, pinned as they land) and their
/// SHA-256. (006 was edited once after an earlier release, which 008 mends.)
/// Editing one of these files breaks every database made with it: add a new
/// migration instead. `003_msg_proposals_2019.sql` is the SQL migration 003's
/// hook runs (the MSG proposals, frozen as SQL when the hook stopped reading
/// the proposals file), pinned as it lands.
const RELEASED_MIGRATIONS: [(&str, &str); 9] = [
    (
        "001_plan.sql",
        "20ab407986b7c5b4905c59533262812dfa14b94999d66cd40a9071cfbdc61a68",
    ),
    (
        "002_cycles.sql",
        "611c418b7c8cbf70ce612c0e71caf09ca2bf46b834cb6bb88936ce48e8106e81",
    ),
    (
        "003_self_evaluation.sql",
        "6e00dfb0656a4e87af031c58b36c98a859e025c67f0c8aeb149024646a85f72d",
    ),
    (
        "003_msg_proposals_2019.sql",
        "9e78d3684cb5faedfe545e899ecd506e0517144d50c8a55b5b2ce0e1bd5cc90d",
    ),
    (
        "004_plans_as_kept.sql",
        "b97dbd9b8891caae52a15f11524b038c193c252de2cd7259c335e5d6404d625f",
    ),
    (
        "005_returns.sql",
        "3533b42a45128b73067386b1c1a06a949bb8036e02b925aad361beaf03d59369",
    ),
    (
        "006_keeping.sql",
        "fff54c7dd4c2760e60282259f91ab678b19881e6bdc28fbe8f63b1d5785ac6a0",
    ),
    (
        "007_state_by_date.sql",
        "ed18eb956bd9599dd63a2a0a6279c5d2ae14ff140b5cdc9980fe95c6a6ab03ae",
    ),
    (
        "008_lead_name_change_everywhere.sql",
        "b616045e1b2c60e47659cc047b1853b9c1a9d0007ba240d503d7d02e472505da",
    ),
];

/// The release 0.1.0 database as `sqlite3 .dump` wrote it, with its
/// application id and schema version.
const RELEASE_DUMP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/release-0.1.0.sql");
/// `list --format csv` of that database, as release 0.1.0 printed it.
const RELEASE_LIST: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/release-0.1.0-list.csv"
);
/// `export --cycle 'IJB 18 Feb 2020'` of that database, as release 0.1.0 wrote it.
const RELEASE_CYCLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/release-0.1.0-cycle-ijb-18-feb-2020.csv"
);

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[test]
fn released_migrations_are_never_edited() {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/store/migrations");
    for (name, expected) in RELEASED_MIGRATIONS {
        let bytes = fs::read(directory.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            sha256_hex(&bytes),
            expected,
            "{name} was released and must never change: put the change in a new migration"
        );
    }
}

/// Every row of every table of a database, by table, with the columns the
/// release knew (so a later migration may add columns but not lose rows).
fn rows_by_table(conn: &Connection, columns_of: &Connection) -> Vec<(String, Vec<String>)> {
    let tables: Vec<String> = columns_of
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table'
               AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables
        .into_iter()
        .map(|table| {
            let columns: Vec<String> = columns_of
                .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            let list = columns
                .iter()
                .map(|c| format!("\"{c}\""))
                .collect::<Vec<_>>()
                .join(", ");
            let mut statement = conn
                .prepare(&format!("SELECT {list} FROM \"{table}\""))
                .unwrap_or_else(|e| panic!("table {table} lost a column: {e}"));
            let mut rows: Vec<String> = statement
                .query_map([], |row| {
                    (0..columns.len())
                        .map(|i| {
                            row.get::<_, rusqlite::types::Value>(i)
                                .map(|v| format!("{v:?}"))
                        })
                        .collect::<Result<Vec<_>, _>>()
                        .map(|cells| cells.join("|"))
                })
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            rows.sort();
            (table, rows)
        })
        .collect()
}

#[test]
fn a_database_made_by_release_0_1_0_upgrades_with_every_row_kept() {
    let work = Workdir::new();
    let built = work.file("release-0.1.0.db");
    Connection::open(&built)
        .unwrap()
        .execute_batch(&fs::read_to_string(RELEASE_DUMP).unwrap())
        .unwrap();
    fs::copy(&built, work.db()).unwrap();
    let release =
        Connection::open_with_flags(&built, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let version: i64 = release
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 3, "the dump builds a release 0.1.0 database");
    let before = rows_by_table(&release, &release);
    let counts: Vec<(&str, usize)> = before
        .iter()
        .map(|(table, rows)| (table.as_str(), rows.len()))
        .collect();
    assert_eq!(
        counts,
        [
            ("action", 31),
            ("cycle", 1),
            ("cycle_milestone", 38),
            ("milestone", 38),
            ("milestone_lead", 61),
            ("milestone_proposal", 1),
            ("milestone_update", 4),
            ("msg_key_feature", 6),
            ("msg_proposal", 25),
            ("partnership", 2),
            ("person", 11),
            ("plan", 1),
            ("self_evaluation", 1),
            ("self_evaluation_action", 72),
            ("self_evaluation_entry", 22),
            ("theme", 7),
        ]
    );

    // This build reads the plan and the closed cycle exactly as the release
    // wrote them (report CSV has since gained the BOM the appendix had).
    assert_eq!(
        work.ok_csv(&["list", "--format", "csv"]),
        fs::read_to_string(RELEASE_LIST).unwrap()
    );
    let cycle = work
        .command(&["export", "--cycle", "IJB 18 Feb 2020"])
        .output()
        .unwrap();
    assert_eq!(cycle.status.code(), Some(0));
    assert_eq!(cycle.stdout, fs::read(RELEASE_CYCLE).unwrap());

    // A write command upgrades the file to this build's schema.
    work.ok(&["update", "9", "--rag", "A", "--on", "2020-03-10"]);
    let upgraded = Connection::open(work.db()).unwrap();
    let version: i64 = upgraded
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, actionplan::store::schema::latest_version());
    // Migration 7 filled the state by date from the history (milestones 3, 5
    // and 7: the imported state, then each day updated); the update above
    // wrote milestone 9's, and check-db finds all of it agrees with a replay.
    let state_rows: Vec<(i64, String)> = upgraded
        .prepare("SELECT milestone_id, on_date FROM milestone_state ORDER BY 1, 2")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let expected: Vec<(i64, String)> = [
        (3, ""),
        (3, "2020-01-10"),
        (3, "2020-03-02"),
        (5, ""),
        (5, "2020-01-15"),
        (7, ""),
        (7, "2020-01-20"),
        (9, ""),
        (9, "2020-03-10"),
    ]
    .iter()
    .map(|(id, on)| (*id, on.to_string()))
    .collect();
    assert_eq!(state_rows, expected);
    work.ok(&["check-db"]);
    let after = rows_by_table(&upgraded, &release);
    for ((table, old_rows), (_, new_rows)) in before.iter().zip(&after) {
        let lost: Vec<&String> = old_rows.iter().filter(|r| !new_rows.contains(r)).collect();
        // A milestone row caches its current state, which the update changes.
        if table != "milestone" {
            assert!(lost.is_empty(), "table {table} lost rows: {lost:?}");
        }
    }
    // The milestone updated above changed its current state; every other one is as it was.
    let milestones_changed = before[3]
        .1
        .iter()
        .filter(|r| !after[3].1.contains(r))
        .count();
    assert_eq!(milestones_changed, 1);

    // Upgraded on disk, the release's cycle still exports as it did, and a
    // cycle closed now has this build's layout (with the Status column).
    let cycle = work
        .command(&["export", "--cycle", "IJB 18 Feb 2020"])
        .output()
        .unwrap();
    assert_eq!(cycle.stdout, fs::read(RELEASE_CYCLE).unwrap());
    work.ok(&["cycle", "close", "IJB 16 Jun 2020", "--on", "2020-06-16"]);
    let new_cycle = work.ok(&["export", "--cycle", "IJB 16 Jun 2020"]);
    let new_header = new_cycle
        .lines()
        .next()
        .unwrap()
        .trim_start_matches('\u{feff}');
    let old_header = fs::read_to_string(RELEASE_CYCLE).unwrap();
    let old_header = old_header
        .lines()
        .next()
        .unwrap()
        .trim_start_matches('\u{feff}');
    assert!(new_header.contains("Status"), "{new_header}");
    assert!(!old_header.contains("Status"), "{old_header}");
}

/// Regression: migration 006 was released (stop 15) without the
/// lead_name_change table and edited afterwards to create it, so a database
/// that build brought to version 6 lacked it and `lead rename` failed on it.
/// Migration 008 creates it wherever it is missing.
#[test]
fn regression_a_version_6_database_made_before_lead_name_change_gets_the_table() {
    let work = Workdir::with_seed_plan();
    {
        // The seed database as the stop-15 build left it: version 6, without
        // lead_name_change, and without what migration 7 added.
        let conn = Connection::open(work.db()).unwrap();
        conn.execute_batch(
            "DROP TABLE lead_name_change;
             DROP TABLE milestone_state;
             DROP INDEX milestone_by_last_update;
             DROP INDEX milestone_rag_by_action;
             PRAGMA user_version = 6;",
        )
        .unwrap();
    }
    work.ok(&[
        "lead",
        "rename",
        "Marie Moy",
        "Marie Moy-Smith",
        "--by",
        "Ann Lead",
        "--on",
        "2020-03-01",
    ]);
    let upgraded = Connection::open(work.db()).unwrap();
    let version: i64 = upgraded
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, actionplan::store::schema::latest_version());
    let renames: i64 = upgraded
        .query_row("SELECT count(*) FROM lead_name_change", [], |r| r.get(0))
        .unwrap();
    assert_eq!(renames, 1);
    work.ok(&["check-db"]);
}
