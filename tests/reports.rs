//! The overdue and RAG reports on the real seed plan, with exact figures.

mod common;

use common::{Workdir, ids};

/// Open milestones of the seed plan due before the committee of 18 Feb 2020,
/// most overdue first (ties in table order).
const OVERDUE_ON_COMMITTEE_DATE: [i64; 15] =
    [4, 5, 24, 10, 12, 14, 18, 6, 19, 21, 22, 28, 35, 13, 20];

#[test]
fn fifteen_milestones_are_overdue_on_the_committee_date() {
    let work = Workdir::with_seed_plan();
    let overdue = work.json(&["overdue", "--as-of", "2020-02-18", "--format", "json"]);
    assert_eq!(ids(&overdue), OVERDUE_ON_COMMITTEE_DATE);
    let first = &overdue[0];
    assert_eq!(first["milestone"], "Agree meeting structures");
    assert_eq!(first["theme"], "Operational Structure");
    assert_eq!(first["plan"], "NL");
    assert_eq!(first["leads"], serde_json::json!(["Ross McGuffie"]));
    assert_eq!(first["due"], "2019-09-30");
    assert_eq!(first["timeline"], "Sep 19");
    assert_eq!(first["status"], "in progress");
    assert_eq!(first["rag"], "A");
    assert_eq!(first["days_overdue"], 141);
    assert_eq!(first["overdue_by"], "overdue by 4 months");
    let last = &overdue[14];
    assert_eq!(last["days_overdue"], 18);
    assert_eq!(last["overdue_by"], "overdue by 2 weeks");
}

#[test]
fn a_month_timeline_falls_due_on_its_last_day() {
    let work = Workdir::with_seed_plan();
    let jan_20_open = [13, 20];
    let on_31_jan = ids(&work.json(&["overdue", "--as-of", "2020-01-31", "--format", "json"]));
    assert!(
        jan_20_open.iter().all(|id| !on_31_jan.contains(id)),
        "{on_31_jan:?}"
    );
    assert_eq!(on_31_jan.len(), 13);
    let on_1_feb = ids(&work.json(&["overdue", "--as-of", "2020-02-01", "--format", "json"]));
    assert!(
        jan_20_open.iter().all(|id| on_1_feb.contains(id)),
        "{on_1_feb:?}"
    );
    assert_eq!(on_1_feb.len(), 15);
}

#[test]
fn complete_milestones_are_never_overdue() {
    let work = Workdir::with_seed_plan();
    // Milestone 16 ("Learning from other partnership areas", Jan 20) is "Complete."
    let late = ids(&work.json(&["overdue", "--as-of", "2030-01-01", "--format", "json"]));
    assert!(!late.contains(&16));
    assert_eq!(late.len(), 38 - 13, "every open milestone is late by 2030");
}

#[test]
fn overdue_for_one_lead() {
    let work = Workdir::with_seed_plan();
    let late = work.json(&[
        "overdue",
        "--as-of",
        "2020-02-18",
        "--lead",
        "marie moy",
        "--format",
        "json",
    ]);
    assert_eq!(ids(&late), vec![14, 18, 19, 21, 22, 20]);
}

#[test]
fn overdue_table_groups_by_theme_and_says_the_lateness() {
    let work = Workdir::with_seed_plan();
    let table = work.ok(&["overdue", "--as-of", "2020-02-18"]);
    assert!(
        table.starts_with("15 milestones overdue as of 18 Feb 2020\n"),
        "{table}"
    );
    for heading in [
        "Operational Structure (6)",
        "Finance (6)",
        "Strategic Planning (1)",
        "Governance (1)",
        "Information sharing (1)",
    ] {
        assert!(table.contains(heading), "missing {heading}:\n{table}");
    }
    let headings: Vec<&str> = table
        .lines()
        .filter(|l| l.ends_with(')') && !l.starts_with(' '))
        .collect();
    assert_eq!(
        headings,
        [
            "Operational Structure (6)",
            "Finance (6)",
            "Strategic Planning (1)",
            "Governance (1)",
            "Information sharing (1)"
        ],
        "themes in plan order"
    );
    assert!(table.contains("overdue by 4 months"));
    assert!(!table.contains("\u{1b}["), "no colour when piped");
}

#[test]
fn overdue_csv_has_one_row_per_milestone() {
    let work = Workdir::with_seed_plan();
    let csv = work.ok(&["overdue", "--as-of", "2020-02-18", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(headers.get(0), Some("id"));
    assert_eq!(headers.get(12), Some("overdue_by"));
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 15);
    assert_eq!(rows[0].get(0), Some("4"));
    assert_eq!(rows[3].get(5), Some("Maggs Thomson; Margaret French"));
}

#[test]
fn rag_counts_per_theme_in_plan_order() {
    let work = Workdir::with_seed_plan();
    let rag = work.json(&["rag", "--format", "json"]);
    let rows: Vec<(String, i64, i64, i64, i64)> = rag
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["theme"].as_str().unwrap().to_string(),
                r["R"].as_i64().unwrap(),
                r["A"].as_i64().unwrap(),
                r["G"].as_i64().unwrap(),
                r["total"].as_i64().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("Leadership", 0, 0, 3, 3),
        ("Operational Structure", 0, 6, 4, 10),
        ("Finance", 0, 3, 7, 10),
        ("Strategic Planning", 0, 0, 3, 3),
        ("Governance", 0, 0, 6, 6),
        ("Information sharing", 0, 1, 3, 4),
        ("Engagement", 0, 0, 2, 2),
    ];
    let expected: Vec<(String, i64, i64, i64, i64)> = expected
        .iter()
        .map(|(t, r, a, g, n)| (t.to_string(), *r, *a, *g, *n))
        .collect();
    assert_eq!(rows, expected);
}

#[test]
fn rag_table_ends_with_a_total_row() {
    let work = Workdir::with_seed_plan();
    let table = work.ok(&["rag"]);
    let total = table
        .lines()
        .find(|l| l.trim_start().starts_with("Total"))
        .expect("a total row");
    assert_eq!(
        total.split_whitespace().collect::<Vec<_>>(),
        ["Total", "0", "10", "28", "38"]
    );
    let csv = work.ok_csv(&["rag", "--format", "csv"]);
    assert_eq!(csv.lines().next(), Some("plan,theme,R,A,G,total"));
    assert_eq!(
        csv.lines().nth(2),
        Some("NL,Operational Structure,0,6,4,10")
    );
}

#[test]
fn list_shows_every_milestone_with_ids_and_the_status_rule() {
    let work = Workdir::with_seed_plan();
    let list = work.json(&["list", "--format", "json"]);
    assert_eq!(ids(&list), (1..=38).collect::<Vec<_>>());
    let complete = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["status"] == "complete")
        .count();
    assert_eq!(complete, 13, "13 comments start with Complete/Completed");
    assert_eq!(
        list[1]["leads"],
        serde_json::json!(["Fiona Whittaker", "John White"])
    );
    assert_eq!(list[1]["status"], "complete");
    assert_eq!(list[3]["status"], "in progress");
    assert!(list[0].get("days_overdue").is_none());
    let ross = work.json(&["list", "--lead", "Ross McGuffie", "--format", "json"]);
    assert_eq!(ross.as_array().unwrap().len(), 16);
}

#[test]
fn show_prints_one_milestone() {
    let work = Workdir::with_seed_plan();
    let card = work.ok(&["show", "13"]);
    assert!(
        card.starts_with("Milestone 13: Tier 3 post holders in place\n"),
        "{card}"
    );
    assert!(card.contains("Leads:     Margaret French; Maggs Thomson"));
    assert!(card.contains("Timeline:  Jan 20 (due 2020-01-31)"));
    let err = work.fails(&["show", "999"]);
    assert!(err.contains("no milestone with id 999"), "{err}");
}

#[test]
fn plans_lists_the_imported_plan() {
    let work = Workdir::with_seed_plan();
    let plans = work.json(&["plans", "--format", "json"]);
    assert_eq!(plans[0]["name"], "NL");
    assert_eq!(plans[0]["partnership"], "North Lanarkshire");
    assert_eq!(
        (
            plans[0]["themes"].as_i64(),
            plans[0]["actions"].as_i64(),
            plans[0]["milestones"].as_i64()
        ),
        (Some(7), Some(31), Some(38))
    );
}

#[test]
fn reports_across_several_plans_need_no_plan_but_export_does() {
    let work = Workdir::with_seed_plan();
    work.ok(&["import", common::SEED_PLAN, "--plan", "Copy"]);
    let overdue = work.json(&["overdue", "--as-of", "2020-02-18", "--format", "json"]);
    assert_eq!(overdue.as_array().unwrap().len(), 30);
    let only = work.json(&[
        "overdue",
        "--as-of",
        "2020-02-18",
        "--plan",
        "Copy",
        "--format",
        "json",
    ]);
    assert_eq!(only.as_array().unwrap().len(), 15);
    let err = work.fails(&["export"]);
    assert!(
        err.contains("several plans") && err.contains("--plan"),
        "{err}"
    );
    let err = work.fails(&["rag", "--plan", "Nope"]);
    assert!(err.contains("no plan named \"Nope\""), "{err}");
}

#[test]
fn demo_shows_the_committee_figures_and_writes_nothing() {
    let work = Workdir::new();
    let out = work.ok(&["demo"]);
    assert!(out.contains("7 themes, 31 actions, 38 milestones"), "{out}");
    assert!(
        out.contains("15 milestones overdue as of 18 Feb 2020"),
        "{out}"
    );
    let total = out
        .lines()
        .find(|l| l.trim_start().starts_with("Total"))
        .expect("total row");
    assert_eq!(
        total.split_whitespace().collect::<Vec<_>>(),
        ["Total", "0", "10", "28", "38"]
    );
    assert_eq!(
        std::fs::read_dir(work.path()).unwrap().count(),
        0,
        "demo wrote a file"
    );
}

#[test]
fn read_commands_on_a_missing_database_say_so_and_create_nothing() {
    let work = Workdir::new();
    for command in [
        &["list"][..],
        &["overdue"],
        &["rag"],
        &["plans"],
        &["export"],
        &["show", "1"],
    ] {
        let err = work.fails(command);
        assert!(err.contains("no database at"), "{err}");
    }
    assert!(!work.db().exists());
}

#[test]
fn the_database_comes_from_the_environment_when_no_db_is_given() {
    let work = Workdir::new();
    let db = work.file("from-env.db");
    let mut import = assert_cmd::Command::cargo_bin("actionplan").unwrap();
    import
        .current_dir(work.path())
        .env("ACTIONPLAN_DB", &db)
        .args(["import", common::SEED_PLAN, "--plan", "NL"]);
    import.assert().success();
    assert!(db.exists());
    let mut default = assert_cmd::Command::cargo_bin("actionplan").unwrap();
    default
        .current_dir(work.path())
        .env_remove("ACTIONPLAN_DB")
        .args(["import", common::SEED_PLAN, "--plan", "NL"]);
    default.assert().success();
    assert!(
        work.file("actionplan.db").exists(),
        "default is ./actionplan.db"
    );
}

#[test]
fn a_past_committee_date_shows_what_was_true_then() {
    let work = Workdir::with_seed_plan();
    work.ok(&[
        "complete",
        "4",
        "--on",
        "2020-03-02",
        "--comment",
        "Complete. Structures in place.",
    ]);
    work.ok(&[
        "update",
        "13",
        "--due",
        "Jun 20",
        "--reason",
        "Recruitment",
        "--on",
        "2020-03-02",
    ]);
    let then = ids(&work.json(&["overdue", "--as-of", "2020-02-18", "--format", "json"]));
    assert_eq!(
        then, OVERDUE_ON_COMMITTEE_DATE,
        "updates after the date do not rewrite it"
    );
    let after = ids(&work.json(&["overdue", "--as-of", "2020-03-03", "--format", "json"]));
    assert!(!after.contains(&4) && !after.contains(&13), "{after:?}");
    assert!(after.contains(&5));
}

#[test]
fn closing_the_pipe_early_is_not_an_error() {
    use std::io::Read;
    let work = Workdir::with_seed_plan();
    for copy in 0..12 {
        work.ok(&[
            "import",
            common::SEED_PLAN,
            "--plan",
            &format!("Copy {copy}"),
        ]);
    }
    for format in ["json", "csv", "table"] {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("actionplan"))
            .args([
                "--db",
                work.db().to_str().unwrap(),
                "list",
                "--format",
                format,
            ])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut first = [0u8; 64];
        child.stdout.take().unwrap().read_exact(&mut first).unwrap();
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(0), "{format}: {stderr}");
        assert!(stderr.is_empty(), "{format}: {stderr}");
    }
}

#[test]
fn rag_counts_as_they_stood_on_a_past_date() {
    let work = Workdir::with_seed_plan();
    work.ok(&[
        "update",
        "18",
        "--rag",
        "R",
        "--comment",
        "Delayed again",
        "--on",
        "2020-03-05",
    ]);
    let finance = |as_of: &str| {
        let rag = work.json(&["rag", "--as-of", as_of, "--format", "json"]);
        let row = rag
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["theme"] == "Finance")
            .unwrap()
            .clone();
        (row["R"].as_i64(), row["A"].as_i64(), row["G"].as_i64())
    };
    assert_eq!(finance("2020-02-18"), (Some(0), Some(3), Some(7)));
    assert_eq!(finance("2020-03-05"), (Some(1), Some(2), Some(7)));
}

#[test]
fn a_negative_number_in_a_csv_stays_a_number() {
    // Regression: the formula guard quoted "-2", so a target moved earlier
    // sorted as text in Excel.
    let work = Workdir::with_seed_plan();
    work.ok(&[
        "update",
        "23",
        "--due",
        "Jan 20",
        "--reason",
        "Brought forward",
        "--on",
        "2020-01-10",
    ]);
    let csv = work.ok(&["slipped", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let slip = headers
        .iter()
        .position(|h| h == "slip_months")
        .expect("a slip_months column");
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[slip], "-2", "{csv}");
}

/// Regression: `rag --format json` left "B", "not_rated" and "closed" out
/// row by row when 0, so rows of one report had different keys, while the
/// CSV decides its columns once. Now every row has the same keys.
#[test]
fn regression_rag_json_rows_all_have_the_same_keys() {
    let work = Workdir::new();
    work.ok(&[
        "import",
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/plans/brag_ref_status.csv"
        ),
        "--plan",
        "Care",
    ]);
    let rag = work.json(&["rag", "--format", "json"]);
    let keys: Vec<Vec<String>> = rag
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row.as_object().unwrap().keys().cloned().collect())
        .collect();
    assert_eq!(keys.len(), 3);
    assert!(keys.iter().all(|k| k == &keys[0]), "{keys:?}");
    assert_eq!(rag[2]["B"], 0);
    // A plain RAG plan's JSON is as it always was: R, A and G only.
    let seed = Workdir::with_seed_plan();
    let plain = seed.json(&["rag", "--format", "json"]);
    assert!(plain[0].get("B").is_none() && plain[0].get("closed").is_none());
}
