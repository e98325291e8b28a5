//! `actionplan link`: link a milestone of the plan to an MSG proposal it delivers on.

use anyhow::Result;

use crate::cli::{Context, Outcome};

/// Link a milestone to an MSG proposal.
///
/// Link a milestone to the MSG proposal it helps deliver, so that
/// `actionplan selfeval progress` counts it. Linking twice is harmless.
/// (A plan's appendix may also give the links in an "MSG proposal" column.)
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  actionplan link --milestone 12 --proposal 2.3")]
pub struct Args {
    /// The milestone's id (see actionplan list).
    #[arg(long, value_name = "ID")]
    pub milestone: i64,
    /// The MSG proposal, e.g. 2.3.
    #[arg(long, value_name = "ID")]
    pub proposal: String,
}

impl Args {
    /// Records the link.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let mut store = context.open()?;
        let (proposal, added) = store.link_milestone(self.milestone, &self.proposal)?;
        if added {
            eprintln!(
                "linked milestone {} to MSG proposal {proposal}",
                self.milestone
            );
        } else {
            eprintln!(
                "milestone {} was already linked to MSG proposal {proposal}",
                self.milestone
            );
        }
        Ok(Outcome::Done)
    }
}
