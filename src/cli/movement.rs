//! `actionplan movement`: what has moved since the last committee cycle.

use anyhow::{Result, bail};
use comfy_table::Cell;

use actionplan::model::Milestone;
use actionplan::reports::movement::{moved_since, movement_total, retired_since};
use actionplan::reports::{
    MilestoneMovement, ThemeMovementCounts, movement_by_theme, with_current_names,
};
use actionplan::store::{CycleSummary, MilestoneFilter, MilestoneOrder, Store};

use crate::cli::output::Page;
use crate::cli::output::count_words;
use crate::cli::output::{Format, new_table, optional_cell};
use crate::cli::stream::{JsonArray, csv_to_stdout};
use crate::cli::{Context, Outcome};

const EXAMPLES: &str = "\
Examples:
  actionplan movement                                   (latest cycle to now)
  actionplan movement --from 'IJB 18 Feb 2020' --to 'IJB 16 Jun 2020'
  actionplan movement --format json

Only milestones that changed are listed: RAG better or worse (G better than A
better than R), status changed, newly complete, retargeted, added since the
earlier cycle, retired, text edited, or leads changed (reassigned). A change
of comment alone is not movement.";

/// What has moved since the last committee cycle.
///
/// The "movement since last committee" table: the milestones whose RAG,
/// status or target timeline changed between two committee cycles (by default
/// from the latest cycle to the plan as it stands now), with counts per theme.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The earlier cycle's label (default: the latest cycle, or with --to the cycle before it).
    #[arg(long, value_name = "LABEL")]
    pub from: Option<String>,
    /// The later cycle's label (default: the plan as it stands now).
    #[arg(long, value_name = "LABEL")]
    pub to: Option<String>,
    /// The plan (may be left out when the database holds one).
    #[arg(long)]
    pub plan: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: Format,
}

/// One side of the comparison: a closed cycle, or the plan as it stands now.
enum Side {
    /// A cycle: its milestones as they were frozen.
    Cycle(CycleSummary),
    /// The plan now (its id and name): the milestones not retired.
    Now { plan_id: i64, plan: String },
}

impl Side {
    /// How the report names this side.
    fn description(&self) -> String {
        match self {
            Side::Cycle(cycle) => format!("{:?} ({})", cycle.label, cycle.closed_on),
            Side::Now { .. } => "now".to_string(),
        }
    }

    /// Hands this side's milestones to `each`, in plan order, as they are read.
    fn for_each(&self, store: &Store, each: impl FnMut(Milestone) -> Result<()>) -> Result<()> {
        match self {
            Side::Cycle(cycle) => store.for_each_cycle_milestone(cycle.id, each),
            Side::Now { plan_id, .. } => {
                let filter = MilestoneFilter {
                    plan_id: Some(*plan_id),
                    ..Default::default()
                };
                store.for_each_milestone(&filter, MilestoneOrder::Plan, each)
            }
        }
    }

    /// Milestone `id` as this side holds it, if it does.
    fn find(&self, store: &Store, id: i64) -> Result<Option<Milestone>> {
        Ok(match self {
            Side::Cycle(cycle) => store.cycle_milestone(cycle.id, id)?,
            Side::Now { plan, .. } => store
                .current_milestone(id)?
                .filter(|milestone| milestone.plan == *plan),
        })
    }
}

impl Args {
    /// Runs the report: the later side read milestone by milestone, each
    /// looked up on the earlier side, then the earlier side's milestones the
    /// later one no longer holds; JSON and CSV written as they come.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open_read_only()?;
        // Both sides and the lookups answered from one snapshot.
        let snapshot = store.read_snapshot()?;
        let plan = store.resolve_plan(self.plan.as_deref())?;
        let to_cycle = match &self.to {
            Some(label) => Some(store.cycle(plan.id, label)?),
            None => None,
        };
        let from_cycle = match &self.from {
            Some(label) => store.cycle(plan.id, label)?,
            None => default_from(&store, plan.id, to_cycle.as_ref())?,
        };
        if let Some(to_cycle) = &to_cycle
            && to_cycle.closed_on < from_cycle.closed_on
        {
            bail!(
                "--to {:?} (closed on {}) is earlier than --from {:?} (closed on {}): give the earlier cycle as --from",
                to_cycle.label,
                to_cycle.closed_on,
                from_cycle.label,
                from_cycle.closed_on
            );
        }
        // A lead's corrected spelling is the same lead, not a reassignment:
        // the earlier cycle's leads under the names they had at the later side.
        let renames = store.lead_renames(
            &from_cycle.created_at,
            to_cycle.as_ref().map(|cycle| cycle.created_at.as_str()),
        )?;
        let from = Side::Cycle(from_cycle);
        let to = match to_cycle {
            Some(cycle) => Side::Cycle(cycle),
            None => Side::Now {
                plan_id: plan.id,
                plan: plan.name.clone(),
            },
        };
        let movements = |emit: &mut dyn FnMut(MilestoneMovement) -> Result<()>| -> Result<()> {
            to.for_each(&store, |after| {
                let mut earlier = from.find(&store, after.id)?;
                if let Some(earlier) = &mut earlier {
                    with_current_names(std::slice::from_mut(earlier), &renames);
                }
                match moved_since(earlier.as_ref(), &after) {
                    Some(row) => emit(row),
                    None => Ok(()),
                }
            })?;
            from.for_each(&store, |earlier| match to.find(&store, earlier.id)? {
                Some(_) => Ok(()),
                None => emit(retired_since(&earlier)),
            })
        };
        match self.format {
            Format::Json => {
                let mut json = JsonArray::new();
                movements(&mut |row| json.push(&row))?;
                json.finish()?
            }
            Format::Csv => {
                let mut csv = csv_to_stdout(context.csv_style(), &CSV_HEADERS)?;
                movements(&mut |row| Ok(csv.row(csv_cells(&row))?))?;
                csv.finish()?
            }
            Format::Table | Format::Markdown => {
                // The table says how many changed before its rows: the
                // changed milestones (not the plan) are held.
                let mut rows = Vec::new();
                movements(&mut |row| {
                    rows.push(row);
                    Ok(())
                })?;
                drop(snapshot);
                print_movement_tables(
                    &rows,
                    &from.description(),
                    &to.description(),
                    Page::for_format(self.format),
                )?
            }
        }
        Ok(Outcome::Done)
    }
}

/// The cycle to compare from when --from is not given: the one before the
/// --to cycle, or the latest cycle of all.
fn default_from(store: &Store, plan_id: i64, to: Option<&CycleSummary>) -> Result<CycleSummary> {
    let cycles = store.cycles(Some(plan_id))?;
    let earlier = match to {
        Some(to) => cycles
            .iter()
            .position(|c| c.id == to.id)
            .and_then(|position| position.checked_sub(1))
            .and_then(|position| cycles.get(position)),
        None => cycles.last(),
    };
    match (earlier, to) {
        (Some(cycle), _) => Ok(cycle.clone()),
        (None, Some(to)) => bail!(
            "no cycle was closed before {:?}: give --from LABEL (see actionplan cycle list)",
            to.label
        ),
        (None, None) => bail!(
            "no committee cycle has been closed for this plan yet: close one with actionplan cycle close LABEL --on DATE"
        ),
    }
}

const CSV_HEADERS: [&str; 16] = [
    "id",
    "milestone",
    "theme",
    "rag_from",
    "rag_to",
    "rag_change",
    "status_from",
    "status_to",
    "newly_complete",
    "retargeted",
    "timeline_from",
    "timeline_to",
    "added",
    "retired",
    "edited",
    "reassigned",
];

/// The CSV cells of one movement row, in the order of `CSV_HEADERS`.
fn csv_cells(row: &MilestoneMovement) -> Vec<String> {
    vec![
        row.id.to_string(),
        row.milestone.clone(),
        row.theme.clone(),
        optional_cell(row.rag_from),
        row.rag_to.to_string(),
        row.rag_change.word().to_string(),
        optional_cell(row.status_from),
        row.status_to.to_string(),
        row.newly_complete().to_string(),
        row.retargeted.to_string(),
        optional_cell(row.timeline_from),
        row.timeline_to.to_string(),
        row.added.to_string(),
        row.retired.to_string(),
        row.edited.to_string(),
        row.reassigned.to_string(),
    ]
}

fn print_movement_tables(
    rows: &[MilestoneMovement],
    from: &str,
    to: &str,
    page: Page,
) -> Result<()> {
    page.line(&format!(
        "Movement from {} to {}: {} changed",
        from,
        to,
        count_words(rows.len(), "milestone")
    ))?;
    if rows.is_empty() {
        return Ok(());
    }
    page.line("")?;
    let plan_changed = rows.iter().any(|row| !row.plan_change_words().is_empty());
    let mut headers = vec!["ID", "Theme", "Milestone", "RAG", "Status", "Timeline"];
    if plan_changed {
        headers.push("Plan change");
    }
    let mut table = new_table(&headers);
    for row in rows {
        let mut cells = vec![
            Cell::new(row.id),
            Cell::new(&row.theme),
            Cell::new(&row.milestone),
            Cell::new(row.rag_words()),
            Cell::new(row.status_words()),
            Cell::new(row.timeline_words()),
        ];
        if plan_changed {
            cells.push(Cell::new(row.plan_change_words()));
        }
        table.add_row(cells);
    }
    page.table(&table)?;
    page.line("")?;
    print_theme_counts(&movement_by_theme(rows), page)
}

/// Counts per theme with a total; then, when some milestone was retired,
/// edited or reassigned, a second table of those counts (one table of ten
/// columns would not fit a terminal).
fn print_theme_counts(counts: &[ThemeMovementCounts], page: Page) -> Result<()> {
    let total = movement_total(counts);
    let rows = || counts.iter().chain(std::iter::once(&total));
    let mut table = new_table(&[
        "Theme",
        "Changed",
        "Better",
        "Worse",
        "Newly complete",
        "Retargeted",
        "Added",
    ]);
    for theme in rows() {
        table.add_row(vec![
            Cell::new(&theme.theme),
            Cell::new(theme.changed),
            Cell::new(theme.better),
            Cell::new(theme.worse),
            Cell::new(theme.newly_complete),
            Cell::new(theme.retargeted),
            Cell::new(theme.added),
        ]);
    }
    page.table(&table)?;
    if total.retired + total.edited + total.reassigned == 0 {
        return Ok(());
    }
    page.line("")?;
    let mut table = new_table(&["Theme", "Retired", "Edited", "Reassigned"]);
    for theme in rows() {
        table.add_row(vec![
            Cell::new(&theme.theme),
            Cell::new(theme.retired),
            Cell::new(theme.edited),
            Cell::new(theme.reassigned),
        ]);
    }
    page.table(&table)
}
