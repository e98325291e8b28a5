//! `actionplan selfeval list`: the self-evaluations in the database.

use anyhow::Result;

use actionplan::app::selfeval_reports::self_evaluations;
use actionplan::store::SelfEvaluationSummary;

use crate::cli::formats::{self, REPORT_FORMATS};
use crate::cli::output::{print_csv, print_json};
use crate::cli::{Context, Outcome};

use super::common::{Format, Grid};

/// List the self-evaluations in the database: partnership, label, date, how many rated.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  actionplan selfeval list --format csv")]
pub struct ListArgs {
    /// Output format.
    #[arg(long, value_parser = formats::parser(REPORT_FORMATS), default_value = "table")]
    pub format: Format,
}

/// The CSV headers: the keys of this report's JSON, in the table's column order.
const CSV_HEADERS: [&str; 5] = ["partnership", "label", "on", "rated", "source"];

/// The table's and Markdown's headers, in the order of [`list_cells`].
const TABLE_HEADERS: [&str; 5] = ["Partnership", "Label", "Date", "Rated", "Source"];

impl ListArgs {
    /// Lists them.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open_read_only()?;
        let rows = self_evaluations(&store)?;
        match self.format {
            Format::Json => print_json(&rows)?,
            Format::Csv => print_csv(context.csv_style(), &CSV_HEADERS, &list_cells(&rows))?,
            Format::Table | Format::Markdown => Grid {
                headers: TABLE_HEADERS.iter().map(|h| h.to_string()).collect(),
                rows: list_cells(&rows),
            }
            .print(self.format, context.csv_style())?,
            other => return Err(formats::not_written(other, REPORT_FORMATS)),
        }
        Ok(Outcome::Done)
    }
}

/// One row of cells per self-evaluation, in the order of the headers.
fn list_cells(rows: &[SelfEvaluationSummary]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|evaluation| {
            vec![
                evaluation.partnership.clone(),
                evaluation.label.clone(),
                evaluation.on.to_string(),
                evaluation.rated.to_string(),
                evaluation.source.clone().unwrap_or_default(),
            ]
        })
        .collect()
}
