//! Which milestones have had their target date moved, and by how much.
//!
//! The imported timeline is kept forever; every target revision is an update
//! carrying a new timeline and its reason. A milestone has slipped when at
//! least one revision changed its timeline.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::reports::plan_order::{group_by_plan, plans_in_order};

use crate::model::Target;
#[cfg(test)]
use crate::model::Timeline;
use crate::model::{Milestone, Update};

/// A milestone whose target date has moved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SlippedMilestone {
    /// The milestone's id.
    pub id: i64,
    /// Plan name.
    pub plan: String,
    /// Theme (Report Recommendation).
    pub theme: String,
    /// The milestone detail.
    pub milestone: String,
    /// Leads in order.
    pub leads: Vec<String>,
    /// The timeline as imported (or its no-date word).
    pub original_timeline: Target,
    /// The current timeline.
    pub timeline: Target,
    /// How many revisions changed the timeline.
    pub moves: usize,
    /// Current due month minus original due month (negative if brought
    /// forward); 0 when either has no target date.
    pub slip_months: i32,
    /// The date of the latest revision.
    pub last_revised_on: NaiveDate,
    /// The reason given with the latest revision.
    pub last_reason: String,
}

/// The milestones among `milestones` whose timeline was changed by an update in
/// `updates`, largest slip first (plan order among equals). Updates are read
/// oldest first by date, then as recorded, the order `Store::timeline_revisions` gives;
/// a revision that repeats the due date already in force (however it is spelled)
/// is not counted as a move.
pub fn slipped(milestones: &[Milestone], updates: &[Update]) -> Vec<SlippedMilestone> {
    let revisions = Revisions::new(updates);
    let mut rows: Vec<SlippedMilestone> = milestones
        .iter()
        .filter_map(|milestone| revisions.slipped(milestone))
        .collect();
    largest_slip_first(&mut rows);
    rows
}

/// Orders slipped rows largest slip first, keeping their order among equals.
pub fn largest_slip_first(rows: &mut [SlippedMilestone]) {
    rows.sort_by_key(|row| std::cmp::Reverse(row.slip_months));
}

/// Orders the rows of the slipped report: each plan's rows together, plans
/// in the order their rows came (plan order), largest slip first within a
/// plan, and plan order among equal slips.
pub fn largest_slip_first_by_plan(rows: &mut [SlippedMilestone]) {
    let plans: Vec<String> = plans_in_order(rows.iter().map(|row| row.plan.as_str()))
        .into_iter()
        .map(str::to_string)
        .collect();
    largest_slip_first(rows);
    group_by_plan(rows, &plans, |row| &row.plan);
}

/// Timeline revisions found by milestone, for reports that read milestones
/// one at a time: each milestone's updates, in their order, found once
/// (looking through every update for every milestone took minutes at
/// 100,000 milestones).
pub struct Revisions<'a> {
    by_milestone: HashMap<i64, Vec<&'a Update>>,
}

impl<'a> Revisions<'a> {
    /// The revisions among `updates` (oldest first, as
    /// `Store::timeline_revisions` gives them), by milestone.
    pub fn new(updates: &'a [Update]) -> Revisions<'a> {
        let mut by_milestone: HashMap<i64, Vec<&Update>> = HashMap::new();
        for update in updates {
            by_milestone
                .entry(update.milestone_id)
                .or_default()
                .push(update);
        }
        Revisions { by_milestone }
    }

    /// The slipped row of `milestone`, if its target date ever moved.
    pub fn slipped(&self, milestone: &Milestone) -> Option<SlippedMilestone> {
        slipped_milestone(milestone, self.by_milestone.get(&milestone.id)?)
    }

    /// How many times `milestone`'s due date moved.
    pub fn moves(&self, milestone: &Milestone) -> usize {
        self.slipped(milestone).map_or(0, |row| row.moves)
    }
}

/// The slipped row of one milestone from its own updates (oldest first), if
/// its target date ever moved.
fn slipped_milestone(milestone: &Milestone, updates: &[&Update]) -> Option<SlippedMilestone> {
    let mut in_force = milestone.imported_timeline;
    let mut moves = 0;
    let mut last_revision: Option<&Update> = None;
    for &update in updates {
        let Some(timeline) = update.timeline.map(Target::from) else {
            continue;
        };
        // Re-spelling the same due date ("Q1 2020/21" -> "Jun 20") is not a move.
        if timeline.due() != in_force.due() {
            moves += 1;
            in_force = timeline;
            last_revision = Some(update);
        }
    }
    let last_revision = last_revision?;
    Some(SlippedMilestone {
        id: milestone.id,
        plan: milestone.plan.clone(),
        theme: milestone.theme.clone(),
        milestone: milestone.detail.clone(),
        leads: milestone.leads.clone(),
        original_timeline: milestone.imported_timeline,
        timeline: milestone.timeline,
        moves,
        slip_months: match (milestone.timeline, milestone.imported_timeline) {
            (Target::Timeline(now), Target::Timeline(imported)) => now.months_after(&imported),
            _ => 0,
        },
        last_revised_on: last_revision.on,
        last_reason: last_revision.reason.clone().unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timeline(text: &str) -> Timeline {
        Timeline::parse(text).unwrap()
    }

    fn milestone(id: i64, original: &str, current: &str) -> Milestone {
        Milestone {
            imported_timeline: timeline(original).into(),
            ..Milestone::sample(id, current)
        }
    }

    fn revision(update_id: i64, milestone_id: i64, on: &str, to: Option<&str>) -> Update {
        Update {
            update_id,
            milestone_id,
            on: on.parse().unwrap(),
            recorded_at: String::new(),
            by: None,
            rag: None,
            status: None,
            comment: Some("note".into()),
            timeline: to.map(timeline),
            reason: to.map(|t| format!("moved to {t}")),
            ..Default::default()
        }
    }

    #[test]
    fn counts_moves_and_slip_in_months_largest_first() {
        let milestones = [
            milestone(1, "Jan 20", "Mar 20"),
            milestone(2, "Sep 19", "Sep 19"),
            milestone(3, "Nov 19", "Mar 20"),
        ];
        let updates = [
            revision(1, 1, "2020-01-10", Some("Feb 20")),
            revision(2, 3, "2020-01-12", Some("Mar 20")),
            revision(3, 2, "2020-01-13", None),
            revision(4, 1, "2020-02-10", Some("Mar 20")),
        ];
        let rows = slipped(&milestones, &updates);
        let summary: Vec<(i64, usize, i32)> = rows
            .iter()
            .map(|r| (r.id, r.moves, r.slip_months))
            .collect();
        assert_eq!(summary, vec![(3, 1, 4), (1, 2, 2)]);
        assert_eq!(rows[1].last_reason, "moved to Mar 20");
        assert_eq!(rows[1].last_revised_on.to_string(), "2020-02-10");
        assert_eq!(rows[1].original_timeline.to_string(), "Jan 20");
    }

    #[test]
    fn a_revision_repeating_the_timeline_is_not_a_move_but_moving_back_is() {
        let milestones = [
            milestone(1, "Jan 20", "Jan 20"),
            milestone(2, "Jan 20", "Jan 20"),
        ];
        let updates = [
            revision(1, 1, "2020-01-10", Some("Jan 20")),
            revision(2, 2, "2020-01-10", Some("Mar 20")),
            revision(3, 2, "2020-01-20", Some("Jan 20")),
        ];
        let rows = slipped(&milestones, &updates);
        assert_eq!(rows.len(), 1);
        assert_eq!((rows[0].id, rows[0].moves, rows[0].slip_months), (2, 2, 0));
    }

    #[test]
    fn each_plan_keeps_its_rows_together_largest_slip_first() {
        let row = |id: i64, plan: &str, slip_months: i32| {
            let moved = [revision(id, id, "2020-01-10", Some("Mar 20"))];
            let found = Revisions::new(&moved).slipped(&milestone(id, "Jan 20", "Mar 20"));
            SlippedMilestone {
                plan: plan.into(),
                slip_months,
                ..found.expect("a moved milestone has slipped")
            }
        };
        let mut rows = [
            row(1, "B", 1),
            row(2, "A", 5),
            row(3, "B", 3),
            row(4, "A", 5),
        ];
        largest_slip_first_by_plan(&mut rows);
        let order: Vec<(i64, &str)> = rows.iter().map(|r| (r.id, r.plan.as_str())).collect();
        assert_eq!(order, [(3, "B"), (1, "B"), (2, "A"), (4, "A")]);
    }
}
