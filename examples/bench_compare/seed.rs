//! Every command on the 38-milestone seed plan (Appendix 1 of the North
//! Lanarkshire report), process start included: what a council user feels on
//! a real plan. Timed with hyperfine (many runs, millisecond figures).

use std::path::Path;

use crate::measure::{Fine, Job, hyperfine};
use crate::{Bench, BenchResult};

/// The seed plan shipped with the project.
const SEED_PLAN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/north-lanarkshire-integration-review-2020.csv"
);

/// The committee date of the seed plan: reports "as of" it are past-date reports.
const COMMITTEE: &str = "2020-02-18";

/// One command on the seed plan.
pub struct SeedRow {
    /// The command line (after `actionplan --db seed.db`).
    pub what: String,
    /// hyperfine's figure.
    pub fine: Fine,
    /// Peak memory of one run, in KiB (GNU time).
    pub peak_kib: Option<u64>,
}

/// Builds the seed plan (imported, one committee cycle closed, one update
/// after it) and times every command on it.
pub fn run(bench: &Bench) -> BenchResult<Vec<SeedRow>> {
    eprintln!("bench: the seed plan");
    let db = bench.path("seed.db");
    let out = bench.path("seed.out");
    let import_args = [
        "import",
        SEED_PLAN,
        "--plan",
        "NL",
        "--partnership",
        "North Lanarkshire",
    ];
    bench.actionplan(&db, &import_args).run(&out, false)?;
    bench
        .actionplan(&db, &["cycle", "close", "February 2020", "--on", COMMITTEE])
        .run(&out, false)?;
    let update = [
        "update",
        "4",
        "--rag",
        "A",
        "--comment",
        "Meeting structures agreed.",
        "--on",
        "2020-03-02",
    ];
    bench.actionplan(&db, &update).run(&out, false)?;

    let reports: [&[&str]; 14] = [
        &["overdue"],
        &["overdue", "--as-of", COMMITTEE],
        &["overdue", "--format", "json"],
        &["rag"],
        &["export"],
        &["list", "--format", "csv"],
        &["list"],
        &["weekly"],
        &["history"],
        &["plans"],
        &["show", "4"],
        &["movement"],
        &["check"],
        &["slipped"],
    ];
    let mut rows = Vec::new();
    for args in reports {
        // `check` exits 1 when it flags something, as it does on this plan.
        let job = bench.actionplan(&db, args).also_ok(1);
        rows.push(seed_row(bench, args.join(" "), &job, None)?);
    }

    // Writes, each on a fresh copy so every run does the same work.
    let fresh = bench.path("seed-fresh.db");
    let copy = Job::new(
        "cp",
        &[
            db.to_str().unwrap_or_default(),
            fresh.to_str().unwrap_or_default(),
        ],
    );
    let timed = [
        "update",
        "5",
        "--rag",
        "A",
        "--comment",
        "Terms of reference agreed.",
        "--on",
        "2020-03-03",
    ];
    let job = bench.actionplan(&fresh, &timed);
    rows.push(seed_row(bench, timed.join(" "), &job, Some(&copy))?);
    let remove = Job::new("rm", &["-f", fresh.to_str().unwrap_or_default()]);
    let job = bench.actionplan(&fresh, &import_args);
    let what = "import north-lanarkshire-integration-review-2020.csv --plan NL --partnership ...";
    rows.push(seed_row(bench, what.to_string(), &job, Some(&remove))?);
    Ok(rows)
}

/// One command: peak memory from one run under GNU time, then hyperfine.
fn seed_row(bench: &Bench, what: String, job: &Job, prepare: Option<&Job>) -> BenchResult<SeedRow> {
    eprintln!("bench: seed plan: {what}");
    let out = bench.path("seed.out");
    if let Some(prepare) = prepare {
        prepare.run(&out, false)?;
    }
    let (_, peak_kib) = job.run(&out, true)?;
    let fine = hyperfine(job, prepare, bench.config.seed_runs, Path::new(&bench.dir))?;
    Ok(SeedRow {
        what,
        fine,
        peak_kib,
    })
}
