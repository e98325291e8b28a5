//! `actionplan slipped`: milestones whose target date has moved.

use anyhow::Result;
use comfy_table::Cell;

use actionplan::reports::{Revisions, SlippedMilestone, largest_slip_first};
use actionplan::store::{MilestoneFilter, MilestoneOrder};

use crate::cli::formats::{self, REPORT_FORMATS};
use crate::cli::output::Page;
use crate::cli::output::{
    Format, across_plans, count_words, group_by_plan, new_table, plans_in_order, print_csv,
    print_json,
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
        // Its questions answered from one snapshot, let go before printing.
        let snapshot = store.read_snapshot()?;
        let plan_id = store.plan_filter(self.plan.as_deref())?;
        // Only the milestones whose date moved are held (to sort by slip).
        let filter = MilestoneFilter {
            plan_id,
            ..Default::default()
        };
        let updates = store.timeline_revisions(plan_id)?;
        let revisions = Revisions::new(&updates);
        let mut rows = Vec::new();
        store.for_each_milestone(&filter, MilestoneOrder::Plan, |milestone| {
            rows.extend(revisions.slipped(&milestone));
            Ok::<(), anyhow::Error>(())
        })?;
        drop(snapshot);
        // Over several plans, each plan's rows come together (largest slip
        // first within a plan), plans in plan order: the order the rows came
        // in, taken before they are sorted.
        let plans: Vec<String> = plans_in_order(rows.iter().map(|row| row.plan.as_str()))
            .into_iter()
            .map(str::to_string)
            .collect();
        largest_slip_first(&mut rows);
        let plans: Vec<&str> = plans.iter().map(String::as_str).collect();
        group_by_plan(&mut rows, &plans, |row| row.plan.as_str());
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

/// "4 months later", "1 month earlier", "no change".
fn slip_in_words(months: i32) -> String {
    let size = count_words(months.unsigned_abs() as usize, "month");
    match months {
        0 => "no change".to_string(),
        m if m > 0 => format!("{size} later"),
        _ => format!("{size} earlier"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slip_in_words_says_which_way() {
        assert_eq!(slip_in_words(4), "4 months later");
        assert_eq!(slip_in_words(1), "1 month later");
        assert_eq!(slip_in_words(-2), "2 months earlier");
        assert_eq!(slip_in_words(0), "no change");
    }
}
