//! Reading a committee appendix table into a plan draft.

use std::borrow::Cow;

use super::fields::{AppendixField, appendix_columns};
use super::leads::split_leads_with;
use super::lines::milestone_rows;
use super::periods::{PeriodColumn, PeriodField, read_periods, shown_header};
use crate::error::{ImportError, Problem};
use crate::io::csvio::columns::{HeaderMapping, match_columns, unmatched_headers};
use crate::io::csvio::read::{Table, preview};
use crate::model::draft::PeriodState;
use crate::model::draft::{ActionDraft, ExtraColumn, MilestoneDraft, PlanDraft, ThemeDraft};
use crate::model::rag::RAG_EXPECTED;
use crate::model::selfeval::proposals::{
    Proposal, find_proposal, msg_proposals, unknown_proposal_message,
};
use crate::model::target::NO_DATE_WORDS;
use crate::model::text_rules::check_cell_name;
use crate::model::timeline::TIMELINE_EXPECTED;
use crate::model::{Rag, Status, Target};

/// What a Blue RAG (BRAG) means for the status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum BlueMeans {
    /// Blue is complete (the usual BRAG key).
    #[default]
    Complete,
    /// Blue is closed (some plans use it for withdrawn or merged actions).
    Closed,
}

impl std::str::FromStr for BlueMeans {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_lowercase().as_str() {
            "complete" => Ok(BlueMeans::Complete),
            "closed" => Ok(BlueMeans::Closed),
            _ => Err(format!("{text:?}: expected complete or closed")),
        }
    }
}

impl BlueMeans {
    /// The status a Blue RAG gives.
    pub fn status(self) -> Status {
        match self {
            BlueMeans::Complete => Status::Complete,
            BlueMeans::Closed => Status::Closed,
        }
    }
}

/// How an appendix table is read, beyond its cells.
#[derive(Debug, Clone, Default)]
pub struct ReadOptions {
    /// `--map 'Header=field'` arguments.
    pub mappings: Vec<HeaderMapping>,
    /// What a Blue RAG means.
    pub blue_means: BlueMeans,
    /// A separator that always splits a Lead cell (`--lead-separator`).
    pub lead_separator: Option<String>,
    /// Keep the columns with no field, per milestone (`--keep-extra`).
    pub keep_extra: bool,
    /// The theme of a plan without a theme column, until a section heading
    /// row names another (`--theme`; the import passes the plan's name).
    pub default_theme: String,
}

/// The theme a plan without a theme column gets when nothing names one.
pub const DEFAULT_THEME: &str = "Plan";

/// Splits a Lead cell into names (see `split_leads_with` for the rules).
pub fn split_leads(cell: &str) -> Vec<String> {
    split_leads_with(cell, None)
}

/// The cells of one row by field, with the header each came from.
struct RowCells<'a> {
    columns: &'a [(AppendixField, Option<usize>)],
    headers: &'a [String],
    cells: &'a [String],
}

impl RowCells<'_> {
    fn has(&self, field: AppendixField) -> bool {
        self.index(field).is_some()
    }

    fn get(&self, field: AppendixField) -> &str {
        self.index(field).map_or("", |i| self.cells[i].trim())
    }

    fn header(&self, field: AppendixField) -> &str {
        self.index(field).map_or("", |i| self.headers[i].as_str())
    }

    fn index(&self, field: AppendixField) -> Option<usize> {
        self.columns
            .iter()
            .find(|(f, _)| *f == field)
            .and_then(|(_, i)| *i)
    }
}

/// Reads an appendix table into a plan draft, reporting every bad cell.
pub fn parse_appendix(
    file: &str,
    table: &Table,
    mappings: &[HeaderMapping],
) -> Result<PlanDraft, ImportError> {
    let options = ReadOptions {
        mappings: mappings.to_vec(),
        ..Default::default()
    };
    parse_appendix_with(file, table, &options)
}

/// Reads an appendix table into a plan draft with the given options,
/// reporting every bad cell.
pub fn parse_appendix_with(
    file: &str,
    table: &Table,
    options: &ReadOptions,
) -> Result<PlanDraft, ImportError> {
    read_appendix_table(file, table, options).map(|reading| reading.draft)
}

/// What reading an appendix table gave: the plan, and how its columns were read.
#[derive(Debug, Clone, PartialEq)]
pub struct AppendixReading {
    /// The plan.
    pub draft: PlanDraft,
    /// Each field read, with the header it was read from, in field order.
    pub mapping: Vec<(&'static str, String)>,
    /// The headers no field was read from, in file order.
    pub ignored: Vec<String>,
    /// The section heading rows that started a theme: (row number as the
    /// spreadsheet numbers it, heading), in file order.
    pub headings: Vec<(usize, String)>,
    /// The row each milestone of the draft was read from, as the spreadsheet
    /// (or the Word table) numbers it, in draft order: theme by theme,
    /// action by action. Several milestones read from one row (a cell of
    /// several lines) share its number.
    pub rows: Vec<usize>,
}

/// Reads an appendix table with the given options, reporting every bad cell.
pub fn read_appendix_table(
    file: &str,
    table: &Table,
    options: &ReadOptions,
) -> Result<AppendixReading, ImportError> {
    let refuse = |problems| ImportError {
        file: file.to_string(),
        problems,
    };
    let periods = read_periods(&table.headers, &table.banners, &options.mappings);
    let columns = match_columns(&periods.headers, &appendix_columns(), &options.mappings)
        .map_err(|problems| refuse(with_level_columns(problems, &periods.headers, options)))?;
    if table.rows.is_empty() {
        return Err(refuse(vec![Problem::file(
            "the file has a header but no milestone rows below it",
        )]));
    }
    let has_proposals = columns
        .iter()
        .any(|(field, column)| *field == AppendixField::Proposals && column.is_some());
    let known_proposals = if has_proposals {
        msg_proposals().map_err(|message| refuse(vec![Problem::file(message)]))?
    } else {
        Vec::new()
    };
    let unmatched = unmatched_headers(&periods.headers, &columns);
    let extra_indices: Vec<usize> = if options.keep_extra {
        unmatched.iter().map(|(index, _)| *index).collect()
    } else {
        Vec::new()
    };
    let mut draft = PlanDraft {
        extra_columns: extra_indices
            .iter()
            .map(|&index| extra_column(index, &table.headers, &columns))
            .collect(),
        current_period_ends: periods.current_ends,
        ..Default::default()
    };
    let mut problems = Vec::new();
    let mut headings = Vec::new();
    let mut rows = Vec::new();
    let theme_column = columns
        .iter()
        .find(|(field, _)| *field == AppendixField::Theme)
        .and_then(|(_, column)| *column);
    for row in &table.rows {
        let cells = RowCells {
            columns: &columns,
            headers: &table.headers,
            cells: &row.cells,
        };
        let number = row.number;
        let before = problems.len();
        if let Some(heading) = section_heading(&row.cells, theme_column) {
            headings.push((number, heading.to_string()));
            draft.themes.push(ThemeDraft {
                name: heading.to_string(),
                actions: Vec::new(),
            });
            continue;
        }
        let starts_theme = place_theme(&mut draft, &cells, options, number, &mut problems);
        place_action(&mut draft, &cells, number, starts_theme, &mut problems);
        for line_cells in milestone_rows(&columns, &row.cells) {
            let cells = RowCells {
                cells: &line_cells,
                ..cells
            };
            let milestone =
                read_milestone(&cells, number, &known_proposals, options, &mut problems);
            let Some(mut milestone) = milestone.filter(|_| problems.len() == before) else {
                continue;
            };
            milestone.extras = extra_indices
                .iter()
                .map(|&index| line_cells[index].clone())
                .collect();
            milestone.history =
                read_history(&periods.history, &line_cells, number, table, &mut problems);
            if problems.len() > before {
                continue;
            }
            let Some(action) = draft.themes.last_mut().and_then(|t| t.actions.last_mut()) else {
                continue;
            };
            if let Some(earlier) = action
                .milestones
                .iter()
                .position(|m| m.detail == milestone.detail)
            {
                problems.push(Problem::cell(
                    number,
                    cells.header(AppendixField::Milestone),
                    format!(
                        "repeats milestone {} of this action ({:?}): each milestone of an action must differ",
                        earlier + 1,
                        preview(&milestone.detail)
                    ),
                ));
                continue;
            }
            action.milestones.push(milestone);
            rows.push(number);
        }
    }
    // A heading straight above another heading (a part of the plan above its
    // sections) holds no actions of its own.
    draft.themes.retain(|theme| !theme.actions.is_empty());
    if !problems.is_empty() {
        return Err(refuse(problems));
    }
    let mapping = appendix_columns()
        .iter()
        .zip(&columns)
        .filter_map(|(spec, (_, column))| {
            column.map(|i| (spec.name, shown_header(&table.headers, &table.banners, i)))
        })
        .collect();
    let mut ignored: Vec<String> = if options.keep_extra {
        Vec::new()
    } else {
        unmatched.into_iter().map(|(_, header)| header).collect()
    };
    ignored.extend(periods.undated);
    Ok(AppendixReading {
        draft,
        mapping,
        ignored,
        headings,
        rows,
    })
}

/// A row's ratings in the earlier periods of a table that rates several,
/// oldest first, one state per period end (RAG and status of one period
/// together). Blank cells say nothing; a bad cell is a problem like any other.
fn read_history(
    columns: &[PeriodColumn],
    cells: &[String],
    number: usize,
    table: &Table,
    problems: &mut Vec<Problem>,
) -> Vec<PeriodState> {
    let mut states: Vec<PeriodState> = Vec::new();
    for column in columns {
        let Some(ends) = column.ends else {
            continue;
        };
        let cell = cells[column.index].trim();
        if cell.is_empty() {
            continue;
        }
        let header = shown_header(&table.headers, &table.banners, column.index);
        let at = match states.iter().position(|s| s.ends == ends) {
            Some(at) => at,
            None => {
                states.push(PeriodState {
                    ends,
                    rag: None,
                    status: None,
                });
                states.len() - 1
            }
        };
        match column.field {
            PeriodField::Rag => match RagCell::parse(cell) {
                Ok(rag) => states[at].rag = Some(rag.rag()),
                Err(error) => problems.push(Problem::cell(number, &header, error.to_string())),
            },
            PeriodField::Status => match cell.parse::<Status>() {
                Ok(status) => states[at].status = Some(status),
                Err(error) => problems.push(Problem::cell(number, &header, error.to_string())),
            },
        }
    }
    states.sort_by_key(|s| s.ends);
    states
}

/// The extra column at `index`, placed after the nearest field column to its
/// left in the file.
fn extra_column(
    index: usize,
    headers: &[String],
    columns: &[(AppendixField, Option<usize>)],
) -> ExtraColumn {
    let after_field = appendix_columns()
        .iter()
        .zip(columns)
        .filter_map(|(spec, (_, column))| column.filter(|&c| c < index).map(|c| (c, spec.name)))
        .max_by_key(|(column, _)| *column)
        .map(|(_, name)| name.to_string());
    ExtraColumn {
        header: headers[index].clone(),
        after_field,
    }
}

/// When the headers were refused, the problems found with the theme and
/// milestone columns counted as required too: a file whose headers did not
/// match is usually one whose every column needs naming, so the message lists
/// each field to map. A file that matches is never refused for lacking them.
fn with_level_columns(
    problems: Vec<Problem>,
    headers: &[String],
    options: &ReadOptions,
) -> Vec<Problem> {
    let mut specs = appendix_columns();
    for spec in &mut specs {
        if matches!(spec.field, AppendixField::Theme | AppendixField::Milestone) {
            spec.required = true;
        }
    }
    match match_columns(headers, &specs, &options.mappings) {
        Err(all) if all.len() >= problems.len() => all,
        _ => problems,
    }
}

/// The text of a section heading row: one that holds a single text, in one
/// cell or repeated across several (a full-width merged row in a Word table or
/// a spreadsheet), with every other cell blank, and whose text starts in the
/// first column of the table or in the theme column. Such a row starts a
/// theme. A row whose only text is further right (a milestone detail whose
/// other cells are blank, merged with the row above) is a data row, and so
/// is one whose lead or timeline holds anything but the heading text.
fn section_heading(cells: &[String], theme_column: Option<usize>) -> Option<&str> {
    let (at, first) = cells
        .iter()
        .map(|c| c.trim())
        .enumerate()
        .find(|(_, c)| !c.is_empty())?;
    let starts_where_a_heading_does = at == 0 || Some(at) == theme_column;
    let single = cells.len() >= 3
        && cells
            .iter()
            .map(|c| c.trim())
            .all(|other| other.is_empty() || other == first);
    (single && starts_where_a_heading_does).then_some(first)
}

/// Starts a new theme when the cell names one other than the current theme;
/// a blank cell continues the theme above (a merged cell in the paper).
/// Without a theme column, the first row starts the default theme.
/// Returns whether this row starts a theme.
fn place_theme(
    draft: &mut PlanDraft,
    cells: &RowCells<'_>,
    options: &ReadOptions,
    number: usize,
    problems: &mut Vec<Problem>,
) -> bool {
    let name = cells.get(AppendixField::Theme);
    let current = draft.themes.last().map(|t| t.name.as_str());
    if name.is_empty() {
        if current.is_none() && !cells.has(AppendixField::Theme) {
            let name = options.default_theme.trim();
            draft.themes.push(ThemeDraft {
                name: if name.is_empty() { DEFAULT_THEME } else { name }.to_string(),
                actions: Vec::new(),
            });
            return true;
        }
        if current.is_none() {
            problems.push(Problem::cell(
                number,
                cells.header(AppendixField::Theme),
                "is blank, but there is no recommendation above it to continue: expected the first row to name one",
            ));
        }
        return false;
    }
    if current == Some(name) {
        return false;
    }
    if let Some(message) = unsafe_name("recommendation", name) {
        problems.push(Problem::cell(
            number,
            cells.header(AppendixField::Theme),
            message,
        ));
    }
    draft.themes.push(ThemeDraft {
        name: name.to_string(),
        actions: Vec::new(),
    });
    true
}

/// Starts a new action when the cell names one other than the current action;
/// a blank cell continues the action above.
fn place_action(
    draft: &mut PlanDraft,
    cells: &RowCells<'_>,
    number: usize,
    starts_theme: bool,
    problems: &mut Vec<Problem>,
) {
    let text = cells.get(AppendixField::Action);
    let Some(theme) = draft.themes.last_mut() else {
        return; // already reported by place_theme
    };
    let current = theme.actions.last().map(|a| a.text.as_str());
    if text.is_empty() {
        let message = if starts_theme {
            Some(
                "is blank, but a new recommendation starts here: expected its first improvement action",
            )
        } else if current.is_none() {
            Some("is blank, but there is no improvement action above it to continue: expected one")
        } else {
            None
        };
        if let Some(message) = message {
            problems.push(Problem::cell(
                number,
                cells.header(AppendixField::Action),
                message,
            ));
        }
        return;
    }
    if current == Some(text) && !starts_theme {
        return;
    }
    if let Some(message) = unsafe_name("improvement action", text) {
        problems.push(Problem::cell(
            number,
            cells.header(AppendixField::Action),
            message,
        ));
    }
    theme.actions.push(ActionDraft {
        text: text.to_string(),
        milestones: Vec::new(),
    });
}

/// Reads the milestone cells of a row, reporting each bad cell; None when any is bad.
/// `known_proposals` is the MSG proposal list when the table has that column.
fn read_milestone(
    cells: &RowCells<'_>,
    number: usize,
    known_proposals: &[Proposal],
    options: &ReadOptions,
    problems: &mut Vec<Problem>,
) -> Option<MilestoneDraft> {
    use AppendixField as F;
    let before = problems.len();
    let mut problem = |field: F, message: String| {
        problems.push(Problem::cell(number, cells.header(field), message));
    };
    // Without a milestone column each action is its own milestone.
    let detail_field = if cells.has(F::Milestone) {
        F::Milestone
    } else {
        F::Action
    };
    let detail = cells.get(detail_field).to_string();
    if detail.is_empty() && detail_field == F::Milestone {
        problem(
            F::Milestone,
            "is blank: expected the milestone detail".to_string(),
        );
    } else if detail.is_empty() {
        problem(
            F::Action,
            "is blank: expected the action (the table has no milestone column, so each row's action is its milestone)".to_string(),
        );
    }
    let lead_cell = cells.get(F::Leads);
    let leads = split_leads_with(lead_cell, options.lead_separator.as_deref());
    for lead in &leads {
        if let Some(message) = unsafe_name("lead", lead) {
            problem(F::Leads, message);
        }
    }
    if lead_cell.is_empty() {
        problem(F::Leads, format!("is blank: expected {LEADS_EXPECTED}"));
    } else if leads.is_empty() {
        problem(
            F::Leads,
            format!(
                "{:?} names nobody: expected {LEADS_EXPECTED}",
                preview(lead_cell)
            ),
        );
    }
    let timeline_cell = cells.get(F::Timeline);
    let timeline = match Target::parse(timeline_cell) {
        Ok(timeline) => Some(timeline),
        Err(_) if timeline_cell.is_empty() => {
            problem(
                F::Timeline,
                format!("is blank: expected {TIMELINE_EXPECTED}, or {NO_DATE_WORDS} for no date"),
            );
            None
        }
        Err(error) => {
            problem(
                F::Timeline,
                format!("{error}, or {NO_DATE_WORDS} for no date"),
            );
            None
        }
    };
    let rag_cell = cells.get(F::Rag);
    let rag = if !cells.has(F::Rag) {
        Some(RagCell::NotRated)
    } else {
        match RagCell::parse(rag_cell) {
            Ok(rag) => Some(rag),
            Err(_) if rag_cell.is_empty() => {
                problem(F::Rag, format!("is blank: expected {RAG_EXPECTED}"));
                None
            }
            Err(error) => {
                problem(F::Rag, error.to_string());
                None
            }
        }
    };
    let comment = cells.get(F::Comment).to_string();
    let status_cell = cells.get(F::Status);
    let status = if !status_cell.is_empty() {
        status_cell
            .parse::<Status>()
            .map_err(|error| problem(F::Status, error.to_string()))
            .ok()
    } else {
        match rag {
            Some(RagCell::Complete) => Some(Status::Complete),
            Some(RagCell::Rated(Rag::Blue)) => Some(options.blue_means.status()),
            _ => Some(Status::from_comment(&comment)),
        }
    };
    let status_word = (!status_cell.is_empty()).then(|| status_cell.to_string());
    let reference = Some(cells.get(F::Reference).to_string()).filter(|r| !r.is_empty());
    let mut proposals = Vec::new();
    for id in cells
        .get(F::Proposals)
        .split([',', ';', '\n', '\r'])
        .map(str::trim)
        .filter(|id| !id.is_empty())
    {
        match find_proposal(known_proposals, id) {
            Some(proposal) => proposals.push(proposal.id.clone()),
            None => problem(F::Proposals, unknown_proposal_message(id, known_proposals)),
        }
    }
    if problems.len() > before {
        return None;
    }
    Some(MilestoneDraft {
        reference,
        detail,
        leads,
        timeline: timeline?,
        status: status?,
        status_word,
        rag: rag?.rag(),
        comment,
        proposals,
        extras: Vec::new(),
        history: Vec::new(),
    })
}

/// What a RAG cell holds: a rating, the word "Complete" (some plans write it
/// in the RAG column once a milestone is done: taken as Blue and complete),
/// or nothing at all when the plan has no RAG column (not rated).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RagCell {
    Rated(Rag),
    Complete,
    NotRated,
}

impl RagCell {
    fn parse(text: &str) -> Result<RagCell, crate::model::rag::RagError> {
        let word = text.trim().trim_end_matches('.').to_lowercase();
        match word.as_str() {
            "complete" | "completed" => Ok(RagCell::Complete),
            "not rated" => Ok(RagCell::NotRated),
            _ => text.parse().map(RagCell::Rated),
        }
    }

    fn rag(self) -> Rag {
        match self {
            RagCell::Rated(rag) => rag,
            RagCell::Complete => Rag::Blue,
            RagCell::NotRated => Rag::NotRated,
        }
    }
}

/// Why a lead, theme or action name is refused (a control character, a
/// bidirectional override, or too long), if it is. Line breaks, also
/// Windows' "\r\n", are part of a cell and allowed.
fn unsafe_name(what: &str, name: &str) -> Option<String> {
    let name = if name.contains('\r') {
        Cow::Owned(name.replace('\r', ""))
    } else {
        Cow::Borrowed(name)
    };
    check_cell_name(what, &name)
        .err()
        .map(|error| error.to_string())
}

/// What a Lead cell must hold, for error messages.
const LEADS_EXPECTED: &str =
    "one or more names, one per line or separated by ';' (or '/', '&', 'and' between two names)";

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(list: &[&str]) -> Vec<String> {
        list.iter().map(|c| c.to_string()).collect()
    }

    /// The shape of a two-row header as the spreadsheet reader gives it: the
    /// banner "Previous Period September 2015" over Status and BRAG, and
    /// "Current Period March 2016" over Target Date, Status, BRAG, Comment.
    #[test]
    fn banners_give_the_current_period_and_dated_history() {
        let table = Table {
            headers: cells(&[
                "Action",
                "Lead",
                "Status",
                "BRAG",
                "Target Date",
                "Status",
                "BRAG",
                "Comment",
            ]),
            banners: cells(&[
                "",
                "",
                "Previous Period September 2015",
                "Previous Period September 2015",
                "Current Period March 2016",
                "Current Period March 2016",
                "Current Period March 2016",
                "Current Period March 2016",
            ]),
            rows: vec![crate::io::csvio::read::TableRow {
                number: 3,
                cells: cells(&[
                    "Review the scheme of delegation",
                    "Chief Officer",
                    "On track",
                    "G",
                    "Mar 16",
                    "Complete",
                    "B",
                    "Approved by the IJB.",
                ]),
            }],
            encoding: crate::io::csvio::decode::Encoding::Utf8,
        };
        let reading = read_appendix_table("plan.xlsx", &table, &ReadOptions::default()).unwrap();
        let milestone = &reading.draft.themes[0].actions[0].milestones[0];
        assert_eq!(
            (milestone.status, milestone.rag),
            (Status::Complete, Rag::Blue)
        );
        assert_eq!(milestone.status_word.as_deref(), Some("Complete"));
        assert_eq!(
            milestone.history,
            [PeriodState {
                ends: chrono::NaiveDate::from_ymd_opt(2015, 9, 30).unwrap(),
                rag: Some(Rag::Green),
                status: Some(Status::InProgress),
            }]
        );
        assert_eq!(
            reading.draft.current_period_ends,
            chrono::NaiveDate::from_ymd_opt(2016, 3, 31)
        );
        assert!(reading.ignored.is_empty(), "{:?}", reading.ignored);
        assert!(
            reading
                .mapping
                .contains(&("rag", "Current Period March 2016 / BRAG".to_string())),
            "{:?}",
            reading.mapping
        );
    }

    #[test]
    fn a_section_heading_is_one_text_alone_or_repeated_across_a_merged_row() {
        assert_eq!(
            section_heading(&cells(&["Workforce", "", "", ""]), None),
            Some("Workforce")
        );
        assert_eq!(
            section_heading(
                &cells(&["", "Workforce", " Workforce ", "Workforce"]),
                Some(1)
            ),
            Some("Workforce")
        );
        assert_eq!(
            section_heading(&cells(&["Workforce", "Plan", "", ""]), None),
            None
        );
        assert_eq!(section_heading(&cells(&["", "", "", ""]), None), None);
        assert_eq!(
            section_heading(&cells(&["Workforce", ""]), None),
            None,
            "too narrow"
        );
    }

    #[test]
    fn regression_a_row_holding_only_a_milestone_detail_is_not_a_heading() {
        // Theme, Action, Milestone, Lead, Timeline: the detail alone.
        assert_eq!(
            section_heading(&cells(&["", "", "Second milestone", "", ""]), Some(0)),
            None
        );
        // Without a theme column, text that starts right of the first column.
        assert_eq!(
            section_heading(&cells(&["", "Second milestone", "", ""]), None),
            None
        );
    }
}
