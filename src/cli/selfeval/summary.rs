//! `actionplan selfeval summary`: how many proposals sit at each rating.

use anyhow::Result;

use actionplan::app::selfeval_reports::{SelfEvaluationSummaryCounts, self_evaluation_summary};
use actionplan::model::selfeval::Rating;
use actionplan::reports::selfeval::{KeyFeatureCounts, RatingCounts};

use crate::cli::formats::{self, REPORT_FORMATS};
use crate::cli::output::{print_csv, print_json};
use crate::cli::{Context, Outcome};

use super::common::{Format, Grid, Which, heading, print_title};

/// Count a self-evaluation's ratings per key feature and overall ("not rated"
/// includes the three proposals not for local completion).
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  actionplan selfeval summary --partnership Angus --label 2019")]
pub struct SummaryArgs {
    /// Which self-evaluation.
    #[command(flatten)]
    pub which: Which,
    /// Output format (JSON: one object per key feature; the table adds an overall row).
    #[arg(long, value_parser = formats::parser(REPORT_FORMATS), default_value = "table")]
    pub format: Format,
}

const RATING_HEADERS: [&str; 5] = [
    "Not yet established",
    "Partly established",
    "Established",
    "Exemplary",
    "Not rated",
];

fn counts_cells(counts: &RatingCounts) -> Vec<String> {
    let mut cells: Vec<String> = Rating::ALL
        .iter()
        .map(|&rating| counts.count(Some(rating)).to_string())
        .collect();
    cells.push(counts.not_rated.to_string());
    cells
}

/// The CSV headers, in the order of [`csv_cells`].
const CSV_HEADERS: [&str; 7] = [
    "key_feature",
    "title",
    "not_yet_established",
    "partly_established",
    "established",
    "exemplary",
    "not_rated",
];

impl SummaryArgs {
    /// Counts them.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open_read_only()?;
        let summary = self_evaluation_summary(
            &store,
            self.which.partnership.as_deref(),
            self.which.label.as_deref(),
        )?;
        match self.format {
            Format::Json => print_json(&summary.rows)?,
            Format::Csv => {
                let rows: Vec<Vec<String>> = summary.rows.iter().map(csv_cells).collect();
                print_csv(context.csv_style(), &CSV_HEADERS, &rows)?;
            }
            Format::Table | Format::Markdown => {
                print_title(&heading(&summary.evaluation), self.format)?;
                Grid {
                    headers: std::iter::once("Key feature")
                        .chain(RATING_HEADERS)
                        .map(str::to_string)
                        .collect(),
                    rows: table_rows(&summary),
                }
                .print(self.format, context.csv_style())?;
            }
            other => return Err(formats::not_written(other, REPORT_FORMATS)),
        }
        Ok(Outcome::Done)
    }
}

/// The CSV cells of one key feature, in the order of `CSV_HEADERS`.
fn csv_cells(row: &KeyFeatureCounts) -> Vec<String> {
    let mut cells = vec![row.key_feature.to_string(), row.title.clone()];
    cells.extend(counts_cells(&row.counts));
    cells
}

/// The table's rows: one per key feature ("2 Title"), then the counts over
/// all of them.
fn table_rows(summary: &SelfEvaluationSummaryCounts) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = summary
        .rows
        .iter()
        .map(|row| {
            let mut cells = vec![format!("{} {}", row.key_feature, row.title)];
            cells.extend(counts_cells(&row.counts));
            cells
        })
        .collect();
    let mut total = vec!["All key features".to_string()];
    total.extend(counts_cells(&summary.overall));
    rows.push(total);
    rows
}
