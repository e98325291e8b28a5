//! What each row of a returned file means, decided before anything is written:
//! pure functions over the rows read and the facts the store gave.
//!
//! A row is, in this order of checks:
//! - **already applied** when its return's answer for that milestone was
//!   applied by an earlier import with the same answer (so a second import
//!   applies nothing), or the same answer came earlier in this import (a
//!   duplicate); a different answer is a conflict showing both;
//! - **unchanged** when every answer cell is blank;
//! - **rejected** when an answer is not valid (RAG, status, timeline, a new
//!   timeline without a reason), the id or token is unknown, or the milestone
//!   was not sent in that return, is not one the return's lead shares
//!   (unless `any_lead`), or the import's date is before the milestone's
//!   latest update or the return's date (the answer would not take effect);
//! - **in conflict** when the milestone's history has a newer entry than the
//!   one the row was sent with (unless `force`), or it was answered already
//!   in this import;
//! - **unchanged** too when every answer given is what the plan already
//!   says (a RAG confirmed): an update would change nothing;
//! - otherwise **applied**.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;

use crate::error::{ImportError, Problem};
use crate::io::csvio::columns::{ColumnSpec, match_columns};
use crate::io::returns::columns::{ReturnColumn, ReturnToken};
use crate::io::returns::read::{ReturnedRow, ReturnedSheet};
use crate::io::returns::rows::{ReturnRow, same_lead};
use crate::model::Update;
use crate::model::{Rag, Status, Timeline};

/// The answers a lead typed in one row; `None` where the cell was blank.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Answer {
    /// New RAG.
    pub rag: Option<Rag>,
    /// New status.
    pub status: Option<Status>,
    /// New comment.
    pub comment: Option<String>,
    /// New target timeline.
    pub timeline: Option<Timeline>,
    /// Why the timeline moved.
    pub reason: Option<String>,
}

impl Answer {
    /// The milestone as recording this answer leaves it (Blue on an open
    /// milestone completes it, as the store does).
    pub fn apply_to(&self, current: &mut ReturnRow) {
        if let Some(status) = current.status.set_by_update(self.rag, self.status) {
            current.status = status;
        }
        if let Some(rag) = self.rag {
            current.rag = rag;
        }
        if let Some(comment) = &self.comment {
            current.comment = comment.clone();
        }
        if let Some(timeline) = self.timeline {
            current.timeline = crate::model::Target::from(timeline);
        }
    }

    /// Whether every answer given is what the milestone already says, Blue
    /// on an open milestone (which completes it) counting as a change.
    pub fn changes_nothing(&self, current: &ReturnRow) -> bool {
        self.rag.is_none_or(|rag| rag == current.rag)
            && current
                .status
                .set_by_update(self.rag, self.status)
                .is_none_or(|status| status == current.status)
            && self
                .comment
                .as_ref()
                .is_none_or(|comment| *comment == current.comment)
            && self
                .timeline
                .is_none_or(|timeline| crate::model::Target::from(timeline) == current.timeline)
    }

    /// The answer in words: `RAG R, timeline Jun 20, reason "…", comment "…"`.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(rag) = self.rag {
            parts.push(format!("RAG {rag}"));
        }
        if let Some(status) = self.status {
            parts.push(format!("status {status}"));
        }
        if let Some(timeline) = self.timeline {
            parts.push(format!("timeline {timeline}"));
        }
        if let Some(reason) = &self.reason {
            parts.push(format!("reason {reason:?}"));
        }
        if let Some(comment) = &self.comment {
            parts.push(format!("comment {comment:?}"));
        }
        parts.join(", ")
    }

    /// Whether an update recorded from a return says exactly this.
    fn same_as(&self, update: &Update) -> bool {
        self.rag == update.rag
            && self.status == update.status
            && self.comment == update.comment
            && self.timeline == update.timeline
            && self.reason == update.reason
    }

    /// The answer an update recorded.
    fn of_update(update: &Update) -> Answer {
        Answer {
            rag: update.rag,
            status: update.status,
            comment: update.comment.clone(),
            timeline: update.timeline,
            reason: update.reason.clone(),
        }
    }
}

/// What a returned row comes to.
#[derive(Debug, Clone, PartialEq)]
pub enum RowOutcome {
    /// To be recorded as an update of the milestone, from this return.
    Apply {
        /// The milestone.
        milestone_id: i64,
        /// The return the row came from.
        return_id: i64,
        /// What to record.
        answer: Answer,
        /// Why it is applied although it would not be without leave
        /// (`any_lead` or `force`), if so.
        warning: Option<AppliedAnyway>,
    },
    /// Every answer blank: nothing changes.
    Unchanged,
    /// Applied by an earlier import of this return: not applied again.
    AlreadyApplied {
        /// The milestone.
        milestone_id: i64,
    },
    /// The same answer from the same return, earlier in this import.
    Duplicate {
        /// The milestone.
        milestone_id: i64,
        /// Where it came first: `row N in FILE`.
        first: String,
    },
    /// Not valid, or not to be applied as the import was asked for:
    /// nothing is applied from this row.
    Rejected {
        /// Every problem found in the row's cells and tokens, in words.
        problems: Vec<Problem>,
        /// Why a valid answer cannot be applied as the import was asked for;
        /// each has a way out (leave, another date) the caller words.
        refusals: Vec<Refusal>,
    },
    /// The milestone changed after the return was sent: not applied.
    Conflict {
        /// The milestone.
        milestone_id: i64,
        /// What the return says.
        answer: Answer,
        /// What the plan says now, in words.
        newer: String,
    },
}

/// Why a valid answer is not applied as the import was asked for.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// The return's lead does not lead the milestone (accepted with leave
    /// to take answers about any lead's milestones).
    NotTheirMilestone {
        /// The milestone.
        milestone_id: i64,
        /// The lead the return was sent to.
        lead: String,
        /// The milestone's leads.
        leads: Vec<String>,
    },
    /// The import is dated before the milestone's latest update or the
    /// return's sending: an update dated earlier would not take effect.
    DatedBeforeLatest {
        /// The milestone.
        milestone_id: i64,
        /// The date the import was given.
        on: NaiveDate,
        /// The milestone's latest update or sending.
        latest: NaiveDate,
    },
}

/// Why a row is applied that would not be without leave.
#[derive(Debug, Clone, PartialEq)]
pub enum AppliedAnyway {
    /// The return's lead does not lead the milestone; applied because the
    /// import takes answers about any lead's milestones.
    NotTheirMilestone {
        /// The lead the return was sent to.
        lead: String,
        /// The milestone's leads.
        leads: Vec<String>,
    },
    /// The milestone was updated after the return was sent (or answered
    /// earlier in this import); applied because the import was forced.
    OverNewerUpdate,
}

/// One returned row and what it comes to.
#[derive(Debug, Clone, PartialEq)]
pub struct JudgedRow {
    /// The row as the spreadsheet numbers it.
    pub number: usize,
    /// What it comes to.
    pub outcome: RowOutcome,
}

/// Every row of one returned file, judged.
#[derive(Debug, Clone, PartialEq)]
pub struct FileOutcome {
    /// The file as the user named it.
    pub file: String,
    /// The rows in file order (blank rows left out).
    pub rows: Vec<JudgedRow>,
    /// The known returns the file's tokens name (normally one): the file
    /// counts as received for them even when every answer is blank.
    pub return_ids: BTreeSet<i64>,
}

/// How many rows of a file came to each outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OutcomeCounts {
    /// Recorded as updates.
    pub applied: usize,
    /// Blank answers.
    pub unchanged: usize,
    /// Applied by an earlier import.
    pub already_applied: usize,
    /// Not valid.
    pub rejected: usize,
    /// Updated since the return was sent.
    pub conflicts: usize,
}

impl FileOutcome {
    /// How many rows came to each outcome.
    pub fn counts(&self) -> OutcomeCounts {
        let mut counts = OutcomeCounts::default();
        for row in &self.rows {
            match row.outcome {
                RowOutcome::Apply { .. } => counts.applied += 1,
                RowOutcome::Unchanged => counts.unchanged += 1,
                RowOutcome::AlreadyApplied { .. } | RowOutcome::Duplicate { .. } => {
                    counts.already_applied += 1
                }
                RowOutcome::Rejected { .. } => counts.rejected += 1,
                RowOutcome::Conflict { .. } => counts.conflicts += 1,
            }
        }
        counts
    }
}

/// What the store knows of a milestone, for judging a row about it.
#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneFacts {
    /// Its leads.
    pub leads: Vec<String>,
    /// The id of its latest history entry (0 for none).
    pub latest_entry: i64,
    /// Its current state, as a return would show it.
    pub current: ReturnRow,
}

/// A return the store recorded sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentReturnFacts {
    /// Who it was sent to.
    pub lead: String,
    /// The date it was made for.
    pub as_of: NaiveDate,
}

/// An answer accepted earlier in this import.
#[derive(Debug, Clone, PartialEq)]
struct Answered {
    /// `row N in FILE`.
    place: String,
    /// The return it came from.
    return_id: i64,
    /// What it said.
    answer: Answer,
}

/// The rules' options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Judging {
    /// Apply rows about milestones the return's lead does not share.
    pub any_lead: bool,
    /// Apply rows in conflict, over the newer update.
    pub force: bool,
}

/// What the rules know across the files of one import; it remembers the
/// milestones answered so far, so two answers to one milestone conflict.
#[derive(Debug, Clone, Default)]
pub struct RoundFacts {
    /// Milestones by id.
    pub milestones: HashMap<i64, MilestoneFacts>,
    /// Returns sent, by id.
    pub returns: HashMap<i64, SentReturnFacts>,
    /// Rows sent: (return id, milestone id) to the milestone's latest
    /// history entry id when sent (0 for none).
    pub sent_rows: HashMap<(i64, i64), i64>,
    /// (return id, milestone id) of every row applied by earlier imports,
    /// with the latest update it was applied as.
    pub applied: HashMap<(i64, i64), Update>,
    /// The date the import's updates speak for.
    pub on: NaiveDate,
    /// Milestones retired since, with the day: a row about one is rejected.
    pub retired: HashMap<i64, NaiveDate>,
    /// Milestones answered earlier in this import.
    answered: HashMap<i64, Answered>,
}

impl RoundFacts {
    /// Facts for an import.
    pub fn new(
        milestones: HashMap<i64, MilestoneFacts>,
        returns: HashMap<i64, SentReturnFacts>,
        sent_rows: HashMap<(i64, i64), i64>,
        applied: HashMap<(i64, i64), Update>,
        on: NaiveDate,
    ) -> RoundFacts {
        RoundFacts {
            milestones,
            returns,
            sent_rows,
            applied,
            on,
            retired: HashMap::new(),
            answered: HashMap::new(),
        }
    }
}

/// The columns read from a returned file, with the headers they may go by.
const READ_COLUMNS: [(ReturnColumn, &[&str], bool); 7] = [
    (ReturnColumn::Id, &["milestone id"], true),
    (ReturnColumn::NewRag, &[], false),
    (ReturnColumn::NewStatus, &[], false),
    (ReturnColumn::NewComment, &[], false),
    (ReturnColumn::NewTimeline, &[], false),
    (ReturnColumn::Reason, &["reason"], false),
    (ReturnColumn::Token, &[], true),
];

fn column_specs() -> Vec<ColumnSpec<ReturnColumn>> {
    READ_COLUMNS
        .iter()
        .map(|(column, synonyms, required)| ColumnSpec {
            field: *column,
            name: column.header(),
            header: column.header(),
            synonyms,
            required: *required,
        })
        .collect()
}

/// Judges every row of one returned file. A file whose headers lack the ID
/// or Return token column is refused as a whole.
pub fn judge_file(
    file: &str,
    sheet: &ReturnedSheet,
    facts: &mut RoundFacts,
    judging: Judging,
) -> Result<FileOutcome, ImportError> {
    let found =
        match_columns(&sheet.headers, &column_specs(), &[]).map_err(|problems| ImportError {
            file: file.to_string(),
            problems,
        })?;
    let cells = Cells {
        columns: found.into_iter().collect(),
        headers: &sheet.headers,
    };
    let mut rows = Vec::new();
    for row in &sheet.rows {
        if let Some(outcome) = judge_row(file, row, &cells, facts, judging) {
            rows.push(JudgedRow {
                number: row.number,
                outcome,
            });
        }
    }
    let return_ids = sheet
        .rows
        .iter()
        .filter_map(|row| {
            cells
                .text(row, ReturnColumn::Token)
                .parse::<ReturnToken>()
                .ok()
        })
        .map(|token| token.return_id)
        .filter(|id| facts.returns.contains_key(id))
        .collect();
    Ok(FileOutcome {
        file: file.to_string(),
        rows,
        return_ids,
    })
}

/// Where each read column is in a file.
struct Cells<'a> {
    columns: HashMap<ReturnColumn, Option<usize>>,
    headers: &'a [String],
}

impl Cells<'_> {
    /// The trimmed text of a column in a row; empty when the file lacks the column.
    fn text<'r>(&self, row: &'r ReturnedRow, column: ReturnColumn) -> &'r str {
        self.columns
            .get(&column)
            .copied()
            .flatten()
            .and_then(|index| row.cells.get(index))
            .map_or("", |cell| cell.trim())
    }

    /// Whether a column's cell in a row holds a formula whose value was never saved.
    fn formula_without_value(&self, row: &ReturnedRow, column: ReturnColumn) -> bool {
        self.columns
            .get(&column)
            .copied()
            .flatten()
            .is_some_and(|index| row.formulas_without_value.contains(&index))
    }

    /// The header of a column as written in the file.
    fn header(&self, column: ReturnColumn) -> &str {
        self.columns
            .get(&column)
            .copied()
            .flatten()
            .and_then(|index| self.headers.get(index))
            .map_or(column.header(), String::as_str)
    }
}

/// Reads the answer cells, collecting a problem for each one not valid.
fn read_answer(row: &ReturnedRow, cells: &Cells<'_>, problems: &mut Vec<Problem>) -> Answer {
    let mut problem = |column: ReturnColumn, message: String| {
        problems.push(Problem::cell(row.number, cells.header(column), message));
    };
    for column in ReturnColumn::ALL.iter().filter(|c| c.is_answer()) {
        if cells.formula_without_value(row, *column) {
            problem(
                *column,
                "a formula with no value (the file was saved without calculating it): type the answer".to_string(),
            );
        }
    }
    let text = |column| Some(cells.text(row, column)).filter(|t| !t.is_empty());
    let rag = text(ReturnColumn::NewRag).and_then(|t| {
        t.parse::<Rag>()
            .map_err(|e| problem(ReturnColumn::NewRag, e.to_string()))
            .ok()
    });
    let status = text(ReturnColumn::NewStatus).and_then(|t| {
        t.parse::<Status>()
            .map_err(|e| problem(ReturnColumn::NewStatus, e.to_string()))
            .ok()
    });
    let timeline = text(ReturnColumn::NewTimeline).and_then(|t| {
        Timeline::parse(t)
            .map_err(|e| problem(ReturnColumn::NewTimeline, e.to_string()))
            .ok()
    });
    let reason = text(ReturnColumn::Reason).map(str::to_string);
    let timeline_given = text(ReturnColumn::NewTimeline).is_some();
    if timeline_given && reason.is_none() {
        problem(
            ReturnColumn::Reason,
            "a new timeline needs a reason: say why the target moved".to_string(),
        );
    }
    if !timeline_given && reason.is_some() {
        problem(
            ReturnColumn::NewTimeline,
            "a reason is given but no new timeline: give the new target, or clear the reason"
                .to_string(),
        );
    }
    Answer {
        rag,
        status,
        comment: text(ReturnColumn::NewComment).map(str::to_string),
        timeline,
        reason,
    }
}

fn answers_blank(row: &ReturnedRow, cells: &Cells<'_>) -> bool {
    ReturnColumn::ALL
        .iter()
        .filter(|c| c.is_answer())
        .all(|c| cells.text(row, *c).is_empty() && !cells.formula_without_value(row, *c))
}

fn judge_row(
    file: &str,
    row: &ReturnedRow,
    cells: &Cells<'_>,
    facts: &mut RoundFacts,
    judging: Judging,
) -> Option<RowOutcome> {
    let id_text = cells.text(row, ReturnColumn::Id);
    let blank = answers_blank(row, cells);
    if id_text.is_empty() && blank {
        return None; // a row the spreadsheet kept but nobody filled
    }
    if blank {
        return Some(RowOutcome::Unchanged);
    }
    let rejected = |problems| {
        Some(RowOutcome::Rejected {
            problems,
            refusals: Vec::new(),
        })
    };
    let id_header = cells.header(ReturnColumn::Id);
    let Ok(milestone_id) = id_text.parse::<i64>() else {
        return rejected(vec![Problem::cell(
            row.number,
            id_header,
            format!("{id_text:?} is not a milestone id: expected the number exported"),
        )]);
    };
    let token = match cells.text(row, ReturnColumn::Token).parse::<ReturnToken>() {
        Ok(token) => token,
        Err(message) => {
            return rejected(vec![Problem::cell(
                row.number,
                cells.header(ReturnColumn::Token),
                message,
            )]);
        }
    };
    let mut problems = Vec::new();
    let answer = read_answer(row, cells, &mut problems);
    let Some(milestone) = facts.milestones.get(&milestone_id) else {
        let message = match facts.retired.get(&milestone_id) {
            Some(on) => format!(
                "milestone {milestone_id} was retired on {on} (see `actionplan show {milestone_id}`): its answer is not applied"
            ),
            None => format!("no milestone with id {milestone_id} in this database"),
        };
        problems.insert(0, Problem::cell(row.number, id_header, message));
        return rejected(problems);
    };
    let token_header = cells.header(ReturnColumn::Token);
    let Some(sent) = facts.returns.get(&token.return_id) else {
        problems.insert(
            0,
            Problem::cell(
                row.number,
                token_header,
                format!(
                    "return R{} was not sent from this database: export the return again",
                    token.return_id
                ),
            ),
        );
        return rejected(problems);
    };
    let Some(&sent_entry) = facts.sent_rows.get(&(token.return_id, milestone_id)) else {
        problems.insert(
            0,
            Problem::cell(
                row.number,
                id_header,
                format!(
                    "milestone {milestone_id} was not sent in return R{}: answer it in a return that lists it",
                    token.return_id
                ),
            ),
        );
        return rejected(problems);
    };
    if !problems.is_empty() {
        return rejected(problems);
    }
    let place = format!("row {} in {file}", row.number);
    let mut warning = None;
    let mut forced = false;
    if let Some(update) = facts.applied.get(&(token.return_id, milestone_id)) {
        if answer.same_as(update) {
            return Some(RowOutcome::AlreadyApplied { milestone_id });
        }
        if !judging.force {
            return Some(RowOutcome::Conflict {
                milestone_id,
                newer: format!(
                    "this return was applied already, saying: {} (update of {})",
                    Answer::of_update(update).describe(),
                    update.on
                ),
                answer,
            });
        }
        forced = true;
    }
    if let Some(earlier) = facts.answered.get(&milestone_id) {
        if earlier.return_id == token.return_id && earlier.answer == answer {
            return Some(RowOutcome::Duplicate {
                milestone_id,
                first: earlier.place.clone(),
            });
        }
        if !judging.force {
            return Some(RowOutcome::Conflict {
                milestone_id,
                newer: format!(
                    "answered already in this import ({}): {}",
                    earlier.place,
                    earlier.answer.describe()
                ),
                answer,
            });
        }
        forced = true;
    }
    let shares = milestone
        .leads
        .iter()
        .any(|lead| same_lead(lead, &sent.lead));
    let mut refusals = Vec::new();
    if !shares {
        let lead = sent.lead.clone();
        let leads = milestone.leads.clone();
        if judging.any_lead {
            warning = Some(AppliedAnyway::NotTheirMilestone { lead, leads });
        } else {
            refusals.push(Refusal::NotTheirMilestone {
                milestone_id,
                lead,
                leads,
            });
        }
    }
    let latest_date = milestone
        .current
        .last_updated
        .into_iter()
        .chain([sent.as_of])
        .max();
    if let Some(latest) = latest_date.filter(|latest| facts.on < *latest) {
        refusals.push(Refusal::DatedBeforeLatest {
            milestone_id,
            on: facts.on,
            latest,
        });
    }
    if !refusals.is_empty() {
        return Some(RowOutcome::Rejected {
            problems: Vec::new(),
            refusals,
        });
    }
    let changed_since = sent_entry != milestone.latest_entry;
    if changed_since && !judging.force {
        return Some(RowOutcome::Conflict {
            milestone_id,
            answer,
            newer: describe_state(&milestone.current),
        });
    }
    if changed_since || forced {
        warning = Some(AppliedAnyway::OverNewerUpdate);
    }
    if answer.changes_nothing(&milestone.current) {
        // The lead typed what the plan already says (a RAG confirmed): an
        // update would change nothing, and the store refuses one.
        return Some(RowOutcome::Unchanged);
    }
    // Later rows of this import (a second return answering the same
    // milestone, let through by --force) are judged against the milestone
    // as this row leaves it, as the store will.
    if let Some(projected) = facts.milestones.get_mut(&milestone_id) {
        answer.apply_to(&mut projected.current);
    }
    facts.answered.insert(
        milestone_id,
        Answered {
            place,
            return_id: token.return_id,
            answer: answer.clone(),
        },
    );
    Some(RowOutcome::Apply {
        milestone_id,
        return_id: token.return_id,
        answer,
        warning,
    })
}

/// A milestone's current state in words, for a conflict.
pub fn describe_state(state: &ReturnRow) -> String {
    let updated = state
        .last_updated
        .map(|d| format!(" (updated {d})"))
        .unwrap_or_default();
    format!(
        "RAG {}, status {}, timeline {}, comment {:?}{updated}",
        state.rag, state.status, state.timeline, state.comment
    )
}

#[cfg(test)]
mod tests;
