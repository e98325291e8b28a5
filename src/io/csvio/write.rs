//! Writing CSV that Excel opens unchanged and that cannot run as formulas.

use std::io::{self, Write};

use crate::io::csvio::formula;

/// How a CSV is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvStyle {
    /// Start with a UTF-8 byte order mark, so Excel reads the text as UTF-8.
    pub bom: bool,
    /// Prefix formula-like cells with a quote (off with `--raw`).
    pub neutralise_formulas: bool,
}

impl CsvStyle {
    /// The committee appendix: BOM, CRLF, neutralised.
    pub const APPENDIX: CsvStyle = CsvStyle {
        bom: true,
        neutralise_formulas: true,
    };
    /// Report data (overdue, list, weekly and the rest): like the appendix,
    /// BOM, CRLF, neutralised, so every CSV opens in Excel as it is.
    pub const REPORT: CsvStyle = CsvStyle {
        bom: true,
        neutralise_formulas: true,
    };

    /// This style with the byte order mark on or off (off for `--no-bom`).
    pub const fn with_bom(self, bom: bool) -> CsvStyle {
        CsvStyle { bom, ..self }
    }
}

/// Writes CSV row by row as a report produces its rows: the BOM (when the
/// style asks) and the header first, then each row as it is given, with
/// CRLF line ends and, in a formula-safe style, every cell neutralised.
pub struct CsvWriter<W: Write> {
    writer: csv::Writer<W>,
    style: CsvStyle,
}

impl<W: Write> CsvWriter<W> {
    /// Starts the CSV: writes the BOM (when the style asks) and the header row.
    pub fn new(mut out: W, style: CsvStyle, headers: &[&str]) -> io::Result<CsvWriter<W>> {
        if style.bom {
            out.write_all(b"\xEF\xBB\xBF")?;
        }
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(out);
        writer.write_record(headers)?;
        Ok(CsvWriter { writer, style })
    }

    /// Writes one row.
    pub fn row<I, S>(&mut self, cells: I) -> io::Result<()>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        if self.style.neutralise_formulas {
            for cell in cells {
                self.writer
                    .write_field(formula::neutralise(cell.as_ref()).as_bytes())?;
            }
        } else {
            for cell in cells {
                self.writer.write_field(cell.as_ref())?;
            }
        }
        self.writer.write_record(None::<&[u8]>)?;
        Ok(())
    }

    /// Ends the CSV, flushing what is buffered.
    pub fn finish(mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

/// Writes a whole table of rows as [`CsvWriter`] does.
pub fn write_csv<W: Write>(
    out: W,
    style: CsvStyle,
    headers: &[&str],
    rows: &[Vec<String>],
) -> io::Result<()> {
    let mut writer = CsvWriter::new(out, style, headers)?;
    for row in rows {
        writer.row(row)?;
    }
    writer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_bom_crlf_quoting_and_neutralised_cells() {
        let mut out = Vec::new();
        let rows = vec![vec!["=HYPERLINK(\"x\")".to_string(), "a\nb".to_string()]];
        write_csv(&mut out, CsvStyle::APPENDIX, &["H1", "H2"], &rows).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\u{feff}H1,H2\r\n\"'=HYPERLINK(\"\"x\"\")\",\"a\nb\"\r\n"
        );
    }

    #[test]
    fn report_csv_starts_with_the_bom_unless_it_is_turned_off() {
        let mut out = Vec::new();
        write_csv(&mut out, CsvStyle::REPORT, &["H"], &[vec!["–".to_string()]]).unwrap();
        assert_eq!(out, "\u{feff}H\r\n–\r\n".as_bytes());
        let mut out = Vec::new();
        let style = CsvStyle::REPORT.with_bom(false);
        write_csv(&mut out, style, &["H"], &[vec!["–".to_string()]]).unwrap();
        assert_eq!(out, "H\r\n–\r\n".as_bytes());
    }

    #[test]
    fn raw_style_leaves_cells_alone() {
        let mut out = Vec::new();
        let style = CsvStyle {
            bom: false,
            neutralise_formulas: false,
        };
        write_csv(&mut out, style, &["H"], &[vec!["-1".to_string()]]).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "H\r\n-1\r\n");
    }
}
