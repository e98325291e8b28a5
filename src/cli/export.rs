//! `actionplan export`: the committee appendix table, for Excel and the paper.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context as _, Result, bail};

use actionplan::app::export::{AppendixExport, AppendixQuery, appendix_export};
use actionplan::io::appendix::{AppendixCsvWriter, appendix_docx};
use actionplan::io::csvio::write::CsvStyle;
use actionplan::store::CycleSummary;

use crate::cli::formats::{self, Format, FormatName};
use crate::cli::output::{
    count_words, format_for_output, refuse_binary_to_terminal, write_file_atomically,
    write_file_atomically_with,
};
use crate::cli::stream::buffered_stdout;
use crate::cli::{Context, Outcome};

const EXAMPLES: &str = "\
Examples:
  actionplan export --plan 'Integration review 2019' -o appendix1.csv
  actionplan export --with-original -o appendix1-with-original-dates.csv
  actionplan export --cycle 'IJB 18 Feb 2020' -o appendix1-feb-2020.csv
  actionplan export --no-bom | some-script
  actionplan export --format docx -o appendix1.docx
  actionplan export --format docx --cycle 'IJB 18 Feb 2020' -o appendix1-feb-2020.docx";

/// The file formats the appendix is written in.
const EXPORT_FORMATS: &[FormatName] = &[
    FormatName {
        name: "csv",
        format: Format::Csv,
        help: "CSV for Excel: UTF-8 with BOM, CRLF, formula-safe",
    },
    FormatName {
        name: "docx",
        format: Format::Docx,
        help: "A Word table (.docx) for the committee paper: A4 landscape, RAG cells shaded, merged Recommendation and Action cells, header on every page",
    },
];

/// Write a plan as the committee appendix table (CSV for Excel, or Word).
///
/// Write a plan as the committee appendix table: Report Recommendation,
/// Improvement Action, Milestone detail, Lead, Timeline, Comment/RAG, RAG.
/// CSV is UTF-8 with BOM and CRLF, so Excel opens it unchanged (the global
/// --no-bom leaves the mark out, for scripts). --format docx writes the same
/// columns as a Word table for the paper (to -o FILE, or to stdout when that
/// is not a terminal). The Timeline column
/// holds the current target; --with-original adds the imported one beside it.
/// --cycle reproduces the table exactly as it stood when that cycle was closed.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The plan (may be left out when the database holds one).
    #[arg(long)]
    pub plan: Option<String>,
    /// Write to this file instead of stdout.
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    /// The file format: csv (for Excel) or docx (a Word table for the paper).
    /// Default: as the -o file's extension says (.docx, .csv), else csv.
    #[arg(long, value_parser = formats::parser(EXPORT_FORMATS))]
    pub format: Option<Format>,
    /// Write cells as they are, without the formula-injection guard (CSV only:
    /// Word never runs a cell as a formula, so docx cells are always as they are).
    #[arg(long)]
    pub raw: bool,
    /// Add an "Original timeline" column (the imported target) after Timeline.
    #[arg(long)]
    pub with_original: bool,
    /// Write the plan as frozen in this committee cycle (see `actionplan cycle list`).
    #[arg(long, value_name = "LABEL")]
    pub cycle: Option<String>,
}

impl Args {
    /// Runs the export: CSV written row by row as the store reads them, a
    /// Word document built whole (docx-rs writes it in one go).
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let format = self.output_format(context)?;
        let store = context.open_read_only()?;
        let query = AppendixQuery {
            plan: self.plan,
            cycle: self.cycle,
            with_original: self.with_original,
        };
        let export = appendix_export(&store, query)?;
        if format == Format::Csv {
            let style = CsvStyle {
                bom: context.bom,
                neutralise_formulas: !self.raw,
            };
            write_csv_appendix(&export, style, self.output.as_ref())?;
            return Ok(Outcome::Done);
        }
        let appendix = export.hold()?;
        let title = docx_title(&export.plan.name, export.cycle.as_ref());
        let bytes = appendix_docx(&appendix.rows, &appendix.extras, appendix.columns, &title)?;
        write_bytes(&bytes, appendix.rows.len(), self.output.as_ref())?;
        Ok(Outcome::Done)
    }
}

impl Args {
    /// The format to write, from --format or the -o file's extension,
    /// refusing an output that is the database, CSV's flags given for a Word
    /// document, and a Word document bound for a terminal.
    fn output_format(&self, context: &Context) -> Result<Format> {
        if let Some(output) = &self.output {
            context.check_output(output)?;
        }
        let format = format_for_output(
            self.format,
            self.output.as_deref(),
            EXPORT_FORMATS,
            Format::Csv,
        )?;
        if format == Format::Docx {
            if !context.bom || self.raw {
                bail!(
                    "--no-bom and --raw are for CSV: a Word document has no byte order mark and no formulas"
                );
            }
            if self.output.is_none() {
                refuse_binary_to_terminal(io::stdout().is_terminal())?;
            }
        }
        Ok(format)
    }
}

/// The Word appendix's title: the plan's name, and the cycle it was frozen
/// in ("NL: as at IJB 18 Feb 2020 (2020-02-18)").
fn docx_title(plan: &str, cycle: Option<&CycleSummary>) -> String {
    match cycle {
        Some(cycle) => format!("{plan}: as at {} ({})", cycle.label, cycle.closed_on),
        None => plan.to_string(),
    }
}

/// Writes a plan's appendix as CSV, read twice from the store rather than
/// held: once to see which columns it needs, once to write its rows, to
/// `output` (all or nothing) or stdout.
fn write_csv_appendix(
    export: &AppendixExport,
    style: CsvStyle,
    output: Option<&PathBuf>,
) -> Result<()> {
    let columns = export.columns()?;
    let mut rows = 0;
    let mut write = |out: &mut dyn Write| -> Result<()> {
        let mut csv = AppendixCsvWriter::new(out, style, &export.extras, columns)?;
        export.for_each_row(|row| -> Result<()> {
            rows += 1;
            Ok(csv.row(&row)?)
        })?;
        Ok(csv.finish()?)
    };
    match output {
        None => write(&mut buffered_stdout())?,
        Some(path) => {
            write_file_atomically_with(path, |file| write(file))
                .with_context(|| format!("writing {}", path.display()))?;
            eprintln!(
                "wrote {} ({})",
                path.display(),
                count_words(rows, "milestone")
            );
        }
    }
    Ok(())
}

/// Writes a finished file's bytes to `output` (all or nothing) or to stdout.
fn write_bytes(bytes: &[u8], milestones: usize, output: Option<&PathBuf>) -> Result<()> {
    match output {
        None => {
            let mut out = io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()?;
        }
        Some(path) => {
            write_file_atomically(path, bytes)
                .with_context(|| format!("writing {}", path.display()))?;
            eprintln!(
                "wrote {} ({})",
                path.display(),
                count_words(milestones, "milestone")
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_document_is_refused_only_for_a_terminal() {
        let refused = refuse_binary_to_terminal(true).unwrap_err().to_string();
        assert!(refused.contains("give -o FILE"), "{refused}");
        assert!(refuse_binary_to_terminal(false).is_ok());
    }
}
