//! `actionplan milestone add|edit|retire|move`: changing the plan as committee asks.

use anyhow::Result;
use chrono::NaiveDate;

use actionplan::app::plan_changes::{
    ChangeBy, MilestoneMove, MilestoneToAdd, add_milestone, attribution, check_edit, check_move,
    edit_milestone, move_milestone, retire_milestone,
};
use actionplan::model::{Milestone, Rag, Status, Target};
use actionplan::store::{Attribution, MilestoneEdit};

use crate::cli::output::as_of_or_today;
use crate::cli::{Context, Outcome};

/// Add, edit, retire or move milestones (each change is kept in the history).
#[derive(Debug, clap::Subcommand)]
#[command(after_help = "\
Examples:
  actionplan milestone add --theme 'Finance' --action 'Budgets agreed' \\
      --milestone 'Set-aside agreed' --lead 'Marie Moy' --timeline 'Jun 20' --by 'Chief Officer'
  actionplan milestone edit 12 --milestone 'Tier 3 posts filled' --by 'Chief Officer'
  actionplan milestone edit 12 --lead 'Ann Smith' --lead 'Ross McGuffie' --by 'Chief Officer'
  actionplan milestone retire 17 --reason 'Superseded by the new strategy' --into 21 --by 'IJB'
  actionplan milestone move 17 --to-action 'Integrated budgets' --after 16 --by 'Chief Officer'

Every change is a dated entry in the milestone's history, with who made it
and why (see `actionplan show ID`); nothing is overwritten, and a closed
cycle still exports what its paper showed.")]
pub enum Command {
    Add(AddArgs),
    Edit(EditArgs),
    Retire(RetireArgs),
    Move(MoveArgs),
}

impl Command {
    /// Runs the chosen milestone command.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        match self {
            Command::Add(args) => args.run(context),
            Command::Edit(args) => args.run(context),
            Command::Retire(args) => args.run(context),
            Command::Move(args) => args.run(context),
        }
    }
}

/// Who made a change and for which day: every milestone command takes these.
#[derive(Debug, clap::Args)]
pub struct WhoAndWhen {
    /// Who made the change (the committee, the officer).
    #[arg(long, value_name = "NAME")]
    pub by: String,
    /// The day the change speaks for (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    pub on: Option<NaiveDate>,
    /// Accept an --on date before 2000 (refused otherwise as a likely typing slip).
    #[arg(long)]
    pub backdate: bool,
}

impl WhoAndWhen {
    /// The attribution, with its date checked: never in the future, nor
    /// before 2000 without --backdate.
    pub fn attribution(&self, reason: Option<&str>) -> Result<Attribution> {
        Ok(attribution(
            &self.change_by(),
            reason,
            as_of_or_today(None),
        )?)
    }

    /// Who and when, as the application layer takes them.
    pub fn change_by(&self) -> ChangeBy {
        ChangeBy {
            by: self.by.clone(),
            on: self.on,
            backdate: self.backdate,
        }
    }
}

/// Add a milestone agreed at committee; prints its id.
///
/// Add a milestone agreed at committee. It goes under the theme and action
/// named (created at the end of the plan or theme when the name is new), at
/// the end of its action or after --after ID, and counts as Added in
/// `movement` from the next cycle. Its id is printed on stdout.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  actionplan milestone add --plan P --theme 'Finance' --action 'Budgets agreed' --milestone 'Set-aside agreed' --lead 'Marie Moy' --timeline 'Jun 20' --by 'Chief Officer' --on 2020-02-18"
)]
pub struct AddArgs {
    /// The plan (may be left out when the database holds one).
    #[arg(long)]
    pub plan: Option<String>,
    /// The theme (Report Recommendation): an existing one's name, or a new one.
    #[arg(long)]
    pub theme: String,
    /// The improvement action: an existing one's text under the theme, or a new one.
    #[arg(long)]
    pub action: String,
    /// The milestone's text.
    #[arg(long)]
    pub milestone: String,
    /// A lead (repeat for co-leads, in order).
    #[arg(long = "lead", value_name = "NAME", required = true)]
    pub leads: Vec<String>,
    /// Its target timeline, such as 'Jun 20', 'Q1 2020/21' or 'Ongoing'.
    #[arg(long)]
    pub timeline: Target,
    /// Its RAG: R, A, G or B (default: not rated).
    #[arg(long, value_name = "R|A|G|B")]
    pub rag: Option<Rag>,
    /// Its status (default: not started).
    #[arg(long, value_name = "STATUS")]
    pub status: Option<Status>,
    /// A first progress comment.
    #[arg(long, value_name = "TEXT")]
    pub comment: Option<String>,
    /// The plan's own reference for it ("4.3").
    #[arg(long = "ref", value_name = "REF")]
    pub reference: Option<String>,
    /// Place it after this milestone of the same action (default: at the end).
    #[arg(long, value_name = "ID")]
    pub after: Option<i64>,
    /// Why it was added (the committee's decision).
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    #[command(flatten)]
    pub who: WhoAndWhen,
}

impl AddArgs {
    fn run(self, context: &Context) -> Result<Outcome> {
        let to_add = MilestoneToAdd {
            plan: self.plan,
            theme: self.theme,
            action: self.action,
            detail: self.milestone,
            leads: self.leads,
            timeline: self.timeline,
            rag: self.rag,
            status: self.status,
            comment: self.comment,
            reference: self.reference,
            after: self.after,
        };
        // The rules that need no database refuse before the file is opened.
        self.who.attribution(self.reason.as_deref())?;
        let mut store = context.open()?;
        let added = add_milestone(
            &mut store,
            to_add,
            &self.who.change_by(),
            self.reason.as_deref(),
            as_of_or_today(None),
        )?;
        let milestone = &added.milestone;
        let new_theme = if added.new_theme {
            " (a new theme)"
        } else {
            ""
        };
        let new_action = if added.new_action {
            " (a new action)"
        } else {
            ""
        };
        println!("{}", milestone.id);
        eprintln!(
            "added milestone {} {:?} to plan {:?} under {:?}{new_theme} › {:?}{new_action}",
            milestone.id, milestone.detail, milestone.plan, milestone.theme, milestone.action
        );
        Ok(Outcome::Done)
    }
}

/// Correct a milestone's text, action, theme, reference or leads.
///
/// Correct a milestone's wording or leads. Each field changed is its own
/// dated entry in the history, with the text it replaced. --action and
/// --theme reword the action or theme itself, so every milestone under it
/// shows the new wording; to put a milestone under another action, use
/// `milestone move`. Reports for past dates show the corrected wording; a
/// closed cycle keeps what its paper showed.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  actionplan milestone edit 12 --milestone 'Tier 3 posts filled' --by 'Chief Officer' --reason 'Typo'\n  actionplan milestone edit 12 --lead 'Ann Smith' --lead 'Ross McGuffie' --by 'Chief Officer'"
)]
pub struct EditArgs {
    /// The milestone's id (see `actionplan list`).
    pub id: i64,
    /// New milestone text.
    #[arg(long, value_name = "TEXT")]
    pub milestone: Option<String>,
    /// New text of its improvement action (every milestone of the action shows it).
    #[arg(long, value_name = "TEXT")]
    pub action: Option<String>,
    /// New name of its theme (every milestone of the theme shows it).
    #[arg(long, value_name = "TEXT")]
    pub theme: Option<String>,
    /// New reference ("4.3"); '' removes it.
    #[arg(long = "ref", value_name = "REF")]
    pub reference: Option<String>,
    /// Its leads from now on, in order (repeat for co-leads; replaces them all).
    #[arg(long = "lead", value_name = "NAME")]
    pub leads: Vec<String>,
    /// Why.
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    #[command(flatten)]
    pub who: WhoAndWhen,
}

impl EditArgs {
    fn run(self, context: &Context) -> Result<Outcome> {
        let edit = MilestoneEdit {
            milestone_id: self.id,
            detail: self.milestone,
            action: self.action,
            theme: self.theme,
            reference: self.reference,
            leads: (!self.leads.is_empty()).then_some(self.leads),
        };
        // The rules that need no database refuse before the file is opened.
        self.who.attribution(self.reason.as_deref())?;
        check_edit(&edit)?;
        let mut store = context.open()?;
        let edited = edit_milestone(
            &mut store,
            edit,
            &self.who.change_by(),
            self.reason.as_deref(),
            as_of_or_today(None),
        )?;
        eprintln!(
            "edited milestone {}: {}",
            self.id,
            edited_fields(&edited.before, &edited.after).join(", ")
        );
        Ok(Outcome::Done)
    }
}

/// The fields that differ, in words: "milestone text", "leads".
fn edited_fields(before: &Milestone, after: &Milestone) -> Vec<&'static str> {
    let mut fields = Vec::new();
    if before.detail != after.detail {
        fields.push("milestone text");
    }
    if before.action != after.action {
        fields.push("action text");
    }
    if before.theme != after.theme {
        fields.push("theme name");
    }
    if before.reference != after.reference {
        fields.push("reference");
    }
    if before.leads != after.leads {
        fields.push("leads");
    }
    fields
}

/// Retire a milestone: withdrawn, superseded, or merged into another.
///
/// Retire a milestone the committee has withdrawn, superseded, or merged into
/// another (--into ID). From the --on date it is gone from every report and
/// export, never counted overdue, and shown as Retired in `movement`; it
/// stays in the history and in cycles closed before. A retirement recorded in
/// error is undone with `actionplan retract`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  actionplan milestone retire 17 --reason 'Superseded by the new strategy' --by 'IJB 16 Jun 2020' --on 2020-06-16\n  actionplan milestone retire 18 --into 21 --reason 'Merged with 21' --by 'Chief Officer'"
)]
pub struct RetireArgs {
    /// The milestone's id.
    pub id: i64,
    /// Why it is retired (required).
    #[arg(long, value_name = "TEXT")]
    pub reason: String,
    /// The milestone it was merged into.
    #[arg(long, value_name = "ID")]
    pub into: Option<i64>,
    #[command(flatten)]
    pub who: WhoAndWhen,
}

impl RetireArgs {
    fn run(self, context: &Context) -> Result<Outcome> {
        // The rules that need no database refuse before the file is opened.
        self.who.attribution(Some(&self.reason))?;
        let mut store = context.open()?;
        let retired = retire_milestone(
            &mut store,
            self.id,
            self.into,
            &self.who.change_by(),
            &self.reason,
            as_of_or_today(None),
        )?;
        let into = retired
            .into
            .map(|into| format!(" (merged into milestone {into})"))
            .unwrap_or_default();
        eprintln!(
            "retired milestone {} {:?} from {}{into}",
            self.id, retired.milestone.detail, retired.on
        );
        Ok(Outcome::Done)
    }
}

/// Put a milestone under another action, or in another place in its own.
///
/// Put a milestone under another improvement action of the same plan (named
/// by its text, with --to-theme when two themes have an action of that
/// text), or reorder it: after --after ID, else at the end of the action.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  actionplan milestone move 17 --to-action 'Integrated budgets' --by 'Chief Officer'\n  actionplan milestone move 17 --after 14 --by 'Chief Officer'   (reorder within its action)"
)]
pub struct MoveArgs {
    /// The milestone's id.
    pub id: i64,
    /// The action it moves to, by its text (default: the action of --after, or its own).
    #[arg(long, value_name = "TEXT")]
    pub to_action: Option<String>,
    /// The theme of --to-action, when two themes have an action of that text.
    #[arg(long, value_name = "NAME", requires = "to_action")]
    pub to_theme: Option<String>,
    /// Place it after this milestone (default: at the end of the action).
    #[arg(long, value_name = "ID")]
    pub after: Option<i64>,
    /// Why.
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    #[command(flatten)]
    pub who: WhoAndWhen,
}

impl MoveArgs {
    fn run(self, context: &Context) -> Result<Outcome> {
        let to = MilestoneMove {
            milestone_id: self.id,
            to_action: self.to_action,
            to_theme: self.to_theme,
            after: self.after,
        };
        // The rules that need no database refuse before the file is opened.
        check_move(&to)?;
        self.who.attribution(self.reason.as_deref())?;
        let mut store = context.open()?;
        let moved = move_milestone(
            &mut store,
            to,
            &self.who.change_by(),
            self.reason.as_deref(),
            as_of_or_today(None),
        )?;
        eprintln!(
            "moved milestone {} {:?} to {:?} › {:?}",
            self.id, moved.before.detail, moved.after.theme, moved.after.action
        );
        Ok(Outcome::Done)
    }
}
