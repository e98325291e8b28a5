//! `actionplan backup` and `actionplan check-db`, run through the real binary.

use std::fs;
use std::path::{Path, PathBuf};

use predicates::prelude::*;
use rusqlite::Connection;

mod common;
use common::{SEED_PLAN, Workdir, actionplan};

/// A database holding the seed plan as "NL".
fn seeded(dir: &Path) -> PathBuf {
    let db = dir.join("plan.db");
    actionplan(&db)
        .args(["import", SEED_PLAN, "--plan", "NL"])
        .assert()
        .success();
    db
}

fn count(db: &Path, table: &str) -> i64 {
    let conn = Connection::open(db).unwrap();
    conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn backup_holds_what_the_wal_holds_and_a_plain_copy_does_not() {
    let dir = Workdir::new();
    let db = seeded(dir.path());
    // Someone keeps the plan open (as Excel or a second user would), so the
    // next import stays in plan.db-wal and is not yet in plan.db itself.
    let reader = Connection::open(&db).unwrap();
    let plans: i64 = reader
        .query_row("SELECT count(*) FROM plan", [], |r| r.get(0))
        .unwrap();
    assert_eq!(plans, 1);
    actionplan(&db)
        .args(["import", SEED_PLAN, "--plan", "Second"])
        .assert()
        .success();
    assert!(dir.path().join("plan.db-wal").exists());

    let plain_copy = dir.path().join("plain-copy.db");
    fs::copy(&db, &plain_copy).unwrap();
    assert_eq!(count(&plain_copy, "plan"), 1, "a plain copy misses the WAL");

    let backup = dir.path().join("backup.db");
    actionplan(&db)
        .arg("backup")
        .arg(&backup)
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::starts_with("backed up "));
    drop(reader);
    assert_eq!(count(&backup, "plan"), 2);
    assert_eq!(count(&backup, "milestone"), 76);
    assert!(!dir.path().join("backup.db-wal").exists());
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    actionplan(&backup)
        .arg("check-db")
        .assert()
        .success()
        .stdout("ok\n");
}

#[test]
fn backup_refuses_an_existing_file_unless_forced() {
    let dir = Workdir::new();
    let db = seeded(dir.path());
    let target = dir.path().join("existing.db");
    fs::write(&target, b"precious").unwrap();
    actionplan(&db)
        .arg("backup")
        .arg(&target)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("exists already: give --force"));
    assert_eq!(fs::read(&target).unwrap(), b"precious");
    actionplan(&db)
        .arg("backup")
        .arg(&target)
        .arg("--force")
        .assert()
        .success();
    assert_eq!(count(&target, "milestone"), 38);
}

#[test]
fn backup_onto_the_database_itself_is_refused() {
    let dir = Workdir::new();
    let db = seeded(dir.path());
    let before = fs::read(&db).unwrap();
    actionplan(&db)
        .arg("backup")
        .arg(&db)
        .arg("--force")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is the database itself"));
    assert_eq!(fs::read(&db).unwrap(), before);
}

#[test]
fn backup_into_a_missing_directory_fails_and_leaves_nothing() {
    let dir = Workdir::new();
    let db = seeded(dir.path());
    let target = dir.path().join("no-such-dir").join("backup.db");
    actionplan(&db)
        .arg("backup")
        .arg(&target)
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("actionplan: "));
    assert!(!dir.path().join("no-such-dir").exists());
}

#[test]
fn backup_of_a_missing_database_creates_nothing() {
    let dir = Workdir::new();
    let db = dir.path().join("none.db");
    actionplan(&db)
        .arg("backup")
        .arg(dir.path().join("b.db"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no database at"));
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn check_db_says_ok_on_a_sound_database() {
    let dir = Workdir::new();
    let db = seeded(dir.path());
    actionplan(&db)
        .arg("check-db")
        .assert()
        .success()
        .stdout("ok\n")
        .stderr("");
}

#[test]
fn check_db_flags_a_row_whose_foreign_key_points_at_nothing() {
    let dir = Workdir::new();
    let db = seeded(dir.path());
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         INSERT INTO milestone_update (milestone_id, on_date, recorded_at, rag)
         VALUES (9999, '2020-01-01', '2020-01-01T00:00:00Z', 'R');",
    )
    .unwrap();
    drop(conn);
    actionplan(&db)
        .arg("check-db")
        .assert()
        .code(1)
        .stdout(
            "foreign key: milestone_update row 1 refers to a milestone row that does not exist\n",
        )
        .stderr(predicate::str::contains("1 fault(s) found"));
}

#[test]
fn check_db_flags_a_cached_state_that_does_not_match_the_history() {
    let dir = Workdir::new();
    let db = seeded(dir.path());
    actionplan(&db)
        .args([
            "update",
            "18",
            "--rag",
            "R",
            "--comment",
            "Delayed",
            "--on",
            "2020-02-10",
        ])
        .assert()
        .success();
    actionplan(&db)
        .arg("check-db")
        .assert()
        .success()
        .stdout("ok\n");
    let conn = Connection::open(&db).unwrap();
    conn.execute("UPDATE milestone SET rag = 'G' WHERE id = 18", [])
        .unwrap();
    conn.execute("UPDATE milestone SET due = '2030-01-01' WHERE id = 19", [])
        .unwrap();
    drop(conn);
    actionplan(&db)
        .arg("check-db")
        .assert()
        .code(1)
        .stdout(
            "milestone 18: its cached current state does not match its history: RAG G (history: R)\n\
             milestone 19: its cached current state does not match its history: due 2030-01-01 (history: 2019-12-31)\n",
        );
}

#[test]
fn check_db_flags_a_table_that_disagrees_with_its_index() {
    let dir = Workdir::new();
    let db = seeded(dir.path());
    let copy = dir.path().join("copy.db");
    actionplan(&db).arg("backup").arg(&copy).assert().success();
    // Change one byte of a person's name in the table's page only: the
    // unique index on person.name still holds the old name.
    let mut bytes = fs::read(&copy).unwrap();
    let at = bytes
        .windows(b"Sharon Simpson".len())
        .position(|w| w == b"Sharon Simpson")
        .unwrap();
    bytes[at + 13] = b'm';
    fs::write(&copy, &bytes).unwrap();
    actionplan(&copy)
        .arg("check-db")
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("integrity: "))
        .stdout(predicate::str::contains(
            "missing from index sqlite_autoindex_person_1",
        ));
}

#[test]
fn check_db_flags_a_page_overwritten_with_garbage() {
    let dir = Workdir::new();
    let db = seeded(dir.path());
    let copy = dir.path().join("copy.db");
    actionplan(&db).arg("backup").arg(&copy).assert().success();
    let conn = Connection::open(&copy).unwrap();
    let (page_size, root): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT page_size FROM pragma_page_size()), rootpage
               FROM sqlite_schema WHERE name = 'milestone'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    drop(conn);
    let mut bytes = fs::read(&copy).unwrap();
    let start = ((root - 1) * page_size) as usize;
    bytes[start..start + page_size as usize].fill(0xFF);
    fs::write(&copy, &bytes).unwrap();
    actionplan(&copy)
        .arg("check-db")
        .assert()
        .code(1)
        .stdout(predicate::str::contains("malformed"))
        .stderr(predicate::str::contains("fault(s) found"));
}

#[test]
fn check_db_of_a_missing_database_is_an_error() {
    let dir = Workdir::new();
    actionplan(&dir.path().join("none.db"))
        .arg("check-db")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no database at"));
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn export_into_a_missing_directory_fails_cleanly_and_leaves_nothing() {
    let dir = Workdir::new();
    let db = seeded(dir.path());
    let before: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    let target = dir.path().join("no-such-dir").join("appendix.csv");
    actionplan(&db)
        .arg("export")
        .arg("-o")
        .arg(&target)
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with("actionplan: writing "))
        .stderr(predicate::str::contains("no-such-dir"))
        .stderr(predicate::str::contains("panicked").not());
    let after: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(after, before);
}

#[test]
fn export_replaces_an_existing_file_whole_and_leaves_no_partial_file() {
    let dir = Workdir::new();
    let db = seeded(dir.path());
    let target = dir.path().join("appendix.csv");
    fs::write(&target, "old contents that are longer than nothing").unwrap();
    actionplan(&db)
        .arg("export")
        .arg("-o")
        .arg(&target)
        .assert()
        .success()
        .stdout("")
        .stderr("wrote ".to_string() + &target.display().to_string() + " (38 milestones)\n");
    let written = fs::read(&target).unwrap();
    assert!(written.starts_with(b"\xEF\xBB\xBFReport Recommendation,"));
    assert!(written.ends_with(b"\r\n"));
    let names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("partial"))
        .collect();
    assert!(names.is_empty(), "{names:?}");
}

#[test]
fn backups_taken_while_updates_are_written_are_each_consistent() {
    let dir = Workdir::new();
    let db = seeded(dir.path());
    let updates = 40;
    let writer = {
        let db = db.clone();
        std::thread::spawn(move || {
            for i in 0..updates {
                actionplan(&db)
                    .args(["update", &(1 + i % 38).to_string(), "--rag", "R"])
                    .args(["--comment", &format!("update {i}"), "--on", "2020-03-01"])
                    .assert()
                    .success();
            }
        })
    };
    let mut counts = Vec::new();
    for i in 0..6 {
        let copy = dir.path().join(format!("backup-{i}.db"));
        actionplan(&db).arg("backup").arg(&copy).assert().success();
        actionplan(&copy)
            .arg("check-db")
            .assert()
            .success()
            .stdout("ok\n");
        // In every copy, each updated milestone shows its own latest update.
        let conn = Connection::open(&copy).unwrap();
        let mismatched: i64 = conn
            .query_row(
                "SELECT count(*) FROM milestone m
                  WHERE EXISTS (SELECT 1 FROM milestone_update u WHERE u.milestone_id = m.id)
                    AND m.comment <> (SELECT u.comment FROM milestone_update u
                                       WHERE u.milestone_id = m.id
                                       ORDER BY u.on_date DESC, u.id DESC LIMIT 1)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(mismatched, 0, "backup {i}");
        counts.push(count(&copy, "milestone_update"));
    }
    writer.join().unwrap();
    eprintln!("updates seen by the backups: {counts:?}");
    assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{counts:?}");
    assert!(counts.iter().all(|&c| c <= updates as i64), "{counts:?}");
    let last = dir.path().join("final.db");
    actionplan(&db).arg("backup").arg(&last).assert().success();
    assert_eq!(count(&last, "milestone_update"), updates as i64);
}
