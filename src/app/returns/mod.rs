//! An update round over the store: exporting each lead's return (recorded,
//! so its rows carry a token) and importing the files that come back (judged
//! by [`rules`](crate::app::returns::rules), then applied in one transaction).

pub mod rules;

pub use rules::{FileOutcome, RowOutcome};

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::app::returns::rules::{
    Judging, MilestoneFacts, RoundFacts, SentReturnFacts, judge_file,
};
use crate::error::{Error, ImportError, Result};
use crate::io::returns::columns::ReturnToken;
use crate::io::returns::read::{ReturnedSheet, read_returned};
use crate::io::returns::rows::{ReturnRow, plan_leads, return_rows, same_lead};
use crate::model::{Milestone, NewUpdate, ReturnReceipt, ReturnUpdate};
use crate::store::{MilestoneFilter, Store};

/// One lead's return, recorded and ready to write.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportedReturn {
    /// The return's id.
    pub return_id: i64,
    /// The lead, spelled as the plan spells them.
    pub lead: String,
    /// The rows, overdue first.
    pub rows: Vec<ReturnRow>,
}

/// Exports a return to each lead named (spelled as the plan spells them or
/// in any case): every milestone the lead shares, in its current state,
/// ordered as of `as_of`. Each return is recorded and handed to `deliver`
/// (which writes its file) inside one transaction: when any delivery fails,
/// no return is recorded, and the caller removes what it delivered.
pub fn export_returns(
    store: &mut Store,
    plan_id: i64,
    leads: &[String],
    as_of: NaiveDate,
    mut deliver: impl FnMut(&ExportedReturn) -> Result<()>,
) -> Result<Vec<ExportedReturn>> {
    let milestones = store.milestones(&MilestoneFilter {
        plan_id: Some(plan_id),
        ..Default::default()
    })?;
    let known = plan_leads(&milestones);
    let mut spellings = Vec::with_capacity(leads.len());
    for lead in leads {
        let Some((spelling, _)) = known.iter().find(|(name, _)| same_lead(name, lead)) else {
            let names: Vec<&str> = known.iter().map(|(name, _)| name.as_str()).collect();
            return Err(Error::Invalid(format!(
                "nobody called {lead:?} leads a milestone of this plan; its leads are {}",
                names.join(", ")
            )));
        };
        spellings.push(spelling.clone());
    }
    let latest = store.latest_entries()?;
    let mut exported = Vec::with_capacity(spellings.len());
    store.record_returns_sent(plan_id, as_of, &spellings, |return_id, lead| {
        let theirs: Vec<Milestone> = milestones
            .iter()
            .filter(|m| m.leads.iter().any(|l| same_lead(l, lead)))
            .cloned()
            .collect();
        let one = ExportedReturn {
            return_id,
            lead: lead.to_string(),
            rows: return_rows(&theirs, as_of, return_id, &latest),
        };
        deliver(&one)?;
        let sent_rows = one
            .rows
            .iter()
            .map(|row| (row.id, row.token.latest_entry))
            .collect();
        exported.push(one);
        Ok(sent_rows)
    })?;
    Ok(exported)
}

/// How an import runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportOptions {
    /// The date the updates speak for.
    pub on: NaiveDate,
    /// Who is entering the returns.
    pub by: String,
    /// Judge and report, write nothing.
    pub dry_run: bool,
    /// Accept rows about milestones the return's lead does not share.
    pub any_lead: bool,
    /// Apply rows in conflict over the newer update.
    pub force: bool,
}

/// What an import did (or, in a dry run, would do), file by file.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportReport {
    /// Each file's rows, judged.
    pub files: Vec<FileOutcome>,
    /// Nothing was written.
    pub dry_run: bool,
    /// The lead of each return the files answer, by return id.
    pub return_leads: HashMap<i64, String>,
}

impl ImportReport {
    /// The leads a file's return was sent to, comma-separated.
    pub fn leads_of(&self, file: &FileOutcome) -> String {
        file.return_ids
            .iter()
            .filter_map(|id| self.return_leads.get(id))
            .cloned()
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Reads every returned file, then, inside one IMMEDIATE transaction (so
/// nothing can change between judging and writing), judges every row and
/// records every applicable row as an update, by the return's lead, dated
/// `on`, and every file as received. A dry run does the same and rolls
/// back. A file that cannot be read as a return refuses the whole import
/// before anything is written.
pub(crate) fn import_returns(
    store: &mut Store,
    files: &[(String, Vec<u8>)],
    options: &ImportOptions,
) -> Result<ImportReport> {
    let mut sheets = Vec::new();
    let mut refusals: Vec<ImportError> = Vec::new();
    for (name, bytes) in files {
        match read_returned(name, bytes) {
            Ok(sheet) => sheets.push((name, sheet)),
            Err(refusal) => refusals.push(refusal),
        }
    }
    refuse(&refusals)?;
    store.in_immediate_transaction(!options.dry_run, |store| {
        judge_and_apply(store, &sheets, options)
    })
}

/// Refuses the import when any file could not be read or judged.
fn refuse(refusals: &[ImportError]) -> Result<()> {
    if let Some(first) = refusals.first() {
        if refusals.len() == 1 {
            return Err(Error::Import(first.clone()));
        }
        return Err(Error::Imports(refusals.to_vec()));
    }
    Ok(())
}

/// Judges every row of the files read and records what applies.
fn judge_and_apply(
    store: &mut Store,
    sheets: &[(&String, ReturnedSheet)],
    options: &ImportOptions,
) -> Result<ImportReport> {
    let mut facts = round_facts(store, options.on)?;
    let judging = Judging {
        any_lead: options.any_lead,
        force: options.force,
    };
    let mut outcomes = Vec::new();
    let mut refusals: Vec<ImportError> = Vec::new();
    for (name, sheet) in sheets {
        match judge_file(name, sheet, &mut facts, judging) {
            Ok(outcome) => outcomes.push(outcome),
            Err(refusal) => refusals.push(refusal),
        }
    }
    refuse(&refusals)?;
    let (updates, receipts) = to_record(store, &facts, &outcomes, options)?;
    store.apply_return(&updates, &receipts)?;
    let return_leads = facts
        .returns
        .iter()
        .map(|(id, sent)| (*id, sent.lead.clone()))
        .collect();
    Ok(ImportReport {
        files: outcomes,
        dry_run: options.dry_run,
        return_leads,
    })
}

/// What the rules need to know from the store.
fn round_facts(store: &Store, on: NaiveDate) -> Result<RoundFacts> {
    let latest = store.latest_entries()?;
    // Every plan's milestones, archived ones too: a return answers its own plan.
    let milestones = store
        .milestones(&MilestoneFilter {
            include_archived: true,
            ..Default::default()
        })?
        .into_iter()
        .map(|milestone| {
            let latest_entry = latest.get(&milestone.id).copied().unwrap_or(0);
            let token = ReturnToken {
                return_id: 0,
                latest_entry,
            };
            let facts = MilestoneFacts {
                leads: milestone.leads.clone(),
                latest_entry,
                current: ReturnRow::from_milestone(&milestone, on, token),
            };
            (milestone.id, facts)
        })
        .collect();
    let returns = store
        .sent_returns(None)?
        .into_iter()
        .map(|sent| {
            let facts = SentReturnFacts {
                lead: sent.lead,
                as_of: sent.as_of,
            };
            (sent.id, facts)
        })
        .collect();
    let mut facts = RoundFacts::new(
        milestones,
        returns,
        store.sent_return_rows()?,
        store.applied_return_answers()?,
        on,
    );
    facts.retired = store.retired_milestones()?;
    Ok(facts)
}

/// The updates and receipts an import records.
fn to_record(
    store: &Store,
    facts: &RoundFacts,
    outcomes: &[FileOutcome],
    options: &ImportOptions,
) -> Result<(Vec<ReturnUpdate>, Vec<ReturnReceipt>)> {
    let mut updates = Vec::new();
    let mut receipts = Vec::new();
    for outcome in outcomes {
        let mut applied_per_return: HashMap<i64, usize> = HashMap::new();
        for row in &outcome.rows {
            let RowOutcome::Apply {
                milestone_id,
                return_id,
                answer,
                ..
            } = &row.outcome
            else {
                continue;
            };
            *applied_per_return.entry(*return_id).or_default() += 1;
            let status_now = store.milestone(*milestone_id)?.status;
            updates.push(ReturnUpdate {
                return_id: *return_id,
                update: NewUpdate {
                    milestone_id: *milestone_id,
                    on: options.on,
                    by: facts.returns.get(return_id).map(|sent| sent.lead.clone()),
                    rag: answer.rag,
                    status: answer.status,
                    comment: answer.comment.clone(),
                    timeline: answer.timeline,
                    reason: answer.reason.clone(),
                }
                .with_blue_completing(status_now),
            });
        }
        let counts = outcome.counts();
        let answered = counts.applied + counts.unchanged + counts.already_applied;
        for return_id in &outcome.return_ids {
            let applied = applied_per_return.get(return_id).copied().unwrap_or(0);
            if applied > 0 || !store.return_received(*return_id)? {
                receipts.push(ReturnReceipt {
                    return_id: *return_id,
                    file: outcome.file.clone(),
                    on: options.on,
                    by: options.by.clone(),
                    applied,
                    answered,
                });
            }
        }
    }
    Ok((updates, receipts))
}
