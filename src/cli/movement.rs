//! `actionplan movement`: what has moved since the last committee cycle.

use anyhow::Result;
use comfy_table::Cell;

use actionplan::app::movement::{MovementQuery, MovementSide, movement_between};
use actionplan::render::rows::MovementRow;
use actionplan::reports::movement::movement_total;
use actionplan::reports::{MilestoneMovement, ThemeMovementCounts, movement_by_theme};

use crate::cli::formats::{self, REPORT_FORMATS};
use crate::cli::output::Page;
use crate::cli::output::count_words;
use crate::cli::output::{Format, new_table};
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
    #[arg(long, value_parser = formats::parser(REPORT_FORMATS), default_value = "table")]
    pub format: Format,
}

impl Args {
    /// Runs the report: JSON and CSV written as the rows are found; the
    /// table says how many changed before its rows, so the changed
    /// milestones (not the plan) are held for it.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open_read_only()?;
        let query = MovementQuery {
            plan: self.plan,
            from: self.from,
            to: self.to,
        };
        let movement = movement_between(&store, query)?;
        match self.format {
            Format::Json => {
                let mut json = JsonArray::new();
                movement.for_each_row(|row| json.push(&MovementRow::from(&row)))?;
                json.finish()?
            }
            Format::Csv => {
                let mut csv = csv_to_stdout(context.csv_style(), &MovementRow::HEADERS)?;
                movement.for_each_row(|row| -> Result<()> {
                    Ok(csv.row(MovementRow::from(&row).cells())?)
                })?;
                csv.finish()?
            }
            Format::Table | Format::Markdown => {
                let held = movement.hold_rows()?;
                print_movement_tables(
                    &held.rows,
                    &side_words(&held.from),
                    &side_words(&held.to),
                    Page::for_format(self.format),
                )?
            }
            other => return Err(formats::not_written(other, REPORT_FORMATS)),
        }
        Ok(Outcome::Done)
    }
}

/// How the report names a side: the cycle's label and date, or "now".
fn side_words(side: &MovementSide) -> String {
    match side {
        MovementSide::Cycle(cycle) => format!("{:?} ({})", cycle.label, cycle.closed_on),
        MovementSide::Now { .. } => "now".to_string(),
    }
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
