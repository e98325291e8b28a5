//! `actionplan plan`: a plan as a whole: rename it, archive it (kept, and
//! left out of reports over every plan), bring it back, or delete it after a
//! backup.

use anyhow::{Context as _, Result};

use actionplan::store::Store;

use crate::cli::lead::ChangeArgs;
use crate::cli::{Context, Outcome};

/// A plan as a whole: rename, archive, unarchive, delete.
///
/// Changes to a plan as a whole. Renaming and archiving are recorded with
/// who, when and why; an archived plan is kept whole and left out of reports
/// over every plan (give --include-archived, or name it with --plan, to see
/// it). Deleting writes a backup beside the database first.
#[derive(Debug, clap::Subcommand)]
#[command(after_help = "\
Examples:
  actionplan plan rename 'Integration review 2019' 'Integration review 2019-20' --by 'Ann Lead'
  actionplan plan archive 'Integration review 2019' --by 'Ann Lead' --reason 'Superseded by the 2021 plan'
  actionplan --include-archived overdue
  actionplan plan delete 'Test import' --by 'Ann Lead' --yes")]
pub enum Command {
    /// Give a plan a new name (its history, cycles and returns stay with it).
    Rename(RenameArgs),
    /// Keep a plan but leave it out of reports over every plan.
    Archive(ArchiveArgs),
    /// Bring an archived plan back into reports over every plan.
    Unarchive(ArchiveArgs),
    /// Delete a plan and everything recorded on it, after a backup.
    Delete(DeleteArgs),
}

impl Command {
    /// Runs the chosen plan command.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        match self {
            Command::Rename(args) => args.run(context),
            Command::Archive(args) => args.run(context, true),
            Command::Unarchive(args) => args.run(context, false),
            Command::Delete(args) => args.run(context),
        }
    }
}

/// Give a plan a new name.
///
/// Renames plan OLD to NEW; refused when a plan named NEW exists. Its
/// history, committee cycles and returns stay with it. The rename is
/// recorded with who, when and why.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  actionplan plan rename 'Integration review 2019' 'Integration review 2019-20' --by 'Ann Lead'"
)]
pub struct RenameArgs {
    /// The plan's name now (see `actionplan plans`).
    pub old: String,
    /// Its new name.
    pub new: String,
    #[command(flatten)]
    pub change: ChangeArgs,
}

impl RenameArgs {
    /// Runs the rename.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let attribution = self.change.attribution()?;
        let mut store = context.open()?;
        store.rename_plan(&self.old, &self.new, &attribution)?;
        eprintln!("renamed plan {:?} to {:?}", self.old, self.new.trim());
        Ok(Outcome::Done)
    }
}

/// Archive a plan, or bring it back.
///
/// `plan archive`: the plan is kept whole but left out of every report over
/// every plan, from now on; `actionplan plans` marks it. A report that names
/// it with --plan still shows it, and the global --include-archived brings
/// archived plans back into any report. `plan unarchive` undoes it. Both are
/// recorded with who, when and why.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  actionplan plan archive 'Integration review 2019' --by 'Ann Lead' --on 2021-03-01\n  actionplan plan unarchive 'Integration review 2019' --by 'Ann Lead'"
)]
pub struct ArchiveArgs {
    /// The plan (see `actionplan plans`).
    pub name: String,
    #[command(flatten)]
    pub change: ChangeArgs,
}

impl ArchiveArgs {
    /// Archives (`archive` true) or unarchives the plan.
    pub fn run(self, context: &Context, archive: bool) -> Result<Outcome> {
        let attribution = self.change.attribution()?;
        let mut store = context.open()?;
        if archive {
            store.archive_plan(&self.name, &attribution)?;
            eprintln!(
                "archived plan {:?} on {}: reports over every plan leave it out (see --include-archived)",
                self.name, attribution.on
            );
        } else {
            let archived_on = store.unarchive_plan(&self.name, &attribution)?;
            eprintln!(
                "unarchived plan {:?} (archived since {archived_on}): reports over every plan show it again",
                self.name
            );
        }
        Ok(Outcome::Done)
    }
}

/// Delete a plan and everything recorded on it.
///
/// Without --yes, says what would be lost (milestones, recorded updates,
/// committee cycles, lead returns) and deletes nothing. With --yes, first
/// backs the whole database up beside it, as
/// DB.before-delete-PLAN-YYYYMMDDTHHMMSS.sqlite (never over an existing
/// file), and says where; then deletes the plan in one transaction. If the
/// backup fails, nothing is deleted. `actionplan restore BACKUP` brings it
/// all back.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  actionplan plan delete 'Test import' --by 'Ann Lead'\n  actionplan plan delete 'Test import' --by 'Ann Lead' --yes"
)]
pub struct DeleteArgs {
    /// The plan (see `actionplan plans`).
    pub name: String,
    /// Who is deleting it (named in the message).
    #[arg(long, value_name = "NAME")]
    pub by: String,
    /// Delete it: without this, only say what would be lost.
    #[arg(long)]
    pub yes: bool,
}

impl DeleteArgs {
    /// Runs the deletion (or says what it would lose).
    pub fn run(self, context: &Context) -> Result<Outcome> {
        if self.by.trim().is_empty() {
            anyhow::bail!("--by must not be blank");
        }
        actionplan::model::text_rules::check_field_name(actionplan::error::Field::By, &self.by)?;
        if !self.yes {
            let store = context.open_read_only()?;
            let plan = store.resolve_plan(Some(&self.name))?;
            let contents = store.plan_contents(plan.id)?;
            anyhow::bail!(
                "deleting plan {:?} would lose {}; nothing was deleted: give --yes to delete it (a backup of the database is written first)",
                plan.name,
                contents.words()
            );
        }
        let mut store = context.open()?;
        // The delete is refused if anyone writes after this, so that the
        // backup holds everything deleted.
        let read_at = store.data_version()?;
        let plan = store.resolve_plan(Some(&self.name))?;
        let contents = store.plan_contents(plan.id)?;
        let backup = backup(&store, &plan).with_context(|| {
            format!(
                "the backup before deleting plan {:?} could not be written, so nothing was deleted",
                plan.name
            )
        })?;
        eprintln!("backed up {} to {}", context.db.display(), backup.display());
        store.delete_plan(plan.id, read_at)?;
        eprintln!(
            "deleted plan {:?} ({}) for {}; to bring it back: actionplan restore {}",
            plan.name,
            contents.words(),
            self.by.trim(),
            backup.display()
        );
        Ok(Outcome::Done)
    }
}

/// The backup before a delete, stamped with the time now.
fn backup(store: &Store, plan: &actionplan::store::PlanSummary) -> Result<std::path::PathBuf> {
    let stamp = chrono::Local::now().format("%Y%m%dT%H%M%S").to_string();
    Ok(store.backup_before_delete(plan, &stamp)?)
}
