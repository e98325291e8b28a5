//! `actionplan list`: milestones with their ids.

use anyhow::Result;
use comfy_table::Cell;

use actionplan::app::list::{ListQuery, MilestoneList, milestone_list};
use actionplan::reports::MilestoneRecord;

use crate::cli::formats::{self, REPORT_FORMATS};
use crate::cli::output::Page;
use crate::cli::output::{Format, new_table, optional_cell, quoted_plan_names, rag_cell};
use crate::cli::stream::{JsonArray, LongTable, WHOLE_TABLE_ROWS, csv_to_stdout};
use crate::cli::{Context, Outcome};

/// List milestones with their ids.
///
/// List milestones in plan order with their ids (the ids `show` and `update` take).
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  actionplan list --lead 'Marie Moy' --format csv")]
pub struct Args {
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

/// CSV headers of a milestone record.
pub const RECORD_HEADERS: [&str; 11] = [
    "id",
    "plan",
    "theme",
    "action",
    "milestone",
    "leads",
    "timeline",
    "due",
    "status",
    "rag",
    "comment",
];

/// CSV cells of a milestone record (leads joined with "; ").
pub fn record_cells(m: &MilestoneRecord) -> Vec<String> {
    vec![
        m.id.to_string(),
        m.plan.clone(),
        m.theme.clone(),
        m.action.clone(),
        m.milestone.clone(),
        m.leads.join("; "),
        m.timeline.to_string(),
        optional_cell(m.due),
        m.status_shown().to_string(),
        m.rag.to_string(),
        m.comment.clone(),
    ]
}

/// The CSV headers of milestone records, with "reference" after the id when asked.
fn record_headers(with_reference: bool) -> Vec<&'static str> {
    let mut headers = RECORD_HEADERS.to_vec();
    if with_reference {
        headers.insert(1, "reference");
    }
    headers
}

/// The CSV cells of one milestone record, with its reference after the id when asked.
fn record_row(m: &MilestoneRecord, with_reference: bool) -> Vec<String> {
    let mut cells = record_cells(m);
    if with_reference {
        cells.insert(1, m.reference.clone().unwrap_or_default());
    }
    cells
}

impl Args {
    /// Runs the listing: JSON and CSV written as the store reads them; the
    /// table laid out whole, or written row by row when long.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open_read_only()?;
        let query = ListQuery {
            plan: self.plan,
            lead: self.lead,
        };
        let list = milestone_list(&store, query)?;
        match self.format {
            Format::Json => {
                let mut json = JsonArray::new();
                list.for_each_record(|record| json.push(&record))?;
                json.finish()?
            }
            Format::Csv => {
                let with_reference = list.any_reference()?;
                let mut csv = csv_to_stdout(context.csv_style(), &record_headers(with_reference))?;
                list.for_each_record(|record| -> Result<()> {
                    Ok(csv.row(record_row(&record, with_reference))?)
                })?;
                csv.finish()?
            }
            Format::Table | Format::Markdown => {
                print_list_table(&list, Page::for_format(self.format))?
            }
            other => return Err(formats::not_written(other, REPORT_FORMATS)),
        }
        Ok(Outcome::Done)
    }
}

/// The list as a table (or Markdown), the plans named first and a Plan
/// column when there are several, a Ref column when any milestone has a
/// reference: laid out whole, or written row by row when long.
fn print_list_table(list: &MilestoneList, page: Page) -> Result<()> {
    let plans = list.plans()?;
    let plans: Vec<&str> = plans.iter().map(String::as_str).collect();
    let several_plans = plans.len() > 1;
    if several_plans {
        page.line(&format!(
            "{} plans: {}",
            plans.len(),
            quoted_plan_names(&plans)
        ))?;
    }
    let mut headers = vec![
        "ID",
        "Theme",
        "Milestone",
        "Lead",
        "Timeline",
        "Status",
        "RAG",
    ];
    let with_reference = list.any_reference()?;
    if with_reference {
        headers.insert(1, "Ref");
    }
    if several_plans {
        headers.insert(1, "Plan");
    }
    let table_cells = |m: &MilestoneRecord, colour: bool| {
        let mut row = vec![
            Cell::new(m.id),
            Cell::new(&m.theme),
            Cell::new(&m.milestone),
            Cell::new(m.leads.join("\n")),
            Cell::new(m.timeline),
            Cell::new(m.status_shown()),
            rag_cell(m.rag, colour),
        ];
        if with_reference {
            row.insert(1, Cell::new(m.reference.as_deref().unwrap_or("")));
        }
        if several_plans {
            row.insert(1, Cell::new(&m.plan));
        }
        row
    };
    if list.count()? <= WHOLE_TABLE_ROWS {
        let colour = page.colour();
        let mut table = new_table(&headers);
        list.for_each_record(|record| -> Result<()> {
            table.add_row(table_cells(&record, colour));
            Ok(())
        })?;
        page.table(&table)
    } else {
        let mut table = LongTable::new(page, &headers);
        list.for_each_record(|record| {
            table.row(
                table_cells(&record, false)
                    .iter()
                    .map(Cell::content)
                    .collect(),
            )
        })?;
        table.finish()
    }
}
