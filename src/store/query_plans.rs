//! Every report's query, as SQLite plans it: on the indexes that serve it,
//! with no sort where an index gives the order, so a report over a national
//! plan reads only what it writes. (Tests only.)

use chrono::NaiveDate;

use super::entries::entries_query;
use super::milestone_query::Select;
use super::milestones::MilestoneOrder;
use super::{MilestoneFilter, Store};
use crate::model::NewUpdate;
use crate::model::draft::{ActionDraft, MilestoneDraft, PlanDraft, ThemeDraft};
use crate::model::{Rag, Status, Timeline};

/// Two plans of three themes, two actions and three milestones each, with
/// updates to some of them in January 2020.
fn store_with_two_plans() -> Store {
    let milestone = |n: usize| MilestoneDraft {
        reference: None,
        detail: format!("Milestone {n}"),
        leads: vec![format!("Lead {}", n % 3)],
        timeline: Timeline::parse(["Nov 19", "Dec 19", "Jan 20"][n % 3])
            .unwrap()
            .into(),
        status: Status::InProgress,
        status_word: None,
        rag: Rag::Amber,
        comment: String::new(),
        proposals: Vec::new(),
        extras: Vec::new(),
        history: Vec::new(),
    };
    let draft = PlanDraft {
        themes: (0..3)
            .map(|t| ThemeDraft {
                name: format!("Theme {t}"),
                actions: (0..2)
                    .map(|a| ActionDraft {
                        text: format!("Action {t}.{a}"),
                        milestones: (0..3).map(|m| milestone(t * 6 + a * 3 + m)).collect(),
                    })
                    .collect(),
            })
            .collect(),
        extra_columns: Vec::new(),
        current_period_ends: None,
    };
    let mut store = Store::in_memory().unwrap();
    for name in ["P1", "P2"] {
        store
            .insert_plan(name, None, "p.csv", &draft, false)
            .unwrap();
    }
    for id in [1, 4, 20] {
        store
            .append_update(&NewUpdate {
                milestone_id: id,
                on: date("2020-01-15"),
                rag: Some(Rag::Red),
                ..Default::default()
            })
            .unwrap();
    }
    store
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// The plan as one string, for messages, and whether a step says `text`.
fn plan_says(plan: &[String], text: &str) -> bool {
    plan.iter().any(|step| step.contains(text))
}

fn assert_never_scans_milestones(plan: &[String]) {
    assert!(
        !plan.iter().any(|step| {
            let step = step.trim_start();
            step == "SCAN m" || step.starts_with("SCAN m ")
        }),
        "a full scan of the milestones:\n{}",
        plan.join("\n")
    );
}

#[test]
fn reports_in_plan_order_take_the_order_from_the_indexes() {
    let store = store_with_two_plans();
    for filter in [
        MilestoneFilter::default(),
        MilestoneFilter {
            plan_id: Some(2),
            ..MilestoneFilter::default()
        },
        MilestoneFilter {
            lead: Some("Lead 1".into()),
            ..MilestoneFilter::default()
        },
        // As of a day after every update, and before some: the milestones in
        // the plan that day (check, weekly, rag read this way).
        MilestoneFilter::on(date("2020-06-01")),
        MilestoneFilter {
            plan_id: Some(1),
            ..MilestoneFilter::on(date("2020-01-01"))
        },
    ] {
        let plan = store
            .milestone_query_plan(&filter, MilestoneOrder::Plan)
            .unwrap();
        assert_never_scans_milestones(&plan);
        assert!(
            !plan_says(&plan, "TEMP B-TREE FOR ORDER BY"),
            "list and export sort nothing:\n{}",
            plan.join("\n")
        );
    }
}

#[test]
fn overdue_today_reads_the_due_index_and_sorts_only_same_day_ties() {
    let store = store_with_two_plans();
    let filter = MilestoneFilter {
        due_before: Some(date("2020-06-01")),
        ..MilestoneFilter::on(date("2020-06-01"))
    };
    let plan = store
        .milestone_query_plan(&filter, MilestoneOrder::DueFirst)
        .unwrap();
    assert!(
        plan_says(&plan, "SEARCH m USING INDEX milestone_open_by_due"),
        "{}",
        plan.join("\n")
    );
    assert!(
        !plan_says(&plan, "USE TEMP B-TREE FOR ORDER BY"),
        "only the terms after the due date are sorted:\n{}",
        plan.join("\n")
    );
}

#[test]
fn a_past_date_seeks_each_milestones_state_in_the_one_query() {
    let store = store_with_two_plans();
    let filter = MilestoneFilter {
        due_before: Some(date("2020-01-01")),
        ..MilestoneFilter::on(date("2020-01-01"))
    };
    let plan = store
        .milestone_query_plan(&filter, MilestoneOrder::DueFirst)
        .unwrap();
    // Every milestone's state on the day decides, so every milestone is
    // read, each state found by key; the order (the due date that day) is
    // SQLite's sort, which spills past its memory.
    assert!(
        plan_says(&plan, "SEARCH s USING PRIMARY KEY"),
        "{}",
        plan.join("\n")
    );
    assert!(
        plan_says(&plan, "SEARCH x USING PRIMARY KEY"),
        "{}",
        plan.join("\n")
    );
    assert!(!plan_says(&plan, "SCAN s"), "{}", plan.join("\n"));
}

#[test]
fn rag_counts_on_the_covering_index_without_a_sort() {
    let store = store_with_two_plans();
    for day in ["2020-06-01", "2020-01-01"] {
        let query = store
            .milestone_query(
                &MilestoneFilter::on(date(day)),
                MilestoneOrder::Plan,
                Select::RagCounts,
            )
            .unwrap();
        let plan = store.query_plan(&query.sql, &query.values).unwrap();
        assert!(
            plan_says(&plan, "USING COVERING INDEX milestone_rag_by_action"),
            "{day}:\n{}",
            plan.join("\n")
        );
        assert!(
            !plan_says(&plan, "TEMP B-TREE"),
            "{day}:\n{}",
            plan.join("\n")
        );
    }
}

#[test]
fn history_reads_a_plans_entries_in_date_order_from_the_index() {
    let store = store_with_two_plans();
    let (sql, lead) = entries_query(&MilestoneFilter::default(), false);
    let values: Vec<Box<dyn rusqlite::ToSql>> = vec![
        Box::new(1_i64),
        Box::new(Some(date("2020-01-01"))),
        Box::new(lead),
    ];
    let plan = store.query_plan(&sql, &values).unwrap();
    assert!(
        plan_says(&plan, "SEARCH u USING INDEX milestone_update_by_date"),
        "{}",
        plan.join("\n")
    );
    assert!(
        !plan_says(&plan, "TEMP B-TREE FOR ORDER BY"),
        "{}",
        plan.join("\n")
    );
}

/// Regression (review of the streaming weekly report): a lead's milestones
/// were read by walking the whole plan and checking each against the lead's
/// list, once per lead: leads x milestones. They are found through the
/// lead's index and only they are sorted.
#[test]
fn regression_one_leads_milestones_are_found_through_the_lead_index() {
    let store = store_with_two_plans();
    let filter = MilestoneFilter {
        led_by_person: Some("Lead 1".into()),
        open_only: true,
        ..MilestoneFilter::on(date("2020-06-01"))
    };
    let plan = store
        .milestone_query_plan(&filter, MilestoneOrder::Plan)
        .unwrap();
    assert!(
        plan_says(
            &plan,
            "SEARCH lead_ml USING COVERING INDEX milestone_lead_by_person"
        ) || plan_says(&plan, "SEARCH lead_ml USING INDEX milestone_lead_by_person"),
        "{}",
        plan.join("\n")
    );
    assert!(
        plan_says(&plan, "SEARCH m USING INTEGER PRIMARY KEY"),
        "{}",
        plan.join("\n")
    );
    assert!(!plan_says(&plan, "SCAN p"), "{}", plan.join("\n"));
}
