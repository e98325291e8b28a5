//! Writing the committee appendix table.

use std::io::{self, Write};

use super::{AppendixField, appendix_columns};
use crate::io::csvio::write::{CsvStyle, CsvWriter, write_csv};
use crate::model::draft::ExtraColumn;
use crate::model::{Milestone, MilestoneStatusFacts};
use crate::model::{Rag, Status, Target};

/// One milestone as the appendix shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct AppendixRow {
    /// The plan's own reference ("1.1"), if any.
    pub reference: Option<String>,
    /// Report Recommendation.
    pub theme: String,
    /// Improvement Action.
    pub action: String,
    /// Milestone detail.
    pub detail: String,
    /// Leads in order.
    pub leads: Vec<String>,
    /// The timeline as imported.
    pub original_timeline: Target,
    /// The current timeline.
    pub timeline: Target,
    /// Comment.
    pub comment: String,
    /// RAG.
    pub rag: Rag,
    /// Status.
    pub status: Status,
    /// The plan's word for the status, while it still applies.
    pub status_word: Option<String>,
    /// Values of the plan's extra columns (`import --keep-extra`), in order.
    pub extras: Vec<String>,
}

impl AppendixRow {
    /// The Status cell this row needs so that importing the export gives its
    /// status back: empty when the status follows from the RAG (Blue is
    /// complete) or the comment ("Complete." is complete, anything else in
    /// progress) and the plan gave no word of its own.
    pub fn status_cell(&self) -> String {
        status_cell(
            self.status,
            self.status_word.as_deref(),
            self.rag,
            &self.comment,
        )
    }

    /// The RAG cell: the letter, or "Not rated".
    fn rag_cell(&self) -> String {
        match self.rag {
            Rag::NotRated => "Not rated".to_string(),
            rated => rated.letter().to_string(),
        }
    }
}

/// The Status cell of a milestone (see [`AppendixRow::status_cell`]).
fn status_cell(status: Status, status_word: Option<&str>, rag: Rag, comment: &str) -> String {
    if let Some(word) = status_word {
        return word.to_string();
    }
    let implied = if rag == Rag::Blue {
        Status::Complete
    } else {
        Status::from_comment(comment)
    };
    if status == implied {
        String::new()
    } else {
        status.words().to_string()
    }
}

/// Which optional columns an export needs so that nothing is lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppendixColumns {
    /// "Original timeline" after Timeline (asked for with --with-original).
    pub original: bool,
    /// "Ref" first: some milestone has a reference.
    pub reference: bool,
    /// "RAG": left out only when no milestone is rated (a plan at approval).
    pub rag: bool,
    /// "Status" last: some milestone's status does not follow from its
    /// comment and RAG, or carries the plan's own word.
    pub status: bool,
}

impl AppendixColumns {
    /// The columns `rows` need; the seed's seven when nothing more is needed.
    pub fn for_rows(rows: &[AppendixRow], with_original: bool) -> AppendixColumns {
        let mut needed = ColumnsNeeded::new(with_original);
        for row in rows {
            needed.add(row);
        }
        needed.columns()
    }
}

/// The columns an appendix needs, worked out row by row (for an export that
/// reads its rows twice rather than hold them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnsNeeded {
    columns: AppendixColumns,
    any_row: bool,
}

impl ColumnsNeeded {
    /// Nothing seen yet; "Original timeline" as asked.
    pub fn new(with_original: bool) -> ColumnsNeeded {
        ColumnsNeeded {
            columns: AppendixColumns {
                original: with_original,
                reference: false,
                rag: false,
                status: false,
            },
            any_row: false,
        }
    }

    /// Widens the columns for one more row: Ref when it has a reference,
    /// RAG when it is rated, Status when its status needs saying.
    pub fn add(&mut self, row: &AppendixRow) {
        self.add_facts(&MilestoneStatusFacts {
            has_reference: row.reference.is_some(),
            rag: row.rag,
            status: row.status,
            status_word: row.status_word.clone(),
            comment: row.comment.clone(),
        });
    }

    /// [`ColumnsNeeded::add`] from what the store reads without the texts.
    pub fn add_facts(&mut self, facts: &MilestoneStatusFacts) {
        self.any_row = true;
        self.columns.reference |= facts.has_reference;
        self.columns.rag |= facts.rag != Rag::NotRated;
        self.columns.status |= !status_cell(
            facts.status,
            facts.status_word.as_deref(),
            facts.rag,
            &facts.comment,
        )
        .is_empty();
    }

    /// The columns: RAG too when there were no rows (an empty plan keeps
    /// the paper's header).
    pub fn columns(&self) -> AppendixColumns {
        AppendixColumns {
            rag: self.columns.rag || !self.any_row,
            ..self.columns
        }
    }
}

impl From<&Milestone> for AppendixRow {
    fn from(m: &Milestone) -> Self {
        AppendixRow {
            reference: m.reference.clone(),
            theme: m.theme.clone(),
            action: m.action.clone(),
            detail: m.detail.clone(),
            leads: m.leads.clone(),
            original_timeline: m.imported_timeline,
            timeline: m.timeline,
            comment: m.comment.clone(),
            rag: m.rag,
            status: m.status,
            status_word: m.status_word().map(str::to_string),
            extras: Vec::new(),
        }
    }
}

/// The appendix headers, with "Original timeline" after Timeline when asked.
pub fn appendix_headers(with_original: bool) -> Vec<&'static str> {
    let columns = AppendixColumns {
        original: with_original,
        reference: false,
        rag: true,
        status: false,
    };
    layout(columns, &[])
        .into_iter()
        .map(|column| column.header(&[]))
        .collect()
}

/// One column of the written table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Column {
    Reference,
    Theme,
    Action,
    Milestone,
    Leads,
    Timeline,
    Original,
    Comment,
    Rag,
    Status,
    /// The plan's extra column with this index.
    Extra(usize),
}

impl Column {
    pub(super) fn header(self, extras: &[ExtraColumn]) -> &str {
        match self {
            Column::Reference => "Ref",
            Column::Theme => "Report Recommendation",
            Column::Action => "Improvement Action",
            Column::Milestone => "Milestone detail",
            Column::Leads => "Lead",
            Column::Timeline => "Timeline",
            Column::Original => "Original timeline",
            Column::Comment => "Comment/RAG",
            Column::Rag => "RAG",
            Column::Status => "Status",
            Column::Extra(index) => &extras[index].header,
        }
    }

    /// What the column holds, for renderers.
    fn kind(self) -> ColumnKind {
        match self {
            Column::Reference => ColumnKind::Reference,
            Column::Theme => ColumnKind::Theme,
            Column::Action => ColumnKind::Action,
            Column::Milestone => ColumnKind::Milestone,
            Column::Leads => ColumnKind::Leads,
            Column::Timeline => ColumnKind::Timeline,
            Column::Original => ColumnKind::OriginalTimeline,
            Column::Comment => ColumnKind::Comment,
            Column::Rag => ColumnKind::Rag,
            Column::Status => ColumnKind::Status,
            Column::Extra(_) => ColumnKind::Extra,
        }
    }

    /// The field this column writes.
    fn field(self) -> Option<AppendixField> {
        match self {
            Column::Reference => Some(AppendixField::Reference),
            Column::Theme => Some(AppendixField::Theme),
            Column::Action => Some(AppendixField::Action),
            Column::Milestone => Some(AppendixField::Milestone),
            Column::Leads => Some(AppendixField::Leads),
            Column::Timeline => Some(AppendixField::Timeline),
            Column::Comment => Some(AppendixField::Comment),
            Column::Rag => Some(AppendixField::Rag),
            Column::Status => Some(AppendixField::Status),
            Column::Original | Column::Extra(_) => None,
        }
    }
}

/// The columns in the order they are written: the fields, then each extra
/// column put back after the field it followed in the file (after the extras
/// already there, so they keep their file order); at the end when that field
/// is not written.
fn layout(columns: AppendixColumns, extras: &[ExtraColumn]) -> Vec<Column> {
    let mut layout = Vec::new();
    if columns.reference {
        layout.push(Column::Reference);
    }
    layout.extend([
        Column::Theme,
        Column::Action,
        Column::Milestone,
        Column::Leads,
        Column::Timeline,
    ]);
    if columns.original {
        layout.push(Column::Original);
    }
    layout.push(Column::Comment);
    if columns.rag {
        layout.push(Column::Rag);
    }
    if columns.status {
        layout.push(Column::Status);
    }
    for (index, extra) in extras.iter().enumerate() {
        let anchor = match &extra.after_field {
            None => Some(0),
            Some(name) => {
                let field = appendix_columns()
                    .into_iter()
                    .find(|spec| spec.name == name.as_str())
                    .map(|spec| spec.field);
                layout
                    .iter()
                    .position(|c| c.field().is_some() && c.field() == field)
                    .map(|p| p + 1)
            }
        };
        let at = match anchor {
            Some(mut at) => {
                while matches!(layout.get(at), Some(Column::Extra(_))) {
                    at += 1;
                }
                at
            }
            None => layout.len(),
        };
        layout.insert(at, Column::Extra(index));
    }
    layout
}

/// Writes the appendix: Recommendation and Action cells blank where they repeat
/// the row above (merged cells in the paper), leads one per line, timelines as
/// displayed, RAG as one letter. A Ref column, and a Status column, are added
/// when some row needs them (see `AppendixColumns`); the RAG column is left
/// out when no milestone is rated.
pub fn appendix_csv<W: Write>(
    out: W,
    rows: &[AppendixRow],
    with_original: bool,
    style: CsvStyle,
) -> io::Result<()> {
    appendix_csv_with_extras(out, rows, &[], with_original, style)
}

/// Writes the appendix as `appendix_csv` does, with the plan's extra columns
/// (kept with `import --keep-extra`) back in place; each row's `extras` holds
/// its values in the order of `extras`.
pub fn appendix_csv_with_extras<W: Write>(
    out: W,
    rows: &[AppendixRow],
    extras: &[ExtraColumn],
    with_original: bool,
    style: CsvStyle,
) -> io::Result<()> {
    let columns = AppendixColumns::for_rows(rows, with_original);
    appendix_csv_with_columns(out, rows, extras, columns, style)
}

/// Writes the appendix as `appendix_csv_with_extras` does, in the given
/// columns: a cycle closed by the first release keeps its seven columns.
pub fn appendix_csv_with_columns<W: Write>(
    out: W,
    rows: &[AppendixRow],
    extras: &[ExtraColumn],
    columns: AppendixColumns,
    style: CsvStyle,
) -> io::Result<()> {
    let table = appendix_table(rows, extras, columns);
    write_csv(out, style, &table.headers(), &table.text_rows())
}

/// What a column of the appendix table holds, so a renderer can size and
/// style it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// The plan's own reference ("1.1").
    Reference,
    /// Report Recommendation (the theme): spans the rows of its milestones.
    Theme,
    /// Improvement Action: spans the rows of its milestones.
    Action,
    /// Milestone detail.
    Milestone,
    /// Leads, one per line.
    Leads,
    /// The current timeline.
    Timeline,
    /// The timeline as imported.
    OriginalTimeline,
    /// Comment.
    Comment,
    /// RAG: one letter, or "Not rated".
    Rag,
    /// Status, where it does not follow from the comment and RAG.
    Status,
    /// One of the plan's extra columns.
    Extra,
}

/// One column of the appendix table: its header and what it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableColumn {
    /// The header as the paper prints it ("Report Recommendation").
    pub header: String,
    /// What the column holds.
    pub kind: ColumnKind,
}

/// One cell of the appendix table.
#[derive(Debug, Clone, PartialEq)]
pub struct TableCell {
    /// The text, line breaks kept ("\n" between leads).
    pub text: String,
    /// How many rows the cell covers, as a merged cell in the paper: 1 for
    /// most cells, more for the first row of a theme or action that goes on,
    /// and 0 for a cell covered by the one above (the CSV leaves it blank).
    pub span: usize,
    /// The rating, in the RAG column.
    pub rag: Option<Rag>,
}

/// The appendix table as the committee sees it: the columns the export
/// writes, and one row of cells per milestone, in plan order.
#[derive(Debug, Clone, PartialEq)]
pub struct AppendixTable {
    /// The columns, in order.
    pub columns: Vec<TableColumn>,
    /// One row per milestone, one cell per column.
    pub rows: Vec<Vec<TableCell>>,
}

impl AppendixTable {
    /// The column headers, in order.
    pub fn headers(&self) -> Vec<&str> {
        self.columns.iter().map(|c| c.header.as_str()).collect()
    }

    /// The rows as a table without merged cells shows them: a cell covered
    /// by the one above (span 0) is blank, as in the CSV export.
    pub fn text_rows(&self) -> Vec<Vec<String>> {
        self.rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|cell| match cell.span {
                        0 => String::new(),
                        _ => cell.text.clone(),
                    })
                    .collect()
            })
            .collect()
    }
}

/// The appendix table of `rows` in the given columns, the plan's extra
/// columns back in place: the one definition of the table that the CSV
/// export and the committee pack both draw. Report Recommendation and
/// Improvement Action cells span the rows that repeat them.
pub fn appendix_table(
    rows: &[AppendixRow],
    extras: &[ExtraColumn],
    columns: AppendixColumns,
) -> AppendixTable {
    let layout = layout(columns, extras);
    let theme_spans = run_lengths(rows, |a, b| a.theme == b.theme);
    let action_spans = run_lengths(rows, |a, b| a.theme == b.theme && a.action == b.action);
    let table_rows = rows
        .iter()
        .enumerate()
        .map(|(index, row)| {
            layout
                .iter()
                .map(|column| {
                    let span = match column {
                        Column::Theme => theme_spans[index],
                        Column::Action => action_spans[index],
                        _ => 1,
                    };
                    TableCell {
                        text: cell_text(*column, row),
                        span,
                        rag: (*column == Column::Rag).then_some(row.rag),
                    }
                })
                .collect()
        })
        .collect();
    AppendixTable {
        columns: layout
            .iter()
            .map(|column| TableColumn {
                header: column.header(extras).to_string(),
                kind: column.kind(),
            })
            .collect(),
        rows: table_rows,
    }
}

/// The text of one cell of the appendix: line breaks kept ("\n" between leads).
fn cell_text(column: Column, row: &AppendixRow) -> String {
    match column {
        Column::Reference => row.reference.clone().unwrap_or_default(),
        Column::Theme => row.theme.clone(),
        Column::Action => row.action.clone(),
        Column::Milestone => row.detail.clone(),
        Column::Leads => row.leads.join("\n"),
        Column::Timeline => row.timeline.to_string(),
        Column::Original => row.original_timeline.to_string(),
        Column::Comment => row.comment.clone(),
        Column::Rag => row.rag_cell(),
        Column::Status => row.status_cell(),
        Column::Extra(index) => row.extras.get(index).cloned().unwrap_or_default(),
    }
}

/// Writes the appendix CSV row by row, rows in plan order: the same bytes
/// as [`appendix_csv_with_columns`], holding only the row in hand and the
/// theme and action of the row before (a Recommendation or Action cell is
/// blank where it repeats the row above).
pub struct AppendixCsvWriter<W: Write> {
    csv: CsvWriter<W>,
    layout: Vec<Column>,
    previous: Option<(String, String)>,
}

impl<W: Write> AppendixCsvWriter<W> {
    /// Starts the CSV: the BOM (when the style asks) and the header row.
    pub fn new(
        out: W,
        style: CsvStyle,
        extras: &[ExtraColumn],
        columns: AppendixColumns,
    ) -> io::Result<AppendixCsvWriter<W>> {
        let layout = layout(columns, extras);
        let headers: Vec<&str> = layout.iter().map(|column| column.header(extras)).collect();
        Ok(AppendixCsvWriter {
            csv: CsvWriter::new(out, style, &headers)?,
            layout,
            previous: None,
        })
    }

    /// Writes one milestone's row.
    pub fn row(&mut self, row: &AppendixRow) -> io::Result<()> {
        let same_theme = self
            .previous
            .as_ref()
            .is_some_and(|(theme, _)| *theme == row.theme);
        let same_action = same_theme
            && self
                .previous
                .as_ref()
                .is_some_and(|(_, action)| *action == row.action);
        self.csv.row(self.layout.iter().map(|column| match column {
            Column::Theme if same_theme => String::new(),
            Column::Action if same_action => String::new(),
            _ => cell_text(*column, row),
        }))?;
        self.previous = Some((row.theme.clone(), row.action.clone()));
        Ok(())
    }

    /// Ends the CSV, flushing what is buffered.
    pub fn finish(self) -> io::Result<()> {
        self.csv.finish()
    }
}

/// For each row, how many rows its merged cell covers: the length of the run
/// of rows `same` as it for the first row of a run, 0 for the rest.
fn run_lengths(
    rows: &[AppendixRow],
    same: impl Fn(&AppendixRow, &AppendixRow) -> bool,
) -> Vec<usize> {
    let mut spans = vec![0; rows.len()];
    let mut start = 0;
    for index in 1..=rows.len() {
        if index == rows.len() || !same(&rows[index - 1], &rows[index]) {
            spans[start] = index - start;
            start = index;
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Timeline;

    fn row(theme: &str, action: &str, detail: &str, rag: Rag, status: Status) -> AppendixRow {
        let timeline = Target::Timeline(Timeline::parse("Sep 19").unwrap());
        AppendixRow {
            reference: None,
            theme: theme.into(),
            action: action.into(),
            detail: detail.into(),
            leads: vec!["Ann Lead".into(), "Bob Lead".into()],
            original_timeline: timeline,
            timeline,
            comment: "=SUM(A1)".into(),
            rag,
            status,
            status_word: None,
            extras: vec![format!("x-{detail}")],
        }
    }

    /// The export that reads its rows twice writes exactly what the one
    /// that holds them writes: blanks where a theme or action repeats (and
    /// not where the same action text comes under another theme), columns
    /// widened by any row, extras in place.
    #[test]
    fn the_row_by_row_writer_gives_the_same_bytes_as_the_whole_table() {
        let rows = vec![
            row("Finance", "Budgets", "m1", Rag::Amber, Status::InProgress),
            row("Finance", "Budgets", "m2", Rag::Green, Status::Complete),
            row("Finance", "Plans", "m3", Rag::NotRated, Status::InProgress),
            row("People", "Plans", "m4", Rag::Red, Status::Closed),
            row("People", "Plans", "m5", Rag::Red, Status::InProgress),
        ];
        let extras = vec![ExtraColumn {
            header: "Notes".into(),
            after_field: None,
        }];
        let columns = AppendixColumns::for_rows(&rows, true);
        let mut whole = Vec::new();
        appendix_csv_with_columns(&mut whole, &rows, &extras, columns, CsvStyle::APPENDIX).unwrap();
        let mut needed = ColumnsNeeded::new(true);
        rows.iter().for_each(|r| needed.add(r));
        assert_eq!(needed.columns(), columns);
        let mut streamed = Vec::new();
        let mut writer =
            AppendixCsvWriter::new(&mut streamed, CsvStyle::APPENDIX, &extras, columns).unwrap();
        for r in &rows {
            writer.row(r).unwrap();
        }
        writer.finish().unwrap();
        assert_eq!(
            String::from_utf8(streamed).unwrap(),
            String::from_utf8(whole).unwrap()
        );
    }

    #[test]
    fn an_empty_plan_keeps_the_rag_column() {
        assert!(ColumnsNeeded::new(false).columns().rag);
        assert!(AppendixColumns::for_rows(&[], false).rag);
    }
}
