//! `actionplan selfeval show`: one self-evaluation's 25 proposals by key feature.

use anyhow::Result;

use actionplan::app::selfeval_reports::{SelfEvaluationAssessment, self_evaluation_assessment};
use actionplan::io::csvio::write::CsvStyle;
use actionplan::reports::selfeval::ProposalAssessment;

use crate::cli::formats::{self, REPORT_FORMATS};
use crate::cli::output::{print_csv, print_json, print_line};
use crate::cli::{Context, Outcome};

use super::common::{Format, Grid, NOT_FOR_LOCAL_COMPLETION, Which, heading, markdown_heading};

/// Show a self-evaluation: the 25 proposals grouped by key feature, each with
/// its rating, the template's indicator text for that level, the evidence and
/// the improvement actions.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  actionplan selfeval show --partnership Angus --label 2019 --format markdown > angus-2019.md"
)]
pub struct ShowArgs {
    /// Which self-evaluation.
    #[command(flatten)]
    pub which: Which,
    /// Output format.
    #[arg(long, value_parser = formats::parser(REPORT_FORMATS), default_value = "table")]
    pub format: Format,
}

fn rating_words(row: &ProposalAssessment) -> String {
    match row.rating {
        Some(rating) => rating.to_string(),
        None if !row.local_completion => NOT_FOR_LOCAL_COMPLETION.to_string(),
        None => "not rated".to_string(),
    }
}

impl ShowArgs {
    /// Shows it.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open_read_only()?;
        let assessment = self_evaluation_assessment(
            &store,
            self.which.partnership.as_deref(),
            self.which.label.as_deref(),
        )?;
        match self.format {
            Format::Json => print_json(&assessment.rows)?,
            Format::Csv => {
                let rows: Vec<Vec<String>> = assessment.rows.iter().map(csv_cells).collect();
                print_csv(context.csv_style(), &CSV_HEADERS, &rows)?;
            }
            Format::Table | Format::Markdown => {
                print_assessment(&assessment, self.format, context.csv_style())?;
            }
            other => return Err(formats::not_written(other, REPORT_FORMATS)),
        }
        Ok(Outcome::Done)
    }
}

/// The CSV headers, in the order of [`csv_cells`].
const CSV_HEADERS: [&str; 8] = [
    "key_feature",
    "key_feature_title",
    "proposal",
    "proposal_text",
    "rating",
    "indicator",
    "evidence",
    "actions",
];

/// The CSV cells of one proposal: the rating blank when not rated, the
/// actions one per line.
fn csv_cells(row: &ProposalAssessment) -> Vec<String> {
    vec![
        row.key_feature.to_string(),
        row.key_feature_title.clone(),
        row.proposal.clone(),
        row.proposal_text.clone(),
        row.rating.map(|r| r.to_string()).unwrap_or_default(),
        row.indicator.clone().unwrap_or_default(),
        row.evidence.clone(),
        row.actions.join("\n"),
    ]
}

/// The self-evaluation as a table (or Markdown): its title, then one
/// table per key feature.
fn print_assessment(
    assessment: &SelfEvaluationAssessment,
    format: Format,
    csv: CsvStyle,
) -> Result<()> {
    let rows = &assessment.rows;
    let markdown = format == Format::Markdown;
    let title = heading(&assessment.evaluation);
    print_line(&if markdown {
        format!("# {}", markdown_heading(&title))
    } else {
        title
    })?;
    for (key_feature, title) in assessment.key_features() {
        let heading = format!("Key feature {key_feature}: {title}");
        print_line("")?;
        print_line(&if markdown {
            format!("## {}", markdown_heading(&heading))
        } else {
            heading
        })?;
        let grid = Grid {
            headers: vec![
                "Proposal".into(),
                "Rating".into(),
                "Indicator".into(),
                "Evidence".into(),
                "Improvement actions".into(),
            ],
            rows: rows
                .iter()
                .filter(|row| row.key_feature == key_feature)
                .map(|row| {
                    vec![
                        format!("{} {}", row.proposal, row.proposal_text),
                        rating_words(row),
                        row.indicator.clone().unwrap_or_default(),
                        row.evidence.clone(),
                        row.actions
                            .iter()
                            .map(|action| format!("• {action}"))
                            .collect::<Vec<_>>()
                            .join("\n"),
                    ]
                })
                .collect(),
        };
        if markdown {
            print_line("")?;
        }
        grid.print(format, csv)?;
    }
    Ok(())
}
