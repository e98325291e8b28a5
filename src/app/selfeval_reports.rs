//! Self-evaluation reports that read more than one thing: what the stored
//! self-evaluations and plans say, gathered here and handed to the pure
//! functions of [`crate::reports::selfeval`].

use chrono::NaiveDate;
use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::selfeval::Proposal;
use crate::reports::selfeval::{
    BenchmarkRow, LearnFrom, ProposalProgress, benchmark, distinct_milestones, linked_milestones,
    progress,
};
use crate::store::{MilestoneFilter, SelfEvaluationSummary, Store};

/// The self-evaluations in the database, each with how many proposals it
/// rates, in the order the store lists them.
pub fn self_evaluations(store: &Store) -> Result<Vec<SelfEvaluationSummary>> {
    store.self_evaluations()
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
    let plan_ids = store.partnership_plan_ids(partnership)?;
    if plan_ids.is_empty() {
        return Err(Error::Invalid(format!(
            "no plan in use belongs to partnership {partnership:?} (archived plans count only with --include-archived): import one with actionplan import FILE --plan NAME --partnership {partnership:?}"
        )));
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

/// Benchmarks the self-evaluations labelled `label` of two or more
/// partnerships. Refuses fewer than two, a partnership without one, and a
/// partnership given twice (under any spelling the store takes as the same).
pub fn self_evaluation_benchmark(
    store: &Store,
    label: &str,
    partnerships: &[String],
) -> Result<SelfEvaluationBenchmark> {
    if partnerships.len() < 2 {
        return Err(Error::Invalid(
            "benchmarking needs two or more partnerships: give --partnership for each".to_string(),
        ));
    }
    let msg_proposals = store.msg_proposals()?;
    let mut evaluations: Vec<(String, Vec<_>)> = Vec::new();
    for name in partnerships {
        let found = store.find_self_evaluation(Some(name), Some(label))?;
        if evaluations
            .iter()
            .any(|(partnership, _)| *partnership == found.partnership)
        {
            return Err(Error::Invalid(format!(
                "--partnership {:?} is given twice",
                found.partnership
            )));
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
