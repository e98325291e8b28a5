//! Bringing an edited appendix back (`import --update`): the rows of an
//! appendix file matched to a plan's current milestones, and every difference
//! turned into a typed change. Pure: no database, no printing; the command
//! reads the file and the plan, calls [`reconcile`], prints the changes and
//! records them.
//!
//! A row is matched to a milestone, in this order (each step only among the
//! rows and milestones no earlier step matched):
//!
//! 1. by reference, when the file and the plan both have references and the
//!    reference is on exactly one row and exactly one milestone;
//! 2. by theme, action and milestone text together, compared with spaces
//!    normalised and case ignored, when exactly one milestone reads so;
//!    then by milestone text alone, when exactly one row and one milestone
//!    read so (a theme or action reworded in the file);
//! 3. by position: a row lying between two matched rows is matched to the one
//!    milestone lying between their milestones whose text is similar
//!    ([`SIMILAR_ENOUGH`] or more, see [`similarity`]), when no other
//!    unmatched row there is similar to that milestone.
//!
//! A row still unmatched is new when no milestone of the plan is similar to
//! it; otherwise it "cannot match" and is left out, never guessed. Before
//! step 3, a row no step matched that is one of the plan's retired
//! milestones (by reference, by theme, action and text, or by text under its
//! theme and action as the file rewords them) is listed as retired and
//! changes nothing: it is never added again. A row with a retired
//! milestone's text under another action is matched as any other row.
//!
//! Only the fields the file has a column for are compared ([`FileColumns`]).

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::io::appendix::AppendixReading;

use crate::io::csvio::read::preview;
use crate::model::Milestone;
use crate::model::draft::{MilestoneDraft, PlanDraft};
use crate::model::lead::lead_key;
use crate::model::words::{comparable, one_spaced};
use crate::model::{Rag, Status, Target};

mod lines;
mod matching;
#[cfg(test)]
mod tests;

pub use lines::short;
use matching::{Renames, match_by_position, match_by_reference, match_by_text, match_retired};

/// The similarity (see [`similarity`]) at or above which two milestone texts
/// are taken as the same milestone reworded.
pub const SIMILAR_ENOUGH: f64 = 0.6;

/// How alike two texts are, from 0 (nothing alike) to 1 (the same): the
/// Sørensen–Dice coefficient of their pairs of adjacent characters, with case
/// ignored and spaces normalised. "Tier 3 post holders in place" and "Tier 3
/// post holders in post" score about 0.8; unrelated milestones under 0.3.
pub fn similarity(a: &str, b: &str) -> f64 {
    strsim::sorensen_dice(&comparable(a), &comparable(b))
}

/// A retired milestone of the plan, with the day it was retired: a row that
/// is one of these is listed, not added again.
#[derive(Debug, Clone, PartialEq)]
pub struct RetiredMilestone {
    /// The milestone as it was when retired.
    pub milestone: Milestone,
    /// The day it was retired.
    pub retired_on: NaiveDate,
}

/// Which fields the file has a column for. A field without a column is not
/// compared: the importer reads it as blank (a comment), not rated (a RAG)
/// or the plan's name (a theme), which says nothing about the milestone.
/// Milestone text, leads and timeline always have a column; a reference is
/// compared only where the file gives one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileColumns {
    /// A theme column, or section heading rows naming the themes.
    pub theme: bool,
    /// A comment column.
    pub comment: bool,
    /// A RAG column.
    pub rag: bool,
}

impl FileColumns {
    /// Every column: a file as `export` writes it.
    pub fn all() -> FileColumns {
        FileColumns {
            theme: true,
            comment: true,
            rag: true,
        }
    }

    /// The columns the importer found in the file.
    pub fn of_reading(reading: &AppendixReading) -> FileColumns {
        let has = |field: &str| reading.mapping.iter().any(|(name, _)| *name == field);
        FileColumns {
            theme: has("theme") || !reading.headings.is_empty(),
            comment: has("comment"),
            rag: has("rag"),
        }
    }
}

/// One milestone row of the file, with the theme and action it sits under.
#[derive(Debug, Clone, PartialEq)]
pub struct FileRow {
    /// The row as the file numbers it.
    pub row: usize,
    /// Its theme as the file gives it.
    pub theme: String,
    /// Its action as the file gives it.
    pub action: String,
    /// The milestone as read.
    pub milestone: MilestoneDraft,
}

/// The draft's milestones in file order, each with its row number
/// (`row_numbers` in the same order; a missing number counts the milestones
/// from 1).
pub fn file_rows(draft: &PlanDraft, row_numbers: &[usize]) -> Vec<FileRow> {
    let mut rows = Vec::new();
    for theme in &draft.themes {
        for action in &theme.actions {
            for milestone in &action.milestones {
                let row = row_numbers
                    .get(rows.len())
                    .copied()
                    .unwrap_or(rows.len() + 1);
                rows.push(FileRow {
                    row,
                    theme: theme.name.clone(),
                    action: action.text.clone(),
                    milestone: milestone.clone(),
                });
            }
        }
    }
    rows
}

/// A value before and after.
#[derive(Debug, Clone, PartialEq)]
pub struct Changed<T> {
    /// The plan's current value.
    pub before: T,
    /// The file's value.
    pub after: T,
}

/// One difference between the file and the plan, or one thing about the
/// file the command must report.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// A matched milestone whose RAG, status, comment or timeline differs:
    /// one progress update.
    Update {
        /// The row.
        row: usize,
        /// The milestone.
        milestone_id: i64,
        /// Its text now.
        detail: String,
        /// A new RAG.
        rag: Option<Changed<Rag>>,
        /// A new status.
        status: Option<Changed<Status>>,
        /// A new comment.
        comment: Option<Changed<String>>,
        /// A new timeline (an update needs a reason for it).
        timeline: Option<Changed<Target>>,
    },
    /// A matched milestone whose wording or leads differ, or whose theme or
    /// action the file rewords (for every milestone under it): one edit.
    Edit {
        /// The row.
        row: usize,
        /// The milestone.
        milestone_id: i64,
        /// Its text now.
        detail: String,
        /// New milestone text.
        new_detail: Option<Changed<String>>,
        /// New reference (only when the file gives one).
        reference: Option<Changed<String>>,
        /// New leads, in order.
        leads: Option<Changed<Vec<String>>>,
        /// New text of its action.
        action: Option<Changed<String>>,
        /// New name of its theme.
        theme: Option<Changed<String>>,
    },
    /// A row like no milestone of the plan: a new milestone.
    Add {
        /// The row.
        row: usize,
        /// The theme it goes under: the plan's own spelling when the plan has it.
        theme: String,
        /// The action it goes under: the plan's own spelling when the plan has it.
        action: String,
        /// The milestone as read.
        milestone: MilestoneDraft,
        /// The milestone it follows (that of the nearest matched row above it
        /// under the same action), or None for the end of its action.
        after: Option<i64>,
    },
    /// A row like some milestone that no rule matched it to: left out.
    CannotMatch {
        /// The row.
        row: usize,
        /// Its milestone text.
        detail: String,
        /// The most similar milestone of the plan: id and text.
        closest: Option<(i64, String)>,
    },
    /// A matched row the file places under another theme or action, where
    /// the other rows of its plan action stay: moving is not done here.
    NotMoved {
        /// The row.
        row: usize,
        /// The milestone.
        milestone_id: i64,
        /// Its text now.
        detail: String,
        /// The theme the file gives.
        theme: String,
        /// The action the file gives.
        action: String,
    },
    /// A row whose difference cannot be recorded; the command refuses the
    /// whole file with it.
    Blocked {
        /// The row.
        row: usize,
        /// Its milestone text.
        detail: String,
        /// What cannot be recorded, and why.
        why: String,
    },
    /// A row that is a retired milestone of the plan: not added again.
    Retired {
        /// The row.
        row: usize,
        /// Its milestone text.
        detail: String,
        /// The retired milestone.
        milestone_id: i64,
        /// The day it was retired.
        retired_on: NaiveDate,
    },
    /// A milestone of the plan no row matched.
    Missing {
        /// The milestone.
        milestone_id: i64,
        /// Its text.
        detail: String,
        /// The row that cannot match but is most like this milestone (so
        /// may be it): the milestone is then never retired as missing.
        maybe_row: Option<usize>,
    },
}

/// What reconciling a file with a plan found.
#[derive(Debug, Clone, PartialEq)]
pub struct Reconciliation {
    /// The changes in file order (missing milestones last, in plan order).
    pub changes: Vec<Change>,
    /// How many of the plan's milestones a row matched.
    pub matched: usize,
    /// How many of those by reference.
    pub by_reference: usize,
    /// How many by their text.
    pub by_text: usize,
    /// How many by their position and similar text.
    pub by_position: usize,
    /// How many milestones the plan has.
    pub milestones: usize,
    /// How many milestone rows the file has.
    pub rows: usize,
}

impl Reconciliation {
    /// Whether the file matches so little of the plan (under half its
    /// milestones) that it is probably another plan's file.
    pub fn looks_like_another_plan(&self) -> bool {
        self.matched * 2 < self.milestones
    }
}

/// How a row was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MatchedBy {
    Reference,
    Text,
    Position,
}

/// Matches the file's rows to the plan's current milestones (in plan
/// order), and its other rows to the plan's retired milestones, and lists
/// every difference in the fields the file has `columns` for; see the module
/// documentation for the rules.
pub fn reconcile(
    milestones: &[Milestone],
    retired: &[RetiredMilestone],
    rows: &[FileRow],
    columns: FileColumns,
) -> Reconciliation {
    let mut matches: Vec<Option<(usize, MatchedBy)>> = vec![None; rows.len()];
    let mut taken = vec![false; milestones.len()];
    match_by_reference(milestones, rows, &mut matches, &mut taken);
    match_by_text(milestones, rows, &mut matches, &mut taken);
    // The rewordings the rows matched so far show, for the retired milestones.
    let renames_so_far = Renames::find(milestones, rows, &matches, columns);
    let retired_rows = match_retired(
        milestones,
        retired,
        rows,
        &matches,
        &renames_so_far,
        columns,
    );
    match_by_position(milestones, rows, &retired_rows, &mut matches, &mut taken);

    let renames = Renames::find(milestones, rows, &matches, columns);
    let mut reworded = Vec::new();
    let mut changes = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        if let Some((m, _)) = matches[r] {
            changes.extend(differences(
                &milestones[m],
                row,
                &renames,
                columns,
                &mut reworded,
            ));
        } else if let Some(i) = retired_rows[r] {
            changes.push(Change::Retired {
                row: row.row,
                detail: row.milestone.detail.clone(),
                milestone_id: retired[i].milestone.id,
                retired_on: retired[i].retired_on,
            });
        } else {
            changes.push(unmatched_row(milestones, rows, &matches, &renames, r));
        }
    }
    // A milestone a cannot-match row is most like may be that row: it is
    // listed with it, so that it is not retired as missing.
    let mut maybe_rows: HashMap<i64, usize> = HashMap::new();
    for change in &changes {
        if let Change::CannotMatch {
            row,
            closest: Some((milestone_id, _)),
            ..
        } = change
        {
            maybe_rows.entry(*milestone_id).or_insert(*row);
        }
    }
    for (m, milestone) in milestones.iter().enumerate() {
        if !taken[m] {
            changes.push(Change::Missing {
                milestone_id: milestone.id,
                detail: milestone.detail.clone(),
                maybe_row: maybe_rows.get(&milestone.id).copied(),
            });
        }
    }
    let count_by = |by: MatchedBy| {
        matches
            .iter()
            .filter(|m| m.is_some_and(|(_, b)| b == by))
            .count()
    };
    Reconciliation {
        changes,
        matched: taken.iter().filter(|t| **t).count(),
        by_reference: count_by(MatchedBy::Reference),
        by_text: count_by(MatchedBy::Text),
        by_position: count_by(MatchedBy::Position),
        milestones: milestones.len(),
        rows: rows.len(),
    }
}

/// The changes one matched row makes to its milestone, in the fields the
/// file has `columns` for. A theme or action the file rewords is recorded
/// once, with the first of its rows: `reworded` holds the themes (`None`,
/// name) and actions (theme, text) already done.
fn differences(
    milestone: &Milestone,
    row: &FileRow,
    renames: &Renames,
    columns: FileColumns,
    reworded: &mut Vec<(Option<String>, String)>,
) -> Vec<Change> {
    let file = &row.milestone;
    let mut changes = Vec::new();
    let changed = |before: &str, after: &str| {
        (one_spaced(before) != one_spaced(after)).then(|| Changed {
            before: before.to_string(),
            after: after.trim().to_string(),
        })
    };
    let new_detail = changed(&milestone.detail, &file.detail);
    let reference = file
        .reference
        .as_deref()
        .and_then(|new| changed(milestone.reference.as_deref().unwrap_or(""), new));
    let leads = if file.leads.is_empty() {
        if !milestone.leads.is_empty() {
            changes.push(Change::Blocked {
                row: row.row,
                detail: file.detail.clone(),
                why: "its Lead cell is blank: a milestone keeps at least one lead".to_string(),
            });
        }
        None
    } else {
        let keys = |leads: &[String]| leads.iter().map(|l| lead_key(l)).collect::<Vec<_>>();
        (keys(&milestone.leads) != keys(&file.leads)).then(|| Changed {
            before: milestone.leads.clone(),
            after: file.leads.clone(),
        })
    };
    let theme_key = (None, milestone.theme.clone());
    let theme = match renames.themes.get(&milestone.theme) {
        Some(new) if !reworded.contains(&theme_key) => {
            reworded.push(theme_key);
            Some(Changed {
                before: milestone.theme.clone(),
                after: new.clone(),
            })
        }
        _ => None,
    };
    let action_key = (Some(milestone.theme.clone()), milestone.action.clone());
    let action = match renames
        .actions
        .get(&(milestone.theme.clone(), milestone.action.clone()))
    {
        Some(new) if !reworded.contains(&action_key) => {
            reworded.push(action_key);
            Some(Changed {
                before: milestone.action.clone(),
                after: new.clone(),
            })
        }
        _ => None,
    };
    if new_detail.is_some()
        || reference.is_some()
        || leads.is_some()
        || theme.is_some()
        || action.is_some()
    {
        changes.push(Change::Edit {
            row: row.row,
            milestone_id: milestone.id,
            detail: milestone.detail.clone(),
            new_detail,
            reference,
            leads,
            action,
            theme,
        });
    }
    let mut timeline = (file.timeline != milestone.timeline).then_some(Changed {
        before: milestone.timeline,
        after: file.timeline,
    });
    if let Some(Changed { after, .. }) = &timeline
        && after.timeline().is_none()
    {
        changes.push(Change::Blocked {
            row: row.row,
            detail: file.detail.clone(),
            why: format!(
                "its timeline reads {:?} (was {}): an update records a new target date \
                 (such as Mar 20 or Q1 2020/21), not a word",
                after.to_string(),
                milestone.timeline
            ),
        });
        timeline = None;
    }
    let rag = (columns.rag && file.rag != milestone.rag).then_some(Changed {
        before: milestone.rag,
        after: file.rag,
    });
    let status = status_change(milestone, file);
    let comment = if columns.comment {
        changed(&milestone.comment, &file.comment)
    } else {
        None
    };
    if rag.is_some() || status.is_some() || comment.is_some() || timeline.is_some() {
        changes.push(Change::Update {
            row: row.row,
            milestone_id: milestone.id,
            detail: milestone.detail.clone(),
            rag,
            status,
            comment,
            timeline,
        });
    }
    let theme_moved =
        columns.theme && one_spaced(&row.theme) != one_spaced(renames.theme(&milestone.theme));
    let action_moved =
        one_spaced(&row.action) != one_spaced(renames.action(&milestone.theme, &milestone.action));
    if theme_moved || action_moved {
        changes.push(Change::NotMoved {
            row: row.row,
            milestone_id: milestone.id,
            detail: milestone.detail.clone(),
            theme: row.theme.clone(),
            action: row.action.clone(),
        });
    }
    changes
}

/// The status change a row records. A status read from the row's Status
/// cell is recorded as it reads. Without one, the importer infers the status
/// (complete from a Blue or "Complete" RAG or a comment starting "Complete",
/// in progress otherwise), and an inferred status is recorded only when it
/// completes or closes an open milestone: never to reopen a finished one,
/// nor between not started and in progress.
fn status_change(milestone: &Milestone, file: &MilestoneDraft) -> Option<Changed<Status>> {
    if file.status == milestone.status {
        return None;
    }
    let from_status_cell = file.status_word.is_some();
    let is_open = |status: Status| matches!(status, Status::NotStarted | Status::InProgress);
    let finishes_open_milestone = is_open(milestone.status) && !is_open(file.status);
    (from_status_cell || finishes_open_milestone).then_some(Changed {
        before: milestone.status,
        after: file.status,
    })
}

/// What an unmatched row is: new when no milestone of the plan is like it,
/// otherwise one that cannot be matched (or, new, one that cannot be added).
fn unmatched_row(
    milestones: &[Milestone],
    rows: &[FileRow],
    matches: &[Option<(usize, MatchedBy)>],
    renames: &Renames,
    r: usize,
) -> Change {
    let row = &rows[r];
    let closest = milestones
        .iter()
        .map(|m| (similarity(&row.milestone.detail, &m.detail), m))
        .max_by(|a, b| a.0.total_cmp(&b.0));
    if let Some((score, milestone)) = closest
        && score >= SIMILAR_ENOUGH
    {
        return Change::CannotMatch {
            row: row.row,
            detail: row.milestone.detail.clone(),
            closest: Some((milestone.id, milestone.detail.clone())),
        };
    }
    if row.milestone.leads.is_empty() {
        return Change::Blocked {
            row: row.row,
            detail: row.milestone.detail.clone(),
            why: "it is new and its Lead cell is blank: a milestone needs at least one lead"
                .to_string(),
        };
    }
    // The plan's own spelling of the theme and action, once reworded, when
    // the plan has them; the file's otherwise (a new theme or action).
    let theme = milestones
        .iter()
        .map(|m| renames.theme(&m.theme))
        .find(|theme| comparable(theme) == comparable(&row.theme))
        .map_or_else(|| row.theme.trim().to_string(), str::to_string);
    let action = milestones
        .iter()
        .filter(|m| renames.theme(&m.theme) == theme)
        .map(|m| renames.action(&m.theme, &m.action))
        .find(|action| comparable(action) == comparable(&row.action))
        .map_or_else(|| row.action.trim().to_string(), str::to_string);
    // After the milestone of the nearest matched row above it under the
    // same action, when that milestone is under this action in the plan.
    let after = (0..r)
        .rev()
        .filter(|&o| {
            comparable(&rows[o].theme) == comparable(&row.theme)
                && comparable(&rows[o].action) == comparable(&row.action)
        })
        .find_map(|o| matches[o].map(|(m, _)| &milestones[m]))
        .filter(|m| {
            renames.theme(&m.theme) == theme && renames.action(&m.theme, &m.action) == action
        })
        .map(|m| m.id);
    Change::Add {
        row: row.row,
        theme,
        action,
        milestone: row.milestone.clone(),
        after,
    }
}
