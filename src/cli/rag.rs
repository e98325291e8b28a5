//! `actionplan rag`: red, amber and green counts per theme.

use anyhow::Result;
use chrono::NaiveDate;

use actionplan::reports::rag::total;
use actionplan::reports::{ThemeRagCounts, rag_counts};
use actionplan::store::MilestoneFilter;

use crate::cli::output::as_of_or_today;
use crate::cli::output::{Format, new_table, print_csv, print_json, print_table};
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

/// The RAG table with a total row.
pub fn print_rag_table(counts: &[ThemeRagCounts]) -> Result<()> {
    let several_plans = counts.iter().any(|c| c.plan != counts[0].plan);
    let mut headers = vec!["Theme", "R", "A", "G", "Total"];
    if several_plans {
        headers.insert(0, "Plan");
    }
    let mut table = new_table(&headers);
    for c in counts {
        let mut row = vec![
            c.theme.clone(),
            c.red.to_string(),
            c.amber.to_string(),
            c.green.to_string(),
            c.total.to_string(),
        ];
        if several_plans {
            row.insert(0, c.plan.clone());
        }
        table.add_row(row);
    }
    let (r, a, g, t) = total(counts);
    let mut row = vec![
        "Total".to_string(),
        r.to_string(),
        a.to_string(),
        g.to_string(),
        t.to_string(),
    ];
    if several_plans {
        row.insert(0, String::new());
    }
    table.add_row(row);
    print_table(&table)
}
