//! `actionplan export`: the committee appendix table, for Excel and the paper.

use std::io;
use std::path::PathBuf;

use anyhow::{Context as _, Result};

use actionplan::appendix::{AppendixRow, appendix_csv_with_extras};
use actionplan::csvio::write::CsvStyle;
use actionplan::model::draft::ExtraColumn;
use actionplan::store::MilestoneFilter;

use crate::cli::output::write_file_atomically;
use crate::cli::{Context, Outcome};

const EXAMPLES: &str = "\
Examples:
  actionplan export --plan 'Integration review 2019' -o appendix1.csv
  actionplan export --with-original -o appendix1-with-original-dates.csv
  actionplan export --cycle 'IJB 18 Feb 2020' -o appendix1-feb-2020.csv";

/// Write a plan as the committee appendix table (CSV for Excel).
///
/// Write a plan as the committee appendix table: Report Recommendation,
/// Improvement Action, Milestone detail, Lead, Timeline, Comment/RAG, RAG.
/// UTF-8 with BOM and CRLF, so Excel opens it unchanged. The Timeline column
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
    /// Leave out the UTF-8 byte order mark.
    #[arg(long)]
    pub no_bom: bool,
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
        let store = context.open()?;
        let plan = store.resolve_plan(self.plan.as_deref())?;
        let milestones = match &self.cycle {
            Some(label) => store.cycle_milestones(store.cycle(plan.id, label)?.id)?,
            None => store.milestones(&MilestoneFilter {
                plan_id: Some(plan.id),
                ..Default::default()
            })?,
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
            bom: !self.no_bom,
            neutralise_formulas: !self.raw,
        };
        write_appendix(
            &rows,
            &extras,
            self.with_original,
            style,
            self.output.as_ref(),
        )?;
        Ok(Outcome::Done)
    }
}

/// Writes appendix rows to a file (all or nothing) or to stdout.
pub fn write_appendix(
    rows: &[AppendixRow],
    extras: &[ExtraColumn],
    with_original: bool,
    style: CsvStyle,
    output: Option<&PathBuf>,
) -> Result<()> {
    match output {
        None => appendix_csv_with_extras(io::stdout().lock(), rows, extras, with_original, style)?,
        Some(path) => {
            let mut buffer = Vec::new();
            appendix_csv_with_extras(&mut buffer, rows, extras, with_original, style)?;
            write_file_atomically(path, &buffer)
                .with_context(|| format!("writing {}", path.display()))?;
            eprintln!("wrote {} ({} milestones)", path.display(), rows.len());
        }
    }
    Ok(())
}
