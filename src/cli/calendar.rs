//! `actionplan calendar`: the open milestones as an iCalendar file, one
//! all-day event on each due date, for Outlook or Google Calendar.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context as _, Result};
use chrono::{NaiveDate, NaiveDateTime, Timelike, Utc};

use actionplan::app::calendar::{CalendarQuery, calendar};
use actionplan::reports::calendar::{
    CalendarCounts, CalendarEntry, calendar_ics_end, calendar_ics_event, calendar_ics_start,
};

use crate::cli::output::{as_of_or_today, write_file_atomically_with};
use crate::cli::stream::buffered_stdout;
use crate::cli::{Context, Outcome};

const EXAMPLES: &str = "\
Examples:
  actionplan calendar --plan NL -o plan.ics
  actionplan calendar --plan NL --lead 'Marie Moy' -o marie-moy.ics
  actionplan calendar --plan NL --as-of 2020-02-18 -o ijb-18-feb-2020.ics";

/// Write the open milestones as a calendar file (.ics) to import into Outlook or Google Calendar.
///
/// Write the open milestones as an iCalendar (RFC 5545) file: one all-day
/// event per open milestone on the day it falls due (a month timeline such
/// as "Sep 19" on the month's last day), titled with the milestone, with the
/// action, leads, RAG and latest comment in its description. Complete and
/// closed milestones, and those with no due date ("Ongoing", "TBC"), are
/// left out and counted on stderr.
///
/// Importing a newer file updates the events instead of adding copies: each
/// milestone keeps its UID, and its SEQUENCE counts how often its due date
/// has moved. A milestone completed since is not in the newer file, so a
/// calendar that imported an earlier one keeps its event: delete it there. The milestones are as they stood on --as-of, and every
/// event's DTSTAMP is that day at 00:00 UTC, so the same database and date
/// give the same file byte for byte; without --as-of, today and the time now.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// Only this plan (default: every plan).
    #[arg(long)]
    pub plan: Option<String>,
    /// Only milestones this person leads.
    #[arg(long)]
    pub lead: Option<String>,
    /// The date to take the plan as it stood (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
    /// Write to this file instead of stdout.
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
}

impl Args {
    /// Runs the export: each milestone's event written as the store reads it.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        if let Some(output) = &self.output {
            context.check_output(output)?;
        }
        let store = context.open_read_only()?;
        let query = CalendarQuery {
            plan: self.plan,
            lead: self.lead,
            as_of: self.as_of,
        };
        let calendar = calendar(&store, query, as_of_or_today(None), now_to_the_second())?;
        let header = &calendar.header;
        let mut counts = CalendarCounts::default();
        let mut write = |out: &mut dyn Write| -> Result<()> {
            out.write_all(calendar_ics_start(header).as_bytes())?;
            calendar.for_each_entry(|entry| -> Result<()> {
                counts.add(&entry);
                if let CalendarEntry::Event(event) = &entry {
                    out.write_all(calendar_ics_event(header, event).as_bytes())?;
                }
                Ok(())
            })?;
            out.write_all(calendar_ics_end().as_bytes())?;
            out.flush()?;
            Ok(())
        };
        match &self.output {
            None => {
                write(&mut buffered_stdout())?;
                eprintln!("wrote {}", counts.summary());
            }
            Some(path) => {
                write_file_atomically_with(path, |file| write(file))
                    .with_context(|| format!("writing {}", path.display()))?;
                eprintln!("wrote {}: {}", path.display(), counts.summary());
            }
        }
        Ok(Outcome::Done)
    }
}

/// The time now in UTC, to the second: the stamp of a calendar written
/// without --as-of.
fn now_to_the_second() -> NaiveDateTime {
    let now = Utc::now().naive_utc();
    now.with_nanosecond(0).unwrap_or(now)
}
