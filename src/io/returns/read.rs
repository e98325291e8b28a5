//! Reading a returned file, xlsx or CSV, into text cells under their headers,
//! however Excel or LibreOffice resaved it: columns are found by header text
//! later (not here), CSV may be in any encoding `csvio` reads, a workbook is
//! read cell by cell through `io::workbook` (never a whole range), and a date cell
//! in a workbook becomes a month ("Mar 21") when it is formatted as a month
//! and year, or a day ("31/03/2021") otherwise.

use std::collections::BTreeMap;

use crate::error::{ImportError, Problem};
use crate::io::csvio::read::{MAX_CELL_CHARS, read_table};
use crate::io::returns::columns::ReturnColumn;
use crate::io::returns::workbook::RETURN_SHEET;
use crate::io::workbook::{CellSheet, SheetCell, SheetLimits, read_xlsx_cells};

/// A returned file read into text cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnedSheet {
    /// The header cells, trimmed.
    pub headers: Vec<String>,
    /// The rows below the header that hold anything.
    pub rows: Vec<ReturnedRow>,
}

/// One row of a returned file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnedRow {
    /// The row as a spreadsheet numbers it (the header is row 1 in a return as sent).
    pub number: usize,
    /// One cell per header.
    pub cells: Vec<String>,
    /// The columns (by index) holding a formula whose value was never saved.
    pub formulas_without_value: Vec<usize>,
}

/// True when the bytes are a zip archive, as an .xlsx file is.
pub fn is_workbook(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// Reads a returned file's bytes: a workbook when it is one, otherwise CSV.
/// `file` names the file in messages.
pub fn read_returned(file: &str, bytes: &[u8]) -> Result<ReturnedSheet, ImportError> {
    if is_workbook(bytes) {
        read_workbook(file, bytes)
    } else {
        let table = read_table(file, bytes, false)?;
        Ok(ReturnedSheet {
            headers: table.headers,
            rows: table
                .rows
                .into_iter()
                .map(|row| ReturnedRow {
                    number: row.number,
                    cells: row.cells,
                    formulas_without_value: Vec::new(),
                })
                .collect(),
        })
    }
}

fn refuse(file: &str, message: impl Into<String>) -> ImportError {
    ImportError {
        file: file.to_string(),
        problems: vec![Problem::file(message)],
    }
}

/// The furthest a returned workbook's sheets may reach: a return has a few
/// hundred rows and fifteen columns, so anything near Excel's limits is not one.
const RETURN_SHEET_LIMITS: SheetLimits = SheetLimits {
    rows: 100_000,
    columns: 1_000,
};

/// Reads the return sheet of a workbook: the sheet named "Return", or else
/// the first sheet with an ID and a Return token header.
fn read_workbook(file: &str, bytes: &[u8]) -> Result<ReturnedSheet, ImportError> {
    let mut sheets = read_xlsx_cells(bytes, RETURN_SHEET_LIMITS)
        .map_err(|e| refuse(file, format!("the workbook cannot be read: {e}")))?;
    if let Some(position) = sheets
        .iter()
        .position(|sheet| sheet.name.eq_ignore_ascii_case(RETURN_SHEET))
    {
        sheets.swap(0, position);
    }
    for cells in &sheets {
        let sheet = sheet_rows(file, cells)?;
        if has_return_headers(&sheet.headers) {
            return Ok(sheet);
        }
    }
    Err(refuse(
        file,
        format!(
            "no sheet has the {:?} and {:?} headers of a return; its sheets are {}",
            ReturnColumn::Id.header(),
            ReturnColumn::Token.header(),
            sheets
                .iter()
                .map(|sheet| format!("{:?}", sheet.name))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    ))
}

fn has_return_headers(headers: &[String]) -> bool {
    [ReturnColumn::Id, ReturnColumn::Token]
        .iter()
        .all(|column| {
            headers
                .iter()
                .any(|h| h.eq_ignore_ascii_case(column.header()))
        })
}

/// A sheet's cells as rows of text; the first non-blank row is the header.
/// A cell longer than a spreadsheet cell can be refuses the file, as in CSV.
fn sheet_rows(file: &str, sheet: &CellSheet) -> Result<ReturnedSheet, ImportError> {
    let mut by_row: BTreeMap<u32, Vec<&SheetCell>> = BTreeMap::new();
    for cell in &sheet.cells {
        let length = cell.text.chars().count();
        if length > MAX_CELL_CHARS {
            return Err(ImportError {
                file: file.to_string(),
                problems: vec![Problem::row(
                    cell.row as usize + 1,
                    format!(
                        "sheet {:?}, column {}: the cell holds {length} characters; a spreadsheet cell holds at most {MAX_CELL_CHARS}",
                        sheet.name,
                        cell.column + 1
                    ),
                )],
            });
        }
        by_row.entry(cell.row).or_default().push(cell);
    }
    let width = sheet
        .cells
        .iter()
        .map(|cell| cell.column as usize + 1)
        .max()
        .unwrap_or(0);
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for (row, cells) in by_row {
        let mut texts = vec![String::new(); width];
        let mut formulas_without_value = Vec::new();
        for cell in cells {
            texts[cell.column as usize] = cell.text.clone();
            if cell.formula_without_value {
                formulas_without_value.push(cell.column as usize);
            }
        }
        if texts.iter().all(|t| t.trim().is_empty()) && formulas_without_value.is_empty() {
            continue;
        }
        match &headers {
            None => headers = Some(texts.iter().map(|t| t.trim().to_string()).collect()),
            Some(_) => rows.push(ReturnedRow {
                number: row as usize + 1,
                cells: texts,
                formulas_without_value,
            }),
        }
    }
    Ok(ReturnedSheet {
        headers: headers.unwrap_or_default(),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_cell_longer_than_a_spreadsheet_cell_is_refused() {
        let cell = |row, text: String| SheetCell {
            row,
            column: 0,
            text,
            formula_without_value: false,
        };
        let sheet = CellSheet {
            name: "Return".to_string(),
            cells: vec![
                cell(0, "ID".to_string()),
                cell(1, "x".repeat(MAX_CELL_CHARS + 1)),
            ],
        };
        let err = sheet_rows("r.xlsx", &sheet).unwrap_err();
        assert_eq!(err.problems[0].row, Some(2));
        assert!(
            err.problems[0].message.contains(
                "the cell holds 32768 characters; a spreadsheet cell holds at most 32767"
            ),
            "{err:?}"
        );
    }

    #[test]
    fn csv_is_read_by_the_shared_reader_and_refusals_name_the_file() {
        let sheet = read_returned("r.csv", b"ID,Return token\r\n4,R1-E0\r\n,\r\n").unwrap();
        assert_eq!(sheet.headers, ["ID", "Return token"]);
        assert_eq!(sheet.rows.len(), 1);
        assert_eq!(sheet.rows[0].number, 2);
        let err = read_returned("r.xlsx", b"PK\x03\x04 not really").unwrap_err();
        assert_eq!(err.file, "r.xlsx");
        assert!(err.problems[0].message.contains("cannot be read"));
    }
}
