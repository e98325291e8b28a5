//! `actionplan history`: the updates recorded across a plan.

use anyhow::Result;
use chrono::NaiveDate;

use actionplan::app::history::{History, HistoryEntry, HistoryQuery, history};
use actionplan::model::EditField;

use crate::cli::formats::{self, REPORT_FORMATS};
use crate::cli::output::Page;
use crate::cli::output::{Format, new_table, optional_cell, quoted_plan_names};
use crate::cli::show::describe_changes;
use crate::cli::stream::{JsonArray, LongTable, WHOLE_TABLE_ROWS, csv_to_stdout};
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
    #[arg(long, value_parser = formats::parser(REPORT_FORMATS), default_value = "table")]
    pub format: Format,
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
    /// Runs the listing: JSON and CSV written as the store reads the
    /// entries; the table laid out whole, or written row by row when long.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open_read_only()?;
        let query = HistoryQuery {
            plan: self.plan,
            since: self.since,
            lead: self.lead,
        };
        let history = history(&store, query)?;
        match self.format {
            Format::Json => {
                let mut json = JsonArray::new();
                history.for_each_entry(|entry| json.push(&entry))?;
                json.finish()?
            }
            Format::Csv => {
                let mut csv = csv_to_stdout(context.csv_style(), &CSV_HEADERS)?;
                history
                    .for_each_entry(|entry| -> Result<()> { Ok(csv.row(csv_cells(&entry))?) })?;
                csv.finish()?
            }
            Format::Table | Format::Markdown => {
                print_history_table(&history, Page::for_format(self.format))?
            }
            other => return Err(formats::not_written(other, REPORT_FORMATS)),
        }
        Ok(Outcome::Done)
    }
}

/// The history as a table (or Markdown), the plan first when there are
/// several: laid out whole, or written row by row when long.
fn print_history_table(history: &History, page: Page) -> Result<()> {
    let per_plan = history.entries_per_plan()?;
    if per_plan.is_empty() {
        return page.line("No updates recorded.");
    }
    let plans: Vec<&str> = per_plan.iter().map(|(plan, _)| plan.as_str()).collect();
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
    let total: usize = per_plan.iter().map(|(_, count)| count).sum();
    if total <= WHOLE_TABLE_ROWS {
        let mut table = new_table(&headers);
        history.for_each_entry(|entry| -> Result<()> {
            table.add_row(table_cells(&entry, several_plans));
            Ok(())
        })?;
        page.table(&table)
    } else {
        let mut table = LongTable::new(page, &headers);
        history.for_each_entry(|entry| table.row(table_cells(&entry, several_plans)))?;
        table.finish()
    }
}

/// One row of the history table: the plan first when there are several.
fn table_cells(entry: &HistoryEntry, several_plans: bool) -> Vec<String> {
    let mut row = vec![
        entry.update_id.to_string(),
        entry.on.to_string(),
        entry.id.to_string(),
        entry.milestone.clone(),
        entry.by.clone().unwrap_or_default(),
        describe_changes(&entry.entry),
    ];
    if several_plans {
        row.insert(0, entry.plan.clone());
    }
    row
}

/// The CSV cells of one entry, in the order of `CSV_HEADERS`.
fn csv_cells(entry: &HistoryEntry) -> Vec<String> {
    vec![
        entry.id.to_string(),
        entry.plan.clone(),
        entry.milestone.clone(),
        entry.on.to_string(),
        optional_cell(entry.by.as_deref()),
        optional_cell(entry.rag),
        optional_cell(entry.status),
        optional_cell(entry.comment.as_deref()),
        optional_cell(entry.timeline),
        optional_cell(entry.reason.as_deref()),
        entry.update_id.to_string(),
        entry.kind.word().to_string(),
        optional_cell(entry.field.map(EditField::word)),
        optional_cell(entry.before.as_deref()),
        optional_cell(entry.after.as_deref()),
        optional_cell(entry.retracts),
        optional_cell(entry.retracted_by),
    ]
}
