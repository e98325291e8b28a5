//! The chasing list: which leads have sent their return back and which have
//! not. Pure: from the plan's leads and the returns recorded.

use chrono::NaiveDate;
use serde::Serialize;

use crate::io::returns::rows::same_lead;
use crate::model::SentReturn;

/// Where one lead's return stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReturnState {
    /// Their return came back.
    Returned,
    /// Their return came back but every row was rejected or in conflict:
    /// nothing of it could be used, so chase it too.
    ReturnedWithProblems,
    /// A return was sent and has not come back: chase.
    Awaited,
    /// No return was ever sent to them.
    NotSent,
}

impl ReturnState {
    /// The words shown in tables.
    pub fn words(self) -> &'static str {
        match self {
            ReturnState::Returned => "returned",
            ReturnState::ReturnedWithProblems => "returned with problems",
            ReturnState::Awaited => "awaited",
            ReturnState::NotSent => "not sent",
        }
    }
}

/// One lead on the chasing list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LeadReturnStatus {
    /// The lead.
    pub lead: String,
    /// How many milestones they lead.
    pub milestones: usize,
    /// The date the latest return sent to them was made for.
    pub sent: Option<NaiveDate>,
    /// The date their latest returned file was imported for.
    pub returned: Option<NaiveDate>,
    /// Where their return stands.
    pub state: ReturnState,
}

/// Each lead (with how many milestones they lead), in the order given:
/// without `since`, returned when the latest return sent to them has come
/// back; with it, returned when any of their returns came back on or after
/// that date. Awaited leads are the ones to chase.
pub fn return_status(
    leads: &[(String, usize)],
    sent: &[SentReturn],
    since: Option<NaiveDate>,
) -> Vec<LeadReturnStatus> {
    leads
        .iter()
        .map(|(lead, milestones)| {
            let theirs: Vec<&SentReturn> =
                sent.iter().filter(|r| same_lead(&r.lead, lead)).collect();
            let latest = theirs.iter().max_by_key(|r| (r.as_of, r.id));
            let returned = theirs.iter().filter_map(|r| r.received_on).max();
            let came_back = match since {
                Some(date) => returned.is_some_and(|on| on >= date),
                None => latest.is_some_and(|r| r.received_on.is_some()),
            };
            let with_problems = match since {
                Some(date) => theirs
                    .iter()
                    .any(|r| r.problems_on.is_some_and(|on| on >= date)),
                None => latest.is_some_and(|r| r.problems_on.is_some()),
            };
            let state = if came_back {
                ReturnState::Returned
            } else if with_problems {
                ReturnState::ReturnedWithProblems
            } else if latest.is_some() {
                ReturnState::Awaited
            } else {
                ReturnState::NotSent
            };
            LeadReturnStatus {
                lead: lead.clone(),
                milestones: *milestones,
                sent: latest.map(|r| r.as_of),
                returned,
                state,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn sent(id: i64, lead: &str, as_of: &str, received: Option<&str>) -> SentReturn {
        SentReturn {
            id,
            plan_id: 1,
            lead: lead.into(),
            as_of: date(as_of),
            received_on: received.map(date),
            problems_on: None,
        }
    }

    #[test]
    fn returned_awaited_and_not_sent() {
        let leads = vec![
            ("Ann".to_string(), 3),
            ("Bob".to_string(), 1),
            ("Cat".to_string(), 2),
        ];
        let returns = [
            sent(1, "ann", "2020-01-10", Some("2020-01-20")),
            sent(2, "Bob", "2020-01-10", Some("2020-01-15")),
            sent(3, "Bob", "2020-03-01", None),
        ];
        let states = |since| -> Vec<ReturnState> {
            return_status(&leads, &returns, since)
                .iter()
                .map(|s| s.state)
                .collect()
        };
        assert_eq!(
            states(None),
            [
                ReturnState::Returned,
                ReturnState::Awaited,
                ReturnState::NotSent
            ]
        );
        assert_eq!(
            states(Some(date("2020-01-16"))),
            [
                ReturnState::Returned,
                ReturnState::Awaited,
                ReturnState::NotSent
            ]
        );
        assert_eq!(
            states(Some(date("2020-01-01"))),
            [
                ReturnState::Returned,
                ReturnState::Returned,
                ReturnState::NotSent
            ]
        );
        let bob = &return_status(&leads, &returns, None)[1];
        assert_eq!(
            (bob.sent, bob.returned),
            (Some(date("2020-03-01")), Some(date("2020-01-15")))
        );
    }
}
