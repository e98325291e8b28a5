//! `actionplan selfeval`: the MSG self-evaluation. Import or record a
//! partnership's ratings of the 25 proposals, show them, count them, compare
//! two years, benchmark partnerships, and check the plan delivers on them.

use std::path::PathBuf;

use anyhow::{Result, bail};
use chrono::NaiveDate;
use clap::ValueEnum;

use actionplan::csvio::columns::HeaderMapping;
use actionplan::selfeval::import::{ImportOptions, import_self_evaluation_file, split_actions};
use actionplan::selfeval::markdown::markdown_table;
use actionplan::selfeval::reports::{
    LinkedMilestone, ProposalAssessment, ProposalChange, ProposalProgress, RatingCounts, assess,
    benchmark, change_counts, compare, overall, progress, summarise,
};
use actionplan::selfeval::{Proposal, Rating};
use actionplan::store::{NewSelfEvaluation, RecordedRating, SelfEvaluationSummary, Store};

use crate::cli::output::{new_table, print_csv, print_json, print_line, print_table};
use crate::cli::overdue::as_of_or_today;
use crate::cli::{Context, Outcome};

/// How a self-evaluation report prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ReportFormat {
    /// A table for reading.
    #[default]
    Table,
    /// CSV (formula-safe) for spreadsheets.
    Csv,
    /// JSON for programs.
    Json,
    /// Markdown tables for papers and wikis (cells escaped, line breaks as <br>).
    Markdown,
}

/// The MSG self-evaluation: ratings, evidence, movement, benchmarking.
///
/// The self-evaluation commands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Import a self-evaluation return (CSV: Proposal, Rating, Evidence, Improvement actions).
    Import(ImportArgs),
    /// Record (or replace) one proposal's rating by hand.
    Record(RecordArgs),
    /// List the self-evaluations in the database.
    List(ListArgs),
    /// The 25 proposals by key feature: rating, its indicator, evidence, actions.
    Show(ShowArgs),
    /// How many proposals sit at each rating, per key feature and overall.
    Summary(SummaryArgs),
    /// How each proposal's rating moved between two self-evaluations.
    Compare(CompareArgs),
    /// Partnerships' ratings side by side, and whom each could learn from.
    Benchmark(BenchmarkArgs),
    /// Per proposal, the plan's linked milestones: RAG counts and how many are overdue.
    Progress(ProgressArgs),
}

impl Command {
    /// Runs the chosen self-evaluation command.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        match self {
            Command::Import(args) => args.run(context),
            Command::Record(args) => args.run(context),
            Command::List(args) => args.run(context),
            Command::Show(args) => args.run(context),
            Command::Summary(args) => args.run(context),
            Command::Compare(args) => args.run(context),
            Command::Benchmark(args) => args.run(context),
            Command::Progress(args) => args.run(context),
        }
    }
}

/// Import a partnership's self-evaluation saved as CSV, one row per proposal,
/// with columns Proposal, Rating, Evidence and Improvement actions (one action
/// per line of the cell). A proposal the file leaves out is "not rated";
/// 3.2, 3.3 and 5.3 are not for local completion and take no rating. Every row
/// is checked first: one bad row and nothing is stored.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  actionplan selfeval import angus-2019.csv --partnership Angus --label 2019 --on 2019-05-10\n  actionplan selfeval import return.csv --partnership Angus --label 2020 --map 'Self-assessment=rating'"
)]
pub struct ImportArgs {
    /// The CSV file.
    pub file: PathBuf,
    /// The partnership that completed it.
    #[arg(long)]
    pub partnership: String,
    /// Its label, e.g. 2019 or "May 2019".
    #[arg(long)]
    pub label: String,
    /// The date it was completed (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    pub on: Option<NaiveDate>,
    /// Read a header as a field: 'Header=field' (fields: proposal, rating,
    /// evidence, actions). Repeatable.
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    pub mappings: Vec<HeaderMapping>,
    /// Replace the self-evaluation with this partnership and label.
    #[arg(long)]
    pub replace: bool,
}

impl ImportArgs {
    /// Runs the import.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let mut store = context.open_or_create()?;
        let options = ImportOptions {
            partnership: self.partnership,
            label: self.label,
            on: as_of_or_today(self.on),
            mappings: self.mappings,
            replace: self.replace,
        };
        let summary = import_self_evaluation_file(&mut store, &self.file, &options)?;
        eprintln!(
            "imported {} as the {:?} self-evaluation of {} ({}): {} proposals rated, {} not rated",
            self.file.display(),
            options.label.trim(),
            options.partnership.trim(),
            options.on,
            summary.rated,
            summary.not_rated
        );
        Ok(Outcome::Done)
    }
}

/// Record (or replace) one proposal's rating in a self-evaluation, creating
/// the self-evaluation if it does not exist. Evidence and actions are kept
/// unless given; giving --action replaces all the proposal's actions.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  actionplan selfeval record --partnership Angus --label 2020 --proposal 2.3 --rating established \\\n      --evidence 'Set-aside budget agreed' --action 'Publish the set-aside figures' --action 'Review quarterly'"
)]
pub struct RecordArgs {
    /// The partnership.
    #[arg(long)]
    pub partnership: String,
    /// The self-evaluation's label.
    #[arg(long)]
    pub label: String,
    /// The date of the self-evaluation when this creates it (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    pub on: Option<NaiveDate>,
    /// The MSG proposal, e.g. 2.3.
    #[arg(long)]
    pub proposal: String,
    /// Not yet established, Partly established, Established or Exemplary (any case), or 1 to 4.
    #[arg(long)]
    pub rating: Rating,
    /// The evidence for the rating (replaces any recorded).
    #[arg(long)]
    pub evidence: Option<String>,
    /// A proposed improvement action. Repeatable; replaces the actions recorded.
    #[arg(long = "action", value_name = "TEXT")]
    pub actions: Vec<String>,
}

impl RecordArgs {
    /// Records the rating.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let mut store = context.open_or_create()?;
        let new = NewSelfEvaluation {
            partnership: self.partnership.clone(),
            label: self.label.clone(),
            on: as_of_or_today(self.on),
            source: None,
        };
        let actions: Vec<String> = self
            .actions
            .iter()
            .flat_map(|action| split_actions(action))
            .collect();
        let recorded = RecordedRating {
            proposal: self.proposal,
            rating: self.rating,
            evidence: self.evidence.map(|text| text.trim().to_string()),
            actions: if actions.is_empty() {
                None
            } else {
                Some(actions)
            },
        };
        let outcome = store.record_rating(&new, self.on.is_some(), &recorded)?;
        if outcome.created {
            eprintln!(
                "created the {:?} self-evaluation of {} ({})",
                self.label.trim(),
                self.partnership.trim(),
                new.on
            );
        }
        match outcome.previous {
            Some(previous) => eprintln!(
                "proposal {}: {} (was {previous})",
                outcome.proposal, self.rating
            ),
            None => eprintln!("proposal {}: {}", outcome.proposal, self.rating),
        }
        Ok(Outcome::Done)
    }
}

/// List the self-evaluations in the database: partnership, label, date, how many rated.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  actionplan selfeval list --format csv")]
pub struct ListArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: ReportFormat,
}

impl ListArgs {
    /// Lists them.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open()?;
        let rows = store.self_evaluations()?;
        if self.format == ReportFormat::Json {
            print_json(&rows)?;
            return Ok(Outcome::Done);
        }
        let grid = Grid {
            headers: vec![
                "Partnership".into(),
                "Label".into(),
                "Date".into(),
                "Rated".into(),
                "Source".into(),
            ],
            rows: rows
                .iter()
                .map(|s| {
                    vec![
                        s.partnership.clone(),
                        s.label.clone(),
                        s.on.to_string(),
                        s.rated.to_string(),
                        s.source.clone().unwrap_or_default(),
                    ]
                })
                .collect(),
        };
        grid.print(self.format)?;
        Ok(Outcome::Done)
    }
}

/// Which self-evaluation a report reads.
#[derive(Debug, clap::Args)]
pub struct Which {
    /// The partnership (default: the only one with self-evaluations).
    #[arg(long)]
    pub partnership: Option<String>,
    /// The self-evaluation's label (default: the partnership's latest).
    #[arg(long)]
    pub label: Option<String>,
}

impl Which {
    fn find(&self, store: &Store) -> Result<SelfEvaluationSummary> {
        Ok(store.find_self_evaluation(self.partnership.as_deref(), self.label.as_deref())?)
    }
}

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
    #[arg(long, value_enum, default_value_t)]
    pub format: ReportFormat,
}

const NOT_FOR_LOCAL_COMPLETION: &str = "not for local completion";

fn rating_words(row: &ProposalAssessment) -> String {
    match row.rating {
        Some(rating) => rating.to_string(),
        None if !row.local_completion => NOT_FOR_LOCAL_COMPLETION.to_string(),
        None => "not rated".to_string(),
    }
}

fn heading(evaluation: &SelfEvaluationSummary) -> String {
    format!(
        "{}: self-evaluation {:?} of {}",
        evaluation.partnership,
        evaluation.label,
        evaluation.on.format("%-d %b %Y")
    )
}

impl ShowArgs {
    /// Shows it.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open()?;
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
                print_assessment(&evaluation, &rows, self.format)?;
            }
        }
        Ok(Outcome::Done)
    }
}

fn print_assessment(
    evaluation: &SelfEvaluationSummary,
    rows: &[ProposalAssessment],
    format: ReportFormat,
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
        grid.print(format)?;
    }
    Ok(())
}

/// A heading's text with the characters Markdown would interpret escaped.
fn markdown_heading(text: &str) -> String {
    actionplan::selfeval::markdown::markdown_cell(text)
}

/// Count a self-evaluation's ratings per key feature and overall ("not rated"
/// includes the three proposals not for local completion).
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  actionplan selfeval summary --partnership Angus --label 2019")]
pub struct SummaryArgs {
    /// Which self-evaluation.
    #[command(flatten)]
    pub which: Which,
    /// Output format (JSON: one object per key feature; the table adds an overall row).
    #[arg(long, value_enum, default_value_t)]
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
        let store = context.open()?;
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
                .print(self.format)?;
            }
        }
        Ok(Outcome::Done)
    }
}

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
    #[arg(long, value_enum, default_value_t)]
    pub format: ReportFormat,
}

fn optional_rating(rating: Option<Rating>) -> String {
    rating.map_or_else(|| "not rated".to_string(), |r| r.to_string())
}

impl CompareArgs {
    /// Compares them.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open()?;
        let before = store.find_self_evaluation(self.partnership.as_deref(), Some(&self.from))?;
        let after = store.find_self_evaluation(Some(&before.partnership), Some(&self.to))?;
        let proposals = store.msg_proposals()?;
        let rows = compare(
            &proposals,
            &store.self_evaluation_entries(before.id)?,
            &store.self_evaluation_entries(after.id)?,
        );
        match self.format {
            ReportFormat::Json => print_json(&rows)?,
            ReportFormat::Csv => print_csv(
                &["proposal", "from", "to", "change"],
                &compare_cells(&rows, false),
            )?,
            ReportFormat::Table | ReportFormat::Markdown => {
                print_title(
                    &format!(
                        "{}: self-evaluation {:?} ({}) compared with {:?} ({})",
                        before.partnership,
                        after.label,
                        after.on.format("%-d %b %Y"),
                        before.label,
                        before.on.format("%-d %b %Y")
                    ),
                    self.format,
                )?;
                Grid {
                    headers: vec![
                        "Proposal".into(),
                        before.label.clone(),
                        after.label.clone(),
                        "Change".into(),
                    ],
                    rows: compare_cells(&rows, true),
                }
                .print(self.format)?;
                print_line("")?;
                Grid {
                    headers: vec!["Change".into(), "Proposals".into()],
                    rows: change_counts(&rows)
                        .iter()
                        .map(|(change, count)| vec![change.words().to_string(), count.to_string()])
                        .collect(),
                }
                .print(self.format)?;
            }
        }
        Ok(Outcome::Done)
    }
}

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
    #[arg(long, value_enum, default_value_t)]
    pub format: ReportFormat,
}

impl BenchmarkArgs {
    /// Benchmarks them.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        if self.partnerships.len() < 2 {
            bail!("benchmarking needs two or more partnerships: give --partnership for each");
        }
        let store = context.open()?;
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
                print_csv(&header_refs, &rows)?;
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
                .print(self.format)?;
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
                .print(self.format)?;
            }
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
    learn_from: &[actionplan::selfeval::reports::LearnFrom],
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
    #[arg(long, value_enum, default_value_t)]
    pub format: ReportFormat,
}

impl ProgressArgs {
    /// Reports progress.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open()?;
        let as_of = as_of_or_today(self.as_of);
        let plan_ids = store.partnership_plan_ids(&self.partnership)?;
        if plan_ids.is_empty() {
            bail!(
                "no plan belongs to partnership {:?}: import one with actionplan import FILE --plan NAME --partnership {:?}",
                self.partnership,
                self.partnership
            );
        }
        let mut linked = Vec::new();
        for plan_id in plan_ids {
            let links = store.proposal_links(plan_id)?;
            if links.is_empty() {
                continue;
            }
            let states = store.states_as_of(plan_id, as_of)?;
            for (proposal, milestone_id) in links {
                if let Some((_, state)) = states.iter().find(|(id, _)| *id == milestone_id) {
                    linked.push(LinkedMilestone {
                        proposal,
                        milestone_id,
                        state: state.clone(),
                    });
                }
            }
        }
        let latest = store.latest_self_evaluation(&self.partnership, as_of)?;
        let entries = match &latest {
            Some(evaluation) => store.self_evaluation_entries(evaluation.id)?,
            None => Vec::new(),
        };
        let proposals = store.msg_proposals()?;
        let rows = progress(&proposals, &entries, &linked, as_of);
        match self.format {
            ReportFormat::Json => print_json(&rows)?,
            ReportFormat::Csv => print_csv(
                &[
                    "proposal",
                    "rating",
                    "milestones",
                    "red",
                    "amber",
                    "green",
                    "complete",
                    "overdue",
                    "milestone_ids",
                ],
                &progress_cells(&rows, false),
            )?,
            ReportFormat::Table | ReportFormat::Markdown => {
                let rated_by = match &latest {
                    Some(evaluation) => format!(
                        "ratings from self-evaluation {:?} of {}",
                        evaluation.label,
                        evaluation.on.format("%-d %b %Y")
                    ),
                    None => "no self-evaluation yet".to_string(),
                };
                let mut distinct: Vec<i64> = linked.iter().map(|l| l.milestone_id).collect();
                distinct.sort_unstable();
                distinct.dedup();
                print_title(
                    &format!(
                        "{}: milestones linked to MSG proposals as of {} ({} milestones linked; {rated_by})",
                        self.partnership.trim(),
                        as_of.format("%-d %b %Y"),
                        distinct.len()
                    ),
                    self.format,
                )?;
                Grid {
                    headers: [
                        "Proposal",
                        "Rating",
                        "Milestones",
                        "R",
                        "A",
                        "G",
                        "Complete",
                        "Overdue",
                        "Milestone ids",
                    ]
                    .iter()
                    .map(|h| h.to_string())
                    .collect(),
                    rows: progress_cells(&rows, true),
                }
                .print(self.format)?;
            }
        }
        Ok(Outcome::Done)
    }
}

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

/// A title line: plain in a table, a heading in Markdown.
fn print_title(title: &str, format: ReportFormat) -> Result<()> {
    if format == ReportFormat::Markdown {
        print_line(&format!("## {}", markdown_heading(title)))?;
        print_line("")
    } else {
        print_line(title)
    }
}

/// Rows of text ready to print as a table, CSV or Markdown.
struct Grid {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Grid {
    fn print(&self, format: ReportFormat) -> Result<()> {
        let headers: Vec<&str> = self.headers.iter().map(String::as_str).collect();
        match format {
            ReportFormat::Markdown => {
                let text = markdown_table(&headers, &self.rows);
                print_line(text.trim_end())
            }
            ReportFormat::Csv => print_csv(&headers, &self.rows),
            ReportFormat::Json | ReportFormat::Table => {
                let mut table = new_table(&headers);
                for row in &self.rows {
                    table.add_row(row.clone());
                }
                print_table(&table)
            }
        }
    }
}
