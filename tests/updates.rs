//! `update`, `complete`, `history`, `slipped`, `show` and `export --with-original`,
//! run as the real binary on the seed plan (milestones 1..38 in table order).

mod common;

use common::{Workdir, ids};
use serde_json::json;

/// The number of milestones `overdue` reports at the committee of 18 Feb 2020.
fn overdue_at_committee(work: &Workdir) -> usize {
    work.json(&["overdue", "--as-of", "2020-02-18", "--format", "json"])
        .as_array()
        .expect("an array")
        .len()
}

/// Records the two target changes the seed's own comments announce.
fn record_announced_target_changes(work: &Workdir) {
    work.ok(&[
        "update",
        "13",
        "--due",
        "Mar 20",
        "--reason",
        "Target date moved to Mar 20",
        "--by",
        "Margaret French",
        "--on",
        "2020-02-10",
    ]);
    work.ok(&[
        "update",
        "10",
        "--due",
        "Mar 20",
        "--reason",
        "Target date for implementation extended to March 20",
        "--by",
        "Maggs Thomson",
        "--on",
        "2020-02-10",
    ]);
}

#[test]
fn the_milestones_the_seed_comments_retarget_are_13_and_10() {
    let work = Workdir::with_seed_plan();
    let tier_3 = work.json(&["show", "13", "--format", "json"]);
    assert_eq!(tier_3["milestone"], "Tier 3 post holders in place");
    assert_eq!(tier_3["timeline"], "Jan 20");
    let structures = work.json(&["show", "10", "--format", "json"]);
    assert_eq!(
        structures["milestone"],
        "Implement locality and area wide structures"
    );
    assert_eq!(structures["timeline"], "Nov 19");
}

#[test]
fn recording_the_announced_target_changes_takes_overdue_from_15_to_13() {
    let work = Workdir::with_seed_plan();
    assert_eq!(overdue_at_committee(&work), 15);
    record_announced_target_changes(&work);
    assert_eq!(overdue_at_committee(&work), 13);
    let overdue = work.json(&["overdue", "--as-of", "2020-02-18", "--format", "json"]);
    let overdue_ids = ids(&overdue);
    assert!(!overdue_ids.contains(&13) && !overdue_ids.contains(&10));
    // Due at the end of March, so overdue again from 1 April.
    let april = work.json(&["overdue", "--as-of", "2020-04-01", "--format", "json"]);
    assert!(ids(&april).contains(&13) && ids(&april).contains(&10));
}

#[test]
fn slipped_lists_exactly_the_two_revisions_with_their_slip_in_months() {
    let work = Workdir::with_seed_plan();
    assert_eq!(work.json(&["slipped", "--format", "json"]), json!([]));
    record_announced_target_changes(&work);
    let slipped = work.json(&["slipped", "--format", "json"]);
    let summary: Vec<(i64, &str, &str, i64, i64)> = slipped
        .as_array()
        .expect("an array")
        .iter()
        .map(|row| {
            (
                row["id"].as_i64().expect("id"),
                row["original_timeline"].as_str().expect("original"),
                row["timeline"].as_str().expect("timeline"),
                row["moves"].as_i64().expect("moves"),
                row["slip_months"].as_i64().expect("slip"),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (10, "Nov 19", "Mar 20", 1, 4),
            (13, "Jan 20", "Mar 20", 1, 2),
        ]
    );
    assert_eq!(slipped[1]["last_reason"], "Target date moved to Mar 20");
    assert_eq!(slipped[1]["last_revised_on"], "2020-02-10");

    // A second move of milestone 13 counts as a second move; the slip is from the original.
    work.ok(&[
        "update",
        "13",
        "--due",
        "Jun 20",
        "--reason",
        "Recruitment paused",
        "--on",
        "2020-03-20",
    ]);
    let slipped = work.json(&["slipped", "--format", "json"]);
    assert_eq!(ids(&slipped), vec![13, 10]);
    assert_eq!(slipped[0]["moves"], 2);
    assert_eq!(slipped[0]["slip_months"], 5);
    assert_eq!(slipped[0]["original_timeline"], "Jan 20");
}

#[test]
fn update_confirms_on_one_line_of_stderr_and_prints_nothing_on_stdout() {
    let work = Workdir::with_seed_plan();
    let output = work.run(&[
        "update",
        "13",
        "--due",
        "Mar 20",
        "--reason",
        "Target date moved to Mar 20",
        "--by",
        "Margaret French",
        "--on",
        "2020-02-10",
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "recorded update to milestone 13 \"Tier 3 post holders in place\" for 2020-02-10 \
         by Margaret French: timeline Mar 20 (originally Jan 20)\n"
    );
}

#[test]
fn a_late_report_is_kept_but_the_latest_update_stays_current() {
    let work = Workdir::with_seed_plan();
    work.ok(&["update", "18", "--rag", "R", "--on", "2020-02-10"]);
    let late = work.run(&[
        "update",
        "18",
        "--rag",
        "G",
        "--status",
        "in progress",
        "--on",
        "2020-01-20",
        "--by",
        "Marie Moy",
    ]);
    assert_eq!(late.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&late.stderr)
            .contains("reported late: its update of 2020-02-10 still takes precedence"),
        "{}",
        String::from_utf8_lossy(&late.stderr)
    );
    let shown = work.json(&["show", "18", "--format", "json"]);
    assert_eq!(shown["rag"], "R");
    let dates: Vec<&str> = shown["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|u| u["on"].as_str().expect("date"))
        .collect();
    assert_eq!(dates, vec!["2020-01-20", "2020-02-10"]);
    // The RAG counts use the current state: milestone 18 is red, not green.
    let rag_counts = work.ok(&["rag", "--format", "csv"]);
    assert!(rag_counts.contains("NL,Finance,1,2,7,10"), "{rag_counts}");
}

#[test]
fn refused_updates_exit_2_and_change_nothing() {
    let work = Workdir::with_seed_plan();
    work.ok(&["update", "18", "--rag", "R", "--on", "2020-02-10"]);
    let export_before = work.ok(&["export"]);
    let dump_before = work.dump();
    let cases: [(&[&str], &str); 10] = [
        (&["update", "999", "--rag", "G"], "no milestone with id 999"),
        (
            &["update", "18", "--rag", "Purple"],
            "\"Purple\" is not a RAG rating",
        ),
        (
            &["update", "18", "--status", "finished"],
            "\"finished\" is not a status",
        ),
        (
            &["update", "18", "--due", "Smarch 20", "--reason", "x"],
            "\"Smarch 20\" is not a timeline",
        ),
        (&["update", "18", "--due", "Mar 20"], "--reason"),
        (
            &["update", "18", "--reason", "slipped", "--rag", "A"],
            "--due",
        ),
        (
            &["update", "18", "--due", "Mar 20", "--reason", "  "],
            "--reason must not be blank",
        ),
        (
            &["update", "18", "--by", "Marie Moy"],
            "an update must change something",
        ),
        (
            &["update", "18", "--rag", "G", "--on", "2999-01-01"],
            "is in the future",
        ),
        (
            &["update", "18", "--rag", "G", "--on", "18/02/2020"],
            "--on",
        ),
    ];
    for (args, expected) in cases {
        let stderr = work.fails(args);
        assert!(
            stderr.contains(expected),
            "{args:?}: expected {expected:?} in:\n{stderr}"
        );
        assert_eq!(
            work.ok(&["export"]),
            export_before,
            "{args:?} changed the export"
        );
        assert_eq!(work.dump(), dump_before, "{args:?} changed the database");
    }
    let stderr = work.fails(&["complete", "999"]);
    assert!(stderr.contains("no milestone with id 999"), "{stderr}");
    assert_eq!(work.dump(), dump_before);
}

#[test]
fn complete_sets_status_complete_and_rag_green_unless_told() {
    let work = Workdir::with_seed_plan();
    work.ok(&[
        "complete",
        "4",
        "--comment",
        "Complete. Meeting structures agreed.",
        "--by",
        "Ross McGuffie",
        "--on",
        "2020-02-03",
    ]);
    let shown = work.json(&["show", "4", "--format", "json"]);
    assert_eq!(shown["status"], "complete");
    assert_eq!(shown["rag"], "G");
    assert_eq!(shown["comment"], "Complete. Meeting structures agreed.");
    assert_eq!(shown["history"][0]["by"], "Ross McGuffie");
    assert_eq!(overdue_at_committee(&work), 14);

    work.ok(&["complete", "5", "--rag", "A", "--on", "2020-02-03"]);
    let shown = work.json(&["show", "5", "--format", "json"]);
    assert_eq!(shown["status"], "complete");
    assert_eq!(shown["rag"], "A");
    assert_eq!(overdue_at_committee(&work), 13);
}

#[test]
fn history_lists_updates_oldest_first_with_nulls_for_what_did_not_change() {
    let work = Workdir::with_seed_plan();
    work.ok(&[
        "update",
        "18",
        "--rag",
        "R",
        "--on",
        "2020-02-02",
        "--by",
        "Marie Moy",
    ]);
    work.ok(&[
        "update",
        "4",
        "--comment",
        "Workshop held",
        "--on",
        "2020-01-31",
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
    let history = work.json(&["history", "--format", "json"]);
    assert_eq!(ids(&history), vec![4, 13, 18]);
    assert_eq!(
        history[0],
        json!({
            "id": 4, "plan": "NL", "milestone": "Agree meeting structures", "on": "2020-01-31",
            "by": null, "rag": null, "status": null, "comment": "Workshop held",
            "timeline": null, "reason": null, "update_id": 2, "kind": "update",
            "field": null, "before": null, "after": null, "retracts": null, "retracted_by": null
        })
    );
    assert_eq!(history[1]["timeline"], "Mar 20");
    assert_eq!(history[1]["reason"], "Recruitment");
    assert_eq!(history[2]["by"], "Marie Moy");
    assert_eq!(history[2]["rag"], "R");

    // --since is inclusive: the update dated 2020-02-01 is kept.
    let since = work.json(&["history", "--since", "2020-02-01", "--format", "json"]);
    assert_eq!(ids(&since), vec![13, 18]);
    let since = work.json(&["history", "--since", "2020-02-02", "--format", "json"]);
    assert_eq!(ids(&since), vec![18]);
    let since = work.json(&["history", "--since", "2020-02-03", "--format", "json"]);
    assert_eq!(since, json!([]));

    let marie = work.json(&["history", "--lead", "marie moy", "--format", "json"]);
    assert_eq!(ids(&marie), vec![18]);
    let csv = work.ok_csv(&["history", "--plan", "NL", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 4);
    assert!(csv.starts_with(
        "id,plan,milestone,on,by,rag,status,comment,timeline,reason,update_id,kind,field,before,after,retracts,retracted_by\r\n"
    ));
}

#[test]
fn export_writes_the_current_timeline_and_with_original_adds_the_imported_one() {
    let work = Workdir::with_seed_plan();
    record_announced_target_changes(&work);
    let plain = work.ok(&["export", "--no-bom"]);
    assert!(plain.starts_with(
        "Report Recommendation,Improvement Action,Milestone detail,Lead,Timeline,Comment/RAG,RAG\r\n"
    ));
    assert!(
        plain.contains("Tier 3 post holders in place,\"Margaret French\nMaggs Thomson\",Mar 20,")
    );
    let with_original = work.ok(&["export", "--no-bom", "--with-original"]);
    assert!(with_original.starts_with(
        "Report Recommendation,Improvement Action,Milestone detail,Lead,Timeline,Original timeline,Comment/RAG,RAG\r\n"
    ));
    assert!(with_original.contains(
        "Tier 3 post holders in place,\"Margaret French\nMaggs Thomson\",Mar 20,Jan 20,"
    ));
    assert!(with_original.contains(
        "Implement locality and area wide structures,\"Maggs Thomson\nMargaret French\",Mar 20,Nov 19,"
    ));
}

/// An update that changes nothing is refused, as docs/UPDATES-AND-CYCLES.md
/// says, judged against the milestone as it stood on the update's date; the
/// same update recorded twice is refused as a repeat. Nothing is written.
#[test]
fn an_update_that_changes_nothing_or_repeats_one_is_refused() {
    let work = Workdir::with_seed_plan();
    let before = work.dump();
    // Milestone 3 is imported green and complete.
    assert_eq!(
        work.fails(&["update", "3", "--rag", "G", "--on", "2020-02-10"]),
        "actionplan: the update changes nothing: on 2020-02-10 milestone 3 already has RAG G\n"
    );
    assert!(
        work.fails(&["complete", "3", "--on", "2020-02-10"])
            .contains("the update changes nothing"),
    );
    assert_eq!(work.dump(), before);

    // Milestone 4 is imported amber: red from 10 Feb.
    work.ok(&[
        "update",
        "4",
        "--rag",
        "R",
        "--by",
        "Ross McGuffie",
        "--on",
        "2020-02-10",
    ]);
    let stderr = work.fails(&[
        "update",
        "4",
        "--rag",
        "R",
        "--by",
        "Ross McGuffie",
        "--on",
        "2020-02-10",
    ]);
    assert!(
        stderr.contains("this update to milestone 4 was recorded already")
            && stderr.contains("for 2020-02-10): the same update is not recorded twice"),
        "{stderr}"
    );
    // Judged on its own date: amber on 1 Feb changes nothing, red on 20 Feb
    // neither; amber on 20 Feb does.
    assert!(
        work.fails(&["update", "4", "--rag", "A", "--on", "2020-02-01"])
            .contains("changes nothing")
    );
    assert!(
        work.fails(&["update", "4", "--rag", "R", "--on", "2020-02-20"])
            .contains("changes nothing")
    );
    work.ok(&["update", "4", "--rag", "A", "--on", "2020-02-20"]);
    // Regression: undoing a correction the same day is a change, not a
    // repeat of the first update (R, then G, then R again).
    work.ok(&[
        "update",
        "5",
        "--rag",
        "R",
        "--by",
        "Ann",
        "--on",
        "2020-02-10",
    ]);
    work.ok(&[
        "update",
        "5",
        "--rag",
        "G",
        "--by",
        "Ann",
        "--on",
        "2020-02-10",
    ]);
    work.ok(&[
        "update",
        "5",
        "--rag",
        "R",
        "--by",
        "Ann",
        "--on",
        "2020-02-10",
    ]);
    assert_eq!(work.json(&["show", "5", "--format", "json"])["rag"], "R");
    // A comment alone that differs is a change, the RAG given with it the same.
    work.ok(&[
        "update",
        "4",
        "--rag",
        "A",
        "--comment",
        "Back on track.",
        "--on",
        "2020-02-21",
    ]);
}
