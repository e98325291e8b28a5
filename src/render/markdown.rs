//! The committee pack as GitHub-flavoured Markdown: the same sections as the
//! HTML, each a table. Markdown has no merged cells, so a Report
//! Recommendation or Improvement Action is written once, on the first row it
//! covers (as the CSV export does). Every cell is escaped.

use std::fmt::Write as _;

use super::tables::{
    TextTable, flags_table, movement_counts_table, movement_table, overdue_table, summary_table,
};
use super::{Segment, position_line, statuses_shown};
use crate::model::long_date;
use crate::render::markdown_text::{escape_markdown, markdown_cell, markdown_table};
use crate::reports::{Pack, PackMovement};

/// The pack as Markdown: a heading with partnership, plan and as-of date,
/// then the summary, the appendix, the overdue list, the movement since the
/// previous cycle (when there was one) and what `check` flags.
pub fn pack_markdown(pack: &Pack) -> String {
    let mut md = String::new();
    let _ = writeln!(md, "# {}\n", markdown_cell(&pack.plan));
    if let Some(partnership) = &pack.partnership {
        let _ = writeln!(md, "{}\n", escape_markdown(partnership));
    }
    let _ = writeln!(md, "**{}**\n", markdown_cell(&position_line(pack)));
    summary(&mut md, pack);
    appendix(&mut md, pack);
    overdue(&mut md, pack);
    if let Some(movement) = &pack.movement {
        movement_section(&mut md, movement);
    }
    flags(&mut md, pack);
    md
}

fn summary(md: &mut String, pack: &Pack) {
    let segments = Segment::shown(pack);
    let statuses = statuses_shown(pack);
    let _ = writeln!(md, "## {}\n", super::summary_heading(pack));
    table(md, summary_table(pack));
    let legend: Vec<String> = segments
        .iter()
        .map(|s| format!("{} {}", s.header(), s.words()))
        .collect();
    let _ = writeln!(
        md,
        "By RAG: {}. By status: {}.\n",
        legend.join(", "),
        statuses
            .iter()
            .map(|s| s.words())
            .collect::<Vec<_>>()
            .join(", ")
    );
}

fn appendix(md: &mut String, pack: &Pack) {
    let table_data = &pack.appendix;
    let _ = writeln!(md, "## {}\n", super::appendix_heading(pack));
    table(
        md,
        TextTable {
            headers: table_data.headers().iter().map(|h| h.to_string()).collect(),
            rows: table_data.text_rows(),
        },
    );
}

fn overdue(md: &mut String, pack: &Pack) {
    let _ = writeln!(md, "## Overdue milestones ({})\n", pack.overdue.len());
    if pack.overdue.is_empty() {
        let _ = writeln!(
            md,
            "No open milestone was past its due date on {}.\n",
            long_date(pack.as_of)
        );
        return;
    }
    let _ = writeln!(
        md,
        "Open milestones past their due date on {}, most overdue first.\n",
        long_date(pack.as_of)
    );
    table(md, overdue_table(pack));
}

fn movement_section(md: &mut String, movement: &PackMovement) {
    let _ = writeln!(
        md,
        "## Movement since cycle \u{201c}{}\u{201d} (closed {}): {} changed\n",
        markdown_cell(&movement.since.label),
        long_date(movement.since.closed_on),
        movement.rows.len()
    );
    if movement.rows.is_empty() {
        md.push_str("No milestone's RAG, status or timeline has changed since that cycle.\n\n");
        return;
    }
    table(md, movement_table(movement));
    table(md, movement_counts_table(movement));
}

fn flags(md: &mut String, pack: &Pack) {
    let _ = writeln!(md, "## Ratings to look at ({})\n", pack.flags.len());
    if pack.flags.is_empty() {
        md.push_str("Nothing flagged: every rating fits the facts.\n");
        return;
    }
    md.push_str(
        "RAG ratings and statuses that do not fit the facts (as `actionplan check` flags them).\n\n",
    );
    table(md, flags_table(pack));
}

/// A table and the blank line after it.
fn table(md: &mut String, table: TextTable) {
    let headers: Vec<&str> = table.headers.iter().map(String::as_str).collect();
    md.push_str(&markdown_table(&headers, &table.rows));
    md.push('\n');
}
