//! Dates that cannot be right are refused, and re-spelling a due date is not a slip.

mod common;

use common::Workdir;

#[test]
fn dates_before_2000_are_refused_unless_backdated() {
    let work = Workdir::with_seed_plan();
    let before = work.dump();
    for args in [
        &["update", "3", "--rag", "R", "--on", "0202-02-18"][..],
        &["complete", "3", "--on", "1999-12-31"],
        &["cycle", "close", "IJB", "--on", "1999-12-31"],
    ] {
        let stderr = work.fails(args);
        assert!(
            stderr.contains(
                "is before 2000-01-01: is it a typing slip? Give --backdate if the date is right"
            ),
            "{args:?}: {stderr}"
        );
    }
    assert_eq!(work.dump(), before);
    work.ok(&[
        "update",
        "3",
        "--rag",
        "R",
        "--on",
        "1999-12-31",
        "--backdate",
    ]);
    work.ok(&["update", "3", "--rag", "A", "--on", "2000-01-01"]);
}

#[test]
fn a_self_evaluation_dated_in_the_future_is_refused() {
    let work = Workdir::new();
    let stderr = work.fails(&[
        "selfeval",
        "import",
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/angus-msg-self-evaluation-2019.csv"
        ),
        "--partnership",
        "Angus",
        "--label",
        "2019",
        "--on",
        "2999-05-10",
    ]);
    assert!(
        stderr.contains("--on 2999-05-10 is in the future"),
        "{stderr}"
    );
}

/// Regression: `movement --from LATER --to EARLIER` ran backwards and called R -> A "better".
#[test]
fn movement_from_a_later_cycle_to_an_earlier_one_is_refused() {
    let work = Workdir::with_seed_plan();
    work.ok(&["cycle", "close", "Dec 2019", "--on", "2019-12-10"]);
    work.ok(&["update", "3", "--rag", "R", "--on", "2020-01-10"]);
    work.ok(&["cycle", "close", "Feb 2020", "--on", "2020-02-18"]);
    work.ok(&["movement", "--from", "Dec 2019", "--to", "Feb 2020"]);
    let stderr = work.fails(&["movement", "--from", "Feb 2020", "--to", "Dec 2019"]);
    assert!(
        stderr.contains(
            "--to \"Dec 2019\" (closed on 2019-12-10) is earlier than --from \"Feb 2020\" (closed on 2020-02-18)"
        ),
        "{stderr}"
    );
}

/// Regression: "Jun 20" -> "Q1 2020/21" (the same due date, 30 June 2020)
/// counted as a second move.
#[test]
fn respelling_the_same_due_date_is_not_a_move() {
    let work = Workdir::with_seed_plan();
    work.ok(&[
        "update",
        "5",
        "--due",
        "Jun 20",
        "--reason",
        "Staff",
        "--on",
        "2020-01-10",
    ]);
    work.ok(&[
        "update",
        "5",
        "--due",
        "Q1 2020/21",
        "--reason",
        "Same date",
        "--on",
        "2020-01-20",
    ]);
    let slipped = work.json(&["slipped", "--format", "json"]);
    let rows = slipped.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{slipped}");
    assert_eq!(rows[0]["id"], 5);
    assert_eq!(rows[0]["moves"], 1, "{slipped}");
    assert_eq!(rows[0]["slip_months"], 8, "{slipped}");
}
