//! The rows reports are written out as, where a report's numbers need words:
//! the report's own row with the words added, so JSON and CSV say what the
//! table says. A report without words is written from its own row.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::{Rag, Status, Target};
use crate::render::words::{flag_facts, overdue_by};
use crate::reports::check::{Flag, Rule};
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
