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

use crate::appendix::AppendixReading;

use crate::csvio::read::preview;
use crate::model::draft::{MilestoneDraft, PlanDraft};
use crate::model::lead::lead_key;
use crate::model::words::{comparable, one_spaced};
use crate::model::{Rag, Status, Target};
use crate::store::Milestone;

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

/// Step 1: a reference on exactly one row and exactly one milestone.
fn match_by_reference(
    milestones: &[Milestone],
    rows: &[FileRow],
    matches: &mut [Option<(usize, MatchedBy)>],
    taken: &mut [bool],
) {
    let reference = |text: &Option<String>| {
        text.as_deref()
            .map(comparable)
            .filter(|reference| !reference.is_empty())
    };
    let plan_refs: Vec<Option<String>> =
        milestones.iter().map(|m| reference(&m.reference)).collect();
    let file_refs: Vec<Option<String>> = rows
        .iter()
        .map(|r| reference(&r.milestone.reference))
        .collect();
    if plan_refs.iter().all(Option::is_none) || file_refs.iter().all(Option::is_none) {
        return;
    }
    for (r, file_ref) in file_refs.iter().enumerate() {
        let Some(file_ref) = file_ref else { continue };
        let on_rows = file_refs
            .iter()
            .filter(|f| f.as_ref() == Some(file_ref))
            .count();
        let on_milestones: Vec<usize> = (0..milestones.len())
            .filter(|&m| plan_refs[m].as_ref() == Some(file_ref))
            .collect();
        if let [m] = on_milestones[..]
            && on_rows == 1
            && !taken[m]
        {
            matches[r] = Some((m, MatchedBy::Reference));
            taken[m] = true;
        }
    }
}

/// Step 2: the same theme, action and milestone text; then the same
/// milestone text alone, when only one row and one milestone have it.
fn match_by_text(
    milestones: &[Milestone],
    rows: &[FileRow],
    matches: &mut [Option<(usize, MatchedBy)>],
    taken: &mut [bool],
) {
    let plan_details: Vec<String> = milestones.iter().map(|m| comparable(&m.detail)).collect();
    let row_details: Vec<String> = rows
        .iter()
        .map(|r| comparable(&r.milestone.detail))
        .collect();
    let plan_places: Vec<(String, String)> = milestones
        .iter()
        .map(|m| (comparable(&m.theme), comparable(&m.action)))
        .collect();
    let row_places: Vec<(String, String)> = rows
        .iter()
        .map(|r| (comparable(&r.theme), comparable(&r.action)))
        .collect();
    for r in 0..rows.len() {
        if matches[r].is_some() {
            continue;
        }
        let same: Vec<usize> = (0..milestones.len())
            .filter(|&m| {
                !taken[m] && plan_details[m] == row_details[r] && plan_places[m] == row_places[r]
            })
            .collect();
        if let [m] = same[..] {
            matches[r] = Some((m, MatchedBy::Text));
            taken[m] = true;
        }
    }
    for r in 0..rows.len() {
        if matches[r].is_some() {
            continue;
        }
        let same_rows = (0..rows.len())
            .filter(|&o| matches[o].is_none() && row_details[o] == row_details[r])
            .count();
        let same: Vec<usize> = (0..milestones.len())
            .filter(|&m| !taken[m] && plan_details[m] == row_details[r])
            .collect();
        if let [m] = same[..]
            && same_rows == 1
        {
            matches[r] = Some((m, MatchedBy::Text));
            taken[m] = true;
        }
    }
}

/// The rows no earlier step matched that are a retired milestone: for each
/// row, the index in `retired` of the milestone with its reference, else
/// with its theme, action and text, else with its text under its theme and
/// action as the file rewords them (`renames`; the theme only when the file
/// has a theme column), or under an action the plan does not have (the file
/// may reword an action whose only milestone was retired), compared as step 2
/// compares them. A row with a retired milestone's text under another of the
/// plan's actions is not that milestone.
fn match_retired(
    milestones: &[Milestone],
    retired: &[RetiredMilestone],
    rows: &[FileRow],
    matches: &[Option<(usize, MatchedBy)>],
    renames: &Renames,
    columns: FileColumns,
) -> Vec<Option<usize>> {
    rows.iter()
        .zip(matches)
        .map(|(row, found)| {
            if found.is_some() {
                return None;
            }
            let reference = row
                .milestone
                .reference
                .as_deref()
                .map(comparable)
                .filter(|reference| !reference.is_empty());
            let detail = comparable(&row.milestone.detail);
            let theme = comparable(&row.theme);
            let action = comparable(&row.action);
            let same_reference = |m: &Milestone| {
                reference.is_some() && m.reference.as_deref().map(comparable) == reference
            };
            let same_text = |m: &Milestone| comparable(&m.detail) == detail;
            let same_place_and_text = |m: &Milestone| {
                same_text(m) && comparable(&m.theme) == theme && comparable(&m.action) == action
            };
            let an_action_of_the_plan = milestones.iter().any(|m| {
                comparable(&m.action) == action
                    || comparable(renames.action(&m.theme, &m.action)) == action
            });
            let under_its_place = |m: &Milestone| {
                let same_theme = !columns.theme
                    || comparable(&m.theme) == theme
                    || comparable(renames.theme(&m.theme)) == theme;
                let same_action = comparable(&m.action) == action
                    || comparable(renames.action(&m.theme, &m.action)) == action;
                (same_theme && same_action) || !an_action_of_the_plan
            };
            retired
                .iter()
                .position(|r| same_reference(&r.milestone))
                .or_else(|| {
                    retired
                        .iter()
                        .position(|r| same_place_and_text(&r.milestone))
                })
                .or_else(|| {
                    retired
                        .iter()
                        .position(|r| same_text(&r.milestone) && under_its_place(&r.milestone))
                })
        })
        .collect()
}

/// The plan positions strictly between which row `r` lies: those of the
/// milestones of the nearest matched rows above and below it.
fn gap(matches: &[Option<(usize, MatchedBy)>], r: usize, milestone_count: usize) -> (usize, usize) {
    let above = matches[..r]
        .iter()
        .rev()
        .find_map(|m| m.map(|(m, _)| m + 1))
        .unwrap_or(0);
    let below = matches[r + 1..]
        .iter()
        .find_map(|m| m.map(|(m, _)| m))
        .unwrap_or(milestone_count);
    (above, below)
}

/// Step 3: a row between two matched rows, matched to the one similar
/// milestone between theirs, when no other unmatched row there is like it.
/// Rows that are a retired milestone (`retired_rows`) take no part.
fn match_by_position(
    milestones: &[Milestone],
    rows: &[FileRow],
    retired_rows: &[Option<usize>],
    matches: &mut [Option<(usize, MatchedBy)>],
    taken: &mut [bool],
) {
    let similar = |r: usize, m: usize| {
        similarity(&rows[r].milestone.detail, &milestones[m].detail) >= SIMILAR_ENOUGH
    };
    for r in 0..rows.len() {
        if matches[r].is_some() || retired_rows[r].is_some() {
            continue;
        }
        let (from, to) = gap(matches, r, milestones.len());
        let candidates: Vec<usize> = (from..to.max(from))
            .filter(|&m| !taken[m] && similar(r, m))
            .collect();
        let [m] = candidates[..] else { continue };
        let rivals = (0..rows.len()).any(|o| {
            if o == r || matches[o].is_some() || retired_rows[o].is_some() {
                return false;
            }
            let (from, to) = gap(matches, o, milestones.len());
            (from..to).contains(&m) && similar(o, m)
        });
        if !rivals {
            matches[r] = Some((m, MatchedBy::Position));
            taken[m] = true;
        }
    }
}

/// The themes and actions the file rewords: a plan theme (or action) whose
/// matched rows all give one other text for it, when no other theme of the
/// plan (no other action of its theme) already reads so: rows giving the
/// name of another theme or action were moved there in the file, which
/// `--update` lists as not moved. Themes only when the file has them.
struct Renames {
    /// Plan theme name -> the file's name for it.
    themes: HashMap<String, String>,
    /// (plan theme, plan action) -> the file's text for the action.
    actions: HashMap<(String, String), String>,
}

impl Renames {
    fn find(
        milestones: &[Milestone],
        rows: &[FileRow],
        matches: &[Option<(usize, MatchedBy)>],
        columns: FileColumns,
    ) -> Renames {
        let mut theme_texts: HashMap<String, Vec<String>> = HashMap::new();
        let mut action_texts: HashMap<(String, String), Vec<String>> = HashMap::new();
        for (r, found) in matches.iter().enumerate() {
            let Some((m, _)) = found else { continue };
            let milestone = &milestones[*m];
            let texts = theme_texts.entry(milestone.theme.clone()).or_default();
            let theme = one_spaced(&rows[r].theme);
            if !texts.contains(&theme) {
                texts.push(theme);
            }
            let texts = action_texts
                .entry((milestone.theme.clone(), milestone.action.clone()))
                .or_default();
            let action = one_spaced(&rows[r].action);
            if !texts.contains(&action) {
                texts.push(action);
            }
        }
        let renamed = |now: &str, texts: Vec<String>| match &texts[..] {
            [one] if *one != one_spaced(now) => Some(one.clone()),
            _ => None,
        };
        let another_theme_has = |theme: &str, name: &str| {
            milestones
                .iter()
                .any(|m| m.theme != theme && comparable(&m.theme) == comparable(name))
        };
        let another_action_has = |(theme, action): &(String, String), text: &str| {
            milestones.iter().any(|m| {
                m.theme == *theme
                    && m.action != *action
                    && comparable(&m.action) == comparable(text)
            })
        };
        let themes = if columns.theme {
            theme_texts
                .into_iter()
                .filter_map(|(theme, texts)| renamed(&theme, texts).map(|new| (theme, new)))
                .filter(|(theme, new)| !another_theme_has(theme, new))
                .collect()
        } else {
            HashMap::new()
        };
        Renames {
            themes,
            actions: action_texts
                .into_iter()
                .filter_map(|(key, texts)| renamed(&key.1, texts).map(|new| (key, new)))
                .filter(|(key, new)| !another_action_has(key, new))
                .collect(),
        }
    }

    /// The theme's name once the file's rewording is recorded.
    fn theme<'a>(&'a self, theme: &'a str) -> &'a str {
        self.themes.get(theme).map_or(theme, String::as_str)
    }

    /// The action's text once the file's rewording is recorded.
    fn action<'a>(&'a self, theme: &str, action: &'a str) -> &'a str {
        self.actions
            .get(&(theme.to_string(), action.to_string()))
            .map_or(action, String::as_str)
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

/// A text shortened to one line of at most 60 characters, for a change line.
pub fn short(text: &str) -> String {
    preview(&one_spaced(text))
}

/// Leads as a change line shows them: "Ann Lead; Bob Lead".
fn leads_words(leads: &[String]) -> String {
    if leads.is_empty() {
        "none".to_string()
    } else {
        leads.join("; ")
    }
}

impl Change {
    /// The change as one line of the list `import --update` prints, such as
    /// `milestone 4 "Structures agreed": RAG A -> G`.
    pub fn line(&self) -> String {
        match self {
            Change::Update {
                milestone_id,
                detail,
                rag,
                status,
                comment,
                timeline,
                ..
            } => {
                let mut parts = Vec::new();
                if let Some(rag) = rag {
                    parts.push(format!(
                        "RAG {} -> {}",
                        rag.before.label(),
                        rag.after.label()
                    ));
                }
                if let Some(status) = status {
                    parts.push(format!("status {} -> {}", status.before, status.after));
                }
                if let Some(timeline) = timeline {
                    parts.push(format!(
                        "timeline {} -> {}",
                        timeline.before, timeline.after
                    ));
                }
                if let Some(comment) = comment {
                    parts.push(format!(
                        "comment {:?} -> {:?}",
                        short(&comment.before),
                        short(&comment.after)
                    ));
                }
                format!(
                    "milestone {milestone_id} {:?}: {}",
                    short(detail),
                    parts.join(", ")
                )
            }
            Change::Edit {
                milestone_id,
                detail,
                new_detail,
                reference,
                leads,
                action,
                theme,
                ..
            } => {
                let mut parts = Vec::new();
                if let Some(text) = new_detail {
                    parts.push(format!("text -> {:?}", short(&text.after)));
                }
                if let Some(reference) = reference {
                    parts.push(format!(
                        "reference {:?} -> {:?}",
                        reference.before, reference.after
                    ));
                }
                if let Some(leads) = leads {
                    parts.push(format!(
                        "leads {} -> {}",
                        leads_words(&leads.before),
                        leads_words(&leads.after)
                    ));
                }
                if let Some(action) = action {
                    parts.push(format!(
                        "action {:?} -> {:?}",
                        short(&action.before),
                        short(&action.after)
                    ));
                }
                if let Some(theme) = theme {
                    parts.push(format!(
                        "theme {:?} -> {:?}",
                        short(&theme.before),
                        short(&theme.after)
                    ));
                }
                format!(
                    "milestone {milestone_id} {:?}: {}",
                    short(detail),
                    parts.join(", ")
                )
            }
            Change::Add {
                row,
                theme,
                action,
                milestone,
                after,
            } => {
                let place = match after {
                    Some(id) => format!(", after milestone {id}"),
                    None => String::new(),
                };
                format!(
                    "add row {row} {:?} under {:?} › {:?}{place}",
                    short(&milestone.detail),
                    short(theme),
                    short(action)
                )
            }
            Change::CannotMatch {
                row,
                detail,
                closest,
            } => {
                let like = match closest {
                    Some((id, text)) => {
                        format!(" (like milestone {id} {:?}; not added)", short(text))
                    }
                    None => " (not added)".to_string(),
                };
                format!("cannot match row {row} {:?}{like}", short(detail))
            }
            Change::NotMoved {
                row,
                milestone_id,
                detail,
                theme,
                action,
            } => format!(
                "not moved: milestone {milestone_id} {:?} is under {:?} › {:?} in row {row} (--update does not move milestones: actionplan milestone move {milestone_id} --to-action ...)",
                short(detail),
                short(theme),
                short(action)
            ),
            Change::Blocked { row, detail, why } => {
                format!("cannot record row {row} {:?}: {why}", short(detail))
            }
            Change::Retired {
                row,
                detail,
                milestone_id,
                retired_on,
            } => format!(
                "retired: row {row} {:?} is milestone {milestone_id}, retired on {retired_on} \
                 (not added; retract its retirement to bring it back)",
                short(detail)
            ),
            Change::Missing {
                milestone_id,
                detail,
                maybe_row: None,
            } => format!(
                "missing {milestone_id} {:?} (kept; --retire-missing retires it)",
                short(detail)
            ),
            Change::Missing {
                milestone_id,
                detail,
                maybe_row: Some(row),
            } => format!(
                "missing {milestone_id} {:?} (kept: row {row} may be it)",
                short(detail)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
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
            vec![
                "missing 2 \"Update terms of reference to reflect changed arrangements\" (kept; --retire-missing retires it)"
            ]
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
                "not moved: milestone 4 \"Staff briefing sessions held in every locality\" is under \"t\" › \"b\" in row 5 (--update does not move milestones: actionplan milestone move 4 --to-action ...)"
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
                "not moved: milestone 4 \"Staff briefing sessions held in every locality\" is under \"t\" › \"a\" in row 5 (--update does not move milestones: actionplan milestone move 4 --to-action ...)"
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
}
