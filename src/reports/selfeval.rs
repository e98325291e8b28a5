//! Self-evaluation reports: pure functions from the proposals and the stored
//! entries to typed rows. Rendering is the binary's job and never recomputes.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::Milestone;
use crate::model::selfeval::Entry;
use crate::model::selfeval::proposals::Proposal;
use crate::model::selfeval::rating::Rating;
use crate::model::{Rag, Status};

fn entry_for<'a>(entries: &'a [Entry], proposal: &Proposal) -> Option<&'a Entry> {
    entries.iter().find(|e| e.proposal == proposal.id)
}

fn rating_for(entries: &[Entry], proposal: &Proposal) -> Option<Rating> {
    entry_for(entries, proposal).and_then(|e| e.rating)
}

/// One proposal of a self-evaluation, as `selfeval show` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProposalAssessment {
    /// The key feature, 1 to 6.
    pub key_feature: i64,
    /// The key feature's title.
    pub key_feature_title: String,
    /// The proposal id.
    pub proposal: String,
    /// The proposal as worded.
    pub proposal_text: String,
    /// Whether partnerships rate it.
    pub local_completion: bool,
    /// The rating; None when not rated.
    pub rating: Option<Rating>,
    /// The template's indicator text for that rating.
    pub indicator: Option<String>,
    /// The evidence given.
    pub evidence: String,
    /// The improvement actions given.
    pub actions: Vec<String>,
}

/// Every proposal in template order with what the self-evaluation says of it.
pub fn assess(proposals: &[Proposal], entries: &[Entry]) -> Vec<ProposalAssessment> {
    proposals
        .iter()
        .map(|proposal| {
            let entry = entry_for(entries, proposal);
            let rating = entry.and_then(|e| e.rating);
            ProposalAssessment {
                key_feature: proposal.key_feature,
                key_feature_title: proposal.key_feature_title.clone(),
                proposal: proposal.id.clone(),
                proposal_text: proposal.text.clone(),
                local_completion: proposal.local_completion,
                rating,
                indicator: rating.map(|r| proposal.indicator(r).to_string()),
                evidence: entry.map(|e| e.evidence.clone()).unwrap_or_default(),
                actions: entry.map(|e| e.actions.clone()).unwrap_or_default(),
            }
        })
        .collect()
}

/// How many proposals sit at each rating.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct RatingCounts {
    /// Not yet established.
    pub not_yet_established: usize,
    /// Partly established.
    pub partly_established: usize,
    /// Established.
    pub established: usize,
    /// Exemplary.
    pub exemplary: usize,
    /// Not rated (including the proposals not for local completion).
    pub not_rated: usize,
}

impl RatingCounts {
    fn add(&mut self, rating: Option<Rating>) {
        match rating {
            Some(Rating::NotYetEstablished) => self.not_yet_established += 1,
            Some(Rating::PartlyEstablished) => self.partly_established += 1,
            Some(Rating::Established) => self.established += 1,
            Some(Rating::Exemplary) => self.exemplary += 1,
            None => self.not_rated += 1,
        }
    }

    /// The count for one rating, or for "not rated".
    pub fn count(&self, rating: Option<Rating>) -> usize {
        match rating {
            Some(Rating::NotYetEstablished) => self.not_yet_established,
            Some(Rating::PartlyEstablished) => self.partly_established,
            Some(Rating::Established) => self.established,
            Some(Rating::Exemplary) => self.exemplary,
            None => self.not_rated,
        }
    }

    /// All proposals counted.
    pub fn total(&self) -> usize {
        self.not_yet_established
            + self.partly_established
            + self.established
            + self.exemplary
            + self.not_rated
    }
}

/// The rating counts of one key feature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyFeatureCounts {
    /// The key feature, 1 to 6.
    pub key_feature: i64,
    /// Its title.
    pub title: String,
    /// The counts.
    #[serde(flatten)]
    pub counts: RatingCounts,
}

/// Rating counts per key feature, in order.
pub fn summarise(proposals: &[Proposal], entries: &[Entry]) -> Vec<KeyFeatureCounts> {
    let mut rows: Vec<KeyFeatureCounts> = Vec::new();
    for proposal in proposals {
        if rows
            .last()
            .is_none_or(|r| r.key_feature != proposal.key_feature)
        {
            rows.push(KeyFeatureCounts {
                key_feature: proposal.key_feature,
                title: proposal.key_feature_title.clone(),
                counts: RatingCounts::default(),
            });
        }
        if let Some(row) = rows.last_mut() {
            row.counts.add(rating_for(entries, proposal));
        }
    }
    rows
}

/// The counts over all key features.
pub fn overall(rows: &[KeyFeatureCounts]) -> RatingCounts {
    rows.iter()
        .fold(RatingCounts::default(), |sum, row| RatingCounts {
            not_yet_established: sum.not_yet_established + row.counts.not_yet_established,
            partly_established: sum.partly_established + row.counts.partly_established,
            established: sum.established + row.counts.established,
            exemplary: sum.exemplary + row.counts.exemplary,
            not_rated: sum.not_rated + row.counts.not_rated,
        })
}

/// How a proposal's rating moved between two self-evaluations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum Change {
    /// Rated higher.
    #[serde(rename = "improved")]
    Improved,
    /// Rated the same.
    #[serde(rename = "same")]
    Same,
    /// Rated lower.
    #[serde(rename = "worse")]
    Worse,
    /// Rated now, not before.
    #[serde(rename = "newly rated")]
    NewlyRated,
    /// Rated before, not now.
    #[serde(rename = "no longer rated")]
    NoLongerRated,
    /// Rated in neither.
    #[serde(rename = "not rated")]
    NotRated,
}

impl Change {
    /// Every change, in the order reports count them.
    pub const ALL: [Change; 6] = [
        Change::Improved,
        Change::Same,
        Change::Worse,
        Change::NewlyRated,
        Change::NoLongerRated,
        Change::NotRated,
    ];

    /// The change in words, as JSON writes it.
    pub fn words(self) -> &'static str {
        match self {
            Change::Improved => "improved",
            Change::Same => "same",
            Change::Worse => "worse",
            Change::NewlyRated => "newly rated",
            Change::NoLongerRated => "no longer rated",
            Change::NotRated => "not rated",
        }
    }

    /// The change from one rating to another.
    pub fn between(from: Option<Rating>, to: Option<Rating>) -> Change {
        match (from, to) {
            (Some(from), Some(to)) if to > from => Change::Improved,
            (Some(from), Some(to)) if to < from => Change::Worse,
            (Some(_), Some(_)) => Change::Same,
            (None, Some(_)) => Change::NewlyRated,
            (Some(_), None) => Change::NoLongerRated,
            (None, None) => Change::NotRated,
        }
    }
}

/// One proposal's rating in two self-evaluations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProposalChange {
    /// The proposal id.
    pub proposal: String,
    /// The key feature, for grouping.
    #[serde(skip)]
    pub key_feature: i64,
    /// The rating in the earlier self-evaluation.
    pub from: Option<Rating>,
    /// The rating in the later one.
    pub to: Option<Rating>,
    /// How it moved.
    pub change: Change,
}

/// Every proposal's rating before and after.
pub fn compare(proposals: &[Proposal], from: &[Entry], to: &[Entry]) -> Vec<ProposalChange> {
    proposals
        .iter()
        .map(|proposal| {
            let before = rating_for(from, proposal);
            let after = rating_for(to, proposal);
            ProposalChange {
                proposal: proposal.id.clone(),
                key_feature: proposal.key_feature,
                from: before,
                to: after,
                change: Change::between(before, after),
            }
        })
        .collect()
}

/// How many proposals had each change, in `Change::ALL` order.
pub fn change_counts(rows: &[ProposalChange]) -> Vec<(Change, usize)> {
    Change::ALL
        .iter()
        .map(|&change| (change, rows.iter().filter(|r| r.change == change).count()))
        .collect()
}

/// One partnership's rating of a proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartnershipRating {
    /// The partnership.
    pub partnership: String,
    /// Its rating; None when not rated.
    pub rating: Option<Rating>,
}

/// One proposal rated by several partnerships, side by side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BenchmarkRow {
    /// The proposal id.
    pub proposal: String,
    /// The key feature.
    pub key_feature: i64,
    /// Each partnership's rating, in the order given.
    pub ratings: Vec<PartnershipRating>,
}

/// A proposal where other partnerships rate themselves higher: whom to learn from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LearnFrom {
    /// The partnership that could learn.
    pub partnership: String,
    /// The proposal.
    pub proposal: String,
    /// Its own rating.
    pub own: Rating,
    /// The partnerships rating themselves higher, highest first.
    pub learn_from: Vec<PartnershipRating>,
}

/// Partnerships' ratings side by side, and whom each could learn from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Benchmark {
    /// One row per proposal, in template order.
    pub proposals: Vec<BenchmarkRow>,
    /// Per partnership (in the order given), the proposals where another rates itself higher.
    pub learn_from: Vec<LearnFrom>,
}

/// Benchmarks self-evaluations: `evaluations` holds each partnership's name and
/// entries, in the order to show them. Only proposals both sides rated are
/// compared for learning.
pub fn benchmark(proposals: &[Proposal], evaluations: &[(String, Vec<Entry>)]) -> Benchmark {
    let rows: Vec<BenchmarkRow> = proposals
        .iter()
        .map(|proposal| BenchmarkRow {
            proposal: proposal.id.clone(),
            key_feature: proposal.key_feature,
            ratings: evaluations
                .iter()
                .map(|(partnership, entries)| PartnershipRating {
                    partnership: partnership.clone(),
                    rating: rating_for(entries, proposal),
                })
                .collect(),
        })
        .collect();
    let mut learn_from = Vec::new();
    for (partnership, _) in evaluations {
        for row in &rows {
            let Some(own) = row
                .ratings
                .iter()
                .find(|r| &r.partnership == partnership)
                .and_then(|r| r.rating)
            else {
                continue;
            };
            let mut higher: Vec<PartnershipRating> = row
                .ratings
                .iter()
                .filter(|r| &r.partnership != partnership && r.rating.is_some_and(|x| x > own))
                .cloned()
                .collect();
            higher.sort_by_key(|r| std::cmp::Reverse(r.rating));
            if !higher.is_empty() {
                learn_from.push(LearnFrom {
                    partnership: partnership.clone(),
                    proposal: row.proposal.clone(),
                    own,
                    learn_from: higher,
                });
            }
        }
    }
    Benchmark {
        proposals: rows,
        learn_from,
    }
}

/// A milestone of the plan linked to a proposal, as it stood on the as-of date.
#[derive(Debug, Clone, PartialEq)]
pub struct LinkedMilestone {
    /// The proposal.
    pub proposal: String,
    /// The milestone, as it stood on the as-of date.
    pub milestone: Milestone,
}

/// One plan's links to proposals (proposal, milestone id) joined to its
/// milestones as they stood on the as-of date, in the order the links
/// come. A link whose milestone is not among them (retired, or added after
/// the as-of date) is left out.
pub fn linked_milestones(
    links: &[(String, i64)],
    milestones: &[Milestone],
) -> Vec<LinkedMilestone> {
    let by_id: HashMap<i64, &Milestone> = milestones.iter().map(|m| (m.id, m)).collect();
    links
        .iter()
        .filter_map(|(proposal, milestone_id)| {
            by_id.get(milestone_id).map(|milestone| LinkedMilestone {
                proposal: proposal.clone(),
                milestone: (*milestone).clone(),
            })
        })
        .collect()
}

/// How many different milestones the links reach (a milestone linked to
/// two proposals counts once).
pub fn distinct_milestones(linked: &[LinkedMilestone]) -> usize {
    let mut ids: Vec<i64> = linked.iter().map(|link| link.milestone.id).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

/// What the plan is delivering on one proposal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProposalProgress {
    /// The proposal id.
    pub proposal: String,
    /// The key feature.
    pub key_feature: i64,
    /// Whether partnerships rate it.
    pub local_completion: bool,
    /// The rating in the latest self-evaluation on or before the as-of date.
    pub rating: Option<Rating>,
    /// Linked milestones.
    pub milestones: usize,
    /// Of which red.
    pub red: usize,
    /// Of which amber.
    pub amber: usize,
    /// Of which green.
    pub green: usize,
    /// Of which complete.
    pub complete: usize,
    /// Of which open and past their due date.
    pub overdue: usize,
    /// The linked milestones' ids.
    pub milestone_ids: Vec<i64>,
}

/// Per proposal, the linked milestones' RAG counts and how many are overdue on `as_of`.
pub fn progress(
    proposals: &[Proposal],
    latest: &[Entry],
    linked: &[LinkedMilestone],
    as_of: NaiveDate,
) -> Vec<ProposalProgress> {
    let mut by_proposal: HashMap<&str, Vec<&LinkedMilestone>> = HashMap::new();
    for link in linked {
        by_proposal
            .entry(link.proposal.as_str())
            .or_default()
            .push(link);
    }
    proposals
        .iter()
        .map(|proposal| {
            let mut links = by_proposal
                .get(proposal.id.as_str())
                .cloned()
                .unwrap_or_default();
            links.sort_by_key(|l| l.milestone.id);
            // A closed milestone's last RAG is not counted (as in `rag`).
            let with_rag = |rag: Rag| {
                links
                    .iter()
                    .filter(|l| l.milestone.rag == rag && l.milestone.status != Status::Closed)
                    .count()
            };
            ProposalProgress {
                proposal: proposal.id.clone(),
                key_feature: proposal.key_feature,
                local_completion: proposal.local_completion,
                rating: rating_for(latest, proposal),
                milestones: links.len(),
                red: with_rag(Rag::Red),
                amber: with_rag(Rag::Amber),
                green: with_rag(Rag::Green),
                complete: links
                    .iter()
                    .filter(|l| l.milestone.status == Status::Complete)
                    .count(),
                overdue: links
                    .iter()
                    .filter(|l| l.milestone.is_overdue(as_of))
                    .count(),
                milestone_ids: links.iter().map(|l| l.milestone.id).collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Status;
    use crate::model::selfeval::proposals::msg_proposals;

    fn entry(proposal: &str, rating: Option<Rating>) -> Entry {
        Entry {
            proposal: proposal.into(),
            rating,
            evidence: String::new(),
            actions: vec![],
        }
    }

    #[test]
    fn change_covers_every_pair() {
        use Rating::*;
        assert_eq!(
            Change::between(Some(PartlyEstablished), Some(Established)),
            Change::Improved
        );
        assert_eq!(
            Change::between(Some(Established), Some(Established)),
            Change::Same
        );
        assert_eq!(
            Change::between(Some(Exemplary), Some(Established)),
            Change::Worse
        );
        assert_eq!(
            Change::between(None, Some(NotYetEstablished)),
            Change::NewlyRated
        );
        assert_eq!(
            Change::between(Some(NotYetEstablished), None),
            Change::NoLongerRated
        );
        assert_eq!(Change::between(None, None), Change::NotRated);
        let json = serde_json::to_string(&Change::NoLongerRated).unwrap();
        assert_eq!(json, "\"no longer rated\"");
    }

    #[test]
    fn summary_counts_unrated_and_national_proposals_as_not_rated() {
        let proposals = msg_proposals().unwrap();
        let entries = vec![
            entry("1.1", Some(Rating::Established)),
            entry("1.2", Some(Rating::PartlyEstablished)),
            entry("3.2", None),
        ];
        let rows = summarise(&proposals, &entries);
        assert_eq!(rows.len(), 6);
        assert_eq!(
            rows[0].counts,
            RatingCounts {
                partly_established: 1,
                established: 1,
                not_rated: 1,
                ..Default::default()
            }
        );
        assert_eq!(rows[2].counts.not_rated, 5);
        let all = overall(&rows);
        assert_eq!((all.established, all.not_rated, all.total()), (1, 23, 25));
    }

    #[test]
    fn benchmark_points_to_higher_rated_partnerships_only_where_both_rated() {
        let proposals = msg_proposals().unwrap();
        let a = vec![
            entry("1.1", Some(Rating::PartlyEstablished)),
            entry("1.2", Some(Rating::Exemplary)),
        ];
        let b = vec![
            entry("1.1", Some(Rating::Established)),
            entry("1.3", Some(Rating::Exemplary)),
        ];
        let c = vec![
            entry("1.1", Some(Rating::Exemplary)),
            entry("1.2", Some(Rating::Established)),
        ];
        let result = benchmark(
            &proposals,
            &[("A".into(), a), ("B".into(), b), ("C".into(), c)],
        );
        assert_eq!(result.proposals.len(), 25);
        let found: Vec<(&str, &str, Vec<&str>)> = result
            .learn_from
            .iter()
            .map(|l| {
                (
                    l.partnership.as_str(),
                    l.proposal.as_str(),
                    l.learn_from
                        .iter()
                        .map(|r| r.partnership.as_str())
                        .collect(),
                )
            })
            .collect();
        assert_eq!(
            found,
            vec![
                ("A", "1.1", vec!["C", "B"]),
                ("B", "1.1", vec!["C"]),
                ("C", "1.2", vec!["A"]),
            ]
        );
    }

    #[test]
    fn progress_counts_rag_complete_and_overdue() {
        let proposals = msg_proposals().unwrap();
        let linked_to_2_3 = |id: i64, rag: Rag, status: Status, timeline: &str| LinkedMilestone {
            proposal: "2.3".into(),
            milestone: Milestone {
                rag,
                status,
                ..Milestone::sample(id, timeline)
            },
        };
        let linked = vec![
            linked_to_2_3(7, Rag::Red, Status::InProgress, "Sep 19"),
            linked_to_2_3(3, Rag::Green, Status::Complete, "Sep 19"),
            linked_to_2_3(9, Rag::Amber, Status::InProgress, "Mar 20"),
        ];
        let as_of = NaiveDate::from_ymd_opt(2020, 2, 18).unwrap();
        let rows = progress(
            &proposals,
            &[entry("2.3", Some(Rating::PartlyEstablished))],
            &linked,
            as_of,
        );
        let row = rows.iter().find(|r| r.proposal == "2.3").unwrap();
        assert_eq!(
            (
                row.milestones,
                row.red,
                row.amber,
                row.green,
                row.complete,
                row.overdue
            ),
            (3, 1, 1, 1, 1, 1)
        );
        assert_eq!(row.milestone_ids, vec![3, 7, 9]);
        assert_eq!(row.rating, Some(Rating::PartlyEstablished));
        assert_eq!(rows.iter().map(|r| r.milestones).sum::<usize>(), 3);
    }

    #[test]
    fn links_reach_only_the_milestones_the_plan_held_and_count_each_once() {
        let milestones = [
            Milestone::sample(4, "Sep 19"),
            Milestone::sample(5, "Sep 19"),
        ];
        let links = [
            ("2.2".to_string(), 5),
            ("1.1".to_string(), 99),
            ("4.4".to_string(), 5),
            ("1.1".to_string(), 4),
        ];
        let linked = linked_milestones(&links, &milestones);
        let pairs: Vec<(&str, i64)> = linked
            .iter()
            .map(|l| (l.proposal.as_str(), l.milestone.id))
            .collect();
        assert_eq!(pairs, [("2.2", 5), ("4.4", 5), ("1.1", 4)]);
        assert_eq!(distinct_milestones(&linked), 2);
    }
}
