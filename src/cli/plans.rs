//! `actionplan plans`: the plans in the database.

use anyhow::Result;
use chrono::{DateTime, Local};

use actionplan::app::plans::plans;
use actionplan::model::long_date;
use actionplan::store::PlanSummary;

use crate::cli::formats::{self, REPORT_FORMATS};
use crate::cli::output::Page;
use crate::cli::output::{Format, new_table, optional_cell, print_csv, print_json};
use crate::cli::{Context, Outcome};

/// List the plans in the database.
///
/// List the plans with their partnership, source file and size. An archived
/// plan is marked "(archived DATE)" in the table; CSV and JSON give the day
/// as archived_on (empty, or null, when it is not archived).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  actionplan plans\n  actionplan --db 'S:/HSCP/actionplan.db' plans --format csv"
)]
pub struct Args {
    /// Output format.
    #[arg(long, value_parser = formats::parser(REPORT_FORMATS), default_value = "table")]
    pub format: Format,
}

/// The CSV headers: the keys of the JSON, in the same order.
const CSV_HEADERS: [&str; 8] = [
    "name",
    "partnership",
    "themes",
    "actions",
    "milestones",
    "source",
    "imported_at",
    "archived_on",
];

/// The table's headers: the CSV's without the day archived (the plan's
/// name says it), the import date as a paper writes it.
const TABLE_HEADERS: [&str; 7] = [
    "Plan",
    "Partnership",
    "Themes",
    "Actions",
    "Milestones",
    "Source",
    "Imported",
];

impl Args {
    /// Runs the listing.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open_read_only()?;
        let plans = plans(&store)?;
        match self.format {
            Format::Json => print_json(&plans)?,
            Format::Csv => {
                let rows: Vec<Vec<String>> = plans.iter().map(csv_cells).collect();
                print_csv(context.csv_style(), &CSV_HEADERS, &rows)?
            }
            Format::Table | Format::Markdown => {
                let mut table = new_table(&TABLE_HEADERS);
                for plan in &plans {
                    table.add_row(table_cells(plan));
                }
                Page::for_format(self.format).table(&table)?;
            }
            other => return Err(formats::not_written(other, REPORT_FORMATS)),
        }
        Ok(Outcome::Done)
    }
}

/// The CSV cells of one plan, in the order of `CSV_HEADERS`: the stored
/// timestamp of its import, for programs.
fn csv_cells(plan: &PlanSummary) -> Vec<String> {
    vec![
        plan.name.clone(),
        plan.partnership.clone().unwrap_or_default(),
        plan.themes.to_string(),
        plan.actions.to_string(),
        plan.milestones.to_string(),
        plan.source.clone(),
        plan.imported_at.clone(),
        optional_cell(plan.archived_on),
    ]
}

/// One row of the table, in the order of `TABLE_HEADERS`: people read the
/// import date as a paper writes it, and an archived plan's name says so.
fn table_cells(plan: &PlanSummary) -> Vec<String> {
    let mut row = csv_cells(plan);
    row[6] = imported_on(&plan.imported_at);
    row.truncate(7);
    if let Some(on) = plan.archived_on {
        row[0] = format!("{} (archived {on})", plan.name);
    }
    row
}

/// The day a plan was imported, in this computer's time zone and as a paper
/// writes it ("30 Nov 2026"), from the stored RFC 3339 timestamp; a
/// timestamp that does not parse is shown as stored.
fn imported_on(imported_at: &str) -> String {
    match DateTime::parse_from_rfc3339(imported_at) {
        Ok(at) => long_date(at.with_timezone(&Local).date_naive()),
        Err(_) => imported_at.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_import_date_reads_as_a_paper_writes_it() {
        // Midday UTC is the same day in every time zone a council works in.
        assert_eq!(
            imported_on("2026-11-30T12:00:00.123456789+00:00"),
            "30 Nov 2026"
        );
        assert_eq!(imported_on("2020-01-01T12:00:00Z"), "1 Jan 2020");
        assert_eq!(imported_on("yesterday"), "yesterday");
    }
}
