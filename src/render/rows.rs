//! The rows reports are written out as, where a report's numbers need words:
//! the report's own row with the words added, so JSON and CSV say what the
//! table says. A report without words is written from its own row.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Rag, Status, Target};
use crate::render::words::{flag_facts, overdue_by};
use crate::reports::check::{Flag, Rule};
use crate::reports::movement::{MilestoneMovement, RagChange};
use crate::reports::weekly::{DueSoonItem, OverdueItem, StaleItem, WeeklyMilestone};
use crate::reports::{LeadReport, OverdueMilestone};

/// A row of the overdue report: the milestone, its days overdue and that in
/// words ("overdue by 4 months").
#[derive(Debug, Serialize)]
pub struct OverdueRow<'a> {
    /// The report's row.
    #[serde(flatten)]
    pub overdue: &'a OverdueMilestone,
    /// The lateness in words.
    pub overdue_by: String,
}

impl<'a> From<&'a OverdueMilestone> for OverdueRow<'a> {
    fn from(overdue: &'a OverdueMilestone) -> OverdueRow<'a> {
        OverdueRow {
            overdue,
            overdue_by: overdue_by(overdue.days_overdue),
        }
    }
}

/// An overdue item of the weekly report, its lateness in words.
#[derive(Debug, Serialize)]
pub struct WeeklyOverdueRow<'a> {
    /// The milestone.
    #[serde(flatten)]
    pub milestone: &'a WeeklyMilestone,
    /// Whole days from the due date to the as-of date.
    pub days_overdue: i64,
    /// The lateness in words: "overdue by 3 weeks".
    pub overdue_by: String,
    /// Date of the latest update; `None` if never updated.
    pub last_update_on: Option<NaiveDate>,
    /// Whole weeks from the latest update to the as-of date; `None` if never updated.
    pub weeks_since_update: Option<i64>,
    /// True when it has had no update for the stale period, or never.
    pub stale: bool,
}

impl<'a> From<&'a OverdueItem> for WeeklyOverdueRow<'a> {
    fn from(item: &'a OverdueItem) -> WeeklyOverdueRow<'a> {
        WeeklyOverdueRow {
            milestone: &item.milestone,
            days_overdue: item.days_overdue,
            overdue_by: overdue_by(item.days_overdue),
            last_update_on: item.last_update_on,
            weeks_since_update: item.weeks_since_update,
            stale: item.stale,
        }
    }
}

/// One lead's part of the weekly report as JSON writes it.
#[derive(Debug, Serialize)]
pub struct LeadReportRow<'a> {
    /// The lead's name as stored.
    pub lead: &'a str,
    /// Overdue for more than a week, most overdue first.
    pub overdue: Vec<WeeklyOverdueRow<'a>>,
    /// Due soon, soonest first.
    pub due_soon: &'a [DueSoonItem],
    /// Fell due in the seven days before the as-of date.
    pub newly_overdue: Vec<WeeklyOverdueRow<'a>>,
    /// Not updated for the stale period.
    pub stale: &'a [StaleItem],
}

impl<'a> From<&'a LeadReport> for LeadReportRow<'a> {
    fn from(report: &'a LeadReport) -> LeadReportRow<'a> {
        LeadReportRow {
            lead: &report.lead,
            overdue: report.overdue.iter().map(WeeklyOverdueRow::from).collect(),
            due_soon: &report.due_soon,
            newly_overdue: report
                .newly_overdue
                .iter()
                .map(WeeklyOverdueRow::from)
                .collect(),
            stale: &report.stale,
        }
    }
}

/// A flag of the check as JSON writes it: the rule by name and in words, and
/// the facts in words.
#[derive(Debug, Serialize)]
pub struct FlagRow<'a> {
    /// The milestone's id.
    pub id: i64,
    /// Plan name.
    pub plan: &'a str,
    /// Milestone detail.
    pub milestone: &'a str,
    /// The rule broken.
    pub rule: Rule,
    /// The rule in words ("green but overdue").
    pub rule_words: &'static str,
    /// The facts in words ("due Dec 19, overdue by 2 months").
    pub facts: String,
    /// Current timeline, or its no-date word.
    pub timeline: Target,
    /// Due date; None when there is no target date.
    pub due: Option<NaiveDate>,
    /// Status.
    pub status: Status,
    /// RAG.
    pub rag: Rag,
    /// Date of the latest update, if any.
    pub last_update_on: Option<NaiveDate>,
}

impl<'a> From<&'a Flag> for FlagRow<'a> {
    fn from(flag: &'a Flag) -> FlagRow<'a> {
        FlagRow {
            id: flag.id,
            plan: &flag.plan,
            milestone: &flag.milestone,
            rule: flag.rule,
            rule_words: flag.rule.words(),
            facts: flag_facts(&flag.facts),
            timeline: flag.timeline,
            due: flag.due,
            status: flag.status,
            rag: flag.rag,
            last_update_on: flag.last_update_on,
        }
    }
}

/// A milestone's movement between two cycles, as CSV and JSON both write it:
/// the same columns in the same order, so neither can drift from the other.
#[derive(Debug, Serialize)]
pub struct MovementRow<'a> {
    /// The milestone's id.
    pub id: i64,
    /// The milestone detail.
    pub milestone: &'a str,
    /// Theme (Report Recommendation).
    pub theme: &'a str,
    /// RAG before (None when added).
    pub rag_from: Option<Rag>,
    /// RAG after.
    pub rag_to: Rag,
    /// Which way the RAG moved.
    pub rag_change: RagChange,
    /// Status before (None when added).
    pub status_from: Option<Status>,
    /// Status after.
    pub status_to: Status,
    /// Whether it became complete (or was added already complete).
    pub newly_complete: bool,
    /// Whether the target timeline differs.
    pub retargeted: bool,
    /// Timeline before (None when added).
    pub timeline_from: Option<Target>,
    /// Timeline after.
    pub timeline_to: Target,
    /// Whether the milestone was not in the earlier snapshot.
    pub added: bool,
    /// Whether it was retired between the two.
    pub retired: bool,
    /// Whether the milestone's own text changed.
    pub edited: bool,
    /// Whether its leads changed.
    pub reassigned: bool,
}

impl MovementRow<'_> {
    /// The CSV header: the JSON keys, in the same order.
    pub const HEADERS: [&'static str; 16] = [
        "id",
        "milestone",
        "theme",
        "rag_from",
        "rag_to",
        "rag_change",
        "status_from",
        "status_to",
        "newly_complete",
        "retargeted",
        "timeline_from",
        "timeline_to",
        "added",
        "retired",
        "edited",
        "reassigned",
    ];

    /// The CSV cells, in the order of [`MovementRow::HEADERS`]; an absent
    /// value is an empty cell.
    pub fn cells(&self) -> Vec<String> {
        let optional = |value: Option<String>| value.unwrap_or_default();
        vec![
            self.id.to_string(),
            self.milestone.to_string(),
            self.theme.to_string(),
            optional(self.rag_from.map(|rag| rag.to_string())),
            self.rag_to.to_string(),
            self.rag_change.word().to_string(),
            optional(self.status_from.map(|status| status.to_string())),
            self.status_to.to_string(),
            self.newly_complete.to_string(),
            self.retargeted.to_string(),
            optional(self.timeline_from.map(|timeline| timeline.to_string())),
            self.timeline_to.to_string(),
            self.added.to_string(),
            self.retired.to_string(),
            self.edited.to_string(),
            self.reassigned.to_string(),
        ]
    }
}

impl<'a> From<&'a MilestoneMovement> for MovementRow<'a> {
    fn from(row: &'a MilestoneMovement) -> MovementRow<'a> {
        MovementRow {
            id: row.id,
            milestone: &row.milestone,
            theme: &row.theme,
            rag_from: row.rag_from,
            rag_to: row.rag_to,
            rag_change: row.rag_change,
            status_from: row.status_from,
            status_to: row.status_to,
            newly_complete: row.newly_complete(),
            retargeted: row.retargeted,
            timeline_from: row.timeline_from,
            timeline_to: row.timeline_to,
            added: row.added,
            retired: row.retired,
            edited: row.edited,
            reassigned: row.reassigned,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The keys of a JSON object, in the order they are written.
    fn keys_in_order(json: &str) -> Vec<String> {
        let object: serde_json::Value = serde_json::from_str(json).unwrap();
        let mut keys: Vec<(usize, String)> = object
            .as_object()
            .unwrap()
            .keys()
            .map(|key| (json.find(&format!("\"{key}\":")).unwrap(), key.clone()))
            .collect();
        keys.sort();
        keys.into_iter().map(|(_, key)| key).collect()
    }

    #[test]
    fn movement_csv_columns_are_the_json_keys_in_order() {
        let moved = MilestoneMovement {
            id: 4,
            milestone: "Agree meeting structures".into(),
            theme: "Operational Structure".into(),
            rag_from: Some(Rag::Amber),
            rag_to: Rag::Green,
            rag_change: RagChange::Better,
            status_from: Some(Status::InProgress),
            status_to: Status::Complete,
            retargeted: false,
            added: false,
            retired: false,
            edited: false,
            reassigned: false,
            timeline_from: Some("Sep 19".parse().unwrap()),
            timeline_to: "Sep 19".parse().unwrap(),
        };
        let row = MovementRow::from(&moved);
        let json = serde_json::to_string(&row).unwrap();
        assert_eq!(keys_in_order(&json), MovementRow::HEADERS);
        assert_eq!(row.cells().len(), MovementRow::HEADERS.len());
        assert_eq!(
            row.cells().join(","),
            "4,Agree meeting structures,Operational Structure,A,G,better,in progress,complete,true,false,Sep 19,Sep 19,false,false,false,false"
        );
    }
}
