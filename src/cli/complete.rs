//! `actionplan complete`: mark a milestone complete.

use anyhow::Result;
use chrono::NaiveDate;

use actionplan::app::updates::{Completion, check_completion, complete};
use actionplan::model::Rag;

use crate::cli::output::as_of_or_today;
use crate::cli::update::confirmation;
use crate::cli::{Context, Outcome};

/// Mark a milestone complete (status complete, RAG green, or blue on a BRAG plan).
///
/// Mark a milestone complete: records an update with status complete and RAG
/// green, or B (Blue) on a plan that uses BRAG (a milestone of it rated or
/// imported Blue), unless --rag says otherwise; appended to its history like
/// any update.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  actionplan complete 6 --comment 'Head of Adult Social Work appointed' --by 'Ross McGuffie' --on 2020-02-03"
)]
pub struct Args {
    /// The milestone's id (see `actionplan list`).
    pub id: i64,
    /// A comment, such as what was delivered.
    #[arg(long, value_name = "TEXT")]
    pub comment: Option<String>,
    /// Who reported it.
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// The date it was completed (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    pub on: Option<NaiveDate>,
    /// Accept an --on date before 2000 (refused otherwise as a likely typing slip).
    #[arg(long)]
    pub backdate: bool,
    /// The RAG rating to record (default G, or B on a plan that uses BRAG).
    #[arg(long, value_name = "R|A|G|B")]
    pub rag: Option<Rag>,
}

impl Args {
    /// Records the completion.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let today = as_of_or_today(None);
        let completion = Completion {
            milestone_id: self.id,
            on: self.on.unwrap_or(today),
            by: self.by,
            comment: self.comment,
            rag: self.rag,
        };
        // The rules that need no database refuse before the file is opened.
        check_completion(&completion, today, self.backdate)?;
        let mut store = context.open()?;
        let recorded = complete(&mut store, completion, today, self.backdate)?;
        eprintln!("{}", confirmation(&recorded));
        Ok(Outcome::Done)
    }
}
