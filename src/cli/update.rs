//! `actionplan update`: record a lead's update to a milestone.

use anyhow::{Result, bail};
use chrono::NaiveDate;

use actionplan::model::NewUpdate;
use actionplan::model::{Rag, Status, Timeline};
use actionplan::store::Store;

use crate::cli::output::{as_of_or_today, refuse_future_update_date, refuse_implausible_date};
use crate::cli::{Context, Outcome};

const EXAMPLES: &str = "\
Examples:
  actionplan update 4 --rag G --comment 'Structures agreed at SLT' --by 'Ross McGuffie'
  actionplan update 13 --due 'Mar 20' --reason 'Recruitment delayed' --on 2020-02-10
  actionplan update 18 --status 'in progress' --rag R --on 2020-01-31   (reported late)
  actionplan update 18 --rag A --on 1999-11-30 --backdate   (a date before 2000)

The update is added to the milestone's history; nothing is overwritten. The
current state is the history laid over the imported plan in date order, so the
latest update by date wins: one dated before it (reported late) is kept, and
only fills in what the later updates left unchanged.";

/// Record a lead's update to a milestone (appended; nothing is overwritten).
///
/// Record a lead's update to a milestone: a new RAG, status, comment or target
/// timeline (with its reason). The update is appended to the milestone's
/// history with who reported it and the date it speaks for.
#[derive(Debug, clap::Args)]
#[command(after_help = EXAMPLES)]
pub struct Args {
    /// The milestone's id (see `actionplan list`).
    pub id: i64,
    /// New RAG rating: R, A or G (or Red, Amber, Green), or B (Blue) for
    /// finished: B completes an open milestone unless --status says otherwise.
    #[arg(long, value_name = "R|A|G|B")]
    pub rag: Option<Rag>,
    /// New status: 'not started', 'in progress', complete or closed (withdrawn,
    /// superseded, merged: never overdue).
    #[arg(long, value_name = "STATUS")]
    pub status: Option<Status>,
    /// New comment (replaces the comment shown in the appendix).
    #[arg(long, value_name = "TEXT")]
    pub comment: Option<String>,
    /// New target timeline, such as 'Mar 20' or 'Q1 2020/21'; needs --reason.
    #[arg(long, value_name = "TIMELINE", requires = "reason")]
    pub due: Option<Timeline>,
    /// Why the target timeline moved (only with --due).
    #[arg(long, value_name = "TEXT", requires = "due")]
    pub reason: Option<String>,
    /// Who reported the update.
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
    /// The date the update speaks for (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    pub on: Option<NaiveDate>,
    /// Accept an --on date before 2000 (refused otherwise as a likely typing slip).
    #[arg(long)]
    pub backdate: bool,
}

impl Args {
    /// Records the update.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let update = NewUpdate {
            milestone_id: self.id,
            on: as_of_or_today(self.on),
            by: self.by,
            rag: self.rag,
            status: self.status,
            comment: self.comment,
            timeline: self.due,
            reason: self.reason,
        };
        record_update(context, update, self.backdate)
    }
}

/// Checks an update, appends it and prints a one-line confirmation to stderr.
/// Shared by `update` and `complete`.
pub fn record_update(context: &Context, update: NewUpdate, backdate: bool) -> Result<Outcome> {
    refuse_implausible_date(update.on, backdate)?;
    let update = checked(update)?;
    let mut store = context.open()?;
    let before = store.milestone(update.milestone_id)?;
    let update = update.with_blue_completing(before.status);
    store.append_update(&update)?;
    eprintln!("{}", confirmation(&store, &update, before.last_update_on)?);
    Ok(Outcome::Done)
}

/// Refuses what the store would accept but a committee would not: a blank
/// comment, name or reason, and a date in the future. Trims the text fields.
fn checked(mut update: NewUpdate) -> Result<NewUpdate> {
    refuse_future_update_date(update.on)?;
    update.comment = trimmed("--comment", update.comment)?;
    update.by = trimmed("--by", update.by)?;
    update.reason = trimmed("--reason", update.reason)?;
    Ok(update)
}

fn trimmed(flag: &str, text: Option<String>) -> Result<Option<String>> {
    match text {
        None => Ok(None),
        Some(text) if text.trim().is_empty() => bail!("{flag} must not be blank"),
        Some(text) => Ok(Some(text.trim().to_string())),
    }
}

/// "recorded update to milestone 13 "Tier 3 post holders in place" for 2020-02-10 by X: timeline Mar 20 (was Jan 20)".
fn confirmation(
    store: &Store,
    update: &NewUpdate,
    latest_before: Option<NaiveDate>,
) -> Result<String> {
    let after = store.milestone(update.milestone_id)?;
    let mut changes = Vec::new();
    if let Some(rag) = update.rag {
        changes.push(format!("RAG {rag}"));
    }
    if let Some(status) = update.status {
        changes.push(format!("status {status}"));
    }
    if let Some(timeline) = update.timeline {
        changes.push(format!(
            "timeline {timeline} (originally {})",
            after.imported_timeline
        ));
    }
    if update.comment.is_some() {
        changes.push("comment".to_string());
    }
    let by = update
        .by
        .as_deref()
        .map(|name| format!(" by {name}"))
        .unwrap_or_default();
    let mut line = format!(
        "recorded update to milestone {} {:?} for {}{by}: {}",
        after.id,
        after.detail,
        update.on,
        changes.join(", ")
    );
    if let Some(latest) = latest_before.filter(|latest| update.on < *latest) {
        line.push_str(&format!(
            " (reported late: its update of {latest} still takes precedence)"
        ));
    }
    Ok(line)
}
