//! Limits at every door, control characters never reaching a terminal raw,
//! and honest exit codes when stdout closes early.

use std::fs;
use std::process::Command;
use std::time::Instant;

mod common;

use common::{SEED_PLAN, Workdir};

/// Regression: a 100,000-character comment was stored, exported, and the
/// export then refused on import.
#[test]
fn an_update_comment_longer_than_a_cell_is_refused_and_nothing_is_stored() {
    let work = Workdir::with_seed_plan();
    let before = work.dump();
    let long = "x".repeat(100_000);
    let stderr = work.fails(&["update", "3", "--comment", &long]);
    assert!(
        stderr
            .contains("--comment holds 100000 characters; a spreadsheet cell holds at most 32767"),
        "{stderr}"
    );
    let stderr = work.fails(&["update", "5", "--due", "Jun 20", "--reason", &long]);
    assert!(
        stderr.contains("--reason holds 100000 characters"),
        "{stderr}"
    );
    assert_eq!(work.dump(), before);

    // A comment of exactly one cell is kept, exported and imported again.
    let full = "y".repeat(32_767);
    work.ok(&["update", "3", "--comment", &full, "--on", "2020-01-10"]);
    let exported = work.file("appendix.csv");
    work.ok(&["export", "-o", exported.to_str().unwrap()]);
    work.ok(&["import", exported.to_str().unwrap(), "--plan", "Again"]);
}

#[test]
fn names_with_control_characters_are_refused() {
    let work = Workdir::with_seed_plan();
    let before = work.dump();
    let stderr = work.fails(&["update", "3", "--rag", "R", "--by", "Sharon\u{1b}[2J"]);
    assert!(
        stderr.contains("--by \"Sharon\\u{1b}[2J\" holds the control character U+001B"),
        "{stderr}"
    );
    let stderr = work.fails(&["import", SEED_PLAN, "--plan", "NL\u{202e}lmth.exe"]);
    assert!(
        stderr.contains("--plan \"NL\\u{202e}lmth.exe\" holds the control character U+202E"),
        "{stderr}"
    );
    let stderr = work.fails(&[
        "import",
        SEED_PLAN,
        "--plan",
        "B",
        "--partnership",
        "A\u{7}",
    ]);
    assert!(stderr.contains("--partnership"), "{stderr}");
    let stderr = work.fails(&["cycle", "close", "IJB\u{9b}31m", "--on", "2020-02-18"]);
    assert!(stderr.contains("the cycle label"), "{stderr}");
    assert_eq!(work.dump(), before);
}

/// Regression: `import /dev/zero` grew to 14.5 GB in 20 s.
#[test]
fn an_endless_or_huge_input_is_refused_with_bounded_reading() {
    let work = Workdir::new();
    let started = Instant::now();
    let stderr = work.fails(&["import", "/dev/zero", "--plan", "NL"]);
    assert!(
        stderr.contains("/dev/zero: the file is larger than 64 MiB, the most actionplan reads"),
        "{stderr}"
    );
    let huge = work.file("huge.csv");
    fs::File::create(&huge)
        .unwrap()
        .set_len(2 * 1024 * 1024 * 1024)
        .unwrap(); // sparse: 2 GB without writing it
    let stderr = work.fails(&["import", huge.to_str().unwrap(), "--plan", "NL"]);
    assert!(
        stderr.contains("huge.csv: the file is larger than 64 MiB"),
        "{stderr}"
    );
    assert!(!work.db().exists(), "a refused import made a database");
    let stderr = work.fails(&[
        "selfeval",
        "import",
        huge.to_str().unwrap(),
        "--partnership",
        "Angus",
        "--label",
        "2019",
        "--on",
        "2019-05-10",
    ]);
    assert!(
        stderr.contains("the file is larger than 64 MiB"),
        "{stderr}"
    );
    assert!(
        started.elapsed().as_secs() < 30,
        "took {:?}",
        started.elapsed()
    );
}

#[test]
fn control_characters_are_stored_exactly_and_shown_escaped() {
    let work = Workdir::with_seed_plan();
    let hostile = "On track\u{1b}[2J\u{1b}[31m RED\u{7} \u{202e}dnuof";
    work.ok(&["update", "28", "--comment", hostile, "--on", "2020-01-10"]);
    for args in [
        &["list"][..],
        &["show", "28"],
        &["overdue", "--as-of", "2020-02-18"],
        &["weekly", "--as-of", "2020-02-18"],
        &["weekly", "--as-of", "2020-02-18", "--format", "markdown"],
    ] {
        let output = work.run(args);
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        assert!(!stdout.contains('\u{1b}'), "{args:?} printed a raw ESC");
        assert!(
            !stdout.contains('\u{7}') && !stdout.contains('\u{202e}'),
            "{args:?}"
        );
    }
    let shown = work.ok(&["show", "28"]);
    assert!(
        shown.contains("On track\\u{1b}[2J\\u{1b}[31m RED\\u{7} \\u{202e}dnuof"),
        "{shown}"
    );
    // Stored exactly; CSV and JSON keep it.
    let csv = work.ok(&["list", "--format", "csv"]);
    assert!(csv.contains(hostile), "{csv}");
    let json = work.json(&["show", "28", "--format", "json"]);
    assert!(json.to_string().contains("\\u001b[2J"), "{json}");
}

/// Regression: U+061C, U+2028 and U+2029 reached the terminal raw, and
/// escaping the drawn table made the row holding them wider than the table's
/// rules. They are escaped now, cell by cell before the table is drawn, so
/// every line of the table is as wide as its rules.
#[test]
fn regression_line_separators_and_the_arabic_mark_are_escaped_inside_the_table() {
    let work = Workdir::new();
    let seed = fs::read_to_string(SEED_PLAN).unwrap();
    let hostile = seed.replacen(
        "Develop OD programme to support revised TOR",
        "Develop OD\u{2028}programme\u{2029}to support\u{61c} revised TOR",
        1,
    );
    assert_ne!(hostile, seed);
    let plan = work.write("hostile.csv", hostile);
    work.ok(&["import", &plan, "--plan", "NL"]);
    let listed = work.ok(&["list"]);
    for raw in ['\u{2028}', '\u{2029}', '\u{61c}'] {
        assert!(
            !listed.contains(raw),
            "U+{:04X} printed raw",
            u32::from(raw)
        );
    }
    // Each is shown as its escape (the 100-column table may wrap the cell
    // between them).
    for escaped in ["Develop OD\\u{2028}", "\\u{2029}to", "support\\u{61c}"] {
        assert!(listed.contains(escaped), "{escaped} in\n{listed}");
    }
    let widths: std::collections::BTreeSet<usize> =
        listed.lines().map(|line| line.chars().count()).collect();
    assert_eq!(
        widths.len(),
        1,
        "lines of different widths: {widths:?}\n{listed}"
    );
}

/// Regression: `check | head -1` exited 0 although it had flagged milestones.
#[test]
fn check_exits_1_when_it_flagged_something_even_if_stdout_closed_early() {
    let work = Workdir::with_seed_plan();
    let output = work.run(&["check", "--as-of", "2020-02-18"]);
    assert_eq!(output.status.code(), Some(1));
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader); // stdout is closed before the first line is written
    let status = Command::new(assert_cmd::cargo::cargo_bin("actionplan"))
        .arg("--db")
        .arg(work.db())
        .args(["check", "--as-of", "2020-02-18"])
        .env_remove("ACTIONPLAN_DB")
        .stdout(writer)
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
}
