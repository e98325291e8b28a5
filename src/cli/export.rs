//! `actionplan export`: the committee appendix table, for Excel and the paper.

use std::io;
use std::path::PathBuf;

use anyhow::{Context as _, Result};

use actionplan::appendix::{AppendixColumns, AppendixRow, appendix_csv_with_columns};
use actionplan::csvio::write::CsvStyle;
use actionplan::model::draft::ExtraColumn;
use actionplan::store::MilestoneFilter;

use crate::cli::output::{count_words, write_file_atomically};
use crate::cli::{Context, Outcome};

const EXAMPLES: &str = "\
Examples:
  actionplan export --plan 'Integration review 2019' -o appendix1.csv
  actionplan export --with-original -o appendix1-with-original-dates.csv
  actionplan export --cycle 'IJB 18 Feb 2020' -o appendix1-feb-2020.csv
  actionplan export --no-bom | some-script";

/// Write a plan as the committee appendix table (CSV for Excel).
///
/// Write a plan as the committee appendix table: Report Recommendation,
/// Improvement Action, Milestone detail, Lead, Timeline, Comment/RAG, RAG.
/// UTF-8 with BOM and CRLF, so Excel opens it unchanged (the global --no-bom
/// leaves the mark out, for scripts). The Timeline column
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
    /// Write cells as they are, without the formula-injection guard.
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
        let store = context.open_read_only()?;
        let plan = store.resolve_plan(self.plan.as_deref())?;
        let (milestones, seven_columns) = match &self.cycle {
            Some(label) => {
                let cycle = store.cycle(plan.id, label)?;
                let milestones = store.cycle_milestones(cycle.id)?;
                (milestones, cycle.seven_column_appendix)
            }
            None => {
                let filter = MilestoneFilter {
                    plan_id: Some(plan.id),
                    ..Default::default()
                };
                (store.milestones(&filter)?, false)
            }
        };
        let extras = store.extra_columns(plan.id)?;
        let mut values = store.milestone_extras(plan.id)?;
        let rows: Vec<AppendixRow> = milestones
            .iter()
            .map(|m| AppendixRow {
                extras: values.remove(&m.id).unwrap_or_default(),
                ..AppendixRow::from(m)
            })
            .collect();
        let style = CsvStyle {
            bom: context.bom,
            neutralise_formulas: !self.raw,
        };
        let mut columns = AppendixColumns::for_rows(&rows, self.with_original);
        if seven_columns {
            columns.status = false;
        }
        write_appendix(&rows, &extras, columns, style, self.output.as_ref())?;
        Ok(Outcome::Done)
    }
}

/// Writes appendix rows to a file (all or nothing) or to stdout.
pub fn write_appendix(
    rows: &[AppendixRow],
    extras: &[ExtraColumn],
    columns: AppendixColumns,
    style: CsvStyle,
    output: Option<&PathBuf>,
) -> Result<()> {
    match output {
        None => appendix_csv_with_columns(io::stdout().lock(), rows, extras, columns, style)?,
        Some(path) => {
            let mut buffer = Vec::new();
            appendix_csv_with_columns(&mut buffer, rows, extras, columns, style)?;
            write_file_atomically(path, &buffer)
                .with_context(|| format!("writing {}", path.display()))?;
            eprintln!(
                "wrote {} ({})",
                path.display(),
                count_words(rows.len(), "milestone")
            );
        }
    }
    Ok(())
}
