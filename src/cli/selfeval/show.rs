//! `actionplan selfeval show`: one self-evaluation's 25 proposals by key feature.

use anyhow::Result;

use actionplan::io::csvio::write::CsvStyle;
use actionplan::reports::selfeval::{ProposalAssessment, assess};
use actionplan::store::SelfEvaluationSummary;

use crate::cli::formats::{self, REPORT_FORMATS};
use crate::cli::output::{print_csv, print_json, print_line};
use crate::cli::{Context, Outcome};

use super::common::{
    Grid, NOT_FOR_LOCAL_COMPLETION, ReportFormat, Which, heading, markdown_heading,
};

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
    pub format: ReportFormat,
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
        let evaluation = self.which.find(&store)?;
        let proposals = store.msg_proposals()?;
        let rows = assess(&proposals, &store.self_evaluation_entries(evaluation.id)?);
        match self.format {
            ReportFormat::Json => print_json(&rows)?,
            ReportFormat::Csv => {
                let csv_rows: Vec<Vec<String>> = rows
                    .iter()
                    .map(|row| {
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
                    })
                    .collect();
                print_csv(
                    context.csv_style(),
                    &[
                        "key_feature",
                        "key_feature_title",
                        "proposal",
                        "proposal_text",
                        "rating",
                        "indicator",
                        "evidence",
                        "actions",
                    ],
                    &csv_rows,
                )?;
            }
            ReportFormat::Table | ReportFormat::Markdown => {
                print_assessment(&evaluation, &rows, self.format, context.csv_style())?;
            }
            other => return Err(formats::not_written(other, REPORT_FORMATS)),
        }
        Ok(Outcome::Done)
    }
}

fn print_assessment(
    evaluation: &SelfEvaluationSummary,
    rows: &[ProposalAssessment],
    format: ReportFormat,
    csv: CsvStyle,
) -> Result<()> {
    let markdown = format == ReportFormat::Markdown;
    let title = heading(evaluation);
    print_line(&if markdown {
        format!("# {}", markdown_heading(&title))
    } else {
        title
    })?;
    let mut features: Vec<(i64, &str)> = Vec::new();
    for row in rows {
        if !features.iter().any(|(k, _)| *k == row.key_feature) {
            features.push((row.key_feature, &row.key_feature_title));
        }
    }
    for (key_feature, title) in features {
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
