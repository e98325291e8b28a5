//! Which open milestones are past their due date, most overdue first.

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::Milestone;
use crate::reports::MilestoneRecord;

/// An overdue milestone and how late it is, in days (the words are the
/// renderer's: `crate::render::words::overdue_by`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverdueMilestone {
    /// The milestone.
    #[serde(flatten)]
    pub milestone: MilestoneRecord,
    /// Whole days from the due date to the as-of date.
    pub days_overdue: i64,
}

/// Open milestones due before `as_of`, most overdue first (plan order among equals).
/// A milestone due on the as-of date itself is not yet overdue.
pub fn overdue(milestones: &[Milestone], as_of: NaiveDate) -> Vec<OverdueMilestone> {
    let mut rows: Vec<OverdueMilestone> = milestones
        .iter()
        .filter(|m| m.is_overdue(as_of))
        .map(|m| OverdueMilestone::of(m.clone(), as_of))
        .collect();
    rows.sort_by_key(|row| std::cmp::Reverse(row.days_overdue));
    rows
}

impl OverdueMilestone {
    /// A milestone as the overdue report shows it on `as_of`: how many days
    /// past its due date (0 when it has none). For a
    /// report read row by row, in the order the store gives (earliest due first).
    pub fn of(milestone: Milestone, as_of: NaiveDate) -> OverdueMilestone {
        let days = milestone.due().map_or(0, |due| (as_of - due).num_days());
        OverdueMilestone {
            milestone: MilestoneRecord::from(milestone),
            days_overdue: days,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Rag, Status};

    fn milestone(id: i64, timeline: &str, status: Status) -> Milestone {
        Milestone {
            status,
            rag: Rag::Green,
            ..Milestone::sample(id, timeline)
        }
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn month_is_due_at_its_end_and_overdue_the_day_after() {
        let plan = [milestone(1, "Jan 20", Status::InProgress)];
        assert!(overdue(&plan, date("2020-01-31")).is_empty());
        let late = overdue(&plan, date("2020-02-01"));
        assert_eq!(late.len(), 1);
        assert_eq!(late[0].days_overdue, 1);
    }

    #[test]
    fn complete_milestones_are_never_overdue_and_most_late_come_first() {
        let plan = [
            milestone(1, "Dec 19", Status::InProgress),
            milestone(2, "Sep 19", Status::Complete),
            milestone(3, "Sep 19", Status::NotStarted),
            milestone(4, "Dec 19", Status::InProgress),
        ];
        let late = overdue(&plan, date("2020-02-18"));
        let ids: Vec<i64> = late.iter().map(|r| r.milestone.id).collect();
        assert_eq!(ids, vec![3, 1, 4]);
        assert_eq!(late[0].days_overdue, 141);
    }
}
