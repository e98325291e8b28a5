//! `actionplan slipped`: milestones whose target date has moved.

use anyhow::Result;
use comfy_table::Cell;

use actionplan::app::slipped::slipped_milestones;
use actionplan::render::words::slip_in_words;
use actionplan::reports::SlippedMilestone;

use crate::cli::formats::{self, REPORT_FORMATS};
use crate::cli::output::Page;
use crate::cli::output::{
    Format, across_plans, count_words, new_table, plans_in_order, print_csv, print_json,
};
use crate::cli::{Context, Outcome};

/// Milestones whose target date has moved.
///
/// Milestones whose target timeline has been revised, with the original
/// (imported) timeline, the current one, how many times it moved and the total
/// slip in months (current due month minus original due month). Largest slip first.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  actionplan slipped --plan NL --format csv")]
pub struct Args {
    /// Only this plan (default: every plan).
    #[arg(long)]
    pub plan: Option<String>,
    /// Output format.
    #[arg(long, value_parser = formats::parser(REPORT_FORMATS), default_value = "table")]
    pub format: Format,
}

const CSV_HEADERS: [&str; 11] = [
    "id",
    "plan",
    "theme",
    "milestone",
    "leads",
    "original_timeline",
    "timeline",
    "moves",
    "slip_months",
    "last_revised_on",
    "last_reason",
];

impl Args {
    /// Runs the report.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open_read_only()?;
        let rows = slipped_milestones(&store, self.plan.as_deref())?;
        match self.format {
            Format::Json => print_json(&rows)?,
            Format::Csv => print_csv(context.csv_style(), &CSV_HEADERS, &csv_rows(&rows))?,
            Format::Table | Format::Markdown => {
                print_slipped_table(&rows, Page::for_format(self.format))?
            }
            other => return Err(formats::not_written(other, REPORT_FORMATS)),
        }
        Ok(Outcome::Done)
    }
}

fn csv_rows(rows: &[SlippedMilestone]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|row| {
            vec![
                row.id.to_string(),
                row.plan.clone(),
                row.theme.clone(),
                row.milestone.clone(),
                row.leads.join("; "),
                row.original_timeline.to_string(),
                row.timeline.to_string(),
                row.moves.to_string(),
                row.slip_months.to_string(),
                row.last_revised_on.to_string(),
                row.last_reason.clone(),
            ]
        })
        .collect()
}

fn print_slipped_table(rows: &[SlippedMilestone], page: Page) -> Result<()> {
    let plans = plans_in_order(rows.iter().map(|row| row.plan.as_str()));
    let several_plans = plans.len() > 1;
    let across = across_plans(&plans);
    page.line(&format!(
        "{} with a revised target date{across}",
        count_words(rows.len(), "milestone")
    ))?;
    if rows.is_empty() {
        return Ok(());
    }
    let mut headers = vec![
        "ID",
        "Milestone",
        "Lead",
        "Original",
        "Now",
        "Moves",
        "Slip",
        "Latest reason",
    ];
    if several_plans {
        headers.insert(0, "Plan");
    }
    let mut table = new_table(&headers);
    for row in rows {
        let mut cells = vec![
            Cell::new(row.id),
            Cell::new(&row.milestone),
            Cell::new(row.leads.join("\n")),
            Cell::new(row.original_timeline),
            Cell::new(row.timeline),
            Cell::new(row.moves),
            Cell::new(slip_in_words(row.slip_months)),
            Cell::new(format!("{} ({})", row.last_reason, row.last_revised_on)),
        ];
        if several_plans {
            cells.insert(0, Cell::new(&row.plan));
        }
        table.add_row(cells);
    }
    page.table(&table)
}
