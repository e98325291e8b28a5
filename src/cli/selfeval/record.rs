//! `actionplan selfeval record`: record one proposal's rating by hand.

use anyhow::Result;
use chrono::NaiveDate;

use actionplan::app::selfeval_record::{RatingToRecord, check_rating, record_rating};
use actionplan::model::selfeval::Rating;
use actionplan::model::text_rules::{check_length, check_name};

use crate::cli::output::as_of_or_today;
use crate::cli::{Context, Outcome};

/// Record (or replace) one proposal's rating in a self-evaluation, creating
/// the self-evaluation if it does not exist. Evidence and actions are kept
/// unless given; giving --action replaces all the proposal's actions.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  actionplan selfeval record --partnership Angus --label 2020 --proposal 2.3 --rating established \\\n      --evidence 'Set-aside budget agreed' --action 'Publish the set-aside figures' --action 'Review quarterly'"
)]
pub struct RecordArgs {
    /// The partnership.
    #[arg(long)]
    pub partnership: String,
    /// The self-evaluation's label.
    #[arg(long)]
    pub label: String,
    /// The date of the self-evaluation when this creates it (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    pub on: Option<NaiveDate>,
    /// The MSG proposal, e.g. 2.3.
    #[arg(long)]
    pub proposal: String,
    /// Not yet established, Partly established, Established or Exemplary (any case), or 1 to 4.
    #[arg(long)]
    pub rating: Rating,
    /// The evidence for the rating (replaces any recorded).
    #[arg(long)]
    pub evidence: Option<String>,
    /// A proposed improvement action. Repeatable; replaces the actions recorded.
    #[arg(long = "action", value_name = "TEXT")]
    pub actions: Vec<String>,
}

impl RecordArgs {
    /// Records the rating.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        self.check_text()?;
        let partnership = self.partnership.trim().to_string();
        let label = self.label.trim().to_string();
        let rating = RatingToRecord {
            partnership: self.partnership,
            label: self.label,
            on: self.on,
            proposal: self.proposal,
            rating: self.rating,
            evidence: self.evidence,
            actions: self.actions,
        };
        let today = as_of_or_today(None);
        // The rules that need no database refuse before the file is opened.
        check_rating(&rating, today)?;
        let mut store = context.open_or_create()?;
        let recorded = record_rating(&mut store, rating, today)?;
        if recorded.created {
            eprintln!(
                "created the {label:?} self-evaluation of {partnership} ({})",
                recorded.on
            );
        }
        match recorded.previous {
            Some(previous) => eprintln!(
                "proposal {}: {} (was {previous})",
                recorded.proposal, self.rating
            ),
            None => eprintln!("proposal {}: {}", recorded.proposal, self.rating),
        }
        Ok(Outcome::Done)
    }

    /// Refuses names and texts a cell could not hold, naming the flag.
    fn check_text(&self) -> Result<()> {
        check_name("--partnership", &self.partnership)?;
        check_name("--label", &self.label)?;
        if let Some(evidence) = &self.evidence {
            check_length("--evidence", evidence)?;
        }
        for action in &self.actions {
            check_length("--action", action)?;
        }
        Ok(())
    }
}
