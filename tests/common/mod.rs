//! A small harness for integration tests: a temporary work directory with a
//! database, and the real `actionplan` binary run inside it.

#![allow(dead_code)]

pub mod golden;
pub mod source;

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use assert_cmd::cargo::CommandCargoExt;
use tempfile::TempDir;

/// The seed plan: Appendix 1 of the North Lanarkshire report of 18 Feb 2020.
pub const SEED_PLAN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/north-lanarkshire-integration-review-2020.csv"
);

/// The UTF-8 byte order mark every CSV actionplan writes starts with (unless `--no-bom`).
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A temporary directory holding `actionplan.db`, deleted on drop.
pub struct Workdir {
    dir: TempDir,
}

impl Workdir {
    /// A new empty work directory.
    pub fn new() -> Workdir {
        Workdir {
            dir: TempDir::new().expect("temporary directory"),
        }
    }

    /// A work directory whose database holds the seed plan as "NL".
    pub fn with_seed_plan() -> Workdir {
        let work = Workdir::new();
        work.ok(&[
            "import",
            SEED_PLAN,
            "--plan",
            "NL",
            "--partnership",
            "North Lanarkshire",
        ]);
        work
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// A path inside the directory.
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The database path.
    pub fn db(&self) -> PathBuf {
        self.file("actionplan.db")
    }

    /// Writes a file into the directory and returns its path as a string.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> String {
        let path = self.file(name);
        std::fs::write(&path, contents).expect("write fixture");
        path.display().to_string()
    }

    /// The binary, run in the directory against its database.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = actionplan(&self.db());
        command.current_dir(self.path()).args(args);
        command
    }

    /// Runs and returns the raw output.
    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("binary runs")
    }

    /// Runs, requires exit 0, returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert_eq!(
            output.status.code(),
            Some(0),
            "actionplan {args:?} failed\nstdout:\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("utf-8 stdout")
    }

    /// Runs a command that prints CSV, requires exit 0 and stdout starting
    /// with the UTF-8 byte order mark every CSV gets (unless `--no-bom`), and
    /// returns stdout after the mark.
    pub fn ok_csv(&self, args: &[&str]) -> String {
        let text = self.ok(args);
        match text.strip_prefix('\u{feff}') {
            Some(rest) => rest.to_string(),
            None => panic!("actionplan {args:?} printed CSV without a BOM:\n{text}"),
        }
    }

    /// Runs, requires exit 2 (an error), returns stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let output = self.run(args);
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(
            output.status.code(),
            Some(2),
            "actionplan {args:?} should have failed with exit 2\nstdout:\n{}\nstderr:\n{stderr}",
            String::from_utf8_lossy(&output.stdout),
        );
        assert!(!stderr.contains("panicked"), "panic: {stderr}");
        stderr
    }

    /// Runs, requires exit 0, parses stdout as JSON.
    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let stdout = self.ok(args);
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("not JSON ({e}):\n{stdout}"))
    }

    /// Every row of every table, as text: to show that a refused command changed nothing.
    pub fn dump(&self) -> String {
        let conn = rusqlite::Connection::open(self.db()).expect("open database");
        let mut tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        tables.retain(|t| !t.starts_with("sqlite_"));
        let mut out = String::new();
        for table in tables {
            out.push_str(&format!("== {table}\n"));
            let mut statement = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
            let columns = statement.column_count();
            let mut rows: Vec<String> = statement
                .query_map([], |row| {
                    let mut cells = Vec::new();
                    for i in 0..columns {
                        let value: rusqlite::types::Value = row.get(i)?;
                        cells.push(format!("{value:?}"));
                    }
                    Ok(cells.join("|"))
                })
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            rows.sort();
            for row in rows {
                out.push_str(&row);
                out.push('\n');
            }
        }
        out
    }
}

/// The binary against the database at `db`, which need not be in a
/// [`Workdir`]: `--db db`, `NO_COLOR` set and `ACTIONPLAN_DB` removed, run in
/// the directory `cargo test` gives (the crate root). For tests that make
/// their own database files, or several in one directory.
pub fn actionplan(db: &Path) -> Command {
    Command::from_std(actionplan_process(db))
}

/// [`actionplan`] as a plain `std::process::Command`, for a test that must
/// spawn the process and kill it part-way (assert_cmd's `Command` only runs
/// to the end).
pub fn actionplan_process(db: &Path) -> std::process::Command {
    let mut command = std::process::Command::cargo_bin("actionplan").expect("binary built");
    command
        .env_remove("ACTIONPLAN_DB")
        .env("NO_COLOR", "1")
        .arg("--db")
        .arg(db);
    command
}

/// The names in a directory, sorted.
pub fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read directory")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Overwrites the milestone table's root page with 0xFF, as a failing disk might.
pub fn damage_milestone_table(db: &Path) {
    let conn = rusqlite::Connection::open(db).expect("open database");
    let (page_size, root): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT page_size FROM pragma_page_size()), rootpage
               FROM sqlite_schema WHERE name = 'milestone'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .expect("milestone root page");
    drop(conn);
    let mut bytes = std::fs::read(db).expect("read database");
    let start = ((root - 1) * page_size) as usize;
    bytes[start..start + page_size as usize].fill(0xFF);
    std::fs::write(db, &bytes).expect("write database");
}

/// Runs `updates` while another connection holds the database open (so they
/// stay in its `-wal`), then copies the database and its `-wal` into a new
/// work directory, as a crash or a careless file copy leaves them.
pub fn copy_with_updates_only_in_the_wal(work: &Workdir, updates: &[&[&str]]) -> Workdir {
    let holder = rusqlite::Connection::open(work.db()).expect("open database");
    holder
        .query_row("SELECT count(*) FROM plan", [], |r| r.get::<_, i64>(0))
        .expect("read");
    for update in updates {
        work.ok(update);
    }
    let wal = work.file("actionplan.db-wal");
    assert!(
        wal.metadata().expect("a -wal").len() > 0,
        "nothing in the -wal"
    );
    let copy = Workdir::new();
    std::fs::copy(work.db(), copy.db()).expect("copy database");
    std::fs::copy(&wal, copy.file("actionplan.db-wal")).expect("copy -wal");
    drop(holder);
    copy
}

/// The ids in a JSON array of objects with an "id" field, in order.
pub fn ids(json: &serde_json::Value) -> Vec<i64> {
    json.as_array()
        .expect("a JSON array")
        .iter()
        .map(|item| item["id"].as_i64().expect("an id"))
        .collect()
}

/// The release 0.1.0 database (schema version 3), built from its SQL dump
/// as the work directory's `actionplan.db`.
pub fn with_release_0_1_0_database(work: &Workdir) {
    let dump = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/release-0.1.0.sql"
    ))
    .expect("read the release dump");
    rusqlite::Connection::open(work.db())
        .expect("create database")
        .execute_batch(&dump)
        .expect("build the release database");
}

/// `PRAGMA user_version` of the database at `db`, read without changing it.
pub fn schema_version(db: &Path) -> i64 {
    rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .expect("open database")
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .expect("user_version")
}

/// One part of a Word or Excel file (a zip), as text: `word/document.xml`.
pub fn office_part(path: &str, name: &str) -> String {
    use std::io::Read as _;
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut zip = zip::ZipArchive::new(file).expect("an office file is a zip");
    let mut xml = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut xml)
        .expect("UTF-8 XML");
    xml
}

/// `word/document.xml` of a .docx file.
pub fn document_xml(path: &str) -> String {
    office_part(path, "word/document.xml")
}
