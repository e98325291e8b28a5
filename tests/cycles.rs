//! Committee cycles (`cycle close`, `cycle list`, `export --cycle`) and `movement`,
//! run as the real binary on the seed plan (milestones 1..38 in table order).

mod common;

use common::{Workdir, ids};
use serde_json::json;

const FEBRUARY: &str = "IJB 18 Feb 2020";

fn close_february(work: &Workdir) {
    work.ok(&["cycle", "close", FEBRUARY, "--on", "2020-02-18"]);
}

/// The raw bytes `export` writes (with its BOM and CRLF) for the given extra arguments.
fn export_bytes(work: &Workdir, extra: &[&str]) -> Vec<u8> {
    let mut args = vec!["export"];
    args.extend_from_slice(extra);
    let output = work.run(&args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

#[test]
fn closing_a_cycle_confirms_and_lists_it_with_the_frozen_rag_counts() {
    let work = Workdir::with_seed_plan();
    work.ok(&["update", "4", "--rag", "R", "--on", "2020-02-10"]);
    // Dated after the cycle: not part of it.
    work.ok(&["complete", "5", "--on", "2020-02-20"]);
    let output = work.run(&["cycle", "close", FEBRUARY, "--on", "2020-02-18"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "closed cycle \"IJB 18 Feb 2020\" of plan \"NL\" as of 2020-02-18: 38 milestones frozen \
         (1 red, 9 amber, 28 green; 13 complete)\n"
    );
    let cycles = work.json(&["cycle", "list", "--format", "json"]);
    let cycle = &cycles[0];
    assert_eq!(cycles.as_array().map(Vec::len), Some(1));
    assert_eq!(cycle["plan"], "NL");
    assert_eq!(cycle["label"], FEBRUARY);
    assert_eq!(cycle["closed_on"], "2020-02-18");
    assert_eq!(
        (
            &cycle["milestones"],
            &cycle["red"],
            &cycle["amber"],
            &cycle["green"],
            &cycle["complete"]
        ),
        (&json!(38), &json!(1), &json!(9), &json!(28), &json!(13))
    );
}

#[test]
fn a_duplicate_cycle_label_is_refused_and_changes_nothing() {
    let work = Workdir::with_seed_plan();
    close_february(&work);
    let before = work.dump();
    let stderr = work.fails(&["cycle", "close", FEBRUARY, "--on", "2020-03-01"]);
    assert!(
        stderr.contains("a cycle labelled \"IJB 18 Feb 2020\" exists already"),
        "{stderr}"
    );
    assert_eq!(work.dump(), before);
    let stderr = work.fails(&["cycle", "close", "  ", "--on", "2020-03-01"]);
    assert!(stderr.contains("a cycle needs a label"), "{stderr}");
    let stderr = work.fails(&["cycle", "close", "Next year", "--on", "2999-01-01"]);
    assert!(stderr.contains("is in the future"), "{stderr}");
    assert_eq!(work.dump(), before);
    let cycles = work.json(&["cycle", "list", "--format", "json"]);
    assert_eq!(cycles.as_array().map(Vec::len), Some(1));
}

#[test]
fn export_cycle_is_byte_identical_to_the_export_taken_at_the_cycle() {
    let work = Workdir::with_seed_plan();
    work.ok(&[
        "update",
        "4",
        "--rag",
        "G",
        "--comment",
        "Agreed",
        "--on",
        "2020-02-12",
    ]);
    work.ok(&[
        "update",
        "13",
        "--due",
        "Mar 20",
        "--reason",
        "Target date moved to Mar 20",
        "--on",
        "2020-02-10",
    ]);
    let at_cycle = export_bytes(&work, &[]);
    let at_cycle_with_original = export_bytes(&work, &["--with-original"]);
    close_february(&work);

    // Afterwards: a completion, another retarget, and a late report dated before the cycle.
    work.ok(&["complete", "6", "--on", "2020-03-02"]);
    work.ok(&[
        "update",
        "10",
        "--due",
        "Jun 20",
        "--reason",
        "Covid",
        "--on",
        "2020-03-20",
    ]);
    work.ok(&[
        "update",
        "18",
        "--rag",
        "R",
        "--comment",
        "Late",
        "--on",
        "2020-02-01",
    ]);
    let now = export_bytes(&work, &[]);
    assert_ne!(
        now, at_cycle,
        "later updates should change the current export"
    );

    assert_eq!(export_bytes(&work, &["--cycle", FEBRUARY]), at_cycle);
    assert_eq!(
        export_bytes(&work, &["--cycle", FEBRUARY, "--with-original"]),
        at_cycle_with_original
    );
    let file = work.file("feb.csv");
    let path = file.display().to_string();
    work.ok(&["export", "--cycle", FEBRUARY, "-o", &path]);
    assert_eq!(std::fs::read(&file).expect("written"), at_cycle);

    let stderr = work.fails(&["export", "--cycle", "IJB March 2020"]);
    assert!(
        stderr.contains(
            "no cycle labelled \"IJB March 2020\" for this plan; cycles are \"IJB 18 Feb 2020\""
        ),
        "{stderr}"
    );
}

#[test]
fn movement_shows_exactly_the_one_rag_change_since_the_cycle() {
    let work = Workdir::with_seed_plan();
    close_february(&work);
    assert_eq!(work.json(&["movement", "--format", "json"]), json!([]));
    // A comment alone is not movement.
    work.ok(&["update", "5", "--comment", "Drafted", "--on", "2020-03-01"]);
    work.ok(&["update", "4", "--rag", "R", "--on", "2020-03-02"]);
    let movement = work.json(&["movement", "--format", "json"]);
    assert_eq!(
        movement,
        json!([{
            "id": 4,
            "milestone": "Agree meeting structures",
            "theme": "Operational Structure",
            "rag_from": "A",
            "rag_to": "R",
            "rag_change": "worse",
            "status_from": "in progress",
            "status_to": "in progress",
            "newly_complete": false,
            "retargeted": false,
            "timeline_from": "Sep 19",
            "timeline_to": "Sep 19",
            "added": false,
            "retired": false,
            "edited": false,
            "reassigned": false
        }])
    );
    let table = work.ok(&["movement"]);
    assert!(
        table.starts_with(
            "Movement from \"IJB 18 Feb 2020\" (2020-02-18) to now: 1 milestone changed\n"
        ),
        "{table}"
    );
    assert!(table.contains("A -> R (worse)"), "{table}");
}

#[test]
fn movement_between_two_cycles_counts_better_worse_complete_and_retargeted() {
    let work = Workdir::with_seed_plan();
    close_february(&work);
    work.ok(&["update", "4", "--rag", "G", "--on", "2020-03-02"]);
    work.ok(&["complete", "6", "--on", "2020-03-03"]);
    work.ok(&["update", "22", "--rag", "A", "--on", "2020-03-04"]);
    work.ok(&[
        "update",
        "13",
        "--due",
        "Jun 20",
        "--reason",
        "Recruitment paused",
        "--on",
        "2020-03-05",
    ]);
    work.ok(&["cycle", "close", "IJB 17 Mar 2020", "--on", "2020-03-17"]);
    // After the second cycle: must not appear between the two.
    work.ok(&["update", "18", "--rag", "R", "--on", "2020-03-20"]);

    let between = work.json(&[
        "movement",
        "--from",
        FEBRUARY,
        "--to",
        "IJB 17 Mar 2020",
        "--format",
        "json",
    ]);
    assert_eq!(ids(&between), vec![4, 6, 13, 22]);
    let changes: Vec<&str> = between
        .as_array()
        .expect("an array")
        .iter()
        .map(|row| row["rag_change"].as_str().expect("rag_change"))
        .collect();
    assert_eq!(changes, vec!["better", "better", "same", "worse"]);
    assert_eq!(between[1]["status_to"], "complete");
    assert_eq!(between[2]["retargeted"], true);

    // --to alone compares with the cycle before it.
    let to_only = work.json(&["movement", "--to", "IJB 17 Mar 2020", "--format", "json"]);
    assert_eq!(to_only, between);
    // The default is from the latest cycle to now.
    let since_march = work.json(&["movement", "--format", "json"]);
    assert_eq!(ids(&since_march), vec![18]);

    let csv = work.ok(&[
        "movement",
        "--from",
        FEBRUARY,
        "--to",
        "IJB 17 Mar 2020",
        "--format",
        "csv",
    ]);
    assert!(csv.contains(
        "6,Permanent post holders in place,Operational Structure,A,G,better,in progress,complete,true,false,Dec 19,Dec 19,false,false,false,false\r\n"
    ), "{csv}");
    assert!(csv.contains(
        "13,Tier 3 post holders in place,Operational Structure,A,A,same,in progress,in progress,false,true,Jan 20,Jun 20,false,false,false,false\r\n"
    ), "{csv}");

    let table = work.ok(&["movement", "--from", FEBRUARY, "--to", "IJB 17 Mar 2020"]);
    let counts: Vec<Vec<&str>> = table
        .lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>())
        .filter(|cells| cells.first() == Some(&"Total") || cells.starts_with(&["Finance"]))
        .collect();
    assert_eq!(
        counts,
        vec![
            vec!["Finance", "1", "0", "1", "0", "0", "0"],
            vec!["Total", "4", "2", "1", "1", "1", "0"],
        ]
    );
}

#[test]
fn movement_without_a_cycle_says_how_to_close_one() {
    let work = Workdir::with_seed_plan();
    let stderr = work.fails(&["movement"]);
    assert!(
        stderr.contains("no committee cycle has been closed for this plan yet"),
        "{stderr}"
    );
    close_february(&work);
    let stderr = work.fails(&["movement", "--to", FEBRUARY]);
    assert!(
        stderr.contains("no cycle was closed before \"IJB 18 Feb 2020\""),
        "{stderr}"
    );
}

/// The cycle list's table gives dates as a person reads them ("18 Feb
/// 2020"), as `plans` does; CSV and JSON keep ISO dates.
#[test]
fn the_cycle_list_table_reads_dates_as_words() {
    let work = Workdir::with_seed_plan();
    work.ok(&["cycle", "close", "IJB 18 Feb 2020", "--on", "2020-02-18"]);
    let table = work.ok(&["cycle", "list"]);
    assert!(table.contains(" 18 Feb 2020 "), "{table}");
    assert!(!table.contains("2020-02-18"), "{table}");
    let json = work.json(&["cycle", "list", "--format", "json"]);
    assert_eq!(json[0]["closed_on"], "2020-02-18");
}
