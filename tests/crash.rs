//! Crash safety: the real binary is killed with SIGKILL part-way through a
//! large import, and part-way through updates, again and again. Afterwards the
//! database passes `PRAGMA integrity_check`, and each write is either wholly
//! there or not there at all.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use rusqlite::Connection;

mod common;
use common::{SEED_PLAN, Workdir, actionplan, actionplan_process};

const BIG_ROWS: i64 = 20_000;

fn start(db: &Path, args: &[&str]) -> Child {
    actionplan_process(db)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap()
}

/// Kills a child with SIGKILL (what `Child::kill` sends on Unix); true if it
/// was still running, false if it had already finished.
fn kill(child: &mut Child) -> bool {
    let running = child.try_wait().unwrap().is_none();
    if running {
        child.kill().unwrap();
    }
    child.wait().unwrap();
    running
}

/// A 20,000-row appendix: 20 recommendations of 100 actions of 10 milestones.
fn write_big_appendix(path: &Path) {
    let mut text = String::from(
        "Report Recommendation,Improvement Action,Milestone detail,Lead,Timeline,Comment/RAG,RAG\r\n",
    );
    let mut row = 0;
    for theme in 0..20 {
        for action in 0..100 {
            for milestone in 0..10 {
                let theme_cell = if action == 0 && milestone == 0 {
                    format!("Recommendation {theme}")
                } else {
                    String::new()
                };
                let action_cell = if milestone == 0 {
                    format!("Action {theme}.{action}")
                } else {
                    String::new()
                };
                text.push_str(&format!(
                    "{theme_cell},{action_cell},Milestone {theme}.{action}.{milestone} with some detail,\"Lead {}\nDeputy {}\",Sep 19,In progress: a comment of a realistic length for the paper.,{}\r\n",
                    row % 50,
                    row % 7,
                    ["R", "A", "G"][row % 3]
                ));
                row += 1;
            }
        }
    }
    fs::write(path, text).unwrap();
}

fn seeded_template(dir: &Path) -> PathBuf {
    let db = dir.join("template.db");
    let status = actionplan_process(&db)
        .args(["import", SEED_PLAN, "--plan", "NL"])
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    db
}

fn copy_database(template: &Path, db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = fs::remove_file(format!("{}{suffix}", db.display()));
    }
    fs::copy(template, db).unwrap();
}

fn integrity(conn: &Connection) -> String {
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

/// Milestones of the plan named `plan`, and whether the plan row exists.
fn plan_size(conn: &Connection, plan: &str) -> (bool, i64) {
    let exists: bool = conn
        .query_row(
            "SELECT count(*) > 0 FROM plan WHERE name = ?1",
            [plan],
            |r| r.get(0),
        )
        .unwrap();
    let milestones: i64 = conn
        .query_row(
            "SELECT count(*) FROM milestone m JOIN action a ON a.id = m.action_id
               JOIN theme t ON t.id = a.theme_id JOIN plan p ON p.id = t.plan_id
              WHERE p.name = ?1",
            [plan],
            |r| r.get(0),
        )
        .unwrap();
    (exists, milestones)
}

/// How a killed import left the database: all there or none of it.
fn check_after_killed_import(db: &Path, when: &str) -> bool {
    let conn = Connection::open(db).unwrap();
    assert_eq!(integrity(&conn), "ok", "{when}");
    assert_eq!(plan_size(&conn, "NL"), (true, 38), "{when}: the seed plan");
    let (exists, milestones) = plan_size(&conn, "Big");
    match (exists, milestones) {
        (false, 0) => false,
        (true, BIG_ROWS) => true,
        other => panic!("{when}: the import was half stored: {other:?}"),
    }
}

/// Waits until the -wal file holds at least `bytes`, or the child ends.
fn wait_for_wal(db: &Path, bytes: u64, child: &mut Child, limit: Duration) {
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    let started = Instant::now();
    while started.elapsed() < limit && child.try_wait().unwrap().is_none() {
        if fs::metadata(&wal).is_ok_and(|m| m.len() >= bytes) {
            return;
        }
        sleep(Duration::from_millis(1));
    }
}

#[test]
fn an_import_killed_at_any_point_is_all_there_or_not_there_at_all() {
    let dir = Workdir::new();
    let big = dir.path().join("big.csv");
    write_big_appendix(&big);
    let template = seeded_template(dir.path());
    let db = dir.path().join("plan.db");

    // Killed after a fixed time: mostly while the file is still being read.
    let mut killed_running = 0;
    for millis in [5, 20, 50, 100, 200] {
        copy_database(&template, &db);
        let mut child = start(&db, &["import", big.to_str().unwrap(), "--plan", "Big"]);
        sleep(Duration::from_millis(millis));
        let was_running = kill(&mut child);
        killed_running += usize::from(was_running);
        check_after_killed_import(&db, &format!("killed after {millis} ms"));
    }
    assert!(
        killed_running >= 4,
        "only {killed_running} of 5 kills hit a running import"
    );

    // Killed while the transaction is being written: once the write-ahead
    // log has grown past each size (uncommitted pages spill into it).
    let mut killed_writing = 0;
    for wal_bytes in [1, 512 * 1024, 2 * 1024 * 1024, 6 * 1024 * 1024] {
        copy_database(&template, &db);
        let mut child = start(&db, &["import", big.to_str().unwrap(), "--plan", "Big"]);
        wait_for_wal(&db, wal_bytes, &mut child, Duration::from_secs(30));
        let was_running = kill(&mut child);
        let stored = check_after_killed_import(&db, &format!("killed at WAL {wal_bytes} bytes"));
        if was_running && !stored {
            killed_writing += 1;
        }
        eprintln!("WAL {wal_bytes}: running {was_running}, stored {stored}");
    }
    assert!(
        killed_writing >= 2,
        "only {killed_writing} kills hit the write"
    );
    eprintln!(
        "{killed_running} of 5 timed kills and {killed_writing} of 4 kills during the write hit a running import"
    );

    // Not killed: all 20,000 rows arrive, so "all there" above means something.
    copy_database(&template, &db);
    let status = start(&db, &["import", big.to_str().unwrap(), "--plan", "Big"])
        .wait()
        .unwrap();
    assert!(status.success());
    assert!(check_after_killed_import(&db, "not killed"));
}

#[test]
fn an_import_into_a_new_database_killed_early_leaves_nothing_half_made() {
    let dir = Workdir::new();
    let mut files_left = 0;
    for millis in [0, 2, 5, 10, 20, 40] {
        let db = dir.path().join(format!("new-{millis}.db"));
        let mut child = start(&db, &["import", SEED_PLAN, "--plan", "NL"]);
        sleep(Duration::from_millis(millis));
        kill(&mut child);
        if !db.exists() {
            continue;
        }
        files_left += 1;
        let conn = Connection::open(&db).unwrap();
        assert_eq!(integrity(&conn), "ok", "killed after {millis} ms");
        drop(conn);
        // Whatever is there, the binary opens it, and the plan is whole or absent.
        let output = actionplan(&db)
            .args(["plans", "--format", "csv"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success() || stderr.contains("holds no plan yet"),
            "killed after {millis} ms: {stderr}"
        );
        let conn = Connection::open(&db).unwrap();
        let (exists, milestones) = plan_size(&conn, "NL");
        assert!(
            matches!((exists, milestones), (false, 0) | (true, 38)),
            "killed after {millis} ms: {exists} {milestones}"
        );
    }
    eprintln!("{files_left} of 6 kills left a database file, each sound");
}

/// The latest update of a milestone by date then id, and the milestone's
/// cached comment and RAG: they must agree.
fn latest_and_current(conn: &Connection, milestone: i64) -> (i64, Option<String>, String) {
    let updates: i64 = conn
        .query_row(
            "SELECT count(*) FROM milestone_update WHERE milestone_id = ?1",
            [milestone],
            |r| r.get(0),
        )
        .unwrap();
    let latest: Option<String> = conn
        .query_row(
            "SELECT comment FROM milestone_update WHERE milestone_id = ?1
              ORDER BY on_date DESC, id DESC LIMIT 1",
            [milestone],
            |r| r.get(0),
        )
        .ok();
    let current: String = conn
        .query_row(
            "SELECT comment FROM milestone WHERE id = ?1",
            [milestone],
            |r| r.get(0),
        )
        .unwrap();
    (updates, latest, current)
}

#[test]
fn updates_killed_at_any_point_are_all_there_or_not_there_at_all() {
    let dir = Workdir::new();
    let db = seeded_template(dir.path());
    let delays = [0u64, 1, 2, 3, 5, 8, 12, 20, 30, 60, 120];
    let mut recorded = 0;
    let mut lost = 0;
    for round in 0..44 {
        let millis = delays[round % delays.len()];
        let on = format!("2020-{:02}-{:02}", 1 + round / 28, 1 + round % 28);
        let comment = format!("crash test round {round}");
        let mut child = start(
            &db,
            &[
                "update",
                "5",
                "--rag",
                "A",
                "--comment",
                &comment,
                "--on",
                &on,
            ],
        );
        sleep(Duration::from_millis(millis));
        kill(&mut child);
        let conn = Connection::open(&db).unwrap();
        assert_eq!(integrity(&conn), "ok", "round {round}");
        let (updates, latest, current) = latest_and_current(&conn, 5);
        if updates == recorded + 1 {
            assert_eq!(latest.as_deref(), Some(comment.as_str()), "round {round}");
            recorded += 1;
        } else {
            assert_eq!(
                updates, recorded,
                "round {round}: updates appeared from nowhere"
            );
            lost += 1;
        }
        // The cached current state always matches the history.
        match latest {
            Some(latest) => assert_eq!(current, latest, "round {round}"),
            None => assert_eq!(recorded, 0),
        }
    }
    eprintln!("{recorded} updates kept, {lost} killed before they committed");
    assert!(lost > 0, "no kill landed before a commit");
    assert!(recorded > 0, "no update finished");
}
