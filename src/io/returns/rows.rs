//! The rows of one lead's return, built from the plan: pure, no store.

use std::collections::HashMap;

use crate::io::returns::columns::{ReturnColumn, ReturnToken};
use crate::model::Milestone;
use crate::model::{Rag, Status, Target};
use chrono::NaiveDate;

/// How many days ahead counts as "due soon" when ordering a return.
pub const DUE_SOON_DAYS: i64 = 30;

/// One milestone as it is sent to a lead: its place in the plan, its current
/// state, and the token of that state.
#[derive(Debug, Clone, PartialEq)]
pub struct ReturnRow {
    /// The milestone's id.
    pub id: i64,
    /// Theme.
    pub theme: String,
    /// Improvement action.
    pub action: String,
    /// Milestone detail.
    pub milestone: String,
    /// Current timeline (or the word for no target date, such as "Ongoing").
    pub timeline: Target,
    /// Current RAG.
    pub rag: Rag,
    /// Current status.
    pub status: Status,
    /// Latest comment.
    pub comment: String,
    /// Date of the latest update, if any.
    pub last_updated: Option<NaiveDate>,
    /// Open and due before the return's date.
    pub overdue: bool,
    /// Open and due within [`DUE_SOON_DAYS`] of the return's date.
    pub due_soon: bool,
    /// The state it was sent in.
    pub token: ReturnToken,
}

impl ReturnRow {
    /// A milestone's current state as a return shows it. The one place that
    /// reads a milestone's state for a return.
    pub fn from_milestone(
        milestone: &Milestone,
        as_of: NaiveDate,
        token: ReturnToken,
    ) -> ReturnRow {
        let overdue = milestone.is_overdue(as_of);
        let due_soon = milestone.status.is_open()
            && milestone
                .due()
                .is_some_and(|due| (due - as_of).num_days() <= DUE_SOON_DAYS);
        ReturnRow {
            id: milestone.id,
            theme: milestone.theme.clone(),
            action: milestone.action.clone(),
            milestone: milestone.detail.clone(),
            timeline: milestone.timeline,
            rag: milestone.rag,
            status: milestone.status,
            comment: milestone.comment.clone(),
            last_updated: milestone.last_update_on,
            overdue,
            due_soon: !overdue && due_soon,
            token,
        }
    }

    /// The cells of the row as text, one per [`ReturnColumn::ALL`], answers blank.
    pub fn cells(&self) -> Vec<String> {
        ReturnColumn::ALL
            .iter()
            .map(|column| match column {
                ReturnColumn::Id => self.id.to_string(),
                ReturnColumn::Theme => self.theme.clone(),
                ReturnColumn::Action => self.action.clone(),
                ReturnColumn::Milestone => self.milestone.clone(),
                ReturnColumn::Timeline => self.timeline.to_string(),
                ReturnColumn::Rag => self.rag.to_string(),
                ReturnColumn::Status => self.status.to_string(),
                ReturnColumn::Comment => self.comment.clone(),
                ReturnColumn::LastUpdated => {
                    self.last_updated.map(|d| d.to_string()).unwrap_or_default()
                }
                ReturnColumn::Token => self.token.to_string(),
                _ => String::new(),
            })
            .collect()
    }

    /// Sort key: overdue first, then due soon, then the rest; each by due
    /// date, milestones with no target date last in their group.
    fn order(&self) -> (u8, NaiveDate) {
        let group = if self.overdue {
            0
        } else if self.due_soon {
            1
        } else if self.status.is_open() {
            2
        } else {
            3
        };
        (group, self.timeline.due().unwrap_or(NaiveDate::MAX))
    }
}

/// Whether two spellings name the same lead: trimmed, in any case (Unicode
/// lowercase, as the weekly report groups leads).
pub fn same_lead(one: &str, other: &str) -> bool {
    one.trim().to_lowercase() == other.trim().to_lowercase()
}

/// Every lead of the milestones given, in the order they first appear (names
/// that differ only in case are one lead), with how many milestones each leads.
pub fn plan_leads(milestones: &[Milestone]) -> Vec<(String, usize)> {
    let mut leads: Vec<(String, usize)> = Vec::new();
    for lead in milestones.iter().flat_map(|m| &m.leads) {
        match leads.iter_mut().find(|(known, _)| same_lead(known, lead)) {
            Some((_, count)) => *count += 1,
            None => leads.push((lead.clone(), 1)),
        }
    }
    leads
}

/// The rows of one lead's return: the milestones given (those the lead
/// shares), overdue first, then due soon, then the other open ones, then the
/// complete ones; by due date within each group, plan order on ties.
/// `latest_entries` maps a milestone to its latest history entry's id.
pub fn return_rows(
    milestones: &[Milestone],
    as_of: NaiveDate,
    return_id: i64,
    latest_entries: &HashMap<i64, i64>,
) -> Vec<ReturnRow> {
    let mut rows: Vec<ReturnRow> = milestones
        .iter()
        .map(|milestone| {
            let token = ReturnToken {
                return_id,
                latest_entry: latest_entries.get(&milestone.id).copied().unwrap_or(0),
            };
            ReturnRow::from_milestone(milestone, as_of, token)
        })
        .collect();
    rows.sort_by_key(ReturnRow::order);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overdue_then_due_soon_then_open_then_complete() {
        let as_of: NaiveDate = "2020-02-18".parse().unwrap();
        let mut done = Milestone::sample(1, "Sep 19");
        done.status = Status::Complete;
        let later = Milestone::sample(2, "Dec 20");
        let soon = Milestone::sample(3, "Feb 20");
        let late = Milestone::sample(4, "Jan 20");
        let latest = HashMap::from([(3, 77)]);
        let rows = return_rows(&[done, later, soon, late], as_of, 5, &latest);
        let order: Vec<(i64, bool, bool)> =
            rows.iter().map(|r| (r.id, r.overdue, r.due_soon)).collect();
        assert_eq!(
            order,
            [
                (4, true, false),
                (3, false, true),
                (2, false, false),
                (1, false, false)
            ]
        );
        assert_eq!(rows[1].token.to_string(), "R5-E77");
        assert_eq!(rows[0].token.to_string(), "R5-E0");
        let cells = rows[1].cells();
        assert_eq!(cells[ReturnColumn::Timeline.index()], "Feb 20");
        assert_eq!(cells[ReturnColumn::NewRag.index()], "");
        assert_eq!(cells[ReturnColumn::Token.index()], "R5-E77");
    }
}
