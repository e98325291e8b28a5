//! Tests of the rules that judge each row of a returned file.
use super::*;
use crate::model::Milestone;

const HEADERS: [&str; 7] = [
    "ID",
    "New RAG",
    "New status",
    "New comment",
    "New timeline",
    "Reason for new timeline",
    "Return token",
];

fn sheet(rows: &[[&str; 7]]) -> ReturnedSheet {
    ReturnedSheet {
        headers: HEADERS.iter().map(|h| h.to_string()).collect(),
        rows: rows
            .iter()
            .enumerate()
            .map(|(i, cells)| ReturnedRow {
                number: i + 2,
                cells: cells.iter().map(|c| c.to_string()).collect(),
                formulas_without_value: Vec::new(),
            })
            .collect(),
    }
}

/// Milestone 1 led by Ann Lead, last updated by entry 7; return 3 sent to Ann.
fn facts() -> RoundFacts {
    let milestone = Milestone::sample(1, "Sep 19");
    let as_of = "2020-02-18".parse().unwrap();
    let token = ReturnToken {
        return_id: 0,
        latest_entry: 7,
    };
    let current = ReturnRow::from_milestone(&milestone, as_of, token);
    RoundFacts::new(
        HashMap::from([(
            1,
            MilestoneFacts {
                leads: milestone.leads.clone(),
                latest_entry: 7,
                current,
            },
        )]),
        HashMap::from([(
            3,
            SentReturnFacts {
                lead: "ann lead".into(),
                as_of,
            },
        )]),
        HashMap::from([((3, 1), 7)]),
        HashMap::new(),
        "2020-03-02".parse().unwrap(),
    )
}

fn outcomes(rows: &[[&str; 7]], facts: &mut RoundFacts) -> Vec<RowOutcome> {
    judge_file("r.xlsx", &sheet(rows), facts, Judging::default())
        .unwrap()
        .rows
        .into_iter()
        .map(|row| row.outcome)
        .collect()
}

#[test]
fn a_reason_without_a_timeline_and_a_timeline_without_a_reason_are_refused() {
    let found = outcomes(
        &[
            ["1", "", "", "", "", "Because", "R3-E7"],
            ["1", "", "", "", "Jun 20", "", "R3-E7"],
        ],
        &mut facts(),
    );
    let columns: Vec<Option<String>> = found
        .iter()
        .map(|outcome| match outcome {
            RowOutcome::Rejected { problems, .. } => problems[0].column.clone(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        columns,
        [
            Some("New timeline".to_string()),
            Some("Reason for new timeline".to_string())
        ]
    );
}

#[test]
fn a_second_answer_to_one_milestone_in_one_import_is_a_conflict() {
    let mut facts = facts();
    let first = outcomes(&[["1", "G", "", "", "", "", "R3-E7"]], &mut facts);
    assert!(matches!(first[0], RowOutcome::Apply { .. }), "{first:?}");
    let second = outcomes(&[["1", "R", "", "", "", "", "R3-E7"]], &mut facts);
    assert_eq!(
        second,
        [RowOutcome::Conflict {
            milestone_id: 1,
            answer: Answer {
                rag: Some(Rag::Red),
                ..Answer::default()
            },
            newer: "answered already in this import (row 2 in r.xlsx): RAG G".to_string(),
        }]
    );
    let same = outcomes(&[["1", "G", "", "", "", "", "R3-E7"]], &mut facts);
    assert_eq!(
        same,
        [RowOutcome::Duplicate {
            milestone_id: 1,
            first: "row 2 in r.xlsx".to_string(),
        }]
    );
}

#[test]
fn an_older_token_conflicts_and_an_applied_row_is_not_applied_again() {
    let mut facts = facts();
    facts.sent_rows.insert((3, 1), 6);
    let stale = outcomes(&[["1", "G", "", "", "", "", "R3-E6"]], &mut facts);
    facts.sent_rows.insert((3, 1), 7);
    assert!(
        matches!(&stale[0], RowOutcome::Conflict { newer, .. }
            if newer == "RAG A, status in progress, timeline Sep 19, comment \"\""),
        "{stale:?}"
    );
    let applied = crate::model::Update {
        update_id: 8,
        milestone_id: 1,
        on: facts.on,
        recorded_at: String::new(),
        by: None,
        rag: Some(Rag::Green),
        status: None,
        comment: None,
        timeline: None,
        reason: None,
        ..Default::default()
    };
    facts.applied.insert((3, 1), applied);
    let again = outcomes(&[["1", "G", "", "", "", "", "R3-E7"]], &mut facts);
    assert_eq!(again, [RowOutcome::AlreadyApplied { milestone_id: 1 }]);
}

#[test]
fn blank_rows_change_nothing_and_unknown_tokens_and_ids_are_refused() {
    let found = outcomes(
        &[
            ["1", "", "", "", "", "", "R3-E7"],
            ["", "", "", "", "", "", ""],
            ["1", "G", "", "", "", "", "R9-E7"],
            ["99", "G", "", "", "", "", "R3-E7"],
        ],
        &mut facts(),
    );
    assert_eq!(found.len(), 3, "the empty row is skipped: {found:?}");
    assert!(
        matches!(&found[2], RowOutcome::Rejected { problems, .. }
            if problems[0].message == "no milestone with id 99 in this database"),
        "{found:?}"
    );
    assert_eq!(found[0], RowOutcome::Unchanged);
    assert!(
        matches!(&found[1], RowOutcome::Rejected { problems, .. }
            if problems[0].message.starts_with("return R9 was not sent from this database")),
        "{found:?}"
    );
}
