//! The committee appendix of a plan, as it stands now or as a closed cycle
//! froze it: which milestones, which columns, each row with the values of
//! the extra columns the plan kept. Every read comes from one snapshot.

use crate::error::{Error, Result};
use crate::io::appendix::{AppendixColumns, AppendixRow, ColumnsNeeded};
use crate::model::Milestone;
use crate::model::draft::ExtraColumn;
use crate::store::{
    CycleSummary, MilestoneFilter, MilestoneOrder, PlanSummary, ReadSnapshot, Store,
};

/// Which appendix to export.
#[derive(Debug, Clone, Default)]
pub struct AppendixQuery {
    /// The plan (may be left out when the database holds one).
    pub plan: Option<String>,
    /// The label of the closed cycle whose frozen plan to export (default:
    /// the plan as it stands now).
    pub cycle: Option<String>,
    /// Add the imported timeline beside the current one.
    pub with_original: bool,
}

/// A plan's appendix held whole: the rows, the plan's kept extra columns,
/// and which columns to write.
#[derive(Debug, Clone, PartialEq)]
pub struct Appendix {
    /// One row per milestone, with its values of the extra columns.
    pub rows: Vec<AppendixRow>,
    /// The extra columns the plan kept from its imported file.
    pub extras: Vec<ExtraColumn>,
    /// The columns written.
    pub columns: AppendixColumns,
}

/// The appendix of `milestones` of a plan: each row with its kept extra
/// values, and the columns the rows need (with the original timeline beside
/// the current one when asked; never a Status column for a cycle closed by
/// release 0.1.0, whose paper had seven columns).
pub fn appendix_of(
    store: &Store,
    plan_id: i64,
    milestones: &[Milestone],
    seven_columns: bool,
    with_original: bool,
) -> Result<Appendix> {
    let extras = store.extra_columns(plan_id)?;
    let mut values = store.milestone_extras(plan_id)?;
    let rows: Vec<AppendixRow> = milestones
        .iter()
        .map(|m| AppendixRow {
            extras: values.remove(&m.id).unwrap_or_default(),
            ..AppendixRow::from(m)
        })
        .collect();
    let mut columns = AppendixColumns::for_rows(&rows, with_original);
    if seven_columns {
        columns.status = false;
    }
    Ok(Appendix {
        rows,
        extras,
        columns,
    })
}

/// The appendix a query chooses, ready to be read (streamed, or held
/// whole); every read comes from the snapshot taken when it was chosen.
pub struct AppendixExport<'s> {
    /// The database.
    store: &'s Store,
    /// The plan exported.
    pub plan: PlanSummary,
    /// The closed cycle whose frozen plan is exported; None for the plan now.
    pub cycle: Option<CycleSummary>,
    /// The extra columns the plan kept from its imported file.
    pub extras: Vec<ExtraColumn>,
    /// Whether the imported timeline goes beside the current one.
    with_original: bool,
    /// Held until the export is dropped, so columns, counts and rows agree.
    _snapshot: ReadSnapshot<'s>,
}

/// Chooses the appendix a query asks for: the plan, and the cycle when one
/// is named. Refuses a plan or cycle that does not exist.
pub fn appendix_export(store: &Store, query: AppendixQuery) -> Result<AppendixExport<'_>> {
    let snapshot = store.read_snapshot()?;
    let plan = store.resolve_plan(query.plan.as_deref())?;
    let cycle = match &query.cycle {
        Some(label) => Some(store.cycle(plan.id, label)?),
        None => None,
    };
    let extras = store.extra_columns(plan.id)?;
    Ok(AppendixExport {
        store,
        plan,
        cycle,
        extras,
        with_original: query.with_original,
        _snapshot: snapshot,
    })
}

impl AppendixExport<'_> {
    /// The plan's milestones now, read in plan order.
    fn plan_now(&self) -> MilestoneFilter {
        MilestoneFilter {
            plan_id: Some(self.plan.id),
            ..Default::default()
        }
    }

    /// Hands the milestones to `each` in plan order, as they are read.
    fn for_each_milestone<E: From<Error>>(
        &self,
        each: impl FnMut(Milestone) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        match &self.cycle {
            None => self
                .store
                .for_each_milestone(&self.plan_now(), MilestoneOrder::Plan, each),
            Some(cycle) => self.store.for_each_cycle_milestone(cycle.id, each),
        }
    }

    /// The columns the appendix needs (Ref, RAG, Status), found by reading
    /// every milestone once without holding it (the plan now is read
    /// without its texts). A cycle closed by release 0.1.0 keeps the seven
    /// columns its paper had.
    pub fn columns(&self) -> Result<AppendixColumns> {
        let mut needed = ColumnsNeeded::new(self.with_original);
        match &self.cycle {
            None => self
                .store
                .for_each_status_facts(&self.plan_now(), |facts| {
                    needed.add_facts(&facts);
                    Ok::<(), Error>(())
                })?,
            Some(_) => self.for_each_milestone(|m| {
                needed.add(&AppendixRow::from(&m));
                Ok::<(), Error>(())
            })?,
        }
        let mut columns = needed.columns();
        if let Some(cycle) = &self.cycle
            && cycle.seven_column_appendix
        {
            columns.status = false;
        }
        Ok(columns)
    }

    /// Hands each row, with its values of the extra columns, to `each` in
    /// plan order as it is read. Nothing is held.
    pub fn for_each_row<E: From<Error>>(
        &self,
        mut each: impl FnMut(AppendixRow) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        self.for_each_milestone(|m| {
            let extras = if self.extras.is_empty() {
                Vec::new()
            } else {
                self.store.extra_values(m.id)?
            };
            each(AppendixRow {
                extras,
                ..AppendixRow::from(&m)
            })
        })
    }

    /// The appendix read and held whole (for a paper built in one go).
    pub fn hold(&self) -> Result<Appendix> {
        let (milestones, seven_columns) = match &self.cycle {
            Some(cycle) => (
                self.store.cycle_milestones(cycle.id)?,
                cycle.seven_column_appendix,
            ),
            None => (self.store.milestones(&self.plan_now())?, false),
        };
        appendix_of(
            self.store,
            self.plan.id,
            &milestones,
            seven_columns,
            self.with_original,
        )
    }
}
