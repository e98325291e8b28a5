//! `actionplan weekly`: the weekly report per lead, for pasting into an email.
//!
//! This module holds the command, the `--split-by-lead` file writing and the
//! wording the text and Markdown renderings share; the renderings themselves
//! are in `text`, `markdown` and `csv` (JSON is serde's own).

mod csv;
mod markdown;
mod split;
mod text;

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::Result;
use chrono::NaiveDate;
use clap::ValueEnum;

use actionplan::csvio::write::CsvStyle;
use actionplan::model::long_date;
use actionplan::reports::weekly::{
    DueSoonItem, NEWLY_OVERDUE_DAYS, OverdueItem, StaleItem, WeeklyMilestone,
};
use actionplan::reports::{
    LeadReport, WeeklyOptions, WeeklySummary, lead_file_stems, summarise, weekly,
};
use actionplan::store::MilestoneFilter;
use actionplan::text_rules::escape_for_terminal;

use crate::cli::output::{
    as_of_or_today, count_words, group_by_plan, plans_in_order, quoted_plan_names,
};
use crate::cli::{Context, Outcome};

/// How the weekly report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum WeeklyFormat {
    /// Plain text with short lines, to paste into an email.
    #[default]
    Text,
    /// Markdown, every value escaped.
    Markdown,
    /// CSV: one row per lead, section and milestone.
    Csv,
    /// JSON: an array with one object per lead.
    Json,
}

impl WeeklyFormat {
    /// The file extension `--split-by-lead` uses.
    fn extension(self) -> &'static str {
        match self {
            WeeklyFormat::Text => "txt",
            WeeklyFormat::Markdown => "md",
            WeeklyFormat::Csv => "csv",
            WeeklyFormat::Json => "json",
        }
    }
}

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
    #[arg(long, value_enum, default_value_t)]
    pub format: WeeklyFormat,
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
    /// Whether the report covers more than one plan.
    fn several_plans(&self) -> bool {
        self.plans.len() > 1
    }
}

impl Args {
    /// Runs the report.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open_read_only()?;
        let as_of = as_of_or_today(self.as_of);
        let options = WeeklyOptions {
            stale_weeks: self.stale_weeks,
            due_soon_days: self.due_soon_days,
        };
        let filter = MilestoneFilter {
            plan_id: store.plan_filter(self.plan.as_deref())?,
            ..MilestoneFilter::default()
        };
        let milestones = store.milestones_as_of(&filter, as_of)?;
        let plan_names = plans_in_order(milestones.iter().map(|m| m.plan.as_str()));
        let mut reports = weekly(&milestones, as_of, &options);
        // Over several plans, each section lists one plan's milestones
        // together, plans in plan order.
        for report in &mut reports {
            group_by_plan(&mut report.newly_overdue, &plan_names, |i| {
                &i.milestone.plan
            });
            group_by_plan(&mut report.overdue, &plan_names, |i| &i.milestone.plan);
            group_by_plan(&mut report.due_soon, &plan_names, |i| &i.milestone.plan);
            group_by_plan(&mut report.stale, &plan_names, |i| &i.milestone.plan);
        }
        let plans: Vec<String> = plan_names.iter().map(|p| p.to_string()).collect();
        match &self.split_by_lead {
            Some(dir) => {
                let files = reports
                    .iter()
                    .zip(lead_file_stems(
                        &reports.iter().map(|r| r.lead.as_str()).collect::<Vec<_>>(),
                    ))
                    .map(|(report, stem)| {
                        let heading = Heading {
                            as_of,
                            options,
                            lead: Some(report.lead.clone()),
                            plans: plans.clone(),
                        };
                        let content = render(
                            self.format,
                            std::slice::from_ref(report),
                            &heading,
                            context.csv_style(),
                        )?;
                        Ok((format!("{stem}.{}", self.format.extension()), content))
                    })
                    .collect::<Result<Vec<_>>>()?;
                let run_key = match filter.plan_id {
                    Some(plan_id) => format!("plan {plan_id} {}", self.format.extension()),
                    None => format!("all plans {}", self.format.extension()),
                };
                let written = split::write_fresh_set(context, dir, &files, &run_key)?;
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
            }
            None => {
                let heading = Heading {
                    as_of,
                    options,
                    lead: None,
                    plans,
                };
                if matches!(self.format, WeeklyFormat::Csv | WeeklyFormat::Json) {
                    eprintln!("{}", summary_line(&heading, &summarise(&reports)));
                }
                let content = render(self.format, &reports, &heading, context.csv_style())?;
                let mut out = io::stdout().lock();
                out.write_all(content.as_bytes())?;
                out.flush()?;
            }
        }
        Ok(Outcome::Done)
    }
}

/// The report in the chosen format, as the whole text to write (CSV in the
/// style given). Text and Markdown, read on a terminal, have their control
/// characters escaped.
fn render(
    format: WeeklyFormat,
    reports: &[LeadReport],
    heading: &Heading,
    csv_style: CsvStyle,
) -> Result<String> {
    Ok(match format {
        WeeklyFormat::Text => {
            escape_for_terminal(&text::render_text(reports, heading)).into_owned()
        }
        WeeklyFormat::Markdown => {
            escape_for_terminal(&markdown::render_markdown(reports, heading)).into_owned()
        }
        WeeklyFormat::Csv => csv::render_csv(reports, csv_style)?,
        WeeklyFormat::Json => {
            let mut json = serde_json::to_string_pretty(reports)?;
            json.push('\n');
            json
        }
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
    with_staleness(&item.overdue_by, item.stale, item.weeks_since_update)
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
