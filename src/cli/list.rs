//! `actionplan list`: milestones with their ids.

use anyhow::Result;
use comfy_table::Cell;

use actionplan::reports::MilestoneRecord;
use actionplan::store::MilestoneFilter;

use crate::cli::output::Page;
use crate::cli::output::{
    Format, new_table, optional_cell, plans_in_order, print_csv, print_json, quoted_plan_names,
    rag_cell,
};
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
    #[arg(long, value_enum, default_value_t)]
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

/// The CSV headers and rows of milestone records: a "reference" column after
/// the id when some milestone has one.
pub fn record_table(records: &[MilestoneRecord]) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let with_reference = records.iter().any(|m| m.reference.is_some());
    let mut headers = RECORD_HEADERS.to_vec();
    if with_reference {
        headers.insert(1, "reference");
    }
    let rows = records
        .iter()
        .map(|m| {
            let mut cells = record_cells(m);
            if with_reference {
                cells.insert(1, m.reference.clone().unwrap_or_default());
            }
            cells
        })
        .collect();
    (headers, rows)
}

impl Args {
    /// Runs the listing.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open_read_only()?;
        if let Some(lead) = &self.lead {
            store.check_lead(lead)?;
        }
        let filter = MilestoneFilter {
            plan_id: store.plan_filter(self.plan.as_deref())?,
            lead: self.lead,
            ..Default::default()
        };
        let records: Vec<MilestoneRecord> = store
            .milestones(&filter)?
            .iter()
            .map(MilestoneRecord::from)
            .collect();
        match self.format {
            Format::Json => print_json(&records)?,
            Format::Csv => {
                let (headers, rows) = record_table(&records);
                print_csv(context.csv_style(), &headers, &rows)?
            }
            Format::Table | Format::Markdown => {
                let page = Page::for_format(self.format);
                let colour = page.colour();
                let plans = plans_in_order(records.iter().map(|m| m.plan.as_str()));
                let several_plans = plans.len() > 1;
                if several_plans {
                    page.line(&format!(
                        "{} plans: {}",
                        plans.len(),
                        quoted_plan_names(&plans)
                    ))?;
                }
                let with_reference = records.iter().any(|m| m.reference.is_some());
                let mut headers = vec![
                    "ID",
                    "Theme",
                    "Milestone",
                    "Lead",
                    "Timeline",
                    "Status",
                    "RAG",
                ];
                if with_reference {
                    headers.insert(1, "Ref");
                }
                if several_plans {
                    headers.insert(1, "Plan");
                }
                let mut table = new_table(&headers);
                for m in &records {
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
                    table.add_row(row);
                }
                page.table(&table)?;
            }
        }
        Ok(Outcome::Done)
    }
}
