//! Keeping the plan alive through committee cycles: milestones added, edited,
//! moved, reassigned and retired, and wrong entries retracted, each kept in
//! the history, with past cycles exporting exactly what their papers showed.

mod common;

use common::Workdir;
use serde_json::{Value, json};

const FEBRUARY: &str = "IJB 18 Feb 2020";

fn close_february(work: &Workdir) {
    work.ok(&["cycle", "close", FEBRUARY, "--on", "2020-02-18"]);
}

/// The February cycle's appendix as exported: what the paper showed.
fn february_export(work: &Workdir) -> String {
    work.ok(&["export", "--cycle", FEBRUARY])
}

fn ids(rows: &Value) -> Vec<i64> {
    rows.as_array()
        .expect("an array")
        .iter()
        .map(|row| row["id"].as_i64().expect("an id"))
        .collect()
}

/// Every history entry as `history --format csv` writes it, after the
/// header, one string per record (CRLF-terminated; a cell may hold a line break).
fn history_records(work: &Workdir) -> Vec<String> {
    let csv = work.ok(&["history", "--format", "csv", "--no-bom"]);
    let body = csv.split_once("\r\n").expect("a header").1;
    body.split_terminator("\r\n").map(str::to_string).collect()
}

fn add_set_aside(work: &Workdir) -> String {
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
        "--lead",
        "Ross McGuffie",
        "--timeline",
        "Jun 20",
        "--rag",
        "A",
        "--by",
        "IJB",
        "--on",
        "2020-03-02",
        "--reason",
        "Agreed at committee",
    ])
}

#[test]
fn an_added_milestone_takes_its_place_in_the_plan_and_counts_as_added() {
    let work = Workdir::with_seed_plan();
    close_february(&work);
    let before = february_export(&work);
    let id = add_set_aside(&work);
    assert_eq!(id, "39\n");
    // Placed at the end of its action: after milestone 19, before 20.
    let list = work.json(&["list", "--format", "json"]);
    let order = ids(&list);
    assert_eq!(order.len(), 39);
    let at = order.iter().position(|id| *id == 39).unwrap();
    assert_eq!(&order[at - 1..=at + 1], &[19, 39, 20]);
    let added = &list[at];
    assert_eq!(added["leads"], json!(["Marie Moy", "Ross McGuffie"]));
    assert_eq!(added["rag"], "A");
    assert_eq!(added["status"], "not started");
    assert_eq!(added["timeline"], "Jun 20");

    let movement = work.json(&["movement", "--format", "json"]);
    assert_eq!(ids(&movement), vec![39]);
    assert_eq!(movement[0]["added"], true);
    let table = work.ok(&["movement"]);
    assert!(table.contains("Plan change"), "{table}");
    // The February paper is unchanged.
    assert_eq!(february_export(&work), before);
    // Not in the plan before the day it was added.
    let finance = |as_of: &str| {
        work.ok(&["rag", "--format", "csv", "--no-bom", "--as-of", as_of])
            .lines()
            .find(|line| line.starts_with("NL,Finance,"))
            .expect("a Finance row")
            .to_string()
    };
    assert_eq!(finance("2020-03-01"), "NL,Finance,0,3,7,10");
    assert_eq!(finance("2020-03-02"), "NL,Finance,0,4,7,11");
    assert_eq!(
        history_records(&work),
        [
            "39,NL,Set-aside budget agreed with NHS Lanarkshire,2020-03-02,IJB,,,,,Agreed at committee,1,add,,,,,"
        ]
    );
}

#[test]
fn a_milestone_added_under_a_new_theme_and_action_goes_at_the_end_and_after_places_it() {
    let work = Workdir::with_seed_plan();
    let new = work.run(&[
        "milestone",
        "add",
        "--theme",
        "Workforce",
        "--action",
        "Joint workforce plan",
        "--milestone",
        "Plan agreed",
        "--lead",
        "Fiona Whittaker",
        "--timeline",
        "Ongoing",
        "--by",
        "IJB",
        "--on",
        "2020-03-02",
    ]);
    assert_eq!(String::from_utf8_lossy(&new.stdout), "39\n");
    assert_eq!(
        String::from_utf8_lossy(&new.stderr),
        "added milestone 39 \"Plan agreed\" to plan \"NL\" under \"Workforce\" (a new theme) › \"Joint workforce plan\" (a new action)\n"
    );
    // A theme and action are found in any case and spacing.
    let output = work.run(&[
        "milestone",
        "add",
        "--theme",
        "leadership ",
        "--action",
        "review the remaining  Kings Fund OD programme",
        "--milestone",
        "Second cohort starts",
        "--lead",
        "Sharon Simpson",
        "--timeline",
        "Sep 20",
        "--after",
        "1",
        "--by",
        "IJB",
        "--on",
        "2020-03-02",
    ]);
    assert_eq!(String::from_utf8_lossy(&output.stdout), "40\n");
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "added milestone 40 \"Second cohort starts\" to plan \"NL\" under \"Leadership\" › \"Review the remaining Kings Fund OD programme\"\n"
    );
    let order = ids(&work.json(&["list", "--format", "json"]));
    assert_eq!(&order[..3], &[1, 40, 2]);
    assert_eq!(order.last(), Some(&39));
    let rag = work.ok(&["rag", "--format", "csv", "--no-bom"]);
    assert!(rag.contains("NL,Workforce,0,0,0,1,1\r\n"), "{rag}");
    assert!(rag.contains("NL,Leadership,0,0,3,1,4\r\n"), "{rag}");
}

#[test]
fn an_edit_is_a_dated_attributed_entry_and_past_cycles_keep_the_old_words() {
    let work = Workdir::with_seed_plan();
    close_february(&work);
    let before = february_export(&work);
    work.ok(&[
        "milestone",
        "edit",
        "13",
        "--milestone",
        "Tier 3 posts filled",
        "--lead",
        "Margaret French",
        "--lead",
        "Alison Gordon",
        "--by",
        "Chief Officer",
        "--on",
        "2020-03-03",
        "--reason",
        "Committee wording",
    ]);
    let shown = work.json(&["show", "13", "--format", "json"]);
    assert_eq!(shown["milestone"], "Tier 3 posts filled");
    assert_eq!(shown["leads"], json!(["Margaret French", "Alison Gordon"]));
    assert_eq!(
        history_records(&work),
        [
            "13,NL,Tier 3 posts filled,2020-03-03,Chief Officer,,,,,Committee wording,1,edit,milestone,Tier 3 post holders in place,Tier 3 posts filled,,",
            "13,NL,Tier 3 posts filled,2020-03-03,Chief Officer,,,,,Committee wording,2,edit,leads,\"Margaret French\nMaggs Thomson\",\"Margaret French\nAlison Gordon\",,",
        ]
    );
    let card = work.ok(&["show", "13"]);
    assert!(
        card.contains("[1] 2020-03-03 by Chief Officer: milestone \"Tier 3 post holders in place\" -> \"Tier 3 posts filled\" (Committee wording)"),
        "{card}"
    );
    assert!(
        card.contains("[2] 2020-03-03 by Chief Officer: leads Margaret French; Maggs Thomson -> Margaret French; Alison Gordon (Committee wording)"),
        "{card}"
    );
    assert_eq!(february_export(&work), before);
    let movement = work.json(&["movement", "--format", "json"]);
    assert_eq!(ids(&movement), vec![13]);
    assert_eq!(
        (&movement[0]["edited"], &movement[0]["reassigned"]),
        (&json!(true), &json!(true))
    );
    // Editing to the same words changes nothing, and is refused.
    let stderr = work.fails(&[
        "milestone",
        "edit",
        "13",
        "--milestone",
        "Tier 3 posts filled",
        "--by",
        "Chief Officer",
    ]);
    assert!(stderr.contains("the edit changes nothing"), "{stderr}");
}

#[test]
fn a_retired_milestone_leaves_every_report_from_its_day_but_stays_in_history() {
    let work = Workdir::with_seed_plan();
    close_february(&work);
    let before = february_export(&work);
    // Milestone 18 (Nov 19, in progress) is overdue on 18 Feb 2020.
    let overdue = work.json(&["overdue", "--as-of", "2020-03-01", "--format", "json"]);
    assert!(ids(&overdue).contains(&18));
    work.ok(&[
        "milestone",
        "retire",
        "18",
        "--reason",
        "Superseded by the medium term financial strategy",
        "--into",
        "19",
        "--by",
        "IJB",
        "--on",
        "2020-03-02",
    ]);
    let overdue_after = work.json(&["overdue", "--as-of", "2020-03-02", "--format", "json"]);
    assert!(!ids(&overdue_after).contains(&18));
    // On a day before its retirement it was still there, and overdue.
    let overdue_then = work.json(&["overdue", "--as-of", "2020-03-01", "--format", "json"]);
    assert_eq!(overdue_then, overdue);
    assert!(!ids(&work.json(&["list", "--format", "json"])).contains(&18));
    let export = work.ok(&["export", "--no-bom"]);
    assert!(
        !export.contains("Medium term financial plan is developed"),
        "{export}"
    );
    assert_eq!(february_export(&work), before);
    let movement = work.json(&["movement", "--format", "json"]);
    assert_eq!(ids(&movement), vec![18]);
    assert_eq!(movement[0]["retired"], true);
    // The counts of retired, edited and reassigned milestones come in a
    // second table, only when there are some.
    let table = work.ok(&["movement"]);
    assert!(
        table.contains(" Theme     Retired   Edited   Reassigned "),
        "{table}"
    );
    assert!(
        table.contains(" Finance   1         0        0          "),
        "{table}"
    );
    let before = work.ok(&["movement", "--from", FEBRUARY, "--to", FEBRUARY]);
    assert!(!before.contains("Retired"), "{before}");
    let card = work.ok(&["show", "18"]);
    assert!(
        card.contains("  Retired:   2020-03-02 (Superseded by the medium term financial strategy)"),
        "{card}"
    );
    assert!(
        card.contains(
            "retired (Superseded by the medium term financial strategy), merged into milestone 19"
        ),
        "{card}"
    );
    // A retired milestone is neither updated nor edited, and nothing is written.
    let db = std::fs::read(work.db()).unwrap();
    let stderr = work.fails(&["update", "18", "--rag", "G"]);
    assert!(
        stderr.contains("milestone 18 was retired on 2020-03-02"),
        "{stderr}"
    );
    let stderr = work.fails(&["milestone", "edit", "18", "--milestone", "X", "--by", "Me"]);
    assert!(stderr.contains("cannot be edited"), "{stderr}");
    assert_eq!(std::fs::read(work.db()).unwrap(), db);
}

#[test]
fn a_retracted_update_stops_counting_and_both_entries_stay_visible() {
    let work = Workdir::with_seed_plan();
    close_february(&work);
    let before = february_export(&work);
    work.ok(&[
        "update",
        "4",
        "--rag",
        "R",
        "--comment",
        "Meant for 5",
        "--on",
        "2020-03-01",
    ]);
    work.ok(&[
        "retract",
        "1",
        "--reason",
        "Recorded against the wrong milestone",
        "--by",
        "Planning officer",
        "--on",
        "2020-03-02",
    ]);
    let shown = work.json(&["show", "4", "--format", "json"]);
    assert_eq!(shown["rag"], "A");
    assert_eq!(shown["last_update_on"], Value::Null);
    assert_eq!(shown["history"][0]["retracted_by"], 2);
    assert_eq!(shown["history"][1]["kind"], "retract");
    assert_eq!(shown["history"][1]["retracts"], 1);
    let card = work.ok(&["show", "4"]);
    assert!(
        card.contains("[1] 2020-03-01: RAG R; comment \"Meant for 5\" [retracted by entry 2]"),
        "{card}"
    );
    assert!(card.contains("[2] 2020-03-02 by Planning officer: retracted entry 1 (Recorded against the wrong milestone)"), "{card}");
    assert_eq!(work.json(&["movement", "--format", "json"]), json!([]));
    assert_eq!(february_export(&work), before);
    work.ok(&["check-db"]);
    // The same update can now be recorded where it belongs, or here again.
    work.ok(&[
        "update",
        "4",
        "--rag",
        "R",
        "--comment",
        "Meant for 5",
        "--on",
        "2020-03-01",
    ]);

    let db = std::fs::read(work.db()).unwrap();
    let stderr = work.fails(&["retract", "1", "--reason", "Again", "--by", "Me"]);
    assert!(
        stderr.contains("entry 1 was retracted already (entry 2)"),
        "{stderr}"
    );
    let stderr = work.fails(&["retract", "2", "--reason", "Undo", "--by", "Me"]);
    assert!(
        stderr.contains("entry 2 is itself a retraction"),
        "{stderr}"
    );
    let stderr = work.fails(&["retract", "99", "--reason", "Undo", "--by", "Me"]);
    assert!(stderr.contains("there is no history entry 99"), "{stderr}");
    let stderr = work.fails(&["retract", "3", "--reason", " ", "--by", "Me"]);
    assert!(stderr.contains("needs a reason"), "{stderr}");
    assert_eq!(std::fs::read(work.db()).unwrap(), db);
}

#[test]
fn retracting_a_retirement_brings_the_milestone_back_and_an_edit_restores_the_words() {
    let work = Workdir::with_seed_plan();
    work.ok(&[
        "milestone",
        "retire",
        "18",
        "--reason",
        "Wrong one",
        "--by",
        "IJB",
        "--on",
        "2020-03-02",
    ]);
    work.ok(&[
        "retract",
        "1",
        "--reason",
        "Retired the wrong milestone",
        "--by",
        "IJB",
        "--on",
        "2020-03-02",
    ]);
    assert!(ids(&work.json(&["list", "--format", "json"])).contains(&18));

    work.ok(&[
        "milestone",
        "edit",
        "5",
        "--milestone",
        "First wording",
        "--by",
        "Me",
        "--on",
        "2020-03-02",
    ]);
    work.ok(&[
        "milestone",
        "edit",
        "5",
        "--milestone",
        "Second wording",
        "--by",
        "Me",
        "--on",
        "2020-03-03",
    ]);
    let stderr = work.fails(&[
        "retract",
        "3",
        "--reason",
        "Undo",
        "--by",
        "Me",
        "--on",
        "2020-03-03",
    ]);
    assert!(
        stderr.contains("the milestone of milestone 5 was edited again later (entry 4): retract that entry first"),
        "{stderr}"
    );
    work.ok(&[
        "retract",
        "4",
        "--reason",
        "Undo",
        "--by",
        "Me",
        "--on",
        "2020-03-03",
    ]);
    assert_eq!(
        work.json(&["show", "5", "--format", "json"])["milestone"],
        "First wording"
    );
    work.ok(&[
        "retract",
        "3",
        "--reason",
        "Undo",
        "--by",
        "Me",
        "--on",
        "2020-03-03",
    ]);
    assert_eq!(
        work.json(&["show", "5", "--format", "json"])["milestone"],
        "Update TOR to reflect changed arrangements"
    );
    work.ok(&["check-db"]);
}

#[test]
fn a_moved_milestone_sits_under_its_new_action_and_an_addition_or_move_is_not_retracted() {
    let work = Workdir::with_seed_plan();
    work.ok(&[
        "milestone",
        "move",
        "18",
        "--to-action",
        "Progress work on set aside budgets",
        "--by",
        "Chief Officer",
        "--on",
        "2020-03-02",
    ]);
    let shown = work.json(&["show", "18", "--format", "json"]);
    assert_eq!(shown["action"], "Progress work on set aside budgets");
    let order = ids(&work.json(&["list", "--format", "json"]));
    let at = order.iter().position(|id| *id == 18).unwrap();
    assert_eq!(&order[at - 1..=at], &[19, 18]);
    work.ok(&[
        "milestone",
        "move",
        "18",
        "--after",
        "17",
        "--by",
        "Chief Officer",
        "--on",
        "2020-03-02",
    ]);
    let order = ids(&work.json(&["list", "--format", "json"]));
    let at = order.iter().position(|id| *id == 18).unwrap();
    assert_eq!(&order[at - 1..=at + 1], &[17, 18, 19]);
    let stderr = work.fails(&["retract", "1", "--reason", "Undo", "--by", "Me"]);
    assert!(stderr.contains("a move is not retracted"), "{stderr}");
    let stderr = work.fails(&[
        "milestone",
        "move",
        "18",
        "--to-action",
        "No such action",
        "--by",
        "Me",
    ]);
    assert!(
        stderr.contains("the plan has no action \"No such action\""),
        "{stderr}"
    );
    let id = add_set_aside(&work);
    let stderr = work.fails(&["retract", "3", "--reason", "Undo", "--by", "Me"]);
    assert!(
        stderr.contains(&format!(
            "retire the milestone instead (actionplan milestone retire {}",
            id.trim()
        )),
        "{stderr}"
    );
}

#[test]
fn bad_keeping_input_is_refused_and_writes_nothing() {
    let work = Workdir::with_seed_plan();
    let db = std::fs::read(work.db()).unwrap();
    for (args, expected) in [
        (
            vec!["milestone", "edit", "99", "--milestone", "X", "--by", "Me"],
            "99",
        ),
        (
            vec![
                "milestone",
                "retire",
                "5",
                "--reason",
                "Merged",
                "--into",
                "5",
                "--by",
                "Me",
            ],
            "cannot be merged into itself",
        ),
        (
            vec![
                "milestone",
                "retire",
                "5",
                "--reason",
                "Merged",
                "--into",
                "99",
                "--by",
                "Me",
            ],
            "99",
        ),
        (
            vec!["milestone", "edit", "5", "--by", "Me"],
            "give what changes",
        ),
        (
            vec![
                "milestone",
                "edit",
                "5",
                "--milestone",
                "X",
                "--by",
                "Me",
                "--on",
                "2999-01-01",
            ],
            "in the future",
        ),
        (
            vec![
                "milestone",
                "add",
                "--theme",
                "T",
                "--action",
                "A",
                "--milestone",
                " ",
                "--lead",
                "L",
                "--timeline",
                "Jun 20",
                "--by",
                "Me",
            ],
            "--milestone must not be blank",
        ),
        (
            vec![
                "milestone",
                "add",
                "--theme",
                "T",
                "--action",
                "A",
                "--milestone",
                "M",
                "--lead",
                "L",
                "--timeline",
                "Someday",
                "--by",
                "Me",
            ],
            "Someday",
        ),
        (
            vec![
                "milestone",
                "add",
                "--theme",
                "T",
                "--action",
                "A",
                "--milestone",
                "M",
                "--lead",
                "L",
                "--timeline",
                "Jun 20",
                "--after",
                "1",
                "--by",
                "Me",
            ],
            "under another action",
        ),
        (
            vec!["milestone", "move", "5", "--after", "5", "--by", "Me"],
            "after itself",
        ),
    ] {
        let stderr = work.fails(&args);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
    assert_eq!(std::fs::read(work.db()).unwrap(), db);
}

#[test]
fn check_db_finds_a_retirement_date_that_disagrees_with_the_history() {
    let work = Workdir::with_seed_plan();
    work.ok(&[
        "milestone",
        "retire",
        "18",
        "--reason",
        "Superseded",
        "--by",
        "IJB",
        "--on",
        "2020-03-02",
    ]);
    work.ok(&["check-db"]);
    let conn = rusqlite::Connection::open(work.db()).unwrap();
    conn.execute("UPDATE milestone SET retired_on = NULL WHERE id = 18", [])
        .unwrap();
    drop(conn);
    let output = work.run(&["check-db"]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("milestone 18: its added/retired dates (none / none) do not match its history (none / 2020-03-02)"),
        "{stdout}"
    );
}

#[test]
fn every_kind_of_change_leaves_a_closed_cycle_byte_identical() {
    let work = Workdir::with_seed_plan();
    close_february(&work);
    let csv = february_export(&work);
    let docx = work.file("feb.docx");
    let export_office = |path: &std::path::Path| {
        let path = path.display().to_string();
        let _ = std::fs::remove_file(&path);
        work.ok(&["export", "--cycle", FEBRUARY, "-o", &path]);
        std::fs::read(&path).unwrap()
    };
    let docx_before = export_office(&docx);
    add_set_aside(&work);
    work.ok(&[
        "milestone",
        "edit",
        "4",
        "--milestone",
        "New words",
        "--action",
        "New action words",
        "--theme",
        "New theme",
        "--lead",
        "Someone Else",
        "--by",
        "Me",
        "--on",
        "2020-03-02",
    ]);
    work.ok(&[
        "milestone",
        "move",
        "5",
        "--to-action",
        "Progress work on set aside budgets",
        "--by",
        "Me",
        "--on",
        "2020-03-02",
    ]);
    work.ok(&[
        "milestone",
        "retire",
        "6",
        "--reason",
        "Done elsewhere",
        "--by",
        "Me",
        "--on",
        "2020-03-02",
    ]);
    work.ok(&["update", "7", "--rag", "R", "--on", "2020-03-02"]);
    let entries = history_records(&work);
    let update_entry = entries
        .last()
        .unwrap()
        .split(',')
        .nth(10)
        .unwrap()
        .to_string();
    work.ok(&[
        "retract",
        &update_entry,
        "--reason",
        "Wrong",
        "--by",
        "Me",
        "--on",
        "2020-03-02",
    ]);
    assert_eq!(february_export(&work), csv);
    assert_eq!(export_office(&docx), docx_before);
    work.ok(&["check-db"]);
}

const TIER_3_ACTION: &str =
    "Review Tier 3 Manager posts in line with the new locality and area wide structures";

/// Moving milestones within their own action parked each at a position the
/// next placement counted, until two collided (UNIQUE (action_id, position)).
#[test]
fn regression_moves_within_one_action_never_collide_and_a_move_that_changes_nothing_is_refused() {
    let work = Workdir::with_seed_plan();
    let to_end = |id: &str| {
        work.ok(&[
            "milestone",
            "move",
            id,
            "--to-action",
            TIER_3_ACTION,
            "--by",
            "O",
            "--on",
            "2020-03-02",
        ])
    };
    to_end("11");
    to_end("12");
    let order = ids(&work.json(&["list", "--format", "json"]));
    let at = order.iter().position(|id| *id == 13).unwrap();
    assert_eq!(&order[at..at + 3], &[13, 11, 12]);
    let id = add_set_aside(&work);
    assert_eq!(id, "39\n");
    work.ok(&[
        "milestone",
        "move",
        "13",
        "--after",
        "12",
        "--by",
        "O",
        "--on",
        "2020-03-02",
    ]);
    let order = ids(&work.json(&["list", "--format", "json"]));
    assert_eq!(&order[at..at + 3], &[11, 12, 13]);
    let stderr = work.fails(&[
        "milestone",
        "move",
        "13",
        "--after",
        "12",
        "--by",
        "O",
        "--on",
        "2020-03-02",
    ]);
    assert!(
        stderr.contains(&format!(
            "the move changes nothing: milestone 13 is already at Operational Structure › {TIER_3_ACTION}, after milestone 12"
        )),
        "{stderr}"
    );
    let card = work.ok(&["show", "13"]);
    assert!(
        card.contains(&format!(
            "moved from \"Operational Structure › {TIER_3_ACTION}, first\" to \"Operational Structure › {TIER_3_ACTION}, after milestone 12\""
        )),
        "{card}"
    );
    work.ok(&["check-db"]);
}

/// Retracting an action's rewording restored the action the milestone sat
/// under now, which could be another action, or overwrite a later rewording
/// made through a sibling milestone.
#[test]
fn regression_a_shared_action_or_theme_rewording_is_not_retracted() {
    let work = Workdir::with_seed_plan();
    work.ok(&[
        "milestone",
        "edit",
        "11",
        "--action",
        "Action v2",
        "--by",
        "O",
        "--on",
        "2020-03-02",
    ]);
    work.ok(&[
        "milestone",
        "edit",
        "12",
        "--action",
        "Action v3",
        "--by",
        "O",
        "--on",
        "2020-03-02",
    ]);
    let db = std::fs::read(work.db()).unwrap();
    let stderr = work.fails(&[
        "retract",
        "1",
        "--reason",
        "Undo",
        "--by",
        "O",
        "--on",
        "2020-03-02",
    ]);
    assert!(
        stderr.contains("entry 1 reworded the action that milestone 11 sat under, which its other milestones share: it is not retracted; word it back with actionplan milestone edit 11 --action TEXT"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(work.db()).unwrap(), db);
    assert_eq!(
        work.json(&["show", "13", "--format", "json"])["action"],
        "Action v3"
    );
}

/// The importer refuses a theme, action or milestone named twice where it
/// would be ambiguous; edits and additions made such plans, whose own export
/// could then not be read back.
#[test]
fn regression_edits_and_additions_never_name_a_theme_action_or_milestone_twice() {
    let work = Workdir::with_seed_plan();
    let db = std::fs::read(work.db()).unwrap();
    let stderr = work.fails(&[
        "milestone",
        "edit",
        "6",
        "--action",
        "Disaggregation of Social Work Services",
        "--by",
        "O",
    ]);
    assert!(
        stderr.contains("another action of its theme already reads"),
        "{stderr}"
    );
    let stderr = work.fails(&["milestone", "edit", "1", "--theme", "finance", "--by", "O"]);
    assert!(
        stderr.contains("another theme of the plan already reads"),
        "{stderr}"
    );
    let stderr = work.fails(&[
        "milestone",
        "edit",
        "12",
        "--milestone",
        "Tier 3 post holders in place",
        "--by",
        "O",
    ]);
    assert!(
        stderr.contains("milestone 13 of that action already reads"),
        "{stderr}"
    );
    let stderr = work.fails(&[
        "milestone",
        "add",
        "--theme",
        "Operational Structure",
        "--action",
        TIER_3_ACTION,
        "--milestone",
        "tier 3 post holders in place",
        "--lead",
        "L",
        "--timeline",
        "Jun 20",
        "--by",
        "O",
    ]);
    assert!(
        stderr.contains("milestone 13 of that action already reads"),
        "{stderr}"
    );
    let stderr = work.fails(&[
        "milestone",
        "edit",
        "5",
        "--theme",
        "New\u{1b}[2J",
        "--by",
        "O",
    ]);
    assert!(stderr.contains("control character"), "{stderr}");
    let stderr = work.fails(&[
        "milestone",
        "add",
        "--theme",
        "T\u{7}",
        "--action",
        "A",
        "--milestone",
        "M",
        "--lead",
        "L",
        "--timeline",
        "Jun 20",
        "--by",
        "O",
    ]);
    assert!(stderr.contains("control character"), "{stderr}");
    assert_eq!(std::fs::read(work.db()).unwrap(), db);
}

/// A milestone added after the last cycle was flagged by `check` as "never
/// updated" and listed by `weekly` as stale.
#[test]
fn regression_a_milestone_just_added_is_not_flagged_as_neglected() {
    let work = Workdir::with_seed_plan();
    work.ok(&["cycle", "close", "C1", "--on", "2020-02-01"]);
    add_set_aside(&work);
    let check = work.run(&["check", "--as-of", "2020-03-03", "--format", "json"]);
    let flags: Value = serde_json::from_slice(&check.stdout).unwrap();
    let about_39: Vec<&Value> = flags
        .as_array()
        .unwrap()
        .iter()
        .filter(|flag| flag["id"] == 39 && flag["rule"] == "no_update_since_last_cycle")
        .collect();
    assert!(about_39.is_empty(), "{about_39:?}");
    let weekly = work.ok(&["weekly", "--as-of", "2020-03-03", "--format", "json"]);
    assert!(!weekly.contains("Set-aside budget agreed"), "{weekly}");
    let card = work.ok(&["show", "39"]);
    assert!(
        card.contains("  Updated:   never (as added on 2020-03-02)"),
        "{card}"
    );
}

/// Dates that contradict the history are refused: an update before the
/// milestone was added, a retirement before its latest update, a
/// retraction before the entry it withdraws.
#[test]
fn regression_dates_that_contradict_the_history_are_refused() {
    let work = Workdir::with_seed_plan();
    add_set_aside(&work);
    work.ok(&["update", "4", "--rag", "G", "--on", "2020-03-05"]);
    let db = std::fs::read(work.db()).unwrap();
    let stderr = work.fails(&["update", "39", "--rag", "G", "--on", "2020-02-01"]);
    assert!(
        stderr.contains("milestone 39 was added to the plan on 2020-03-02: an update cannot speak for 2020-02-01, before it existed"),
        "{stderr}"
    );
    let stderr = work.fails(&[
        "milestone",
        "retire",
        "4",
        "--reason",
        "R",
        "--by",
        "O",
        "--on",
        "2020-03-01",
    ]);
    assert!(
        stderr.contains("milestone 4 has an update for 2020-03-05: it cannot be retired on 2020-03-01, before that"),
        "{stderr}"
    );
    let stderr = work.fails(&[
        "retract",
        "2",
        "--reason",
        "R",
        "--by",
        "O",
        "--on",
        "2020-03-01",
    ]);
    assert!(
        stderr.contains(
            "entry 2 speaks for 2020-03-05: its retraction cannot be dated 2020-03-01, before it"
        ),
        "{stderr}"
    );
    let stderr = work.fails(&[
        "milestone",
        "edit",
        "4",
        "--milestone",
        "X",
        "--by",
        "O",
        "--on",
        "2999-01-01",
    ]);
    assert!(
        stderr.contains("a change to the plan speaks for a day that has come"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(work.db()).unwrap(), db);
}

/// A lead given in another case is the same person: no edit is recorded.
/// A blank reason is no reason, not an empty one shown as "()".
#[test]
fn regression_a_lead_in_another_case_changes_nothing_and_a_blank_reason_is_none() {
    let work = Workdir::with_seed_plan();
    let stderr = work.fails(&[
        "milestone",
        "edit",
        "6",
        "--lead",
        "ross mcguffie",
        "--by",
        "O",
    ]);
    assert!(stderr.contains("the edit changes nothing"), "{stderr}");
    work.ok(&[
        "milestone",
        "edit",
        "6",
        "--milestone",
        "Head posts filled",
        "--reason",
        " ",
        "--by",
        "O",
        "--on",
        "2020-03-02",
    ]);
    let history = work.json(&["history", "--format", "json"]);
    assert_eq!(history[0]["reason"], Value::Null);
    assert!(!work.ok(&["show", "6"]).contains("()"));
}

/// A retracted Blue update no longer makes `complete` rate the plan Blue.
#[test]
fn regression_a_retracted_blue_does_not_make_the_plan_brag() {
    let work = Workdir::with_seed_plan();
    work.ok(&["update", "5", "--rag", "B", "--on", "2020-03-01"]);
    work.ok(&[
        "retract",
        "1",
        "--reason",
        "Wrong",
        "--by",
        "O",
        "--on",
        "2020-03-01",
    ]);
    work.ok(&["complete", "6", "--on", "2020-03-02"]);
    assert_eq!(work.json(&["show", "6", "--format", "json"])["rag"], "G");
}

/// Retracting one milestone's share of a lead rename cannot bring the old
/// name back: it did nothing, or made a second person of the old name. The
/// lead keeps their new name, so the retraction changes nothing and is
/// refused, the way out named.
#[test]
fn regression_a_lead_change_whose_lead_was_renamed_since_is_not_retracted() {
    let work = Workdir::with_seed_plan();
    work.ok(&[
        "lead",
        "rename",
        "Sharon Simpson",
        "Sharon Simpson-Reid",
        "--by",
        "O",
        "--on",
        "2020-03-02",
    ]);
    let entries = work.json(&["history", "--format", "json"]);
    let first = entries[0]["update_id"].as_i64().unwrap().to_string();
    let db = std::fs::read(work.db()).unwrap();
    let stderr = work.fails(&[
        "retract",
        &first,
        "--reason",
        "Wrong",
        "--by",
        "O",
        "--on",
        "2020-03-02",
    ]);
    assert!(
        stderr.contains("would change nothing: milestone 1's leads would be restored to what it is now (a lead renamed since keeps their new name; rename back with actionplan lead rename)"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(work.db()).unwrap(), db);
    // An ordinary change of leads is retracted, the same person back in place.
    work.ok(&[
        "milestone",
        "edit",
        "13",
        "--lead",
        "Alison Gordon",
        "--by",
        "O",
        "--on",
        "2020-03-02",
    ]);
    let entries = work.json(&["history", "--format", "json"]);
    let last = entries.as_array().unwrap().last().unwrap()["update_id"]
        .as_i64()
        .unwrap()
        .to_string();
    work.ok(&[
        "retract",
        &last,
        "--reason",
        "Wrong",
        "--by",
        "O",
        "--on",
        "2020-03-02",
    ]);
    assert_eq!(
        work.json(&["show", "13", "--format", "json"])["leads"],
        json!(["Margaret French", "Maggs Thomson"])
    );
    let leads = work.json(&["lead", "list", "--format", "json"]);
    let maggs = leads
        .as_array()
        .unwrap()
        .iter()
        .filter(|row| row["name"] == "Maggs Thomson")
        .count();
    assert_eq!(maggs, 1, "{leads}");
}

/// A retraction restoring words another milestone of the action now has, or
/// bringing back a retired milestone whose words a newer one took, would
/// leave an appendix the importer refuses.
#[test]
fn regression_a_retraction_never_leaves_two_milestones_of_an_action_alike() {
    let work = Workdir::with_seed_plan();
    work.ok(&[
        "milestone",
        "edit",
        "4",
        "--milestone",
        "Temporary wording",
        "--by",
        "O",
        "--on",
        "2020-03-02",
    ]);
    work.ok(&[
        "milestone",
        "edit",
        "5",
        "--milestone",
        "Agree meeting structures",
        "--by",
        "O",
        "--on",
        "2020-03-02",
    ]);
    let db = std::fs::read(work.db()).unwrap();
    let stderr = work.fails(&[
        "retract",
        "1",
        "--reason",
        "Undo",
        "--by",
        "O",
        "--on",
        "2020-03-02",
    ]);
    assert!(
        stderr.contains("milestone 5 of that action already reads \"Agree meeting structures\""),
        "{stderr}"
    );
    assert_eq!(std::fs::read(work.db()).unwrap(), db);

    work.ok(&[
        "milestone",
        "retire",
        "6",
        "--reason",
        "Replaced",
        "--by",
        "O",
        "--on",
        "2020-03-02",
    ]);
    work.ok(&[
        "milestone",
        "add",
        "--theme",
        "Operational Structure",
        "--action",
        "Appoint to the posts of Head of Health and Head of Adult Social work",
        "--milestone",
        "Permanent post holders in place",
        "--lead",
        "Ross McGuffie",
        "--timeline",
        "Jun 20",
        "--by",
        "O",
        "--on",
        "2020-03-02",
    ]);
    let db = std::fs::read(work.db()).unwrap();
    let stderr = work.fails(&[
        "retract",
        "3",
        "--reason",
        "Undo",
        "--by",
        "O",
        "--on",
        "2020-03-02",
    ]);
    assert!(
        stderr.contains("milestone 39 of that action already reads"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(work.db()).unwrap(), db);
}

/// An edit of a retired milestone is not undone behind its retirement:
/// a retired milestone is not changed.
#[test]
fn regression_an_edit_of_a_retired_milestone_is_not_retracted() {
    let work = Workdir::with_seed_plan();
    work.ok(&[
        "milestone",
        "edit",
        "7",
        "--milestone",
        "Post filled",
        "--by",
        "O",
        "--on",
        "2020-03-02",
    ]);
    work.ok(&[
        "milestone",
        "retire",
        "7",
        "--reason",
        "Done elsewhere",
        "--by",
        "O",
        "--on",
        "2020-03-02",
    ]);
    let stderr = work.fails(&[
        "retract",
        "1",
        "--reason",
        "Undo",
        "--by",
        "O",
        "--on",
        "2020-03-02",
    ]);
    assert!(
        stderr.contains(
            "milestone 7 was retired on 2020-03-02, so it cannot be changed by retracting an edit"
        ),
        "{stderr}"
    );
}

/// The lead commands keep the date rules of the others, and refuse a name
/// a plan's Lead cell would read as two people.
#[test]
fn regression_lead_commands_keep_the_date_rules_and_one_person_per_name() {
    let work = Workdir::with_seed_plan();
    add_set_aside(&work);
    let db = std::fs::read(work.db()).unwrap();
    let stderr = work.fails(&[
        "lead",
        "reassign",
        "39",
        "--from",
        "Marie Moy",
        "--to",
        "Alison Gordon",
        "--by",
        "O",
        "--on",
        "2020-01-01",
    ]);
    assert!(stderr.contains("milestone 39 was added to the plan on 2020-03-02: a change of its leads cannot speak for 2020-01-01"), "{stderr}");
    let stderr = work.fails(&[
        "lead",
        "rename",
        "Graeme Cowan",
        "G Cowan",
        "--by",
        "O",
        "--on",
        "1900-01-01",
    ]);
    assert!(stderr.contains("is before 2000-01-01"), "{stderr}");
    let stderr = work.fails(&["plan", "archive", "NL", "--by", "O", "--on", "1900-01-01"]);
    assert!(stderr.contains("is before 2000-01-01"), "{stderr}");
    let stderr = work.fails(&[
        "lead",
        "rename",
        "Graeme Cowan",
        "Graeme Cowan; Alison Gordon",
        "--by",
        "O",
    ]);
    assert!(
        stderr.contains("reads as 2 people in a plan's Lead cell"),
        "{stderr}"
    );
    let stderr = work.fails(&[
        "milestone",
        "edit",
        "5",
        "--lead",
        "A Smith; B Jones",
        "--by",
        "O",
    ]);
    assert!(
        stderr.contains("reads as 2 people in a plan's Lead cell"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(work.db()).unwrap(), db);
}

/// `lead list` suggested merging a name that led only retired milestones,
/// which `lead merge` then refused.
#[test]
fn regression_lead_list_suggests_no_merge_of_a_name_leading_only_retired_milestones() {
    let work = Workdir::with_seed_plan();
    let conn = rusqlite::Connection::open(work.db()).unwrap();
    conn.execute_batch(
        "INSERT INTO person (id, name, name_key) VALUES (100, 'Graeme  Cowan.', 'graeme cowan');
         UPDATE milestone_lead SET person_id = 100 WHERE milestone_id = 33;",
    )
    .unwrap();
    drop(conn);
    let listed = work.ok(&["lead", "list", "--as-of", "2020-03-09"]);
    assert!(listed.contains("lead merge"), "{listed}");
    work.ok(&[
        "milestone",
        "retire",
        "33",
        "--reason",
        "Done",
        "--by",
        "O",
        "--on",
        "2020-03-02",
    ]);
    let listed = work.ok(&["lead", "list", "--as-of", "2020-03-09"]);
    assert!(listed.contains("Likely duplicates: none."), "{listed}");
}

/// Archived plans' cycles and milestones stay out of `cycle list` and
/// `selfeval progress` over every plan.
#[test]
fn regression_archived_plans_stay_out_of_cycle_list_and_selfeval_progress() {
    let work = Workdir::with_seed_plan();
    work.ok(&[
        "import",
        common::SEED_PLAN,
        "--plan",
        "Old",
        "--partnership",
        "North Lanarkshire",
    ]);
    work.ok(&[
        "cycle",
        "close",
        "Feb",
        "--plan",
        "NL",
        "--on",
        "2020-02-18",
    ]);
    work.ok(&[
        "cycle",
        "close",
        "Old Feb",
        "--plan",
        "Old",
        "--on",
        "2020-02-18",
    ]);
    work.ok(&["link", "--milestone", "5", "--proposal", "1.1"]);
    work.ok(&["link", "--milestone", "43", "--proposal", "1.1"]);
    let progress = |work: &Workdir, flags: &[&str]| {
        let mut args: Vec<&str> = flags.to_vec();
        args.extend([
            "selfeval",
            "progress",
            "--partnership",
            "North Lanarkshire",
            "--format",
            "json",
        ]);
        work.ok(&args)
    };
    assert!(progress(&work, &[]).contains("43"));
    work.ok(&["plan", "archive", "Old", "--by", "O", "--on", "2020-03-02"]);
    let cycles = work.json(&["cycle", "list", "--format", "json"]);
    let labels: Vec<&str> = cycles
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["Feb"]);
    let after = progress(&work, &[]);
    assert!(!after.contains("43"), "{after}");
    assert!(progress(&work, &["--include-archived"]).contains("43"));
}

/// Changes worked out from a read (`import --update`, the backup before
/// `plan delete`) are refused, writing nothing, when another connection
/// committed after that read: a concurrent update was neither diffed against
/// nor backed up.
#[test]
fn regression_changes_worked_out_from_a_read_are_refused_after_someone_elses_write() {
    use actionplan::model::NewUpdate;
    use actionplan::store::{OpenMode, PlanChange, Store};
    let work = Workdir::with_seed_plan();
    let update = |id: i64, rag: &str| {
        PlanChange::Update(NewUpdate {
            milestone_id: id,
            on: "2020-03-02".parse().unwrap(),
            rag: Some(rag.parse().unwrap()),
            ..Default::default()
        })
    };
    let mut reader = Store::open(&work.db(), OpenMode::MustExist).unwrap();
    let read_at = reader.data_version().unwrap();
    // Nobody else wrote: recorded.
    reader
        .apply_changes_read_at(&[update(4, "R")], Some(read_at))
        .unwrap();
    let read_at = reader.data_version().unwrap();
    let mut someone_else = Store::open(&work.db(), OpenMode::MustExist).unwrap();
    someone_else.apply_changes(&[update(5, "R")]).unwrap();
    drop(someone_else);
    let refused = reader
        .apply_changes_read_at(&[update(6, "R")], Some(read_at))
        .unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("someone else changed the database while this command was reading it"),
        "{refused}"
    );
    drop(reader);
    assert_eq!(work.json(&["show", "6", "--format", "json"])["rag"], "A");
    assert_eq!(work.json(&["show", "5", "--format", "json"])["rag"], "R");
}
