//! `actionplan check`: flag RAG ratings that do not fit the facts.

use std::io::Write;

use anyhow::Result;
use chrono::NaiveDate;

use actionplan::app::check::plans_to_check;
use actionplan::model::long_date;
use actionplan::model::text_rules::escape_for_terminal;
use actionplan::render::markdown_text::{
    escape_markdown, markdown_table_header, markdown_table_row,
};
use actionplan::render::rows::FlagRow;
use actionplan::render::words::{flag_facts, flag_line};
use actionplan::reports::Flag;
use actionplan::reports::check::CheckCounts;

use crate::cli::formats::{self, Format, FormatName};
use crate::cli::output::is_broken_pipe;
use crate::cli::output::{as_of_or_today, count_words, quoted_plan_names};
use crate::cli::stream::{JsonArray, Stdout, buffered_stdout};
use crate::cli::{Context, Outcome};

/// How the check prints its flags.
const CHECK_FORMATS: &[FormatName] = &[
    FormatName {
        name: "text",
        format: Format::Table,
        help: "One line per flag: \"#19 green but overdue (due Dec 19, overdue by 2 months)\"",
    },
    FormatName {
        name: "json",
        format: Format::Json,
        help: "A JSON array of flags",
    },
    FormatName {
        name: "markdown",
        format: Format::Markdown,
        help: "A Markdown table of flags (over several plans, a Plan column)",
    },
];

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
    #[arg(long, value_parser = formats::parser(CHECK_FORMATS), default_value = "text")]
    pub format: Format,
}

impl Args {
    /// Runs the check: each plan's milestones are read one by one and each
    /// flag is written as it is found.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open_read_only()?;
        let as_of = as_of_or_today(self.as_of);
        let plans = plans_to_check(&store, self.plan.as_deref(), as_of)?;
        let plan_names = plans.plan_names();
        let mut out = FlagWriter::new(self.format, plan_names.len() > 1);
        if plan_names.len() > 1 && self.format != Format::Json {
            out.line(&plans_line(&plan_names))?;
        }
        let counts = plans.for_each_flag(|flag| out.flag(flag))?;
        out.finish()?;
        eprintln!("{}", summary_line(&counts, as_of, plan_names.len()));
        Ok(if counts.flags == 0 {
            Outcome::Done
        } else {
            Outcome::Flagged
        })
    }
}

/// "5 flags on 5 milestones as of 18 Feb 2020: 5 green but overdue" or
/// "nothing flagged as of 1 Jan 2019 (38 milestones checked)"; over
/// several plans the date is followed by "across 2 plans".
fn summary_line(counts: &CheckCounts, as_of: NaiveDate, plan_count: usize) -> String {
    let mut date = long_date(as_of);
    if plan_count > 1 {
        date.push_str(&format!(" across {plan_count} plans"));
    }
    if counts.flags == 0 {
        return format!(
            "nothing flagged as of {date} ({} checked)",
            count_words(counts.checked, "milestone")
        );
    }
    let per_rule: Vec<String> = counts
        .per_rule()
        .iter()
        .map(|(rule, count)| format!("{count} {rule}"))
        .collect();
    format!(
        "{} on {} as of {date}: {}",
        count_words(counts.flags, "flag"),
        count_words(counts.flagged_milestones, "milestone"),
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

/// Writes flags as they are found: one line each (under a line naming each
/// plan that has any, over several plans), a Markdown table (its header
/// before the first flag; "Nothing flagged." when there is none), or a JSON
/// array. Control characters are escaped in text and Markdown. When stdout
/// closes early (`| head -1`) the rest is not written but still counted, so
/// the exit code and summary are the whole check's.
struct FlagWriter {
    format: Format,
    several_plans: bool,
    out: Stdout,
    json: Option<JsonArray>,
    /// The plan named last (over several plans, each plan is named
    /// before its first flag).
    plan_named: Option<String>,
    flags_written: usize,
    closed: bool,
}

impl FlagWriter {
    fn new(format: Format, several_plans: bool) -> FlagWriter {
        FlagWriter {
            format,
            several_plans,
            out: buffered_stdout(),
            json: (format == Format::Json).then(JsonArray::new),
            plan_named: None,
            flags_written: 0,
            closed: false,
        }
    }

    /// A line of text (escaped), a Markdown paragraph in Markdown.
    fn line(&mut self, line: &str) -> Result<()> {
        let written = match self.format {
            Format::Markdown => writeln!(
                self.out,
                "{}\n",
                escape_for_terminal(&escape_markdown(line))
            ),
            _ => writeln!(self.out, "{}", escape_for_terminal(line)),
        };
        self.unless_closed(written.map_err(Into::into))
    }

    /// Writes one flag.
    fn flag(&mut self, flag: &Flag) -> Result<()> {
        if self.closed {
            return Ok(());
        }
        let written = match self.format {
            Format::Json => match &mut self.json {
                Some(json) => json.push(&FlagRow::from(flag)),
                None => Ok(()),
            },
            Format::Table => self.text_flag(flag),
            Format::Markdown => self.markdown_flag(flag),
            other => Err(formats::not_written(other, CHECK_FORMATS)),
        };
        self.flags_written += 1;
        self.unless_closed(written)
    }

    fn text_flag(&mut self, flag: &Flag) -> Result<()> {
        if self.several_plans && self.plan_named.as_deref() != Some(flag.plan.as_str()) {
            writeln!(self.out)?;
            writeln!(self.out, "{}:", escape_for_terminal(&flag.plan))?;
            self.plan_named = Some(flag.plan.clone());
        }
        writeln!(self.out, "{}", escape_for_terminal(&flag_line(flag)))?;
        Ok(())
    }

    fn markdown_flag(&mut self, flag: &Flag) -> Result<()> {
        if self.flags_written == 0 {
            let mut headers = vec!["ID", "Milestone", "Rule", "Facts"];
            if self.several_plans {
                headers.insert(0, "Plan");
            }
            self.out
                .write_all(escape_for_terminal(&markdown_table_header(&headers)).as_bytes())?;
        }
        let mut row = vec![
            flag.id.to_string(),
            flag.milestone.clone(),
            flag.rule.words().to_string(),
            flag_facts(&flag.facts),
        ];
        if self.several_plans {
            row.insert(0, flag.plan.clone());
        }
        self.out
            .write_all(escape_for_terminal(&markdown_table_row(&row)).as_bytes())?;
        Ok(())
    }

    /// Ends the output: closes the JSON array, ends the Markdown table (or
    /// says nothing was flagged), flushes.
    fn finish(mut self) -> Result<()> {
        if self.closed {
            return Ok(());
        }
        let ended = match (self.format, self.json.take()) {
            (Format::Json, Some(json)) => json.finish(),
            (Format::Markdown, _) if self.flags_written == 0 => {
                self.line("Nothing flagged.")?;
                Ok(())
            }
            (Format::Markdown, _) => writeln!(self.out).map_err(Into::into),
            _ => Ok(()),
        };
        let flushed = ended.and_then(|()| self.out.flush().map_err(Into::into));
        self.unless_closed(flushed)
    }

    /// A closed stdout stops the writing, not the check; any other error is one.
    fn unless_closed(&mut self, written: Result<()>) -> Result<()> {
        match written {
            Err(error) if is_broken_pipe(&error) => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }
}
