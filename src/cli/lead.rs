//! `actionplan lead`: who leads how much, names that are likely one person,
//! and correcting who leads what (rename, merge, reassign), each change a
//! dated, attributed entry in the history of every milestone it touches.

use std::collections::HashMap;

use anyhow::Result;
use chrono::NaiveDate;
use comfy_table::Cell;
use serde::Serialize;

use actionplan::store::{
    Attribution, LeadLoad, LeadsChanged, LikelyDuplicates, Store, shell_quote,
};

use crate::cli::formats::{self, REPORT_FORMATS};
use crate::cli::milestone::WhoAndWhen;
use crate::cli::output::{
    Format, Page, as_of_or_today, count_words, new_table, print_csv, print_json,
};
use crate::cli::{Context, Outcome};

/// Leads: who leads how much, and correcting names.
///
/// People who lead milestones: how many each leads, names that are likely
/// one person spelt two ways, and corrections. A correction changes no
/// milestone's progress; it is recorded in the history of every milestone
/// it touches (leads before and after, who, when, why).
#[derive(Debug, clap::Subcommand)]
#[command(after_help = "\
Examples:
  actionplan lead list --as-of 2020-02-18
  actionplan lead rename 'Marie Moy' 'Marie Moy-Smith' --by 'Ann Lead' --reason 'Married'
  actionplan lead merge 'ann smith' 'Ann Smith' --by 'Ann Lead'
  actionplan lead reassign 13 --from 'Margaret French' --to 'Alison Gordon' --by 'Ann Lead'")]
pub enum Command {
    /// Each lead's open, overdue, complete and closed milestones, and likely duplicates.
    List(ListArgs),
    /// Correct how one person's name is spelt, everywhere.
    Rename(RenameArgs),
    /// Make one person lead everything another leads (two names for one person).
    Merge(MergeArgs),
    /// Give one milestone to another lead.
    Reassign(ReassignArgs),
}

impl Command {
    /// Runs the chosen lead command.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        match self {
            Command::List(args) => args.run(context),
            Command::Rename(args) => args.run(context),
            Command::Merge(args) => args.run(context),
            Command::Reassign(args) => args.run(context),
        }
    }
}

/// Who made a change, for which day, and why: the flags every lead and
/// plan change takes (the milestone commands' who and when, and a reason).
#[derive(Debug, clap::Args)]
pub struct ChangeArgs {
    #[command(flatten)]
    pub who: WhoAndWhen,
    /// Why (recorded in the history).
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
}

impl ChangeArgs {
    /// The attribution to record, its date checked as every change's is.
    pub fn attribution(self) -> Result<Attribution> {
        self.who.attribution(self.reason.as_deref())
    }
}

/// Each lead's milestones by state, and names likely to be one person.
///
/// For each person leading a milestone: how many of the milestones they lead
/// are open, overdue (open and due before the as-of date), complete and
/// closed, on the as-of date (the history replayed to that day, as the
/// reports do). Retired milestones are not counted; archived plans are left
/// out unless named with --plan or included with --include-archived.
///
/// Then "Likely duplicates": stored names with the same letters and digits
/// once case, spaces and punctuation are ignored ("ann smith", "Ann  Smith.",
/// "A.Smith" and "A. Smith"), each group with a suggested `lead merge`
/// (into the name leading the most milestones).
///
/// CSV and JSON have one row per lead: name, open, overdue, complete,
/// closed, total, and likely_duplicate_of (the name the suggested merge
/// keeps; empty in CSV, null in JSON, for the name kept and for everyone
/// without a likely duplicate).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  actionplan lead list\n  actionplan lead list --plan NL --as-of 2020-02-18 --format csv"
)]
pub struct ListArgs {
    /// Only this plan (default: every plan not archived).
    #[arg(long)]
    pub plan: Option<String>,
    /// The date to judge by (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_parser = formats::parser(REPORT_FORMATS), default_value = "table")]
    pub format: Format,
}

/// One lead's row in CSV and JSON.
#[derive(Debug, Serialize)]
struct LeadRow<'a> {
    /// The stored name.
    name: &'a str,
    /// Open milestones (overdue ones included).
    open: usize,
    /// Open and due before the as-of date.
    overdue: usize,
    /// Complete.
    complete: usize,
    /// Closed.
    closed: usize,
    /// Every milestone counted.
    total: usize,
    /// The name a suggested merge keeps, when this is a likely duplicate of it.
    likely_duplicate_of: Option<&'a str>,
}

const CSV_HEADERS: [&str; 7] = [
    "name",
    "open",
    "overdue",
    "complete",
    "closed",
    "total",
    "likely_duplicate_of",
];

impl ListArgs {
    /// Runs the listing.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open_read_only()?;
        let plan_id = store.plan_filter(self.plan.as_deref())?;
        let as_of = as_of_or_today(self.as_of);
        let loads = store.lead_loads(plan_id, as_of)?;
        let listed: Vec<&str> = loads.iter().map(|load| load.name.as_str()).collect();
        // Only groups with a name in this listing: a group elsewhere is not this report's.
        let duplicates: Vec<LikelyDuplicates> = store
            .likely_duplicate_leads()?
            .into_iter()
            .filter(|group| group.names.iter().any(|n| listed.contains(&n.as_str())))
            .collect();
        let kept_by: HashMap<&str, &str> = duplicates
            .iter()
            .flat_map(|group| {
                group
                    .names
                    .iter()
                    .filter(|name| **name != group.keep)
                    .map(|name| (name.as_str(), group.keep.as_str()))
            })
            .collect();
        let rows: Vec<LeadRow> = loads
            .iter()
            .map(|load| row(load, kept_by.get(load.name.as_str()).copied()))
            .collect();
        match self.format {
            Format::Json => print_json(&rows)?,
            Format::Csv => print_csv(context.csv_style(), &CSV_HEADERS, &csv_rows(&rows))?,
            Format::Table | Format::Markdown => {
                print_page(&rows, &duplicates, as_of, Page::for_format(self.format))?
            }
            other => return Err(formats::not_written(other, REPORT_FORMATS)),
        }
        Ok(Outcome::Done)
    }
}

fn row<'a>(load: &'a LeadLoad, likely_duplicate_of: Option<&'a str>) -> LeadRow<'a> {
    LeadRow {
        name: &load.name,
        open: load.open,
        overdue: load.overdue,
        complete: load.complete,
        closed: load.closed,
        total: load.total(),
        likely_duplicate_of,
    }
}

fn csv_rows(rows: &[LeadRow]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|row| {
            vec![
                row.name.to_string(),
                row.open.to_string(),
                row.overdue.to_string(),
                row.complete.to_string(),
                row.closed.to_string(),
                row.total.to_string(),
                row.likely_duplicate_of.unwrap_or("").to_string(),
            ]
        })
        .collect()
}

fn print_page(
    rows: &[LeadRow],
    duplicates: &[LikelyDuplicates],
    as_of: NaiveDate,
    page: Page,
) -> Result<()> {
    if rows.is_empty() {
        page.line(&format!("No milestone has a lead on {as_of}."))?;
        return Ok(());
    }
    page.line(&format!(
        "Milestones by lead on {as_of} ({}):",
        count_words(rows.len(), "lead")
    ))?;
    let mut table = new_table(&["Lead", "Open", "Overdue", "Complete", "Closed", "Total"]);
    for row in rows {
        table.add_row(vec![
            Cell::new(row.name),
            Cell::new(row.open),
            Cell::new(row.overdue),
            Cell::new(row.complete),
            Cell::new(row.closed),
            Cell::new(row.total),
        ]);
    }
    page.table(&table)?;
    page.line("")?;
    if duplicates.is_empty() {
        page.line("Likely duplicates: none.")?;
        return Ok(());
    }
    page.line("Likely duplicates (the same name but for case, spaces and punctuation):")?;
    for group in duplicates {
        let names: Vec<String> = group.names.iter().map(|n| format!("{n:?}")).collect();
        page.line(&format!("  {}", names.join(", ")))?;
        for name in group.names.iter().filter(|name| **name != group.keep) {
            page.line(&format!(
                "    actionplan lead merge {} {} --by NAME",
                shell_quote(name),
                shell_quote(&group.keep)
            ))?;
        }
    }
    Ok(())
}

/// Correct how one person's name is spelt, everywhere.
///
/// OLD (the stored name, or the same name in another case or spacing)
/// becomes NEW on every milestone that person leads, and in every report
/// from now on. Each milestone they lead that is not retired gets a history
/// entry with its leads before and after. Refused when NEW is already
/// another person: use `lead merge` to make them one.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  actionplan lead rename 'Maggs Thomson' 'Maggs Thompson' --by 'Ann Lead' --reason 'Spelling'"
)]
pub struct RenameArgs {
    /// The name as stored (see `actionplan lead list`).
    pub old: String,
    /// The name as it should be spelt.
    pub new: String,
    #[command(flatten)]
    pub change: ChangeArgs,
}

impl RenameArgs {
    /// Runs the rename.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let attribution = self.change.attribution()?;
        let mut store = context.open()?;
        let changed = store.rename_lead(&self.old, &self.new, &attribution)?;
        eprintln!(
            "renamed lead {:?} to {:?} ({})",
            changed.from,
            changed.to,
            entries(&store, &changed)?
        );
        Ok(Outcome::Done)
    }
}

/// Make one person lead everything another leads.
///
/// Every milestone FROM leads (not retired ones) is led by INTO instead, in
/// FROM's place among its leads; where INTO leads it already, FROM is just
/// removed. Each gets a history entry with its leads before and after, so
/// the history keeps who was named when. Both must be stored names, of two
/// people: a name in another case or spacing is the same person (use
/// `lead rename` to change its spelling).
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  actionplan lead merge 'ann smith' 'Ann Smith' --by 'Ann Lead' --reason 'One person, two spellings'"
)]
pub struct MergeArgs {
    /// The name to merge away.
    pub from: String,
    /// The name to keep.
    pub into: String,
    #[command(flatten)]
    pub change: ChangeArgs,
}

impl MergeArgs {
    /// Runs the merge.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let attribution = self.change.attribution()?;
        let mut store = context.open()?;
        let changed = store.merge_leads(&self.from, &self.into, &attribution)?;
        eprintln!(
            "merged lead {:?} into {:?} ({})",
            changed.from,
            changed.to,
            entries(&store, &changed)?
        );
        Ok(Outcome::Done)
    }
}

/// Give one milestone to another lead.
///
/// On milestone ID, --to leads in --from's place (or, where --to leads it
/// already, --from is just removed). --from must lead it; --to may be
/// someone who leads nothing yet. The milestone's history records the leads
/// before and after.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  actionplan lead reassign 13 --from 'Margaret French' --to 'Alison Gordon' --by 'Ann Lead' --reason 'New post holder'"
)]
pub struct ReassignArgs {
    /// The milestone's id (see `actionplan list`).
    pub id: i64,
    /// The lead to take off it.
    #[arg(long, value_name = "NAME")]
    pub from: String,
    /// The lead to put on it.
    #[arg(long, value_name = "NAME")]
    pub to: String,
    #[command(flatten)]
    pub change: ChangeArgs,
}

impl ReassignArgs {
    /// Runs the reassignment.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let attribution = self.change.attribution()?;
        let mut store = context.open()?;
        let changed = store.reassign_lead(self.id, &self.from, &self.to, &attribution)?;
        eprintln!(
            "milestone {}: {:?} now leads in place of {:?}",
            self.id, changed.to, changed.from
        );
        Ok(Outcome::Done)
    }
}

/// "3 milestones' histories record it", and when the person leads in
/// several plans (people are shared by every plan of the database), how
/// many in each: "16 milestones' histories record it: 8 in "NL", 8 in "Old"
/// (archived)".
fn entries(store: &Store, changed: &LeadsChanged) -> Result<String> {
    let count = match changed.milestones.len() {
        0 => return Ok("no milestone that is not retired, so no history entry".to_string()),
        1 => "1 milestone's history records it".to_string(),
        n => format!("{n} milestones' histories record it"),
    };
    let per_plan = store.milestones_per_plan(&changed.milestones)?;
    if per_plan.len() < 2 {
        return Ok(count);
    }
    let each = per_plan
        .iter()
        .map(|(name, archived, n)| {
            format!(
                "{n} in {name:?}{}",
                if *archived { " (archived)" } else { "" }
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    Ok(format!("{count}: {each}"))
}
