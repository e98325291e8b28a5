//! `actionplan update`: record a lead's update to a milestone.

use anyhow::Result;
use chrono::NaiveDate;

use actionplan::app::updates::{RecordedUpdate, check_update, record_update};
use actionplan::model::NewUpdate;
use actionplan::model::{Rag, Status, Timeline};

use crate::cli::output::as_of_or_today;
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
        let today = as_of_or_today(None);
        let update = NewUpdate {
            milestone_id: self.id,
            on: self.on.unwrap_or(today),
            by: self.by,
            rag: self.rag,
            status: self.status,
            comment: self.comment,
            timeline: self.due,
            reason: self.reason,
        };
        // The rules that need no database refuse before the file is opened.
        let update = check_update(update, today, self.backdate)?;
        let mut store = context.open()?;
        let recorded = record_update(&mut store, update, today, self.backdate)?;
        eprintln!("{}", confirmation(&recorded));
        Ok(Outcome::Done)
    }
}

/// The line confirming an update (shared by `update` and `complete`):
/// "recorded update to milestone 13 "Tier 3 post holders in place" for 2020-02-10 by X: timeline Mar 20 (was Jan 20)".
pub fn confirmation(recorded: &RecordedUpdate) -> String {
    let update = &recorded.update;
    let after = &recorded.milestone;
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
    if let Some(latest) = recorded.latest_before.filter(|latest| update.on < *latest) {
        line.push_str(&format!(
            " (reported late: its update of {latest} still takes precedence)"
        ));
    }
    line
}
