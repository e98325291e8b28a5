//! The committee pack as GitHub-flavoured Markdown: the same sections as the
//! HTML, each a table. Markdown has no merged cells, so a Report
//! Recommendation or Improvement Action is written once, on the first row it
//! covers (as the CSV export does). Every cell is escaped.

use std::fmt::Write as _;

use super::{Segment, position_line, status_header, statuses_shown};
use crate::markdown::{escape_markdown, markdown_cell, markdown_table};
use crate::model::long_date;
use crate::reports::{Pack, PackMovement, ThemeSummary};

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
    let mut headers = vec!["Theme".to_string()];
    headers.extend(segments.iter().map(|s| s.header().to_string()));
    headers.extend(statuses.iter().map(|s| status_header(*s).to_string()));
    headers.push("Total".to_string());
    let row = |theme: &ThemeSummary| -> Vec<String> {
        let mut cells = vec![theme.theme().to_string()];
        cells.extend(segments.iter().map(|s| s.count(theme).to_string()));
        cells.extend(statuses.iter().map(|s| theme.with_status(*s).to_string()));
        cells.push(theme.rag.total.to_string());
        cells
    };
    let mut rows: Vec<Vec<String>> = pack.summary.iter().map(row).collect();
    rows.push(row(&pack.total()));
    table(md, &headers, &rows);
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
    let headers: Vec<String> = table_data
        .columns
        .iter()
        .map(|c| c.header.clone())
        .collect();
    let rows: Vec<Vec<String>> = table_data
        .rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| {
                    if cell.span == 0 {
                        String::new()
                    } else {
                        cell.text.clone()
                    }
                })
                .collect()
        })
        .collect();
    table(md, &headers, &rows);
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
    let rows: Vec<Vec<String>> = pack
        .overdue
        .iter()
        .map(|row| {
            let m = &row.milestone;
            vec![
                m.id.to_string(),
                m.theme.clone(),
                m.milestone.clone(),
                m.leads.join("\n"),
                m.timeline.to_string(),
                m.rag.label().to_string(),
                row.overdue_by.clone(),
            ]
        })
        .collect();
    table(
        md,
        &["ID", "Theme", "Milestone", "Lead", "Due", "RAG", "Lateness"],
        &rows,
    );
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
    let rows: Vec<Vec<String>> = movement
        .rows
        .iter()
        .map(|row| {
            vec![
                row.id.to_string(),
                row.theme.clone(),
                row.milestone.clone(),
                row.rag_words(),
                row.status_words(),
                row.timeline_words(),
            ]
        })
        .collect();
    table(
        md,
        &["ID", "Theme", "Milestone", "RAG", "Status", "Timeline"],
        &rows,
    );
    let counts: Vec<Vec<String>> = movement
        .by_theme
        .iter()
        .map(|c| {
            vec![
                c.theme.clone(),
                c.changed.to_string(),
                c.better.to_string(),
                c.worse.to_string(),
                c.newly_complete.to_string(),
                c.retargeted.to_string(),
                c.added.to_string(),
            ]
        })
        .collect();
    table(
        md,
        &[
            "Theme",
            "Changed",
            "Better",
            "Worse",
            "Newly complete",
            "Retargeted",
            "Added",
        ],
        &counts,
    );
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
    let rows: Vec<Vec<String>> = pack
        .flags
        .iter()
        .map(|flag| {
            vec![
                flag.id.to_string(),
                flag.milestone.clone(),
                flag.rule_words.clone(),
                flag.facts.clone(),
            ]
        })
        .collect();
    table(md, &["ID", "Milestone", "Flag", "Facts"], &rows);
}

/// A table and the blank line after it.
fn table<H: AsRef<str>>(md: &mut String, headers: &[H], rows: &[Vec<String>]) {
    let headers: Vec<&str> = headers.iter().map(AsRef::as_ref).collect();
    md.push_str(&markdown_table(&headers, rows));
    md.push('\n');
}
