//! Honest empty results: a --lead or --plan that matches nothing is an error
//! naming the closest names, and a report over several plans says so.

mod common;

use common::Workdir;

#[test]
fn a_lead_matching_nobody_is_an_error_naming_the_closest_leads() {
    let work = Workdir::with_seed_plan();
    for command in ["list", "overdue", "history"] {
        let stderr = work.fails(&[command, "--lead", "Mari Moy"]);
        assert_eq!(
            stderr,
            "actionplan: no lead named \"Mari Moy\": did you mean \"Marie Moy\"? see actionplan list for who leads what\n",
            "{command}"
        );
        let stderr = work.fails(&[command, "--lead", "Zebedee"]);
        assert!(
            stderr.contains("no lead named \"Zebedee\": see actionplan list"),
            "{stderr}"
        );
    }
    // Case and the spaces around it do not matter, as the filter itself ignores them.
    let csv = work.ok(&["list", "--lead", " marie moy ", "--format", "csv"]);
    let ids: Vec<&str> = csv
        .lines()
        .skip(1)
        .filter_map(|line| line.split(',').next())
        .collect();
    assert_eq!(
        ids,
        ["14", "16", "17", "18", "19", "20", "21", "22"],
        "{csv}"
    );
}

#[test]
fn a_plan_matching_nothing_is_an_error_naming_the_closest_plan() {
    let work = Workdir::with_seed_plan();
    let stderr = work.fails(&["rag", "--plan", "nl"]);
    assert_eq!(
        stderr,
        "actionplan: no plan named \"nl\": did you mean \"NL\"? plans in the database: \"NL\"\n"
    );
}

/// Regression: `rag` over two plans printed one total of 76. `overdue` says
/// so in its first line too (its groups already name the plan).
#[test]
fn reports_over_several_plans_say_so_and_rag_totals_each_plan_on_its_own() {
    let work = Workdir::with_seed_plan();
    work.ok(&["import", common::SEED_PLAN, "--plan", "Copy"]);
    let table = work.ok(&["rag", "--as-of", "2020-02-18"]);
    assert_eq!(
        table.lines().next().unwrap(),
        "2 plans, each totalled on its own: \"NL\", \"Copy\""
    );
    let totals: Vec<Vec<&str>> = table
        .lines()
        .filter(|line| line.contains("Total") && !line.contains("Theme"))
        .map(|line| line.split_whitespace().collect())
        .collect();
    assert_eq!(
        totals,
        [
            ["NL", "Total", "0", "10", "28", "38"],
            ["Copy", "Total", "0", "10", "28", "38"]
        ]
    );
    assert!(!table.contains("76"), "{table}");
    let overdue = work.ok(&["overdue", "--as-of", "2020-02-18"]);
    assert_eq!(
        overdue.lines().next().unwrap(),
        "30 milestones overdue as of 18 Feb 2020 across 2 plans (\"NL\", \"Copy\")"
    );
}

/// Item 10 of the shared-drive issue, for the reports `rag` and `overdue` did
/// not cover: over two plans `list`, `history`, `slipped`, `check` and
/// `weekly` say so first and keep each plan's rows together.
#[test]
fn every_report_over_several_plans_names_them_first_and_groups_by_plan() {
    let work = Workdir::with_seed_plan();
    work.ok(&["import", common::SEED_PLAN, "--plan", "Copy"]);
    // Milestone 40 is in "Copy" (ids 39-76); 13 and 18 are in "NL". The
    // Copy update is dated first, so date order alone would put it first.
    work.ok(&[
        "update",
        "40",
        "--due",
        "Mar 20",
        "--reason",
        "Recruitment",
        "--on",
        "2020-01-15",
    ]);
    work.ok(&[
        "update",
        "13",
        "--due",
        "Mar 20",
        "--reason",
        "Recruitment",
        "--on",
        "2020-02-01",
    ]);
    work.ok(&["update", "18", "--rag", "R", "--on", "2020-02-02"]);

    let list = work.ok(&["list"]);
    assert_eq!(list.lines().next().unwrap(), "2 plans: \"NL\", \"Copy\"");
    assert!(
        list.lines()
            .nth(2)
            .unwrap()
            .starts_with(" ID   Plan   Theme"),
        "{list}"
    );

    let history = work.ok(&["history"]);
    assert_eq!(
        history.lines().next().unwrap(),
        "2 plans, each with its own updates: \"NL\", \"Copy\""
    );
    let history_json = work.json(&["history", "--format", "json"]);
    let plans_and_ids: Vec<(String, i64)> = history_json
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["plan"].as_str().unwrap().to_string(),
                e["id"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        plans_and_ids,
        [
            ("NL".to_string(), 13),
            ("NL".to_string(), 18),
            ("Copy".to_string(), 40)
        ]
    );
    let history_csv = work.ok_csv(&["history", "--format", "csv"]);
    assert!(
        history_csv.starts_with("id,plan,milestone,on,by,"),
        "{history_csv}"
    );

    // Copy's milestone 40 slipped 6 months, NL's 13 only 2: grouped by plan
    // first, the smaller NL slip still comes first.
    let slipped = work.ok(&["slipped"]);
    assert_eq!(
        slipped.lines().next().unwrap(),
        "2 milestones with a revised target date across 2 plans (\"NL\", \"Copy\")"
    );
    let slipped_json = work.json(&["slipped", "--format", "json"]);
    let slipped_ids: Vec<i64> = slipped_json
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["id"].as_i64().unwrap())
        .collect();
    assert_eq!(slipped_ids, [13, 40]);

    let check = work
        .command(&["check", "--as-of", "2020-02-18"])
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(1));
    let text = String::from_utf8(check.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "2 plans, each checked on its own: \"NL\", \"Copy\""
    );
    assert_eq!(lines[2], "NL:");
    let copy_heading = lines.iter().position(|l| *l == "Copy:").unwrap();
    assert_eq!(copy_heading, 3 + 5 + 1, "{text}");
    assert_eq!(
        String::from_utf8(check.stderr).unwrap(),
        "10 flags on 10 milestones as of 18 Feb 2020 across 2 plans: 10 green but overdue\n"
    );

    let weekly = work.ok(&["weekly", "--as-of", "2020-02-18"]);
    assert_eq!(
        weekly.lines().next().unwrap(),
        "Week of 18 Feb 2020: 29 overdue (0 newly), 0 due in the next 14 days, \
         48 with no update for 8 weeks, across 10 leads in 2 plans (\"NL\", \"Copy\")"
    );
    assert!(
        weekly.contains(
            "Anne Armstrong\n==============\nOverdue (2):\n  \
             #28 [NL] Develop OD programme to support revised TOR\n    \
             — due Dec 19, overdue by 2 months, never updated (G)\n  \
             #66 [Copy] Develop OD programme to support revised TOR\n"
        ),
        "{weekly}"
    );

    // One plan chosen: none of this.
    let one = work.ok(&["list", "--plan", "NL"]);
    assert!(!one.contains("2 plans"), "{one}");
    let one = work.ok(&["weekly", "--plan", "NL", "--as-of", "2020-02-18"]);
    assert!(!one.contains("[NL]") && !one.contains("2 plans"), "{one}");
}
