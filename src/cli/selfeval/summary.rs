//! `actionplan selfeval summary`: how many proposals sit at each rating.

use anyhow::Result;

use actionplan::model::selfeval::Rating;
use actionplan::reports::selfeval::{RatingCounts, overall, summarise};

use crate::cli::formats::{self, REPORT_FORMATS};
use crate::cli::output::{print_csv, print_json};
use crate::cli::{Context, Outcome};

use super::common::{Grid, ReportFormat, Which, heading, print_title};

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
    pub format: ReportFormat,
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

impl SummaryArgs {
    /// Counts them.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open_read_only()?;
        let evaluation = self.which.find(&store)?;
        let proposals = store.msg_proposals()?;
        let rows = summarise(&proposals, &store.self_evaluation_entries(evaluation.id)?);
        match self.format {
            ReportFormat::Json => print_json(&rows)?,
            ReportFormat::Csv => {
                let csv_rows: Vec<Vec<String>> = rows
                    .iter()
                    .map(|row| {
                        let mut cells = vec![row.key_feature.to_string(), row.title.clone()];
                        cells.extend(counts_cells(&row.counts));
                        cells
                    })
                    .collect();
                print_csv(
                    context.csv_style(),
                    &[
                        "key_feature",
                        "title",
                        "not_yet_established",
                        "partly_established",
                        "established",
                        "exemplary",
                        "not_rated",
                    ],
                    &csv_rows,
                )?;
            }
            ReportFormat::Table | ReportFormat::Markdown => {
                let mut headers = vec!["Key feature".to_string()];
                headers.extend(RATING_HEADERS.iter().map(|h| h.to_string()));
                let mut grid_rows: Vec<Vec<String>> = rows
                    .iter()
                    .map(|row| {
                        let mut cells = vec![format!("{} {}", row.key_feature, row.title)];
                        cells.extend(counts_cells(&row.counts));
                        cells
                    })
                    .collect();
                let mut total = vec!["All key features".to_string()];
                total.extend(counts_cells(&overall(&rows)));
                grid_rows.push(total);
                print_title(&heading(&evaluation), self.format)?;
                Grid {
                    headers,
                    rows: grid_rows,
                }
                .print(self.format, context.csv_style())?;
            }
            other => return Err(formats::not_written(other, REPORT_FORMATS)),
        }
        Ok(Outcome::Done)
    }
}
