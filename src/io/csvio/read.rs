//! Reading a CSV file into rows numbered as a spreadsheet numbers them.

use crate::error::{ImportError, Problem};
use crate::io::csvio::decode::{Encoding, decode};
use crate::io::csvio::formula;
use crate::model::count_words;

/// The longest cell Excel holds; longer cells are refused rather than truncated.
pub use crate::model::text_rules::MAX_CELL_CHARS;

/// A CSV file read into cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// The header cells, trimmed.
    pub headers: Vec<String>,
    /// For a two-row header, the banner above each header cell (a merged
    /// cell such as "Current Period March 2016" over "Status" and "BRAG"),
    /// one entry per header, empty where a column has no banner. All empty
    /// for a one-row header.
    pub banners: Vec<String>,
    /// Data rows, skipping rows whose cells are all blank.
    pub rows: Vec<TableRow>,
    /// The encoding the file was in.
    pub encoding: Encoding,
}

/// One data row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    /// The row as a spreadsheet numbers it: the header is row 1.
    pub number: usize,
    /// One cell per header, formula prefixes stripped (unless raw).
    pub cells: Vec<String>,
}

/// Reads a CSV file's bytes. `file` names the file in messages. With `raw`,
/// cells are taken as they are; otherwise the formula-injection prefix that
/// exports add is stripped. Every ragged row and oversized cell is reported.
pub fn read_table(file: &str, bytes: &[u8], raw: bool) -> Result<Table, ImportError> {
    let (records, encoding) = read_records(file, bytes)?;
    let mut records = records.into_iter();
    let Some((_, header_cells)) = records.next() else {
        return Err(refusal(file, Problem::file("the file is empty")));
    };
    let headers: Vec<String> = header_cells.iter().map(|h| h.trim().to_string()).collect();
    let banners = vec![String::new(); headers.len()];
    table_from_records(file, headers, banners, records, raw, encoding)
}

/// One record of a CSV file: its row as a spreadsheet numbers it, and its cells.
pub type Record = (usize, Vec<String>);

/// Reads a CSV file's bytes into records, each numbered as a spreadsheet
/// numbers its rows, with the encoding the file was in. Refuses an empty
/// file and one that is not text.
pub fn read_records(file: &str, bytes: &[u8]) -> Result<(Vec<Record>, Encoding), ImportError> {
    let refuse = |problem: Problem| refusal(file, problem);
    let (text, encoding) = decode(bytes).map_err(|message| refuse(Problem::file(message)))?;
    if text.trim().is_empty() {
        return Err(refuse(Problem::file(
            "the file is empty: expected a header row and at least one data row",
        )));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = Vec::new();
    let mut record = csv::StringRecord::new();
    // The csv crate's line counter does not count CRLF the way a spreadsheet
    // numbers rows, so count line breaks ourselves from each record's byte offset.
    let mut line_breaks_before = 0u64;
    let mut counted_up_to = 0usize;
    let mut newlines_inside_cells = 0u64;
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                // A record's offset can point at the line break before it (and at
                // blank lines the reader skipped): step over them so they are counted.
                let mut start = record.position().map_or(0, |p| p.byte() as usize);
                while matches!(text.as_bytes().get(start), Some(b'\r' | b'\n')) {
                    start += 1;
                }
                line_breaks_before +=
                    count_line_breaks_between(text.as_bytes(), counted_up_to, start);
                counted_up_to = start;
                let number = (1 + line_breaks_before - newlines_inside_cells) as usize;
                newlines_inside_cells += record.iter().map(count_line_breaks).sum::<u64>();
                records.push((
                    number,
                    record.iter().map(str::to_string).collect::<Vec<_>>(),
                ));
            }
            Err(error) => {
                return Err(refuse(Problem::file(format!(
                    "not readable as CSV: {error}"
                ))));
            }
        }
    }
    Ok((records, encoding))
}

/// Builds a table from its header (and the banner above each header cell)
/// and the records below it: skips blank rows, reports every ragged row and
/// oversized cell, and strips formula prefixes unless `raw`.
pub fn table_from_records(
    file: &str,
    headers: Vec<String>,
    banners: Vec<String>,
    records: impl IntoIterator<Item = Record>,
    raw: bool,
    encoding: Encoding,
) -> Result<Table, ImportError> {
    if let [only] = headers.as_slice()
        && let Some(name) = other_delimiter(only)
    {
        return Err(refusal(
            file,
            Problem::file(format!(
                "the header row is one cell holding {name}: the file separates its cells with {name}, not commas; save it from Excel as CSV UTF-8 (comma delimited)"
            )),
        ));
    }
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    for (number, cells) in records {
        if cells.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if let Some(row) = shape_row(number, cells, &headers, raw, &mut problems) {
            rows.push(row);
        }
    }
    if !problems.is_empty() {
        return Err(ImportError {
            file: file.to_string(),
            problems,
        });
    }
    Ok(Table {
        banners,
        headers,
        rows,
        encoding,
    })
}

/// A refusal of `file` for one problem.
fn refusal(file: &str, problem: Problem) -> ImportError {
    ImportError {
        file: file.to_string(),
        problems: vec![problem],
    }
}

/// The name of a separator other than a comma that a lone header cell holds.
fn other_delimiter(header: &str) -> Option<&'static str> {
    if header.contains(';') {
        Some("semicolons")
    } else if header.contains('\t') {
        Some("tabs")
    } else {
        None
    }
}

/// Line breaks in a cell: CRLF, LF and a lone CR each count once.
fn count_line_breaks(cell: &str) -> u64 {
    count_line_breaks_between(cell.as_bytes(), 0, cell.len())
}

/// Line breaks that end in `bytes[from..to]`, looking past `to` so that a CRLF
/// split across the boundary counts once (at its LF).
fn count_line_breaks_between(bytes: &[u8], from: usize, to: usize) -> u64 {
    let mut count = 0;
    for i in from..to.min(bytes.len()) {
        let lone_cr = bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n');
        if bytes[i] == b'\n' || lone_cr {
            count += 1;
        }
    }
    count
}

/// Checks a row against the header: no cells beyond it but blank ones, none
/// missing, none longer than a spreadsheet holds.
fn shape_row(
    number: usize,
    mut cells: Vec<String>,
    headers: &[String],
    raw: bool,
    problems: &mut Vec<Problem>,
) -> Option<TableRow> {
    let width = headers.len();
    let mut ok = true;
    if cells.len() > width {
        if let Some(extra) = cells[width..].iter().position(|c| !c.trim().is_empty()) {
            problems.push(Problem::row(
                number,
                format!(
                    "the row has {} cells but the header has {width}: cell {} has {:?} beyond the last column (a stray comma, or a cell that was not quoted?)",
                    cells.len(),
                    width + extra + 1,
                    preview(&cells[width + extra])
                ),
            ));
            ok = false;
        }
        cells.truncate(width);
    } else if cells.len() < width {
        let hint = if cells.last().is_some_and(|cell| count_line_breaks(cell) > 0) {
            " (its last cell runs over several lines: is a closing quote missing?)"
        } else {
            ""
        };
        problems.push(Problem::cell(
            number,
            &headers[cells.len()],
            format!(
                "the row has {} but the header has {width}: this column and those after it are missing{hint}",
                count_words(cells.len(), "cell")
            ),
        ));
        ok = false;
    }
    for (cell, header) in cells.iter().zip(headers) {
        let length = cell.chars().count();
        if length > MAX_CELL_CHARS {
            problems.push(Problem::cell(
                number,
                header,
                format!("the cell holds {length} characters; a spreadsheet cell holds at most {MAX_CELL_CHARS}"),
            ));
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    let cells = if raw {
        cells
    } else {
        cells
            .iter()
            .map(|cell| formula::restore(cell).to_string())
            .collect()
    };
    Some(TableRow { number, cells })
}

/// The first few characters of a value, for messages.
pub fn preview(value: &str) -> String {
    const LIMIT: usize = 60;
    if value.chars().count() <= LIMIT {
        value.to_string()
    } else {
        let mut short: String = value.chars().take(LIMIT).collect();
        short.push('…');
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<(usize, Vec<String>)> {
        read_table("t.csv", text.as_bytes(), false)
            .unwrap()
            .rows
            .into_iter()
            .map(|r| (r.number, r.cells))
            .collect()
    }

    #[test]
    fn numbers_rows_as_a_spreadsheet_does_across_quoted_newlines_and_blank_lines() {
        let got = rows("h1,h2\r\n\"a\r\nb\",c\r\n\r\nd,\"e\nf\ng\"\r\nh,i\r\n");
        assert_eq!(
            got,
            vec![
                (2, vec!["a\r\nb".to_string(), "c".to_string()]),
                (4, vec!["d".to_string(), "e\nf\ng".to_string()]),
                (5, vec!["h".to_string(), "i".to_string()]),
            ]
        );
    }

    #[test]
    fn skips_all_blank_rows_and_tolerates_trailing_empty_cells() {
        assert_eq!(
            rows("a,b\n,\nx,y,,\n"),
            vec![(3, vec!["x".into(), "y".into()])]
        );
    }

    #[test]
    fn strips_formula_prefix_unless_raw() {
        assert_eq!(rows("a\n'=1+1\n"), vec![(2, vec!["=1+1".to_string()])]);
        let raw = read_table("t.csv", b"a\n'=1+1\n", true).unwrap();
        assert_eq!(raw.rows[0].cells, vec!["'=1+1".to_string()]);
    }

    #[test]
    fn reports_every_ragged_row() {
        let err = read_table("t.csv", b"a,b,c\n1,2\n1,2,3,4\n1,2,3\n", false).unwrap_err();
        assert_eq!(err.problems.len(), 2);
        assert_eq!(err.problems[0].row, Some(2));
        assert_eq!(err.problems[0].column.as_deref(), Some("c"));
        assert_eq!(err.problems[1].row, Some(3));
    }

    #[test]
    fn names_the_separator_of_a_semicolon_or_tab_file() {
        let err = read_table("t.csv", b"a;b;c\n1;2;3\n", false).unwrap_err();
        assert!(err.problems[0].message.contains("semicolons"), "{err}");
        let err = read_table("t.csv", b"a\tb\n1\t2\n", false).unwrap_err();
        assert!(err.problems[0].message.contains("tabs"), "{err}");
    }

    #[test]
    fn hints_at_a_missing_closing_quote() {
        let err = read_table("t.csv", b"a,b,c\n\"1,2,3\n4,5,6\n", false).unwrap_err();
        assert_eq!(err.problems[0].row, Some(2));
        assert!(err.problems[0].message.contains("closing quote"), "{err}");
    }

    #[test]
    fn refuses_empty_file_and_oversized_cells() {
        assert!(read_table("t.csv", b"", false).is_err());
        assert!(read_table("t.csv", b"\r\n \r\n", false).is_err());
        let big = format!("a\n{}\n", "x".repeat(MAX_CELL_CHARS + 1));
        let err = read_table("t.csv", big.as_bytes(), false).unwrap_err();
        assert_eq!(err.problems[0].column.as_deref(), Some("a"));
    }
}
