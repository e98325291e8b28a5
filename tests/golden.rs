//! Golden outputs: every report in every format on the seed plan, with a
//! scripted quarter of updates and a closed cycle, compared byte for byte
//! with the files in tests/golden/. A layout change shows in the diff of
//! those files, where it is reviewed. The fixtures and the comparison are in
//! tests/common/golden.rs; the reports that need more than these fixtures
//! (pinned clocks, returns, files written with -o) are in tests/golden_more.rs.
//!
//! To accept a change on purpose: `GOLDEN_UPDATE=1 cargo test --test golden`,
//! then read `git diff tests/golden`.

mod common;

use common::golden::{assert_matches_golden, kept_quarter, quarter, self_evaluations};

/// Each golden file and the command that makes it (run against
/// [`quarter`]); the as-of dates are fixed so the files never age.
const CASES: &[(&str, &[&str])] = &[
    ("rag.txt", &["rag", "--as-of", "2020-03-09"]),
    (
        "rag.csv",
        &["rag", "--as-of", "2020-03-09", "--format", "csv"],
    ),
    (
        "rag.json",
        &["rag", "--as-of", "2020-03-09", "--format", "json"],
    ),
    (
        "rag.md",
        &["rag", "--as-of", "2020-03-09", "--format", "markdown"],
    ),
    ("overdue.txt", &["overdue", "--as-of", "2020-03-09"]),
    (
        "overdue.csv",
        &["overdue", "--as-of", "2020-03-09", "--format", "csv"],
    ),
    (
        "overdue.json",
        &["overdue", "--as-of", "2020-03-09", "--format", "json"],
    ),
    (
        "overdue.md",
        &["overdue", "--as-of", "2020-03-09", "--format", "markdown"],
    ),
    ("list.txt", &["list", "--lead", "Marie Moy"]),
    ("list.csv", &["list", "--format", "csv"]),
    (
        "list.json",
        &["list", "--lead", "Marie Moy", "--format", "json"],
    ),
    (
        "list.md",
        &["list", "--lead", "Marie Moy", "--format", "markdown"],
    ),
    ("history.txt", &["history"]),
    ("history.csv", &["history", "--format", "csv"]),
    ("history.json", &["history", "--format", "json"]),
    ("history.md", &["history", "--format", "markdown"]),
    ("slipped.txt", &["slipped"]),
    ("slipped.csv", &["slipped", "--format", "csv"]),
    ("slipped.json", &["slipped", "--format", "json"]),
    ("slipped.md", &["slipped", "--format", "markdown"]),
    ("movement.txt", &["movement"]),
    ("movement.csv", &["movement", "--format", "csv"]),
    ("movement.json", &["movement", "--format", "json"]),
    ("movement.md", &["movement", "--format", "markdown"]),
    ("cycle-list.txt", &["cycle", "list"]),
    ("cycle-list.md", &["cycle", "list", "--format", "markdown"]),
    ("check.txt", &["check", "--as-of", "2020-03-09"]),
    (
        "check.json",
        &["check", "--as-of", "2020-03-09", "--format", "json"],
    ),
    (
        "check.md",
        &["check", "--as-of", "2020-03-09", "--format", "markdown"],
    ),
    ("weekly.txt", &["weekly", "--as-of", "2020-03-09"]),
    (
        "weekly.md",
        &["weekly", "--as-of", "2020-03-09", "--format", "markdown"],
    ),
    (
        "weekly.csv",
        &["weekly", "--as-of", "2020-03-09", "--format", "csv"],
    ),
    (
        "weekly.json",
        &["weekly", "--as-of", "2020-03-09", "--format", "json"],
    ),
    ("show-18.txt", &["show", "18"]),
    ("export.csv", &["export"]),
    (
        "export-cycle.csv",
        &["export", "--cycle", "AHSC 18 Feb 2020"],
    ),
    ("report.html", &["report", "--as-of", "2020-03-09"]),
    (
        "report.md",
        &["report", "--as-of", "2020-03-09", "--format", "markdown"],
    ),
    ("calendar.ics", &["calendar", "--as-of", "2020-03-09"]),
];

/// The self-evaluation reports, on Angus's 2019 and 2020 returns and a
/// peer's 2019 one.
const SELFEVAL_CASES: &[(&str, &[&str])] = &[
    (
        "selfeval-summary.txt",
        &["selfeval", "summary", "--partnership", "Angus"],
    ),
    (
        "selfeval-summary.md",
        &[
            "selfeval",
            "summary",
            "--partnership",
            "Angus",
            "--format",
            "markdown",
        ],
    ),
    (
        "selfeval-summary.csv",
        &[
            "selfeval",
            "summary",
            "--partnership",
            "Angus",
            "--format",
            "csv",
        ],
    ),
    (
        "selfeval-show.md",
        &[
            "selfeval",
            "show",
            "--partnership",
            "Angus",
            "--format",
            "markdown",
        ],
    ),
    (
        "selfeval-compare.txt",
        &[
            "selfeval",
            "compare",
            "--partnership",
            "Angus",
            "--from",
            "2019",
            "--to",
            "2020",
        ],
    ),
    (
        "selfeval-compare.json",
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
            "json",
        ],
    ),
    (
        "selfeval-benchmark.txt",
        &[
            "selfeval",
            "benchmark",
            "--label",
            "2019",
            "--partnership",
            "Angus",
            "--partnership",
            "Peerside",
        ],
    ),
    (
        "selfeval-benchmark.md",
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
            "markdown",
        ],
    ),
];

#[test]
fn every_report_in_every_format_matches_its_golden_file() {
    assert_matches_golden(&quarter(), CASES);
}

/// The reports that show changes to the plan, run against [`kept_quarter`].
const KEEPING_CASES: &[(&str, &[&str])] = &[
    ("kept-history.txt", &["history", "--since", "2020-02-19"]),
    (
        "kept-history.csv",
        &["history", "--since", "2020-02-19", "--format", "csv"],
    ),
    (
        "kept-history.json",
        &["history", "--since", "2020-02-19", "--format", "json"],
    ),
    (
        "kept-history.md",
        &["history", "--since", "2020-02-19", "--format", "markdown"],
    ),
    ("kept-movement.txt", &["movement"]),
    ("kept-movement.csv", &["movement", "--format", "csv"]),
    ("kept-movement.json", &["movement", "--format", "json"]),
    ("kept-movement.md", &["movement", "--format", "markdown"]),
    (
        "kept-lead-list.txt",
        &["lead", "list", "--as-of", "2020-03-09"],
    ),
    (
        "kept-lead-list.csv",
        &["lead", "list", "--as-of", "2020-03-09", "--format", "csv"],
    ),
    (
        "kept-lead-list.json",
        &["lead", "list", "--as-of", "2020-03-09", "--format", "json"],
    ),
    (
        "kept-lead-list.md",
        &[
            "lead",
            "list",
            "--as-of",
            "2020-03-09",
            "--format",
            "markdown",
        ],
    ),
    ("kept-show-22.txt", &["show", "22"]),
    ("kept-show-35.json", &["show", "35", "--format", "json"]),
    (
        "kept-report.md",
        &["report", "--as-of", "2020-03-09", "--format", "markdown"],
    ),
    (
        "kept-report.html",
        &["report", "--as-of", "2020-03-09", "--format", "html"],
    ),
];

#[test]
fn every_report_of_changes_to_the_plan_matches_its_golden_file() {
    assert_matches_golden(&kept_quarter(), KEEPING_CASES);
}

#[test]
fn every_self_evaluation_report_matches_its_golden_file() {
    assert_matches_golden(&self_evaluations(), SELFEVAL_CASES);
}
