//! `actionplan rag`: red, amber and green counts per theme.

use anyhow::Result;
use chrono::NaiveDate;

use actionplan::reports::rag::total;
use actionplan::reports::{ThemeRagCounts, rag_counts};
use actionplan::store::MilestoneFilter;

use crate::cli::output::as_of_or_today;
use crate::cli::output::{Format, new_table, print_csv, print_json, print_line, print_table};
use crate::cli::{Context, Outcome};

/// Red, amber and green counts per theme.
///
/// Counts of R, A and G per theme in plan order, with a total row in the table.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  actionplan rag --plan 'Integration review 2019' --format csv\n  actionplan rag --as-of 2020-02-18"
)]
pub struct Args {
    /// Count the ratings as they stood at the end of this date (YYYY-MM-DD);
    /// default today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
    /// Only this plan (default: every plan).
    #[arg(long)]
    pub plan: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

impl Args {
    /// Runs the report.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open_read_only()?;
        let filter = MilestoneFilter {
            plan_id: store.plan_filter(self.plan.as_deref())?,
            ..Default::default()
        };
        let as_of = as_of_or_today(self.as_of);
        let counts = rag_counts(&store.milestones_as_of(&filter, as_of)?);
        match self.format {
            Format::Json => print_json(&counts)?,
            Format::Csv => print_csv(
                &["plan", "theme", "R", "A", "G", "total"],
                &csv_rows(&counts),
            )?,
            Format::Table => print_rag_table(&counts)?,
        }
        Ok(Outcome::Done)
    }
}

fn csv_rows(counts: &[ThemeRagCounts]) -> Vec<Vec<String>> {
    counts
        .iter()
        .map(|c| {
            vec![
                c.plan.clone(),
                c.theme.clone(),
                c.red.to_string(),
                c.amber.to_string(),
                c.green.to_string(),
                c.total.to_string(),
            ]
        })
        .collect()
}

/// The RAG table with a total row; over several plans, a first line saying
/// so and a total row for each plan (never one total across plans).
pub fn print_rag_table(counts: &[ThemeRagCounts]) -> Result<()> {
    let plans = plans_in_order(counts);
    if plans.len() < 2 {
        return print_table(&plan_table(counts, false));
    }
    let names: Vec<String> = plans.iter().map(|p| format!("{p:?}")).collect();
    print_line(&format!(
        "{} plans, each totalled on its own: {}",
        plans.len(),
        names.join(", ")
    ))?;
    let mut table = new_table(&["Plan", "Theme", "R", "A", "G", "Total"]);
    for plan in plans {
        let rows: Vec<ThemeRagCounts> = counts.iter().filter(|c| c.plan == plan).cloned().collect();
        for row in plan_rows(&rows, true) {
            table.add_row(row);
        }
    }
    print_table(&table)
}

/// The plans in the order their themes come.
fn plans_in_order(counts: &[ThemeRagCounts]) -> Vec<String> {
    let mut plans: Vec<String> = Vec::new();
    for c in counts {
        if !plans.contains(&c.plan) {
            plans.push(c.plan.clone());
        }
    }
    plans
}

fn plan_table(counts: &[ThemeRagCounts], with_plan: bool) -> comfy_table::Table {
    let mut table = new_table(&["Theme", "R", "A", "G", "Total"]);
    for row in plan_rows(counts, with_plan) {
        table.add_row(row);
    }
    table
}

/// One plan's theme rows and its total row.
fn plan_rows(counts: &[ThemeRagCounts], with_plan: bool) -> Vec<Vec<String>> {
    let mut rows = csv_rows(counts);
    let (r, a, g, t) = total(counts);
    let plan = counts.first().map(|c| c.plan.clone()).unwrap_or_default();
    rows.push(vec![
        plan,
        "Total".to_string(),
        r.to_string(),
        a.to_string(),
        g.to_string(),
        t.to_string(),
    ]);
    if !with_plan {
        for row in &mut rows {
            row.remove(0);
        }
    }
    rows
}
