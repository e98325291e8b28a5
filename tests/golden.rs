//! Golden outputs: every report in every format on the seed plan, with a
//! scripted quarter of updates and a closed cycle, compared byte for byte
//! with the files in tests/golden/. A layout change shows in the diff of
//! those files, where it is reviewed.
//!
//! To accept a change on purpose: `GOLDEN_UPDATE=1 cargo test --test golden`,
//! then read `git diff tests/golden`.

mod common;

use std::path::PathBuf;

use common::Workdir;

/// The seed plan after a committee cycle and a few weeks of updates.
fn quarter() -> Workdir {
    let work = Workdir::with_seed_plan();
    work.ok(&[
        "update",
        "13",
        "--due",
        "Mar 20",
        "--reason",
        "Tier 3 recruitment follows the HR agreement",
        "--by",
        "Margaret French",
        "--on",
        "2020-02-10",
    ]);
    work.ok(&["cycle", "close", "AHSC 18 Feb 2020", "--on", "2020-02-18"]);
    work.ok(&[
        "complete",
        "4",
        "--comment",
        "Complete. New meeting structures in place.",
        "--by",
        "Ross McGuffie",
        "--on",
        "2020-03-02",
    ]);
    work.ok(&[
        "update",
        "18",
        "--rag",
        "R",
        "--comment",
        "Delayed: awaiting both partners' budgets.",
        "--by",
        "Marie Moy",
        "--on",
        "2020-03-05",
    ]);
    work
}

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

/// Angus's 2019 and 2020 self-evaluations and Peerside's 2019 one.
fn self_evaluations() -> Workdir {
    let work = Workdir::new();
    let data = |path: &str| format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    for (file, partnership, label, on) in [
        (
            "data/angus-msg-self-evaluation-2019.csv",
            "Angus",
            "2019",
            "2019-05-10",
        ),
        (
            "tests/data/angus-msg-self-evaluation-2020.csv",
            "Angus",
            "2020",
            "2020-05-12",
        ),
        (
            "tests/data/angus-msg-self-evaluation-2019-peer.csv",
            "Peerside",
            "2019",
            "2019-05-14",
        ),
    ] {
        work.ok(&[
            "selfeval",
            "import",
            &data(file),
            "--partnership",
            partnership,
            "--label",
            label,
            "--on",
            on,
        ]);
    }
    work
}

fn golden_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

#[test]
fn every_report_in_every_format_matches_its_golden_file() {
    assert_matches_golden(&quarter(), CASES);
}

/// [`quarter`], then a committee's changes to the plan: a milestone added
/// and one retired, one reworded, a lead who left merged into another, and
/// an update recorded against the wrong milestone retracted.
fn kept_quarter() -> Workdir {
    let work = quarter();
    work.ok(&[
        "milestone",
        "add",
        "--theme",
        "Finance",
        "--action",
        "Progress work on set aside budgets",
        "--milestone",
        "Set-aside budget agreed with NHS Lanarkshire",
        "--lead",
        "Marie Moy",
        "--timeline",
        "Jun 20",
        "--rag",
        "A",
        "--by",
        "AHSC",
        "--on",
        "2020-02-19",
        "--reason",
        "Committee asked for it",
    ]);
    work.ok(&[
        "milestone",
        "retire",
        "35",
        "--reason",
        "Superseded by the digital strategy",
        "--by",
        "AHSC",
        "--on",
        "2020-02-19",
    ]);
    work.ok(&[
        "milestone",
        "edit",
        "30",
        "--milestone",
        "Revised Scheme reflects the new integration arrangements",
        "--by",
        "Planning officer",
        "--on",
        "2020-03-02",
    ]);
    work.ok(&[
        "lead",
        "merge",
        "Graeme Cowan",
        "Alison Gordon",
        "--by",
        "Chief Officer",
        "--on",
        "2020-03-02",
        "--reason",
        "Graeme Cowan has left",
    ]);
    work.ok(&[
        "update",
        "22",
        "--rag",
        "R",
        "--comment",
        "Engagement paused",
        "--by",
        "Marie Moy",
        "--on",
        "2020-03-05",
    ]);
    let entry = work
        .json(&["history", "--since", "2020-03-05", "--format", "json"])
        .as_array()
        .and_then(|entries| entries.last().cloned())
        .and_then(|entry| entry["update_id"].as_i64())
        .expect("the update's entry id")
        .to_string();
    work.ok(&[
        "retract",
        &entry,
        "--reason",
        "Meant for milestone 23",
        "--by",
        "Planning officer",
        "--on",
        "2020-03-06",
    ]);
    work
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

/// Runs each case in `work` and compares its stdout with its golden file
/// (or, with GOLDEN_UPDATE set, writes the file).
fn assert_matches_golden(work: &Workdir, cases: &[(&str, &[&str])]) {
    let update = std::env::var_os("GOLDEN_UPDATE").is_some();
    let mut differing = Vec::new();
    for (name, args) in cases {
        // `check` exits 1 when it flags something: its output is still data.
        let output = work.run(args);
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{name}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let path = golden_path(name);
        if update {
            std::fs::write(&path, &output.stdout).unwrap();
            continue;
        }
        let expected = std::fs::read(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (make it with GOLDEN_UPDATE=1)", path.display()));
        if expected != output.stdout {
            differing.push(*name);
        }
    }
    assert!(
        differing.is_empty(),
        "these outputs differ from tests/golden (GOLDEN_UPDATE=1 cargo test --test golden, then read git diff): {differing:?}"
    );
}
