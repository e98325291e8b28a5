//! `actionplan list`: milestones with their ids.

use anyhow::Result;
use comfy_table::Cell;

use actionplan::reports::MilestoneRecord;
use actionplan::store::MilestoneFilter;

use crate::cli::output::{
    Format, new_table, print_csv, print_json, print_table, rag_cell, use_colour,
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
        m.due.to_string(),
        m.status.to_string(),
        m.rag.to_string(),
        m.comment.clone(),
    ]
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
            Format::Csv => print_csv(
                &RECORD_HEADERS,
                &records.iter().map(record_cells).collect::<Vec<_>>(),
            )?,
            Format::Table => {
                let colour = use_colour();
                let mut table = new_table(&[
                    "ID",
                    "Theme",
                    "Milestone",
                    "Lead",
                    "Timeline",
                    "Status",
                    "RAG",
                ]);
                for m in &records {
                    table.add_row(vec![
                        Cell::new(m.id),
                        Cell::new(&m.theme),
                        Cell::new(&m.milestone),
                        Cell::new(m.leads.join("\n")),
                        Cell::new(m.timeline),
                        Cell::new(m.status),
                        rag_cell(m.rag, colour),
                    ]);
                }
                print_table(&table)?;
            }
        }
        Ok(Outcome::Done)
    }
}
