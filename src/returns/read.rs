//! Reading a returned file, xlsx or CSV, into text cells under their headers,
//! however Excel or LibreOffice resaved it: columns are found by header text
//! later (not here), CSV may be in any encoding `csvio` reads, and a date cell
//! in a workbook becomes a month ("Mar 2021") when it is formatted as a month
//! and year, or a day ("31/03/2021") otherwise.

use std::io::Cursor;

use calamine::{Data, Reader, StyleRange, Xlsx, open_workbook_from_rs};

use crate::csvio::read::read_table;
use crate::error::{ImportError, Problem};
use crate::returns::columns::ReturnColumn;
use crate::returns::workbook::RETURN_SHEET;

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

/// Reads the return sheet of a workbook: the sheet named "Return", or else
/// the first sheet with an ID and a Return token header.
fn read_workbook(file: &str, bytes: &[u8]) -> Result<ReturnedSheet, ImportError> {
    let mut workbook: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e| refuse(file, format!("the workbook cannot be read: {e}")))?;
    let mut names = workbook.sheet_names();
    if let Some(position) = names
        .iter()
        .position(|n| n.eq_ignore_ascii_case(RETURN_SHEET))
    {
        names.swap(0, position);
    }
    for name in &names {
        let range = workbook
            .worksheet_range(name)
            .map_err(|e| refuse(file, format!("sheet {name:?} cannot be read: {e}")))?;
        let styles = workbook
            .worksheet_style(name)
            .unwrap_or_else(|_| StyleRange::empty());
        let sheet = sheet_cells(&range, &styles);
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
            names
                .iter()
                .map(|n| format!("{n:?}"))
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

/// A sheet's cells as text; the first non-blank row is the header.
fn sheet_cells(range: &calamine::Range<Data>, styles: &StyleRange) -> ReturnedSheet {
    let Some((first_row, first_col)) = range.start() else {
        return ReturnedSheet {
            headers: Vec::new(),
            rows: Vec::new(),
        };
    };
    let mut headers: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    for (offset, cells) in range.rows().enumerate() {
        let row = first_row + offset as u32;
        let texts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                let position = (row, first_col + i as u32);
                let format = styles
                    .get(position)
                    .and_then(|style| style.number_format.as_ref())
                    .map(|f| f.format_code.as_str())
                    .unwrap_or("General");
                cell_text(cell, format)
            })
            .collect();
        if texts.iter().all(|t| t.trim().is_empty()) {
            continue;
        }
        match &headers {
            None => headers = Some(texts.iter().map(|t| t.trim().to_string()).collect()),
            Some(_) => rows.push(ReturnedRow {
                number: row as usize + 1,
                cells: texts,
            }),
        }
    }
    ReturnedSheet {
        headers: headers.unwrap_or_default(),
        rows,
    }
}

/// A cell as text. Whole numbers lose their ".0"; a date is written as a
/// month ("Mar 2021") when its number format shows only a month and year,
/// otherwise as a day ("31/03/2021"), both forms a timeline reads.
pub fn cell_text(cell: &Data, number_format: &str) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Int(number) => number.to_string(),
        Data::Float(number) if number.fract() == 0.0 && number.abs() < 1e15 => {
            format!("{}", *number as i64)
        }
        Data::Float(number) => number.to_string(),
        Data::Bool(value) => if *value { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(date) => match date.as_datetime() {
            Some(moment) if shows_month_not_day(number_format) => {
                moment.format("%b %Y").to_string()
            }
            Some(moment) => moment.format("%d/%m/%Y").to_string(),
            None => date.as_f64().to_string(),
        },
        Data::Error(error) => format!("#{error:?}"),
    }
}

/// True for a number format such as "mmm-yy" or "mmmm yyyy": a month and a
/// year, no day. Quoted text and [bracketed] sections are ignored.
pub fn shows_month_not_day(format: &str) -> bool {
    let mut codes = String::new();
    let mut in_quotes = false;
    let mut in_brackets = false;
    for c in format.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            '[' if !in_quotes => in_brackets = true,
            ']' if !in_quotes => in_brackets = false,
            _ if in_quotes || in_brackets => {}
            c => codes.push(c.to_ascii_lowercase()),
        }
    }
    codes.contains('m') && codes.contains('y') && !codes.contains('d')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_year_formats_are_months_and_others_are_days() {
        for format in [
            "mmm-yy",
            "mmmm yyyy",
            "[$-809]mmm yy",
            "mmm\\ yyyy",
            "MMM-YY",
        ] {
            assert!(shows_month_not_day(format), "{format}");
        }
        for format in [
            "dd/mm/yyyy",
            "d-mmm-yy",
            "General",
            "yyyy-mm-dd",
            "\"day\" mm",
        ] {
            assert!(!shows_month_not_day(format), "{format}");
        }
    }

    #[test]
    fn numbers_lose_their_decimal_point_when_whole() {
        assert_eq!(cell_text(&Data::Float(13.0), "General"), "13");
        assert_eq!(cell_text(&Data::Float(1.5), "General"), "1.5");
        assert_eq!(cell_text(&Data::Int(7), "General"), "7");
        assert_eq!(cell_text(&Data::Empty, "General"), "");
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
