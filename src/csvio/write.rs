//! Writing CSV that Excel opens unchanged and that cannot run as formulas.

use std::io::{self, Write};

use crate::csvio::formula;

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

/// Writes a header and rows as CSV with CRLF record ends (RFC 4180). Line
/// breaks inside a cell are written as they are (Excel's in-cell line break is LF).
pub fn write_csv<W: Write>(
    mut out: W,
    style: CsvStyle,
    headers: &[&str],
    rows: &[Vec<String>],
) -> io::Result<()> {
    if style.bom {
        out.write_all(b"\xEF\xBB\xBF")?;
    }
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(headers)?;
    for row in rows {
        if style.neutralise_formulas {
            writer.write_record(
                row.iter()
                    .map(|cell| formula::neutralise(cell))
                    .map(|c| c.into_owned()),
            )?;
        } else {
            writer.write_record(row)?;
        }
    }
    writer.flush()?;
    Ok(())
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
