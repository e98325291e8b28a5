//! Workbooks (.xlsx, .xlsm, .xls, .ods) through calamine: every sheet as a
//! grid of cell text, with merged regions, date cells by their number format,
//! and a note on each number that may have been meant as a date.

use std::io::Cursor;

use calamine::{Data, Dimensions, Ods, Range, Reader, StyleRange, Xls, Xlsx};

use crate::io::dates::{date_text, is_month_format};
use crate::io::detect::Format;
use crate::io::grid::{Grid, Merge};

/// Serial numbers of dates from 1901 to 2099: a whole number in this range
/// in a cell formatted as a number may have been meant as a date.
const DATE_LIKE_SERIALS: std::ops::RangeInclusive<i64> = 367..=73_050;

/// Every sheet of a workbook, in order. The error says what calamine found wrong.
pub fn read_sheets(bytes: &[u8], format: Format) -> Result<Vec<Grid>, String> {
    without_panicking(|| read_sheets_unguarded(bytes, format))
}

/// Runs a calamine read, turning a panic into an error. calamine asserts on
/// some damaged files (an OLE sector list of the wrong length panics in its
/// `to_u32`), and a damaged file must be refused, not crash the import. The
/// panic message is kept off stderr while the read runs (the panic hook is
/// process-wide, so a panic on another thread in that moment goes unprinted).
pub fn without_panicking<T>(read: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(read));
    std::panic::set_hook(previous_hook);
    outcome.unwrap_or_else(|_| Err("its structure is damaged".to_string()))
}

/// [`read_sheets`] without the guard against calamine panicking.
fn read_sheets_unguarded(bytes: &[u8], format: Format) -> Result<Vec<Grid>, String> {
    let cursor = Cursor::new(bytes);
    match format {
        Format::Xlsx => {
            let mut workbook: Xlsx<_> = Xlsx::new(cursor).map_err(|e| e.to_string())?;
            let mut grids = Vec::new();
            for name in workbook.sheet_names() {
                let range = workbook.worksheet_range(&name).map_err(|e| e.to_string())?;
                let styles = workbook.worksheet_style(&name).map_err(|e| e.to_string())?;
                let merges = workbook
                    .merge_cells_by_sheet_name(&name)
                    .map_err(|e| e.to_string())?;
                grids.push(sheet_grid(&name, &range, Some(&styles), &merges));
            }
            Ok(grids)
        }
        Format::Xls => {
            let mut workbook: Xls<_> = Xls::new(cursor).map_err(|e| e.to_string())?;
            let mut grids = Vec::new();
            for name in workbook.sheet_names() {
                let range = workbook.worksheet_range(&name).map_err(|e| e.to_string())?;
                let merges = workbook
                    .merge_cells_by_sheet_name(&name)
                    .map_err(|e| e.to_string())?;
                grids.push(sheet_grid(&name, &range, None, &merges));
            }
            Ok(grids)
        }
        Format::Ods => {
            let mut workbook: Ods<_> = Ods::new(cursor).map_err(|e| e.to_string())?;
            let mut grids = Vec::new();
            for name in workbook.sheet_names() {
                let range = workbook.worksheet_range(&name).map_err(|e| e.to_string())?;
                grids.push(sheet_grid(&name, &range, None, &[]));
            }
            Ok(grids)
        }
        Format::Csv | Format::Docx => Err(format!("{} is not a workbook", format.describe())),
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
        for name in workbook.sheet_names() {
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

/// One sheet as a grid: row indexes are the sheet's rows from row 1, so a
/// row's number is its index plus one.
fn sheet_grid(
    name: &str,
    range: &Range<Data>,
    styles: Option<&StyleRange>,
    merges: &[Dimensions],
) -> Grid {
    let mut grid = Grid {
        label: format!("sheet {name:?}"),
        merges: Some(
            merges
                .iter()
                .map(|m| Merge {
                    first_row: m.start.0 as usize,
                    last_row: m.end.0 as usize,
                    first_column: m.start.1 as usize,
                    last_column: m.end.1 as usize,
                })
                .collect(),
        ),
        ..Grid::default()
    };
    let Some((end_row, end_column)) = range.end() else {
        return grid;
    };
    let width = end_column as usize + 1;
    grid.rows = (0..=end_row as usize)
        .map(|row| (row + 1, vec![String::new(); width]))
        .collect();
    for (row, column, value) in range.used_cells() {
        let (row, column) = (
            row + range.start().map_or(0, |s| s.0 as usize),
            column + range.start().map_or(0, |s| s.1 as usize),
        );
        let format_code = styles
            .and_then(|s| s.get((row as u32, column as u32)))
            .and_then(|style| style.number_format.as_ref())
            .map(|f| f.format_code.as_str());
        if styles.is_none() && matches!(value, Data::DateTime(_) | Data::DateTimeIso(_)) {
            grid.dates_read_as_days += 1;
        }
        let (text, note) = cell_text(value, format_code);
        grid.rows[row].1[column] = text;
        if let Some(note) = note {
            grid.notes.push((row, column, note));
        }
    }
    grid
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
    fn ods_dates_are_days() {
        let (text, _) = cell_text(&Data::DateTimeIso("2021-03-31".into()), None);
        assert_eq!(text, "31/03/2021");
    }
}
