//! Formula injection (OWASP "CSV Injection", CWE-1236): a cell a spreadsheet
//! would run (one starting with =, +, -, @, tab or carriage return) leaves
//! every CSV the tool writes with a single quote in front, and comes back
//! exactly as it was when the file is imported again. `--raw` turns this off.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use rusqlite::Connection;

mod common;
use common::{BOM, Workdir, actionplan};

const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A plan whose theme, action, milestone, lead and comment cells start with
/// each trigger that survives an import (tab and CR are trimmed as padding).
const HOSTILE: &str = "\
Report Recommendation,Improvement Action,Milestone detail,Lead,Timeline,Comment/RAG,RAG\r
\"=HYPERLINK(\"\"http://evil.example/\"\",\"\"Click\"\")\",+44 1698 000000,-5 beds by March,@Ann Smith,Sep 19,\"=cmd|' /C calc'!A0\",R\r
,,=1+1,Bob Jones,Q1 2020/21,'=already guarded by hand,A\r
,,@SUM(A1:A9),\"-Carol Day\n+Dan Eve\",2019/20,''-twice guarded,G\r
Plain theme,Plain action,Plain milestone,Ann Smith,30/09/2019,Complete. -nothing to guard,G\r
";

fn write_hostile(dir: &Path) -> PathBuf {
    let path = dir.join("hostile.csv");
    fs::write(&path, HOSTILE).unwrap();
    path
}

fn import(db: &Path, file: &Path, raw: bool) {
    let mut command = actionplan(db);
    command.arg("import").arg(file).args(["--plan", "P"]);
    if raw {
        command.arg("--raw");
    }
    command.assert().success();
}

fn stdout_of(command: &mut Command) -> Vec<u8> {
    command.assert().success().get_output().stdout.clone()
}

/// Every cell of a CSV (BOM dropped), header included.
fn cells(csv_bytes: &[u8]) -> Vec<String> {
    let text = csv_bytes.strip_prefix(BOM).unwrap_or(csv_bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text);
    reader
        .records()
        .flat_map(|record| {
            record
                .unwrap()
                .iter()
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The cells that a spreadsheet would run as a formula.
fn runnable(cells: &[String]) -> Vec<String> {
    cells
        .iter()
        .filter(|cell| cell.starts_with(TRIGGERS))
        .cloned()
        .collect()
}

fn comments(db: &Path) -> Vec<String> {
    let conn = Connection::open(db).unwrap();
    let mut statement = conn
        .prepare("SELECT comment FROM milestone ORDER BY id")
        .unwrap();
    statement
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn export_neutralises_every_trigger_and_import_restores_it_exactly() {
    let dir = Workdir::new();
    let db = dir.path().join("plan.db");
    import(&db, &write_hostile(dir.path()), false);
    assert_eq!(
        comments(&db),
        [
            "=cmd|' /C calc'!A0",
            "=already guarded by hand",
            "'-twice guarded",
            "Complete. -nothing to guard"
        ]
    );
    let exported = stdout_of(actionplan(&db).arg("export"));
    let exported_cells = cells(&exported);
    assert_eq!(runnable(&exported_cells), Vec::<String>::new());
    for guarded in [
        "'=HYPERLINK(\"http://evil.example/\",\"Click\")",
        "'+44 1698 000000",
        "'-5 beds by March",
        "'@Ann Smith",
        "'=cmd|' /C calc'!A0",
        "'=1+1",
        "'=already guarded by hand",
        "'@SUM(A1:A9)",
        "'-Carol Day\n+Dan Eve",
        "''-twice guarded",
        "Complete. -nothing to guard",
    ] {
        assert!(
            exported_cells.iter().any(|c| c == guarded),
            "{guarded:?} not in {exported_cells:?}"
        );
    }

    // export -> import -> export gives the same bytes.
    let exported_file = dir.path().join("exported.csv");
    fs::write(&exported_file, &exported).unwrap();
    let second_db = dir.path().join("second.db");
    import(&second_db, &exported_file, false);
    assert_eq!(comments(&second_db), comments(&db));
    let exported_again = stdout_of(actionplan(&second_db).arg("export"));
    assert_eq!(
        String::from_utf8(exported_again).unwrap(),
        String::from_utf8(exported).unwrap()
    );
}

#[test]
fn tab_and_carriage_return_at_the_start_of_a_cell_are_neutralised_too() {
    let dir = Workdir::new();
    let db = dir.path().join("plan.db");
    import(&db, &write_hostile(dir.path()), false);
    // An import trims them as padding, so put them where an update would.
    let conn = Connection::open(&db).unwrap();
    conn.execute_batch(
        "UPDATE milestone SET comment = char(9) || '=cmd()' WHERE id = 1;
         UPDATE milestone SET comment = char(13) || '@x' WHERE id = 2;",
    )
    .unwrap();
    drop(conn);
    for command in [
        vec!["export"],
        vec!["list", "--format", "csv"],
        vec!["overdue", "--as-of", "2030-01-01", "--format", "csv"],
    ] {
        let output_cells = cells(&stdout_of(actionplan(&db).args(&command)));
        assert_eq!(runnable(&output_cells), Vec::<String>::new(), "{command:?}");
        assert!(output_cells.iter().any(|c| c == "'\t=cmd()"), "{command:?}");
        assert!(output_cells.iter().any(|c| c == "'\r@x"), "{command:?}");
    }
}

#[test]
fn raw_export_and_raw_import_leave_cells_alone() {
    let dir = Workdir::new();
    let db = dir.path().join("plan.db");
    import(&db, &write_hostile(dir.path()), false);
    let raw = stdout_of(actionplan(&db).args(["export", "--raw", "--no-bom"]));
    assert!(!raw.starts_with(b"\xEF\xBB\xBF"));
    let raw_cells = cells(&raw);
    assert_eq!(
        runnable(&raw_cells),
        [
            "=HYPERLINK(\"http://evil.example/\",\"Click\")",
            "+44 1698 000000",
            "-5 beds by March",
            "@Ann Smith",
            "=cmd|' /C calc'!A0",
            "=1+1",
            "=already guarded by hand",
            "@SUM(A1:A9)",
            "-Carol Day\n+Dan Eve",
        ]
    );

    // import --raw keeps the guard quote that a normal import strips.
    let raw_db = dir.path().join("raw.db");
    import(&raw_db, &write_hostile(dir.path()), true);
    assert_eq!(
        comments(&raw_db),
        [
            "=cmd|' /C calc'!A0",
            "'=already guarded by hand",
            "''-twice guarded",
            "Complete. -nothing to guard"
        ]
    );
}

#[test]
fn list_and_overdue_csv_are_neutralised() {
    let dir = Workdir::new();
    let db = dir.path().join("plan.db");
    import(&db, &write_hostile(dir.path()), false);
    let list = cells(&stdout_of(
        actionplan(&db).args(["list", "--format", "csv"]),
    ));
    assert_eq!(runnable(&list), Vec::<String>::new());
    assert!(list.iter().any(|c| c == "'=cmd|' /C calc'!A0"), "{list:?}");
    assert!(
        list.iter()
            .any(|c| c == "'=HYPERLINK(\"http://evil.example/\",\"Click\")")
    );
    // list joins leads with "; ": the cell starts with the first lead.
    assert!(
        list.iter().any(|c| c == "'-Carol Day; +Dan Eve"),
        "{list:?}"
    );

    let overdue = cells(&stdout_of(actionplan(&db).args([
        "overdue",
        "--as-of",
        "2030-01-01",
        "--format",
        "csv",
    ])));
    assert_eq!(runnable(&overdue), Vec::<String>::new());
    assert!(
        overdue.iter().any(|c| c == "'=cmd|' /C calc'!A0"),
        "{overdue:?}"
    );
    assert!(overdue.iter().any(|c| c == "'@SUM(A1:A9)"), "{overdue:?}");
}
