//! `actionplan selfeval benchmark`: partnerships' ratings side by side.

use anyhow::Result;

use actionplan::app::selfeval_reports::{
    SelfEvaluationBenchmark, check_benchmark, self_evaluation_benchmark,
};
use actionplan::io::csvio::write::CsvStyle;
use actionplan::model::selfeval::Proposal;
use actionplan::reports::selfeval::LearnFrom;

use crate::cli::formats::{self, REPORT_FORMATS};
use crate::cli::output::{print_csv, print_json, print_line};
use crate::cli::{Context, Outcome};

use super::common::{Format, Grid, NOT_FOR_LOCAL_COMPLETION, optional_rating, print_title};

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
    pub format: Format,
}

impl BenchmarkArgs {
    /// Benchmarks them.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        check_benchmark(&self.partnerships)?;
        let store = context.open_read_only()?;
        let report = self_evaluation_benchmark(&store, &self.label, &self.partnerships)?;
        match self.format {
            // Through a JSON value, whose objects list their keys in
            // alphabetical order: the order this report has always had.
            Format::Json => print_json(&serde_json::to_value(&report)?)?,
            Format::Csv => print_benchmark_csv(&report, context.csv_style())?,
            Format::Table | Format::Markdown => {
                print_benchmark_tables(&report, self.format, context.csv_style())?
            }
            other => return Err(formats::not_written(other, REPORT_FORMATS)),
        }
        Ok(Outcome::Done)
    }
}

/// The ratings side by side as CSV: a column per partnership, then a
/// "learn from" column per partnership.
fn print_benchmark_csv(report: &SelfEvaluationBenchmark, style: CsvStyle) -> Result<()> {
    let names = &report.partnerships;
    let mut headers: Vec<String> = vec!["proposal".into()];
    headers.extend(names.iter().cloned());
    headers.extend(names.iter().map(|n| format!("{n}: learn from")));
    let rows: Vec<Vec<String>> = report
        .proposals
        .iter()
        .map(|row| {
            let mut cells = vec![row.proposal.clone()];
            cells.extend(
                row.ratings
                    .iter()
                    .map(|r| r.rating.map(|r| r.to_string()).unwrap_or_default()),
            );
            cells.extend(
                names
                    .iter()
                    .map(|name| learn_from_text(&report.learn_from, name, &row.proposal, "; ")),
            );
            cells
        })
        .collect();
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    print_csv(style, &header_refs, &rows)
}

/// The ratings side by side, then whom each partnership could learn from,
/// as tables (or Markdown).
fn print_benchmark_tables(
    report: &SelfEvaluationBenchmark,
    format: Format,
    style: CsvStyle,
) -> Result<()> {
    let proposals = &report.msg_proposals;
    print_title(
        &format!("Self-evaluations {:?} side by side", report.label),
        format,
    )?;
    let mut headers = vec!["Proposal".to_string()];
    headers.extend(report.partnerships.iter().cloned());
    Grid {
        headers,
        rows: report
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
    .print(format, style)?;
    print_line("")?;
    print_title("Whom to learn from", format)?;
    Grid {
        headers: vec![
            "Partnership".into(),
            "Proposal".into(),
            "Own rating".into(),
            "Rated higher by".into(),
        ],
        rows: report
            .learn_from
            .iter()
            .map(|l| {
                vec![
                    l.partnership.clone(),
                    proposal_words(proposals, &l.proposal),
                    l.own.to_string(),
                    learn_from_text(&report.learn_from, &l.partnership, &l.proposal, "\n"),
                ]
            })
            .collect(),
    }
    .print(format, style)
}

/// "2.2 Integrated budgets ...": a proposal's id and words (its id alone if unknown).
fn proposal_words(proposals: &[Proposal], id: &str) -> String {
    match proposals.iter().find(|p| p.id == id) {
        Some(proposal) => format!("{} {}", proposal.id, proposal.text),
        None => id.to_string(),
    }
}

/// Whom `partnership` could learn from on `proposal`: "Peerside (Established)",
/// each joined by `separator`; empty when nobody rates it higher.
fn learn_from_text(
    learn_from: &[LearnFrom],
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
