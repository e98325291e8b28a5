//! Writing the committee appendix table.

use std::io::{self, Write};

use crate::csvio::write::{CsvStyle, write_csv};
use crate::model::{Rag, Status, Target};
use crate::store::Milestone;

/// One milestone as the appendix shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct AppendixRow {
    /// The plan's own reference ("1.1"), if any.
    pub reference: Option<String>,
    /// Report Recommendation.
    pub theme: String,
    /// Improvement Action.
    pub action: String,
    /// Milestone detail.
    pub detail: String,
    /// Leads in order.
    pub leads: Vec<String>,
    /// The timeline as imported.
    pub original_timeline: Target,
    /// The current timeline.
    pub timeline: Target,
    /// Comment.
    pub comment: String,
    /// RAG.
    pub rag: Rag,
    /// Status.
    pub status: Status,
    /// The plan's word for the status, while it still applies.
    pub status_word: Option<String>,
}

impl AppendixRow {
    /// The Status cell this row needs so that importing the export gives its
    /// status back: empty when the status follows from the RAG (Blue is
    /// complete) or the comment ("Complete." is complete, anything else in
    /// progress) and the plan gave no word of its own.
    pub fn status_cell(&self) -> String {
        if let Some(word) = &self.status_word {
            return word.clone();
        }
        let implied = if self.rag == Rag::Blue {
            Status::Complete
        } else {
            Status::from_comment(&self.comment)
        };
        if self.status == implied {
            String::new()
        } else {
            self.status.words().to_string()
        }
    }

    /// The RAG cell: the letter, or "Not rated".
    fn rag_cell(&self) -> String {
        match self.rag {
            Rag::NotRated => "Not rated".to_string(),
            rated => rated.letter().to_string(),
        }
    }
}

/// Which optional columns an export needs so that nothing is lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppendixColumns {
    /// "Original timeline" after Timeline (asked for with --with-original).
    pub original: bool,
    /// "Ref" first: some milestone has a reference.
    pub reference: bool,
    /// "RAG": left out only when no milestone is rated (a plan at approval).
    pub rag: bool,
    /// "Status" last: some milestone's status does not follow from its
    /// comment and RAG, or carries the plan's own word.
    pub status: bool,
}

impl AppendixColumns {
    /// The columns `rows` need; the seed's seven when nothing more is needed.
    pub fn for_rows(rows: &[AppendixRow], with_original: bool) -> AppendixColumns {
        AppendixColumns {
            original: with_original,
            reference: rows.iter().any(|r| r.reference.is_some()),
            rag: rows.is_empty() || rows.iter().any(|r| r.rag != Rag::NotRated),
            status: rows.iter().any(|r| !r.status_cell().is_empty()),
        }
    }
}

impl From<&Milestone> for AppendixRow {
    fn from(m: &Milestone) -> Self {
        AppendixRow {
            reference: m.reference.clone(),
            theme: m.theme.clone(),
            action: m.action.clone(),
            detail: m.detail.clone(),
            leads: m.leads.clone(),
            original_timeline: m.imported_timeline,
            timeline: m.timeline,
            comment: m.comment.clone(),
            rag: m.rag,
            status: m.status,
            status_word: m.status_word().map(str::to_string),
        }
    }
}

/// The appendix headers, with "Original timeline" after Timeline when asked.
pub fn appendix_headers(with_original: bool) -> Vec<&'static str> {
    headers_for(AppendixColumns {
        original: with_original,
        reference: false,
        rag: true,
        status: false,
    })
}

/// The headers of the given columns, in the order they are written.
fn headers_for(columns: AppendixColumns) -> Vec<&'static str> {
    let mut headers = Vec::new();
    if columns.reference {
        headers.push("Ref");
    }
    headers.extend([
        "Report Recommendation",
        "Improvement Action",
        "Milestone detail",
        "Lead",
        "Timeline",
    ]);
    if columns.original {
        headers.push("Original timeline");
    }
    headers.push("Comment/RAG");
    if columns.rag {
        headers.push("RAG");
    }
    if columns.status {
        headers.push("Status");
    }
    headers
}

/// Writes the appendix: Recommendation and Action cells blank where they repeat
/// the row above (merged cells in the paper), leads one per line, timelines as
/// displayed, RAG as one letter. A Ref column, and a Status column, are added
/// when some row needs them (see `AppendixColumns`); the RAG column is left
/// out when no milestone is rated.
pub fn appendix_csv<W: Write>(
    out: W,
    rows: &[AppendixRow],
    with_original: bool,
    style: CsvStyle,
) -> io::Result<()> {
    let columns = AppendixColumns::for_rows(rows, with_original);
    let mut cells = Vec::with_capacity(rows.len());
    let mut previous: Option<&AppendixRow> = None;
    for row in rows {
        let same_theme = previous.is_some_and(|p| p.theme == row.theme);
        let same_action = same_theme && previous.is_some_and(|p| p.action == row.action);
        let mut line = Vec::new();
        if columns.reference {
            line.push(row.reference.clone().unwrap_or_default());
        }
        line.extend([
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
        ]);
        if columns.original {
            line.push(row.original_timeline.to_string());
        }
        line.push(row.comment.clone());
        if columns.rag {
            line.push(row.rag_cell());
        }
        if columns.status {
            line.push(row.status_cell());
        }
        cells.push(line);
        previous = Some(row);
    }
    write_csv(out, style, &headers_for(columns), &cells)
}
