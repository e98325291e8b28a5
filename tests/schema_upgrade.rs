//! Opening databases made by other versions, and files that are not ours:
//! an older schema is upgraded in one transaction with its data kept; a newer
//! one, or a file that is not an actionplan database, is refused untouched.

use std::fs;
use std::path::Path;

use actionplan::store::schema::{APPLICATION_ID, latest_version};
use predicates::prelude::*;
use rusqlite::Connection;

mod common;
use common::{SEED_PLAN, Workdir, actionplan, listing};

const VERSION_1: &str = include_str!("../src/store/migrations/001_plan.sql");

fn pragma(db: &Path, name: &str) -> i64 {
    let conn = Connection::open(db).unwrap();
    conn.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0))
        .unwrap()
}

/// A database as version 1 of actionplan left it: one plan, two milestones,
/// an update.
fn make_version_1(db: &Path) {
    let conn = Connection::open(db).unwrap();
    conn.execute_batch(VERSION_1).unwrap();
    conn.execute_batch(
        "INSERT INTO partnership VALUES (1, 'North Lanarkshire');
         INSERT INTO plan VALUES (1, 1, 'Old plan', 'appendix.csv', '2019-06-01T09:00:00+00:00');
         INSERT INTO theme VALUES (1, 1, 1, 'Leadership');
         INSERT INTO action VALUES (1, 1, 1, 'Review the OD programme');
         INSERT INTO milestone VALUES (1, 1, 1, 'Programme refocused', 'Sep 19', 'in progress',
             'A', 'Under way.', 'Dec 19', '2019-12-31', 'in progress', 'R', 'Slipped.', '2019-10-01');
         INSERT INTO milestone VALUES (2, 1, 2, 'Second milestone', 'Q1 2020/21', 'complete',
             'G', 'Complete.', 'Q1 2020/21', '2020-06-30', 'complete', 'G', 'Complete.', NULL);
         INSERT INTO person VALUES (1, 'Sharon Simpson');
         INSERT INTO milestone_lead VALUES (1, 1, 1);
         INSERT INTO milestone_lead VALUES (2, 1, 1);
         INSERT INTO milestone_update (milestone_id, on_date, recorded_at, by_name, rag, comment,
             timeline, reason)
         VALUES (1, '2019-10-01', '2019-10-01T10:00:00+00:00', 'Sharon Simpson', 'R', 'Slipped.',
             'Dec 19', 'Staff shortage');
         PRAGMA user_version = 1;",
    )
    .unwrap();
}

#[test]
fn a_version_1_database_is_upgraded_and_keeps_its_data() {
    let dir = Workdir::new();
    let db = dir.path().join("old.db");
    make_version_1(&db);
    assert_eq!(pragma(&db, "user_version"), 1);
    let output = actionplan(&db)
        .args(["list", "--format", "csv"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(output).unwrap();
    assert_eq!(
        text,
        "\u{feff}id,plan,theme,action,milestone,leads,timeline,due,status,rag,comment\r\n\
         1,Old plan,Leadership,Review the OD programme,Programme refocused,Sharon Simpson,Dec 19,2019-12-31,in progress,R,Slipped.\r\n\
         2,Old plan,Leadership,Review the OD programme,Second milestone,Sharon Simpson,Q1 2020/21,2020-06-30,complete,G,Complete.\r\n"
    );
    open_as_a_write_command_does(&db);
    assert_eq!(pragma(&db, "user_version"), latest_version());
    assert_eq!(pragma(&db, "application_id"), APPLICATION_ID);
    let conn = Connection::open(&db).unwrap();
    let updates: i64 = conn
        .query_row("SELECT count(*) FROM milestone_update", [], |r| r.get(0))
        .unwrap();
    assert_eq!(updates, 1);
    let cycles: i64 = conn
        .query_row("SELECT count(*) FROM cycle", [], |r| r.get(0))
        .unwrap();
    assert_eq!(cycles, 0, "version 2's tables exist after the upgrade");
    drop(conn);
    actionplan(&db)
        .arg("check-db")
        .assert()
        .success()
        .stdout("ok\n");
}

#[test]
fn a_failed_upgrade_leaves_the_database_at_its_old_version() {
    let dir = Workdir::new();
    let db = dir.path().join("old.db");
    make_version_1(&db);
    // Version 2 creates `cycle` and then `cycle_milestone`; a table already
    // named cycle_milestone makes the second step fail after the first.
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch("CREATE TABLE cycle_milestone (x)")
        .unwrap();
    drop(conn);
    actionplan(&db)
        .arg("list")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("database upgrade failed"));
    assert_eq!(pragma(&db, "user_version"), 1);
    let conn = Connection::open(&db).unwrap();
    let cycle_tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE name = 'cycle'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(cycle_tables, 0, "half of version 2 was left behind");
    let milestones: i64 = conn
        .query_row("SELECT count(*) FROM milestone", [], |r| r.get(0))
        .unwrap();
    assert_eq!(milestones, 2);
}

#[test]
fn a_newer_database_is_refused_and_left_byte_for_byte() {
    let dir = Workdir::new();
    let db = dir.path().join("newer.db");
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch(&format!(
        "PRAGMA application_id = {APPLICATION_ID};
         CREATE TABLE future_table (x);
         INSERT INTO future_table VALUES (1);
         PRAGMA user_version = 99;"
    ))
    .unwrap();
    drop(conn);
    let before = fs::read(&db).unwrap();
    for command in [vec!["list"], vec!["import", SEED_PLAN, "--plan", "P"]] {
        actionplan(&db)
            .args(&command)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(format!(
                "was written by a newer actionplan (schema version 99; this version knows up to {})",
                latest_version()
            )));
        assert_eq!(fs::read(&db).unwrap(), before, "{command:?}");
    }
    assert_eq!(listing(dir.path()), ["newer.db"]);
}

#[test]
fn a_text_file_is_refused_and_left_byte_for_byte() {
    let dir = Workdir::new();
    let db = dir.path().join("notes.db");
    let text = b"Minutes of the IJB meeting, 18 February 2020.\nNot a database.\n".repeat(200);
    fs::write(&db, &text).unwrap();
    for command in [
        vec!["list"],
        vec!["import", SEED_PLAN, "--plan", "P"],
        vec!["check-db"],
    ] {
        actionplan(&db)
            .args(&command)
            .assert()
            .code(2)
            .stderr(predicate::str::contains(
                "notes.db is not an actionplan database; it was left untouched",
            ));
        assert_eq!(fs::read(&db).unwrap(), text, "{command:?}");
    }
    assert_eq!(listing(dir.path()), ["notes.db"]);
}

#[test]
fn another_programs_sqlite_database_is_refused_and_left_byte_for_byte() {
    let dir = Workdir::new();
    let copy = dir.path().join("copy.db");
    let copy = copy.to_str().unwrap();
    for (name, application_id) in [("other.db", 0), ("firefox.db", 0x1234_5678)] {
        let db = dir.path().join(name);
        let conn = Connection::open(&db).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA application_id = {application_id};
             CREATE TABLE bookmarks (url TEXT);
             INSERT INTO bookmarks VALUES ('https://example.org');"
        ))
        .unwrap();
        drop(conn);
        let before = fs::read(&db).unwrap();
        for command in [
            vec!["list"],
            vec!["import", SEED_PLAN, "--plan", "P"],
            vec!["backup", copy],
        ] {
            actionplan(&db)
                .args(&command)
                .assert()
                .code(2)
                .stderr(predicate::str::contains(format!(
                    "{name} is not an actionplan database; it was left untouched"
                )));
            assert_eq!(fs::read(&db).unwrap(), before, "{name} {command:?}");
        }
    }
    assert_eq!(listing(dir.path()), ["firefox.db", "other.db"]);
}

/// Runs actionplan on `db`, which must succeed, and returns its stdout.
/// Opens the database as every write command does, which upgrades it. A
/// command that only reads (`list`, `export`) never writes an older file: it
/// reads an upgraded copy in memory, so these tests upgrade the file this way
/// before they look at its tables.
fn open_as_a_write_command_does(db: &Path) {
    actionplan::store::Store::open(db, actionplan::store::OpenMode::MustExist)
        .expect("a write command's open upgrades the file");
}

fn stdout_of(db: &Path, args: &[&str]) -> String {
    let output = actionplan(db)
        .args(args)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(output).unwrap()
}

const VERSION_2: &str = include_str!("../src/store/migrations/002_cycles.sql");
const VERSION_3: &str = include_str!("../src/store/migrations/003_self_evaluation.sql");

/// A database as the first release (schema version 3) leaves it: a plan of
/// two milestones, an update, a committee cycle and an MSG proposal link.
fn make_version_3(db: &Path) {
    make_version_1(db);
    let conn = Connection::open(db).unwrap();
    conn.execute_batch(VERSION_2).unwrap();
    conn.execute_batch(VERSION_3).unwrap();
    conn.execute_batch(
        "INSERT INTO cycle VALUES (1, 1, 'IJB Feb 2020', '2020-02-18', '2020-02-18T12:00:00+00:00');
         INSERT INTO cycle_milestone VALUES (1, 1, 1, 'Leadership', 'Review the OD programme',
             'Programme refocused', 'Sharon Simpson', 'Sep 19', 'Dec 19', '2019-12-31',
             'in progress', 'R', 'Slipped.', '2019-10-01');
         INSERT INTO cycle_milestone VALUES (1, 2, 2, 'Leadership', 'Review the OD programme',
             'Second milestone', 'Sharon Simpson', 'Q1 2020/21', 'Q1 2020/21', '2020-06-30',
             'complete', 'G', 'Complete.', NULL);
         INSERT INTO msg_key_feature VALUES (1, 'Collaborative leadership');
         INSERT INTO msg_proposal VALUES ('1.1', 1, 1, 'Leaders work together', 1, 'a', 'b', 'c', 'd');
         INSERT INTO milestone_proposal VALUES (1, '1.1', 'link');
         PRAGMA user_version = 3;",
    )
    .unwrap();
}

#[test]
fn a_version_3_database_is_rebuilt_to_version_4_keeping_history_cycles_and_links() {
    let dir = Workdir::new();
    let db = dir.path().join("release.db");
    make_version_3(&db);
    assert_eq!(
        stdout_of(&db, &["list", "--format", "csv"]),
        "\u{feff}id,plan,theme,action,milestone,leads,timeline,due,status,rag,comment\r\n\
         1,Old plan,Leadership,Review the OD programme,Programme refocused,Sharon Simpson,Dec 19,2019-12-31,in progress,R,Slipped.\r\n\
         2,Old plan,Leadership,Review the OD programme,Second milestone,Sharon Simpson,Q1 2020/21,2020-06-30,complete,G,Complete.\r\n"
    );
    open_as_a_write_command_does(&db);
    assert_eq!(pragma(&db, "user_version"), latest_version());
    assert_eq!(
        stdout_of(&db, &["export", "--cycle", "IJB Feb 2020", "--no-bom"]),
        "Report Recommendation,Improvement Action,Milestone detail,Lead,Timeline,Comment/RAG,RAG\r\n\
         Leadership,Review the OD programme,Programme refocused,Sharon Simpson,Dec 19,Slipped.,R\r\n\
         ,,Second milestone,Sharon Simpson,Q1 2020/21,Complete.,G\r\n"
    );
    actionplan(&db)
        .arg("check-db")
        .assert()
        .success()
        .stdout("ok\n");
    let conn = Connection::open(&db).unwrap();
    conn.pragma_update(None, "foreign_keys", true).unwrap();
    let dangling: i64 = conn
        .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(dangling, 0);
    let kept: (i64, i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM milestone_update), (SELECT count(*) FROM cycle_milestone),
                    (SELECT count(*) FROM milestone_proposal)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(kept, (1, 2, 1));
    // The rebuilt tables keep their rules: append-only history, frozen
    // cycles, foreign keys to the new milestone table, the widened CHECKs.
    let err = conn
        .execute("UPDATE milestone_update SET rag = 'G'", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    let err = conn
        .execute("UPDATE cycle_milestone SET rag = 'G'", [])
        .unwrap_err();
    assert!(err.to_string().contains("frozen"), "{err}");
    let err = conn
        .execute(
            "INSERT INTO milestone_update (milestone_id, on_date, recorded_at, rag)
             VALUES (99, '2020-03-01', '2020-03-01T00:00:00Z', 'G')",
            [],
        )
        .unwrap_err();
    assert!(err.to_string().contains("FOREIGN KEY"), "{err}");
    conn.execute(
        "INSERT INTO milestone_update (milestone_id, on_date, recorded_at, status, rag)
         VALUES (1, '2020-03-01', '2020-03-01T00:00:00Z', 'closed', 'B')",
        [],
    )
    .unwrap();
    let err = conn
        .execute("UPDATE milestone SET rag = 'Purple' WHERE id = 1", [])
        .unwrap_err();
    assert!(err.to_string().contains("CHECK"), "{err}");
}

/// Regression: migration 004 merged people whose names shared the text before
/// a comma ("Smith, Ann" and "Smith, John"), changing who led milestones in
/// history. Upgrading now only keys people: each stays, with their milestones.
#[test]
fn regression_upgrading_never_merges_people_spelt_alike_or_sharing_a_surname() {
    let dir = Workdir::new();
    let db = dir.path().join("release.db");
    make_version_3(&db);
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch(
        "INSERT INTO person VALUES (2, 'SHARON  SIMPSON.');
         INSERT INTO person VALUES (3, 'Smith, Ann');
         INSERT INTO person VALUES (4, 'Smith, John');
         INSERT INTO person VALUES (5, 'Head of Service, Children');
         INSERT INTO person VALUES (6, 'Head of Service, Adults');
         INSERT INTO milestone_lead VALUES (1, 2, 3);
         INSERT INTO milestone_lead VALUES (1, 3, 5);
         INSERT INTO milestone_lead VALUES (2, 2, 2);
         INSERT INTO milestone_lead VALUES (2, 3, 4);
         INSERT INTO milestone_lead VALUES (2, 4, 6);",
    )
    .unwrap();
    drop(conn);
    let leads = |db: &Path| -> Vec<String> {
        let conn = Connection::open(db).unwrap();
        conn.prepare(
            "SELECT ml.milestone_id || ' ' || ml.position || ' ' || p.name
               FROM milestone_lead ml JOIN person p ON p.id = ml.person_id
              ORDER BY ml.milestone_id, ml.position",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
    };
    let before = leads(&db);
    assert_eq!(
        stdout_of(&db, &["list", "--lead", "smith, john", "--format", "csv"]),
        "\u{feff}id,plan,theme,action,milestone,leads,timeline,due,status,rag,comment\r\n\
         2,Old plan,Leadership,Review the OD programme,Second milestone,\
         \"Sharon Simpson; SHARON  SIMPSON.; Smith, John; Head of Service, Adults\",\
         Q1 2020/21,2020-06-30,complete,G,Complete.\r\n"
    );
    open_as_a_write_command_does(&db);
    assert_eq!(pragma(&db, "user_version"), latest_version());
    assert_eq!(leads(&db), before, "nobody merged, no lead changed");
    let conn = Connection::open(&db).unwrap();
    let keys: Vec<String> = conn
        .prepare("SELECT name_key FROM person ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        keys,
        [
            "sharon simpson",
            "sharon simpson",
            "smith, ann",
            "smith, john",
            "head of service, children",
            "head of service, adults"
        ]
    );
}

/// A read-only command on an older database upgrades a copy in memory (as
/// `import --update --dry-run` tries its changes on one): a page size other
/// than SQLite's default is copied too, and the file is not written.
#[test]
fn an_older_database_with_another_page_size_is_read_without_writing() {
    let dir = Workdir::new();
    let db = dir.path().join("release.db");
    make_version_3(&db);
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch("PRAGMA page_size = 8192; VACUUM;")
        .unwrap();
    assert_eq!(
        conn.query_row("PRAGMA page_size", [], |row| row.get::<_, i64>(0))
            .unwrap(),
        8192
    );
    drop(conn);
    let before = std::fs::read(&db).unwrap();
    assert!(
        stdout_of(&db, &["list", "--format", "csv"]).contains("Programme refocused"),
        "the old database is read"
    );
    assert_eq!(std::fs::read(&db).unwrap(), before);
}
