//! Writing the committee appendix table.

use std::io::{self, Write};

use crate::csvio::write::{CsvStyle, write_csv};
use crate::model::{Rag, Timeline};
use crate::store::Milestone;

/// One milestone as the appendix shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct AppendixRow {
    /// Report Recommendation.
    pub theme: String,
    /// Improvement Action.
    pub action: String,
    /// Milestone detail.
    pub detail: String,
    /// Leads in order.
    pub leads: Vec<String>,
    /// The timeline as imported.
    pub original_timeline: Timeline,
    /// The current timeline.
    pub timeline: Timeline,
    /// Comment.
    pub comment: String,
    /// RAG.
    pub rag: Rag,
}

impl From<&Milestone> for AppendixRow {
    fn from(m: &Milestone) -> Self {
        AppendixRow {
            theme: m.theme.clone(),
            action: m.action.clone(),
            detail: m.detail.clone(),
            leads: m.leads.clone(),
            original_timeline: m.imported_timeline,
            timeline: m.timeline,
            comment: m.comment.clone(),
            rag: m.rag,
        }
    }
}

/// The appendix headers, with "Original timeline" after Timeline when asked.
pub fn appendix_headers(with_original: bool) -> Vec<&'static str> {
    let mut headers = vec![
        "Report Recommendation",
        "Improvement Action",
        "Milestone detail",
        "Lead",
        "Timeline",
    ];
    if with_original {
        headers.push("Original timeline");
    }
    headers.extend(["Comment/RAG", "RAG"]);
    headers
}

/// Writes the appendix: Recommendation and Action cells blank where they repeat
/// the row above (merged cells in the paper), leads one per line, timelines as
/// displayed, RAG as one letter.
pub fn appendix_csv<W: Write>(
    out: W,
    rows: &[AppendixRow],
    with_original: bool,
    style: CsvStyle,
) -> io::Result<()> {
    let mut cells = Vec::with_capacity(rows.len());
    let mut previous: Option<&AppendixRow> = None;
    for row in rows {
        let same_theme = previous.is_some_and(|p| p.theme == row.theme);
        let same_action = same_theme && previous.is_some_and(|p| p.action == row.action);
        let mut line = vec![
            if same_theme {
                String::new()
            } else {
                row.theme.clone()
            },
            if same_action {
                String::new()
            } else {
                row.action.clone()
            },
            row.detail.clone(),
            row.leads.join("\n"),
            row.timeline.to_string(),
        ];
        if with_original {
            line.push(row.original_timeline.to_string());
        }
        line.extend([row.comment.clone(), row.rag.letter().to_string()]);
        cells.push(line);
        previous = Some(row);
    }
    write_csv(out, style, &appendix_headers(with_original), &cells)
}
