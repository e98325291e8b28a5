//! Writing a committee pack as one self-contained file: HTML (with an inline
//! SVG chart and print CSS, no script, nothing fetched), Word or Markdown. Pure
//! functions from a [`crate::reports::Pack`] to text; the same pack always
//! gives the same bytes (no clock time, only the pack's as-of date). Also
//! the row-by-row text table long reports are written with.

mod chart;
pub mod docx;
pub mod fixed_width;
pub mod format;
pub mod html;
pub mod markdown;
pub mod markdown_text;
pub mod rows;
mod tables;
pub mod words;

pub use docx::pack_docx;
pub use format::Format;
pub use html::{escape_html, pack_html};
pub use markdown::pack_markdown;

use crate::model::Rag;
use crate::reports::{Pack, ThemeSummary};

/// One kind of count in the summary: a RAG rating, not rated, or closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Segment {
    /// A rating: red, amber, green or blue.
    Rated(Rag),
    /// Not rated.
    NotRated,
    /// Closed (withdrawn, superseded, merged), whatever its last rating.
    Closed,
}

impl Segment {
    /// Every kind, in the order bars and tables show them.
    pub(crate) const ALL: [Segment; 6] = [
        Segment::Rated(Rag::Red),
        Segment::Rated(Rag::Amber),
        Segment::Rated(Rag::Green),
        Segment::Rated(Rag::Blue),
        Segment::NotRated,
        Segment::Closed,
    ];

    /// The letter printed on the bar and in the legend.
    pub(crate) fn letter(self) -> &'static str {
        match self {
            Segment::Rated(rag) => rag.letter(),
            Segment::NotRated => "–",
            Segment::Closed => "X",
        }
    }

    /// The short name, for a table header.
    pub(crate) fn header(self) -> &'static str {
        match self {
            Segment::Rated(rag) => rag.letter(),
            Segment::NotRated => "Not rated",
            Segment::Closed => "Closed",
        }
    }

    /// The words, for a legend or a tooltip.
    pub(crate) fn words(self) -> &'static str {
        match self {
            Segment::Rated(Rag::Red) => "red",
            Segment::Rated(Rag::Amber) => "amber",
            Segment::Rated(Rag::Green) => "green",
            Segment::Rated(Rag::Blue) => "blue (finished)",
            Segment::Rated(Rag::NotRated) | Segment::NotRated => "not rated",
            Segment::Closed => "closed (withdrawn, superseded, merged)",
        }
    }

    /// A name for CSS classes and pattern ids.
    pub(crate) fn key(self) -> &'static str {
        match self {
            Segment::Rated(Rag::Red) => "R",
            Segment::Rated(Rag::Amber) => "A",
            Segment::Rated(Rag::Green) => "G",
            Segment::Rated(Rag::Blue) => "B",
            Segment::Rated(Rag::NotRated) | Segment::NotRated => "N",
            Segment::Closed => "X",
        }
    }

    /// How many of a theme's milestones are of this kind.
    pub(crate) fn count(self, theme: &ThemeSummary) -> usize {
        let c = &theme.rag;
        match self {
            Segment::Rated(Rag::Red) => c.red,
            Segment::Rated(Rag::Amber) => c.amber,
            Segment::Rated(Rag::Green) => c.green,
            Segment::Rated(Rag::Blue) => c.blue,
            Segment::Rated(Rag::NotRated) | Segment::NotRated => c.not_rated,
            Segment::Closed => c.closed,
        }
    }

    /// The kinds a pack shows: R, A and G always; blue, not rated and closed
    /// only when some milestone is one (as `actionplan rag` does).
    pub(crate) fn shown(pack: &Pack) -> Vec<Segment> {
        let total = pack.total();
        Segment::ALL
            .into_iter()
            .filter(|segment| {
                matches!(segment, Segment::Rated(Rag::Red | Rag::Amber | Rag::Green))
                    || segment.count(&total) > 0
            })
            .collect()
    }
}

/// The statuses the summary shows: not started, in progress and complete
/// always, closed only when some milestone is closed.
pub(crate) fn statuses_shown(pack: &Pack) -> Vec<crate::model::Status> {
    use crate::model::Status;
    let total = pack.total();
    Status::ALL
        .into_iter()
        .filter(|status| *status != Status::Closed || total.closed > 0)
        .collect()
}

/// "Status" words with a capital, for table headers.
pub(crate) fn status_header(status: crate::model::Status) -> &'static str {
    use crate::model::Status;
    match status {
        Status::NotStarted => "Not started",
        Status::InProgress => "In progress",
        Status::Complete => "Complete",
        Status::Closed => "Closed",
    }
}

/// The line under the heading: "Position as of 18 Feb 2020", and the cycle
/// whose frozen appendix this is.
pub(crate) fn position_line(pack: &Pack) -> String {
    let mut line = format!(
        "Committee pack: position as of {}",
        crate::model::long_date(pack.as_of)
    );
    if let Some(cycle) = &pack.cycle {
        line.push_str(&format!(
            ", as frozen in cycle \u{201c}{}\u{201d} (closed {})",
            cycle.label,
            crate::model::long_date(cycle.closed_on)
        ));
    }
    line.push('.');
    line
}

/// "Summary: 38 milestones in 7 themes" ("1 milestone in 1 theme").
pub(crate) fn summary_heading(pack: &Pack) -> String {
    format!(
        "Summary: {} in {}",
        crate::model::count_words(pack.milestones(), "milestone"),
        crate::model::count_words(pack.summary.len(), "theme")
    )
}

/// "Appendix: the action plan (38 milestones)".
pub(crate) fn appendix_heading(pack: &Pack) -> String {
    format!(
        "Appendix: the action plan ({})",
        crate::model::count_words(pack.appendix.rows.len(), "milestone")
    )
}
