//! What the golden tests share (tests/golden.rs, tests/golden_more.rs): the
//! fixtures they run reports against, and the comparison with the files in
//! tests/golden/.
//!
//! To accept a change on purpose: `GOLDEN_UPDATE=1 cargo test --test golden
//! --test golden_more`, then read `git diff tests/golden`.

use std::path::PathBuf;

use super::Workdir;

/// The seed plan after a committee cycle and a few weeks of updates.
pub fn quarter() -> Workdir {
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

/// [`quarter`], then a committee's changes to the plan: a milestone added
/// and one retired, one reworded, a lead who left merged into another, and
/// an update recorded against the wrong milestone retracted.
pub fn kept_quarter() -> Workdir {
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

/// Angus's 2019 and 2020 self-evaluations and Peerside's 2019 one.
pub fn self_evaluations() -> Workdir {
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

pub fn golden_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

/// Runs each case in `work` and compares its stdout with its golden file
/// (or, with GOLDEN_UPDATE set, writes the file).
pub fn assert_matches_golden(work: &Workdir, cases: &[(&str, &[&str])]) {
    assert_outputs_match_golden(cases, |args| work.run(args));
}

/// [`assert_matches_golden`], running each case with `run`: for a case
/// that needs more than the work directory (an environment variable).
pub fn assert_outputs_match_golden(
    cases: &[(&str, &[&str])],
    run: impl Fn(&[&str]) -> std::process::Output,
) {
    let update = std::env::var_os("GOLDEN_UPDATE").is_some();
    let mut differing = Vec::new();
    for (name, args) in cases {
        // `check` exits 1 when it flags something: its output is still data.
        let output = run(args);
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
