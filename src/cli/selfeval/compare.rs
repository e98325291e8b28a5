//! `actionplan selfeval compare`: how each rating moved between two self-evaluations.

use actionplan::model::long_date;
use anyhow::Result;

use actionplan::app::selfeval_reports::{SelfEvaluationComparison, self_evaluation_comparison};
use actionplan::io::csvio::write::CsvStyle;
use actionplan::model::selfeval::Rating;
use actionplan::reports::selfeval::{ProposalChange, change_counts};

use crate::cli::formats::{self, REPORT_FORMATS};
use crate::cli::output::{print_csv, print_json, print_line};
use crate::cli::{Context, Outcome};

use super::common::{Format, Grid, optional_rating, print_title};

/// Compare two self-evaluations of a partnership: each proposal's rating
/// before and after, and whether it improved, stayed the same or got worse.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  actionplan selfeval compare --partnership Angus --from 2019 --to 2020"
)]
pub struct CompareArgs {
    /// The partnership (default: the only one with self-evaluations).
    #[arg(long)]
    pub partnership: Option<String>,
    /// The earlier self-evaluation's label.
    #[arg(long)]
    pub from: String,
    /// The later self-evaluation's label.
    #[arg(long)]
    pub to: String,
    /// Output format (JSON: one {proposal, from, to, change} per proposal).
    #[arg(long, value_parser = formats::parser(REPORT_FORMATS), default_value = "table")]
    pub format: Format,
}

impl CompareArgs {
    /// Compares them.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open_read_only()?;
        let comparison =
            self_evaluation_comparison(&store, self.partnership.as_deref(), &self.from, &self.to)?;
        match self.format {
            Format::Json => print_json(&comparison.rows)?,
            Format::Csv => print_csv(
                context.csv_style(),
                &["proposal", "from", "to", "change"],
                &compare_cells(&comparison.rows, false),
            )?,
            Format::Table | Format::Markdown => {
                print_comparison(&comparison, self.format, context.csv_style())?
            }
            other => return Err(formats::not_written(other, REPORT_FORMATS)),
        }
        Ok(Outcome::Done)
    }
}

/// The comparison as a table (or Markdown): its title, each proposal's
/// ratings and change, then how many proposals changed each way.
fn print_comparison(
    comparison: &SelfEvaluationComparison,
    format: Format,
    csv: CsvStyle,
) -> Result<()> {
    let SelfEvaluationComparison {
        before,
        after,
        rows,
    } = comparison;
    print_title(
        &format!(
            "{}: self-evaluation {:?} ({}) compared with {:?} ({})",
            before.partnership,
            after.label,
            long_date(after.on),
            before.label,
            long_date(before.on)
        ),
        format,
    )?;
    Grid {
        headers: vec![
            "Proposal".into(),
            before.label.clone(),
            after.label.clone(),
            "Change".into(),
        ],
        rows: compare_cells(rows, true),
    }
    .print(format, csv)?;
    print_line("")?;
    Grid {
        headers: vec!["Change".into(), "Proposals".into()],
        rows: change_counts(rows)
            .iter()
            .map(|(change, count)| vec![change.words().to_string(), count.to_string()])
            .collect(),
    }
    .print(format, csv)
}

/// One row of cells per proposal: its id, both ratings (in words for
/// people, blank when not rated for programs) and the change.
fn compare_cells(rows: &[ProposalChange], for_people: bool) -> Vec<Vec<String>> {
    rows.iter()
        .map(|row| {
            let rating = |r: Option<Rating>| {
                if for_people {
                    optional_rating(r)
                } else {
                    r.map(|r| r.to_string()).unwrap_or_default()
                }
            };
            vec![
                row.proposal.clone(),
                rating(row.from),
                rating(row.to),
                row.change.words().to_string(),
            ]
        })
        .collect()
}
