//! `actionplan selfeval import`: read a self-evaluation return from CSV.

use std::path::PathBuf;

use anyhow::Result;
use chrono::NaiveDate;

use actionplan::app::dates::refuse_future_date;
use actionplan::app::selfeval::{ImportOptions, import_self_evaluation_file};
use actionplan::error::Dated;
use actionplan::io::csvio::columns::HeaderMapping;
use actionplan::model::text_rules::check_name;

use crate::cli::output::{as_of_or_today, count_words};
use crate::cli::{Context, Outcome};

/// Import a partnership's self-evaluation saved as CSV, one row per proposal,
/// with columns Proposal, Rating, Evidence and Improvement actions (one action
/// per line of the cell). A proposal the file leaves out is "not rated";
/// 3.2, 3.3 and 5.3 are not for local completion and take no rating. Every row
/// is checked first: one bad row and nothing is stored.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  actionplan selfeval import angus-2019.csv --partnership Angus --label 2019 --on 2019-05-10\n  actionplan selfeval import return.csv --partnership Angus --label 2020 --map 'Self-assessment=rating'"
)]
pub struct ImportArgs {
    /// The CSV file.
    pub file: PathBuf,
    /// The partnership that completed it.
    #[arg(long)]
    pub partnership: String,
    /// Its label, e.g. 2019 or "May 2019".
    #[arg(long)]
    pub label: String,
    /// The date it was completed (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    pub on: Option<NaiveDate>,
    /// Read a header as a field: 'Header=field' (fields: proposal, rating,
    /// evidence, actions). Repeatable.
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    pub mappings: Vec<HeaderMapping>,
    /// Replace the self-evaluation with this partnership and label.
    #[arg(long)]
    pub replace: bool,
}

impl ImportArgs {
    /// Runs the import.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        check_name("--partnership", &self.partnership)?;
        check_name("--label", &self.label)?;
        let today = as_of_or_today(None);
        if let Some(on) = self.on {
            refuse_future_date(Dated::SelfEvaluation, on, today)?;
        }
        let mut store = context.open_or_create()?;
        let options = ImportOptions {
            partnership: self.partnership,
            label: self.label,
            on: as_of_or_today(self.on),
            mappings: self.mappings,
            replace: self.replace,
        };
        let summary = import_self_evaluation_file(&mut store, &self.file, &options)?;
        eprintln!(
            "imported {} as the {:?} self-evaluation of {} ({}): {} rated, {} not rated",
            self.file.display(),
            options.label.trim(),
            options.partnership.trim(),
            options.on,
            count_words(summary.rated, "proposal"),
            summary.not_rated
        );
        Ok(Outcome::Done)
    }
}
