//! `actionplan overdue`: open milestones past their due date.

use actionplan::model::long_date;
use anyhow::Result;
use chrono::NaiveDate;
use comfy_table::Cell;

use actionplan::model::Milestone;
use actionplan::render::rows::OverdueRow;
use actionplan::render::words::overdue_by;
use actionplan::reports::{OverdueMilestone, overdue};
use actionplan::store::{MilestoneFilter, MilestoneOrder, Store};

use crate::cli::formats::{self, REPORT_FORMATS};
use crate::cli::list::{RECORD_HEADERS, record_cells};
use crate::cli::output::Page;
use crate::cli::output::{
    Format, across_plans, as_of_or_today, count_words, new_table, plans_in_order, rag_cell,
};
use crate::cli::stream::{JsonArray, LongTable, WHOLE_TABLE_ROWS, csv_to_stdout};
use crate::cli::{Context, Outcome};

/// Open milestones past their due date, most overdue first.
///
/// Open milestones whose due date is before the as-of date, most overdue
/// first. A month timeline ("Sep 19") is due on the last day of that month.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  actionplan overdue --as-of 2020-02-18 --lead 'Ross McGuffie'")]
pub struct Args {
    /// The date to judge by (YYYY-MM-DD); default today. Give the committee date to reproduce a paper.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
    /// Only this plan (default: every plan).
    #[arg(long)]
    pub plan: Option<String>,
    /// Only milestones this person leads.
    #[arg(long)]
    pub lead: Option<String>,
    /// Output format.
    #[arg(long, value_parser = formats::parser(REPORT_FORMATS), default_value = "table")]
    pub format: Format,
}

impl Args {
    /// Runs the report: JSON and CSV written as the store reads them, most
    /// overdue first; the table counts first, then is laid out whole or,
    /// when long, written row by row.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open_read_only()?;
        // Its questions (columns, counts, rows) answered from one snapshot.
        let _snapshot = store.read_snapshot()?;
        if let Some(lead) = &self.lead {
            store.check_lead(lead)?;
        }
        let as_of = as_of_or_today(self.as_of);
        let filter = MilestoneFilter {
            plan_id: store.plan_filter(self.plan.as_deref())?,
            lead: self.lead,
            due_before: Some(as_of),
            ..MilestoneFilter::on(as_of)
        };
        let overdue_rows = |each: &mut dyn FnMut(OverdueMilestone) -> Result<()>| {
            store.for_each_milestone(&filter, MilestoneOrder::DueFirst, |m| {
                each(OverdueMilestone::of(m, as_of))
            })
        };
        match self.format {
            Format::Json => {
                let mut json = JsonArray::new();
                overdue_rows(&mut |row| json.push(&OverdueRow::from(&row)))?;
                json.finish()?
            }
            Format::Csv => {
                let mut csv = csv_to_stdout(context.csv_style(), &csv_headers())?;
                overdue_rows(&mut |row| Ok(csv.row(csv_cells(&row))?))?;
                csv.finish()?
            }
            Format::Table | Format::Markdown => {
                let page = Page::for_format(self.format);
                let count = store.count_milestones(&filter)?;
                if count <= WHOLE_TABLE_ROWS {
                    let milestones = store.milestones(&filter)?;
                    let rows = overdue(&milestones, as_of);
                    print_overdue_table(&rows, &milestones, as_of, page)?
                } else {
                    print_long_overdue_table(&store, &filter, count, as_of, page)?
                }
            }
            other => return Err(formats::not_written(other, REPORT_FORMATS)),
        }
        Ok(Outcome::Done)
    }
}

fn csv_headers() -> Vec<&'static str> {
    let mut headers = RECORD_HEADERS.to_vec();
    headers.extend(["days_overdue", "overdue_by"]);
    headers
}

fn csv_cells(row: &OverdueMilestone) -> Vec<String> {
    let mut cells = record_cells(&row.milestone);
    cells.extend([row.days_overdue.to_string(), overdue_by(row.days_overdue)]);
    cells
}

/// The overdue table of a long report, written as it is read: one table
/// (themes in plan order, most overdue first within each), with the theme
/// (and the plan, across several) in a column instead of a heading.
fn print_long_overdue_table(
    store: &Store,
    filter: &MilestoneFilter,
    count: usize,
    as_of: NaiveDate,
    page: Page,
) -> Result<()> {
    let plans = store.plans_among(filter)?;
    let plans: Vec<&str> = plans.iter().map(String::as_str).collect();
    let several_plans = plans.len() > 1;
    page.line(&format!(
        "{} overdue as of {}{}",
        count_words(count, "milestone"),
        long_date(as_of),
        across_plans(&plans)
    ))?;
    page.line("")?;
    let mut headers = vec!["ID", "Theme", "Milestone", "Lead", "Due", "RAG", "Lateness"];
    if several_plans {
        headers.insert(1, "Plan");
    }
    let mut table = LongTable::new(page, &headers);
    store.for_each_milestone(filter, MilestoneOrder::ThemeThenDue, |m| {
        let row = OverdueMilestone::of(m, as_of);
        let lateness = overdue_by(row.days_overdue);
        let m = row.milestone;
        let mut cells = vec![
            m.id.to_string(),
            m.theme,
            m.milestone,
            m.leads.join("\n"),
            m.timeline.to_string(),
            m.rag.label().to_string(),
            lateness,
        ];
        if several_plans {
            cells.insert(1, m.plan);
        }
        table.row(cells)
    })?;
    table.finish()
}

/// The overdue table, grouped by theme in plan order (taken from
/// `milestones`, which come in plan order), most overdue first within each.
pub fn print_overdue_table(
    rows: &[OverdueMilestone],
    milestones: &[Milestone],
    as_of: NaiveDate,
    page: Page,
) -> Result<()> {
    let mut themes: Vec<(&str, &str)> = Vec::new();
    for m in milestones {
        let key = (m.plan.as_str(), m.theme.as_str());
        if !themes.contains(&key) {
            themes.push(key);
        }
    }
    let plans = plans_in_order(milestones.iter().map(|m| m.plan.as_str()));
    let several_plans = plans.len() > 1;
    let across = across_plans(&plans);
    page.line(&format!(
        "{} overdue as of {}{across}",
        count_words(rows.len(), "milestone"),
        long_date(as_of)
    ))?;
    let colour = page.colour();
    for (plan, theme) in themes {
        let group: Vec<&OverdueMilestone> = rows
            .iter()
            .filter(|r| r.milestone.plan == plan && r.milestone.theme == theme)
            .collect();
        if group.is_empty() {
            continue;
        }
        page.line("")?;
        if several_plans {
            page.line(&format!("{plan}: {theme} ({})", group.len()))?;
        } else {
            page.line(&format!("{theme} ({})", group.len()))?;
        }
        let mut table = new_table(&["ID", "Milestone", "Lead", "Due", "RAG", "Lateness"]);
        for row in group {
            let m = &row.milestone;
            table.add_row(vec![
                Cell::new(m.id),
                Cell::new(&m.milestone),
                Cell::new(m.leads.join("\n")),
                Cell::new(m.timeline),
                rag_cell(m.rag, colour),
                Cell::new(overdue_by(row.days_overdue)),
            ]);
        }
        page.table(&table)?;
    }
    Ok(())
}
