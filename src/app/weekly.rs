//! The weekly report per lead, read twice and never held: once for the
//! summary counts, the leads with something to report and the plans
//! covered, then one lead's milestones at a time. Every read comes from one
//! snapshot, so a change saved meanwhile cannot make the summary disagree
//! with the leads' parts.

use std::cell::Cell;
use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::error::{Error, Result};
use crate::reports::plan_order::group_by_plan;
use crate::reports::weekly::{WeeklyDates, lead_order, reported_leads, weekly_item};
use crate::reports::{LeadReport, WeeklyOptions, WeeklySummary};
use crate::store::{MilestoneFilter, MilestoneOrder, ReadSnapshot, Store};

/// Which weekly report to read.
#[derive(Debug, Clone)]
pub struct WeeklyQuery {
    /// Only this plan (default: every plan).
    pub plan: Option<String>,
    /// The date to judge by (default: today).
    pub as_of: Option<NaiveDate>,
    /// When an open milestone is stale and when it is due soon.
    pub options: WeeklyOptions,
}

/// A lead with something to report, and whose milestones to read for them.
#[derive(Debug, Clone)]
struct LeadToRead {
    /// The name the report is under: as stored, or `NO_LEAD` ("(no lead)").
    name: String,
    /// A milestone a person of this name leads is in the report.
    led_by_name: bool,
    /// A milestone with no lead is in the report (under `NO_LEAD`).
    has_milestones_without_lead: bool,
}

impl LeadToRead {
    /// The milestones to read for this lead: the open ones the person
    /// leads, or the open ones with no lead. A person named "(no lead)"
    /// when milestones with no lead are reported too takes a read of every
    /// milestone; the check in [`Weekly::lead_report`] keeps theirs.
    fn filter(&self, every: &MilestoneFilter) -> MilestoneFilter {
        // A lead's report lists open milestones only.
        let every = MilestoneFilter {
            open_only: true,
            ..every.clone()
        };
        match (self.led_by_name, self.has_milestones_without_lead) {
            (true, false) => MilestoneFilter {
                led_by_person: Some(self.name.clone()),
                ..every
            },
            (false, true) => MilestoneFilter {
                without_lead: true,
                ..every
            },
            _ => every,
        }
    }
}

/// The weekly report a query chooses: what the first read learnt (the
/// summary, the leads with something to report, the plans), ready for
/// each lead's part to be read.
pub struct Weekly<'s> {
    /// The database.
    store: &'s Store,
    /// Every milestone the report covers, as of its date.
    every: MilestoneFilter,
    /// The dates milestones are judged by.
    dates: WeeklyDates,
    /// The date the report judges by.
    pub as_of: NaiveDate,
    /// When an open milestone is stale and when it is due soon.
    pub options: WeeklyOptions,
    /// The summary line's counts.
    pub summary: WeeklySummary,
    /// The plans the report covers, in plan order.
    pub plans: Vec<String>,
    /// The leads with something to report, in the report's order.
    leads: Vec<LeadToRead>,
    /// Held until the leads' parts are read (or let go of).
    snapshot: Cell<Option<ReadSnapshot<'s>>>,
}

/// Chooses the weekly report a query asks for, as of its date (`today`
/// when none is given), and reads every milestone once for the summary
/// counts, the leads with something to report and the plans covered.
/// Refuses a plan that does not exist.
pub fn weekly(store: &Store, query: WeeklyQuery, today: NaiveDate) -> Result<Weekly<'_>> {
    let snapshot = store.read_snapshot()?;
    let as_of = query.as_of.unwrap_or(today);
    let every = MilestoneFilter {
        plan_id: store.plan_filter(query.plan.as_deref())?,
        ..MilestoneFilter::on(as_of)
    };
    let dates = WeeklyDates::new(as_of, &query.options);
    let mut summary = WeeklySummary::default();
    let mut leads: BTreeMap<(String, String), LeadToRead> = BTreeMap::new();
    let mut plans: Vec<String> = Vec::new();
    store.for_each_milestone(&every, MilestoneOrder::Plan, |m| {
        if !plans.contains(&m.plan) {
            plans.push(m.plan.clone());
        }
        let Some(item) = weekly_item(&m, &dates) else {
            return Ok(());
        };
        summary.count(&item);
        for name in reported_leads(&m) {
            let lead = leads.entry(lead_order(name)).or_insert_with(|| LeadToRead {
                name: name.to_string(),
                led_by_name: false,
                has_milestones_without_lead: false,
            });
            if m.leads.is_empty() {
                lead.has_milestones_without_lead = true;
            } else {
                lead.led_by_name = true;
            }
        }
        Ok::<(), Error>(())
    })?;
    summary.leads = leads.len();
    Ok(Weekly {
        store,
        every,
        dates,
        as_of,
        options: query.options,
        summary,
        plans,
        leads: leads.into_values().collect(),
        snapshot: Cell::new(Some(snapshot)),
    })
}

impl Weekly<'_> {
    /// The plan the report is limited to, if it is.
    pub fn plan_id(&self) -> Option<i64> {
        self.every.plan_id
    }

    /// The names of the leads with something to report, in the report's
    /// order: as stored, or "(no lead)".
    pub fn lead_names(&self) -> Vec<&str> {
        self.leads.iter().map(|lead| lead.name.as_str()).collect()
    }

    /// The report of the lead at `index` of [`Weekly::lead_names`], reading
    /// only their milestones: each section in its order and, over several
    /// plans, grouped by plan in plan order. An index past the last lead is
    /// refused, not a panic.
    pub fn lead_report(&self, index: usize) -> Result<LeadReport> {
        let Some(lead) = self.leads.get(index) else {
            return Err(Error::Invalid(format!(
                "the weekly report has {} leads; there is no lead {index}",
                self.leads.len()
            )));
        };
        let mut report = LeadReport::new(&lead.name);
        self.store
            .for_each_milestone(&lead.filter(&self.every), MilestoneOrder::Plan, |m| {
                if reported_leads(&m).any(|name| name == lead.name)
                    && let Some(item) = weekly_item(&m, &self.dates)
                {
                    report.add(item);
                }
                Ok::<(), Error>(())
            })?;
        report.sort_sections();
        let plans = &self.plans;
        group_by_plan(&mut report.newly_overdue, plans, |i| &i.milestone.plan);
        group_by_plan(&mut report.overdue, plans, |i| &i.milestone.plan);
        group_by_plan(&mut report.due_soon, plans, |i| &i.milestone.plan);
        group_by_plan(&mut report.stale, plans, |i| &i.milestone.plan);
        Ok(report)
    }

    /// Hands each lead's report to `each` in the report's order, each read
    /// once the one before has been handed over. Only one lead's is held.
    pub fn for_each_lead_report<E: From<Error>>(
        &self,
        mut each: impl FnMut(LeadReport) -> std::result::Result<(), E>,
    ) -> std::result::Result<(), E> {
        for index in 0..self.leads.len() {
            each(self.lead_report(index)?)?;
        }
        Ok(())
    }

    /// Lets go of the database once every part is read (on a shared drive
    /// a read holds off anyone saving an update); a part read after this
    /// reads the database as it is then.
    pub fn done_reading(&self) {
        drop(self.snapshot.take());
    }
}
