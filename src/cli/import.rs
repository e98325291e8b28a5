//! `actionplan import`: a committee appendix table into the database.

use std::path::PathBuf;

use anyhow::{Context as _, Result, bail};
use chrono::NaiveDate;

use actionplan::app::dates::refuse_unlikely_date;
use actionplan::app::import::{ImportOptions, import_appendix_file, preview_appendix_file};
use actionplan::error::{Dated, Field};
use actionplan::io::appendix::reconcile::{
    Change, FileColumns, Reconciliation, RetiredMilestone, file_rows, reconcile, short,
};
use actionplan::io::appendix::{AppendixReading, BlueMeans};
use actionplan::io::csvio::columns::HeaderMapping;
use actionplan::model::Status;
use actionplan::model::text_rules::check_field_name;
use actionplan::model::{Milestone, NewUpdate};
use actionplan::store::{
    Attribution, MilestoneEdit, MilestoneFilter, NewMilestone, PlanChange, Store,
};

use crate::cli::output::{as_of_or_today, count_words, print_line};
use crate::cli::{Context, Outcome};

const AFTER_HELP: &str = "\
Examples:
  actionplan import appendix1.csv --plan 'Integration review 2019' --partnership 'North Lanarkshire'
  actionplan import plan.csv --plan P --map 'Accountable officer=leads'
  actionplan import plan.xlsx --plan P --sheet 'Action plan' --header-row 3
  actionplan import committee-paper.docx --plan P --table 2
  actionplan import their-plan.xlsx --plan P --dry-run
  actionplan import appendix1-edited.xlsx --plan P --update --by 'Ann Lead' --dry-run
  actionplan import appendix1-edited.xlsx --plan P --update --by 'Ann Lead' --on 2020-02-10

Bringing the edited appendix back (--update):
  The file is read as any import reads it, and each milestone row is matched
  to one of the plan's current milestones, in this order:
    1. by reference, when the file and the plan both have references (a
       reference on exactly one row and one milestone);
    2. by theme, action and milestone text together (spaces normalised, case
       ignored), when exactly one milestone reads so; then by milestone text
       alone, when exactly one row and one milestone read so (the theme or
       action was reworded);
    3. by position: a row between two matched rows is matched to the one
       milestone between theirs whose text is similar (similarity 0.6 or
       more: the Sorensen-Dice coefficient of the texts' pairs of adjacent
       letters), when no other unmatched row there is similar to it.
  Before step 3, a row that is a retired milestone of the plan (same
  reference, or same theme, action and text, or same text under its theme
  and action as the file rewords them) is listed as retired and not added
  again. A row still unmatched is added as a new
  milestone, after the milestone of the matched row above it under the same
  action (else at the end of its action), when no milestone of the plan is
  similar to it; otherwise it is listed as \"cannot match\" and not added. A
  milestone no row matched is listed as missing and kept, or retired with
  --retire-missing (never the one a \"cannot match\" row is like).

  Only the fields the file has a column for are compared. Each difference
  becomes a history entry dated --on: a changed RAG, status, comment or
  timeline an update (a timeline needs --reason; a Blue RAG completes; a
  status without a Status cell is recorded only when it completes an open
  milestone), changed milestone text, reference or leads an edit, a theme or
  action reworded for all its rows one edit (a row under another theme or
  action than its fellow rows, or given another one's name, is listed as
  not moved). The changes are listed
  on stdout first, one line each, then a summary on stderr; --dry-run lists
  them and stores nothing (it makes them on a copy in memory, so it refuses
  what the real run would). Nothing is stored if any change cannot be recorded (a timeline
  without --reason, a blank Lead cell), nor when the file matches under half
  of the plan's milestones (probably another plan's file) without --force.
  Row numbers are the file's own. See docs/APPENDIX-FORMAT.md.";

/// How many milestones `--dry-run` shows as read.
const DRY_RUN_ROWS: usize = 5;

/// Import a committee appendix table (CSV, Excel, OpenDocument or Word) as a plan.
///
/// Import a committee appendix table from a CSV file (UTF-8, UTF-8 with BOM,
/// UTF-16 or Windows-1252), a workbook (.xlsx, .xlsm, .xls, .ods) or a table
/// in a Word paper (.docx); the kind of file is told from its content. The
/// header row is found below any title rows; merged cells, line breaks and
/// date cells are read as the file shows them (see docs/FILE-FORMATS.md).
/// Every row is checked first: one bad row and nothing is stored, and every
/// problem is listed with its row and column.
#[derive(Debug, clap::Args)]
#[command(
    after_help = AFTER_HELP
)]
pub struct Args {
    /// The file: .csv, .xlsx, .xlsm, .xls, .ods or .docx.
    pub file: PathBuf,
    /// The plan's name.
    #[arg(long)]
    pub plan: String,
    /// The partnership the plan belongs to.
    #[arg(long, conflicts_with = "update")]
    pub partnership: Option<String>,
    /// Read a header as a field: 'Header=field' (fields: theme, action,
    /// milestone, leads, timeline, comment, rag, status, proposals, reference).
    /// Repeatable.
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    pub mappings: Vec<HeaderMapping>,
    /// Replace a plan of the same name (refused once it has updates or cycles).
    #[arg(long, conflicts_with = "update")]
    pub replace: bool,
    /// Keep a leading quote before =, +, -, @ (by default it is taken as the
    /// formula guard that exports add, and removed).
    #[arg(long)]
    pub raw: bool,
    /// The sheet of a workbook to read (by default the one whose header
    /// row names the most of the plan's columns), e.g. --sheet 'Action plan'.
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// The table of a Word document to read, counting from 1 (by default the
    /// one whose header row names the most of the plan's columns), e.g. --table 2.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub table: Option<u32>,
    /// The header row, numbered as the spreadsheet (or the Word table)
    /// numbers it (by default the row that best names the plan's columns,
    /// below any title rows), e.g. --header-row 3.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub header_row: Option<u32>,
    /// What a Blue RAG (BRAG) means: complete, or closed (withdrawn,
    /// superseded, merged). Example: --blue-means closed
    #[arg(long, value_name = "complete|closed", default_value = "complete")]
    pub blue_means: BlueMeans,
    /// For a table with no theme (Recommendation) column: the theme its rows
    /// go under until a section heading row names another (default: the plan's
    /// name). Example: --theme 'Improvement plan 2021'
    #[arg(long, value_name = "NAME")]
    pub theme: Option<String>,
    /// Also split Lead cells at this text, wherever it appears (line breaks
    /// and ';' always split; '/', '&' and 'and' split between two names).
    /// Example: --lead-separator ' + '
    #[arg(long, value_name = "TEXT")]
    pub lead_separator: Option<String>,
    /// Read and check the file and print what would be stored (counts per
    /// theme, the column each field is read from, ignored columns, the first
    /// rows as read); store nothing and create no database. When the
    /// database exists it is read (never written) to refuse what the import
    /// would: a plan name that exists without --replace, or one with history.
    /// Example: actionplan import plan.csv --plan P --dry-run.
    /// With --update: list the changes the file makes, and store nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Keep the columns the tool has no field for (Commentary, Start Date,
    /// Budget...) with each milestone, and write them back in place on export.
    /// Example: actionplan import plan.csv --plan P --keep-extra
    #[arg(long, conflicts_with = "update")]
    pub keep_extra: bool,
    /// Bring an edited appendix back into the existing plan --plan: match
    /// its rows to the plan's milestones and record every difference as a
    /// dated history entry, in one transaction (see "Bringing the edited
    /// appendix back" below). Needs --by.
    /// Example: actionplan import appendix1.xlsx --plan P --update --by 'Ann Lead'
    #[arg(long)]
    pub update: bool,
    /// With --update: who made the changes, recorded with every entry.
    #[arg(long, value_name = "NAME", requires = "update")]
    pub by: Option<String>,
    /// With --update: the date the changes speak for (YYYY-MM-DD); default
    /// today, never in the future.
    #[arg(long, value_name = "DATE", requires = "update")]
    pub on: Option<NaiveDate>,
    /// With --update: accept an --on date before 2000 (refused otherwise as
    /// a likely typing slip).
    #[arg(long, requires = "update")]
    pub backdate: bool,
    /// With --update: retire the plan's milestones no row matched (listed as
    /// missing and kept otherwise).
    #[arg(long, requires = "update")]
    pub retire_missing: bool,
    /// With --update: why. Recorded with every changed timeline (which needs
    /// it) and with every retirement (default there: "not in the edited
    /// appendix FILE").
    #[arg(long, value_name = "TEXT", requires = "update")]
    pub reason: Option<String>,
    /// With --update: record the changes of a file that matches under half of
    /// the plan's milestones (refused otherwise as probably another plan's file).
    #[arg(long, requires = "update")]
    pub force: bool,
}

impl Args {
    /// Runs the import.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        check_field_name(Field::Plan, &self.plan)?;
        if let Some(partnership) = &self.partnership {
            check_field_name(Field::Partnership, partnership)?;
        }
        if self.update {
            return self.run_update(context);
        }
        let options = ImportOptions {
            plan: self.plan,
            partnership: self.partnership,
            mappings: self.mappings,
            replace: self.replace,
            raw: self.raw,
            sheet: self.sheet,
            table: self.table.map(|n| n as usize),
            header_row: self.header_row.map(|n| n as usize),
            blue_means: self.blue_means,
            theme: self.theme,
            lead_separator: self.lead_separator,
            keep_extra: self.keep_extra,
        };
        if self.dry_run {
            let read = preview_appendix_file(&self.file, &options)?;
            for warning in &read.warnings {
                eprintln!("warning: {warning}");
            }
            // The checks the import would make against the database, read-only.
            if context.db.exists() {
                context
                    .open_read_only()?
                    .check_plan_can_be_stored(options.plan.trim(), options.replace)?;
            }
            for line in dry_run_lines(&read.reading) {
                print_line(&line)?;
            }
            for warning in &read.warnings {
                eprintln!("warning: {warning}");
            }
            eprintln!(
                "dry run: {} was read as plan {:?}; nothing was stored",
                self.file.display(),
                options.plan.trim()
            );
            return Ok(Outcome::Done);
        }
        let mut store = context.open_or_create()?;
        let summary = import_appendix_file(&mut store, &self.file, &options)?;
        eprintln!(
            "imported {} as plan {:?}: {}, {}, {}",
            self.file.display(),
            options.plan.trim(),
            count_words(summary.themes, "theme"),
            count_words(summary.actions, "action"),
            count_words(summary.milestones, "milestone")
        );
        for warning in &summary.warnings {
            eprintln!("warning: {warning}");
        }
        if !summary.ignored.is_empty() {
            eprintln!("ignored: {}", summary.ignored.join(", "));
        }
        if !summary.kept.is_empty() {
            eprintln!("kept: {}", summary.kept.join(", "));
        }
        Ok(Outcome::Done)
    }
}

/// What `--dry-run` prints: the column mapping, ignored columns, counts per
/// theme and the first milestones as read.
fn dry_run_lines(reading: &AppendixReading) -> Vec<String> {
    let draft = &reading.draft;
    let mut lines = vec!["Columns read:".to_string()];
    for (field, header) in &reading.mapping {
        lines.push(format!("  {field:<10} <- {header:?}"));
    }
    lines.push(if reading.ignored.is_empty() {
        "Ignored: none".to_string()
    } else {
        format!("Ignored: {}", reading.ignored.join(", "))
    });
    if !reading.headings.is_empty() {
        lines.push("Section headings (each starts a theme):".to_string());
        for (row, heading) in &reading.headings {
            lines.push(format!("  row {row}: {}", one_line(heading)));
        }
    }
    lines.push(format!(
        "Themes ({}, {}, {}):",
        count_words(draft.themes.len(), "theme"),
        count_words(draft.action_count(), "action"),
        count_words(draft.milestone_count(), "milestone")
    ));
    for theme in &draft.themes {
        let milestones: usize = theme.actions.iter().map(|a| a.milestones.len()).sum();
        lines.push(format!(
            "  {} ({}, {})",
            one_line(&theme.name),
            count_words(theme.actions.len(), "action"),
            count_words(milestones, "milestone")
        ));
    }
    lines.push(format!("First {DRY_RUN_ROWS} milestones as read:"));
    let rows = draft.themes.iter().flat_map(|theme| {
        theme
            .actions
            .iter()
            .flat_map(move |action| action.milestones.iter().map(move |m| (theme, action, m)))
    });
    for (theme, action, m) in rows.take(DRY_RUN_ROWS) {
        let status = match &m.status_word {
            Some(word) => format!("{} ({word})", m.status),
            None => m.status.to_string(),
        };
        lines.push(format!(
            "  {}{} | {} | {} | {} | {} | {} | {}",
            m.reference
                .as_deref()
                .map(|r| format!("{r} "))
                .unwrap_or_default(),
            one_line(&theme.name),
            one_line(&action.text),
            one_line(&m.detail),
            m.leads.join("; "),
            m.timeline,
            status,
            m.rag.label()
        ));
    }
    lines
}

/// A cell's lines joined with " / ", so each milestone of the dry run's
/// preview stays on one line of output.
fn one_line(text: &str) -> String {
    text.lines().collect::<Vec<_>>().join(" / ")
}

/// What `--update` records, in the order it is applied.
struct Recording {
    /// The changes for `Store::apply_changes`.
    changes: Vec<PlanChange>,
    /// The lines listed on stdout, one per change or finding, in file order.
    lines: Vec<String>,
    /// Why the file cannot be recorded (nothing is stored when there are any).
    refusals: Vec<String>,
    /// How many of each kind: updates, edits, additions, retirements.
    counts: [usize; 4],
    /// Rows that could not be matched.
    cannot_match: usize,
    /// Milestones kept though no row matched them.
    kept_missing: usize,
    /// Rows that are a retired milestone, listed and not added.
    retired_rows: usize,
}

impl Args {
    /// `--update`: reconciles the file with the plan and records the differences.
    fn run_update(self, context: &Context) -> Result<Outcome> {
        let Some(by) = self.by.as_deref().map(str::trim) else {
            bail!("--update needs --by NAME: who made the changes, recorded with each one");
        };
        check_field_name(Field::By, by)?;
        if by.is_empty() {
            bail!("--by must not be blank");
        }
        let reason = match self.reason.as_deref().map(str::trim) {
            Some("") => bail!("--reason must not be blank"),
            reason => reason.map(str::to_string),
        };
        let today = as_of_or_today(None);
        let on = self.on.unwrap_or(today);
        // The rule every update keeps: a day that has come, and before 2000
        // only with --backdate.
        refuse_unlikely_date(Dated::Update, on, today, self.backdate)?;
        let options = ImportOptions {
            plan: self.plan.clone(),
            mappings: self.mappings.clone(),
            raw: self.raw,
            sheet: self.sheet.clone(),
            table: self.table.map(|n| n as usize),
            header_row: self.header_row.map(|n| n as usize),
            blue_means: self.blue_means,
            theme: self.theme.clone(),
            lead_separator: self.lead_separator.clone(),
            ..ImportOptions::default()
        };
        let read = preview_appendix_file(&self.file, &options)?;
        for warning in &read.warnings {
            eprintln!("warning: {warning}");
        }
        let mut store = if self.dry_run {
            context.open_read_only()?
        } else {
            context.open()?
        };
        // The changes are recorded only if nobody writes after this read.
        let read_at = store.data_version()?;
        let plan = store.resolve_plan(Some(self.plan.trim()))?;
        let milestones = store.milestones(&MilestoneFilter {
            plan_id: Some(plan.id),
            ..Default::default()
        })?;
        let retired = retired_milestones(&store, plan.id)?;
        let rows = file_rows(&read.reading.draft, &read.reading.rows);
        let columns = FileColumns::of_reading(&read.reading);
        let found = reconcile(&milestones, &retired, &rows, columns);
        let file = self.file.display().to_string();
        if found.looks_like_another_plan() && !self.force {
            bail!(
                "{file} matches only {} of the {} milestones of plan {:?}: it is probably \
                 another plan's file, so nothing was stored (give --force to record it anyway)",
                found.matched,
                found.milestones,
                plan.name
            );
        }
        let attribution = Attribution {
            by: by.to_string(),
            on,
            reason: None,
        };
        let retire_reason = reason
            .clone()
            .unwrap_or_else(|| format!("not in the edited appendix {file}"));
        let recording = recording(
            &found,
            &milestones,
            plan.id,
            &attribution,
            reason.as_deref(),
            self.retire_missing.then_some(retire_reason.as_str()),
        );
        if !recording.refusals.is_empty() {
            bail!(
                "{file} was not recorded in plan {:?} (nothing was stored): {} cannot be recorded\n  {}",
                plan.name,
                count_words(recording.refusals.len(), "change"),
                recording.refusals.join("\n  ")
            );
        }
        for line in &recording.lines {
            print_line(line)?;
        }
        let [updates, edits, additions, retirements] = recording.counts;
        let summary = format!(
            "{} of {} milestones matched ({} by reference, {} by text, {} by position); {}, {}, {}, {}; {} kept, {}, {} not added",
            found.matched,
            found.milestones,
            found.by_reference,
            found.by_text,
            found.by_position,
            count_words(updates, "update"),
            count_words(edits, "edit"),
            count_words(additions, "addition"),
            count_words(retirements, "retirement"),
            count_words(recording.kept_missing, "missing milestone"),
            count_words(recording.cannot_match, "unmatched row"),
            count_words(recording.retired_rows, "retired row"),
        );
        let not_recorded = || {
            format!(
                "{file} was not recorded in plan {:?} (nothing was stored)",
                plan.name
            )
        };
        if self.dry_run {
            // The same changes, applied to a copy in memory: the store's
            // checks refuse what the real run would refuse, and the file
            // (perhaps read-only) is never written.
            if !recording.changes.is_empty() {
                store
                    .in_memory_copy()?
                    .apply_changes(&recording.changes)
                    .with_context(not_recorded)?;
            }
            eprintln!(
                "dry run: {file} against plan {:?}: {summary}; nothing was stored",
                plan.name
            );
            return Ok(Outcome::Done);
        }
        if !recording.changes.is_empty() {
            store
                .apply_changes_read_at(&recording.changes, Some(read_at))
                .with_context(not_recorded)?;
        }
        eprintln!(
            "updated plan {:?} from {file} for {on}: {summary}",
            plan.name
        );
        Ok(Outcome::Done)
    }
}

/// The plan's retired milestones, each with the day it was retired.
fn retired_milestones(store: &Store, plan_id: i64) -> Result<Vec<RetiredMilestone>> {
    let retired_on = store.retired_milestones()?;
    let every_milestone = store.milestones(&MilestoneFilter {
        plan_id: Some(plan_id),
        include_retired: true,
        ..Default::default()
    })?;
    Ok(every_milestone
        .into_iter()
        .filter_map(|milestone| {
            let retired_on = *retired_on.get(&milestone.id)?;
            Some(RetiredMilestone {
                milestone,
                retired_on,
            })
        })
        .collect())
}

/// A change as the one line `import --update` lists: the library's line,
/// except where the way out is a flag or a command of this command line.
fn change_line(change: &Change) -> String {
    match change {
        Change::NotMoved {
            row,
            milestone_id,
            detail,
            theme,
            action,
        } => format!(
            "not moved: milestone {milestone_id} {:?} is under {:?} › {:?} in row {row} (--update does not move milestones: actionplan milestone move {milestone_id} --to-action ...)",
            short(detail),
            short(theme),
            short(action)
        ),
        Change::Missing {
            milestone_id,
            detail,
            maybe_row: None,
        } => format!(
            "missing {milestone_id} {:?} (kept; --retire-missing retires it)",
            short(detail)
        ),
        other => other.line(),
    }
}

/// Turns what reconciling found into store changes (edits first, so that an
/// addition finds its reworded action; then updates, additions, retirements),
/// the lines to list, and the refusals.
fn recording(
    found: &Reconciliation,
    milestones: &[Milestone],
    plan_id: i64,
    attribution: &Attribution,
    reason: Option<&str>,
    retire_reason: Option<&str>,
) -> Recording {
    let mut edits = Vec::new();
    let mut updates = Vec::new();
    let mut anchored_additions = Vec::new();
    let mut end_additions = Vec::new();
    let mut retirements = Vec::new();
    let mut recording = Recording {
        changes: Vec::new(),
        lines: Vec::new(),
        refusals: Vec::new(),
        counts: [0; 4],
        cannot_match: 0,
        kept_missing: 0,
        retired_rows: 0,
    };
    for change in &found.changes {
        let mut line = change_line(change);
        match change {
            Change::Update {
                row,
                milestone_id,
                rag,
                status,
                comment,
                timeline,
                ..
            } => {
                let new_timeline = timeline.as_ref().and_then(|t| t.after.timeline());
                if new_timeline.is_some() && reason.is_none() {
                    recording
                        .refusals
                        .push(format!("row {row} needs a reason (--reason TEXT): {line}"));
                }
                let status_now = milestones
                    .iter()
                    .find(|m| m.id == *milestone_id)
                    .map_or(Status::InProgress, |m| m.status);
                let update = NewUpdate {
                    milestone_id: *milestone_id,
                    on: attribution.on,
                    by: Some(attribution.by.clone()),
                    rag: rag.as_ref().map(|r| r.after),
                    status: status.as_ref().map(|s| s.after),
                    comment: comment.as_ref().map(|c| c.after.clone()),
                    timeline: new_timeline,
                    reason: new_timeline.and(reason.map(str::to_string)),
                }
                .with_blue_completing(status_now);
                updates.push(PlanChange::Update(update));
                recording.counts[0] += 1;
            }
            Change::Edit {
                milestone_id,
                new_detail,
                reference,
                leads,
                action,
                theme,
                ..
            } => {
                let edit = MilestoneEdit {
                    milestone_id: *milestone_id,
                    detail: new_detail.as_ref().map(|d| d.after.clone()),
                    action: action.as_ref().map(|a| a.after.clone()),
                    theme: theme.as_ref().map(|t| t.after.clone()),
                    reference: reference.as_ref().map(|r| r.after.clone()),
                    leads: leads.as_ref().map(|l| l.after.clone()),
                };
                edits.push(PlanChange::Edit(edit, attribution.clone()));
                recording.counts[1] += 1;
            }
            Change::Add {
                theme,
                action,
                milestone,
                after,
                ..
            } => {
                let new = NewMilestone {
                    plan_id,
                    theme: theme.clone(),
                    action: action.clone(),
                    detail: milestone.detail.clone(),
                    leads: milestone.leads.clone(),
                    timeline: milestone.timeline,
                    status: milestone.status,
                    rag: milestone.rag,
                    comment: milestone.comment.clone(),
                    reference: milestone.reference.clone(),
                    after: *after,
                };
                let change = PlanChange::Add(new, attribution.clone());
                if after.is_some() {
                    anchored_additions.push(change);
                } else {
                    end_additions.push(change);
                }
                recording.counts[2] += 1;
            }
            Change::CannotMatch { .. } => recording.cannot_match += 1,
            Change::Retired { .. } => recording.retired_rows += 1,
            Change::NotMoved { .. } => {}
            Change::Blocked { .. } => recording.refusals.push(line.clone()),
            // A milestone a cannot-match row may be is kept, whatever
            // --retire-missing says: the row is probably it, reworded.
            Change::Missing {
                maybe_row: Some(_), ..
            } => recording.kept_missing += 1,
            Change::Missing {
                milestone_id,
                detail,
                maybe_row: None,
            } => match retire_reason {
                Some(why) => {
                    line = format!("retire {milestone_id} {:?}", short(detail));
                    retirements.push(PlanChange::Retire {
                        milestone_id: *milestone_id,
                        into: None,
                        attribution: Attribution {
                            reason: Some(why.to_string()),
                            ..attribution.clone()
                        },
                    });
                    recording.counts[3] += 1;
                }
                None => recording.kept_missing += 1,
            },
        }
        recording.lines.push(line);
    }
    // Several additions after one milestone each go straight after it, so
    // they are made last row first to keep the file's order.
    anchored_additions.reverse();
    recording.changes = edits
        .into_iter()
        .chain(updates)
        .chain(anchored_additions)
        .chain(end_additions)
        .chain(retirements)
        .collect();
    recording
}
