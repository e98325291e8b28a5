//! Writing a lead return as CSV (UTF-8 with BOM, CRLF, formula-safe), with the
//! same columns as the workbook, for those who want it.

use std::io::{self, Write};

use crate::csvio::write::{CsvStyle, write_csv};
use crate::returns::columns::ReturnColumn;
use crate::returns::rows::ReturnRow;

/// Writes the rows of a return as CSV for Excel.
pub fn return_csv<W: Write>(out: W, rows: &[ReturnRow]) -> io::Result<()> {
    let cells: Vec<Vec<String>> = rows.iter().map(ReturnRow::cells).collect();
    write_csv(out, CsvStyle::APPENDIX, &ReturnColumn::headers(), &cells)
}
