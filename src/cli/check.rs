//! `actionplan check`: flag RAG ratings that do not fit the facts.

use std::io::{self, Write};

use anyhow::Result;
use chrono::NaiveDate;
use clap::ValueEnum;

use actionplan::model::long_date;
use actionplan::reports::{Flag, Rule, check};
use actionplan::store::MilestoneFilter;
use actionplan::text_rules::escape_for_terminal;

use crate::cli::output::{Page, as_of_or_today, count_words, new_table, quoted_plan_names};
use crate::cli::output::{is_broken_pipe, print_json};
use crate::cli::{Context, Outcome};

/// How the check prints its flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum CheckFormat {
    /// One line per flag: "#19 green but overdue (due Dec 19, overdue by 2 months)".
    #[default]
    Text,
    /// A JSON array of flags.
    Json,
    /// A Markdown table of flags (over several plans, a Plan column).
    Markdown,
}

/// Flag RAG ratings that do not fit the facts (exit 1 when any are flagged).
///
/// Flag RAG ratings and statuses that do not fit the facts: green but overdue;
/// complete but not green; red or amber with no comment; open and not updated
/// since the latest committee cycle closed (only once a cycle has been closed);
/// not started but past its due date; no target date; blue but not complete
/// (rated B in a BRAG plan, still open). RAG stays a human judgement: nothing is
/// changed. Exit code 1 when anything is flagged, 0 when the plan is clean.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  actionplan check --as-of 2020-02-18
  actionplan check --plan NL --format json

Exit codes: 0 nothing flagged; 1 something flagged; 2 error.")]
pub struct Args {
    /// The date to judge by (YYYY-MM-DD); default today. Cycles closed after it are ignored.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
    /// Only this plan (default: every plan).
    #[arg(long)]
    pub plan: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: CheckFormat,
}

impl Args {
    /// Runs the check.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open_read_only()?;
        let as_of = as_of_or_today(self.as_of);
        let plans = match &self.plan {
            Some(name) => vec![store.resolve_plan(Some(name))?],
            None => {
                // No plans, or every plan archived, is an error that says so.
                store.plan_filter(None)?;
                let mut plans = store.plans()?;
                plans.retain(|plan| plan.archived_on.is_none() || store.includes_archived());
                plans
            }
        };
        let mut flags = Vec::new();
        let mut checked = 0;
        for plan in &plans {
            let filter = MilestoneFilter {
                plan_id: Some(plan.id),
                ..MilestoneFilter::default()
            };
            let milestones = store.milestones_as_of(&filter, as_of)?;
            checked += milestones.len();
            let latest_cycle = store.latest_cycle_date(plan.id, as_of)?;
            flags.extend(check(&milestones, as_of, latest_cycle));
        }
        let plan_names: Vec<&str> = plans.iter().map(|plan| plan.name.as_str()).collect();
        let printed = match self.format {
            CheckFormat::Json => print_json(&flags),
            CheckFormat::Text => print_flags(&flags, &plan_names),
            CheckFormat::Markdown => print_flags_markdown(&flags, &plan_names),
        };
        // stdout closed early (`| head -1`) still exits 1 when something was flagged.
        match printed {
            Err(error) if !is_broken_pipe(&error) => return Err(error),
            _ => {}
        }
        eprintln!("{}", summary_line(&flags, checked, as_of, plans.len()));
        Ok(if flags.is_empty() {
            Outcome::Done
        } else {
            Outcome::Flagged
        })
    }
}

/// "5 flags on 5 milestones as of 18 Feb 2020: 5 green but overdue" or
/// "nothing flagged as of 1 Jan 2019 (38 milestones checked)"; over several
/// plans the date is followed by "across 2 plans".
fn summary_line(flags: &[Flag], checked: usize, as_of: NaiveDate, plan_count: usize) -> String {
    let mut date = long_date(as_of);
    if plan_count > 1 {
        date.push_str(&format!(" across {plan_count} plans"));
    }
    if flags.is_empty() {
        return format!(
            "nothing flagged as of {date} ({} checked)",
            count_words(checked, "milestone")
        );
    }
    let mut flagged_ids: Vec<i64> = flags.iter().map(|flag| flag.id).collect();
    flagged_ids.sort_unstable();
    flagged_ids.dedup();
    let per_rule: Vec<String> = Rule::ALL
        .iter()
        .filter_map(|rule| {
            let count = flags.iter().filter(|flag| flag.rule == *rule).count();
            (count > 0).then(|| format!("{count} {rule}"))
        })
        .collect();
    format!(
        "{} on {} as of {date}: {}",
        count_words(flags.len(), "flag"),
        count_words(flagged_ids.len(), "milestone"),
        per_rule.join(", ")
    )
}

/// The first line of a check over several plans, naming them.
fn plans_line(plans: &[&str]) -> String {
    format!(
        "{} plans, each checked on its own: {}",
        plans.len(),
        quoted_plan_names(plans)
    )
}

/// The flags as a Markdown table: ID, milestone, rule and facts; over
/// several plans a first line names them and a Plan column leads.
fn print_flags_markdown(flags: &[Flag], plans: &[&str]) -> Result<()> {
    let page = Page::Markdown;
    let several_plans = plans.len() > 1;
    if several_plans {
        page.line(&plans_line(plans))?;
    }
    if flags.is_empty() {
        return page.line("Nothing flagged.");
    }
    let mut headers = vec!["ID", "Milestone", "Rule", "Facts"];
    if several_plans {
        headers.insert(0, "Plan");
    }
    let mut table = new_table(&headers);
    for flag in flags {
        let mut row = vec![
            flag.id.to_string(),
            flag.milestone.clone(),
            flag.rule_words.clone(),
            flag.facts.clone(),
        ];
        if several_plans {
            row.insert(0, flag.plan.clone());
        }
        table.add_row(row);
    }
    page.table(&table)
}

/// One line per flag, control characters escaped. Over several plans the
/// first line names them and each plan's flags follow a line with its name.
fn print_flags(flags: &[Flag], plans: &[&str]) -> Result<()> {
    let mut out = io::stdout().lock();
    if plans.len() > 1 {
        writeln!(out, "{}", escape_for_terminal(&plans_line(plans)))?;
        for plan in plans {
            let plan_flags: Vec<&Flag> = flags.iter().filter(|flag| flag.plan == *plan).collect();
            if plan_flags.is_empty() {
                continue;
            }
            writeln!(out)?;
            writeln!(out, "{}:", escape_for_terminal(plan))?;
            for flag in plan_flags {
                writeln!(out, "{}", escape_for_terminal(&flag.to_string()))?;
            }
        }
        out.flush()?;
        return Ok(());
    }
    for flag in flags {
        writeln!(out, "{}", escape_for_terminal(&flag.to_string()))?;
    }
    out.flush()?;
    Ok(())
}
