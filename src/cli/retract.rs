//! `actionplan retract`: withdraw a history entry recorded in error.

use anyhow::Result;

use actionplan::app::plan_changes::retract_entry;

use crate::cli::milestone::WhoAndWhen;
use crate::cli::output::as_of_or_today;
use crate::cli::{Context, Outcome};

/// Withdraw a history entry recorded in error (it stays visible, marked retracted).
///
/// Withdraw an entry of a milestone's history recorded in error: an update
/// against the wrong milestone, an edit, a reassignment or a retirement. The
/// state is then computed as if the entry had never been made; the entry and
/// its retraction both stay in the history, and a closed cycle still exports
/// what its paper showed. Entry ids are shown by `actionplan history` and
/// `actionplan show ID`. An edit is retracted only while it is the latest
/// edit of its field; an addition or a move is not retracted (retire the
/// milestone, or move it back).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  actionplan retract 214 --reason 'Recorded against the wrong milestone' --by 'Planning officer'"
)]
pub struct Args {
    /// The history entry's id (the "Entry" column of `history`).
    pub entry: i64,
    /// Why it is withdrawn (required).
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    #[command(flatten)]
    pub who: WhoAndWhen,
}

impl Args {
    /// Records the retraction.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        // The rules that need no database refuse before the file is opened.
        self.who.attribution(Some(&self.reason))?;
        let mut store = context.open()?;
        let retracted = retract_entry(
            &mut store,
            self.entry,
            &self.who.change_by(),
            &self.reason,
            as_of_or_today(None),
        )?;
        eprintln!(
            "retracted entry {} of milestone {} {:?} (retraction is entry {})",
            retracted.entry,
            retracted.milestone.id,
            retracted.milestone.detail,
            retracted.retraction
        );
        Ok(Outcome::Done)
    }
}
