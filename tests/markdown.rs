//! `--format markdown` on every report of the plan: a Markdown table per
//! table the terminal shows, one row per record, every cell escaped.

mod common;

use common::Workdir;

/// The seed plan with a closed cycle and updates after it, one comment
/// holding HTML and a pipe, one timeline moved.
fn plan_with_history() -> Workdir {
    let work = Workdir::with_seed_plan();
    work.ok(&["cycle", "close", "IJB 18 Feb 2020", "--on", "2020-02-18"]);
    work.ok(&[
        "update",
        "18",
        "--rag",
        "R",
        "--comment",
        "<script>alert(1)</script> | budgets *late*",
        "--on",
        "2020-03-02",
    ]);
    work.ok(&[
        "update",
        "13",
        "--due",
        "Mar 20",
        "--reason",
        "Recruitment",
        "--on",
        "2020-03-03",
    ]);
    work
}

/// The data rows of the Markdown tables in `text`: lines starting "| "
/// that are neither a header (followed by the rule) nor the rule.
fn table_rows(text: &str) -> Vec<&str> {
    let lines: Vec<&str> = text.lines().collect();
    lines
        .iter()
        .enumerate()
        .filter(|(index, line)| {
            line.starts_with("| ")
                && !line.starts_with("| ---")
                && !lines
                    .get(index + 1)
                    .is_some_and(|next| next.starts_with("| ---"))
        })
        .map(|(_, line)| *line)
        .collect()
}

/// How many records the JSON form of a report holds (`check` exits 1 when
/// it flags something, so the output is read whatever the exit code).
fn json_len(work: &Workdir, args: &[&str]) -> usize {
    let mut args = args.to_vec();
    args.extend(["--format", "json"]);
    let output = work.run(&args);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    json.as_array().unwrap().len()
}

#[test]
fn every_report_has_a_markdown_form_with_one_row_per_record() {
    let work = plan_with_history();
    for args in [
        &["list"][..],
        &["history"],
        &["slipped"],
        &["overdue", "--as-of", "2020-03-05"],
        &["check", "--as-of", "2020-03-05"],
        &["plans"],
        &["cycle", "list"],
    ] {
        let mut markdown_args = args.to_vec();
        markdown_args.extend(["--format", "markdown"]);
        let output = work.run(&markdown_args);
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let markdown = String::from_utf8(output.stdout).unwrap();
        assert_eq!(
            table_rows(&markdown).len(),
            json_len(&work, args),
            "{args:?}:\n{markdown}"
        );
        assert!(!markdown.contains("<script>"), "{args:?}: {markdown}");
    }
}

#[test]
fn rag_in_markdown_is_the_table_with_its_total() {
    let work = Workdir::with_seed_plan();
    assert_eq!(
        work.ok(&["rag", "--as-of", "2020-02-18", "--format", "markdown"]),
        "\
| Theme | R | A | G | Total |
| --- | --- | --- | --- | --- |
| Leadership | 0 | 0 | 3 | 3 |
| Operational Structure | 0 | 6 | 4 | 10 |
| Finance | 0 | 3 | 7 | 10 |
| Strategic Planning | 0 | 0 | 3 | 3 |
| Governance | 0 | 0 | 6 | 6 |
| Information sharing | 0 | 1 | 3 | 4 |
| Engagement | 0 | 0 | 2 | 2 |
| Total | 0 | 10 | 28 | 38 |

"
    );
}

#[test]
fn a_comment_with_html_and_a_pipe_is_shown_as_written() {
    let work = plan_with_history();
    let history = work.ok(&["history", "--format", "markdown"]);
    assert!(
        history.contains(
            "| 2020-03-02 | 18 | Medium term financial plan is developed and agreed to inform direction |  | RAG R; comment \"\\<script\\>alert(1)\\</script\\> \\| budgets \\*late\\*\" |"
        ),
        "{history}"
    );
}

#[test]
fn movement_and_weekly_have_their_markdown_tables() {
    let work = plan_with_history();
    let movement = work.ok(&["movement", "--format", "markdown"]);
    assert!(
        movement.starts_with(
            "Movement from \"IJB 18 Feb 2020\" (2020-02-18) to now: 2 milestones changed\n\n"
        ),
        "{movement}"
    );
    let rows = table_rows(&movement);
    // Two milestones moved (18 and 13), then a row per theme and the total.
    assert!(
        rows.iter().any(|row| row.starts_with("| 18 | Finance |")),
        "{movement}"
    );
    assert!(
        rows.iter().any(|row| row.starts_with("| 13 | ")),
        "{movement}"
    );
    assert!(
        rows.iter().any(|row| row.starts_with("| Total | 2 |")),
        "{movement}"
    );
    let weekly = work.ok(&["weekly", "--as-of", "2020-03-05", "--format", "markdown"]);
    assert!(
        weekly.starts_with("# Weekly report, week of 5 Mar 2020\n"),
        "{weekly}"
    );
}
