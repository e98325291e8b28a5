//! The pack's tables as plain text, for the renderers whose cells are text
//! (Markdown and Word): the headers and one row of strings per line, built
//! once here so the two cannot drift apart. HTML styles each cell and
//! builds its own.

use super::{Segment, status_header, statuses_shown};
use crate::render::words::{flag_facts, overdue_by};
use crate::reports::{Pack, PackMovement, ThemeSummary};

/// A table of text: its headers and its rows, one string per cell.
pub(crate) struct TextTable {
    /// The header of each column.
    pub(crate) headers: Vec<String>,
    /// The rows, one cell per column.
    pub(crate) rows: Vec<Vec<String>>,
}

fn headers(names: &[&str]) -> Vec<String> {
    names.iter().map(|name| name.to_string()).collect()
}

/// Per theme, the counts by RAG (the segments the pack shows) and by
/// status, and the total; a last row totals every theme.
pub(crate) fn summary_table(pack: &Pack) -> TextTable {
    let segments = Segment::shown(pack);
    let statuses = statuses_shown(pack);
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
    TextTable { headers, rows }
}

/// The overdue milestones, most overdue first, leads one per line.
pub(crate) fn overdue_table(pack: &Pack) -> TextTable {
    let rows = pack
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
                overdue_by(row.days_overdue),
            ]
        })
        .collect();
    TextTable {
        headers: headers(&["ID", "Theme", "Milestone", "Lead", "Due", "RAG", "Lateness"]),
        rows,
    }
}

/// The milestones that moved since the previous cycle, each change in words.
pub(crate) fn movement_table(movement: &PackMovement) -> TextTable {
    let rows = movement
        .rows
        .iter()
        .map(|row| {
            vec![
                row.id.to_string(),
                row.theme.clone(),
                row.milestone_with_plan_change(),
                row.rag_words(),
                row.status_words(),
                row.timeline_words(),
            ]
        })
        .collect();
    TextTable {
        headers: headers(&["ID", "Theme", "Milestone", "RAG", "Status", "Timeline"]),
        rows,
    }
}

/// The movement counted per theme; Retired, Edited and Reassigned only when
/// some milestone was (see [`PackMovement::counts_plan_changes`]).
pub(crate) fn movement_counts_table(movement: &PackMovement) -> TextTable {
    let plan_changes = movement.counts_plan_changes();
    let rows = movement
        .by_theme
        .iter()
        .map(|c| {
            let mut row = vec![
                c.theme.clone(),
                c.changed.to_string(),
                c.better.to_string(),
                c.worse.to_string(),
                c.newly_complete.to_string(),
                c.retargeted.to_string(),
                c.added.to_string(),
            ];
            if plan_changes {
                row.extend([
                    c.retired.to_string(),
                    c.edited.to_string(),
                    c.reassigned.to_string(),
                ]);
            }
            row
        })
        .collect();
    let mut names = vec![
        "Theme",
        "Changed",
        "Better",
        "Worse",
        "Newly complete",
        "Retargeted",
        "Added",
    ];
    if plan_changes {
        names.extend(["Retired", "Edited", "Reassigned"]);
    }
    TextTable {
        headers: headers(&names),
        rows,
    }
}

/// The ratings `check` flags.
pub(crate) fn flags_table(pack: &Pack) -> TextTable {
    let rows = pack
        .flags
        .iter()
        .map(|flag| {
            vec![
                flag.id.to_string(),
                flag.milestone.clone(),
                flag.rule.words().to_string(),
                flag_facts(&flag.facts),
            ]
        })
        .collect();
    TextTable {
        headers: headers(&["ID", "Milestone", "Flag", "Facts"]),
        rows,
    }
}
