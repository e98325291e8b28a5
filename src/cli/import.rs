//! `actionplan import`: a committee appendix table into the database.

use std::path::PathBuf;

use anyhow::Result;

use actionplan::appendix::BlueMeans;
use actionplan::csvio::columns::HeaderMapping;
use actionplan::import::{ImportOptions, import_appendix_file};

use crate::cli::{Context, Outcome};

/// Import a committee appendix table (CSV) as a plan.
///
/// Import a committee appendix table saved as CSV (UTF-8, UTF-8 with BOM,
/// UTF-16 or Windows-1252). Every row is checked first: one bad row and
/// nothing is stored, and every problem is listed with its row and column.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  actionplan import appendix1.csv --plan 'Integration review 2019' --partnership 'North Lanarkshire'\n  actionplan import plan.csv --plan P --map 'Accountable officer=leads'"
)]
pub struct Args {
    /// The CSV file.
    pub file: PathBuf,
    /// The plan's name.
    #[arg(long)]
    pub plan: String,
    /// The partnership the plan belongs to.
    #[arg(long)]
    pub partnership: Option<String>,
    /// Read a header as a field: 'Header=field' (fields: theme, action,
    /// milestone, leads, timeline, comment, rag, status, proposals). Repeatable.
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    pub mappings: Vec<HeaderMapping>,
    /// Replace a plan of the same name (refused once it has updates or cycles).
    #[arg(long)]
    pub replace: bool,
    /// Keep a leading quote before =, +, -, @ (by default it is taken as the
    /// formula guard that exports add, and removed).
    #[arg(long)]
    pub raw: bool,
    /// What a Blue RAG (BRAG) means: complete, or closed (withdrawn,
    /// superseded, merged). Example: --blue-means closed
    #[arg(long, value_name = "complete|closed", default_value = "complete")]
    pub blue_means: BlueMeans,
    /// For a table with no theme (Recommendation) column: the theme its rows
    /// go under until a section heading row names another (default: the plan's
    /// name). Example: --theme 'Improvement plan 2021'
    #[arg(long, value_name = "NAME")]
    pub theme: Option<String>,
    /// Also split Lead cells at this text, wherever it appears (line breaks,
    /// ';', and '/', '&', 'and' between two names always split).
    /// Example: --lead-separator ' + '
    #[arg(long, value_name = "TEXT")]
    pub lead_separator: Option<String>,
}

impl Args {
    /// Runs the import.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let mut store = context.open_or_create()?;
        let options = ImportOptions {
            plan: self.plan,
            partnership: self.partnership,
            mappings: self.mappings,
            replace: self.replace,
            raw: self.raw,
            blue_means: self.blue_means,
            theme: self.theme,
            lead_separator: self.lead_separator,
        };
        let summary = import_appendix_file(&mut store, &self.file, &options)?;
        eprintln!(
            "imported {} as plan {:?}: {} themes, {} actions, {} milestones",
            self.file.display(),
            options.plan.trim(),
            summary.themes,
            summary.actions,
            summary.milestones
        );
        Ok(Outcome::Done)
    }
}
