//! `actionplan cycle`: close and list committee cycles.

use anyhow::Result;
use chrono::NaiveDate;
use clap::Subcommand;
use comfy_table::Cell;

use actionplan::app::cycles::{CycleClosing, check_closing, close_cycle};
use actionplan::model::long_date;
use actionplan::store::CycleSummary;

use crate::cli::formats::{self, REPORT_FORMATS};
use crate::cli::output::Page;
use crate::cli::output::{Format, new_table, print_csv, print_json};
use crate::cli::output::{as_of_or_today, count_words};
use crate::cli::{Context, Outcome};

const EXAMPLES: &str = "\
Examples:
  actionplan cycle close 'IJB 18 Feb 2020' --on 2020-02-18
  actionplan cycle list
  actionplan export --cycle 'IJB 18 Feb 2020' -o appendix1.csv
  actionplan movement --from 'IJB 18 Feb 2020'";

/// Committee cycles: freeze the plan as it stood for a paper.
///
/// Committee cycles: freeze the plan as it stood on a committee date, so the
/// appendix of that paper can be reproduced and the next paper can report
/// what has moved since.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    #[command(subcommand)]
    pub command: CycleCommand,
}

/// What to do with cycles.
#[derive(Debug, Subcommand)]
pub enum CycleCommand {
    /// Freeze the plan as it stood on a date under a label (a label is used once).
    Close(CloseArgs),
    /// List the closed cycles, oldest first.
    List(ListArgs),
}

/// Freeze the plan as it stood at the end of a date: for every milestone, the
/// latest update dated on or before it. Later updates, even ones dated before
/// the cycle, never change a closed cycle.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  actionplan cycle close 'IJB 18 Feb 2020' --on 2020-02-18")]
pub struct CloseArgs {
    /// The cycle's label, such as 'IJB 18 Feb 2020'.
    pub label: String,
    /// The date the snapshot speaks for (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    pub on: Option<NaiveDate>,
    /// The plan (may be left out when the database holds one).
    #[arg(long)]
    pub plan: Option<String>,
    /// Accept an --on date before 2000 (refused otherwise as a likely typing slip).
    #[arg(long)]
    pub backdate: bool,
}

/// List the closed cycles with their RAG counts as frozen.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  actionplan cycle list --format csv")]
pub struct ListArgs {
    /// Only this plan (default: every plan).
    #[arg(long)]
    pub plan: Option<String>,
    /// Output format.
    #[arg(long, value_parser = formats::parser(REPORT_FORMATS), default_value = "table")]
    pub format: Format,
}

impl Args {
    /// Runs the chosen cycle command.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        match self.command {
            CycleCommand::Close(args) => args.run(context),
            CycleCommand::List(args) => args.run(context),
        }
    }
}

impl CloseArgs {
    /// Closes the cycle.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let closing = CycleClosing {
            plan: self.plan,
            label: self.label,
            on: self.on,
            backdate: self.backdate,
        };
        let today = as_of_or_today(None);
        // The rules that need no database refuse before the file is opened.
        check_closing(&closing, today)?;
        let mut store = context.open()?;
        let cycle = close_cycle(&mut store, &closing, today)?;
        eprintln!(
            "closed cycle {:?} of plan {:?} as of {}: {} frozen ({} red, {} amber, {} green; {} complete)",
            cycle.label,
            cycle.plan,
            cycle.closed_on,
            count_words(cycle.milestones.max(0) as usize, "milestone"),
            cycle.red,
            cycle.amber,
            cycle.green,
            cycle.complete
        );
        Ok(Outcome::Done)
    }
}

const CSV_HEADERS: [&str; 9] = [
    "plan",
    "label",
    "closed_on",
    "created_at",
    "milestones",
    "red",
    "amber",
    "green",
    "complete",
];

impl ListArgs {
    /// Lists the cycles.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open_read_only()?;
        let plan_id = store.plan_filter(self.plan.as_deref())?;
        let cycles = store.cycles(plan_id)?;
        match self.format {
            Format::Json => print_json(&cycles)?,
            Format::Csv => print_csv(context.csv_style(), &CSV_HEADERS, &csv_rows(&cycles))?,
            Format::Table | Format::Markdown => {
                print_cycle_table(&cycles, Page::for_format(self.format))?
            }
            other => return Err(formats::not_written(other, REPORT_FORMATS)),
        }
        Ok(Outcome::Done)
    }
}

fn csv_rows(cycles: &[CycleSummary]) -> Vec<Vec<String>> {
    cycles
        .iter()
        .map(|c| {
            vec![
                c.plan.clone(),
                c.label.clone(),
                c.closed_on.to_string(),
                c.created_at.clone(),
                c.milestones.to_string(),
                c.red.to_string(),
                c.amber.to_string(),
                c.green.to_string(),
                c.complete.to_string(),
            ]
        })
        .collect()
}

fn print_cycle_table(cycles: &[CycleSummary], page: Page) -> Result<()> {
    if cycles.is_empty() {
        page.line("No cycles closed yet: close one with actionplan cycle close LABEL --on DATE")?;
        return Ok(());
    }
    let mut table = new_table(&[
        "Plan",
        "Label",
        "As of",
        "Milestones",
        "R",
        "A",
        "G",
        "Complete",
    ]);
    for c in cycles {
        table.add_row(vec![
            Cell::new(&c.plan),
            Cell::new(&c.label),
            Cell::new(long_date(c.closed_on)),
            Cell::new(c.milestones),
            Cell::new(c.red),
            Cell::new(c.amber),
            Cell::new(c.green),
            Cell::new(c.complete),
        ]);
    }
    page.table(&table)
}
