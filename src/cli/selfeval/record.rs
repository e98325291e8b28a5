//! `actionplan selfeval record`: record one proposal's rating by hand.

use anyhow::Result;
use chrono::NaiveDate;

use actionplan::io::selfeval::split_actions;
use actionplan::model::selfeval::NewSelfEvaluation;
use actionplan::model::selfeval::Rating;
use actionplan::model::text_rules::{check_length, check_name};
use actionplan::store::RecordedRating;

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
        check_name("--partnership", &self.partnership)?;
        check_name("--label", &self.label)?;
        if let Some(evidence) = &self.evidence {
            check_length("--evidence", evidence)?;
        }
        for action in &self.actions {
            check_length("--action", action)?;
        }
        let mut store = context.open_or_create()?;
        let new = NewSelfEvaluation {
            partnership: self.partnership.clone(),
            label: self.label.clone(),
            on: as_of_or_today(self.on),
            source: None,
        };
        let actions: Vec<String> = self
            .actions
            .iter()
            .flat_map(|action| split_actions(action))
            .collect();
        let recorded = RecordedRating {
            proposal: self.proposal,
            rating: self.rating,
            evidence: self.evidence.map(|text| text.trim().to_string()),
            actions: if actions.is_empty() {
                None
            } else {
                Some(actions)
            },
        };
        let outcome = store.record_rating(&new, self.on.is_some(), &recorded)?;
        if outcome.created {
            eprintln!(
                "created the {:?} self-evaluation of {} ({})",
                self.label.trim(),
                self.partnership.trim(),
                new.on
            );
        }
        match outcome.previous {
            Some(previous) => eprintln!(
                "proposal {}: {} (was {previous})",
                outcome.proposal, self.rating
            ),
            None => eprintln!("proposal {}: {}", outcome.proposal, self.rating),
        }
        Ok(Outcome::Done)
    }
}
