//! A small harness for integration tests: a temporary work directory with a
//! database, and the real `actionplan` binary run inside it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

/// The seed plan: Appendix 1 of the North Lanarkshire report of 18 Feb 2020.
pub const SEED_PLAN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/north-lanarkshire-integration-review-2020.csv"
);

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
        let mut command = Command::cargo_bin("actionplan").expect("binary built");
        command
            .current_dir(self.path())
            .env_remove("ACTIONPLAN_DB")
            .env("NO_COLOR", "1")
            .arg("--db")
            .arg(self.db())
            .args(args);
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

/// The ids in a JSON array of objects with an "id" field, in order.
pub fn ids(json: &serde_json::Value) -> Vec<i64> {
    json.as_array()
        .expect("a JSON array")
        .iter()
        .map(|item| item["id"].as_i64().expect("an id"))
        .collect()
}
