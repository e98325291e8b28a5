//! Helpers shared by the `actionplan selfeval` commands: the report format,
//! which self-evaluation to read, rating words, titles and grids.

use actionplan::model::long_date;
use anyhow::Result;

use actionplan::io::csvio::write::CsvStyle;
use actionplan::model::selfeval::Rating;
use actionplan::render::markdown_text::markdown_table;
use actionplan::store::SelfEvaluationSummary;

use crate::cli::formats::{self, REPORT_FORMATS};
use crate::cli::output::{new_table, print_csv, print_line, print_table};

/// How a self-evaluation report prints (shared with other reports that suit a paper).
pub use crate::cli::output::Format;

/// Which self-evaluation a report reads.
#[derive(Debug, clap::Args)]
pub struct Which {
    /// The partnership (default: the only one with self-evaluations).
    #[arg(long)]
    pub partnership: Option<String>,
    /// The self-evaluation's label (default: the partnership's latest).
    #[arg(long)]
    pub label: Option<String>,
}

/// What a report says for proposals 3.2, 3.3 and 5.3, which take no rating.
pub(super) const NOT_FOR_LOCAL_COMPLETION: &str = "not for local completion";

/// A self-evaluation's title: partnership, label and date.
pub(super) fn heading(evaluation: &SelfEvaluationSummary) -> String {
    format!(
        "{}: self-evaluation {:?} of {}",
        evaluation.partnership,
        evaluation.label,
        long_date(evaluation.on)
    )
}

/// A rating in words, or "not rated".
pub(super) fn optional_rating(rating: Option<Rating>) -> String {
    rating.map_or_else(|| "not rated".to_string(), |r| r.to_string())
}

/// A heading's text with the characters Markdown would interpret escaped.
pub(super) fn markdown_heading(text: &str) -> String {
    actionplan::render::markdown_text::markdown_cell(text)
}

/// A title line: plain in a table, a heading in Markdown.
pub(super) fn print_title(title: &str, format: Format) -> Result<()> {
    if format == Format::Markdown {
        print_line(&format!("## {}", markdown_heading(title)))?;
        print_line("")
    } else {
        print_line(title)
    }
}

/// Rows of text ready to print as a table, CSV or Markdown.
pub(super) struct Grid {
    /// The column headings.
    pub(super) headers: Vec<String>,
    /// The rows, one cell per heading.
    pub(super) rows: Vec<Vec<String>>,
}

impl Grid {
    /// Prints the rows as a table, CSV (in the style given) or Markdown
    /// (JSON prints as a table).
    pub(super) fn print(&self, format: Format, csv: CsvStyle) -> Result<()> {
        let headers: Vec<&str> = self.headers.iter().map(String::as_str).collect();
        match format {
            Format::Markdown => {
                let text = markdown_table(&headers, &self.rows);
                print_line(text.trim_end())
            }
            Format::Csv => print_csv(csv, &headers, &self.rows),
            Format::Json | Format::Table => {
                let mut table = new_table(&headers);
                for row in &self.rows {
                    table.add_row(row.clone());
                }
                print_table(&table)
            }
            other => Err(formats::not_written(other, REPORT_FORMATS)),
        }
    }
}
