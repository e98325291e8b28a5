//! Recording one proposal's rating by hand: the self-evaluation it belongs
//! to (created when it does not exist yet, dated the day given or today),
//! the evidence trimmed and the improvement actions split one per line,
//! stored in one transaction.

use chrono::NaiveDate;

use crate::app::dates::refuse_future_date;
use crate::error::{Dated, Result};
use crate::io::selfeval::split_actions;
use crate::model::selfeval::{NewSelfEvaluation, Rating};
use crate::store::{RecordedRating, Store};

/// One rating to record, as the person gave it.
#[derive(Debug, Clone)]
pub struct RatingToRecord {
    /// The partnership.
    pub partnership: String,
    /// The self-evaluation's label.
    pub label: String,
    /// The self-evaluation's date when this creates it (default: today); a
    /// date given must match an existing self-evaluation's.
    pub on: Option<NaiveDate>,
    /// The MSG proposal, e.g. "2.3".
    pub proposal: String,
    /// The rating.
    pub rating: Rating,
    /// The evidence for the rating; None keeps what is recorded.
    pub evidence: Option<String>,
    /// The improvement actions, each of which may hold several (one per
    /// line or bullet); none keeps the actions recorded.
    pub actions: Vec<String>,
}

/// What recording a rating did.
#[derive(Debug, Clone, PartialEq)]
pub struct RatingRecorded {
    /// The proposal id as stored.
    pub proposal: String,
    /// Whether the self-evaluation was created for it.
    pub created: bool,
    /// The self-evaluation's date when this created it: the one given, or today.
    pub on: NaiveDate,
    /// The rating it replaced, if the proposal was rated before.
    pub previous: Option<Rating>,
}

/// The rule of [`record_rating`] that needs no database: a date given is
/// not after `today` (a self-evaluation speaks for a day that has come, as
/// an imported one does). The command line runs it before opening the file.
pub fn check_rating(rating: &RatingToRecord, today: NaiveDate) -> Result<()> {
    match rating.on {
        Some(on) => refuse_future_date(Dated::SelfEvaluation, on, today),
        None => Ok(()),
    }
}

/// Records (or replaces) one proposal's rating in one transaction, creating
/// the self-evaluation when it does not exist. Refuses a proposal the
/// template does not have or that takes no rating, and a date given that
/// differs from an existing self-evaluation's.
pub fn record_rating(
    store: &mut Store,
    rating: RatingToRecord,
    today: NaiveDate,
) -> Result<RatingRecorded> {
    check_rating(&rating, today)?;
    let new = NewSelfEvaluation {
        partnership: rating.partnership,
        label: rating.label,
        on: rating.on.unwrap_or(today),
        source: None,
    };
    let actions: Vec<String> = rating
        .actions
        .iter()
        .flat_map(|action| split_actions(action))
        .collect();
    let recorded = RecordedRating {
        proposal: rating.proposal,
        rating: rating.rating,
        evidence: rating.evidence.map(|text| text.trim().to_string()),
        actions: if actions.is_empty() {
            None
        } else {
            Some(actions)
        },
    };
    let outcome = store.record_rating(&new, rating.on.is_some(), &recorded)?;
    Ok(RatingRecorded {
        proposal: outcome.proposal,
        created: outcome.created,
        on: new.on,
        previous: outcome.previous,
    })
}
