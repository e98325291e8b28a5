//! Safe on a shared drive: the journal mode (`--journal`, `ACTIONPLAN_JOURNAL`,
//! chosen by the file system otherwise), switching mode on an existing file,
//! and commands that only read opening the file read-only: they create no
//! files beside it, change nothing, and work in a folder nobody may write.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::Command;

use rusqlite::Connection;

mod common;

use common::{
    SEED_PLAN, Workdir, copy_with_updates_only_in_the_wal, listing, schema_version,
    with_release_0_1_0_database,
};

/// A user id that is not ours, to act as a colleague when the tests run as root.
const COLLEAGUE: u32 = 65534;
/// A second one, for the owner of a plan in the colleague tests.
const OWNER: u32 = 65533;

fn journal_mode(db: &Path) -> String {
    let conn = Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap()
}

/// True when this process runs as root (a file it makes is owned by uid 0).
fn running_as_root() -> bool {
    let dir = tempfile::tempdir().unwrap();
    let probe = dir.path().join("probe");
    fs::write(&probe, "").unwrap();
    fs::metadata(&probe).unwrap().uid() == 0
}

fn binary() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("actionplan")
}

/// The binary run as user `uid` when we are root (as ourselves otherwise).
fn as_user(uid: u32, db: &Path, args: &[&str]) -> std::process::Output {
    let mut command = Command::new(binary());
    command
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("ACTIONPLAN_DB")
        .env_remove("ACTIONPLAN_JOURNAL")
        .env("NO_COLOR", "1")
        .current_dir("/");
    if running_as_root() {
        command.uid(uid).gid(uid);
    }
    command.output().unwrap()
}

#[test]
fn journal_delete_writes_the_rollback_journal_and_leaves_no_wal() {
    let work = Workdir::new();
    work.ok(&["--journal", "delete", "import", SEED_PLAN, "--plan", "NL"]);
    work.ok(&[
        "--journal",
        "delete",
        "update",
        "3",
        "--rag",
        "R",
        "--on",
        "2020-01-10",
    ]);
    assert_eq!(journal_mode(&work.db()), "delete");
    assert_eq!(listing(work.path()), ["actionplan.db"]);
    let synchronous: i64 = {
        // synchronous is per connection: read it through the same path the binary takes.
        let store = actionplan::store::Store::open_with_journal(
            &work.db(),
            actionplan::store::OpenMode::MustExist,
            actionplan::store::JournalChoice::Delete,
        )
        .unwrap();
        store
            .conn()
            .query_row("PRAGMA synchronous", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(synchronous, 2, "synchronous=FULL");
}

#[test]
fn actionplan_journal_in_the_environment_chooses_the_mode_and_a_bad_value_is_refused() {
    let work = Workdir::new();
    let output = work
        .command(&["import", SEED_PLAN, "--plan", "NL"])
        .env("ACTIONPLAN_JOURNAL", "delete")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(journal_mode(&work.db()), "delete");
    let output = work
        .command(&["update", "3", "--rag", "R"])
        .env("ACTIONPLAN_JOURNAL", "truncate")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(
            "ACTIONPLAN_JOURNAL: \"truncate\" is not a journal mode: expected wal, delete or auto"
        ),
        "{stderr}"
    );
}

#[test]
fn a_local_plan_is_written_in_wal_by_default() {
    let work = Workdir::with_seed_plan();
    assert_eq!(journal_mode(&work.db()), "wal");
}

/// A WAL file whose last update is still only in its `-wal` (as after a crash)
/// is switched to the rollback journal with that update kept, and back again.
#[test]
fn switching_an_existing_file_between_modes_keeps_what_only_the_wal_held() {
    let work = Workdir::with_seed_plan();
    let crashed = copy_with_updates_only_in_the_wal(
        &work,
        &[&[
            "update",
            "3",
            "--rag",
            "R",
            "--comment",
            "Only in the WAL.",
            "--on",
            "2020-01-10",
        ]],
    );

    crashed.ok(&[
        "--journal",
        "delete",
        "update",
        "4",
        "--rag",
        "R",
        "--on",
        "2020-01-11",
    ]);
    assert_eq!(journal_mode(&crashed.db()), "delete");
    assert_eq!(listing(crashed.path()), ["actionplan.db"]);
    let history = crashed.ok(&["history", "--format", "csv"]);
    assert!(history.contains("Only in the WAL."), "{history}");

    crashed.ok(&[
        "--journal",
        "wal",
        "update",
        "5",
        "--rag",
        "G",
        "--on",
        "2020-01-12",
    ]);
    assert_eq!(journal_mode(&crashed.db()), "wal");
    // Each update's date three times: the update, its milestone's latest
    // update date, and its milestone's state by date (migration 007).
    assert_eq!(
        crashed.dump().matches("2020-01-1").count(),
        3 * 3,
        "{}",
        crashed.dump()
    );
}

/// The file's bytes and modification time, and the folder's listing.
fn snapshot(work: &Workdir) -> (Vec<u8>, i64, Vec<String>) {
    let metadata = fs::metadata(work.db()).unwrap();
    (
        fs::read(work.db()).unwrap(),
        metadata.mtime_nsec() + metadata.mtime() * 1_000_000_000,
        listing(work.path()),
    )
}

const READ_COMMANDS: [&[&str]; 14] = [
    &["list"],
    &["lead", "list"],
    &["list", "--format", "csv"],
    &["plans"],
    &["overdue", "--as-of", "2020-02-18"],
    &["rag"],
    &["show", "3"],
    &["history"],
    &["slipped"],
    &["export"],
    &["weekly", "--as-of", "2020-02-18"],
    &["check", "--as-of", "2020-02-18"],
    &["check-db"],
    // Regression: it opened the database for writing.
    &["returns", "status"],
];

fn read_commands_change_nothing(journal: &str) {
    let work = Workdir::new();
    work.ok(&["--journal", journal, "import", SEED_PLAN, "--plan", "NL"]);
    work.ok(&[
        "--journal",
        journal,
        "update",
        "3",
        "--rag",
        "R",
        "--on",
        "2020-01-10",
    ]);
    let before = snapshot(&work);
    assert_eq!(before.2, ["actionplan.db"]);
    for args in READ_COMMANDS {
        let output = work.run(args);
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert_eq!(
            snapshot(&work),
            before,
            "{args:?} changed the folder or the file"
        );
    }
}

#[test]
fn read_commands_create_no_files_and_change_nothing_in_wal() {
    read_commands_change_nothing("wal");
}

#[test]
fn read_commands_create_no_files_and_change_nothing_with_the_rollback_journal() {
    read_commands_change_nothing("delete");
}

/// A folder and file nobody may write (mode 555 and 444): every read command
/// works, as another user when the tests run as root (root ignores modes).
#[test]
fn read_commands_work_in_a_read_only_folder() {
    for journal in ["wal", "delete"] {
        let work = Workdir::new();
        work.ok(&["--journal", journal, "import", SEED_PLAN, "--plan", "NL"]);
        let expected = work.ok(&["list", "--format", "csv"]);
        fs::set_permissions(work.db(), fs::Permissions::from_mode(0o444)).unwrap();
        fs::set_permissions(work.path(), fs::Permissions::from_mode(0o555)).unwrap();
        for args in READ_COMMANDS {
            let output = as_user(COLLEAGUE, &work.db(), args);
            assert!(
                matches!(output.status.code(), Some(0 | 1)),
                "{journal} {args:?}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        let output = as_user(COLLEAGUE, &work.db(), &["list", "--format", "csv"]);
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            expected,
            "{journal}"
        );
        assert_eq!(listing(work.path()), ["actionplan.db"], "{journal}");
        // A write there fails, naming the file and why.
        let output = as_user(COLLEAGUE, &work.db(), &["update", "3", "--rag", "R"]);
        assert_eq!(output.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(&format!(
                "{} cannot be written: the file is read-only for you",
                work.db().display()
            )),
            "{journal}: {stderr}"
        );
        fs::set_permissions(work.path(), fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// A colleague with read access reads a plan in the rollback journal; the
/// owner's next update still works. In WAL (only when asked for with
/// `--journal wal`: `auto` gives a shared folder the rollback journal) a
/// reader must create `-shm`, which SQLite gives the reader's ownership: the
/// owner's update then fails, and the message names that file; see
/// docs/RELIABILITY.md.
#[test]
fn a_colleague_reading_locks_the_owner_out_only_in_wal() {
    if !running_as_root() {
        eprintln!("skipped: needs root to act as two users");
        return;
    }
    for journal in ["delete", "wal"] {
        let dir = tempfile::tempdir().unwrap();
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o777)).unwrap();
        let db = dir.path().join("plan.db");
        let output = Command::new(binary())
            .arg("--db")
            .arg(&db)
            .args(["--journal", journal, "import", SEED_PLAN, "--plan", "NL"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        std::os::unix::fs::chown(&db, Some(OWNER), Some(OWNER)).unwrap();
        fs::set_permissions(&db, fs::Permissions::from_mode(0o644)).unwrap();
        let read = as_user(COLLEAGUE, &db, &["list"]);
        assert_eq!(read.status.code(), Some(0), "{journal}");
        let update = as_user(
            OWNER,
            &db,
            &["--journal", journal, "update", "3", "--rag", "R"],
        );
        let stderr = String::from_utf8_lossy(&update.stderr);
        if journal == "delete" {
            assert_eq!(update.status.code(), Some(0), "{stderr}");
            assert_eq!(listing(dir.path()), ["plan.db"]);
        } else {
            assert_eq!(update.status.code(), Some(2), "{stderr}");
            assert!(
                stderr.contains("beside it is read-only for you (another user's program made it)"),
                "{stderr}"
            );
        }
    }
}

/// Regression: a plan made with `--journal delete` for a shared drive became
/// WAL after a plain `update` on a machine that sees the file as local (the
/// file server itself). `auto` never moves an existing file to WAL.
#[test]
fn regression_auto_keeps_a_delete_journal_file_in_delete() {
    let work = Workdir::new();
    work.ok(&["--journal", "delete", "import", SEED_PLAN, "--plan", "NL"]);
    work.ok(&["update", "3", "--rag", "R", "--on", "2020-01-10"]);
    assert_eq!(journal_mode(&work.db()), "delete");
    assert_eq!(listing(work.path()), ["actionplan.db"]);
    // Only an explicit --journal wal switches it.
    work.ok(&["--journal", "wal", "update", "3", "--rag", "A"]);
    assert_eq!(journal_mode(&work.db()), "wal");
}

/// Regression: with no `--journal`, a plan created in a folder others may
/// write was WAL, and a colleague's `list` there locked the owner out. `auto`
/// now gives such a folder the rollback journal, so the owner's update works.
#[test]
fn regression_auto_in_a_shared_folder_never_locks_the_owner_out() {
    if !running_as_root() {
        eprintln!("skipped: needs root to act as two users");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o777)).unwrap();
    let db = dir.path().join("plan.db");
    let output = as_user(0, &db, &["import", SEED_PLAN, "--plan", "NL"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(journal_mode(&db), "delete");
    std::os::unix::fs::chown(&db, Some(OWNER), Some(OWNER)).unwrap();
    fs::set_permissions(&db, fs::Permissions::from_mode(0o644)).unwrap();
    let read = as_user(COLLEAGUE, &db, &["list"]);
    assert_eq!(read.status.code(), Some(0));
    let update = as_user(OWNER, &db, &["update", "3", "--rag", "R"]);
    let stderr = String::from_utf8_lossy(&update.stderr);
    assert_eq!(update.status.code(), Some(0), "{stderr}");
    assert_eq!(listing(dir.path()), ["plan.db"]);
}

/// Regression: `list` on a database made by release 0.1.0 (schema 3) ran the
/// whole migration, writing the file. A read command now reads an upgraded
/// copy in memory and leaves the file byte for byte as it was.
#[test]
fn regression_a_read_command_never_upgrades_an_older_database() {
    let work = Workdir::new();
    with_release_0_1_0_database(&work);
    let before = fs::read(work.db()).unwrap();
    // The release's list, after the BOM report CSV has gained since.
    let listed = work.ok_csv(&["list", "--format", "csv"]);
    assert_eq!(
        listed,
        fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/release-0.1.0-list.csv"
        ))
        .unwrap()
    );
    assert_eq!(fs::read(work.db()).unwrap(), before);
    assert_eq!(schema_version(&work.db()), 3);
    assert_eq!(listing(work.path()), ["actionplan.db"]);
}
