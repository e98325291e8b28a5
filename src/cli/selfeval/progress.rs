//! `actionplan selfeval progress`: per proposal, how the plan's linked milestones stand.

use std::collections::HashMap;

use actionplan::model::long_date;
use anyhow::{Result, bail};
use chrono::NaiveDate;

use actionplan::model::Milestone;
use actionplan::reports::selfeval::{LinkedMilestone, ProposalProgress, progress};
use actionplan::store::MilestoneFilter;

use crate::cli::formats::{self, REPORT_FORMATS};
use crate::cli::output::{as_of_or_today, count_words};
use crate::cli::output::{print_csv, print_json};
use crate::cli::{Context, Outcome};

use super::common::{Grid, NOT_FOR_LOCAL_COMPLETION, ReportFormat, print_title};

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
    pub format: ReportFormat,
}

impl ProgressArgs {
    /// Reports progress.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open_read_only()?;
        let as_of = as_of_or_today(self.as_of);
        let plan_ids = store.partnership_plan_ids(&self.partnership)?;
        if plan_ids.is_empty() {
            bail!(
                "no plan in use belongs to partnership {:?} (archived plans count only with --include-archived): import one with actionplan import FILE --plan NAME --partnership {:?}",
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
            let filter = MilestoneFilter {
                plan_id: Some(plan_id),
                ..Default::default()
            };
            let milestones: HashMap<i64, Milestone> = store
                .milestones_as_of(&filter, as_of)?
                .into_iter()
                .map(|m| (m.id, m))
                .collect();
            for (proposal, milestone_id) in links {
                if let Some(milestone) = milestones.get(&milestone_id) {
                    linked.push(LinkedMilestone {
                        proposal,
                        milestone: milestone.clone(),
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
                context.csv_style(),
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
                        long_date(evaluation.on)
                    ),
                    None => "no self-evaluation yet".to_string(),
                };
                let mut distinct: Vec<i64> = linked.iter().map(|l| l.milestone.id).collect();
                distinct.sort_unstable();
                distinct.dedup();
                print_title(
                    &format!(
                        "{}: milestones linked to MSG proposals as of {} ({} linked; {rated_by})",
                        self.partnership.trim(),
                        long_date(as_of),
                        count_words(distinct.len(), "milestone")
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
                .print(self.format, context.csv_style())?;
            }
            other => return Err(formats::not_written(other, REPORT_FORMATS)),
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
