//! Golden outputs, continued from tests/golden.rs: the commands and formats
//! its fixtures could not pin. Some outputs show what the command took from
//! outside the plan (the clock when a plan was imported or a cycle closed,
//! the path of the file imported), so their fixtures pin those in the
//! database; the lead returns need a round sent and answered; and the files
//! written with -o or --split-by-lead are compared as written.
//!
//! To accept a change on purpose: `GOLDEN_UPDATE=1 cargo test --test
//! golden_more`, then read `git diff tests/golden`.

mod common;

use common::Workdir;
use common::golden::{
    assert_matches_golden, assert_outputs_match_golden, golden_path, quarter, self_evaluations,
};

/// Sets what the database took from outside the plan to fixed values: the
/// time each plan was imported and each cycle closed (the clock, which no
/// option sets), and each source file's path made relative to the crate
/// root (the checkout's place on disk). `plans`, `cycle list` and
/// `selfeval list` print these.
fn pin_clock_and_sources(work: &Workdir) {
    let root = format!("{}/", env!("CARGO_MANIFEST_DIR"));
    let conn = rusqlite::Connection::open(work.db()).expect("open database");
    conn.execute(
        "UPDATE plan SET imported_at = '2020-02-03T12:00:00+00:00',
                         source = replace(source, ?1, '')",
        [&root],
    )
    .expect("pin the plans");
    conn.execute(
        "UPDATE cycle SET created_at = '2020-02-18T12:00:00+00:00'",
        [],
    )
    .expect("pin the cycles");
    conn.execute(
        "UPDATE self_evaluation SET source = replace(source, ?1, '')",
        [&root],
    )
    .expect("pin the self-evaluations");
}

/// [`quarter`] with its clock and source pinned.
fn pinned_quarter() -> Workdir {
    let work = quarter();
    pin_clock_and_sources(&work);
    work
}

/// The outputs that show the import time, a cycle's closing time or the
/// source file, run against [`pinned_quarter`].
const PINNED_CASES: &[(&str, &[&str])] = &[
    ("plans.txt", &["plans"]),
    ("plans.csv", &["plans", "--format", "csv"]),
    ("plans.json", &["plans", "--format", "json"]),
    ("plans.md", &["plans", "--format", "markdown"]),
    ("cycle-list.csv", &["cycle", "list", "--format", "csv"]),
    ("cycle-list.json", &["cycle", "list", "--format", "json"]),
];

/// `plans` shows the import day in the computer's time zone: midday UTC
/// is 4 Feb in New Zealand, so the cases run in Scotland's (TZ is read on
/// Unix; on Windows the day is the computer's).
#[test]
fn every_output_showing_the_clock_or_a_source_matches_its_golden_file() {
    let work = pinned_quarter();
    assert_outputs_match_golden(PINNED_CASES, |args| {
        work.command(args)
            .env("TZ", "Europe/London")
            .output()
            .expect("binary runs")
    });
}

/// The rest of what [`quarter`] can show that tests/golden.rs leaves out.
const QUARTER_CASES: &[(&str, &[&str])] = &[
    ("show-18.json", &["show", "18", "--format", "json"]),
    ("check-db.txt", &["check-db"]),
];

#[test]
fn show_as_json_and_check_db_match_their_golden_files() {
    assert_matches_golden(&quarter(), QUARTER_CASES);
}

/// `demo` loads the shipped plan in memory, and `import --dry-run` reads
/// it and stores nothing: neither needs a database.
const NO_DATABASE_CASES: &[(&str, &[&str])] = &[
    ("demo.txt", &["demo"]),
    (
        "import-dry-run.txt",
        &[
            "import",
            common::SEED_PLAN,
            "--plan",
            "NL",
            "--partnership",
            "North Lanarkshire",
            "--dry-run",
        ],
    ),
];

#[test]
fn demo_and_an_import_dry_run_match_their_golden_files() {
    assert_matches_golden(&Workdir::new(), NO_DATABASE_CASES);
}

/// Runs each case in `work` and compares the file it writes (the third
/// item, inside `work`) with its golden file, or with GOLDEN_UPDATE set,
/// writes the golden file.
fn assert_written_files_match_golden(work: &Workdir, cases: &[(&str, &[&str], &str)]) {
    let update = std::env::var_os("GOLDEN_UPDATE").is_some();
    let mut differing = Vec::new();
    for (name, args, written) in cases {
        work.ok(args);
        let actual = std::fs::read(work.file(written))
            .unwrap_or_else(|e| panic!("{name}: {written} not written: {e}"));
        let path = golden_path(name);
        if update {
            std::fs::write(&path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (make it with GOLDEN_UPDATE=1)", path.display()));
        if expected != actual {
            differing.push(*name);
        }
    }
    assert!(
        differing.is_empty(),
        "these files differ from tests/golden (GOLDEN_UPDATE=1 cargo test --test golden_more, then read git diff): {differing:?}"
    );
}

/// The files `-o` writes, each the same bytes as the golden file of the
/// same command printing to stdout (in tests/golden.rs, which owns those
/// files: this test never rewrites them).
const OUTPUT_FILE_CASES: &[(&str, &[&str], &str)] = &[
    (
        "export.csv",
        &["export", "-o", "appendix.csv"],
        "appendix.csv",
    ),
    (
        "report.html",
        &["report", "--as-of", "2020-03-09", "-o", "pack.html"],
        "pack.html",
    ),
    (
        "report.md",
        &[
            "report",
            "--as-of",
            "2020-03-09",
            "--format",
            "markdown",
            "-o",
            "pack.md",
        ],
        "pack.md",
    ),
    (
        "calendar.ics",
        &["calendar", "--as-of", "2020-03-09", "-o", "plan.ics"],
        "plan.ics",
    ),
];

#[test]
fn files_written_with_output_are_what_stdout_shows() {
    let work = quarter();
    let mut differing = Vec::new();
    for (name, args, written) in OUTPUT_FILE_CASES {
        work.ok(args);
        let actual = std::fs::read(work.file(written)).expect("the file written");
        if std::fs::read(golden_path(name)).expect("the golden file") != actual {
            differing.push(*name);
        }
    }
    assert!(
        differing.is_empty(),
        "-o wrote other bytes than stdout's golden file: {differing:?}"
    );
}

/// `weekly --split-by-lead`: Marie Moy's file in each format.
const WEEKLY_SPLIT_CASES: &[(&str, &[&str], &str)] = &[
    (
        "weekly-Marie-Moy.txt",
        &[
            "weekly",
            "--as-of",
            "2020-03-09",
            "--split-by-lead",
            "text",
            "--format",
            "text",
        ],
        "text/Marie-Moy.txt",
    ),
    (
        "weekly-Marie-Moy.md",
        &[
            "weekly",
            "--as-of",
            "2020-03-09",
            "--split-by-lead",
            "markdown",
            "--format",
            "markdown",
        ],
        "markdown/Marie-Moy.md",
    ),
    (
        "weekly-Marie-Moy.csv",
        &[
            "weekly",
            "--as-of",
            "2020-03-09",
            "--split-by-lead",
            "csv",
            "--format",
            "csv",
        ],
        "csv/Marie-Moy.csv",
    ),
    (
        "weekly-Marie-Moy.json",
        &[
            "weekly",
            "--as-of",
            "2020-03-09",
            "--split-by-lead",
            "json",
            "--format",
            "json",
        ],
        "json/Marie-Moy.json",
    ),
];

#[test]
fn every_weekly_file_per_lead_matches_its_golden_file() {
    assert_written_files_match_golden(&quarter(), WEEKLY_SPLIT_CASES);
}

/// [`quarter`], then a round of returns on 9 March 2020 to Marie Moy,
/// Margaret French and Ross McGuffie, as CSV, and two of them filled in:
/// Marie Moy's with one answer, Margaret French's with only a RAG typed
/// over the drop-down. The tokens are those the exported files hold
/// (returns R1 and R2).
fn returns_round() -> Workdir {
    let work = quarter();
    for (lead, file) in [
        ("Marie Moy", "Marie-Moy.csv"),
        ("Margaret French", "Margaret-French.csv"),
        ("Ross McGuffie", "Ross-McGuffie.csv"),
    ] {
        work.ok(&[
            "returns",
            "export",
            "--lead",
            lead,
            "--format",
            "csv",
            "-o",
            file,
            "--as-of",
            "2020-03-09",
        ]);
    }
    work.write(
        "Marie-Moy-returned.csv",
        "ID,New RAG,New comment,Return token\r\n\
         21,G,Roles agreed by the three partners.,R1-E0\r\n",
    );
    work.write(
        "Margaret-French-returned.csv",
        "ID,New RAG,Return token\r\n10,Purple,R2-E0\r\n",
    );
    work
}

/// Run in order against [`returns_round`]: the two returned files imported
/// on 12 March (a dry run, then for real: Marie Moy's answer applies,
/// Margaret French's row is rejected, so both exit 1), then where the
/// round stands: one returned, one returned with problems, one awaited.
const RETURNS_CASES: &[(&str, &[&str])] = &[
    (
        "returns-import-dry-run.txt",
        &[
            "returns",
            "import",
            "Marie-Moy-returned.csv",
            "Margaret-French-returned.csv",
            "--by",
            "Planning officer",
            "--on",
            "2020-03-12",
            "--dry-run",
        ],
    ),
    (
        "returns-import.txt",
        &[
            "returns",
            "import",
            "Marie-Moy-returned.csv",
            "Margaret-French-returned.csv",
            "--by",
            "Planning officer",
            "--on",
            "2020-03-12",
        ],
    ),
    ("returns-status.txt", &["returns", "status"]),
    (
        "returns-status.csv",
        &["returns", "status", "--format", "csv"],
    ),
    (
        "returns-status.json",
        &["returns", "status", "--format", "json"],
    ),
    (
        "returns-status.md",
        &["returns", "status", "--format", "markdown"],
    ),
];

#[test]
fn every_returns_report_matches_its_golden_file() {
    let work = returns_round();
    assert_matches_golden(&work, RETURNS_CASES);
    // The return as sent (export never rewrites a file, so it is read as
    // the round left it).
    let update = std::env::var_os("GOLDEN_UPDATE").is_some();
    let sent = std::fs::read(work.file("Marie-Moy.csv")).expect("the return sent");
    let path = golden_path("returns-export-Marie-Moy.csv");
    if update {
        std::fs::write(&path, &sent).unwrap();
    } else {
        assert!(
            std::fs::read(&path).expect("the golden return") == sent,
            "Marie Moy's return differs from tests/golden/returns-export-Marie-Moy.csv"
        );
    }
}

/// The self-evaluation reports in the formats tests/golden.rs leaves out,
/// run against its `self_evaluations` fixture.
const SELFEVAL_CASES: &[(&str, &[&str])] = &[
    (
        "selfeval-show.txt",
        &["selfeval", "show", "--partnership", "Angus"],
    ),
    (
        "selfeval-show.csv",
        &[
            "selfeval",
            "show",
            "--partnership",
            "Angus",
            "--format",
            "csv",
        ],
    ),
    (
        "selfeval-show.json",
        &[
            "selfeval",
            "show",
            "--partnership",
            "Angus",
            "--format",
            "json",
        ],
    ),
    (
        "selfeval-summary.json",
        &[
            "selfeval",
            "summary",
            "--partnership",
            "Angus",
            "--format",
            "json",
        ],
    ),
    (
        "selfeval-compare.csv",
        &[
            "selfeval",
            "compare",
            "--partnership",
            "Angus",
            "--from",
            "2019",
            "--to",
            "2020",
            "--format",
            "csv",
        ],
    ),
    (
        "selfeval-compare.md",
        &[
            "selfeval",
            "compare",
            "--partnership",
            "Angus",
            "--from",
            "2019",
            "--to",
            "2020",
            "--format",
            "markdown",
        ],
    ),
    (
        "selfeval-benchmark.csv",
        &[
            "selfeval",
            "benchmark",
            "--label",
            "2019",
            "--partnership",
            "Angus",
            "--partnership",
            "Peerside",
            "--format",
            "csv",
        ],
    ),
    (
        "selfeval-benchmark.json",
        &[
            "selfeval",
            "benchmark",
            "--label",
            "2019",
            "--partnership",
            "Angus",
            "--partnership",
            "Peerside",
            "--format",
            "json",
        ],
    ),
];

#[test]
fn every_self_evaluation_report_in_every_format_matches_its_golden_file() {
    assert_matches_golden(&self_evaluations(), SELFEVAL_CASES);
}

/// The `self_evaluations` fixture, with the seed plan imported as Angus's
/// and some of its milestones linked to MSG proposals (1.1, 2.2, 4.4 and
/// 5.1), its sources pinned.
fn self_evaluations_and_plan() -> Workdir {
    let work = self_evaluations();
    work.ok(&[
        "import",
        common::SEED_PLAN,
        "--plan",
        "Angus plan",
        "--partnership",
        "Angus",
    ]);
    for (milestone, proposal) in [
        ("1", "1.1"),
        ("2", "1.1"),
        ("14", "2.2"),
        ("15", "2.2"),
        ("18", "2.2"),
        ("15", "4.4"),
        ("32", "4.4"),
        ("35", "5.1"),
    ] {
        work.ok(&["link", "--milestone", milestone, "--proposal", proposal]);
    }
    pin_clock_and_sources(&work);
    work
}

/// The list of self-evaluations and the plan's progress per proposal, run
/// against [`self_evaluations_and_plan`] as its committee of 18 Feb 2020 saw it.
const SELFEVAL_PLAN_CASES: &[(&str, &[&str])] = &[
    ("selfeval-list.txt", &["selfeval", "list"]),
    (
        "selfeval-list.csv",
        &["selfeval", "list", "--format", "csv"],
    ),
    (
        "selfeval-list.json",
        &["selfeval", "list", "--format", "json"],
    ),
    (
        "selfeval-list.md",
        &["selfeval", "list", "--format", "markdown"],
    ),
    (
        "selfeval-progress.txt",
        &[
            "selfeval",
            "progress",
            "--partnership",
            "Angus",
            "--as-of",
            "2020-02-18",
        ],
    ),
    (
        "selfeval-progress.csv",
        &[
            "selfeval",
            "progress",
            "--partnership",
            "Angus",
            "--as-of",
            "2020-02-18",
            "--format",
            "csv",
        ],
    ),
    (
        "selfeval-progress.json",
        &[
            "selfeval",
            "progress",
            "--partnership",
            "Angus",
            "--as-of",
            "2020-02-18",
            "--format",
            "json",
        ],
    ),
    (
        "selfeval-progress.md",
        &[
            "selfeval",
            "progress",
            "--partnership",
            "Angus",
            "--as-of",
            "2020-02-18",
            "--format",
            "markdown",
        ],
    ),
];

#[test]
fn the_self_evaluation_list_and_progress_match_their_golden_files() {
    assert_matches_golden(&self_evaluations_and_plan(), SELFEVAL_PLAN_CASES);
}
