//! `actionplan report`: the committee pack, one self-contained file.

use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{Context as _, Result};
use chrono::NaiveDate;

use actionplan::app::pack::{PackQuery, committee_pack};
use actionplan::model::long_date;
use actionplan::model::text_rules::escape_for_terminal;
use actionplan::render::{pack_docx, pack_html, pack_markdown};

use crate::cli::formats::{self, Format, FormatName};
use crate::cli::output::{
    as_of_or_today, format_for_output, refuse_binary_to_terminal, write_file_atomically,
};
use crate::cli::{Context, Outcome};

const EXAMPLES: &str = "\
Examples:
  actionplan report --plan NL --as-of 2020-02-18 -o committee-pack.html
  actionplan report --cycle 'IJB 18 Feb 2020' -o pack-feb-2020.html
  actionplan report --format markdown > pack.md
  actionplan report --format docx -o pack.docx

The HTML file holds everything (its chart is inline SVG; no script, nothing
fetched) and prints on A4 landscape: open it in a browser and print to PDF.
The movement section compares with the latest cycle closed before the as-of
date (a cycle closed on that day is the paper being prepared, as `check`
counts it; with --cycle, the cycle before that one), and is left out when
there is none.";

/// The formats the pack is written in.
const PACK_FORMATS: &[FormatName] = &[
    FormatName {
        name: "html",
        format: Format::Html,
        help: "One HTML file: chart, tables and print styles inline",
    },
    FormatName {
        name: "markdown",
        format: Format::Markdown,
        help: "GitHub-flavoured Markdown tables",
    },
    FormatName {
        name: "docx",
        format: Format::Docx,
        help: "A Word document, A4 landscape: the chart drawn as a table of shaded cells, the appendix as `export --format docx` writes it",
    },
];

/// Write the committee pack: summary chart, appendix, overdue, movement, check.
///
/// Write the committee pack of a plan as one self-contained file: a heading
/// with partnership, plan and as-of date; the milestones per theme by RAG and
/// by status, as a table and a bar chart; the appendix table as the committee
/// sees it; the overdue milestones with their lateness in words; the movement
/// since the previous committee cycle; and the ratings `check` flags. The
/// same database and date always give the same file.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The plan (may be left out when the database holds one).
    #[arg(long)]
    pub plan: Option<String>,
    /// The date the pack speaks for (YYYY-MM-DD); default today, or with
    /// --cycle the day that cycle closed. Give the committee date to
    /// reproduce a paper.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
    /// Show the plan as frozen in this committee cycle (see `actionplan cycle list`).
    #[arg(long, value_name = "LABEL")]
    pub cycle: Option<String>,
    /// Output format. Default: as the -o file's extension says (.html, .htm,
    /// .md, .docx), else html.
    #[arg(long, value_parser = formats::parser(PACK_FORMATS))]
    pub format: Option<Format>,
    /// Write to this file instead of stdout.
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
}

impl Args {
    /// Builds the pack and writes it.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let format = self.output_format(context)?;
        let store = context.open_read_only()?;
        let query = PackQuery {
            plan: self.plan,
            cycle: self.cycle,
            as_of: self.as_of,
        };
        let built = committee_pack(&store, query, as_of_or_today(None))?;
        let bytes = match format {
            Format::Html => pack_html(&built).into_bytes(),
            // Read on a terminal as often as rendered: control characters escaped.
            Format::Markdown => escape_for_terminal(&pack_markdown(&built))
                .into_owned()
                .into_bytes(),
            Format::Docx => pack_docx(&built)?,
            other => return Err(formats::not_written(other, PACK_FORMATS)),
        };
        match &self.output {
            None => {
                let mut out = io::stdout().lock();
                out.write_all(&bytes)?;
                out.flush()?;
            }
            Some(path) => {
                write_file_atomically(path, &bytes)
                    .with_context(|| format!("writing {}", path.display()))?;
                eprintln!(
                    "wrote {} (committee pack of plan {:?} as of {}: {} milestones, {} overdue)",
                    path.display(),
                    built.plan,
                    long_date(built.as_of),
                    built.milestones(),
                    built.overdue.len()
                );
            }
        }
        Ok(Outcome::Done)
    }

    /// The format to write, from --format or the -o file's extension,
    /// refusing an output that is the database and a Word document bound
    /// for a terminal.
    fn output_format(&self, context: &Context) -> Result<Format> {
        if let Some(output) = &self.output {
            context.check_output(output)?;
        }
        let format = format_for_output(
            self.format,
            self.output.as_deref(),
            PACK_FORMATS,
            Format::Html,
        )?;
        if format.is_binary() && self.output.is_none() {
            refuse_binary_to_terminal(io::stdout().is_terminal())?;
        }
        Ok(format)
    }
}
