//! Storing an imported plan's body (themes, actions, milestones, leads,
//! kept columns, MSG links and period history) inside the import's one
//! transaction: milestones, leads and kept values in multi-row INSERTs,
//! each person looked up once.

use std::collections::HashMap;

use chrono::Utc;
use rusqlite::{OptionalExtension, Statement, ToSql, Transaction, params};

use crate::error::{Error, Result};
use crate::model::draft::{MilestoneDraft, PlanDraft};
use crate::model::lead::lead_key;
use crate::model::{Rag, Status};

/// The state a milestone is imported with: its earliest period's when the
/// table rates several periods (each field the period lacks taken from the
/// current one), else the current one.
fn earliest_state(milestone: &MilestoneDraft) -> (Rag, Status) {
    match milestone.history.first() {
        Some(first) => (
            first.rag.unwrap_or(milestone.rag),
            first.status.unwrap_or(milestone.status),
        ),
        None => (milestone.rag, milestone.status),
    }
}

/// Records the later periods of a milestone imported from a table that rates
/// several, and its current period last, as updates dated at each period's
/// end (never after the import day; the current period, when its header
/// names no date, on the import day), each with only what changed, recorded
/// at the plan's `imported_at`. They are marked `from_import`: they come from
/// the file, so they do not stop `--replace`, which deletes them with the plan.
fn insert_period_history(
    tx: &Transaction<'_>,
    milestone_id: i64,
    milestone: &MilestoneDraft,
    draft: &PlanDraft,
    imported_at: &str,
) -> Result<()> {
    let today = Utc::now().date_naive();
    let mut previous = earliest_state(milestone);
    let mut last_on = milestone.history[0].ends.min(today);
    let later = milestone.history[1..].iter().map(|state| {
        (
            state.ends.min(today),
            state.rag.unwrap_or(milestone.rag),
            state.status.unwrap_or(milestone.status),
        )
    });
    let current_on = draft.current_period_ends.unwrap_or(today).min(today);
    let mut insert = tx.prepare_cached(
        "INSERT INTO milestone_update (milestone_id, on_date, recorded_at, rag, status, from_import)
         VALUES (?1, ?2, ?3, ?4, ?5, 1)",
    )?;
    for (on, rag, status) in later.chain([(current_on, milestone.rag, milestone.status)]) {
        let on = on.max(last_on);
        let rag_change = (rag != previous.0).then_some(rag);
        let status_change = (status != previous.1).then_some(status);
        if rag_change.is_some() || status_change.is_some() {
            insert.execute(params![
                milestone_id,
                on,
                imported_at,
                rag_change,
                status_change
            ])?;
        }
        previous = (rag, status);
        last_on = on;
    }
    super::updates::refresh_current_state(tx, milestone_id)
}

/// Rows stored by one INSERT statement. SQLite runs a statement's fixed work
/// (the CHECK constraints' value lists, the AUTOINCREMENT counter, the
/// statement's start and end) once per statement, so storing a hundred
/// milestones at once costs far less than a hundred single-row INSERTs.
/// A hundred milestone rows bind 1,500 values, well under SQLite's limit.
const ROWS_PER_INSERT: usize = 100;

/// An INSERT of several rows at once into one table:
/// `INSERT INTO table (columns) VALUES (?, ?), (?, ?), ...`, the values
/// numbered row by row. The statement for a full batch is prepared once;
/// a part batch (the last, or one cut short by a milestone's history) is
/// prepared through the connection's statement cache.
struct MultiRowInsert<'tx> {
    insert_into: &'static str,
    columns: usize,
    full_batch: Statement<'tx>,
}

impl<'tx> MultiRowInsert<'tx> {
    /// `insert_into` is `INSERT INTO table (columns)`, naming `columns` columns.
    fn new(
        tx: &'tx Transaction<'_>,
        insert_into: &'static str,
        columns: usize,
    ) -> Result<MultiRowInsert<'tx>> {
        Ok(MultiRowInsert {
            insert_into,
            columns,
            full_batch: tx.prepare(&Self::sql(insert_into, columns, ROWS_PER_INSERT))?,
        })
    }

    /// Stores `rows` rows (at most [`ROWS_PER_INSERT`]), `bind` binding
    /// their values to the statement, row by row.
    fn run(
        &mut self,
        tx: &Transaction<'_>,
        rows: usize,
        bind: impl FnOnce(&mut Statement<'_>) -> Result<()>,
    ) -> Result<()> {
        if rows == ROWS_PER_INSERT {
            bind(&mut self.full_batch)?;
            self.full_batch.raw_execute()?;
        } else {
            let mut part_batch =
                tx.prepare_cached(&Self::sql(self.insert_into, self.columns, rows))?;
            bind(&mut part_batch)?;
            part_batch.raw_execute()?;
        }
        Ok(())
    }

    fn sql(insert_into: &str, columns: usize, rows: usize) -> String {
        let one_row = format!("({})", vec!["?"; columns].join(", "));
        format!("{insert_into} VALUES {}", vec![one_row; rows].join(", "))
    }
}

/// A milestone waiting to be stored, with the id it will have.
struct MilestoneRow<'a> {
    id: i64,
    action_id: i64,
    position: i64,
    milestone: &'a MilestoneDraft,
}

/// A lead, an extra column's value and an MSG proposal link each waiting to
/// be stored with their milestone.
struct LeadRow {
    milestone_id: i64,
    position: i64,
    person_id: i64,
}

struct ExtraRow<'a> {
    milestone_id: i64,
    position: i64,
    value: &'a str,
}

struct ProposalRow {
    milestone_id: i64,
    proposal_id: String,
}

/// Rows read from a draft and not yet stored, held until there are
/// [`ROWS_PER_INSERT`] milestones and then stored together, milestones
/// first, so that each lead, extra and link finds its milestone stored.
struct PendingRows<'a, 'tx> {
    milestones: Vec<MilestoneRow<'a>>,
    leads: Vec<LeadRow>,
    extras: Vec<ExtraRow<'a>>,
    proposals: Vec<ProposalRow>,
    insert_milestones: MultiRowInsert<'tx>,
    insert_leads: MultiRowInsert<'tx>,
    insert_extras: MultiRowInsert<'tx>,
}

impl<'tx> PendingRows<'_, 'tx> {
    fn new(tx: &'tx Transaction<'_>) -> Result<Self> {
        Ok(PendingRows {
            milestones: Vec::with_capacity(ROWS_PER_INSERT),
            leads: Vec::new(),
            extras: Vec::new(),
            proposals: Vec::new(),
            insert_milestones: MultiRowInsert::new(
                tx,
                "INSERT INTO milestone (id, action_id, position, detail,
                     imported_timeline, imported_status, imported_rag, imported_comment,
                     timeline, due, status, rag, comment, reference, imported_status_word)",
                15,
            )?,
            insert_leads: MultiRowInsert::new(
                tx,
                "INSERT INTO milestone_lead (milestone_id, position, person_id)",
                3,
            )?,
            insert_extras: MultiRowInsert::new(
                tx,
                "INSERT INTO milestone_extra (milestone_id, position, value)",
                3,
            )?,
        })
    }

    /// Stores the pending milestones, and the pending leads and extras in
    /// batches of [`ROWS_PER_INSERT`]: all of them when `everything`, else
    /// only full batches, the rest waiting for the next call (so that each
    /// batch size's statement is prepared once, not once per milestone batch).
    fn store(&mut self, tx: &Transaction<'_>, everything: bool) -> Result<()> {
        let ready = |pending: usize| {
            if everything {
                pending
            } else {
                pending - pending % ROWS_PER_INSERT
            }
        };
        for chunk in self.milestones.chunks(ROWS_PER_INSERT) {
            self.insert_milestones.run(tx, chunk.len(), |insert| {
                let mut index = 0;
                let mut bind = |value: &dyn ToSql| -> Result<()> {
                    index += 1;
                    insert.raw_bind_parameter(index, value)?;
                    Ok(())
                };
                for row in chunk {
                    let milestone = row.milestone;
                    let (imported_rag, imported_status) = earliest_state(milestone);
                    // The timeline as text, worked out once for its two columns.
                    let timeline = milestone.timeline.to_sql()?;
                    bind(&row.id)?;
                    bind(&row.action_id)?;
                    bind(&row.position)?;
                    bind(&milestone.detail)?;
                    bind(&timeline)?;
                    bind(&imported_status)?;
                    bind(&imported_rag)?;
                    bind(&milestone.comment)?;
                    bind(&timeline)?;
                    bind(&milestone.timeline.due())?;
                    bind(&imported_status)?;
                    bind(&imported_rag)?;
                    bind(&milestone.comment)?;
                    bind(&milestone.reference)?;
                    bind(&milestone.status_word)?;
                }
                Ok(())
            })?;
        }
        let leads_ready = ready(self.leads.len());
        for chunk in self.leads[..leads_ready].chunks(ROWS_PER_INSERT) {
            self.insert_leads.run(tx, chunk.len(), |insert| {
                for (row, lead) in chunk.iter().enumerate() {
                    let first = row * 3;
                    insert.raw_bind_parameter(first + 1, lead.milestone_id)?;
                    insert.raw_bind_parameter(first + 2, lead.position)?;
                    insert.raw_bind_parameter(first + 3, lead.person_id)?;
                }
                Ok(())
            })?;
        }
        let extras_ready = ready(self.extras.len());
        for chunk in self.extras[..extras_ready].chunks(ROWS_PER_INSERT) {
            self.insert_extras.run(tx, chunk.len(), |insert| {
                for (row, extra) in chunk.iter().enumerate() {
                    let first = row * 3;
                    insert.raw_bind_parameter(first + 1, extra.milestone_id)?;
                    insert.raw_bind_parameter(first + 2, extra.position)?;
                    insert.raw_bind_parameter(first + 3, extra.value)?;
                }
                Ok(())
            })?;
        }
        // One row at a time: a milestone may name a proposal twice.
        let mut insert_proposal_link = tx.prepare_cached(
            "INSERT INTO milestone_proposal (milestone_id, proposal_id) VALUES (?1, ?2)
             ON CONFLICT DO NOTHING",
        )?;
        for link in &self.proposals {
            insert_proposal_link.execute(params![link.milestone_id, link.proposal_id])?;
        }
        self.milestones.clear();
        self.leads.drain(..leads_ready);
        self.extras.drain(..extras_ready);
        self.proposals.clear();
        Ok(())
    }
}

/// The people a plan's leads name, each found or stored once per import: a
/// plan names a few hundred people across many thousands of leads. Nothing
/// else writes `person` inside the import's transaction, so an id once found
/// stays right.
#[derive(Default)]
struct People<'a> {
    /// Ids by the spelling the draft gives, so that a lead spelt as before
    /// is not tidied and lower-cased again.
    by_spelling: HashMap<&'a str, i64>,
    /// Ids by name key (see [`lead_key`]).
    by_key: HashMap<String, i64>,
}

impl<'a> People<'a> {
    /// The id of the person `lead` names. A person is found by key (the
    /// first stored with it, should an older database hold two), so the
    /// first spelling stored is the one shown; one not found is stored.
    fn id(&mut self, tx: &Transaction<'_>, lead: &'a str) -> Result<i64> {
        if let Some(&id) = self.by_spelling.get(lead) {
            return Ok(id);
        }
        let key = lead_key(lead);
        let id = match self.by_key.get(&key) {
            Some(&id) => id,
            None => {
                let found: Option<i64> = tx
                    .prepare_cached(
                        "SELECT id FROM person WHERE name_key = ?1 ORDER BY id LIMIT 1",
                    )?
                    .query_row([&key], |r| r.get(0))
                    .optional()?;
                let id = match found {
                    Some(id) => id,
                    None => {
                        tx.prepare_cached("INSERT INTO person (name, name_key) VALUES (?1, ?2)")?
                            .execute([lead, &key])?;
                        tx.last_insert_rowid()
                    }
                };
                self.by_key.insert(key, id);
                id
            }
        };
        self.by_spelling.insert(lead, id);
        Ok(id)
    }
}

/// The id the next milestone stored gets, as AUTOINCREMENT would give it:
/// one past the largest ever used, so that no id is used again after
/// `--replace`. The milestones of a plan are given their ids here, in order,
/// so that their leads can be stored without asking SQLite for each id.
fn next_milestone_id(tx: &Transaction<'_>) -> Result<i64> {
    Ok(tx.query_row(
        "SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'milestone'), 0),
                    coalesce((SELECT max(id) FROM milestone), 0)) + 1",
        [],
        |row| row.get(0),
    )?)
}

/// Stores a plan's themes, actions, milestones (with their leads, kept
/// values, MSG links and period history) and kept columns, inside the
/// caller's transaction.
pub(super) fn insert_plan_body(
    tx: &Transaction<'_>,
    plan_id: i64,
    draft: &PlanDraft,
    imported_at: &str,
) -> Result<()> {
    let mut insert_theme =
        tx.prepare("INSERT INTO theme (plan_id, position, name) VALUES (?1, ?2, ?3)")?;
    let mut insert_action =
        tx.prepare("INSERT INTO action (theme_id, position, text) VALUES (?1, ?2, ?3)")?;
    let mut people = People::default();
    let mut insert_extra_column = tx.prepare(
        "INSERT INTO plan_extra_column (plan_id, position, header, after_field)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (position, column) in draft.extra_columns.iter().enumerate() {
        insert_extra_column.execute(params![
            plan_id,
            position as i64 + 1,
            column.header,
            column.after_field
        ])?;
    }
    let mut next_id = next_milestone_id(tx)?;
    let mut pending = PendingRows::new(tx)?;
    for (theme_position, theme) in draft.themes.iter().enumerate() {
        insert_theme.execute(params![plan_id, theme_position as i64 + 1, theme.name])?;
        let theme_id = tx.last_insert_rowid();
        for (action_position, action) in theme.actions.iter().enumerate() {
            insert_action.execute(params![theme_id, action_position as i64 + 1, action.text])?;
            let action_id = tx.last_insert_rowid();
            for (position, milestone) in action.milestones.iter().enumerate() {
                let milestone_id = next_id;
                next_id += 1;
                pending.milestones.push(MilestoneRow {
                    id: milestone_id,
                    action_id,
                    position: position as i64 + 1,
                    milestone,
                });
                for (position, value) in milestone.extras.iter().enumerate() {
                    pending.extras.push(ExtraRow {
                        milestone_id,
                        position: position as i64 + 1,
                        value,
                    });
                }
                for (lead_position, lead) in milestone.leads.iter().enumerate() {
                    pending.leads.push(LeadRow {
                        milestone_id,
                        position: lead_position as i64 + 1,
                        person_id: people.id(tx, lead)?,
                    });
                }
                for proposal in &milestone.proposals {
                    let Some(proposal_id) = super::selfeval::stored_proposal_id(tx, proposal)?
                    else {
                        return Err(Error::Invalid(format!(
                            "milestone {:?} (theme {:?}) names MSG proposal {:?}, which is not one of the MSG's 25 proposals (1.1 to 6.3); nothing was stored",
                            crate::io::csvio::read::preview(&milestone.detail),
                            theme.name,
                            proposal
                        )));
                    };
                    pending.proposals.push(ProposalRow {
                        milestone_id,
                        proposal_id,
                    });
                }
                // A milestone rated over several periods has its history
                // recorded now, which needs it (and so everything before it)
                // stored.
                if !milestone.history.is_empty() {
                    pending.store(tx, false)?;
                    insert_period_history(tx, milestone_id, milestone, draft, imported_at)?;
                }
                if pending.milestones.len() == ROWS_PER_INSERT {
                    pending.store(tx, false)?;
                }
            }
        }
    }
    pending.store(tx, true)
}
