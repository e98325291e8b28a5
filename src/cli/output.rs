//! Writing results: stdout for data, stderr for messages; tables for people,
//! CSV and JSON for other programs. Colour only on a terminal without NO_COLOR.

use std::fs::{self, File};
use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::Result;
use comfy_table::{Cell, Color, ContentArrangement, Table, presets};
use serde::Serialize;

use actionplan::io::csvio::write::{CsvStyle, write_csv};
use actionplan::model::Rag;
use actionplan::model::text_rules::{escape_for_terminal, is_unsafe_for_terminal};
use actionplan::render::markdown_text::{escape_markdown, markdown_table};

use crate::cli::formats::{self, FormatName};

pub use crate::cli::formats::Format;

/// Where a report's lines and tables are written on stdout: drawn for a
/// terminal, or as Markdown (each line a paragraph, each table a
/// GitHub-flavoured table). The same report code writes both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// Tables drawn with rules, RAG coloured when colour is on.
    Terminal,
    /// Markdown, every cell and line escaped.
    Markdown,
}

impl Page {
    /// The page for a format's human-readable forms (Markdown, or the table).
    pub fn for_format(format: Format) -> Page {
        if format == Format::Markdown {
            Page::Markdown
        } else {
            Page::Terminal
        }
    }

    /// Whether RAG cells are coloured: never in Markdown.
    pub fn colour(self) -> bool {
        self == Page::Terminal && use_colour()
    }

    /// Writes a line of text: as it is on a terminal (control characters
    /// escaped), or as a Markdown paragraph. An empty line only separates.
    pub fn line(self, line: &str) -> Result<()> {
        match self {
            Page::Terminal => print_line(line),
            Page::Markdown if line.is_empty() => Ok(()),
            Page::Markdown => {
                let mut out = io::stdout().lock();
                writeln!(out, "{}\n", escape_for_terminal(&escape_markdown(line)))?;
                Ok(())
            }
        }
    }

    /// Writes a table: drawn, or as a Markdown table followed by a blank line.
    pub fn table(self, table: &Table) -> Result<()> {
        match self {
            Page::Terminal => print_table(table),
            Page::Markdown => {
                let texts = |row: &comfy_table::Row| -> Vec<String> {
                    row.cell_iter().map(|cell| cell.content()).collect()
                };
                let headers = table.header().map(texts).unwrap_or_default();
                let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
                let rows: Vec<Vec<String>> = table.row_iter().map(texts).collect();
                let mut out = io::stdout().lock();
                writeln!(
                    out,
                    "{}",
                    escape_for_terminal(&markdown_table(&headers, &rows))
                )?;
                Ok(())
            }
        }
    }
}

/// Whether to colour output: stdout is a terminal and NO_COLOR is unset or empty.
pub fn use_colour() -> bool {
    colour_wanted(
        std::env::var_os("NO_COLOR").as_deref(),
        io::stdout().is_terminal(),
    )
}

/// The colour rule of <https://no-color.org>: any non-empty NO_COLOR turns
/// colour off, and colour is only ever for a terminal.
fn colour_wanted(no_color: Option<&std::ffi::OsStr>, stdout_is_terminal: bool) -> bool {
    let no_color = no_color.is_some_and(|value| !value.is_empty());
    stdout_is_terminal && !no_color
}

/// True when the error is stdout closing early (`| head`): not a failure.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(io_is_broken_pipe)
            || cause
                .downcast_ref::<csv::Error>()
                .is_some_and(csv_is_broken_pipe)
    })
}

fn io_is_broken_pipe(error: &io::Error) -> bool {
    error.kind() == io::ErrorKind::BrokenPipe
        || error
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<csv::Error>())
            .is_some_and(csv_is_broken_pipe)
}

fn csv_is_broken_pipe(error: &csv::Error) -> bool {
    matches!(error.kind(), csv::ErrorKind::Io(io) if io.kind() == io::ErrorKind::BrokenPipe)
}

/// Prints a value as pretty JSON and a newline.
pub fn print_json<T: Serialize + ?Sized>(value: &T) -> Result<()> {
    // Serialise first, so a closed pipe surfaces as a plain io::Error.
    let text = serde_json::to_string_pretty(value)?;
    writeln!(io::stdout().lock(), "{text}")?;
    Ok(())
}

/// Prints rows as CSV in the given style (from [`crate::cli::Context::csv_style`]:
/// BOM unless `--no-bom`, CRLF, formula-safe).
pub fn print_csv(style: CsvStyle, headers: &[&str], rows: &[Vec<String>]) -> Result<()> {
    write_csv(io::stdout().lock(), style, headers, rows)?;
    Ok(())
}

/// The width a table is drawn to when the terminal's is unknown (output to
/// a file or a pipe) or reported as 0 (some consoles and containers).
pub const FALLBACK_TABLE_WIDTH: u16 = 100;

/// A table with the house style: light rules, wrapped to the terminal's
/// width, or to [`FALLBACK_TABLE_WIDTH`] columns when that is unknown or 0.
pub fn new_table(headers: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_HORIZONTAL_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(headers.iter().copied());
    // Before any width is set, comfy-table's width is the terminal's: None
    // when stdout is not a terminal, Some(0) on a terminal that reports no
    // size, which would wrap every column to one character.
    let width = table_width(table.width());
    table.set_width(width);
    table
}

/// The width to draw tables to, given the terminal's width as detected: the
/// terminal's when it is known and not 0, else [`FALLBACK_TABLE_WIDTH`].
fn table_width(terminal_width: Option<u16>) -> u16 {
    terminal_width
        .filter(|&width| width > 0)
        .unwrap_or(FALLBACK_TABLE_WIDTH)
}

/// A RAG cell, coloured when colour is on.
pub fn rag_cell(rag: Rag, colour: bool) -> Cell {
    let cell = Cell::new(rag.label());
    if !colour {
        return cell;
    }
    match rag {
        Rag::Red => cell.fg(Color::Red),
        Rag::Amber => cell.fg(Color::Yellow),
        Rag::Green => cell.fg(Color::Green),
        Rag::Blue => cell.fg(Color::Blue),
        Rag::NotRated => cell,
    }
}

/// Prints a table and a newline, control characters escaped. Each cell is
/// escaped before the table is drawn, so the columns are as wide as what is
/// shown (escaping the drawn table made a row with `\u{2028}` in it wider
/// than its rules) and the table's own colours are kept.
pub fn print_table(table: &Table) -> Result<()> {
    let mut out = io::stdout().lock();
    match with_cells_escaped(table) {
        Some(escaped) => writeln!(out, "{escaped}")?,
        None => writeln!(out, "{table}")?,
    }
    Ok(())
}

/// The table drawn again from its cells' escaped text, when a cell holds a
/// character a terminal would obey; None when none does. (comfy-table gives
/// no way to change a cell in place, so the rare table that needs it is
/// rebuilt, without cell colours.)
fn with_cells_escaped(table: &Table) -> Option<Table> {
    let unsafe_cell = |cell: &Cell| cell.content().chars().any(is_unsafe_for_terminal);
    let needs_escaping = table
        .header()
        .into_iter()
        .chain(table.row_iter())
        .any(|row| row.cell_iter().any(unsafe_cell));
    if !needs_escaping {
        return None;
    }
    let escaped_cells = |row: &comfy_table::Row| -> Vec<String> {
        row.cell_iter()
            .map(|cell| escape_for_terminal(&cell.content()).into_owned())
            .collect()
    };
    let headers = table.header().map(escaped_cells).unwrap_or_default();
    let mut rebuilt = new_table(&headers.iter().map(String::as_str).collect::<Vec<_>>());
    if let Some(width) = table.width() {
        rebuilt.set_width(width);
    }
    for row in table.row_iter() {
        rebuilt.add_row(escaped_cells(row));
    }
    Some(rebuilt)
}

/// Prints a line to stdout, control characters escaped.
pub fn print_line(line: &str) -> Result<()> {
    let mut out = io::stdout().lock();
    writeln!(out, "{}", escape_for_terminal(line))?;
    Ok(())
}

/// Writes a whole file through a temporary file beside it, renamed into place,
/// so a reader (or a crash) never sees half a file. The temporary file is
/// removed again if anything fails.
pub fn write_file_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temporary = write_beside(path, bytes)?;
    let renamed = fs::rename(&temporary, path);
    if renamed.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    renamed
}

/// Writes a file through a temporary file beside it as
/// [`write_file_atomically`] does, `write` giving the bytes as they come
/// (through a buffer), so a long report never needs to be whole in memory.
pub fn write_file_atomically_with(
    path: &Path,
    write: impl FnOnce(&mut io::BufWriter<File>) -> Result<()>,
) -> Result<()> {
    let temporary = temporary_beside(path);
    let written = (|| -> Result<()> {
        let mut out = io::BufWriter::new(File::create(&temporary)?);
        write(&mut out)?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        fs::rename(&temporary, path)?;
        Ok(())
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written
}

/// The hidden file beside `path` a write goes to first: `.NAME.partial`.
fn temporary_beside(path: &Path) -> PathBuf {
    let directory = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    directory.join(format!(".{name}.partial"))
}

/// Writes `bytes` to a new hidden file beside `path` (`.NAME.partial`),
/// synced to disk, and returns its path, to be renamed onto `path` once the
/// write should take effect. Nothing is left behind when the write fails.
pub fn write_beside(path: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
    let temporary = temporary_beside(path);
    let written = (|| {
        let mut file = File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    match written {
        Ok(()) => Ok(temporary),
        Err(error) => {
            let _ = fs::remove_file(&temporary);
            Err(error)
        }
    }
}

/// The as-of date: the one given, or today.
pub fn as_of_or_today(as_of: Option<chrono::NaiveDate>) -> chrono::NaiveDate {
    as_of.unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// "1 milestone", "15 milestones" (the model's, for every message).
pub use actionplan::model::count_words;

/// The distinct plan names in the order they first come (the reports').
pub use actionplan::reports::plan_order::plans_in_order;

/// The plans named as a report's first line does: "\"NL\", \"Copy\"".
pub fn quoted_plan_names(plans: &[&str]) -> String {
    plans
        .iter()
        .map(|plan| format!("{plan:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// " across 2 plans (\"NL\", \"Copy\")" for a report's first line over
/// several plans; empty over one.
pub fn across_plans(plans: &[&str]) -> String {
    if plans.len() > 1 {
        format!(
            " across {} plans ({})",
            plans.len(),
            quoted_plan_names(plans)
        )
    } else {
        String::new()
    }
}

/// Refuses to write a Word document to a terminal: a zip file shown as text
/// is noise that can upset the terminal, and never what was meant. A pipe or
/// a redirection is fine, as for every other output (stdout is data).
pub fn refuse_binary_to_terminal(stdout_is_terminal: bool) -> Result<()> {
    if stdout_is_terminal {
        anyhow::bail!(
            "a Word document is a binary file and stdout is a terminal: give -o FILE (for example -o appendix.docx)"
        );
    }
    Ok(())
}

/// Extensions of files other programs make, which no command writes: a
/// CSV or HTML file saved under one of these names would be called damaged
/// by the program that opens it.
const FOREIGN_EXTENSIONS: [&str; 11] = [
    "xlsx", "xlsm", "xls", "ods", "pdf", "doc", "odt", "rtf", "pptx", "png", "zip",
];

/// The format a file is written in: the one `--format` gives, else the one
/// the `-o` file's extension names (compared without case) when the command
/// writes it (`choices`), else `default`. A `--format` that another known
/// extension contradicts (`--format html -o pack.docx`) is refused: Word
/// would call the file damaged.
pub fn format_for_output(
    given: Option<Format>,
    output: Option<&Path>,
    choices: &[FormatName],
    default: Format,
) -> Result<Format> {
    let extension = output
        .and_then(Path::extension)
        .map(|e| e.to_string_lossy().to_lowercase());
    let implied = extension
        .as_deref()
        .and_then(Format::from_extension)
        .filter(|format| choices.iter().any(|choice| choice.format == *format));
    let name = |format: Format| formats::name_of(format, choices);
    let known: Vec<String> = choices
        .iter()
        .flat_map(|choice| choice.format.extensions())
        .map(|known| format!(".{known}"))
        .collect();
    if let Some(foreign) = extension
        .as_deref()
        .filter(|e| given.is_none() && implied.is_none() && FOREIGN_EXTENSIONS.contains(e))
    {
        anyhow::bail!(
            "-o {}: this command does not write .{foreign} files; it writes {} (give --format to write one under this name anyway)",
            output.map(|p| p.display().to_string()).unwrap_or_default(),
            known.join(", ")
        );
    }
    match (given, implied) {
        (Some(given), Some(implied)) if given != implied => anyhow::bail!(
            "-o {} ends in .{} but --format is {}: give --format {}, or a file name to match",
            output.map(|p| p.display().to_string()).unwrap_or_default(),
            extension.unwrap_or_default(),
            name(given),
            name(implied)
        ),
        (Some(given), _) => Ok(given),
        (None, Some(implied)) => Ok(implied),
        (None, None) => Ok(default),
    }
}

/// A CSV cell for an optional value: the value, or empty when there is none.
pub fn optional_cell<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn colour_only_on_a_terminal_and_never_with_no_color() {
        assert!(colour_wanted(None, true));
        assert!(colour_wanted(Some(OsStr::new("")), true));
        assert!(!colour_wanted(Some(OsStr::new("1")), true));
        assert!(!colour_wanted(None, false));
        assert!(!colour_wanted(Some(OsStr::new("1")), false));
    }

    #[test]
    fn tables_fit_the_terminal_and_fall_back_to_100_columns() {
        assert_eq!(table_width(Some(80)), 80);
        assert_eq!(table_width(Some(250)), 250);
        assert_eq!(table_width(Some(1)), 1);
        assert_eq!(table_width(Some(0)), FALLBACK_TABLE_WIDTH);
        assert_eq!(table_width(None), FALLBACK_TABLE_WIDTH);
        assert_eq!(FALLBACK_TABLE_WIDTH, 100);
    }

    #[test]
    fn a_table_off_a_terminal_is_drawn_to_100_columns() {
        // Tests run with stdout captured, not a terminal.
        if !io::stdout().is_terminal() {
            assert_eq!(new_table(&["A"]).width(), Some(100));
        }
    }

    #[test]
    fn rag_cells_are_plain_letters_without_colour() {
        assert_eq!(rag_cell(Rag::Red, false).content(), "R");
        assert_eq!(rag_cell(Rag::Green, true).content(), "G");
    }
}
