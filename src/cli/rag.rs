//! `actionplan rag`: red, amber and green counts per theme.

use anyhow::Result;
use chrono::NaiveDate;

use actionplan::reports::ThemeRagCounts;
use actionplan::reports::rag::total;
use actionplan::store::MilestoneFilter;

use crate::cli::formats::{self, REPORT_FORMATS};
use crate::cli::output::Page;
use crate::cli::output::{Format, new_table, print_csv, print_json};
use crate::cli::output::{as_of_or_today, plans_in_order, quoted_plan_names};
use crate::cli::{Context, Outcome};

/// Red, amber and green counts per theme.
///
/// Counts of R, A and G per theme in plan order, with a total row in the table.
/// Blue (BRAG: finished), not rated and closed milestones are never counted as
/// R, A or G: each gets its own column when the plan has any.
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
    #[arg(long, value_parser = formats::parser(REPORT_FORMATS), default_value = "table")]
    pub format: Format,
}

impl Args {
    /// Runs the report.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open_read_only()?;
        // Its questions answered from one snapshot, let go before printing.
        let snapshot = store.read_snapshot()?;
        let as_of = as_of_or_today(self.as_of);
        let filter = MilestoneFilter {
            plan_id: store.plan_filter(self.plan.as_deref())?,
            ..MilestoneFilter::on(as_of)
        };
        let counts = store.rag_counts(&filter)?;
        drop(snapshot);
        match self.format {
            Format::Json => {
                let columns = RagColumns::of(&counts);
                let rows: Vec<RagJsonRow> = counts.iter().map(|c| json_row(c, &columns)).collect();
                print_json(&rows)?
            }
            Format::Csv => {
                let columns = RagColumns::of(&counts);
                let mut headers = vec!["plan", "theme"];
                headers.extend(columns.pick(["R", "A", "G", "B", "not rated", "closed"]));
                headers.push("total");
                print_csv(context.csv_style(), &headers, &csv_rows(&counts, &columns))?
            }
            Format::Table | Format::Markdown => {
                print_rag_table(&counts, Page::for_format(self.format))?
            }
            other => return Err(formats::not_written(other, REPORT_FORMATS)),
        }
        Ok(Outcome::Done)
    }
}

/// Which counts a rendering shows: R, A and G always; Blue, not rated and
/// closed only when some theme has one, so a plain RAG plan's output is as
/// it always was.
struct RagColumns {
    blue: bool,
    not_rated: bool,
    closed: bool,
}

impl RagColumns {
    fn of(counts: &[ThemeRagCounts]) -> RagColumns {
        let sum = total(counts);
        RagColumns {
            blue: sum.blue > 0,
            not_rated: sum.not_rated > 0,
            closed: sum.closed > 0,
        }
    }

    /// The values of the shown counts, from six given in count order
    /// (R, A, G, B, not rated, closed).
    fn pick<T>(&self, values: [T; 6]) -> Vec<T> {
        let shown = [true, true, true, self.blue, self.not_rated, self.closed];
        values
            .into_iter()
            .zip(shown)
            .filter(|(_, shown)| *shown)
            .map(|(value, _)| value)
            .collect()
    }

    /// The shown counts of one row, as text.
    fn cells(&self, c: &ThemeRagCounts) -> Vec<String> {
        self.pick([c.red, c.amber, c.green, c.blue, c.not_rated, c.closed])
            .iter()
            .map(usize::to_string)
            .collect()
    }
}

/// One theme's counts as JSON, with the same keys on every row: "B",
/// "not_rated" and "closed" are there, 0 or not, whenever some theme of the
/// report has one (so a program reading the rows finds one shape), and left
/// out when none has, as a plain RAG plan's JSON always was.
#[derive(Debug, serde::Serialize)]
struct RagJsonRow<'a> {
    plan: &'a str,
    theme: &'a str,
    #[serde(rename = "R")]
    red: usize,
    #[serde(rename = "A")]
    amber: usize,
    #[serde(rename = "G")]
    green: usize,
    #[serde(rename = "B", skip_serializing_if = "Option::is_none")]
    blue: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    not_rated: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    closed: Option<usize>,
    total: usize,
}

fn json_row<'a>(c: &'a ThemeRagCounts, columns: &RagColumns) -> RagJsonRow<'a> {
    RagJsonRow {
        plan: &c.plan,
        theme: &c.theme,
        red: c.red,
        amber: c.amber,
        green: c.green,
        blue: columns.blue.then_some(c.blue),
        not_rated: columns.not_rated.then_some(c.not_rated),
        closed: columns.closed.then_some(c.closed),
        total: c.total,
    }
}

fn csv_rows(counts: &[ThemeRagCounts], columns: &RagColumns) -> Vec<Vec<String>> {
    counts
        .iter()
        .map(|c| {
            let mut row = vec![c.plan.clone(), c.theme.clone()];
            row.extend(columns.cells(c));
            row.push(c.total.to_string());
            row
        })
        .collect()
}

/// The RAG table with a total row; over several plans, a first line saying
/// so, a Plan column and a total row for each plan (never one total across
/// plans).
pub fn print_rag_table(counts: &[ThemeRagCounts], page: Page) -> Result<()> {
    let plans = plans_in_order(counts.iter().map(|c| c.plan.as_str()));
    let several_plans = plans.len() > 1;
    if several_plans {
        page.line(&format!(
            "{} plans, each totalled on its own: {}",
            plans.len(),
            quoted_plan_names(&plans)
        ))?;
    }
    let columns = RagColumns::of(counts);
    let mut headers = vec!["Theme"];
    headers.extend(columns.pick(["R", "A", "G", "B", "Not rated", "Closed"]));
    headers.push("Total");
    if several_plans {
        headers.insert(0, "Plan");
    }
    let mut table = new_table(&headers);
    for plan in &plans {
        let plan_counts: Vec<ThemeRagCounts> =
            counts.iter().filter(|c| c.plan == *plan).cloned().collect();
        let sum = ThemeRagCounts {
            plan: plan.to_string(),
            theme: "Total".to_string(),
            ..total(&plan_counts)
        };
        for c in plan_counts.iter().chain([&sum]) {
            let mut row = vec![c.theme.clone()];
            row.extend(columns.cells(c));
            row.push(c.total.to_string());
            if several_plans {
                row.insert(0, c.plan.clone());
            }
            table.add_row(row);
        }
    }
    page.table(&table)
}
