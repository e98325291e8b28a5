//! `actionplan export`: the committee appendix table, for Excel and the paper.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context as _, Result, bail};

use actionplan::io::appendix::{
    AppendixColumns, AppendixCsvWriter, AppendixRow, ColumnsNeeded, appendix_docx,
};
use actionplan::io::csvio::write::CsvStyle;
use actionplan::model::Milestone;
use actionplan::model::draft::ExtraColumn;
use actionplan::store::{CycleSummary, MilestoneFilter, MilestoneOrder, Store};

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
    /// Runs the export.
    pub fn run(self, context: &Context) -> Result<Outcome> {
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
        let store = context.open_read_only()?;
        // Its questions (columns, counts, rows) answered from one snapshot.
        let _snapshot = store.read_snapshot()?;
        let plan = store.resolve_plan(self.plan.as_deref())?;
        let style = CsvStyle {
            bom: context.bom,
            neutralise_formulas: !self.raw,
        };
        if format == Format::Csv {
            let source = match &self.cycle {
                Some(label) => AppendixSource::Cycle(store.cycle(plan.id, label)?),
                None => AppendixSource::Now,
            };
            write_csv_appendix(
                &store,
                plan.id,
                &source,
                self.with_original,
                style,
                self.output.as_ref(),
            )?;
            return Ok(Outcome::Done);
        }
        // A Word document is built whole (docx-rs writes it in one go).
        let (milestones, seven_columns, title) = match &self.cycle {
            Some(label) => {
                let cycle = store.cycle(plan.id, label)?;
                let milestones = store.cycle_milestones(cycle.id)?;
                let title = format!("{}: as at {} ({})", plan.name, cycle.label, cycle.closed_on);
                (milestones, cycle.seven_column_appendix, title)
            }
            None => {
                let filter = MilestoneFilter {
                    plan_id: Some(plan.id),
                    ..Default::default()
                };
                (store.milestones(&filter)?, false, plan.name.clone())
            }
        };
        let Appendix {
            rows,
            extras,
            columns,
        } = appendix_of(
            &store,
            plan.id,
            &milestones,
            seven_columns,
            self.with_original,
        )?;
        let bytes = appendix_docx(&rows, &extras, columns, &title)?;
        write_bytes(&bytes, rows.len(), self.output.as_ref())?;
        Ok(Outcome::Done)
    }
}

/// A plan's appendix as every export writes it: the rows, the plan's kept
/// extra columns, and which columns to write.
pub struct Appendix {
    /// One row per milestone, with its values of the extra columns.
    pub rows: Vec<AppendixRow>,
    /// The extra columns the plan kept from its imported file.
    pub extras: Vec<ExtraColumn>,
    /// The columns written.
    pub columns: AppendixColumns,
}

/// The appendix of `milestones` of a plan: each row with its kept extra
/// values, and the columns the rows need (with the original timeline beside
/// the current one when asked; never a Status column for a cycle closed by
/// release 0.1.0, whose paper had seven columns).
pub fn appendix_of(
    store: &Store,
    plan_id: i64,
    milestones: &[Milestone],
    seven_columns: bool,
    with_original: bool,
) -> Result<Appendix> {
    let extras = store.extra_columns(plan_id)?;
    let mut values = store.milestone_extras(plan_id)?;
    let rows: Vec<AppendixRow> = milestones
        .iter()
        .map(|m| AppendixRow {
            extras: values.remove(&m.id).unwrap_or_default(),
            ..AppendixRow::from(m)
        })
        .collect();
    let mut columns = AppendixColumns::for_rows(&rows, with_original);
    if seven_columns {
        columns.status = false;
    }
    Ok(Appendix {
        rows,
        extras,
        columns,
    })
}

/// Which milestones an appendix shows.
enum AppendixSource {
    /// The plan as it stands now.
    Now,
    /// A closed cycle: the plan as it was frozen for that committee.
    Cycle(CycleSummary),
}

impl AppendixSource {
    /// Hands the milestones to `each` in plan order, as they are read.
    fn for_each(
        &self,
        store: &Store,
        plan_id: i64,
        each: impl FnMut(Milestone) -> Result<()>,
    ) -> Result<()> {
        match self {
            AppendixSource::Now => {
                let filter = MilestoneFilter {
                    plan_id: Some(plan_id),
                    ..Default::default()
                };
                store.for_each_milestone(&filter, MilestoneOrder::Plan, each)
            }
            AppendixSource::Cycle(cycle) => store.for_each_cycle_milestone(cycle.id, each),
        }
    }
}

/// Writes a plan's appendix as CSV, read twice from the store rather than
/// held: once to see which columns it needs (Ref, RAG, Status; the plan now
/// is read without its texts for that), once to write its rows, to `output`
/// (all or nothing) or stdout. A cycle closed by release 0.1.0 keeps the
/// seven columns its paper had.
fn write_csv_appendix(
    store: &Store,
    plan_id: i64,
    source: &AppendixSource,
    with_original: bool,
    style: CsvStyle,
    output: Option<&PathBuf>,
) -> Result<()> {
    let extras = store.extra_columns(plan_id)?;
    let row_of = |m: Milestone| -> Result<AppendixRow> {
        let extras = if extras.is_empty() {
            Vec::new()
        } else {
            store.extra_values(m.id)?
        };
        Ok(AppendixRow {
            extras,
            ..AppendixRow::from(&m)
        })
    };
    let mut needed = ColumnsNeeded::new(with_original);
    match source {
        AppendixSource::Now => {
            let filter = MilestoneFilter {
                plan_id: Some(plan_id),
                ..Default::default()
            };
            store.for_each_status_facts(&filter, |facts| {
                needed.add_facts(&facts);
                Ok::<(), anyhow::Error>(())
            })?;
        }
        AppendixSource::Cycle(_) => source.for_each(store, plan_id, |m| {
            needed.add(&AppendixRow::from(&m));
            Ok(())
        })?,
    }
    let mut columns = needed.columns();
    if let AppendixSource::Cycle(cycle) = source
        && cycle.seven_column_appendix
    {
        columns.status = false;
    }
    let mut rows = 0;
    let mut write = |out: &mut dyn Write| -> Result<()> {
        let mut csv = AppendixCsvWriter::new(out, style, &extras, columns)?;
        source.for_each(store, plan_id, |m| {
            rows += 1;
            Ok(csv.row(&row_of(m)?)?)
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
