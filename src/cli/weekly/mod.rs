//! `actionplan weekly`: the weekly report per lead, for pasting into an email.
//!
//! This module holds the command, the `--split-by-lead` file writing and the
//! wording the text and Markdown renderings share; the renderings themselves
//! are in `text`, `markdown` and `csv` (JSON is serde's own).

mod csv;
mod markdown;
mod split;
mod text;

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Result;
use chrono::NaiveDate;

use actionplan::app::weekly::{Weekly, WeeklyQuery, weekly};
use actionplan::io::csvio::write::{CsvStyle, CsvWriter};
use actionplan::model::long_date;
use actionplan::model::text_rules::escape_for_terminal;
use actionplan::render::rows::LeadReportRow;
use actionplan::render::words::overdue_by;
use actionplan::reports::weekly::{
    DueSoonItem, NEWLY_OVERDUE_DAYS, OverdueItem, StaleItem, WeeklyMilestone,
};
use actionplan::reports::{LeadReport, WeeklyOptions, WeeklySummary, lead_file_stems, summarise};

use crate::cli::formats::{self, Format, FormatName};
use crate::cli::output::{as_of_or_today, count_words, quoted_plan_names};
use crate::cli::stream::{JsonArray, Stdout, buffered_stdout, csv_to_stdout};
use crate::cli::{Context, Outcome};

/// The formats the weekly report is written in.
const WEEKLY_FORMATS: &[FormatName] = &[
    FormatName {
        name: "text",
        format: Format::Table,
        help: "Plain text with short lines, to paste into an email",
    },
    FormatName {
        name: "markdown",
        format: Format::Markdown,
        help: "Markdown, every value escaped",
    },
    FormatName {
        name: "csv",
        format: Format::Csv,
        help: "CSV: one row per lead, section and milestone",
    },
    FormatName {
        name: "json",
        format: Format::Json,
        help: "JSON: an array with one object per lead",
    },
];

/// The weekly report per lead: overdue, due soon, newly overdue, stale.
///
/// The weekly report per lead: for each lead (in alphabetical order), the
/// milestones newly overdue (fell due in the 7 days before the as-of date),
/// overdue for longer, due in the next 14 days, and not yet due but stale
/// (open, with no update for 8 weeks or never). No milestone is listed twice
/// for one lead: an overdue or due-soon item that is also stale says so on its
/// own line ("never updated", "no update for 11 weeks") and is not repeated in
/// the stale section, which holds only milestones due after the next 14 days.
/// A milestone with several leads appears under each; a lead with nothing to
/// report is left out.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  actionplan weekly --as-of 2020-02-18
  actionplan weekly --format markdown > weekly.md
  actionplan weekly --split-by-lead out/ --format text")]
pub struct Args {
    /// The date to judge by (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
    /// Only this plan (default: every plan).
    #[arg(long)]
    pub plan: Option<String>,
    /// Output format.
    #[arg(long, value_parser = formats::parser(WEEKLY_FORMATS), default_value = "text")]
    pub format: Format,
    /// Write one file per lead into DIR (created if missing) instead of printing.
    /// The files written are listed in DIR/.actionplan-weekly-manifest; a later
    /// run for the same plan and format removes only files listed there.
    #[arg(long, value_name = "DIR")]
    pub split_by_lead: Option<PathBuf>,
    /// An open milestone with no update for this many weeks (or never) is stale.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub stale_weeks: u32,
    /// An open milestone due within this many days of the as-of date is due soon.
    #[arg(long, value_name = "N", default_value_t = 14)]
    pub due_soon_days: u32,
}

/// What every rendering needs besides the lead reports.
struct Heading {
    as_of: NaiveDate,
    options: WeeklyOptions,
    /// Set when the output is one lead's file.
    lead: Option<String>,
    /// The plans the report covers, in plan order; over several, the summary
    /// line names them and each milestone says which plan it is in.
    plans: Vec<String>,
}

impl Heading {
    /// The heading of the report `weekly` reads: of every lead, or (in a
    /// `--split-by-lead` file) of one.
    fn of(weekly: &Weekly, lead: Option<String>) -> Heading {
        Heading {
            as_of: weekly.as_of,
            options: weekly.options,
            lead,
            plans: weekly.plans.clone(),
        }
    }

    /// Whether the report covers more than one plan.
    fn several_plans(&self) -> bool {
        self.plans.len() > 1
    }
}

impl Args {
    /// Runs the report: the library reads the plan twice and never holds
    /// it (once for the summary and the leads with something to report,
    /// then one lead's milestones at a time); each lead's part is written
    /// before the next is read.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open_read_only()?;
        let query = WeeklyQuery {
            plan: self.plan,
            as_of: self.as_of,
            options: WeeklyOptions {
                stale_weeks: self.stale_weeks,
                due_soon_days: self.due_soon_days,
            },
        };
        let weekly = weekly(&store, query, as_of_or_today(None))?;
        match &self.split_by_lead {
            Some(dir) => write_split_by_lead(context, dir, self.format, &weekly)?,
            None => print_lead_by_lead(context, self.format, &weekly)?,
        }
        Ok(Outcome::Done)
    }
}

/// Writes one file per lead into `dir` (the same as the whole report would
/// be with only that lead), letting go of the database before the files
/// are renamed into place, and says what it wrote and removed.
fn write_split_by_lead(
    context: &Context,
    dir: &Path,
    format: Format,
    weekly: &Weekly,
) -> Result<()> {
    let files: Vec<String> = lead_file_stems(&weekly.lead_names())
        .into_iter()
        .map(|stem| format!("{stem}.{}", format.extension()))
        .collect();
    let run_key = match weekly.plan_id() {
        Some(plan_id) => format!("plan {plan_id} {}", format.extension()),
        None => format!("all plans {}", format.extension()),
    };
    let written = split::write_fresh_set(
        context,
        dir,
        &files,
        &run_key,
        |index| {
            let report = weekly.lead_report(index)?;
            let heading = Heading::of(weekly, Some(report.lead.clone()));
            lead_file(format, &report, &heading, context.csv_style())
        },
        // Every file read: let go of the database before the files are
        // renamed into place (on a shared drive a read holds off anyone
        // saving an update).
        || weekly.done_reading(),
    )?;
    eprintln!(
        "wrote {} to {}{}",
        count_words(written.written, "file"),
        dir.display(),
        if written.removed.is_empty() {
            String::new()
        } else {
            format!(
                "; removed last run's {} for leads with nothing this week: {}",
                count_words(written.removed.len(), "file"),
                written.removed.join(", ")
            )
        }
    );
    Ok(())
}

/// Writes the whole report to standard output lead by lead, as each is
/// read; CSV and JSON say the summary line on stderr.
fn print_lead_by_lead(context: &Context, format: Format, weekly: &Weekly) -> Result<()> {
    let heading = Heading::of(weekly, None);
    if matches!(format, Format::Csv | Format::Json) {
        eprintln!("{}", summary_line(&heading, &weekly.summary));
    }
    let mut out = LeadByLead::start(format, &heading, &weekly.summary, context.csv_style())?;
    weekly.for_each_lead_report(|report| out.lead(&report, &heading))?;
    out.finish()
}

/// The report on standard output, written lead by lead as each is read:
/// text and Markdown escaped for the terminal, CSV row by row, JSON an
/// array element per lead (the same bytes as the whole report at once).
enum LeadByLead {
    Text(Stdout),
    Markdown(Stdout),
    /// Boxed: the CSV writer's buffer is much larger than the others.
    Csv(Box<CsvWriter<Stdout>>),
    Json(JsonArray),
}

impl LeadByLead {
    /// Writes the opening: the text or Markdown summary and explanation,
    /// or the CSV header (JSON has none).
    fn start(
        format: Format,
        heading: &Heading,
        summary: &WeeklySummary,
        csv_style: CsvStyle,
    ) -> Result<LeadByLead> {
        Ok(match format {
            Format::Table => {
                let mut out = buffered_stdout();
                write_for_terminal(&mut out, &text::text_opening(heading, summary))?;
                LeadByLead::Text(out)
            }
            Format::Markdown => {
                let mut out = buffered_stdout();
                write_for_terminal(&mut out, &markdown::markdown_opening(heading, summary))?;
                LeadByLead::Markdown(out)
            }
            Format::Csv => LeadByLead::Csv(Box::new(csv_to_stdout(csv_style, &csv::CSV_HEADERS)?)),
            Format::Json => LeadByLead::Json(JsonArray::new()),
            other => return Err(formats::not_written(other, WEEKLY_FORMATS)),
        })
    }

    /// Writes one lead's part.
    fn lead(&mut self, report: &LeadReport, heading: &Heading) -> Result<()> {
        match self {
            LeadByLead::Text(out) => write_for_terminal(out, &text::text_lead(report, heading)),
            LeadByLead::Markdown(out) => {
                write_for_terminal(out, &markdown::markdown_lead(report, heading))
            }
            LeadByLead::Csv(out) => {
                for row in csv::csv_rows(report) {
                    out.row(row)?;
                }
                Ok(())
            }
            LeadByLead::Json(out) => out.push(&LeadReportRow::from(report)),
        }
    }

    /// Ends the report and flushes it.
    fn finish(self) -> Result<()> {
        match self {
            LeadByLead::Text(mut out) | LeadByLead::Markdown(mut out) => out.flush()?,
            LeadByLead::Csv(out) => out.finish()?,
            LeadByLead::Json(out) => out.finish()?,
        }
        Ok(())
    }
}

/// Writes text read on a terminal, its control characters escaped.
fn write_for_terminal(out: &mut Stdout, text: &str) -> Result<()> {
    out.write_all(escape_for_terminal(text).as_bytes())?;
    Ok(())
}

/// One lead's `--split-by-lead` file in the chosen format (CSV in the
/// style given): the same as the whole report would be with only that
/// lead, its summary line counting theirs. Text and Markdown, read on a
/// terminal, have their control characters escaped.
fn lead_file(
    format: Format,
    report: &LeadReport,
    heading: &Heading,
    csv_style: CsvStyle,
) -> Result<String> {
    let summary = summarise(std::slice::from_ref(report));
    Ok(match format {
        Format::Table => {
            let text = text::text_opening(heading, &summary) + &text::text_lead(report, heading);
            escape_for_terminal(&text).into_owned()
        }
        Format::Markdown => {
            let text = markdown::markdown_opening(heading, &summary)
                + &markdown::markdown_lead(report, heading);
            escape_for_terminal(&text).into_owned()
        }
        Format::Csv => csv::csv_file(report, csv_style)?,
        Format::Json => {
            let mut json = serde_json::to_string_pretty(&[LeadReportRow::from(report)])?;
            json.push('\n');
            json
        }
        other => return Err(formats::not_written(other, WEEKLY_FORMATS)),
    })
}

/// "Week of 18 Feb 2020: 15 overdue (2 newly), 0 due in the next 14 days,
/// 25 with no update for 8 weeks, across 10 leads"; the last count is every
/// stale milestone, whichever section lists it.
fn summary_line(heading: &Heading, summary: &WeeklySummary) -> String {
    let counts = format!(
        "{} overdue ({} newly), {} due in the next {}, {} with no update for {}",
        summary.overdue,
        summary.newly_overdue,
        summary.due_soon,
        count_words(heading.options.due_soon_days as usize, "day"),
        summary.stale,
        count_words(heading.options.stale_weeks as usize, "week")
    );
    let week = long_date(heading.as_of);
    let plans = if heading.several_plans() {
        let names: Vec<&str> = heading.plans.iter().map(String::as_str).collect();
        format!(" in {} plans ({})", names.len(), quoted_plan_names(&names))
    } else {
        String::new()
    };
    match &heading.lead {
        Some(lead) => format!("Week of {week}, {lead}: {counts}{plans}"),
        None => format!(
            "Week of {week}: {counts}, across {}{plans}",
            count_words(summary.leads, "lead")
        ),
    }
}

/// The milestone's detail as text and Markdown show it: over several plans,
/// led by its plan's name in brackets ("[NL] Tier 3 post holders in place").
fn detail_with_plan(heading: &Heading, milestone: &WeeklyMilestone) -> String {
    if heading.several_plans() {
        format!("[{}] {}", milestone.plan, milestone.milestone)
    } else {
        milestone.milestone.clone()
    }
}

/// What the sections mean, in one paragraph.
fn explanation(heading: &Heading) -> String {
    let leads = if heading.lead.is_none() {
        "Leads are in alphabetical order. "
    } else {
        ""
    };
    format!(
        "{leads}Newly overdue: fell due in the last {NEWLY_OVERDUE_DAYS} days (not repeated \
         under Overdue). An overdue or due-soon milestone with no update for {weeks} \
         or more, or never updated, says so on its line and is not repeated in the last \
         section, which lists the open milestones due after the next {days} with no \
         update for {weeks} or more.",
        weeks = count_words(heading.options.stale_weeks as usize, "week"),
        days = count_words(heading.options.due_soon_days as usize, "day")
    )
}

/// The section titles, in the order text and Markdown show them.
fn section_titles(options: &WeeklyOptions) -> [String; 4] {
    [
        "Newly overdue".to_string(),
        "Overdue".to_string(),
        format!(
            "Due in the next {}",
            count_words(options.due_soon_days as usize, "day")
        ),
        format!(
            "Not yet due, but no update for {}",
            count_words(options.stale_weeks as usize, "week")
        ),
    ]
}

/// "overdue by 2 weeks", followed by ", never updated" or ", no update for 11
/// weeks" when the item is stale.
fn overdue_words(item: &OverdueItem) -> String {
    with_staleness(
        &overdue_by(item.days_overdue),
        item.stale,
        item.weeks_since_update,
    )
}

/// "due in 11 days", followed by ", never updated" or ", no update for 11
/// weeks" when the item is stale.
fn due_soon_words(item: &DueSoonItem) -> String {
    with_staleness(
        &days_until_words(item.days_until_due),
        item.stale,
        item.weeks_since_update,
    )
}

/// The fact as given, followed by ", never updated" or ", no update for 11
/// weeks" when `stale`.
fn with_staleness(fact: &str, stale: bool, weeks_since_update: Option<i64>) -> String {
    if !stale {
        return fact.to_string();
    }
    let staleness = match weeks_since_update {
        Some(weeks) => format!(
            "no update for {}",
            count_words(weeks.max(0) as usize, "week")
        ),
        None => "never updated".to_string(),
    };
    format!("{fact}, {staleness}")
}

/// "due today", "due tomorrow", "due in 11 days".
fn days_until_words(days: i64) -> String {
    match days {
        0 => "due today".to_string(),
        1 => "due tomorrow".to_string(),
        _ => format!("due in {days} days"),
    }
}

/// "never updated" or "last update 3 Dec 2019 (11 weeks ago)".
fn last_update_words(item: &StaleItem) -> String {
    match (item.last_update_on, item.weeks_since_update) {
        (Some(date), Some(weeks)) => {
            format!(
                "last update {} ({} ago)",
                long_date(date),
                count_words(weeks.max(0) as usize, "week")
            )
        }
        (Some(date), None) => format!("last update {}", long_date(date)),
        (None, _) => "never updated".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_until_in_words() {
        assert_eq!(days_until_words(0), "due today");
        assert_eq!(days_until_words(1), "due tomorrow");
        assert_eq!(days_until_words(11), "due in 11 days");
    }
}
