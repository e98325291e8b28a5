//! Every way an appendix file can be wrong, run through the real binary into a
//! database that already holds the seed plan: each is refused with exit code
//! 2, no panic, a message naming the file (and the row and column where there
//! is one), and the database exactly as it was.
//!
//! The files and what each must say are listed in tests/data/bad/manifest.csv;
//! the large ones (a 50 MB cell, a row of 10,000 cells) are made here at run time.

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags};

mod common;
use common::{SEED_PLAN, Workdir, actionplan};

const BAD: &str = "tests/data/bad";
const HEADER: &str =
    "Report Recommendation,Improvement Action,Milestone detail,Lead,Timeline,Comment/RAG,RAG";

/// One line of the manifest.
#[derive(Debug, serde::Deserialize)]
struct Case {
    file: String,
    problem: String,
    expected: String,
    row: Option<usize>,
    column: Option<String>,
}

fn manifest() -> Vec<Case> {
    let mut reader = csv::Reader::from_path(Path::new(BAD).join("manifest.csv")).unwrap();
    reader
        .deserialize()
        .collect::<Result<Vec<Case>, _>>()
        .unwrap()
}

/// A database file holding the seed plan, closed (its WAL checkpointed).
fn seeded_template(dir: &Path) -> PathBuf {
    let db = dir.join("template.db");
    actionplan(&db)
        .args(["import", SEED_PLAN, "--plan", "NL"])
        .assert()
        .success();
    assert!(!dir.join("template.db-wal").exists());
    db
}

/// Every table's schema and rows (ordered by every column), and the
/// database's version and application id: equal dumps mean equal contents.
fn dump(db: &Path) -> Vec<String> {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    let mut lines = Vec::new();
    for pragma in ["user_version", "application_id"] {
        let value: i64 = conn
            .query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0))
            .unwrap();
        lines.push(format!("{pragma} = {value}"));
    }
    let mut statement = conn
        .prepare("SELECT type, name, coalesce(sql, '') FROM sqlite_schema ORDER BY type, name")
        .unwrap();
    let objects: Vec<(String, String, String)> = statement
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (kind, name, sql) in &objects {
        lines.push(format!("{kind} {name}: {sql}"));
        if kind != "table" {
            continue;
        }
        let columns: i64 = conn
            .query_row("SELECT count(*) FROM pragma_table_info(?1)", [name], |r| {
                r.get(0)
            })
            .unwrap();
        let columns = columns as usize;
        let order: Vec<String> = (1..=columns).map(|i| i.to_string()).collect();
        let mut rows = conn
            .prepare(&format!(
                "SELECT * FROM \"{name}\" ORDER BY {}",
                order.join(", ")
            ))
            .unwrap();
        let dumped: Vec<String> = rows
            .query_map([], |row| {
                let values: Vec<Value> = (0..columns)
                    .map(|i| row.get::<_, Value>(i))
                    .collect::<Result<_, _>>()?;
                Ok(format!("{name}: {values:?}"))
            })
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        lines.push(format!("{name}: {} rows", dumped.len()));
        lines.extend(dumped);
    }
    lines
}

/// What a refusal must look like.
struct Expected<'a> {
    fragment: &'a str,
    row: Option<usize>,
    column: Option<&'a str>,
}

/// Imports `file` into a copy of the template; returns what was wrong, if anything.
fn check_refused(
    template: &Path,
    work: &Path,
    file: &Path,
    expected: &Expected<'_>,
) -> Vec<String> {
    let db = work.join("plan.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = fs::remove_file(work.join(format!("plan.db{suffix}")));
    }
    fs::copy(template, &db).unwrap();
    let dump_before = dump(&db);
    let bytes_before = fs::read(&db).unwrap();
    let output = actionplan(&db)
        .arg("import")
        .arg(file)
        .args(["--plan", "Bad plan"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    let shown = file.display().to_string();
    let mut wrong = Vec::new();
    if output.status.code() != Some(2) {
        wrong.push(format!("exit code {:?}, expected 2", output.status.code()));
    }
    if stderr.contains("panicked") {
        wrong.push("panicked".to_string());
    }
    if !stderr.starts_with(&format!("actionplan: {shown} was not imported (")) {
        wrong.push("stderr does not start with \"actionplan: FILE was not imported (\"".into());
    }
    if !output.stdout.is_empty() {
        wrong.push("wrote to stdout".to_string());
    }
    if !stderr.contains(expected.fragment) {
        wrong.push(format!("stderr lacks {:?}", expected.fragment));
    }
    let place = match (expected.row, expected.column) {
        (Some(row), Some(column)) => Some(format!("{shown}: row {row}, column {column:?}: ")),
        (Some(row), None) => Some(format!("{shown}: row {row}: ")),
        (None, Some(column)) => Some(format!("column {column:?}")),
        (None, None) => None,
    };
    if let Some(place) = place
        && !stderr.contains(&place)
    {
        wrong.push(format!("stderr lacks {place:?}"));
    }
    if dump(&db) != dump_before {
        wrong.push("the database's contents changed".to_string());
    }
    if fs::read(&db).unwrap() != bytes_before {
        wrong.push("the database file's bytes changed".to_string());
    }
    if !wrong.is_empty() {
        wrong.push(format!("stderr was:\n{stderr}"));
    }
    wrong
}

#[test]
fn manifest_lists_every_bad_file_and_there_are_at_least_40() {
    let cases = manifest();
    let mut listed: Vec<&str> = cases.iter().map(|c| c.file.as_str()).collect();
    listed.sort_unstable();
    let mut present: Vec<String> = fs::read_dir(BAD)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "manifest.csv")
        .collect();
    present.sort_unstable();
    assert_eq!(listed, present);
    assert!(cases.len() >= 40, "{} files", cases.len());
    assert!(
        cases
            .iter()
            .all(|c| !c.problem.is_empty() && !c.expected.is_empty())
    );
}

#[test]
fn every_bad_file_is_refused_clearly_and_the_database_is_unchanged() {
    let dir = Workdir::new();
    let template = seeded_template(dir.path());
    let work = dir.path().join("work");
    fs::create_dir(&work).unwrap();
    let mut failures = Vec::new();
    let cases = manifest();
    for case in &cases {
        let expected = Expected {
            fragment: &case.expected,
            row: case.row,
            column: case.column.as_deref(),
        };
        let file = Path::new(BAD).join(&case.file);
        let wrong = check_refused(&template, &work, &file, &expected);
        if !wrong.is_empty() {
            failures.push(format!(
                "{} ({}):\n  {}",
                case.file,
                case.problem,
                wrong.join("\n  ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} bad files were not refused as expected:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Writes an appendix whose one data row has `cell` as its comment.
fn file_with_comment(dir: &Path, name: &str, cell: &str) -> PathBuf {
    let path = dir.join(name);
    let text = format!("{HEADER}\r\nLeadership,Review,Programme,Ann Smith,Sep 19,{cell},G\r\n");
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_cell_of_32768_characters_is_refused_with_its_row_and_column() {
    let dir = Workdir::new();
    let template = seeded_template(dir.path());
    let file = file_with_comment(dir.path(), "long-cell.csv", &"x".repeat(32_768));
    let wrong = check_refused(
        &template,
        dir.path(),
        &file,
        &Expected {
            fragment: "the cell holds 32768 characters; a spreadsheet cell holds at most 32767",
            row: Some(2),
            column: Some("Comment/RAG"),
        },
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_cell_of_exactly_32767_characters_is_accepted() {
    let dir = Workdir::new();
    let db = dir.path().join("plan.db");
    let file = file_with_comment(dir.path(), "longest-cell.csv", &"x".repeat(32_767));
    actionplan(&db)
        .arg("import")
        .arg(&file)
        .args(["--plan", "Long"])
        .assert()
        .success();
    let conn = Connection::open(&db).unwrap();
    let length: i64 = conn
        .query_row("SELECT length(comment) FROM milestone", [], |r| r.get(0))
        .unwrap();
    assert_eq!(length, 32_767);
}

#[test]
fn a_cell_of_50_megabytes_is_refused_without_panicking() {
    let dir = Workdir::new();
    let template = seeded_template(dir.path());
    let file = file_with_comment(dir.path(), "huge-cell.csv", &"y".repeat(50 * 1024 * 1024));
    let wrong = check_refused(
        &template,
        dir.path(),
        &file,
        &Expected {
            fragment: "the cell holds 52428800 characters",
            row: Some(2),
            column: Some("Comment/RAG"),
        },
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_row_of_10000_cells_is_refused_with_its_row() {
    let dir = Workdir::new();
    let template = seeded_template(dir.path());
    let mut row = vec![
        "Leadership",
        "Review",
        "Programme",
        "Ann Smith",
        "Sep 19",
        "Done.",
        "G",
    ];
    row.extend(std::iter::repeat_n("extra", 10_000 - 7));
    let file = dir.path().join("wide-row.csv");
    fs::write(&file, format!("{HEADER}\r\n{}\r\n", row.join(","))).unwrap();
    let wrong = check_refused(
        &template,
        dir.path(),
        &file,
        &Expected {
            fragment: "the row has 10000 cells but the header has 7: cell 8 has \"extra\"",
            row: Some(2),
            column: None,
        },
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
