//! The weekly report as CSV: one row per lead, section and milestone.

use crate::cli::output::optional_cell;
use anyhow::Result;

use actionplan::io::csvio::write::{CsvStyle, write_csv};
use actionplan::render::words::overdue_by;
use actionplan::reports::LeadReport;
use actionplan::reports::weekly::WeeklyMilestone;

/// CSV headers: one row per lead, section and milestone.
pub(super) const CSV_HEADERS: [&str; 16] = [
    "lead",
    "section",
    "id",
    "plan",
    "milestone",
    "timeline",
    "due",
    "status",
    "rag",
    "comment",
    "days_overdue",
    "overdue_by",
    "days_until_due",
    "last_update_on",
    "weeks_since_update",
    "stale",
];

/// One lead's rows: the same section order as the text and Markdown reports.
pub(super) fn csv_rows(report: &LeadReport) -> Vec<Vec<String>> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let lead = &report.lead;
    for (section, items) in [
        ("newly_overdue", &report.newly_overdue),
        ("overdue", &report.overdue),
    ] {
        for item in items {
            let mut row = csv_cells(lead, section, &item.milestone);
            row.extend([
                item.days_overdue.to_string(),
                overdue_by(item.days_overdue),
                String::new(),
                optional_cell(item.last_update_on),
                optional_cell(item.weeks_since_update),
                item.stale.to_string(),
            ]);
            rows.push(row);
        }
    }
    for item in &report.due_soon {
        let mut row = csv_cells(lead, "due_soon", &item.milestone);
        row.extend([
            String::new(),
            String::new(),
            item.days_until_due.to_string(),
            optional_cell(item.last_update_on),
            optional_cell(item.weeks_since_update),
            item.stale.to_string(),
        ]);
        rows.push(row);
    }
    for item in &report.stale {
        let mut row = csv_cells(lead, "stale", &item.milestone);
        row.extend([
            String::new(),
            String::new(),
            String::new(),
            optional_cell(item.last_update_on),
            optional_cell(item.weeks_since_update),
            true.to_string(),
        ]);
        rows.push(row);
    }
    rows
}

/// One lead's report as a whole CSV file in the given style (BOM unless
/// `--no-bom`, CRLF, formula-safe): a `--split-by-lead` file.
pub(super) fn csv_file(report: &LeadReport, style: CsvStyle) -> Result<String> {
    let mut bytes = Vec::new();
    write_csv(&mut bytes, style, &CSV_HEADERS, &csv_rows(report))?;
    Ok(String::from_utf8(bytes)?)
}

/// The first ten CSV cells, common to every section.
fn csv_cells(lead: &str, section: &str, m: &WeeklyMilestone) -> Vec<String> {
    vec![
        lead.to_string(),
        section.to_string(),
        m.id.to_string(),
        m.plan.clone(),
        m.milestone.clone(),
        m.timeline.to_string(),
        optional_cell(m.due),
        m.status.to_string(),
        m.rag.to_string(),
        m.comment.clone(),
    ]
}
