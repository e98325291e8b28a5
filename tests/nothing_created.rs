//! Nothing is created by a failure: a refused import leaves no new database,
//! a zero-byte file stays zero bytes, `:memory:` and a missing folder are
//! refused with plain words, and an empty ACTIONPLAN_DB counts as unset.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

mod common;

use common::{SEED_PLAN, Workdir, listing};

fn actionplan(dir: &Path) -> Command {
    let mut command = Command::cargo_bin("actionplan").unwrap();
    command.current_dir(dir).env_remove("ACTIONPLAN_DB");
    command
}

#[test]
fn a_refused_import_leaves_no_new_database_file() {
    let work = Workdir::new();
    let bad = work.write("bad.csv", "Theme,Action\nA,B\n");
    let stderr = work.fails(&["import", &bad, "--plan", "NL"]);
    assert!(stderr.contains("was not imported"), "{stderr}");
    assert_eq!(listing(work.path()), ["bad.csv"]);
}

#[test]
fn a_refused_import_into_an_existing_database_keeps_it() {
    let work = Workdir::with_seed_plan();
    let before = work.dump();
    let bad = work.write("bad.csv", "Theme,Action\nA,B\n");
    work.fails(&["import", &bad, "--plan", "Other"]);
    assert_eq!(work.dump(), before);
}

#[test]
fn list_on_a_zero_byte_file_says_it_is_empty_and_leaves_it_as_it_was() {
    let work = Workdir::new();
    fs::write(work.db(), "").unwrap();
    for args in [&["list"][..], &["plans"], &["overdue"], &["check-db"]] {
        let stderr = work.fails(args);
        assert!(
            stderr.contains("actionplan.db is empty (0 bytes): it holds no plan yet"),
            "{args:?}: {stderr}"
        );
        assert_eq!(fs::metadata(work.db()).unwrap().len(), 0, "{args:?}");
        assert_eq!(listing(work.path()), ["actionplan.db"], "{args:?}");
    }
}

#[test]
fn an_in_memory_database_is_refused_and_no_file_is_made() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        &["import", SEED_PLAN, "--plan", "NL"][..],
        &["update", "3", "--rag", "R"],
        &["list"],
    ] {
        let output = actionplan(dir.path())
            .args(["--db", ":memory:"])
            .args(args)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("--db \":memory:\" names no file: give the database file's path"),
            "{args:?}: {stderr}"
        );
    }
    assert_eq!(listing(dir.path()), Vec::<String>::new());
}

#[test]
fn an_empty_actionplan_db_is_treated_as_unset() {
    let work = Workdir::with_seed_plan();
    let output = actionplan(work.path())
        .env("ACTIONPLAN_DB", "")
        .args(["plans", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).starts_with(
        "\u{feff}name,partnership,themes,actions,milestones,source,imported_at,archived_on\r\nNL,"
    ));
}

/// Regression: a missing folder gave "Error code 14".
#[test]
fn a_missing_folder_in_db_is_named_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("no-such-folder").join("plan.db");
    let output = actionplan(dir.path())
        .arg("--db")
        .arg(&db)
        .args(["import", SEED_PLAN, "--plan", "NL"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr,
        format!(
            "actionplan: folder {} does not exist: create it first or give another --db\n",
            dir.path().join("no-such-folder").display()
        )
    );
    assert_eq!(listing(dir.path()), Vec::<String>::new());
}

/// Regression: the library's own errors named command-line flags (`--db`,
/// `--journal`), which mean nothing to a program using the library. They say
/// what is wrong; the binary adds the flag (the tests above check its words).
#[test]
fn regression_library_errors_name_no_flags() {
    use actionplan::store::{OpenMode, Store};
    let dir = tempfile::tempdir().unwrap();
    let missing_folder = dir.path().join("no-such-folder").join("plan.db");
    let missing_file = dir.path().join("plan.db");
    for (path, mode, expected) in [
        (
            Path::new(":memory:"),
            OpenMode::ReadOnly,
            "\":memory:\" names no file: give the database file's path".to_string(),
        ),
        (
            missing_folder.as_path(),
            OpenMode::CreateIfMissing,
            format!(
                "folder {} does not exist: create it first or name a database in another folder",
                dir.path().join("no-such-folder").display()
            ),
        ),
        (
            missing_file.as_path(),
            OpenMode::ReadOnly,
            format!(
                "no database at {}: import a plan first (actionplan import FILE --plan NAME) or name another database",
                missing_file.display()
            ),
        ),
    ] {
        let message = Store::open(path, mode).err().expect("refused").to_string();
        assert_eq!(message, expected);
        assert!(!message.contains("--db"), "{message}");
    }
    assert_eq!(listing(dir.path()), Vec::<String>::new());
}
