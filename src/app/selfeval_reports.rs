//! Self-evaluation reports that read more than one thing: what the stored
//! self-evaluations and plans say, gathered here and handed to the pure
//! functions of [`crate::reports::selfeval`].

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::selfeval::Proposal;
use crate::reports::selfeval::{
    BenchmarkRow, KeyFeatureCounts, LearnFrom, ProposalAssessment, ProposalChange,
    ProposalProgress, RatingCounts, assess, benchmark, compare, distinct_milestones,
    linked_milestones, overall, progress, summarise,
};
use crate::store::{MilestoneFilter, SelfEvaluationSummary, Store};

/// The self-evaluations in the database, each with how many proposals it
/// rates, in the order the store lists them.
pub fn self_evaluations(store: &Store) -> Result<Vec<SelfEvaluationSummary>> {
    store.self_evaluations()
}

/// One self-evaluation's 25 proposals, each with its rating, indicator,
/// evidence and improvement actions.
#[derive(Debug, Clone, PartialEq)]
pub struct SelfEvaluationAssessment {
    /// The self-evaluation shown.
    pub evaluation: SelfEvaluationSummary,
    /// One row per proposal, in template order (so by key feature).
    pub rows: Vec<ProposalAssessment>,
}

impl SelfEvaluationAssessment {
    /// The key features the rows cover, each once, in template order, with
    /// their titles.
    pub fn key_features(&self) -> Vec<(i64, &str)> {
        let mut features: Vec<(i64, &str)> = Vec::new();
        for row in &self.rows {
            if !features.iter().any(|(key, _)| *key == row.key_feature) {
                features.push((row.key_feature, &row.key_feature_title));
            }
        }
        features
    }
}

/// The self-evaluation of `partnership` labelled `label` (by default the
/// only partnership with self-evaluations, and its latest), assessed
/// proposal by proposal. Refuses a choice that names none.
pub fn self_evaluation_assessment(
    store: &Store,
    partnership: Option<&str>,
    label: Option<&str>,
) -> Result<SelfEvaluationAssessment> {
    // Its questions answered from one snapshot.
    let _snapshot = store.read_snapshot()?;
    let evaluation = store.find_self_evaluation(partnership, label)?;
    let proposals = store.msg_proposals()?;
    let rows = assess(&proposals, &store.self_evaluation_entries(evaluation.id)?);
    Ok(SelfEvaluationAssessment { evaluation, rows })
}

/// How many proposals of one self-evaluation sit at each rating, per key
/// feature and overall.
#[derive(Debug, Clone, PartialEq)]
pub struct SelfEvaluationSummaryCounts {
    /// The self-evaluation counted.
    pub evaluation: SelfEvaluationSummary,
    /// One row per key feature, in template order.
    pub rows: Vec<KeyFeatureCounts>,
    /// The counts over every key feature.
    pub overall: RatingCounts,
}

/// Counts the ratings of the self-evaluation of `partnership` labelled
/// `label` (by default the only partnership with self-evaluations, and its
/// latest); "not rated" includes the proposals not for local completion.
/// Refuses a choice that names none.
pub fn self_evaluation_summary(
    store: &Store,
    partnership: Option<&str>,
    label: Option<&str>,
) -> Result<SelfEvaluationSummaryCounts> {
    // Its questions answered from one snapshot.
    let _snapshot = store.read_snapshot()?;
    let evaluation = store.find_self_evaluation(partnership, label)?;
    let proposals = store.msg_proposals()?;
    let rows = summarise(&proposals, &store.self_evaluation_entries(evaluation.id)?);
    let overall = overall(&rows);
    Ok(SelfEvaluationSummaryCounts {
        evaluation,
        rows,
        overall,
    })
}

/// How each rating moved between two self-evaluations of one partnership.
#[derive(Debug, Clone, PartialEq)]
pub struct SelfEvaluationComparison {
    /// The earlier self-evaluation.
    pub before: SelfEvaluationSummary,
    /// The later self-evaluation, of the same partnership.
    pub after: SelfEvaluationSummary,
    /// One row per proposal, in template order: both ratings and the change.
    pub rows: Vec<ProposalChange>,
}

/// Compares the self-evaluations labelled `from` and `to` of `partnership`
/// (by default the only partnership with self-evaluations): the later one
/// is looked for under the partnership the earlier one belongs to. Refuses
/// a label that names none.
pub fn self_evaluation_comparison(
    store: &Store,
    partnership: Option<&str>,
    from: &str,
    to: &str,
) -> Result<SelfEvaluationComparison> {
    // Its questions answered from one snapshot.
    let _snapshot = store.read_snapshot()?;
    let before = store.find_self_evaluation(partnership, Some(from))?;
    let after = store.find_self_evaluation(Some(&before.partnership), Some(to))?;
    let proposals = store.msg_proposals()?;
    let rows = compare(
        &proposals,
        &store.self_evaluation_entries(before.id)?,
        &store.self_evaluation_entries(after.id)?,
    );
    Ok(SelfEvaluationComparison {
        before,
        after,
        rows,
    })
}

/// Are we delivering what we said we would improve? Per MSG proposal, the
/// partnership's linked milestones beside its latest rating.
#[derive(Debug, Clone, PartialEq)]
pub struct SelfEvaluationProgress {
    /// The latest self-evaluation on or before the as-of date, whose
    /// ratings the rows carry; None when there is none yet.
    pub rated_by: Option<SelfEvaluationSummary>,
    /// How many different milestones are linked to a proposal.
    pub linked_milestones: usize,
    /// One row per proposal, in template order.
    pub rows: Vec<ProposalProgress>,
}

/// Per proposal, how the milestones of a partnership's plans in use that
/// are linked to it (by the plan's MSG proposal column or `link`) stood on
/// `as_of`, beside the latest self-evaluation's rating on or before it.
/// Refuses a partnership with no plan in use.
pub fn self_evaluation_progress(
    store: &Store,
    partnership: &str,
    as_of: NaiveDate,
) -> Result<SelfEvaluationProgress> {
    // Its questions answered from one snapshot.
    let _snapshot = store.read_snapshot()?;
    let plan_ids = store.partnership_plan_ids(partnership)?;
    if plan_ids.is_empty() {
        return Err(Error::NoPlanOfPartnership(partnership.to_string()));
    }
    let mut linked = Vec::new();
    for plan_id in plan_ids {
        let links = store.proposal_links(plan_id)?;
        if links.is_empty() {
            continue;
        }
        let filter = MilestoneFilter {
            plan_id: Some(plan_id),
            ..Default::default()
        };
        let milestones = store.milestones_as_of(&filter, as_of)?;
        linked.extend(linked_milestones(&links, &milestones));
    }
    let rated_by = store.latest_self_evaluation(partnership, as_of)?;
    let entries = match &rated_by {
        Some(evaluation) => store.self_evaluation_entries(evaluation.id)?,
        None => Vec::new(),
    };
    let proposals = store.msg_proposals()?;
    Ok(SelfEvaluationProgress {
        rated_by,
        linked_milestones: distinct_milestones(&linked),
        rows: progress(&proposals, &entries, &linked, as_of),
    })
}

/// Partnerships' self-evaluations with one label, side by side, and whom
/// each could learn from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SelfEvaluationBenchmark {
    /// The label the self-evaluations share.
    pub label: String,
    /// The partnerships, named as stored, in the order given.
    pub partnerships: Vec<String>,
    /// One row per proposal, in template order: each partnership's rating.
    pub proposals: Vec<BenchmarkRow>,
    /// Per partnership (in the order given), the proposals where another
    /// rates itself higher.
    pub learn_from: Vec<LearnFrom>,
    /// The MSG's proposals, for their words and whether partnerships rate them.
    #[serde(skip)]
    pub msg_proposals: Vec<Proposal>,
}

/// The rule of [`self_evaluation_benchmark`] that needs no database: it
/// compares two or more partnerships. The command line runs it first.
pub fn check_benchmark(partnerships: &[String]) -> Result<()> {
    if partnerships.len() < 2 {
        return Err(Error::TooFewPartnerships);
    }
    Ok(())
}

/// Benchmarks the self-evaluations labelled `label` of two or more
/// partnerships. Refuses fewer than two, a partnership without one, and a
/// partnership given twice (under any spelling the store takes as the same).
pub fn self_evaluation_benchmark(
    store: &Store,
    label: &str,
    partnerships: &[String],
) -> Result<SelfEvaluationBenchmark> {
    check_benchmark(partnerships)?;
    // Its questions answered from one snapshot.
    let _snapshot = store.read_snapshot()?;
    let msg_proposals = store.msg_proposals()?;
    let mut evaluations: Vec<(String, Vec<_>)> = Vec::new();
    for name in partnerships {
        let found = store.find_self_evaluation(Some(name), Some(label))?;
        if evaluations
            .iter()
            .any(|(partnership, _)| *partnership == found.partnership)
        {
            return Err(Error::PartnershipGivenTwice(found.partnership));
        }
        let entries = store.self_evaluation_entries(found.id)?;
        evaluations.push((found.partnership, entries));
    }
    let result = benchmark(&msg_proposals, &evaluations);
    Ok(SelfEvaluationBenchmark {
        label: label.to_string(),
        partnerships: evaluations
            .into_iter()
            .map(|(partnership, _)| partnership)
            .collect(),
        proposals: result.proposals,
        learn_from: result.learn_from,
        msg_proposals,
    })
}
