//! `actionplan lead`: each lead's milestones counted, likely duplicates
//! found, and names corrected (rename, merge, reassign) as dated, attributed
//! history entries, all through the real binary on the seed plan.

mod common;

use common::{SEED_PLAN, Workdir};

/// The seed plan with a duplicate planted as a database from before people
/// had keys may hold one: "ann smith" (leading milestones 1 and 15) and
/// "Ann  Smith." (leading milestone 2) are two stored people.
fn with_planted_duplicate() -> Workdir {
    let work = Workdir::with_seed_plan();
    let conn = rusqlite::Connection::open(work.db()).unwrap();
    conn.execute_batch(
        "INSERT INTO person (id, name, name_key) VALUES (100, 'ann smith', 'ann smith');
         INSERT INTO person (id, name, name_key) VALUES (101, 'Ann  Smith.', 'ann smith');
         INSERT INTO milestone_lead (milestone_id, position, person_id) VALUES (1, 2, 100);
         INSERT INTO milestone_lead (milestone_id, position, person_id) VALUES (15, 2, 100);
         INSERT INTO milestone_lead (milestone_id, position, person_id) VALUES (2, 3, 101);",
    )
    .unwrap();
    work
}

/// The history lines of `show ID`, after its "History (...)" line.
fn history_lines(work: &Workdir, id: &str) -> Vec<String> {
    let shown = work.ok(&["show", id]);
    shown
        .lines()
        .skip_while(|line| !line.starts_with("History ("))
        .skip(1)
        .map(|line| line.trim().to_string())
        .collect()
}

/// The line of `show ID` giving its leads.
fn leads_line(work: &Workdir, id: &str) -> String {
    work.ok(&["show", id])
        .lines()
        .find(|line| line.starts_with("  Leads:"))
        .unwrap()
        .to_string()
}

/// The ids `list --lead NAME` finds.
fn ids_led_by(work: &Workdir, name: &str) -> Vec<i64> {
    common::ids(&work.json(&["list", "--lead", name, "--format", "json"]))
}

/// Runs a command that must succeed with nothing on stdout; returns stderr.
fn quietly(work: &Workdir, args: &[&str]) -> String {
    let output = work.run(args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout), "", "{args:?}");
    String::from_utf8(output.stderr).unwrap()
}

#[test]
fn lead_list_counts_each_leads_milestones_and_names_the_planted_duplicate() {
    let work = with_planted_duplicate();
    let table = work.ok(&["lead", "list", "--as-of", "2020-03-09"]);
    assert_eq!(
        table,
        "Milestones by lead on 2020-03-09 (13 leads):\n\
         ──────────────────────────────────────────────────────────────\n\
         \x20Lead              Open   Overdue   Complete   Closed   Total \n\
         ══════════════════════════════════════════════════════════════\n\
         \x20Alison Gordon     0      0         2          0        2     \n\
         ──────────────────────────────────────────────────────────────\n\
         \x20Ann  Smith.       0      0         1          0        1     \n\
         ──────────────────────────────────────────────────────────────\n\
         \x20ann smith         1      0         1          0        2     \n\
         ──────────────────────────────────────────────────────────────\n\
         \x20Anne Armstrong    1      1         2          0        3     \n\
         ──────────────────────────────────────────────────────────────\n\
         \x20Fiona Whittaker   1      1         1          0        2     \n\
         ──────────────────────────────────────────────────────────────\n\
         \x20Graeme Cowan      2      0         0          0        2     \n\
         ──────────────────────────────────────────────────────────────\n\
         \x20John White        1      1         1          0        2     \n\
         ──────────────────────────────────────────────────────────────\n\
         \x20Maggs Thomson     3      2         2          0        5     \n\
         ──────────────────────────────────────────────────────────────\n\
         \x20Margaret French   4      2         3          0        7     \n\
         ──────────────────────────────────────────────────────────────\n\
         \x20Marie Moy         6      6         2          0        8     \n\
         ──────────────────────────────────────────────────────────────\n\
         \x20Morag Dendy       7      2         1          0        8     \n\
         ──────────────────────────────────────────────────────────────\n\
         \x20Ross McGuffie     11     8         5          0        16    \n\
         ──────────────────────────────────────────────────────────────\n\
         \x20Sharon Simpson    2      1         4          0        6     \n\
         ──────────────────────────────────────────────────────────────\n\
         \n\
         Likely duplicates (the same name but for case, spaces and punctuation):\n\
         \x20 \"Ann  Smith.\", \"ann smith\"\n\
         \x20   actionplan lead merge 'Ann  Smith.' 'ann smith' --by NAME\n\
         "
    );
}

#[test]
fn lead_list_json_and_csv_carry_the_same_numbers_and_who_a_duplicate_is_likely_to_be() {
    let work = with_planted_duplicate();
    let json = work.ok(&["lead", "list", "--as-of", "2020-03-09", "--format", "json"]);
    assert_eq!(
        json,
        "[\n\
         \x20 {\n\
         \x20   \"name\": \"Alison Gordon\",\n\
         \x20   \"open\": 0,\n\
         \x20   \"overdue\": 0,\n\
         \x20   \"complete\": 2,\n\
         \x20   \"closed\": 0,\n\
         \x20   \"total\": 2,\n\
         \x20   \"likely_duplicate_of\": null\n\
         \x20 },\n\
         \x20 {\n\
         \x20   \"name\": \"Ann  Smith.\",\n\
         \x20   \"open\": 0,\n\
         \x20   \"overdue\": 0,\n\
         \x20   \"complete\": 1,\n\
         \x20   \"closed\": 0,\n\
         \x20   \"total\": 1,\n\
         \x20   \"likely_duplicate_of\": \"ann smith\"\n\
         \x20 },\n\
         \x20 {\n\
         \x20   \"name\": \"ann smith\",\n\
         \x20   \"open\": 1,\n\
         \x20   \"overdue\": 0,\n\
         \x20   \"complete\": 1,\n\
         \x20   \"closed\": 0,\n\
         \x20   \"total\": 2,\n\
         \x20   \"likely_duplicate_of\": null\n\
         \x20 },\n\
         \x20 {\n\
         \x20   \"name\": \"Anne Armstrong\",\n\
         \x20   \"open\": 1,\n\
         \x20   \"overdue\": 1,\n\
         \x20   \"complete\": 2,\n\
         \x20   \"closed\": 0,\n\
         \x20   \"total\": 3,\n\
         \x20   \"likely_duplicate_of\": null\n\
         \x20 },\n\
         \x20 {\n\
         \x20   \"name\": \"Fiona Whittaker\",\n\
         \x20   \"open\": 1,\n\
         \x20   \"overdue\": 1,\n\
         \x20   \"complete\": 1,\n\
         \x20   \"closed\": 0,\n\
         \x20   \"total\": 2,\n\
         \x20   \"likely_duplicate_of\": null\n\
         \x20 },\n\
         \x20 {\n\
         \x20   \"name\": \"Graeme Cowan\",\n\
         \x20   \"open\": 2,\n\
         \x20   \"overdue\": 0,\n\
         \x20   \"complete\": 0,\n\
         \x20   \"closed\": 0,\n\
         \x20   \"total\": 2,\n\
         \x20   \"likely_duplicate_of\": null\n\
         \x20 },\n\
         \x20 {\n\
         \x20   \"name\": \"John White\",\n\
         \x20   \"open\": 1,\n\
         \x20   \"overdue\": 1,\n\
         \x20   \"complete\": 1,\n\
         \x20   \"closed\": 0,\n\
         \x20   \"total\": 2,\n\
         \x20   \"likely_duplicate_of\": null\n\
         \x20 },\n\
         \x20 {\n\
         \x20   \"name\": \"Maggs Thomson\",\n\
         \x20   \"open\": 3,\n\
         \x20   \"overdue\": 2,\n\
         \x20   \"complete\": 2,\n\
         \x20   \"closed\": 0,\n\
         \x20   \"total\": 5,\n\
         \x20   \"likely_duplicate_of\": null\n\
         \x20 },\n\
         \x20 {\n\
         \x20   \"name\": \"Margaret French\",\n\
         \x20   \"open\": 4,\n\
         \x20   \"overdue\": 2,\n\
         \x20   \"complete\": 3,\n\
         \x20   \"closed\": 0,\n\
         \x20   \"total\": 7,\n\
         \x20   \"likely_duplicate_of\": null\n\
         \x20 },\n\
         \x20 {\n\
         \x20   \"name\": \"Marie Moy\",\n\
         \x20   \"open\": 6,\n\
         \x20   \"overdue\": 6,\n\
         \x20   \"complete\": 2,\n\
         \x20   \"closed\": 0,\n\
         \x20   \"total\": 8,\n\
         \x20   \"likely_duplicate_of\": null\n\
         \x20 },\n\
         \x20 {\n\
         \x20   \"name\": \"Morag Dendy\",\n\
         \x20   \"open\": 7,\n\
         \x20   \"overdue\": 2,\n\
         \x20   \"complete\": 1,\n\
         \x20   \"closed\": 0,\n\
         \x20   \"total\": 8,\n\
         \x20   \"likely_duplicate_of\": null\n\
         \x20 },\n\
         \x20 {\n\
         \x20   \"name\": \"Ross McGuffie\",\n\
         \x20   \"open\": 11,\n\
         \x20   \"overdue\": 8,\n\
         \x20   \"complete\": 5,\n\
         \x20   \"closed\": 0,\n\
         \x20   \"total\": 16,\n\
         \x20   \"likely_duplicate_of\": null\n\
         \x20 },\n\
         \x20 {\n\
         \x20   \"name\": \"Sharon Simpson\",\n\
         \x20   \"open\": 2,\n\
         \x20   \"overdue\": 1,\n\
         \x20   \"complete\": 4,\n\
         \x20   \"closed\": 0,\n\
         \x20   \"total\": 6,\n\
         \x20   \"likely_duplicate_of\": null\n\
         \x20 }\n\
         ]\n\
         "
    );
    let csv = work.ok_csv(&["lead", "list", "--as-of", "2020-03-09", "--format", "csv"]);
    assert_eq!(
        csv,
        "name,open,overdue,complete,closed,total,likely_duplicate_of\r\n\
         Alison Gordon,0,0,2,0,2,\r\n\
         Ann  Smith.,0,0,1,0,1,ann smith\r\n\
         ann smith,1,0,1,0,2,\r\n\
         Anne Armstrong,1,1,2,0,3,\r\n\
         Fiona Whittaker,1,1,1,0,2,\r\n\
         Graeme Cowan,2,0,0,0,2,\r\n\
         John White,1,1,1,0,2,\r\n\
         Maggs Thomson,3,2,2,0,5,\r\n\
         Margaret French,4,2,3,0,7,\r\n\
         Marie Moy,6,6,2,0,8,\r\n\
         Morag Dendy,7,2,1,0,8,\r\n\
         Ross McGuffie,11,8,5,0,16,\r\n\
         Sharon Simpson,2,1,4,0,6,\r\n\
         "
    );
}

#[test]
fn lead_list_overdue_counts_agree_with_the_overdue_report() {
    let work = with_planted_duplicate();
    let json = work.json(&["lead", "list", "--as-of", "2020-03-09", "--format", "json"]);
    // Not a comparison of zeros: most leads have overdue milestones then.
    let with_overdue = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|row| row["overdue"].as_u64().unwrap() > 0)
        .count();
    assert!(with_overdue >= 5, "{json}");
    // The planted pair ("ann smith", "Ann  Smith.") lead nothing overdue:
    // `lead list` counts two people sharing a key apart, while `--lead`
    // finds both by the key, so for such a pair the two may differ until
    // they are merged.
    for row in json.as_array().unwrap() {
        let name = row["name"].as_str().unwrap();
        let overdue = work.json(&[
            "overdue",
            "--as-of",
            "2020-03-09",
            "--lead",
            name,
            "--format",
            "json",
        ]);
        assert_eq!(
            row["overdue"].as_u64().unwrap() as usize,
            overdue.as_array().unwrap().len(),
            "{name}"
        );
    }
}

#[test]
fn merging_the_planted_duplicate_puts_the_kept_name_in_its_place_and_history_keeps_who_was_named() {
    let work = with_planted_duplicate();
    let said = quietly(
        &work,
        &[
            "lead",
            "merge",
            "Ann  Smith.",
            "ann smith",
            "--by",
            "Ann Lead",
            "--on",
            "2020-03-02",
            "--reason",
            "One person",
        ],
    );
    assert_eq!(
        said,
        "merged lead \"Ann  Smith.\" into \"ann smith\" (1 milestone's history records it)\n"
    );
    assert_eq!(
        leads_line(&work, "2"),
        "  Leads:     Fiona Whittaker; John White; ann smith"
    );
    assert_eq!(
        history_lines(&work, "2"),
        [
            "[1] 2020-03-02 by Ann Lead: leads Fiona Whittaker; John White; Ann  Smith. -> Fiona Whittaker; John White; ann smith (One person)"
        ]
    );
    assert_eq!(ids_led_by(&work, "ann smith"), [1, 2, 15]);
    let table = work.ok(&["lead", "list", "--as-of", "2020-03-09"]);
    assert!(table.ends_with("\nLikely duplicates: none.\n"), "{table}");
    assert!(!table.contains("Smith."), "{table}");
}

#[test]
fn merging_into_a_lead_already_on_the_milestone_just_removes_the_other() {
    let work = Workdir::with_seed_plan();
    let fiona_before = ids_led_by(&work, "Fiona Whittaker");
    let john_before = ids_led_by(&work, "John White");
    quietly(
        &work,
        &[
            "lead",
            "merge",
            "John White",
            "Fiona Whittaker",
            "--by",
            "Ann Lead",
            "--on",
            "2020-03-02",
        ],
    );
    // Milestone 2 was led by both: John White is just removed.
    assert_eq!(leads_line(&work, "2"), "  Leads:     Fiona Whittaker");
    assert_eq!(
        history_lines(&work, "2"),
        ["[1] 2020-03-02 by Ann Lead: leads Fiona Whittaker; John White -> Fiona Whittaker"]
    );
    let mut both: Vec<i64> = fiona_before.iter().chain(&john_before).copied().collect();
    both.sort();
    both.dedup();
    assert_eq!(ids_led_by(&work, "Fiona Whittaker"), both);
    let err = work.fails(&["list", "--lead", "John White"]);
    assert_eq!(
        err,
        "actionplan: no lead named \"John White\": see actionplan list for who leads what\n"
    );
}

#[test]
fn merging_a_lead_into_itself_is_refused_and_the_database_bytes_are_unchanged() {
    let work = Workdir::with_seed_plan();
    let before = std::fs::read(work.db()).unwrap();
    let err = work.fails(&[
        "lead",
        "merge",
        "Marie Moy",
        "marie  moy.",
        "--by",
        "Ann Lead",
    ]);
    assert_eq!(
        err,
        "actionplan: \"Marie Moy\" and \"marie  moy.\" are the same person (\"Marie Moy\"): a lead cannot be merged into itself; to change how the name is spelt, use actionplan lead rename\n"
    );
    assert_eq!(std::fs::read(work.db()).unwrap(), before);
}

#[test]
fn renaming_corrects_a_name_everywhere_and_each_milestones_history_records_it() {
    let work = Workdir::with_seed_plan();
    let led = ids_led_by(&work, "Maggs Thomson");
    let said = quietly(
        &work,
        &[
            "lead",
            "rename",
            "maggs  thomson",
            "Maggs Thompson",
            "--by",
            "Ann Lead",
            "--on",
            "2020-03-03",
            "--reason",
            "Spelling",
        ],
    );
    assert_eq!(
        said,
        "renamed lead \"Maggs Thomson\" to \"Maggs Thompson\" (5 milestones' histories record it)\n"
    );
    assert_eq!(ids_led_by(&work, "Maggs Thompson"), led);
    assert_eq!(
        leads_line(&work, "13"),
        "  Leads:     Margaret French; Maggs Thompson"
    );
    assert_eq!(
        history_lines(&work, "13"),
        [
            "[4] 2020-03-03 by Ann Lead: leads Margaret French; Maggs Thomson -> Margaret French; Maggs Thompson (Spelling)"
        ]
    );
    let history = work.json(&["history", "--lead", "Maggs Thompson", "--format", "json"]);
    assert_eq!(common::ids(&history), led);
    let entry = history
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["id"] == 13)
        .unwrap();
    assert_eq!(
        (
            entry["id"].as_i64(),
            entry["kind"].as_str(),
            entry["field"].as_str(),
            entry["before"].as_str(),
            entry["after"].as_str(),
            entry["reason"].as_str(),
        ),
        (
            Some(13),
            Some("edit"),
            Some("leads"),
            Some("Margaret French\nMaggs Thomson"),
            Some("Margaret French\nMaggs Thompson"),
            Some("Spelling"),
        )
    );
    let err = work.fails(&["list", "--lead", "Maggs Thomson"]);
    assert_eq!(
        err,
        "actionplan: no lead named \"Maggs Thomson\": did you mean \"Maggs Thompson\"? see actionplan list for who leads what\n"
    );
}

#[test]
fn renaming_to_another_persons_name_is_refused_and_writes_nothing() {
    let work = Workdir::with_seed_plan();
    let before = work.dump();
    let err = work.fails(&[
        "lead",
        "rename",
        "Maggs Thomson",
        "marie moy",
        "--by",
        "Ann Lead",
    ]);
    assert_eq!(
        err,
        "actionplan: \"marie moy\" is already another person (\"Marie Moy\"): to make one person of them, use actionplan lead merge 'Maggs Thomson' 'Marie Moy'\n"
    );
    let err = work.fails(&["lead", "rename", "Mags Thomson", "M T", "--by", "Ann Lead"]);
    assert_eq!(
        err,
        "actionplan: no lead named \"Mags Thomson\": did you mean \"Maggs Thomson\"? see actionplan list for who leads what\n"
    );
    assert_eq!(work.dump(), before);
}

#[test]
fn reassigning_gives_one_milestone_to_another_lead_and_its_history_says_so() {
    let work = Workdir::with_seed_plan();
    let said = quietly(
        &work,
        &[
            "lead",
            "reassign",
            "13",
            "--from",
            "margaret french",
            "--to",
            "Alison Gordon",
            "--by",
            "Ann Lead",
            "--on",
            "2020-03-04",
        ],
    );
    assert_eq!(
        said,
        "milestone 13: \"Alison Gordon\" now leads in place of \"Margaret French\"\n"
    );
    assert_eq!(
        leads_line(&work, "13"),
        "  Leads:     Alison Gordon; Maggs Thomson"
    );
    assert_eq!(
        history_lines(&work, "13"),
        [
            "[1] 2020-03-04 by Ann Lead: leads Margaret French; Maggs Thomson -> Alison Gordon; Maggs Thomson"
        ]
    );
    assert!(!ids_led_by(&work, "Margaret French").contains(&13));
    assert!(ids_led_by(&work, "Alison Gordon").contains(&13));
    // Someone who led nothing yet may take a milestone on.
    quietly(
        &work,
        &[
            "lead",
            "reassign",
            "14",
            "--from",
            "Marie Moy",
            "--to",
            "Zoe New",
            "--by",
            "Ann Lead",
            "--on",
            "2020-03-04",
        ],
    );
    assert_eq!(ids_led_by(&work, "Zoe New"), [14]);
}

#[test]
fn reassigning_from_someone_who_does_not_lead_it_is_refused_naming_its_leads() {
    let work = Workdir::with_seed_plan();
    let before = work.dump();
    let err = work.fails(&[
        "lead",
        "reassign",
        "13",
        "--from",
        "Marie Moy",
        "--to",
        "Alison Gordon",
        "--by",
        "Ann Lead",
    ]);
    assert_eq!(
        err,
        "actionplan: \"Marie Moy\" does not lead milestone 13: its leads are \"Margaret French\", \"Maggs Thomson\"\n"
    );
    let err = work.fails(&[
        "lead",
        "reassign",
        "999",
        "--from",
        "Marie Moy",
        "--to",
        "Alison Gordon",
        "--by",
        "Ann Lead",
    ]);
    assert_eq!(
        err,
        "actionplan: no milestone with id 999: see actionplan list\n"
    );
    assert_eq!(work.dump(), before);
}

#[test]
fn every_lead_change_needs_by_and_a_day_that_has_come() {
    let work = Workdir::with_seed_plan();
    let before = work.dump();
    let err = work.fails(&["lead", "rename", "Marie Moy", "Marie Moy-Smith"]);
    assert!(err.contains("--by <NAME>"), "{err}");
    let err = work.fails(&[
        "lead",
        "merge",
        "Marie Moy",
        "Ross McGuffie",
        "--by",
        "Ann Lead",
        "--on",
        "2999-01-01",
    ]);
    assert!(
        err.starts_with("actionplan: --on 2999-01-01 is in the future"),
        "{err}"
    );
    let err = work.fails(&["lead", "rename", "Marie Moy", "  ", "--by", "Ann Lead"]);
    assert_eq!(err, "actionplan: NEW must not be blank\n");
    assert_eq!(work.dump(), before);
}

#[test]
fn a_merge_leaves_retired_milestones_as_they_were() {
    let work = Workdir::with_seed_plan();
    work.ok(&[
        "milestone",
        "retire",
        "16",
        "--reason",
        "Superseded",
        "--by",
        "Ann Lead",
        "--on",
        "2020-02-01",
    ]);
    let retired_history = history_lines(&work, "16");
    assert_eq!(retired_history.len(), 1, "{retired_history:?}");
    assert_eq!(
        leads_line(&work, "16"),
        "  Leads:     Marie Moy; Ross McGuffie"
    );
    quietly(
        &work,
        &[
            "lead",
            "merge",
            "Marie Moy",
            "Morag Dendy",
            "--by",
            "Ann Lead",
            "--on",
            "2020-03-02",
        ],
    );
    assert_eq!(
        leads_line(&work, "16"),
        "  Leads:     Marie Moy; Ross McGuffie"
    );
    assert_eq!(history_lines(&work, "16"), retired_history);
    assert_eq!(
        leads_line(&work, "14"),
        "  Leads:     Ross McGuffie; Morag Dendy"
    );
}

#[test]
fn every_lead_command_has_help_with_an_example() {
    let work = Workdir::new();
    for command in ["list", "rename", "merge", "reassign"] {
        let help = work.ok(&["lead", command, "--help"]);
        assert!(help.contains("actionplan lead "), "{command}: {help}");
        assert!(help.contains("Example"), "{command}: {help}");
    }
    let help = work.ok(&["lead", "--help"]);
    assert!(help.contains("Examples:\n  actionplan lead list"), "{help}");
}

/// People are shared by every plan in the database: a rename says how many
/// milestones of each plan it touched, archived plans marked, so nobody is
/// surprised to find another plan's history changed.
#[test]
fn regression_a_rename_across_plans_says_how_many_milestones_of_each() {
    let work = Workdir::with_seed_plan();
    work.ok(&["import", SEED_PLAN, "--plan", "Old"]);
    work.ok(&[
        "plan",
        "archive",
        "Old",
        "--by",
        "Officer",
        "--on",
        "2020-03-01",
    ]);
    let output = work.run(&[
        "lead",
        "rename",
        "Marie Moy",
        "Marie Moy-Smith",
        "--by",
        "Officer",
        "--on",
        "2020-03-02",
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "renamed lead \"Marie Moy\" to \"Marie Moy-Smith\" (16 milestones' histories record it: 8 in \"NL\", 8 in \"Old\" (archived))\n"
    );
}

/// A corrected spelling is the same lead: `movement` and the pack reported
/// every milestone of a renamed lead as reassigned.
#[test]
fn regression_a_renamed_lead_is_not_a_reassignment_in_movement() {
    let work = Workdir::with_seed_plan();
    work.ok(&["cycle", "close", "Feb", "--on", "2020-02-18"]);
    work.ok(&[
        "lead",
        "rename",
        "Sharon Simpson",
        "Sharon Simpson-Reid",
        "--by",
        "Officer",
        "--on",
        "2020-03-02",
    ]);
    assert_eq!(
        work.json(&["movement", "--format", "json"]),
        serde_json::json!([])
    );
    let pack = work.ok(&["report", "--as-of", "2020-03-09", "--format", "markdown"]);
    assert!(pack.contains("): 0 changed"), "{pack}");
    // The February paper keeps the name it showed.
    let february = work.ok(&["export", "--cycle", "Feb", "--no-bom"]);
    assert!(
        february.contains("Sharon Simpson,") || february.contains("Sharon Simpson\""),
        "{february}"
    );
    assert!(!february.contains("Simpson-Reid"), "{february}");
    // A lead handed over is still a reassignment.
    work.ok(&[
        "lead",
        "reassign",
        "1",
        "--from",
        "Sharon Simpson-Reid",
        "--to",
        "Alison Gordon",
        "--by",
        "Officer",
        "--on",
        "2020-03-03",
    ]);
    let movement = work.json(&["movement", "--format", "json"]);
    assert_eq!(movement[0]["id"], 1);
    assert_eq!(movement[0]["reassigned"], true);
}

/// Renames are applied from the earlier cycle's time, in order, to its side
/// only: a chain of renames is no reassignment, and a new person given a
/// renamed lead's old name is one.
#[test]
fn regression_movement_follows_renames_in_order_and_from_the_cycle_only() {
    let work = Workdir::with_seed_plan();
    work.ok(&["cycle", "close", "C1", "--on", "2020-02-18"]);
    let rename = |old: &str, new: &str| {
        work.ok(&[
            "lead",
            "rename",
            old,
            new,
            "--by",
            "Officer",
            "--on",
            "2020-03-02",
        ]);
    };
    rename("John White", "John R White");
    rename("Graeme Cowan", "John White");
    assert_eq!(
        work.json(&["movement", "--format", "json"]),
        serde_json::json!([])
    );

    let work = Workdir::with_seed_plan();
    work.ok(&[
        "lead",
        "rename",
        "Alison Gordon",
        "Alison Gordon-Smith",
        "--by",
        "Officer",
        "--on",
        "2020-02-10",
    ]);
    work.ok(&["cycle", "close", "C1", "--on", "2020-02-18"]);
    work.ok(&[
        "lead",
        "reassign",
        "38",
        "--from",
        "Alison Gordon-Smith",
        "--to",
        "Alison Gordon",
        "--by",
        "Officer",
        "--on",
        "2020-03-02",
    ]);
    let movement = work.json(&["movement", "--format", "json"]);
    assert_eq!(movement[0]["id"], 38, "{movement}");
    assert_eq!(movement[0]["reassigned"], true);
}

/// A change of leads is retracted under the names its leads have now: a
/// lead forgotten for leading nothing comes back, a renamed one under the
/// new name (not a newcomer given the old one); a lead merged away since is
/// refused.
#[test]
fn regression_a_change_of_leads_is_retracted_under_the_names_they_have_now() {
    let work = Workdir::with_seed_plan();
    let retract_last_edit_of = |work: &Workdir, id: i64| {
        let history = work.json(&["history", "--format", "json"]);
        let entry = history
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["id"] == id && e["kind"] == "edit")
            .unwrap()["update_id"]
            .as_i64()
            .unwrap()
            .to_string();
        work.run(&[
            "retract",
            &entry,
            "--reason",
            "Slip",
            "--by",
            "Officer",
            "--on",
            "2020-03-05",
        ])
    };
    // Graeme Cowan is forgotten once he leads nothing, then brought back.
    work.ok(&[
        "milestone",
        "edit",
        "26",
        "--lead",
        "Anne Armstrong",
        "--by",
        "O",
        "--on",
        "2020-03-02",
    ]);
    work.ok(&[
        "lead",
        "reassign",
        "33",
        "--from",
        "Graeme Cowan",
        "--to",
        "Marie Moy",
        "--by",
        "O",
        "--on",
        "2020-03-02",
    ]);
    assert_eq!(retract_last_edit_of(&work, 26).status.code(), Some(0));
    assert_eq!(
        work.json(&["show", "26", "--format", "json"])["leads"],
        serde_json::json!(["Morag Dendy", "Graeme Cowan"])
    );
    // John White renamed, a different John White added: milestone 2 gets the renamed one.
    work.ok(&[
        "milestone",
        "edit",
        "2",
        "--lead",
        "Anne Armstrong",
        "--by",
        "O",
        "--on",
        "2020-03-02",
    ]);
    work.ok(&[
        "lead",
        "rename",
        "John White",
        "John R White",
        "--by",
        "O",
        "--on",
        "2020-03-02",
    ]);
    work.ok(&[
        "milestone",
        "edit",
        "5",
        "--lead",
        "John White",
        "--by",
        "O",
        "--on",
        "2020-03-02",
    ]);
    assert_eq!(retract_last_edit_of(&work, 2).status.code(), Some(0));
    assert_eq!(
        work.json(&["show", "2", "--format", "json"])["leads"],
        serde_json::json!(["Fiona Whittaker", "John R White"])
    );
    // Merged away since: refused.
    work.ok(&[
        "milestone",
        "edit",
        "30",
        "--lead",
        "Anne Armstrong",
        "--by",
        "O",
        "--on",
        "2020-03-02",
    ]);
    work.ok(&[
        "lead",
        "merge",
        "Morag Dendy",
        "Alison Gordon",
        "--by",
        "O",
        "--on",
        "2020-03-03",
    ]);
    let refused = retract_last_edit_of(&work, 30);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains(
            "replaced lead \"Morag Dendy\", who has been merged into \"Alison Gordon\" since"
        ),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
}

/// A lead given twice in one name ("Ann Smith / Ann Smith") reads back from
/// a Lead cell as one name: refused, since the round trip would change it.
#[test]
fn regression_a_lead_name_that_reads_back_otherwise_is_refused() {
    let work = Workdir::with_seed_plan();
    let stderr = work.fails(&[
        "milestone",
        "edit",
        "5",
        "--lead",
        "Ann Smith / Ann Smith",
        "--by",
        "O",
    ]);
    assert!(
        stderr.contains("reads back from a plan's Lead cell as \"Ann Smith\""),
        "{stderr}"
    );
}
