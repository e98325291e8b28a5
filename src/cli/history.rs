//! `actionplan history`: the updates recorded across a plan.

use std::collections::HashMap;

use anyhow::Result;
use chrono::NaiveDate;
use comfy_table::Cell;
use serde::Serialize;

use actionplan::model::{EditField, EntryKind, Rag, Status, Timeline};
use actionplan::store::{MilestoneFilter, Update};

use crate::cli::output::Page;
use crate::cli::output::{
    Format, group_by_plan, new_table, optional_cell, plans_in_order, print_csv, print_json,
    quoted_plan_names,
};
use crate::cli::show::describe_changes;
use crate::cli::{Context, Outcome};

/// List the history recorded across a plan: updates and every change.
///
/// List the history recorded across a plan, oldest first (by the date each
/// entry speaks for, then the order they were typed in): leads' updates, and
/// milestones added, edited, moved, reassigned, retired, and entries
/// retracted. Each entry's id (the Entry column, `update_id` in CSV and
/// JSON) is what `actionplan retract` takes.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  actionplan history --since 2020-02-01 --lead 'Marie Moy' --format csv"
)]
pub struct Args {
    /// Only this plan (default: every plan).
    #[arg(long)]
    pub plan: Option<String>,
    /// Only updates dated on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<NaiveDate>,
    /// Only updates to milestones this person leads.
    #[arg(long)]
    pub lead: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// One update as `history` prints it; a field is null when the update left it unchanged.
#[derive(Debug, Serialize)]
struct HistoryEntry<'a> {
    /// The milestone's id.
    id: i64,
    /// The plan the milestone belongs to.
    plan: &'a str,
    /// The milestone detail.
    milestone: &'a str,
    /// The date the update speaks for.
    on: NaiveDate,
    /// Who reported it.
    by: Option<&'a str>,
    /// New RAG.
    rag: Option<Rag>,
    /// New status.
    status: Option<Status>,
    /// New comment.
    comment: Option<&'a str>,
    /// New timeline.
    timeline: Option<Timeline>,
    /// Why: the timeline moved, or the edit, retirement or retraction was made.
    reason: Option<&'a str>,
    /// The entry's own id (what `retract` takes).
    update_id: i64,
    /// What the entry records: update, add, edit, move, retire or retract.
    kind: EntryKind,
    /// The field an edit changed.
    field: Option<EditField>,
    /// An edit's or move's value before (leads one per line).
    before: Option<&'a str>,
    /// An edit's or move's value after.
    after: Option<&'a str>,
    /// The entry a retraction withdraws.
    retracts: Option<i64>,
    /// The retraction that withdrew this entry.
    retracted_by: Option<i64>,
    #[serde(skip)]
    update: &'a Update,
}

const CSV_HEADERS: [&str; 17] = [
    "id",
    "plan",
    "milestone",
    "on",
    "by",
    "rag",
    "status",
    "comment",
    "timeline",
    "reason",
    "update_id",
    "kind",
    "field",
    "before",
    "after",
    "retracts",
    "retracted_by",
];

impl Args {
    /// Runs the listing.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open_read_only()?;
        if let Some(lead) = &self.lead {
            store.check_lead(lead)?;
        }
        let plan_id = store.plan_filter(self.plan.as_deref())?;
        let milestones = store.milestones(&MilestoneFilter {
            plan_id,
            lead: self.lead,
            include_retired: true,
            ..Default::default()
        })?;
        let details: HashMap<i64, (&str, &str)> = milestones
            .iter()
            .map(|m| (m.id, (m.plan.as_str(), m.detail.as_str())))
            .collect();
        let updates = store.entries_since(plan_id, self.since)?;
        let mut entries: Vec<HistoryEntry> = updates
            .iter()
            .filter_map(|update| {
                let (plan, milestone) = *details.get(&update.milestone_id)?;
                Some(HistoryEntry {
                    id: update.milestone_id,
                    plan,
                    milestone,
                    on: update.on,
                    by: update.by.as_deref(),
                    rag: update.rag,
                    status: update.status,
                    comment: update.comment.as_deref(),
                    timeline: update.timeline,
                    reason: update.reason.as_deref(),
                    update_id: update.update_id,
                    kind: update.kind,
                    field: update.field,
                    before: update.before.as_deref(),
                    after: update.after.as_deref(),
                    retracts: update.retracts,
                    retracted_by: update.retracted_by,
                    update,
                })
            })
            .collect();
        // Over several plans, each plan's updates come together, plans in plan order.
        let plans = plans_in_order(milestones.iter().map(|m| m.plan.as_str()));
        group_by_plan(&mut entries, &plans, |entry| entry.plan);
        match self.format {
            Format::Json => print_json(&entries)?,
            Format::Csv => print_csv(context.csv_style(), &CSV_HEADERS, &csv_rows(&entries))?,
            Format::Table | Format::Markdown => {
                print_history_table(&entries, Page::for_format(self.format))?
            }
        }
        Ok(Outcome::Done)
    }
}

fn csv_rows(entries: &[HistoryEntry]) -> Vec<Vec<String>> {
    entries
        .iter()
        .map(|entry| {
            vec![
                entry.id.to_string(),
                entry.plan.to_string(),
                entry.milestone.to_string(),
                entry.on.to_string(),
                optional_cell(entry.by),
                optional_cell(entry.rag),
                optional_cell(entry.status),
                optional_cell(entry.comment),
                optional_cell(entry.timeline),
                optional_cell(entry.reason),
                entry.update_id.to_string(),
                entry.kind.word().to_string(),
                optional_cell(entry.field.map(EditField::word)),
                optional_cell(entry.before),
                optional_cell(entry.after),
                optional_cell(entry.retracts),
                optional_cell(entry.retracted_by),
            ]
        })
        .collect()
}

fn print_history_table(entries: &[HistoryEntry], page: Page) -> Result<()> {
    if entries.is_empty() {
        page.line("No updates recorded.")?;
        return Ok(());
    }
    let plans = plans_in_order(entries.iter().map(|entry| entry.plan));
    let several_plans = plans.len() > 1;
    let mut headers = vec!["Entry", "On", "ID", "Milestone", "By", "What changed"];
    if several_plans {
        page.line(&format!(
            "{} plans, each with its own updates: {}",
            plans.len(),
            quoted_plan_names(&plans)
        ))?;
        headers.insert(0, "Plan");
    }
    let mut table = new_table(&headers);
    for entry in entries {
        let mut row = vec![
            Cell::new(entry.update_id),
            Cell::new(entry.on),
            Cell::new(entry.id),
            Cell::new(entry.milestone),
            Cell::new(entry.by.unwrap_or("")),
            Cell::new(describe_changes(entry.update)),
        ];
        if several_plans {
            row.insert(0, Cell::new(entry.plan));
        }
        table.add_row(row);
    }
    page.table(&table)
}
