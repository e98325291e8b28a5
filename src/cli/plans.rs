//! `actionplan plans`: the plans in the database.

use anyhow::Result;

use crate::cli::output::{Format, new_table, print_csv, print_json, print_table};
use crate::cli::{Context, Outcome};

/// List the plans in the database.
///
/// List the plans with their partnership, source file and size.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  actionplan plans\n  actionplan --db 'S:/HSCP/actionplan.db' plans --format csv"
)]
pub struct Args {
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

impl Args {
    /// Runs the listing.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open_read_only()?;
        let plans = store.plans()?;
        let headers = [
            "name",
            "partnership",
            "themes",
            "actions",
            "milestones",
            "source",
            "imported_at",
        ];
        let rows: Vec<Vec<String>> = plans
            .iter()
            .map(|p| {
                vec![
                    p.name.clone(),
                    p.partnership.clone().unwrap_or_default(),
                    p.themes.to_string(),
                    p.actions.to_string(),
                    p.milestones.to_string(),
                    p.source.clone(),
                    p.imported_at.clone(),
                ]
            })
            .collect();
        match self.format {
            Format::Json => print_json(&plans)?,
            Format::Csv => print_csv(context.csv_style(), &headers, &rows)?,
            Format::Table => {
                let mut table = new_table(&[
                    "Plan",
                    "Partnership",
                    "Themes",
                    "Actions",
                    "Milestones",
                    "Source",
                    "Imported",
                ]);
                for row in rows {
                    table.add_row(row);
                }
                print_table(&table)?;
            }
        }
        Ok(Outcome::Done)
    }
}
