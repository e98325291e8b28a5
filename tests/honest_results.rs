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
