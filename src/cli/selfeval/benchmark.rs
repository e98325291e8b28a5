//! `actionplan selfeval benchmark`: partnerships' ratings side by side.

use anyhow::{Result, bail};

use actionplan::model::selfeval::Proposal;
use actionplan::reports::selfeval::benchmark;

use crate::cli::formats::{self, REPORT_FORMATS};
use crate::cli::output::{print_csv, print_json, print_line};
use crate::cli::{Context, Outcome};

use super::common::{Grid, NOT_FOR_LOCAL_COMPLETION, ReportFormat, optional_rating, print_title};

/// Benchmark partnerships: their ratings of each proposal side by side in the
/// self-evaluations with the same label, and for each partnership the
/// proposals where another partnership rates itself higher (whom to learn from).
/// Only proposals both partnerships rated are compared.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  actionplan selfeval benchmark --label 2019 --partnership Angus --partnership Dundee --partnership Perth"
)]
pub struct BenchmarkArgs {
    /// The label of the self-evaluations to compare (each partnership needs one).
    #[arg(long)]
    pub label: String,
    /// A partnership; give two or more.
    #[arg(long = "partnership", value_name = "NAME", required = true)]
    pub partnerships: Vec<String>,
    /// Output format.
    #[arg(long, value_parser = formats::parser(REPORT_FORMATS), default_value = "table")]
    pub format: ReportFormat,
}

impl BenchmarkArgs {
    /// Benchmarks them.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        if self.partnerships.len() < 2 {
            bail!("benchmarking needs two or more partnerships: give --partnership for each");
        }
        let store = context.open_read_only()?;
        let proposals = store.msg_proposals()?;
        let mut evaluations = Vec::new();
        for name in &self.partnerships {
            let found = store.find_self_evaluation(Some(name), Some(&self.label))?;
            if evaluations.iter().any(|(p, _)| p == &found.partnership) {
                bail!("--partnership {:?} is given twice", found.partnership);
            }
            evaluations.push((
                found.partnership.clone(),
                store.self_evaluation_entries(found.id)?,
            ));
        }
        let result = benchmark(&proposals, &evaluations);
        let names: Vec<String> = evaluations.iter().map(|(p, _)| p.clone()).collect();
        match self.format {
            ReportFormat::Json => print_json(&serde_json::json!({
                "label": self.label,
                "partnerships": names,
                "proposals": result.proposals,
                "learn_from": result.learn_from,
            }))?,
            ReportFormat::Csv => {
                let mut headers: Vec<String> = vec!["proposal".into()];
                headers.extend(names.iter().cloned());
                headers.extend(names.iter().map(|n| format!("{n}: learn from")));
                let rows: Vec<Vec<String>> = result
                    .proposals
                    .iter()
                    .map(|row| {
                        let mut cells = vec![row.proposal.clone()];
                        cells.extend(
                            row.ratings
                                .iter()
                                .map(|r| r.rating.map(|r| r.to_string()).unwrap_or_default()),
                        );
                        cells.extend(names.iter().map(|name| {
                            learn_from_text(&result.learn_from, name, &row.proposal, "; ")
                        }));
                        cells
                    })
                    .collect();
                let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
                print_csv(context.csv_style(), &header_refs, &rows)?;
            }
            ReportFormat::Table | ReportFormat::Markdown => {
                print_title(
                    &format!("Self-evaluations {:?} side by side", self.label),
                    self.format,
                )?;
                let mut headers = vec!["Proposal".to_string()];
                headers.extend(names.iter().cloned());
                Grid {
                    headers,
                    rows: result
                        .proposals
                        .iter()
                        .map(|row| {
                            let local = proposals
                                .iter()
                                .find(|p| p.id == row.proposal)
                                .is_none_or(|p| p.local_completion);
                            let mut cells = vec![row.proposal.clone()];
                            cells.extend(row.ratings.iter().map(|r| match r.rating {
                                Some(rating) => rating.to_string(),
                                None if !local => NOT_FOR_LOCAL_COMPLETION.to_string(),
                                None => "not rated".to_string(),
                            }));
                            cells
                        })
                        .collect(),
                }
                .print(self.format, context.csv_style())?;
                print_line("")?;
                print_title("Whom to learn from", self.format)?;
                Grid {
                    headers: vec![
                        "Partnership".into(),
                        "Proposal".into(),
                        "Own rating".into(),
                        "Rated higher by".into(),
                    ],
                    rows: result
                        .learn_from
                        .iter()
                        .map(|l| {
                            vec![
                                l.partnership.clone(),
                                proposal_words(&proposals, &l.proposal),
                                l.own.to_string(),
                                learn_from_text(
                                    &result.learn_from,
                                    &l.partnership,
                                    &l.proposal,
                                    "\n",
                                ),
                            ]
                        })
                        .collect(),
                }
                .print(self.format, context.csv_style())?;
            }
            other => return Err(formats::not_written(other, REPORT_FORMATS)),
        }
        Ok(Outcome::Done)
    }
}

fn proposal_words(proposals: &[Proposal], id: &str) -> String {
    match proposals.iter().find(|p| p.id == id) {
        Some(proposal) => format!("{} {}", proposal.id, proposal.text),
        None => id.to_string(),
    }
}

fn learn_from_text(
    learn_from: &[actionplan::reports::selfeval::LearnFrom],
    partnership: &str,
    proposal: &str,
    separator: &str,
) -> String {
    learn_from
        .iter()
        .find(|l| l.partnership == partnership && l.proposal == proposal)
        .map(|l| {
            l.learn_from
                .iter()
                .map(|r| format!("{} ({})", r.partnership, optional_rating(r.rating)))
                .collect::<Vec<_>>()
                .join(separator)
        })
        .unwrap_or_default()
}
