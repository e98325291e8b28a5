//! Reading the files plans are kept in (CSV, Excel and OpenDocument
//! workbooks, Word papers) into one [`Table`], so that everything after it
//! works the same whatever the file: the header row found below any title
//! rows, a two-row header read as one (banner over sub-header), merged cells
//! filled in, line breaks kept, date cells read by their number format, and
//! rows numbered as the spreadsheet (or the Word table) numbers them.
//!
//! This module knows nothing of the appendix layout: the caller passes the
//! column names a header row may hold.

pub mod appendix;
mod archive;
pub mod csvio;
pub mod dates;
pub mod detect;
mod docx;
mod grid;
mod ods_merges;
mod panic_guard;
pub mod returns;
pub mod selfeval;
pub mod workbook;

use crate::error::{ImportError, PartKind, Problem, ReadingChoice};
use crate::io::csvio::decode::Encoding;
use crate::io::csvio::read::{Table, preview, read_records, table_from_records};
use crate::model::count_words;

pub use detect::Format;
use grid::{Grid, HEADER_MIN_MATCHES, HEADER_SEARCH_ROWS, KnownHeaders};
use panic_guard::without_panicking;

/// Which part of a file to read, and where its header is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The sheet of a workbook (`--sheet NAME`); by default the one whose
    /// header row names the most known columns.
    pub sheet: Option<String>,
    /// The table of a Word document, counting from 1 (`--table N`); by
    /// default the one whose header row names the most known columns.
    pub table: Option<usize>,
    /// The header row as the file numbers it (`--header-row N`); by default
    /// the row that best matches the known column names.
    pub header_row: Option<usize>,
    /// Take cells as they are, without stripping the formula-injection prefix.
    pub raw: bool,
}

/// A note about one cell, added to any problem later found in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellNote {
    /// The row as the file numbers it.
    pub row: usize,
    /// The column's header.
    pub column: String,
    /// What to add to a problem in this cell.
    pub note: String,
}

/// A file read into a table, with where in the file it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceTable {
    /// The table.
    pub table: Table,
    /// The kind of file.
    pub format: Format,
    /// The sheet or table read (`sheet "Plan"`, `table 2`); `None` for CSV.
    pub part: Option<String>,
    /// Notes on cells, such as a number that may have been meant as a date.
    pub notes: Vec<CellNote>,
    /// What the user should know although the file was read, such as date
    /// cells whose format could not be read.
    pub warnings: Vec<String>,
}

impl SourceTable {
    /// Adds to a refusal of this table what only the reader knows: the note
    /// on each cell a problem names, and the sheet or table each row is in.
    pub fn explain(&self, mut error: ImportError) -> ImportError {
        for problem in &mut error.problems {
            let (Some(row), column) = (problem.row, problem.column.as_deref()) else {
                continue;
            };
            if let Some(note) = self
                .notes
                .iter()
                .find(|n| n.row == row && Some(n.column.as_str()) == column)
            {
                problem.message = format!("{} ({})", problem.message, note.note);
            }
        }
        name_part(error, self.part.as_deref())
    }
}

/// Says in each problem which sheet or table was read (if any): the row's
/// for a problem in a row, the part read for one about the whole table
/// (such as a column it lacks).
fn name_part(mut error: ImportError, part: Option<&str>) -> ImportError {
    let Some(part) = part else {
        return error;
    };
    for problem in &mut error.problems {
        problem.message = format!("{} [in {part}]", problem.message);
    }
    error
}

/// Reads a plan file's bytes into a table. `file` names the file in
/// messages; `extension` (lower case) only names a file whose content cannot
/// tell; `known_headers` are the column names a header row may hold.
pub fn read_source(
    file: &str,
    bytes: &[u8],
    extension: &str,
    known_headers: &[String],
    options: &ReadOptions,
) -> Result<SourceTable, ImportError> {
    let refuse_for = |problem: Problem| ImportError {
        file: file.to_string(),
        problems: vec![problem],
    };
    let refuse = |message: String| refuse_for(Problem::file(message));
    let format = detect::detect(bytes, extension).map_err(refuse)?;
    let known = KnownHeaders::new(known_headers);
    if options.sheet.is_some()
        && !matches!(
            format,
            Format::Xlsx | Format::Xls | Format::Xlsb | Format::Ods
        )
    {
        return Err(refuse_for(Problem::choice(
            ReadingChoice::SheetOfNoWorkbook {
                format: format.describe().to_string(),
            },
        )));
    }
    if options.table.is_some() && format != Format::Docx {
        return Err(refuse_for(Problem::choice(
            ReadingChoice::TableOfNoDocument {
                format: format.describe().to_string(),
            },
        )));
    }
    let (grid, encoding) = match format {
        Format::Csv => {
            let (records, encoding) = read_records(file, bytes)?;
            let grid = Grid {
                rows: records,
                ..Grid::default()
            };
            (grid, encoding)
        }
        Format::Xlsx | Format::Xls | Format::Xlsb | Format::Ods => {
            let sheets = workbook::read_sheets(bytes, format).map_err(|error| {
                refuse(format!(
                    "this is {}, not CSV, and it cannot be read: {error}; open it in the program that made it and save it again, or save the plan as CSV UTF-8",
                    format.describe()
                ))
            })?;
            // A hidden sheet is often last year's copy of the plan: it is a
            // candidate only when --sheet names it (or no sheet is visible).
            let wanted = options
                .sheet
                .as_deref()
                .map(|name| Wanted::Named(name.trim()));
            let any_visible = sheets.iter().any(|sheet| !sheet.is_hidden());
            let skip_hidden = wanted.is_none() && any_visible;
            let (candidates, skipped): (Vec<&workbook::Sheet>, Vec<&workbook::Sheet>) = sheets
                .iter()
                .partition(|sheet| !(skip_hidden && sheet.is_hidden()));
            // Only the first rows of each sheet are laid out to choose one.
            let previews = without_panicking(|| {
                candidates
                    .iter()
                    .map(|sheet| sheet.grid(Some(HEADER_SEARCH_ROWS)))
                    .collect::<Result<Vec<_>, _>>()
            })
            .map_err(refuse)?;
            // A plan kept only on a hidden sheet is not lost: the refusal names
            // the hidden sheets.
            let hidden: Vec<String> = skipped.iter().map(|sheet| sheet.label()).collect();
            let sheets = Parts {
                grids: &previews,
                kind: PartKind::Sheet,
                hidden,
            };
            let index = choose(&sheets, wanted, &known, options.header_row).map_err(refuse_for)?;
            let grid = without_panicking(|| candidates[index].grid(None)).map_err(refuse)?;
            (grid, Encoding::Utf8)
        }
        Format::Docx => {
            let tables = without_panicking(|| docx::read_tables(bytes)).map_err(|error| {
                refuse(format!(
                    "this is a Word document (.docx), and it cannot be read: {error}; open it in Word and save it again"
                ))
            })?;
            if tables.is_empty() {
                return Err(refuse(
                    "the Word document holds no table: the plan must be a table in the document"
                        .into(),
                ));
            }
            let wanted = options.table.map(Wanted::Numbered);
            let parts = Parts {
                grids: &tables,
                kind: PartKind::Table,
                hidden: Vec::new(),
            };
            let index = choose(&parts, wanted, &known, options.header_row).map_err(refuse_for)?;
            let table = tables
                .into_iter()
                .nth(index)
                .expect("choose gives an index");
            (table, Encoding::Utf8)
        }
    };
    let header = header_index(&grid, &known, options.header_row).map_err(refuse_for)?;
    let split = grid.split_at_header(header);
    let part = (format != Format::Csv).then(|| grid.label.clone());
    let table = table_from_records(
        file,
        split.headers,
        split.banners,
        split.data,
        options.raw,
        encoding,
    )
    .map_err(|error| name_part(error, part.as_deref()))?;
    if !split.error_cells.is_empty() {
        let problems = split
            .error_cells
            .iter()
            .map(|(row, column, error)| {
                Problem::cell(
                    *row,
                    column,
                    format!(
                        "the cell holds the spreadsheet error {error} (a formula that could not be worked out), not a value: correct the formula, or type the value over it"
                    ),
                )
            })
            .collect();
        let error = ImportError {
            file: file.to_string(),
            problems,
        };
        return Err(name_part(error, part.as_deref()));
    }
    let notes = split
        .notes
        .into_iter()
        .map(|(row, column, note)| CellNote { row, column, note })
        .collect();
    let mut warnings = Vec::new();
    if grid.nested_tables > 0 {
        warnings.push(format!(
            "{}: {} inside its cells were not read; if the plan's rows are in them, copy them out into the table itself",
            grid.label,
            count_words(grid.nested_tables, "table")
        ));
    }
    if grid.dates_read_as_days > 0 {
        warnings.push(format!(
            "{}: {} date cells were read as the day they hold, because {} does not say whether a date is formatted as a month; a month typed as a date (\"Sep 19\") is then due on its first day. Save the workbook as .xlsx and import that to read months as months",
            grid.label,
            grid.dates_read_as_days,
            format.describe()
        ));
    }
    Ok(SourceTable {
        table,
        format,
        part,
        notes,
        warnings,
    })
}

/// A sheet or table asked for by name or number.
#[derive(Debug, Clone, Copy)]
enum Wanted<'a> {
    /// A sheet, by name (case and surrounding spaces ignored).
    Named(&'a str),
    /// A table, counting from 1.
    Numbered(usize),
}

/// The sheets or tables of a file, to choose one from.
struct Parts<'a> {
    /// Each part's grid (or the first rows of it).
    grids: &'a [Grid],
    /// Sheets or tables.
    kind: PartKind,
    /// The hidden sheets left out of `grids`, named for a refusal.
    hidden: Vec<String>,
}

/// The index of the sheet or table to read: the one asked for, else the one
/// whose header row names the most known columns, the first on a tie (or,
/// with a header row given and none matching, the first).
fn choose(
    parts: &Parts<'_>,
    wanted: Option<Wanted<'_>>,
    known: &KnownHeaders,
    header_row: Option<usize>,
) -> Result<usize, Problem> {
    let kind = parts.kind;
    let parts_hidden = &parts.hidden;
    let parts = parts.grids;
    let labels = || {
        parts
            .iter()
            .map(|part| match part.first_filled_row() {
                Some(row) => format!(
                    "{} (first row: {})",
                    part.label,
                    quoted_cells(&part.rows[row].1)
                ),
                None => format!("{} (empty)", part.label),
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    if let Some(wanted) = wanted {
        let found = match wanted {
            Wanted::Named(name) => parts
                .iter()
                .position(|p| p.label.eq_ignore_ascii_case(&format!("sheet {name:?}"))),
            Wanted::Numbered(number) => number.checked_sub(1).filter(|&i| i < parts.len()),
        };
        let Some(index) = found else {
            let missing = match wanted {
                Wanted::Named(name) => ReadingChoice::NoSuchSheet {
                    name: name.to_string(),
                    sheets: labels(),
                },
                Wanted::Numbered(number) => ReadingChoice::NoSuchTable {
                    number,
                    tables: labels(),
                },
            };
            return Err(Problem::choice(missing));
        };
        return Ok(index);
    }
    // The part whose header names the most known columns, not the first to
    // name two: a key to the RAG colours or a version table names two.
    let mut matching: Option<(usize, usize)> = None;
    for (index, part) in parts.iter().enumerate() {
        let score = part.best_header_row(known).map_or(0, |(_, score)| score);
        if score >= HEADER_MIN_MATCHES && matching.is_none_or(|(_, best)| score > best) {
            matching = Some((index, score));
        }
    }
    let matching = matching.map(|(index, _)| index);
    match matching {
        Some(index) => Ok(index),
        None if header_row.is_some() && !parts.is_empty() => Ok(0),
        None => Err(Problem::choice(ReadingChoice::NoHeaderRow {
            kind,
            parts: labels(),
            hidden: parts_hidden.clone(),
        })),
    }
}

/// The index of the header row: the row given, else the row that best
/// matches the known headers, else the first row that is not blank.
fn header_index(
    grid: &Grid,
    known: &KnownHeaders,
    header_row: Option<usize>,
) -> Result<usize, Problem> {
    let place = if grid.label.is_empty() {
        "the file".to_string()
    } else {
        grid.label.clone()
    };
    if let Some(number) = header_row {
        return grid.row_numbered(number).ok_or_else(|| {
            Problem::choice(ReadingChoice::NoSuchHeaderRow {
                number,
                place: place.clone(),
                last: grid.last_number(),
            })
        });
    }
    let best = grid
        .best_header_row(known)
        .filter(|(_, score)| *score >= HEADER_MIN_MATCHES)
        .map(|(index, _)| index);
    best.or_else(|| grid.first_filled_row()).ok_or_else(|| {
        Problem::file(format!(
            "{place} is empty: expected a header row and at least one data row"
        ))
    })
}

/// The first few filled cells of a row, quoted, for messages.
fn quoted_cells(cells: &[String]) -> String {
    const SHOWN: usize = 5;
    let filled: Vec<String> = cells
        .iter()
        .map(|c| c.trim())
        .filter(|c| !c.is_empty())
        .map(|c| format!("{:?}", preview(c)))
        .collect();
    let mut text = filled
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if filled.len() > SHOWN {
        text.push_str(", …");
    }
    text
}
