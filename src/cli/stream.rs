//! Writing a report as it is read: JSON element by element, CSV row by row,
//! and tables too long to lay out whole as rows that go out as they come.
//! Everything goes through one buffered standard output, so a report over
//! any number of milestones holds only the row in hand.

use std::io::{self, BufWriter, StdoutLock, Write};

use anyhow::Result;
use serde::Serialize;

use actionplan::io::csvio::write::{CsvStyle, CsvWriter};
use actionplan::model::text_rules::escape_for_terminal;
use actionplan::render::fixed_width::FixedWidthTable;
use actionplan::render::markdown_text::{markdown_table_header, markdown_table_row};

use crate::cli::output::{FALLBACK_TABLE_WIDTH, Page, new_table};

/// Tables up to this many rows are laid out whole, every column measured
/// (comfy-table); a longer one is written row by row ([`LongTable`]).
pub const WHOLE_TABLE_ROWS: usize = 2_000;

/// How many rows a long table measures its columns on before it writes.
const SAMPLE_ROWS: usize = 200;

/// Standard output behind a 64 KiB buffer.
pub type Stdout = BufWriter<StdoutLock<'static>>;

/// Standard output behind a 64 KiB buffer: reports write through it.
pub fn buffered_stdout() -> Stdout {
    BufWriter::with_capacity(64 * 1024, io::stdout().lock())
}

/// A JSON array written element by element: the same bytes as the whole
/// list printed pretty (`[]` when empty), one element in memory at a time.
pub struct JsonArray {
    out: Stdout,
    element: Vec<u8>,
    written: usize,
}

impl JsonArray {
    /// Starts an array on standard output (nothing is written until the
    /// first element or the end).
    pub fn new() -> JsonArray {
        JsonArray {
            out: buffered_stdout(),
            element: Vec::new(),
            written: 0,
        }
    }

    /// Writes one element, indented as it would be inside the whole array.
    pub fn push<T: Serialize>(&mut self, element: &T) -> Result<()> {
        self.element.clear();
        // Serialised into memory first, so a closed pipe surfaces as a plain io::Error.
        serde_json::to_writer_pretty(&mut self.element, element)?;
        self.out.write_all(if self.written == 0 {
            b"[\n  "
        } else {
            b",\n  "
        })?;
        let mut lines = self.element.split(|byte| *byte == b'\n');
        if let Some(first) = lines.next() {
            self.out.write_all(first)?;
        }
        for line in lines {
            self.out.write_all(b"\n  ")?;
            self.out.write_all(line)?;
        }
        self.written += 1;
        Ok(())
    }

    /// Closes the array and the line, and flushes.
    pub fn finish(mut self) -> Result<()> {
        self.out
            .write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?;
        self.out.flush()?;
        Ok(())
    }
}

/// CSV on standard output, row by row, in the given style.
pub fn csv_to_stdout(style: CsvStyle, headers: &[&str]) -> Result<CsvWriter<Stdout>> {
    Ok(CsvWriter::new(buffered_stdout(), style, headers)?)
}

/// A table written row by row once it has measured its first rows: the
/// house look on a terminal (fixed column widths, cells wrapped), or
/// Markdown rows. Cells are escaped as they are written: for Markdown, then
/// for the terminal, as a table laid out whole is.
pub struct LongTable {
    page: Page,
    headers: Vec<String>,
    sample: Vec<Vec<String>>,
    writer: Option<LongTableWriter>,
}

/// Where a long table's rows go once its columns are set.
enum LongTableWriter {
    Text(FixedWidthTable<Stdout>),
    Markdown(Stdout),
}

impl LongTable {
    /// A table with these headers, for `page`.
    pub fn new(page: Page, headers: &[&str]) -> LongTable {
        LongTable {
            page,
            headers: headers.iter().map(|h| h.to_string()).collect(),
            sample: Vec::with_capacity(SAMPLE_ROWS),
            writer: None,
        }
    }

    /// Adds a row: held while the columns are measured, written after.
    pub fn row(&mut self, cells: Vec<String>) -> Result<()> {
        match &mut self.writer {
            Some(writer) => writer.row(&cells),
            None => {
                self.sample.push(cells);
                if self.sample.len() == SAMPLE_ROWS {
                    self.start()?;
                }
                Ok(())
            }
        }
    }

    /// Writes what is held and ends the table (Markdown: with a blank line,
    /// as every Markdown table on a page).
    pub fn finish(mut self) -> Result<()> {
        if self.writer.is_none() {
            self.start()?;
        }
        match self.writer {
            Some(LongTableWriter::Text(table)) => table.finish()?,
            Some(LongTableWriter::Markdown(mut out)) => {
                writeln!(out)?;
                out.flush()?;
            }
            None => {}
        }
        Ok(())
    }

    /// Sets the columns from the rows held, writes the header and them.
    fn start(&mut self) -> Result<()> {
        let headers: Vec<&str> = self.headers.iter().map(String::as_str).collect();
        let mut writer = match self.page {
            Page::Terminal => {
                let width = new_table(&headers).width().unwrap_or(FALLBACK_TABLE_WIDTH);
                let escaped: Vec<Vec<String>> = self
                    .sample
                    .iter()
                    .map(|cells| for_terminal(cells))
                    .collect();
                LongTableWriter::Text(FixedWidthTable::new(
                    buffered_stdout(),
                    &headers,
                    &escaped,
                    usize::from(width),
                )?)
            }
            Page::Markdown => {
                let mut out = buffered_stdout();
                out.write_all(escape_for_terminal(&markdown_table_header(&headers)).as_bytes())?;
                LongTableWriter::Markdown(out)
            }
        };
        for cells in std::mem::take(&mut self.sample) {
            writer.row(&cells)?;
        }
        self.writer = Some(writer);
        Ok(())
    }
}

impl LongTableWriter {
    fn row(&mut self, cells: &[String]) -> Result<()> {
        match self {
            LongTableWriter::Text(table) => table.row(&for_terminal(cells))?,
            LongTableWriter::Markdown(out) => {
                out.write_all(escape_for_terminal(&markdown_table_row(cells)).as_bytes())?
            }
        }
        Ok(())
    }
}

/// Cells with every character a terminal would obey escaped.
fn for_terminal(cells: &[String]) -> Vec<String> {
    cells
        .iter()
        .map(|cell| escape_for_terminal(cell).into_owned())
        .collect()
}
