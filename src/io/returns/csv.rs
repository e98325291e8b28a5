//! Writing a lead return as CSV (UTF-8 with BOM, CRLF, formula-safe), with the
//! same columns as the workbook, for those who want it.

use std::io::{self, Write};

use crate::io::csvio::write::{CsvStyle, write_csv};
use crate::io::returns::columns::ReturnColumn;
use crate::io::returns::rows::ReturnRow;

/// Writes the rows of a return as CSV for Excel, with the byte order mark
/// when `bom` (always, but for `--no-bom`).
pub fn return_csv<W: Write>(out: W, rows: &[ReturnRow], bom: bool) -> io::Result<()> {
    let cells: Vec<Vec<String>> = rows.iter().map(ReturnRow::cells).collect();
    let style = CsvStyle::APPENDIX.with_bom(bom);
    write_csv(out, style, &ReturnColumn::headers(), &cells)
}
