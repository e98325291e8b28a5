//! Reports over more milestones than a table lays out whole: JSON, CSV and
//! Markdown written as they are read agree with each other row for row, and
//! the table is written row by row in the house look (every row there,
//! nothing cut off).

mod common;

use std::fmt::Write as _;

use common::{Workdir, ids};

/// Milestones in the generated plan: past the 2,000 rows a table lays out whole.
const MILESTONES: usize = 2_150;

/// A plan of 43 themes x 5 actions x 10 milestones; every third milestone is
/// long enough to wrap, every seventh has two leads; timelines run from
/// Jan 19 over four years, so about half are overdue on 1 Jan 2021.
fn long_plan() -> String {
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let mut csv = String::from(
        "Report Recommendation,Improvement Action,Milestone detail,Lead,Timeline,Comment/RAG,RAG\r\n",
    );
    for n in 0..MILESTONES {
        let theme = format!("Theme {:02}", n / 50);
        let action = format!("Action {}", n / 10);
        let mut detail = format!("Milestone {n}");
        if n % 3 == 0 {
            detail.push_str(" agreed with every partner and reported to the board in full");
        }
        let lead = if n % 7 == 0 {
            format!("\"Lead {}\nLead {}\"", n % 13, (n + 1) % 13)
        } else {
            format!("Lead {}", n % 13)
        };
        let month = months[n % 12];
        let year = 19 + (n / 12) % 4;
        let rag = ["R", "A", "G"][n % 3];
        writeln!(
            csv,
            "{theme},{action},{detail},{lead},{month} {year},In progress.,{rag}\r"
        )
        .unwrap();
    }
    csv
}

fn imported() -> Workdir {
    let work = Workdir::new();
    let plan = work.write("long.csv", long_plan());
    work.ok(&["import", &plan, "--plan", "Long"]);
    work
}

#[test]
fn a_long_list_is_the_same_milestones_in_every_format() {
    let work = imported();
    let json = work.json(&["list", "--format", "json"]);
    let json_ids = ids(&json);
    assert_eq!(json_ids.len(), MILESTONES);
    assert!(
        json_ids.windows(2).all(|pair| pair[0] < pair[1]),
        "plan order"
    );

    let csv = work.ok_csv(&["list", "--format", "csv"]);
    let csv_ids: Vec<i64> = csv
        .lines()
        .skip(1)
        .map(|line| line.split(',').next().unwrap().parse().unwrap())
        .collect();
    // Multi-line lead cells add lines that do not start with an id: count records instead.
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let record_ids: Vec<i64> = reader
        .records()
        .map(|record| record.unwrap()[0].parse().unwrap())
        .collect();
    assert_eq!(record_ids, json_ids);
    assert!(csv_ids.len() >= MILESTONES);

    let markdown = work.ok(&["list", "--format", "markdown"]);
    let rows: Vec<&str> = markdown.lines().filter(|l| l.starts_with("| ")).collect();
    assert_eq!(
        rows[0],
        "| ID | Theme | Milestone | Lead | Timeline | Status | RAG |"
    );
    assert_eq!(rows[1], "| --- | --- | --- | --- | --- | --- | --- |");
    assert_eq!(rows.len(), MILESTONES + 2);
    assert_eq!(
        rows[2],
        format!(
            "| {} | Theme 00 | Milestone 0 agreed with every partner and reported to the board in full | Lead 0<br>Lead 1 | Jan 19 | in progress | R |",
            json_ids[0]
        )
    );
}

#[test]
fn a_long_table_is_written_row_by_row_in_the_house_look_with_nothing_cut_off() {
    let work = imported();
    let table = work.ok(&["list"]);
    let lines: Vec<&str> = table.lines().collect();
    let rule = "─".repeat(100);
    assert_eq!(
        lines[..7],
        [
            rule.as_str(),
            " ID        Theme     Milestone                            Lead      Timeline  Status       RAG      ",
            "═".repeat(100).as_str(),
            " 1         Theme 00  Milestone 0 agreed with every        Lead 0    Jan 19    in progress  R        ",
            "                     partner and reported to the board    Lead 1                                    ",
            "                     in full                                                                        ",
            rule.as_str(),
        ]
    );
    assert_eq!(*lines.last().unwrap(), rule);
    assert!(lines.iter().all(|line| line.chars().count() == 100));
    // Every milestone is there, in order, its id whole (the ids past the
    // 200 rows the columns were measured on are wider than any in them).
    let row_ids: Vec<i64> = lines
        .iter()
        .filter_map(|line| line.split_whitespace().next()?.parse().ok())
        .collect();
    let expected: Vec<i64> = (1..=MILESTONES as i64).collect();
    assert_eq!(row_ids, expected);
}

#[test]
fn a_long_overdue_report_agrees_in_every_format_and_its_table_names_the_theme() {
    let work = imported();
    let as_of = "2021-01-01";
    let json = work.json(&["overdue", "--as-of", as_of, "--format", "json"]);
    let overdue_ids = ids(&json);
    assert!(overdue_ids.len() > 1_000, "{}", overdue_ids.len());
    let days: Vec<i64> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["days_overdue"].as_i64().unwrap())
        .collect();
    assert!(
        days.windows(2).all(|pair| pair[0] >= pair[1]),
        "most overdue first"
    );

    let csv = work.ok_csv(&["overdue", "--as-of", as_of, "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let csv_ids: Vec<i64> = reader
        .records()
        .map(|record| record.unwrap()[0].parse().unwrap())
        .collect();
    assert_eq!(csv_ids, overdue_ids);

    let short = work.ok(&["overdue", "--as-of", as_of]);
    assert!(short.starts_with(&format!(
        "{} milestones overdue as of 1 Jan 2021\n",
        overdue_ids.len()
    )));
    assert!(
        short.contains("\nTheme 00 ("),
        "grouped by theme while short"
    );

    // Two years on every milestone is overdue: too many to lay out whole.
    let long = work.ok(&["overdue", "--as-of", "2023-01-01"]);
    let lines: Vec<&str> = long.lines().collect();
    assert_eq!(lines[0], "2150 milestones overdue as of 1 Jan 2023");
    assert_eq!(lines[1], "");
    assert_eq!(
        lines[3],
        " ID        Theme     Milestone                   Lead      Due       RAG       Lateness             "
    );
    assert_eq!(
        lines[5],
        " 1         Theme 00  Milestone 0 agreed with     Lead 0    Jan 19    R         overdue by 3 years   "
    );
}
