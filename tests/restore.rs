//! `actionplan restore`, and write commands refusing a damaged database.

use std::fs;

use rusqlite::Connection;

mod common;

use common::{
    Workdir, copy_with_updates_only_in_the_wal, damage_milestone_table, listing, schema_version,
    with_release_0_1_0_database,
};

#[test]
fn restore_puts_the_backup_back_and_keeps_the_database_as_it_was() {
    let work = Workdir::with_seed_plan();
    let backup = work.file("backup.db");
    work.ok(&["backup", backup.to_str().unwrap()]);
    let backed_up = work.dump();
    work.ok(&[
        "update",
        "3",
        "--rag",
        "R",
        "--comment",
        "After the backup.",
        "--on",
        "2020-01-10",
    ]);
    let updated = work.dump();
    assert_ne!(updated, backed_up);

    let output = work.run(&["restore", backup.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("(1 plan); the database as it was is kept at"),
        "{stderr}"
    );
    assert_eq!(work.dump(), backed_up);
    let kept: Vec<String> = listing(work.path())
        .into_iter()
        .filter(|name| name.starts_with("actionplan.db.before-restore-"))
        .collect();
    assert_eq!(kept.len(), 1, "{:?}", listing(work.path()));
    let kept_plan = Workdir::new();
    fs::copy(work.file(&kept[0]), kept_plan.db()).unwrap();
    assert_eq!(kept_plan.dump(), updated);
    assert_eq!(work.ok(&["check-db"]), "ok\n");
}

/// Regression: a backup copied over plan.db by hand while an old plan.db-wal
/// is beside it has that log replayed onto it. restore writes through
/// SQLite, so the stale log is never laid over the backup.
#[test]
fn restore_with_a_stale_wal_beside_the_database_gives_exactly_the_backup() {
    let work = Workdir::with_seed_plan();
    let backup = work.file("backup.db");
    work.ok(&["backup", backup.to_str().unwrap()]);
    let backed_up = work.dump();
    // Later updates left only in the -wal, as a crash leaves them.
    let crashed = copy_with_updates_only_in_the_wal(
        &work,
        &[
            &["update", "3", "--rag", "R", "--on", "2020-01-10"],
            &["update", "4", "--rag", "R", "--on", "2020-01-10"],
            &["update", "5", "--rag", "R", "--on", "2020-01-10"],
        ],
    );

    crashed.ok(&["restore", backup.to_str().unwrap()]);
    assert_eq!(crashed.dump(), backed_up);
    assert_eq!(crashed.ok(&["check-db"]), "ok\n");
    crashed.ok(&["update", "6", "--rag", "R", "--on", "2020-01-11"]);
    assert_eq!(crashed.ok(&["check-db"]), "ok\n");
}

#[test]
fn restore_over_a_damaged_database_works_and_keeps_the_damaged_file() {
    let work = Workdir::with_seed_plan();
    let backup = work.file("backup.db");
    work.ok(&["backup", backup.to_str().unwrap()]);
    let backed_up = work.dump();
    damage_milestone_table(&work.db());
    work.ok(&["restore", backup.to_str().unwrap()]);
    assert_eq!(work.dump(), backed_up);
    assert_eq!(work.ok(&["check-db"]), "ok\n");
    assert!(
        listing(work.path())
            .iter()
            .any(|name| name.starts_with("actionplan.db.before-restore-"))
    );
}

#[test]
fn restore_refuses_a_backup_that_is_not_sound_and_leaves_the_database_alone() {
    let work = Workdir::with_seed_plan();
    let before = fs::read(work.db()).unwrap();
    let text = work.write(
        "notes.db",
        "not a database at all, just some notes\n".repeat(100),
    );
    let stderr = work.fails(&["restore", &text]);
    assert!(
        stderr.contains("notes.db is not an actionplan database"),
        "{stderr}"
    );

    let other = work.file("other.db");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t(x); INSERT INTO t VALUES (1);")
        .unwrap();
    let stderr = work.fails(&["restore", other.to_str().unwrap()]);
    assert!(
        stderr.contains("other.db is not an actionplan database"),
        "{stderr}"
    );

    let damaged = work.file("damaged.db");
    work.ok(&["backup", damaged.to_str().unwrap()]);
    damage_milestone_table(&damaged);
    let stderr = work.fails(&["restore", damaged.to_str().unwrap()]);
    assert!(
        stderr.contains("damaged.db failed its integrity check"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was restored"), "{stderr}");

    let stderr = work.fails(&["restore", work.db().to_str().unwrap()]);
    assert!(stderr.contains("is the database itself"), "{stderr}");
    let stderr = work.fails(&["restore", "missing.db"]);
    assert!(stderr.contains("no backup at missing.db"), "{stderr}");

    assert_eq!(fs::read(work.db()).unwrap(), before);
    assert!(
        !listing(work.path())
            .iter()
            .any(|name| name.contains("before-restore"))
    );
}

/// Regression: `update` wrote to a malformed file and exited 0. Every write
/// command refuses a database failing `PRAGMA quick_check`, writing nothing.
#[test]
fn write_commands_refuse_a_damaged_database_and_write_nothing() {
    let work = Workdir::with_seed_plan();
    damage_milestone_table(&work.db());
    let before = fs::read(work.db()).unwrap();
    for args in [
        &["update", "3", "--rag", "R"][..],
        &["complete", "3"],
        &["cycle", "close", "IJB", "--on", "2020-02-18"],
        &["link", "--milestone", "3", "--proposal", "2.3"],
        &["import", common::SEED_PLAN, "--plan", "Second"],
    ] {
        let stderr = work.fails(args);
        assert!(
            stderr.contains("actionplan.db failed its quick check"),
            "{args:?}: {stderr}"
        );
        assert!(stderr.contains("nothing was written"), "{args:?}: {stderr}");
        assert_eq!(fs::read(work.db()).unwrap(), before, "{args:?}");
    }
}

/// Above 4 MiB a write does not read the whole file first (a national
/// database would pay seconds per update): a damaged table it touches is
/// still refused by SQLite's own page checks, with nothing written.
#[test]
fn a_large_damaged_database_is_refused_by_the_write_that_meets_the_damage() {
    let work = Workdir::new();
    let mut csv = String::from(
        "Report Recommendation,Improvement Action,Milestone detail,Lead,Timeline,Comment/RAG,RAG\r\n",
    );
    for n in 0..12_000 {
        csv.push_str(&format!(
            "Theme {},Action {},Milestone {n} with a detail long enough to fill the pages of a real plan,Lead {},Sep 19,In progress and reported on at every committee meeting so far.,A\r\n",
            n / 1_200,
            n / 10,
            n % 40
        ));
    }
    let plan = work.write("large.csv", csv);
    work.ok(&["import", &plan, "--plan", "Large"]);
    let size = fs::metadata(work.db()).unwrap().len();
    assert!(
        size > 4 * 1024 * 1024,
        "{size} bytes: not past the quick-check limit"
    );
    damage_milestone_table(&work.db());
    let before = fs::read(work.db()).unwrap();
    let stderr = work.fails(&["update", "3", "--rag", "R", "--on", "2020-01-10"]);
    assert!(stderr.contains("malformed"), "{stderr}");
    assert_eq!(fs::read(work.db()).unwrap(), before);
}

/// Regression: the safety copy restore keeps was taken after opening the
/// current file had upgraded it, so it was not the file as it was. It is now
/// copied from a connection that does not upgrade.
#[test]
fn regression_the_safety_copy_is_the_older_database_as_it_was() {
    let seeded = Workdir::with_seed_plan();
    let backup = seeded.file("backup.db");
    seeded.ok(&["backup", backup.to_str().unwrap()]);
    let work = Workdir::new();
    with_release_0_1_0_database(&work);
    let as_it_was = work.dump();
    let output = work.run(&["restore", backup.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    let kept: Vec<String> = listing(work.path())
        .into_iter()
        .filter(|name| name.starts_with("actionplan.db.before-restore-"))
        .collect();
    assert_eq!(kept.len(), 1, "{:?}", listing(work.path()));
    assert_eq!(schema_version(&work.file(&kept[0])), 3);
    let kept_plan = Workdir::new();
    fs::copy(work.file(&kept[0]), kept_plan.db()).unwrap();
    assert_eq!(kept_plan.dump(), as_it_was);
}
