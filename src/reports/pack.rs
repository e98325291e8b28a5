//! The committee pack: everything a committee paper on the plan holds, as
//! numbers and rows. Building it is pure; `crate::render` writes it as HTML
//! or Markdown, and never recomputes.

use chrono::NaiveDate;

use crate::io::appendix::AppendixTable;
use crate::model::Milestone;
use crate::model::Status;
use crate::reports::rag::total;
use crate::reports::{
    Flag, MilestoneMovement, OverdueMilestone, ThemeMovementCounts, ThemeRagCounts, check,
    movement, movement_by_theme, overdue, rag_counts, with_current_names,
};

/// A committee cycle as the pack names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CycleName {
    /// The cycle's label ("IJB 18 Feb 2020").
    pub label: String,
    /// The day it was closed.
    pub closed_on: NaiveDate,
}

/// One theme's milestones counted by RAG and by status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ThemeSummary {
    /// The theme and its RAG counts (closed milestones counted as closed,
    /// never as R, A or G).
    pub rag: ThemeRagCounts,
    /// Not started.
    pub not_started: usize,
    /// In progress.
    pub in_progress: usize,
    /// Complete.
    pub complete: usize,
    /// Closed (withdrawn, superseded, merged).
    pub closed: usize,
}

impl ThemeSummary {
    /// The theme.
    pub fn theme(&self) -> &str {
        &self.rag.theme
    }

    /// How many milestones have `status`.
    pub fn with_status(&self, status: Status) -> usize {
        match status {
            Status::NotStarted => self.not_started,
            Status::InProgress => self.in_progress,
            Status::Complete => self.complete,
            Status::Closed => self.closed,
        }
    }
}

/// The movement since the previous committee cycle.
#[derive(Debug, Clone, PartialEq)]
pub struct PackMovement {
    /// The cycle compared with.
    pub since: CycleName,
    /// The milestones that moved, in plan order.
    pub rows: Vec<MilestoneMovement>,
    /// Counts of the movement per theme.
    pub by_theme: Vec<ThemeMovementCounts>,
}

impl PackMovement {
    /// Whether any milestone was retired, edited or reassigned: only then do
    /// the counts carry those three columns, so a usual paper's table stays
    /// narrow enough for a portrait page.
    pub fn counts_plan_changes(&self) -> bool {
        self.by_theme
            .iter()
            .any(|theme| theme.retired + theme.edited + theme.reassigned > 0)
    }
}

/// The committee pack of one plan as of a date.
#[derive(Debug, Clone, PartialEq)]
pub struct Pack {
    /// The partnership, when the plan names one.
    pub partnership: Option<String>,
    /// The plan's name.
    pub plan: String,
    /// The date the pack speaks for.
    pub as_of: NaiveDate,
    /// The cycle whose frozen appendix the pack shows, if one was asked for.
    pub cycle: Option<CycleName>,
    /// Counts per theme, in plan order.
    pub summary: Vec<ThemeSummary>,
    /// The appendix table, one row per milestone.
    pub appendix: AppendixTable,
    /// Open milestones past their due date, most overdue first.
    pub overdue: Vec<OverdueMilestone>,
    /// The movement since the previous cycle, when there was one.
    pub movement: Option<PackMovement>,
    /// What `check` flags, in plan order.
    pub flags: Vec<Flag>,
}

impl Pack {
    /// The sum of the theme counts, theme "Total".
    pub fn total(&self) -> ThemeSummary {
        let counts: Vec<ThemeRagCounts> = self.summary.iter().map(|s| s.rag.clone()).collect();
        let mut sum = ThemeSummary {
            rag: ThemeRagCounts {
                theme: "Total".to_string(),
                ..total(&counts)
            },
            ..ThemeSummary::default()
        };
        for theme in &self.summary {
            sum.not_started += theme.not_started;
            sum.in_progress += theme.in_progress;
            sum.complete += theme.complete;
            sum.closed += theme.closed;
        }
        sum
    }

    /// How many milestones the plan has.
    pub fn milestones(&self) -> usize {
        self.appendix.rows.len()
    }
}

/// What a pack is built from: one plan's milestones as the pack shows them
/// (as of the date, or frozen in a cycle), in plan order.
#[derive(Debug, Clone)]
pub struct PackSource<'a> {
    /// The partnership, when the plan names one.
    pub partnership: Option<&'a str>,
    /// The plan's name.
    pub plan: &'a str,
    /// The date the pack speaks for.
    pub as_of: NaiveDate,
    /// The cycle whose frozen milestones these are, if any.
    pub cycle: Option<CycleName>,
    /// The milestones, in plan order.
    pub milestones: &'a [Milestone],
    /// The appendix table of those milestones.
    pub appendix: AppendixTable,
    /// The previous cycle and its frozen milestones, when there is one.
    pub previous: Option<(CycleName, &'a [Milestone])>,
    /// The day the latest cycle before `as_of` closed, for the check's
    /// "no update since the last cycle".
    pub latest_cycle_before: Option<NaiveDate>,
    /// The `lead rename`s recorded after the previous cycle was taken (up to
    /// the pack's own cycle, if any), oldest first, as (before, after):
    /// movement compares the previous cycle's leads under those names.
    pub lead_renames: &'a [(String, String)],
}

/// Builds the pack: the counts, the overdue list, the movement and the flags
/// of the milestones given.
pub fn pack(source: PackSource<'_>) -> Pack {
    let milestones = source.milestones;
    // rag_counts gives one row per run of milestones of one theme, in plan
    // order (a theme name used again further down the plan is a new row):
    // the statuses are counted over the same runs.
    let mut remaining = milestones;
    let summary = rag_counts(milestones)
        .into_iter()
        .map(|rag| {
            let (run, rest) = remaining.split_at(rag.total.min(remaining.len()));
            remaining = rest;
            let mut theme = ThemeSummary::default();
            for m in run {
                match m.status {
                    Status::NotStarted => theme.not_started += 1,
                    Status::InProgress => theme.in_progress += 1,
                    Status::Complete => theme.complete += 1,
                    Status::Closed => theme.closed += 1,
                }
            }
            ThemeSummary { rag, ..theme }
        })
        .collect();
    let movement = source.previous.map(|(since, earlier)| {
        // The earlier cycle's leads under the names they have on the pack's
        // side: a corrected spelling is the same lead, not a reassignment
        // (the tables keep the names each paper showed).
        let mut earlier = earlier.to_vec();
        with_current_names(&mut earlier, source.lead_renames);
        let rows = movement(&earlier, milestones);
        PackMovement {
            since,
            by_theme: movement_by_theme(&rows),
            rows,
        }
    });
    Pack {
        partnership: source.partnership.map(str::to_string),
        plan: source.plan.to_string(),
        as_of: source.as_of,
        cycle: source.cycle,
        summary,
        appendix: source.appendix,
        overdue: overdue(milestones, source.as_of),
        movement,
        flags: check(milestones, source.as_of, source.latest_cycle_before),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::appendix::{AppendixColumns, AppendixRow, appendix_table};
    use crate::model::Rag;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn milestone(id: i64, theme: &str, status: Status, rag: Rag) -> Milestone {
        Milestone {
            theme: theme.into(),
            status,
            rag,
            ..Milestone::sample(id, "Sep 19")
        }
    }

    #[test]
    fn counts_each_theme_by_rag_and_by_status_and_compares_with_the_previous_cycle() {
        let earlier = [
            milestone(1, "T1", Status::InProgress, Rag::Amber),
            milestone(2, "T1", Status::InProgress, Rag::Green),
        ];
        let now = [
            milestone(1, "T1", Status::InProgress, Rag::Red),
            milestone(2, "T1", Status::Complete, Rag::Green),
            milestone(3, "T2", Status::Closed, Rag::Amber),
        ];
        let rows: Vec<AppendixRow> = now.iter().map(AppendixRow::from).collect();
        let columns = AppendixColumns::for_rows(&rows, false);
        let pack = pack(PackSource {
            partnership: Some("P"),
            plan: "NL",
            as_of: date("2020-02-18"),
            cycle: None,
            milestones: &now,
            appendix: appendix_table(&rows, &[], columns),
            previous: Some((
                CycleName {
                    label: "Dec".into(),
                    closed_on: date("2019-12-10"),
                },
                &earlier,
            )),
            latest_cycle_before: Some(date("2019-12-10")),
            lead_renames: &[],
        });
        let themes: Vec<&str> = pack.summary.iter().map(ThemeSummary::theme).collect();
        assert_eq!(themes, ["T1", "T2"]);
        let t1 = &pack.summary[0];
        assert_eq!((t1.rag.red, t1.rag.green, t1.rag.total), (1, 1, 2));
        assert_eq!((t1.in_progress, t1.complete), (1, 1));
        let t2 = &pack.summary[1];
        assert_eq!((t2.rag.amber, t2.rag.closed, t2.closed), (0, 1, 1));
        let total = pack.total();
        assert_eq!((total.rag.total, total.closed, total.complete), (3, 1, 1));
        assert_eq!(pack.milestones(), 3);
        let overdue: Vec<i64> = pack.overdue.iter().map(|o| o.milestone.id).collect();
        assert_eq!(overdue, [1]);
        let moved: Vec<i64> = pack.movement.unwrap().rows.iter().map(|r| r.id).collect();
        assert_eq!(moved, [1, 2, 3]);
    }

    /// Regression: a theme name used again further down the plan is a row
    /// of its own in the RAG counts, but its statuses were counted over
    /// every milestone of that name, so the rows and the total disagreed.
    #[test]
    fn a_theme_name_used_again_counts_its_statuses_in_its_own_row() {
        let now = [
            milestone(1, "Alpha", Status::InProgress, Rag::Amber),
            milestone(2, "Alpha", Status::Complete, Rag::Green),
            milestone(3, "Beta", Status::InProgress, Rag::Green),
            milestone(4, "Alpha", Status::InProgress, Rag::Red),
        ];
        let rows: Vec<AppendixRow> = now.iter().map(AppendixRow::from).collect();
        let columns = AppendixColumns::for_rows(&rows, false);
        let pack = pack(PackSource {
            partnership: None,
            plan: "NL",
            as_of: date("2019-01-01"),
            cycle: None,
            milestones: &now,
            appendix: appendix_table(&rows, &[], columns),
            previous: None,
            latest_cycle_before: None,
            lead_renames: &[],
        });
        let rows: Vec<(&str, usize, usize, usize)> = pack
            .summary
            .iter()
            .map(|t| (t.theme(), t.in_progress, t.complete, t.rag.total))
            .collect();
        assert_eq!(
            rows,
            [("Alpha", 1, 1, 2), ("Beta", 1, 0, 1), ("Alpha", 1, 0, 1)]
        );
        let total = pack.total();
        assert_eq!(
            (total.in_progress, total.complete, total.rag.total),
            (3, 1, 4)
        );
    }
}
