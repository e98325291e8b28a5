//! `actionplan selfeval progress`: per proposal, how the plan's linked milestones stand.

use anyhow::Result;
use chrono::NaiveDate;

use actionplan::app::selfeval_reports::{SelfEvaluationProgress, self_evaluation_progress};
use actionplan::model::long_date;
use actionplan::reports::selfeval::ProposalProgress;

use crate::cli::formats::{self, REPORT_FORMATS};
use crate::cli::output::{as_of_or_today, count_words};
use crate::cli::output::{print_csv, print_json};
use crate::cli::{Context, Outcome};

use super::common::{Format, Grid, NOT_FOR_LOCAL_COMPLETION, print_title};

/// Are we delivering what we said we would improve? Per MSG proposal, the
/// milestones of the partnership's plans linked to it (by the plan's MSG
/// proposal column or `actionplan link`), with their RAG counts and how many
/// are overdue on the as-of date, beside the latest self-evaluation rating.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  actionplan selfeval progress --partnership Angus --as-of 2020-02-18"
)]
pub struct ProgressArgs {
    /// The partnership whose plans to read.
    #[arg(long)]
    pub partnership: String,
    /// The date to judge by (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_parser = formats::parser(REPORT_FORMATS), default_value = "table")]
    pub format: Format,
}

impl ProgressArgs {
    /// Reports progress.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open_read_only()?;
        let as_of = as_of_or_today(self.as_of);
        let report = self_evaluation_progress(&store, &self.partnership, as_of)?;
        match self.format {
            Format::Json => print_json(&report.rows)?,
            Format::Csv => print_csv(
                context.csv_style(),
                &CSV_HEADERS,
                &progress_cells(&report.rows, false),
            )?,
            Format::Table | Format::Markdown => {
                print_title(&title(&self.partnership, as_of, &report), self.format)?;
                Grid {
                    headers: TABLE_HEADERS.iter().map(|h| h.to_string()).collect(),
                    rows: progress_cells(&report.rows, true),
                }
                .print(self.format, context.csv_style())?;
            }
            other => return Err(formats::not_written(other, REPORT_FORMATS)),
        }
        Ok(Outcome::Done)
    }
}

const CSV_HEADERS: [&str; 9] = [
    "proposal",
    "rating",
    "milestones",
    "red",
    "amber",
    "green",
    "complete",
    "overdue",
    "milestone_ids",
];

const TABLE_HEADERS: [&str; 9] = [
    "Proposal",
    "Rating",
    "Milestones",
    "R",
    "A",
    "G",
    "Complete",
    "Overdue",
    "Milestone ids",
];

/// "Angus: milestones linked to MSG proposals as of 18 Feb 2020 (7
/// milestones linked; ratings from self-evaluation "2019" of 10 May 2019)".
fn title(partnership: &str, as_of: NaiveDate, report: &SelfEvaluationProgress) -> String {
    let rated_by = match &report.rated_by {
        Some(evaluation) => format!(
            "ratings from self-evaluation {:?} of {}",
            evaluation.label,
            long_date(evaluation.on)
        ),
        None => "no self-evaluation yet".to_string(),
    };
    format!(
        "{}: milestones linked to MSG proposals as of {} ({} linked; {rated_by})",
        partnership.trim(),
        long_date(as_of),
        count_words(report.linked_milestones, "milestone")
    )
}

/// The cells of each row: for people (a table) a missing rating in words,
/// for programs (CSV) an empty cell.
fn progress_cells(rows: &[ProposalProgress], for_people: bool) -> Vec<Vec<String>> {
    rows.iter()
        .map(|row| {
            let rating = match row.rating {
                Some(rating) => rating.to_string(),
                None if for_people && !row.local_completion => NOT_FOR_LOCAL_COMPLETION.to_string(),
                None if for_people => "not rated".to_string(),
                None => String::new(),
            };
            vec![
                row.proposal.clone(),
                rating,
                row.milestones.to_string(),
                row.red.to_string(),
                row.amber.to_string(),
                row.green.to_string(),
                row.complete.to_string(),
                row.overdue.to_string(),
                row.milestone_ids
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(" "),
            ]
        })
        .collect()
}
