//! Movement between two committee cycles (or a cycle and now): the milestones
//! whose RAG, status or target timeline changed, those newly added, those
//! retired (in the earlier snapshot, gone from the later), and those whose
//! text was edited or whose leads changed (reassigned).
//!
//! Green is better than amber, amber better than red. A change of comment
//! alone is not movement.

use std::collections::HashMap;

use serde::Serialize;

use crate::model::Milestone;
#[cfg(test)]
use crate::model::Timeline;
use crate::model::{Rag, Status, Target};

/// Which way a RAG rating moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RagChange {
    /// Towards green.
    Better,
    /// Towards red.
    Worse,
    /// Unchanged (or nothing to compare with, for an added milestone).
    Same,
}

impl RagChange {
    /// The change from `from` to `to`: green beats amber beats red.
    pub fn between(from: Rag, to: Rag) -> RagChange {
        let (Some(to), Some(from)) = (rank(to), rank(from)) else {
            return RagChange::Same;
        };
        match to.cmp(&from) {
            std::cmp::Ordering::Greater => RagChange::Better,
            std::cmp::Ordering::Less => RagChange::Worse,
            std::cmp::Ordering::Equal => RagChange::Same,
        }
    }

    /// The word used in tables and JSON.
    pub fn word(self) -> &'static str {
        match self {
            RagChange::Better => "better",
            RagChange::Worse => "worse",
            RagChange::Same => "same",
        }
    }
}

/// Worst first; Blue (finished) above Green. A milestone first rated, or no
/// longer rated, has no rank, and its change counts as the same.
fn rank(rag: Rag) -> Option<u8> {
    match rag {
        Rag::Red => Some(0),
        Rag::Amber => Some(1),
        Rag::Green => Some(2),
        Rag::Blue => Some(3),
        Rag::NotRated => None,
    }
}

/// One milestone that moved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MilestoneMovement {
    /// The milestone's id.
    pub id: i64,
    /// The milestone detail.
    pub milestone: String,
    /// Theme (Report Recommendation).
    pub theme: String,
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
    /// Whether the target timeline differs.
    pub retargeted: bool,
    /// Whether the milestone was not in the earlier snapshot.
    pub added: bool,
    /// Whether it was in the earlier snapshot and is gone from the later
    /// (retired); its "to" fields then repeat its last state.
    pub retired: bool,
    /// Whether the milestone's own text changed.
    pub edited: bool,
    /// Whether its leads changed.
    pub reassigned: bool,
    /// Timeline before (None when added).
    pub timeline_from: Option<Target>,
    /// Timeline after.
    pub timeline_to: Target,
}

impl MilestoneMovement {
    /// Whether it became complete (or was added already complete).
    pub fn newly_complete(&self) -> bool {
        self.status_to == Status::Complete && self.status_from != Some(Status::Complete)
    }

    /// Whether its status changed.
    pub fn status_changed(&self) -> bool {
        self.status_from.is_some_and(|from| from != self.status_to)
    }

    /// The RAG movement in words: "A -> G (better)", "G (same)", "new: G",
    /// "new: not rated".
    pub fn rag_words(&self) -> String {
        let to = self.rag_to.label();
        match self.rag_from {
            None => format!("new: {to}"),
            Some(from) if from == self.rag_to => format!("{} (same)", from.label()),
            Some(from) => format!("{} -> {to} ({})", from.label(), self.rag_change.word()),
        }
    }

    /// The status movement in words: "in progress -> complete (newly
    /// complete)", or the unchanged status.
    pub fn status_words(&self) -> String {
        match self.status_from {
            Some(from) if from != self.status_to => {
                let note = if self.newly_complete() {
                    " (newly complete)"
                } else {
                    ""
                };
                format!("{from} -> {}{note}", self.status_to)
            }
            _ => self.status_to.to_string(),
        }
    }

    /// The change to the plan itself in words: "added", "retired", "edited,
    /// reassigned", or "" when the milestone only moved in its progress.
    pub fn plan_change_words(&self) -> String {
        let mut words = Vec::new();
        if self.added {
            words.push("added");
        }
        if self.retired {
            words.push("retired");
        }
        if self.edited {
            words.push("edited");
        }
        if self.reassigned {
            words.push("reassigned");
        }
        words.join(", ")
    }

    /// The milestone's text with its change to the plan, if any: "Set-aside
    /// agreed (added)".
    pub fn milestone_with_plan_change(&self) -> String {
        let words = self.plan_change_words();
        if words.is_empty() {
            self.milestone.clone()
        } else {
            format!("{} ({words})", self.milestone)
        }
    }

    /// The timeline movement in words: "Jan 20 -> Mar 20 (retargeted)", or
    /// the unchanged timeline.
    pub fn timeline_words(&self) -> String {
        match self.timeline_from {
            Some(from) if self.retargeted => {
                format!("{from} -> {} (retargeted)", self.timeline_to)
            }
            _ => self.timeline_to.to_string(),
        }
    }
}

/// The milestones of `to` that moved since `from`, in `to`'s order: RAG or
/// status changed, timeline retargeted, text edited, leads changed, or not
/// present in `from` at all; then the milestones of `from` no longer in `to`
/// (retired), in `from`'s order.
pub fn movement(from: &[Milestone], to: &[Milestone]) -> Vec<MilestoneMovement> {
    let before: HashMap<i64, &Milestone> = from.iter().map(|m| (m.id, m)).collect();
    let kept: std::collections::HashSet<i64> = to.iter().map(|m| m.id).collect();
    let moved = to
        .iter()
        .filter_map(|after| moved_since(before.get(&after.id).copied(), after));
    let retired = from
        .iter()
        .filter(|earlier| !kept.contains(&earlier.id))
        .map(retired_since);
    moved.chain(retired).collect()
}

/// The movement of a milestone of the later side since the earlier one
/// (`earlier`: None when it was added since), if it moved: RAG or status
/// changed, timeline retargeted, text edited, leads changed, or added.
pub fn moved_since(earlier: Option<&Milestone>, after: &Milestone) -> Option<MilestoneMovement> {
    let row = MilestoneMovement {
        id: after.id,
        milestone: after.detail.clone(),
        theme: after.theme.clone(),
        rag_from: earlier.map(|m| m.rag),
        rag_to: after.rag,
        rag_change: earlier
            .map(|m| RagChange::between(m.rag, after.rag))
            .unwrap_or(RagChange::Same),
        status_from: earlier.map(|m| m.status),
        status_to: after.status,
        retargeted: earlier.is_some_and(|m| m.timeline != after.timeline),
        added: earlier.is_none(),
        retired: false,
        edited: earlier.is_some_and(|m| m.detail != after.detail),
        reassigned: earlier.is_some_and(|m| m.leads != after.leads),
        timeline_from: earlier.map(|m| m.timeline),
        timeline_to: after.timeline,
    };
    let moved = row.added
        || row.retargeted
        || row.edited
        || row.reassigned
        || row.status_changed()
        || row.rag_from != Some(row.rag_to);
    moved.then_some(row)
}

/// The movement row of a milestone of the earlier side that the later side
/// no longer holds (retired).
pub fn retired_since(earlier: &Milestone) -> MilestoneMovement {
    MilestoneMovement {
        id: earlier.id,
        milestone: earlier.detail.clone(),
        theme: earlier.theme.clone(),
        rag_from: Some(earlier.rag),
        rag_to: earlier.rag,
        rag_change: RagChange::Same,
        status_from: Some(earlier.status),
        status_to: earlier.status,
        retargeted: false,
        added: false,
        retired: true,
        edited: false,
        reassigned: false,
        timeline_from: Some(earlier.timeline),
        timeline_to: earlier.timeline,
    }
}

/// Names each milestone's leads as they were called later: `renames` are
/// the `lead rename`s recorded after these milestones were frozen (oldest
/// first, as (before, after)), applied in turn. An earlier cycle then
/// compares equal with a later side whose only change is a corrected
/// spelling, so that is not reported as a reassignment. Names are unique at
/// any moment, so applying the renames in order from the cycle's time is exact.
pub fn with_current_names(milestones: &mut [Milestone], renames: &[(String, String)]) {
    for milestone in milestones {
        for lead in &mut milestone.leads {
            for (before, after) in renames {
                if lead == before {
                    *lead = after.clone();
                }
            }
        }
    }
}

/// Movement counts for one theme.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ThemeMovementCounts {
    /// Theme (Report Recommendation).
    pub theme: String,
    /// Milestones that moved.
    pub changed: usize,
    /// RAG moved towards green.
    pub better: usize,
    /// RAG moved towards red.
    pub worse: usize,
    /// Became complete.
    pub newly_complete: usize,
    /// Timeline moved.
    pub retargeted: usize,
    /// New since the earlier snapshot.
    pub added: usize,
    /// Retired since the earlier snapshot.
    pub retired: usize,
    /// Text edited.
    pub edited: usize,
    /// Leads changed.
    pub reassigned: usize,
}

/// Counts per theme of the movement rows, themes in the order they first appear.
pub fn movement_by_theme(rows: &[MilestoneMovement]) -> Vec<ThemeMovementCounts> {
    let mut counts: Vec<ThemeMovementCounts> = Vec::new();
    for row in rows {
        let position = match counts.iter().position(|c| c.theme == row.theme) {
            Some(position) => position,
            None => {
                counts.push(ThemeMovementCounts {
                    theme: row.theme.clone(),
                    ..Default::default()
                });
                counts.len() - 1
            }
        };
        let theme = &mut counts[position];
        theme.changed += 1;
        theme.better += usize::from(row.rag_change == RagChange::Better);
        theme.worse += usize::from(row.rag_change == RagChange::Worse);
        theme.newly_complete += usize::from(row.newly_complete());
        theme.retargeted += usize::from(row.retargeted);
        theme.added += usize::from(row.added);
        theme.retired += usize::from(row.retired);
        theme.edited += usize::from(row.edited);
        theme.reassigned += usize::from(row.reassigned);
    }
    counts
}

/// The sum of the theme counts, theme "Total", for a table's last line.
pub fn movement_total(counts: &[ThemeMovementCounts]) -> ThemeMovementCounts {
    let mut total = ThemeMovementCounts {
        theme: "Total".to_string(),
        ..Default::default()
    };
    for theme in counts {
        total.changed += theme.changed;
        total.better += theme.better;
        total.worse += theme.worse;
        total.newly_complete += theme.newly_complete;
        total.retargeted += theme.retargeted;
        total.added += theme.added;
        total.retired += theme.retired;
        total.edited += theme.edited;
        total.reassigned += theme.reassigned;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn milestone(id: i64, theme: &str, timeline: &str, status: Status, rag: Rag) -> Milestone {
        Milestone {
            theme: theme.into(),
            leads: Vec::new(),
            status,
            rag,
            comment: "before".into(),
            ..Milestone::sample(id, timeline)
        }
    }

    #[test]
    fn rag_order_is_green_over_amber_over_red() {
        assert_eq!(RagChange::between(Rag::Red, Rag::Amber), RagChange::Better);
        assert_eq!(
            RagChange::between(Rag::Amber, Rag::Green),
            RagChange::Better
        );
        assert_eq!(RagChange::between(Rag::Green, Rag::Red), RagChange::Worse);
        assert_eq!(RagChange::between(Rag::Amber, Rag::Red), RagChange::Worse);
        assert_eq!(RagChange::between(Rag::Amber, Rag::Amber), RagChange::Same);
        assert_eq!(
            serde_json::to_string(&RagChange::Better).unwrap(),
            "\"better\""
        );
    }

    #[test]
    fn reports_only_what_moved() {
        let from = [
            milestone(1, "T1", "Sep 19", Status::InProgress, Rag::Amber),
            milestone(2, "T1", "Sep 19", Status::InProgress, Rag::Amber),
            milestone(3, "T2", "Jan 20", Status::InProgress, Rag::Amber),
            milestone(4, "T2", "Jan 20", Status::InProgress, Rag::Green),
            milestone(5, "T2", "Jan 20", Status::InProgress, Rag::Green),
        ];
        let mut to = from.to_vec();
        to[0].rag = Rag::Red;
        to[1].comment = "only the comment changed".into();
        to[2].timeline = Timeline::parse("Mar 20").unwrap().into();
        to[3].status = Status::Complete;
        to.push(milestone(6, "T3", "Jun 20", Status::NotStarted, Rag::Green));
        let rows = movement(&from, &to);
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        assert_eq!(ids, vec![1, 3, 4, 6]);
        assert_eq!(rows[0].rag_change, RagChange::Worse);
        assert!(rows[1].retargeted && !rows[1].added);
        assert!(rows[2].newly_complete() && rows[2].status_changed());
        assert_eq!(rows[2].rag_change, RagChange::Same);
        assert!(rows[3].added && rows[3].rag_from.is_none());
        let counts = movement_by_theme(&rows);
        let summary: Vec<(&str, usize, usize, usize, usize, usize)> = counts
            .iter()
            .map(|c| {
                (
                    c.theme.as_str(),
                    c.changed,
                    c.worse,
                    c.newly_complete,
                    c.retargeted,
                    c.added,
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                ("T1", 1, 1, 0, 0, 0),
                ("T2", 2, 0, 1, 1, 0),
                ("T3", 1, 0, 0, 0, 1)
            ]
        );
        let total = movement_total(&counts);
        assert_eq!(
            (
                total.theme.as_str(),
                total.changed,
                total.worse,
                total.newly_complete,
                total.retargeted,
                total.added
            ),
            ("Total", 4, 1, 1, 1, 1)
        );
    }

    #[test]
    fn json_has_exactly_the_documented_fields() {
        let from = [milestone(1, "T1", "Sep 19", Status::InProgress, Rag::Amber)];
        let mut to = from.to_vec();
        to[0].rag = Rag::Green;
        let json = serde_json::to_value(movement(&from, &to)).unwrap();
        assert_eq!(
            json,
            serde_json::json!([{
                "id": 1, "milestone": "m1", "theme": "T1",
                "rag_from": "A", "rag_to": "G", "rag_change": "better",
                "status_from": "in progress", "status_to": "in progress",
                "retargeted": false, "added": false, "retired": false,
                "edited": false, "reassigned": false,
                "timeline_from": "Sep 19", "timeline_to": "Sep 19"
            }])
        );
    }
}
