//! Workbooks (.xlsx, .xlsm, .xls, .ods) through calamine: every sheet as a
//! grid of cell text, with merged regions, date cells by their number format,
//! and a note on each number that may have been meant as a date.

use std::io::{Cursor, Read, Seek};

use calamine::{Data, Dimensions, Ods, Reader, SheetType, SheetVisible, Xls, Xlsb, Xlsx};

use crate::io::archive::check_entry_sizes;
use crate::io::dates::{date_text, is_month_format, is_year_only_format};
use crate::io::detect::Format;
use crate::io::grid::{Grid, Merge};
use crate::io::ods_merges::read_merges;
use crate::io::panic_guard::without_panicking;

/// Serial numbers of dates from 1901 to 2099: a whole number in this range
/// in a cell formatted as a number may have been meant as a date.
const DATE_LIKE_SERIALS: std::ops::RangeInclusive<i64> = 367..=73_050;

/// The most cells a sheet read may span, from its first filled cell to its
/// last (rows times columns), and the most filled cells it may hold: a plan
/// is a few thousand cells, and one stray cell at the sheet's far corner
/// would otherwise make a grid of 17 billion.
pub const MAX_SHEET_CELLS: usize = 1_000_000;

/// One worksheet's filled cells, read but not yet laid out as a grid, so
/// that a sheet not chosen is never laid out in full.
#[derive(Debug, Clone, Default)]
pub struct Sheet {
    /// The sheet's name.
    name: String,
    /// Each filled cell: row and column (from 0) and its text.
    cells: Vec<(u32, u32, String)>,
    /// Notes on cells: row, column, note.
    notes: Vec<(u32, u32, String)>,
    /// Cells holding a spreadsheet error: row, column, the error.
    error_cells: Vec<(u32, u32, String)>,
    /// Merged regions, by row and column in the sheet.
    merges: Vec<Merge>,
    /// Date cells read as the day they hold (see [`Grid::dates_read_as_days`]).
    dates_read_as_days: usize,
    /// Hidden (or "very hidden") in the workbook: often an old copy of the
    /// plan, so it is read only when `--sheet` names it.
    hidden: bool,
}

/// Every worksheet of a workbook, in order; chart sheets and other sheets
/// that hold no cells are left out. The error says what was wrong.
pub fn read_sheets(bytes: &[u8], format: Format) -> Result<Vec<Sheet>, String> {
    if matches!(format, Format::Xlsx | Format::Xlsb | Format::Ods) {
        check_entry_sizes(bytes)?;
    }
    without_panicking(|| read_sheets_unguarded(bytes, format))
}

/// [`read_sheets`] without the guard against calamine panicking.
fn read_sheets_unguarded(bytes: &[u8], format: Format) -> Result<Vec<Sheet>, String> {
    let cursor = Cursor::new(bytes);
    match format {
        Format::Xlsx => read_xlsx(Xlsx::new(cursor).map_err(|e| e.to_string())?),
        Format::Xls => read_ranges(Xls::new(cursor).map_err(|e| e.to_string())?, |xls, name| {
            xls.merge_cells_by_sheet_name(name)
                .map(|regions| merges(&regions))
                .map_err(|e| e.to_string())
        }),
        Format::Xlsb => read_ranges(Xlsb::new(cursor).map_err(|e| e.to_string())?, |_, _| {
            Ok(Vec::new())
        }),
        Format::Ods => {
            let mut ods_merges = read_merges(bytes)?;
            read_ranges(Ods::new(cursor).map_err(|e| e.to_string())?, |_, name| {
                Ok(ods_merges.remove(name).unwrap_or_default())
            })
        }
        Format::Csv | Format::Docx => Err(format!("{} is not a workbook", format.describe())),
    }
}

/// The names of a workbook's worksheets (not chart, dialog or macro sheets).
fn worksheet_names<RS: Read + Seek, R: Reader<RS>>(workbook: &R) -> Vec<String> {
    workbook
        .sheets_metadata()
        .iter()
        .filter(|sheet| sheet.typ == SheetType::WorkSheet)
        .map(|sheet| sheet.name.clone())
        .collect()
}

/// Whether the sheet so named is hidden or very hidden.
fn is_hidden<RS: Read + Seek, R: Reader<RS>>(workbook: &R, name: &str) -> bool {
    workbook
        .sheets_metadata()
        .iter()
        .any(|sheet| sheet.name == name && sheet.visible != SheetVisible::Visible)
}

/// The sheets of an .xlsx, cell by cell as the file holds them, each date
/// cell read by its number format.
fn read_xlsx<RS: Read + Seek>(mut workbook: Xlsx<RS>) -> Result<Vec<Sheet>, String> {
    let mut sheets = Vec::new();
    for name in worksheet_names(&workbook) {
        let mut sheet = Sheet {
            name: name.clone(),
            hidden: is_hidden(&workbook, &name),
            ..Sheet::default()
        };
        let mut reader = workbook
            .worksheet_cells_reader(&name)
            .map_err(|e| e.to_string())?;
        while let Some((cell, style_id)) = reader
            .next_cell_with_style_id()
            .map_err(|e| e.to_string())?
        {
            let format_code = reader
                .styles()
                .get(style_id)
                .and_then(|style| style.number_format.as_ref())
                .map(|f| f.format_code.clone());
            let (row, column) = cell.get_position();
            let value: Data = cell.get_value().clone().into();
            sheet.add(row, column, &value, format_code.as_deref())?;
        }
        drop(reader);
        sheet.merges = merges(
            &workbook
                .merge_cells_by_sheet_name(&name)
                .map_err(|e| e.to_string())?,
        );
        sheets.push(sheet);
    }
    Ok(sheets)
}

/// The sheets of a workbook calamine reads whole (.xls, .xlsb, .ods), whose number
/// formats it does not give: a date cell is read as the day it holds.
fn read_ranges<RS, R>(
    mut workbook: R,
    mut merges_of: impl FnMut(&mut R, &str) -> Result<Vec<Merge>, String>,
) -> Result<Vec<Sheet>, String>
where
    RS: Read + Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let mut sheets = Vec::new();
    for name in worksheet_names(&workbook) {
        let range = workbook.worksheet_range(&name).map_err(|e| e.to_string())?;
        let mut sheet = Sheet {
            name: name.clone(),
            hidden: is_hidden(&workbook, &name),
            merges: merges_of(&mut workbook, &name)?,
            ..Sheet::default()
        };
        let (first_row, first_column) = range.start().unwrap_or((0, 0));
        for (row, column, value) in range.used_cells() {
            if matches!(value, Data::DateTime(_) | Data::DateTimeIso(_)) {
                sheet.dates_read_as_days += 1;
            }
            sheet.add(
                first_row + row as u32,
                first_column + column as u32,
                value,
                None,
            )?;
        }
        sheets.push(sheet);
    }
    Ok(sheets)
}

/// calamine's merged regions as the grid's. A region written end first (an
/// .xls merge record is passed on as the file has it) is put the right way
/// round, so no region ever ends before it starts.
fn merges(regions: &[Dimensions]) -> Vec<Merge> {
    regions
        .iter()
        .map(|m| Merge {
            first_row: m.start.0.min(m.end.0) as usize,
            last_row: m.start.0.max(m.end.0) as usize,
            first_column: m.start.1.min(m.end.1) as usize,
            last_column: m.start.1.max(m.end.1) as usize,
        })
        .collect()
}

impl Sheet {
    /// Whether the workbook hides this sheet.
    pub fn is_hidden(&self) -> bool {
        self.hidden
    }

    /// How messages name the sheet.
    pub fn label(&self) -> String {
        format!("sheet {:?}", self.name)
    }

    /// Adds one cell; refuses a sheet with more than [`MAX_SHEET_CELLS`] filled cells.
    fn add(
        &mut self,
        row: u32,
        column: u32,
        value: &Data,
        format_code: Option<&str>,
    ) -> Result<(), String> {
        let (text, note) = cell_text(value, format_code);
        if text.is_empty() {
            return Ok(());
        }
        if self.cells.len() >= MAX_SHEET_CELLS {
            return Err(format!(
                "{} holds more than {MAX_SHEET_CELLS} filled cells, more than a plan needs",
                self.label()
            ));
        }
        if let Data::Error(error) = value {
            self.error_cells.push((row, column, error.to_string()));
        }
        self.cells.push((row, column, text));
        if let Some(note) = note {
            self.notes.push((row, column, note));
        }
        Ok(())
    }

    /// The sheet laid out as a grid from its first filled row and column;
    /// with `row_limit`, only that many rows (enough to choose a sheet by its
    /// header). Row numbers stay the sheet's. Refuses a grid of more than
    /// [`MAX_SHEET_CELLS`] cells before making it.
    pub fn grid(&self, row_limit: Option<usize>) -> Result<Grid, String> {
        let mut grid = Grid {
            label: self.label(),
            merges: Some(Vec::new()),
            dates_read_as_days: self.dates_read_as_days,
            ..Grid::default()
        };
        let rows = self.cells.iter().map(|c| c.0);
        let columns = self.cells.iter().map(|c| c.1);
        let (Some(first_row), Some(last_row), Some(first_column), Some(last_column)) = (
            rows.clone().min(),
            rows.max(),
            columns.clone().min(),
            columns.max(),
        ) else {
            return Ok(grid);
        };
        let last_row = match row_limit {
            Some(limit) => last_row.min(first_row.saturating_add(limit.max(1) as u32 - 1)),
            None => last_row,
        };
        let height = (last_row - first_row) as usize + 1;
        let width = (last_column - first_column) as usize + 1;
        if height.saturating_mul(width) > MAX_SHEET_CELLS {
            return Err(format!(
                "{} has cells from {}{} to {}{}, {} cells in all; a sheet is read only if its filled cells lie within {MAX_SHEET_CELLS} cells: delete the stray cells far from the plan (Ctrl+End goes to the last one) or copy the plan to a new sheet, and import it again",
                self.label(),
                column_letters(first_column),
                first_row + 1,
                column_letters(last_column),
                last_row + 1,
                height as u64 * width as u64,
            ));
        }
        let place = |row: u32, column: u32| {
            ((first_row..=last_row).contains(&row) && column >= first_column)
                .then(|| ((row - first_row) as usize, (column - first_column) as usize))
        };
        grid.rows = (0..height)
            .map(|index| (first_row as usize + index + 1, vec![String::new(); width]))
            .collect();
        for (row, column, text) in &self.cells {
            if let Some((row, column)) = place(*row, *column) {
                grid.rows[row].1[column] = text.clone();
            }
        }
        let placed = |cells: &[(u32, u32, String)]| -> Vec<(usize, usize, String)> {
            cells
                .iter()
                .filter_map(|(row, column, text)| {
                    let (row, column) = place(*row, *column)?;
                    Some((row, column, text.clone()))
                })
                .collect()
        };
        grid.notes = placed(&self.notes);
        grid.error_cells = placed(&self.error_cells);
        // A region whose first cell is outside the grid holds no text to fill.
        grid.merges = Some(
            self.merges
                .iter()
                .filter_map(|m| {
                    let (row, column) = place(m.first_row as u32, m.first_column as u32)?;
                    Some(Merge {
                        first_row: row,
                        last_row: m.last_row.saturating_sub(first_row as usize).max(row),
                        first_column: column,
                        last_column: m
                            .last_column
                            .saturating_sub(first_column as usize)
                            .max(column),
                    })
                })
                .collect(),
        );
        Ok(grid)
    }
}

/// The furthest a sheet read cell by cell may reach: a cell beyond it
/// refuses the workbook instead of being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SheetLimits {
    /// Rows, counted from 1.
    pub rows: u32,
    /// Columns, counted from 1.
    pub columns: u32,
}

/// One cell of a sheet read cell by cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetCell {
    /// The row, from 0.
    pub row: u32,
    /// The column, from 0.
    pub column: u32,
    /// Its text, dates by their number format (see [`crate::io::dates`]).
    pub text: String,
    /// A formula whose value was never saved (the file was written by a
    /// program that does not calculate): its text is empty but is not blank.
    pub formula_without_value: bool,
}

/// One sheet of an .xlsx workbook as the cells it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellSheet {
    /// The sheet's name.
    pub name: String,
    /// Its cells in file order; empty cells without a formula are left out.
    pub cells: Vec<SheetCell>,
}

/// Every sheet of an .xlsx workbook, cell by cell, never as a whole range:
/// calamine builds a range as a dense rectangle, so a single cell at XFD1048576
/// would ask for hundreds of gigabytes. A sheet whose declared dimensions or
/// any cell goes beyond `limits` is refused before it is read further, and a
/// panic inside calamine becomes an error.
pub fn read_xlsx_cells(bytes: &[u8], limits: SheetLimits) -> Result<Vec<CellSheet>, String> {
    without_panicking(|| {
        let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| e.to_string())?;
        let mut sheets = Vec::new();
        for name in worksheet_names(&workbook) {
            sheets.push(read_sheet_cells(&mut workbook, &name, limits)?);
        }
        Ok(sheets)
    })
}

/// One sheet of [`read_xlsx_cells`]: values with their number formats, then
/// the formulas, in two passes of calamine's cell reader.
fn read_sheet_cells(
    workbook: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    limits: SheetLimits,
) -> Result<CellSheet, String> {
    let beyond = |(row, column): (u32, u32)| {
        (row >= limits.rows || column >= limits.columns).then(|| {
            format!(
                "sheet {name:?} reaches row {}, column {}: a sheet read here has at most {} rows and {} columns",
                u64::from(row) + 1,
                u64::from(column) + 1,
                limits.rows,
                limits.columns
            )
        })
    };
    let mut formulas = std::collections::HashSet::new();
    {
        let mut reader = workbook
            .worksheet_cells_reader(name)
            .map_err(|e| e.to_string())?;
        if let Some(refusal) = beyond(reader.dimensions().end) {
            return Err(refusal);
        }
        while let Some(cell) = reader.next_cell_with_formula().map_err(|e| e.to_string())? {
            if let Some(refusal) = beyond(cell.pos) {
                return Err(refusal);
            }
            if cell.formula.is_some() && Data::from(cell.value) == Data::Empty {
                formulas.insert(cell.pos);
            }
        }
    }
    let mut reader = workbook
        .worksheet_cells_reader(name)
        .map_err(|e| e.to_string())?;
    let mut cells = Vec::new();
    while let Some((cell, style_id)) = reader
        .next_cell_with_style_id()
        .map_err(|e| e.to_string())?
    {
        let position = cell.get_position();
        if let Some(refusal) = beyond(position) {
            return Err(refusal);
        }
        let format_code = reader
            .styles()
            .get(style_id)
            .and_then(|style| style.number_format.as_ref())
            .map(|format| format.format_code.clone());
        let value = Data::from(cell.get_value().clone());
        let formula_without_value = formulas.remove(&position);
        if value == Data::Empty && !formula_without_value {
            continue;
        }
        let (text, _) = cell_text(&value, format_code.as_deref());
        cells.push(SheetCell {
            row: position.0,
            column: position.1,
            text,
            formula_without_value,
        });
    }
    for (row, column) in formulas {
        cells.push(SheetCell {
            row,
            column,
            text: String::new(),
            formula_without_value: true,
        });
    }
    Ok(CellSheet {
        name: name.to_string(),
        cells,
    })
}

/// A column's letters as the spreadsheet shows them (0 is A, 26 is AA).
fn column_letters(column: u32) -> String {
    let mut letters = Vec::new();
    let mut rest = column as u64 + 1;
    while rest > 0 {
        let digit = ((rest - 1) % 26) as u8;
        letters.push(char::from(b'A' + digit));
        rest = (rest - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// A cell's text as the appendix reader takes it, and a note when the cell
/// holds a number that may have been meant as a date.
fn cell_text(value: &Data, format_code: Option<&str>) -> (String, Option<String>) {
    match value {
        Data::Empty => (String::new(), None),
        Data::String(text) => (text.replace("\r\n", "\n"), None),
        Data::Bool(true) => ("TRUE".to_string(), None),
        Data::Bool(false) => ("FALSE".to_string(), None),
        Data::Int(number) => (number.to_string(), date_like_note(*number as f64)),
        Data::Float(number) => {
            let text = if number.fract() == 0.0 && number.abs() < 1e15 {
                format!("{}", *number as i64)
            } else {
                number.to_string()
            };
            (text, date_like_note(*number))
        }
        Data::DateTime(datetime) => match datetime.as_datetime() {
            Some(moment)
                if datetime.is_datetime() && format_code.is_some_and(is_year_only_format) =>
            {
                // Read as 1 January it would be due eleven months early.
                (
                    moment.format("%Y").to_string(),
                    Some(
                        "the cell is formatted to show only the year: type the month or day it is due, such as \"Dec 21\" or \"31/03/2022\"".to_string(),
                    ),
                )
            }
            Some(moment) if datetime.is_datetime() => {
                let month_only = format_code.is_some_and(is_month_format);
                (date_text(moment.date(), month_only), None)
            }
            _ => (datetime.as_f64().to_string(), None),
        },
        Data::DateTimeIso(text) => match text.get(..10).and_then(|d| d.parse().ok()) {
            Some(date) => (date_text(date, false), None),
            None => (text.clone(), None),
        },
        Data::DurationIso(text) => (text.clone(), None),
        Data::Error(error) => (error.to_string(), None),
    }
}

/// The note for a whole number that looks like a date's serial number.
fn date_like_note(number: f64) -> Option<String> {
    let whole = number as i64;
    (number.fract() == 0.0 && DATE_LIKE_SERIALS.contains(&whole)).then(|| {
        format!(
            "the cell holds the number {whole}, formatted as a number, not a date: if it is a date, format the cell as a date (Format Cells > Date) or type the month as text such as \"Mar 21\""
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: an .xls merge record written end first made the grid
    /// subtract past zero: a panic in a debug build, and in a release build
    /// one cell's text copied down every row below it.
    #[test]
    fn a_merge_written_end_first_is_put_the_right_way_round() {
        let reversed = Dimensions {
            start: (5, 2),
            end: (0, 0),
        };
        assert_eq!(
            merges(&[reversed]),
            [Merge {
                first_row: 0,
                last_row: 5,
                first_column: 0,
                last_column: 2
            }]
        );
    }

    #[test]
    fn numbers_keep_their_text_and_date_like_ones_get_a_note() {
        let (text, note) = cell_text(&Data::Float(44286.0), Some("General"));
        assert_eq!(text, "44286");
        assert!(
            note.unwrap()
                .contains("the number 44286, formatted as a number, not a date")
        );
        assert_eq!(
            cell_text(&Data::Float(2.5), None),
            ("2.5".to_string(), None)
        );
        assert_eq!(cell_text(&Data::Int(3), None), ("3".to_string(), None));
    }

    #[test]
    fn line_breaks_inside_cells_are_kept() {
        let (text, _) = cell_text(&Data::String("one\r\ntwo\nthree".into()), None);
        assert_eq!(text, "one\ntwo\nthree");
    }

    #[test]
    fn columns_are_named_by_their_letters() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16_383), "XFD");
    }

    #[test]
    fn ods_dates_are_days() {
        let (text, _) = cell_text(&Data::DateTimeIso("2021-03-31".into()), None);
        assert_eq!(text, "31/03/2021");
    }
}
