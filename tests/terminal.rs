//! What people see on a terminal: tables that fit (100 columns when the
//! width is unknown or 0), dates and counts in words, and the completion
//! scripts and manual page the binary prints.

mod common;

use common::Workdir;

/// One theme, one action, one milestone.
const ONE_OF_EACH: &str = "Report Recommendation,Improvement Action,Milestone detail,Lead,Timeline,Comment/RAG,RAG\n\
     Governance,Review the committee structure,Agree meeting structures,Ann Lee,Jan 20,Ongoing.,A\n";

/// The widest line, in characters.
fn widest(text: &str) -> usize {
    text.lines()
        .map(|line| line.chars().count())
        .max()
        .unwrap_or(0)
}

#[test]
fn off_a_terminal_tables_are_100_columns_wide_whatever_columns_says() {
    let work = Workdir::with_seed_plan();
    for columns in ["0", "1", "", "300"] {
        let output = work
            .command(&["overdue", "--as-of", "2020-02-18"])
            .env("COLUMNS", columns)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        let text = String::from_utf8(output.stdout).unwrap();
        assert_eq!(widest(&text), 100, "COLUMNS={columns:?}:\n{text}");
        assert!(
            text.contains("Agree meeting structures"),
            "cells keep their words on one line"
        );
    }
}

/// On a terminal that reports 0 columns (a pseudo-terminal nobody sized),
/// the table is drawn to 100 columns, not one character per column. Runs
/// where util-linux `script` is there to make such a terminal.
#[test]
#[cfg(target_os = "linux")]
fn on_a_terminal_of_0_columns_tables_are_100_columns_wide() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: no `script` to run the binary on a terminal");
        return;
    }
    let work = Workdir::with_seed_plan();
    let binary = assert_cmd::cargo::cargo_bin("actionplan");
    let quote = |text: &str| format!("'{}'", text.replace('\'', r"'\''"));
    let line = format!(
        "stty cols 0 rows 0; {} --db {} overdue --as-of 2020-02-18",
        quote(binary.to_str().unwrap()),
        quote(work.db().to_str().unwrap())
    );
    let output = std::process::Command::new("script")
        .args(["-q", "-e", "-c", &line, "/dev/null"])
        .env("NO_COLOR", "1")
        .env("COLUMNS", "0")
        .env_remove("ACTIONPLAN_DB")
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout).replace('\r', "");
    assert!(
        text.starts_with("15 milestones overdue as of 18 Feb 2020\n"),
        "{text}"
    );
    let width = widest(&text);
    assert!((60..=100).contains(&width), "{width} columns:\n{text}");
    assert!(text.contains("Agree meeting structures"), "{text}");
}

#[test]
fn plans_shows_the_import_date_as_a_paper_writes_it() {
    let before = chrono::Local::now().date_naive();
    let work = Workdir::with_seed_plan();
    let table = work.ok(&["plans"]);
    let after = chrono::Local::now().date_naive();
    let days: Vec<String> = [before, after]
        .iter()
        .map(|day| day.format("%-d %b %Y").to_string())
        .collect();
    assert!(
        days.iter().any(|day| table.contains(day.as_str())),
        "{days:?} in\n{table}"
    );
    assert!(
        !table.contains(&before.format("%Y-%m-%dT").to_string()),
        "no RFC 3339 timestamp: {table}"
    );
    // CSV and JSON keep the stored timestamp for programs.
    let json = work.json(&["plans", "--format", "json"]);
    assert!(json[0]["imported_at"].as_str().unwrap().contains('T'));
}

#[test]
fn counts_of_one_are_singular() {
    let work = Workdir::new();
    let plan = work.write("one.csv", ONE_OF_EACH);
    let output = work.run(&["import", &plan, "--plan", "One"]);
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        format!("imported {plan} as plan \"One\": 1 theme, 1 action, 1 milestone\n")
    );
    work.ok(&["update", "1", "--rag", "R", "--on", "2020-02-01"]);
    assert!(
        work.ok(&["show", "1"])
            .contains("History (1 entry, oldest first; [entry id]):")
    );
    let output = work.run(&["cycle", "close", "Feb", "--on", "2020-02-02"]);
    assert!(
        String::from_utf8(output.stderr)
            .unwrap()
            .contains(": 1 milestone frozen (1 red,")
    );
    let weekly = work.ok(&[
        "weekly",
        "--as-of",
        "2020-02-18",
        "--due-soon-days",
        "1",
        "--stale-weeks",
        "1",
    ]);
    assert!(
        weekly.starts_with(
            "Week of 18 Feb 2020: 1 overdue (0 newly), 0 due in the next 1 day, \
             1 with no update for 1 week, across 1 lead\n"
        ),
        "{weekly}"
    );
    let export = work.file("one-out.csv");
    let output = work.run(&["export", "-o", export.to_str().unwrap()]);
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        format!("wrote {} (1 milestone)\n", export.display())
    );
}

#[test]
fn completions_for_every_shell_name_the_commands() {
    let work = Workdir::new();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = work.ok(&["completions", shell]);
        assert!(script.len() > 1000, "{shell}: {script}");
        for command in ["overdue", "weekly", "completions"] {
            assert!(script.contains(command), "{shell} completes {command}");
        }
        assert!(script.contains("--no-bom"), "{shell} completes --no-bom");
    }
    assert!(
        !work.db().exists(),
        "printing completions creates no database"
    );
    let stderr = work.fails(&["completions", "tcsh"]);
    assert!(stderr.contains("possible values: bash, elvish, fish, powershell, zsh"));
}

#[test]
fn man_prints_a_roff_page_naming_every_command() {
    let work = Workdir::new();
    let page = work.ok(&["man"]);
    // The page opens with clap_mangen's quote-mark preamble, then the title.
    let first_request = page
        .lines()
        .find(|line| !line.starts_with(".ie") && !line.starts_with(".el"))
        .unwrap();
    assert!(
        first_request.starts_with(".TH actionplan 1"),
        "{first_request}"
    );
    assert!(page.contains(".SH NAME\nactionplan \\- "));
    for command in ["overdue", "weekly", "export", "completions", "man"] {
        assert!(page.contains(command), "the page names {command}");
    }
    assert!(!work.db().exists(), "printing the page creates no database");
}
