//! The MSG's 25 proposals (March 2019), grouped under six key features, with
//! the indicator text of each rating level. Shipped with the tool and seeded
//! into every database by schema migration 3.

use serde::{Deserialize, Serialize};

use crate::model::selfeval::rating::Rating;

/// The proposals as transcribed from the MSG self-evaluation template.
pub const MSG_PROPOSALS_CSV: &str = include_str!("../../../data/msg-2019-proposals.csv");

/// One of the MSG's 25 proposals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Proposal {
    /// Its number, e.g. "2.3".
    pub id: String,
    /// The key feature it belongs to, 1 to 6.
    pub key_feature: i64,
    /// The key feature's title.
    pub key_feature_title: String,
    /// The proposal as the MSG worded it.
    pub text: String,
    /// Whether partnerships rate it; three proposals are for national bodies.
    pub local_completion: bool,
    /// The indicator text for each level, lowest first (blank when not for local completion).
    pub indicators: [String; 4],
}

impl Proposal {
    /// What the template says a partnership at this level looks like.
    pub fn indicator(&self, rating: Rating) -> &str {
        &self.indicators[usize::from(rating.level() - 1)]
    }
}

/// A row of the shipped CSV.
#[derive(Debug, Deserialize)]
struct ProposalRecord {
    id: String,
    key_feature: i64,
    key_feature_title: String,
    proposal: String,
    local_completion: String,
    not_yet_established: String,
    partly_established: String,
    established: String,
    exemplary: String,
}

/// Reads the proposals CSV (the layout of `data/msg-2019-proposals.csv`).
pub fn parse_proposals(text: &str) -> Result<Vec<Proposal>, String> {
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let mut proposals = Vec::new();
    for record in reader.deserialize::<ProposalRecord>() {
        let record = record.map_err(|error| format!("MSG proposals: {error}"))?;
        let local_completion = match record.local_completion.trim() {
            "yes" => true,
            "no" => false,
            other => {
                return Err(format!(
                    "MSG proposals: proposal {}: local_completion {other:?} is not yes or no",
                    record.id
                ));
            }
        };
        proposals.push(Proposal {
            id: record.id.trim().to_string(),
            key_feature: record.key_feature,
            key_feature_title: record.key_feature_title,
            text: record.proposal,
            local_completion,
            indicators: [
                record.not_yet_established,
                record.partly_established,
                record.established,
                record.exemplary,
            ],
        });
    }
    Ok(proposals)
}

/// The shipped proposals.
pub fn msg_proposals() -> Result<Vec<Proposal>, String> {
    parse_proposals(MSG_PROPOSALS_CSV)
}

/// A proposal id as people write it ("Proposal 2.3", " 2.3 ") in the form stored ("2.3").
pub fn normalise_proposal_id(text: &str) -> String {
    let trimmed = text.trim();
    let without_word = match trimmed.get(..8) {
        Some(prefix) if prefix.eq_ignore_ascii_case("proposal") => trimmed[8..].trim_start(),
        _ => trimmed,
    };
    without_word.to_string()
}

/// Finds a proposal by id as people write it.
pub fn find_proposal<'a>(proposals: &'a [Proposal], id: &str) -> Option<&'a Proposal> {
    let id = normalise_proposal_id(id);
    proposals.iter().find(|p| p.id == id)
}

/// The message for an id that is not one of the proposals.
pub fn unknown_proposal_message(id: &str, proposals: &[Proposal]) -> String {
    let range = match (proposals.first(), proposals.last()) {
        (Some(first), Some(last)) => format!(" ({} to {})", first.id, last.id),
        _ => String::new(),
    };
    format!(
        "{:?} is not one of the MSG's {} proposals{range}",
        id.trim(),
        proposals.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ships_25_proposals_in_6_key_features_3_not_for_local_completion() {
        let proposals = msg_proposals().unwrap();
        assert_eq!(proposals.len(), 25);
        let ids: Vec<&str> = proposals.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids[0], "1.1");
        assert_eq!(ids[24], "6.3");
        let per_feature: Vec<usize> = (1..=6)
            .map(|k| proposals.iter().filter(|p| p.key_feature == k).count())
            .collect();
        assert_eq!(per_feature, vec![3, 6, 5, 5, 3, 3]);
        let national: Vec<&str> = proposals
            .iter()
            .filter(|p| !p.local_completion)
            .map(|p| p.id.as_str())
            .collect();
        assert_eq!(national, vec!["3.2", "3.3", "5.3"]);
        for proposal in proposals.iter().filter(|p| p.local_completion) {
            for rating in Rating::ALL {
                assert!(!proposal.indicator(rating).is_empty(), "{}", proposal.id);
            }
        }
    }

    #[test]
    fn indicator_follows_the_level() {
        let proposals = msg_proposals().unwrap();
        let first = &proposals[0];
        assert_eq!(
            first.indicator(Rating::PartlyEstablished),
            "Leadership is developing to support integration."
        );
        assert!(
            first
                .indicator(Rating::Exemplary)
                .starts_with("Clear collaborative")
        );
    }

    #[test]
    fn finds_proposals_as_people_write_them() {
        let proposals = msg_proposals().unwrap();
        assert_eq!(find_proposal(&proposals, " 2.3 ").unwrap().id, "2.3");
        assert_eq!(find_proposal(&proposals, "Proposal 2.3").unwrap().id, "2.3");
        assert_eq!(find_proposal(&proposals, "proposal2.3").unwrap().id, "2.3");
        assert!(find_proposal(&proposals, "7.1").is_none());
        assert!(find_proposal(&proposals, "").is_none());
        assert_eq!(
            unknown_proposal_message("7.1", &proposals),
            "\"7.1\" is not one of the MSG's 25 proposals (1.1 to 6.3)"
        );
    }

    #[test]
    fn refuses_a_bad_local_completion_flag() {
        let text = "id,key_feature,key_feature_title,proposal,local_completion,not_yet_established,partly_established,established,exemplary\n1.1,1,T,P,maybe,a,b,c,d\n";
        assert!(parse_proposals(text).unwrap_err().contains("maybe"));
    }
}
