//! `actionplan demo`: the newcomer's first command.

use anyhow::Result;
use chrono::NaiveDate;

use actionplan::app::import::{ImportOptions, import_appendix};
use actionplan::reports::{overdue, rag_counts};
use actionplan::store::{MilestoneFilter, Store};

use crate::cli::Outcome;
use crate::cli::output::Page;
use crate::cli::output::{count_words, print_line};
use crate::cli::overdue::print_overdue_table;
use crate::cli::rag::print_rag_table;

/// The North Lanarkshire integration review action plan (Appendix 1 of the
/// Adult Health and Social Care Committee report of 18 February 2020).
const NORTH_LANARKSHIRE: &[u8] =
    include_bytes!("../../data/north-lanarkshire-integration-review-2020.csv");

/// Load the shipped North Lanarkshire plan in memory and show its reports (writes nothing).
///
/// Load the shipped North Lanarkshire plan into an in-memory database and show
/// what was overdue, and the RAG counts, at its committee on 18 February 2020.
/// Writes no file.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  cargo run --release -- demo\n  actionplan demo | less")]
pub struct Args {}

impl Args {
    /// Runs the demo.
    pub fn run(self) -> Result<Outcome> {
        let mut store = Store::in_memory()?;
        let options = ImportOptions {
            plan: "North Lanarkshire integration review".to_string(),
            partnership: Some("North Lanarkshire".to_string()),
            ..Default::default()
        };
        let file = "data/north-lanarkshire-integration-review-2020.csv";
        let summary = import_appendix(&mut store, file, NORTH_LANARKSHIRE, &options)?;
        let committee = NaiveDate::from_ymd_opt(2020, 2, 18).expect("a real date");
        let milestones = store.milestones(&MilestoneFilter::default())?;
        print_line(&format!(
            "North Lanarkshire integration review action plan: {}, {}, {}",
            count_words(summary.themes, "theme"),
            count_words(summary.actions, "action"),
            count_words(summary.milestones, "milestone")
        ))?;
        print_line(
            "(Adult Health and Social Care Committee, 18 Feb 2020; loaded in memory, nothing written)",
        )?;
        print_line("")?;
        print_overdue_table(
            &overdue(&milestones, committee),
            &milestones,
            committee,
            Page::Terminal,
        )?;
        print_line("")?;
        print_line("RAG by theme")?;
        print_rag_table(&rag_counts(&milestones), Page::Terminal)?;
        print_line("")?;
        print_line(
            "Next: actionplan import YOUR-APPENDIX.csv --plan NAME, then actionplan overdue --as-of DATE",
        )?;
        Ok(Outcome::Done)
    }
}
