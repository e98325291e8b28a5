//! Unit tests of the reconciliation: each matching rule and each kind of change.

use super::*;

/// Plan milestones with these texts, ids from 1, under theme "t" and
/// action "a" (see `Milestone::sample`).
fn plan(texts: &[&str]) -> Vec<Milestone> {
    texts
        .iter()
        .enumerate()
        .map(|(i, text)| Milestone {
            detail: text.to_string(),
            ..Milestone::sample(i as i64 + 1, "Mar 20")
        })
        .collect()
}

/// The file row that exports the milestone unchanged.
fn row_of(milestone: &Milestone, row: usize) -> FileRow {
    FileRow {
        row,
        theme: milestone.theme.clone(),
        action: milestone.action.clone(),
        milestone: MilestoneDraft {
            reference: milestone.reference.clone(),
            detail: milestone.detail.clone(),
            leads: milestone.leads.clone(),
            timeline: milestone.timeline,
            status: milestone.status,
            status_word: None,
            rag: milestone.rag,
            comment: milestone.comment.clone(),
            proposals: Vec::new(),
            extras: Vec::new(),
            history: Vec::new(),
        },
    }
}

fn rows_of(milestones: &[Milestone]) -> Vec<FileRow> {
    milestones
        .iter()
        .enumerate()
        .map(|(i, m)| row_of(m, i + 2))
        .collect()
}

/// Reconciles a file with every column against a plan with nothing retired.
fn reconcile_all(milestones: &[Milestone], rows: &[FileRow]) -> Reconciliation {
    reconcile(milestones, &[], rows, FileColumns::all())
}

fn lines(found: &Reconciliation) -> Vec<String> {
    found.changes.iter().map(Change::line).collect()
}

const TEXTS: [&str; 4] = [
    "Agree meeting structures",
    "Update terms of reference to reflect changed arrangements",
    "Permanent post holders in place",
    "Staff briefing sessions held in every locality",
];

#[test]
fn the_unchanged_export_changes_nothing_and_matches_everything_by_text() {
    let milestones = plan(&TEXTS);
    let found = reconcile_all(&milestones, &rows_of(&milestones));
    assert_eq!(found.changes, vec![]);
    assert_eq!((found.matched, found.by_text), (4, 4));
    assert!(!found.looks_like_another_plan());
}

#[test]
fn a_changed_rag_and_comment_are_one_update() {
    let milestones = plan(&TEXTS);
    let mut rows = rows_of(&milestones);
    rows[1].milestone.rag = Rag::Green;
    rows[1].milestone.comment = "Done at SLT".into();
    let found = reconcile_all(&milestones, &rows);
    assert_eq!(
        lines(&found),
        vec![
            "milestone 2 \"Update terms of reference to reflect changed arrangements\": \
             RAG A -> G, comment \"\" -> \"Done at SLT\""
        ]
    );
}

#[test]
fn spacing_alone_is_no_change_but_case_in_the_text_is() {
    let milestones = plan(&TEXTS);
    let mut rows = rows_of(&milestones);
    rows[0].milestone.detail = "  Agree   meeting\nstructures ".into();
    rows[2].milestone.detail = "Permanent Post Holders in place".into();
    let found = reconcile_all(&milestones, &rows);
    assert_eq!(
        lines(&found),
        vec![
            "milestone 3 \"Permanent post holders in place\": text -> \"Permanent Post Holders in place\""
        ]
    );
}

#[test]
fn a_reworded_milestone_between_matched_rows_is_matched_by_position() {
    let milestones = plan(&TEXTS);
    let mut rows = rows_of(&milestones);
    rows[2].milestone.detail = "Permanent post holders in place from January".into();
    let found = reconcile_all(&milestones, &rows);
    assert_eq!(found.by_position, 1);
    assert_eq!(
        lines(&found),
        vec![
            "milestone 3 \"Permanent post holders in place\": text -> \"Permanent post holders in place from January\""
        ]
    );
}

#[test]
fn a_plainly_new_row_is_added_after_the_matched_row_above_it() {
    let milestones = plan(&TEXTS);
    let mut rows = rows_of(&milestones);
    let mut new = rows[1].clone();
    new.row = 9;
    new.milestone.detail = "Publish the revised guidance on the intranet".into();
    rows.insert(2, new);
    let found = reconcile_all(&milestones, &rows);
    assert_eq!(
        lines(&found),
        vec![
            "add row 9 \"Publish the revised guidance on the intranet\" under \"t\" › \"a\", after milestone 2"
        ]
    );
}

#[test]
fn a_row_like_a_milestone_that_no_rule_matches_is_not_guessed() {
    let milestones = plan(&TEXTS);
    let mut rows = rows_of(&milestones);
    // Like milestone 3, but milestone 3 is matched already.
    let mut like = rows[2].clone();
    like.row = 9;
    like.milestone.detail = "Permanent post holders in post".into();
    rows.push(like);
    let found = reconcile_all(&milestones, &rows);
    assert_eq!(
        lines(&found),
        vec![
            "cannot match row 9 \"Permanent post holders in post\" (like milestone 3 \"Permanent post holders in place\"; not added)"
        ]
    );
}

#[test]
fn two_reworded_rows_around_one_gap_are_not_guessed() {
    let milestones = plan(&[
        "Recruit two social workers",
        "Recruit two social work assistants",
    ]);
    let mut rows = rows_of(&milestones);
    rows[0].milestone.detail = "Recruit 2 social workers".into();
    rows[1].milestone.detail = "Recruit 2 social work assistants".into();
    let found = reconcile_all(&milestones, &rows);
    assert_eq!(found.matched, 0);
    assert!(found.looks_like_another_plan());
    assert!(
        found
            .changes
            .iter()
            .all(|c| matches!(c, Change::CannotMatch { .. } | Change::Missing { .. })),
        "{:?}",
        lines(&found)
    );
}

#[test]
fn a_milestone_no_row_matches_is_missing() {
    let milestones = plan(&TEXTS);
    let mut rows = rows_of(&milestones);
    rows.remove(1);
    let found = reconcile_all(&milestones, &rows);
    assert_eq!(
        lines(&found),
        vec!["missing 2 \"Update terms of reference to reflect changed arrangements\" (kept)"]
    );
}

#[test]
fn references_match_rows_whose_text_changed_beyond_recognition() {
    let mut milestones = plan(&TEXTS);
    for (i, m) in milestones.iter_mut().enumerate() {
        m.reference = Some(format!("1.{}", i + 1));
    }
    let mut rows = rows_of(&milestones);
    rows.swap(0, 3);
    rows[0].milestone.detail = "Something else entirely".into();
    let found = reconcile_all(&milestones, &rows);
    assert_eq!(found.by_reference, 4);
    assert_eq!(
        lines(&found),
        vec![
            "milestone 4 \"Staff briefing sessions held in every locality\": text -> \"Something else entirely\""
        ]
    );
}

#[test]
fn a_changed_reference_is_an_edit_and_a_file_without_references_keeps_them() {
    let mut milestones = plan(&TEXTS);
    milestones[0].reference = Some("1.1".into());
    let mut rows = rows_of(&milestones);
    rows[0].milestone.reference = Some("1.1a".into());
    rows[1].milestone.reference = Some("1.2".into());
    let found = reconcile_all(&milestones, &rows);
    assert_eq!(
        lines(&found),
        vec![
            "milestone 1 \"Agree meeting structures\": reference \"1.1\" -> \"1.1a\"",
            "milestone 2 \"Update terms of reference to reflect changed arrangements\": reference \"\" -> \"1.2\"",
        ]
    );
    rows[0].milestone.reference = None;
    rows[1].milestone.reference = None;
    assert_eq!(reconcile_all(&milestones, &rows).changes, vec![]);
}

#[test]
fn an_action_reworded_on_every_row_is_one_edit() {
    let milestones = plan(&TEXTS);
    let mut rows = rows_of(&milestones);
    for row in &mut rows {
        row.action = "a reworded".into();
    }
    let found = reconcile_all(&milestones, &rows);
    assert_eq!(
        lines(&found),
        vec!["milestone 1 \"Agree meeting structures\": action \"a\" -> \"a reworded\""]
    );
}

#[test]
fn a_row_under_another_action_is_listed_not_moved() {
    let milestones = plan(&TEXTS);
    let mut rows = rows_of(&milestones);
    rows[3].action = "b".into();
    let found = reconcile_all(&milestones, &rows);
    assert_eq!(
        lines(&found),
        vec![
            "not moved: milestone 4 \"Staff briefing sessions held in every locality\" is under \"t\" › \"b\" in row 5 (reconciling does not move milestones: move it on its own)"
        ]
    );
}

#[test]
fn a_blank_lead_cell_and_a_timeline_word_cannot_be_recorded() {
    let milestones = plan(&TEXTS);
    let mut rows = rows_of(&milestones);
    rows[0].milestone.leads.clear();
    rows[1].milestone.timeline = Target::parse("TBC").unwrap();
    let found = reconcile_all(&milestones, &rows);
    let blocked: Vec<usize> = found
        .changes
        .iter()
        .filter_map(|c| match c {
            Change::Blocked { row, .. } => Some(*row),
            _ => None,
        })
        .collect();
    assert_eq!(blocked, vec![2, 3], "{:?}", lines(&found));
    assert!(
        !found
            .changes
            .iter()
            .any(|c| matches!(c, Change::Update { .. } | Change::Edit { .. }))
    );
}

#[test]
fn changed_leads_are_an_edit_but_a_change_of_case_is_not() {
    let milestones = plan(&TEXTS);
    let mut rows = rows_of(&milestones);
    rows[0].milestone.leads = vec!["ann lead".into()];
    rows[1].milestone.leads = vec!["Ann Lead".into(), "Bob Lead".into()];
    let found = reconcile_all(&milestones, &rows);
    assert_eq!(
        lines(&found),
        vec![
            "milestone 2 \"Update terms of reference to reflect changed arrangements\": leads Ann Lead -> Ann Lead; Bob Lead"
        ]
    );
}

#[test]
fn a_row_of_a_retired_milestone_is_listed_retired_and_never_missing_or_closest() {
    let mut milestones = plan(&TEXTS);
    let retired_milestone = milestones.remove(2);
    let rows = {
        let mut rows = rows_of(&milestones);
        rows.insert(2, row_of(&retired_milestone, 9));
        rows
    };
    let retired = [RetiredMilestone {
        milestone: retired_milestone,
        retired_on: NaiveDate::from_ymd_opt(2020, 3, 1).unwrap(),
    }];
    let found = reconcile(&milestones, &retired, &rows, FileColumns::all());
    assert_eq!(
        lines(&found),
        vec![
            "retired: row 9 \"Permanent post holders in place\" is milestone 3, retired on \
             2020-03-01 (not added; retract its retirement to bring it back)"
        ]
    );
    assert_eq!((found.matched, found.milestones), (3, 3));
}

#[test]
fn a_retired_milestones_text_counts_only_under_its_action_as_the_file_rewords_it() {
    let mut milestones = plan(&TEXTS);
    let retired_milestone = milestones.remove(2);
    let retired = [RetiredMilestone {
        milestone: retired_milestone.clone(),
        retired_on: NaiveDate::from_ymd_opt(2020, 3, 1).unwrap(),
    }];
    let mut rows = rows_of(&milestones);
    rows.insert(2, row_of(&retired_milestone, 9));
    // Under its own action, reworded on every row: still that milestone.
    for row in &mut rows {
        row.action = "a reworded".into();
    }
    let found = reconcile(&milestones, &retired, &rows, FileColumns::all());
    assert!(
        lines(&found).contains(
            &"retired: row 9 \"Permanent post holders in place\" is milestone 3, retired on \
              2020-03-01 (not added; retract its retirement to bring it back)"
                .to_string()
        ),
        "{:?}",
        lines(&found)
    );
    // Under an action the plan does not have (its own, reworded where
    // no other row shows it): still that milestone, not added.
    rows[2].action = "another action".into();
    let found = reconcile(&milestones, &retired, &rows, FileColumns::all());
    assert!(
        lines(&found)
            .iter()
            .any(|line| line.starts_with("retired: row 9 ")),
        "{:?}",
        lines(&found)
    );
    // Under another of the plan's actions: not that milestone, a new row.
    let mut milestones = plan(&TEXTS);
    let retired_milestone = milestones.remove(2);
    milestones[2].action = "b".into();
    let mut rows = rows_of(&milestones);
    let mut row = row_of(&retired_milestone, 9);
    row.action = "b".into();
    rows.push(row);
    let found = reconcile(&milestones, &retired, &rows, FileColumns::all());
    assert!(
        lines(&found).contains(
            &"add row 9 \"Permanent post holders in place\" under \"t\" › \"b\", after milestone 4"
                .to_string()
        ),
        "{:?}",
        lines(&found)
    );
}

#[test]
fn a_field_the_file_has_no_column_for_is_not_compared() {
    let milestones = plan(&TEXTS);
    let mut rows = rows_of(&milestones);
    for row in &mut rows {
        row.milestone.rag = Rag::NotRated;
        row.milestone.comment = String::new();
        row.theme = "p".into();
    }
    let columns = FileColumns {
        theme: false,
        comment: false,
        rag: false,
    };
    assert_eq!(reconcile(&milestones, &[], &rows, columns).changes, vec![]);
}

#[test]
fn an_inferred_status_only_completes_an_open_milestone() {
    let mut milestones = plan(&TEXTS);
    milestones[0].status = Status::Complete;
    let mut rows = rows_of(&milestones);
    // Inferred (no Status cell): reopening is not recorded; completing is.
    rows[0].milestone.status = Status::InProgress;
    rows[1].milestone.status = Status::Complete;
    // Read from a Status cell: recorded as it reads.
    rows[2].milestone.status = Status::NotStarted;
    rows[2].milestone.status_word = Some("Not started".into());
    let found = reconcile_all(&milestones, &rows);
    assert_eq!(
        lines(&found),
        vec![
            "milestone 2 \"Update terms of reference to reflect changed arrangements\": status in progress -> complete",
            "milestone 3 \"Permanent post holders in place\": status in progress -> not started",
        ]
    );
}

#[test]
fn an_action_given_the_name_of_another_action_of_its_theme_is_not_renamed() {
    let mut milestones = plan(&TEXTS);
    milestones[3].action = "b".into();
    let mut rows = rows_of(&milestones);
    rows[3].action = "a".into();
    let found = reconcile_all(&milestones, &rows);
    assert_eq!(
        lines(&found),
        vec![
            "not moved: milestone 4 \"Staff briefing sessions held in every locality\" is under \"t\" › \"a\" in row 5 (reconciling does not move milestones: move it on its own)"
        ]
    );
}

#[test]
fn a_missing_milestone_a_cannot_match_row_is_like_names_that_row() {
    let milestones = plan(&TEXTS);
    let mut rows = rows_of(&milestones);
    let mut moved = rows.remove(2);
    moved.row = 9;
    moved.milestone.detail = "Permanent post holders in post".into();
    moved.action = "b".into();
    rows.push(moved);
    let found = reconcile_all(&milestones, &rows);
    assert_eq!(
        lines(&found).last().map(String::as_str),
        Some("missing 3 \"Permanent post holders in place\" (kept: row 9 may be it)")
    );
}

#[test]
fn similarity_is_one_for_the_same_text_and_low_for_unrelated_ones() {
    assert_eq!(similarity("Agree  Structures", "agree structures"), 1.0);
    assert!(
        similarity(
            "Tier 3 post holders in place",
            "Tier 3 post holders in post"
        ) >= SIMILAR_ENOUGH
    );
    assert!(similarity("Agree meeting structures", "Teams available to all staff") < 0.3);
}
