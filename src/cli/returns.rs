//! `actionplan returns`: an update round by email. Export each lead's return
//! (an Excel workbook of their milestones), import the files that come back,
//! and see who has not answered yet.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use chrono::NaiveDate;

use actionplan::Error;
use actionplan::app::returns::rules::{
    AppliedAnyway, JudgedRow, OutcomeCounts, Refusal, RowOutcome,
};
use actionplan::app::returns::{ExportedReturn, ImportOptions, ImportReport, export_returns};
use actionplan::app::updates::{check_returns, record_returns};
use actionplan::io::returns::csv::return_csv;
use actionplan::io::returns::plan_leads;
use actionplan::io::returns::workbook::{ReturnHeading, return_workbook};
use actionplan::model::long_date;
use actionplan::render::markdown_text::markdown_table;
use actionplan::reports::lead_file_stems;
use actionplan::reports::returns_status::return_status;
use actionplan::reports::returns_status::{LeadReturnStatus, ReturnState};
use actionplan::store::{MilestoneFilter, PlanSummary, Store};

use crate::cli::formats::{self, Format, FormatName, REPORT_FORMATS};
use crate::cli::output::{
    as_of_or_today, count_words, new_table, optional_cell, print_csv, print_json, print_line,
    print_table, write_beside,
};
use crate::cli::{Context, Outcome};

/// Lead returns: send each lead their milestones as a workbook, apply the answers.
///
/// An update round in three commands: `returns export --all DIR` writes one
/// workbook per lead (context locked, answer columns with drop-downs, a
/// hidden token of the state each row was sent in); the leads type their
/// answers and send the files back; `returns import FILE...` applies them,
/// refusing invalid answers and any row whose milestone changed after the
/// return was sent, and never applying a return twice; `returns status`
/// lists who has not answered yet.
#[derive(Debug, clap::Subcommand)]
#[command(after_help = "\
Examples:
  actionplan returns export --all returns/ --as-of 2020-02-18
  actionplan returns import returns/*.xlsx --by 'Planning officer' --on 2020-03-02 --dry-run
  actionplan returns import returns/*.xlsx --by 'Planning officer' --on 2020-03-02
  actionplan returns status --since 2020-02-18")]
pub enum Command {
    Export(ExportArgs),
    Import(ImportArgs),
    Status(StatusArgs),
}

impl Command {
    /// Runs the chosen returns command.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        match self {
            Command::Export(args) => args.run(context),
            Command::Import(args) => args.run(context),
            Command::Status(args) => args.run(context),
        }
    }
}

/// The file formats a return is exported in.
const RETURN_FORMATS: &[FormatName] = &[
    FormatName {
        name: "xlsx",
        format: Format::Xlsx,
        help: "An Excel workbook with drop-downs, locked context and instructions",
    },
    FormatName {
        name: "csv",
        format: Format::Csv,
        help: "CSV (UTF-8 with BOM unless --no-bom, CRLF) with the same columns",
    },
];

/// Write each lead's return: one row per milestone they lead, overdue first.
///
/// Each row shows the milestone's place in the plan and its current state
/// (timeline, RAG, status, latest comment, last updated), then the answer
/// columns the lead fills in: New RAG and New status (drop-down lists), New
/// comment, New timeline (a date or a month) and Reason for new timeline. The
/// context columns are locked (sheet protection without a password); a hidden
/// "Return token" column records the state each row was sent in. Every
/// return is recorded in the database, so its answers can be checked on import.
#[derive(Debug, clap::Args)]
#[command(
    group(clap::ArgGroup::new("who").required(true).args(["lead", "all"])),
    after_help = "\
Examples:
  actionplan returns export --all returns/ --as-of 2020-02-18
  actionplan returns export --lead 'Marie Moy' -o marie-moy.xlsx
  actionplan returns export --lead 'Marie Moy' --format csv -o marie-moy.csv

Without -o, --lead writes LEAD-NAME.xlsx (or .csv) in the current directory.
--all writes one file per lead into DIR (created if missing), named after the
lead with only letters, digits, '-' and '_'. An existing file is never
replaced unless --overwrite is given:
  actionplan returns export --all returns/ --overwrite"
)]
pub struct ExportArgs {
    /// The plan (may be left out when the database holds one).
    #[arg(long)]
    pub plan: Option<String>,
    /// One lead's return (their name as the plan spells it, any case).
    #[arg(long, value_name = "NAME")]
    pub lead: Option<String>,
    /// Write the one lead's return to this file.
    #[arg(short = 'o', long = "output", value_name = "FILE", requires = "lead")]
    pub output: Option<PathBuf>,
    /// Write every lead's return into this directory, one file each.
    #[arg(long, value_name = "DIR")]
    pub all: Option<PathBuf>,
    /// The date the return is for (YYYY-MM-DD): orders it overdue and due
    /// soon first; default today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
    /// The file format.
    #[arg(long, value_parser = formats::parser(RETURN_FORMATS), default_value = "xlsx")]
    pub format: Format,
    /// Replace files that exist already (they are kept when anything fails).
    #[arg(long)]
    pub overwrite: bool,
}

impl ExportArgs {
    /// Runs the export.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let mut store = context.open()?;
        let plan = store.resolve_plan(self.plan.as_deref())?;
        let as_of = as_of_or_today(self.as_of);
        let targets = self.targets(&store, &plan)?;
        for (_, path) in &targets {
            refuse_database(context, path)?;
            if !self.overwrite && path.exists() {
                bail!(
                    "{} exists already: give --overwrite to replace it (nothing was written)",
                    path.display()
                );
            }
        }
        if let Some(dir) = &self.all {
            fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let leads: Vec<String> = targets.iter().map(|(lead, _)| lead.clone()).collect();
        // Each return goes to a temporary file beside its target, renamed into
        // place only once every return is recorded.
        let mut written: Vec<PathBuf> = Vec::new();
        let exported = export_returns(&mut store, plan.id, &leads, as_of, |exported| {
            let path = &targets[written.len()].1;
            let bytes = self
                .render(&plan, as_of, exported, context.bom)
                .map_err(|e| {
                    Error::Invalid(format!(
                        "cannot build the return for {}: {e:#}",
                        exported.lead
                    ))
                })?;
            let temporary = write_beside(path, &bytes).map_err(|source| Error::Io {
                path: path.clone(),
                source,
            })?;
            written.push(temporary);
            Ok(())
        });
        let exported = match exported {
            Ok(exported) => exported,
            Err(error) => {
                // No return was recorded: remove the temporary files this run made.
                for temporary in &written {
                    let _ = fs::remove_file(temporary);
                }
                return Err(error.into());
            }
        };
        for (temporary, (_, path)) in written.iter().zip(&targets) {
            fs::rename(temporary, path).with_context(|| {
                format!(
                    "the returns are recorded but {} could not be renamed to {}",
                    temporary.display(),
                    path.display()
                )
            })?;
        }
        for (one, (_, path)) in exported.iter().zip(&targets) {
            eprintln!(
                "wrote {} (return R{} for {}: {})",
                path.display(),
                one.return_id,
                one.lead,
                count_words(one.rows.len(), "milestone")
            );
        }
        Ok(Outcome::Done)
    }

    /// Each lead to export and the file to write their return to.
    fn targets(&self, store: &Store, plan: &PlanSummary) -> Result<Vec<(String, PathBuf)>> {
        let extension = self.format.extension();
        if let Some(dir) = &self.all {
            let milestones = store.milestones(&MilestoneFilter {
                plan_id: Some(plan.id),
                ..Default::default()
            })?;
            let leads: Vec<String> = plan_leads(&milestones)
                .into_iter()
                .map(|(l, _)| l)
                .collect();
            let stems = lead_file_stems(&leads);
            return Ok(leads
                .into_iter()
                .zip(stems)
                .map(|(lead, stem)| (lead, dir.join(format!("{stem}.{extension}"))))
                .collect());
        }
        let lead = self.lead.clone().unwrap_or_default();
        let path = match &self.output {
            Some(path) => path.clone(),
            None => PathBuf::from(format!("{}.{extension}", lead_file_stems(&[&lead])[0])),
        };
        Ok(vec![(lead, path)])
    }

    fn render(
        &self,
        plan: &PlanSummary,
        as_of: NaiveDate,
        exported: &ExportedReturn,
        bom: bool,
    ) -> Result<Vec<u8>> {
        Ok(match self.format {
            Format::Xlsx => {
                let heading = ReturnHeading {
                    plan: plan.name.clone(),
                    lead: exported.lead.clone(),
                    as_of,
                    return_id: exported.return_id,
                };
                return_workbook(&heading, &exported.rows)?
            }
            Format::Csv => {
                let mut buffer = Vec::new();
                return_csv(&mut buffer, &exported.rows, bom)?;
                buffer
            }
            other => return Err(formats::not_written(other, RETURN_FORMATS)),
        })
    }
}

/// Refuses an output path that is the database itself.
fn refuse_database(context: &Context, output: &Path) -> Result<()> {
    let canonical = |path: &Path| -> Option<PathBuf> {
        if let Ok(path) = fs::canonicalize(path) {
            return Some(path);
        }
        let parent = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        Some(fs::canonicalize(parent).ok()?.join(path.file_name()?))
    };
    if canonical(output).is_some() && canonical(output) == canonical(&context.db) {
        bail!(
            "{} is the database: write the return to another file",
            output.display()
        );
    }
    Ok(())
}

/// Apply returned files as updates, checked first and never applied twice.
///
/// Reads each returned file, xlsx or CSV, even after Excel or LibreOffice
/// resaved it (columns found by header, any order; extra columns ignored;
/// rows deleted or sorted; Windows-1252 CSV; dates reformatted). Each row
/// with an answer becomes one update of its milestone, dated --on and
/// recorded as reported by the lead the return was sent to; blank answers
/// change nothing. Refused rows (bad RAG, status or timeline, a new timeline
/// without a reason, an unknown id, a milestone the lead does not share) and
/// rows whose milestone was updated after the return was sent (a conflict,
/// shown with both versions) are listed and not applied. All other rows are
/// applied in one transaction. A row applied before is never applied again.
/// Exit code 1 when any row was refused or in conflict.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  actionplan returns import returns/*.xlsx --by 'Planning officer' --on 2020-03-02 --dry-run
  actionplan returns import returns/Marie-Moy.xlsx --by 'Planning officer'
  actionplan returns import late.csv --by 'Planning officer' --force    (apply over newer updates)")]
pub struct ImportArgs {
    /// The returned files (.xlsx or .csv).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Who is entering the returns (recorded with each file received).
    #[arg(long, value_name = "NAME")]
    pub by: String,
    /// The date the updates speak for (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    pub on: Option<NaiveDate>,
    /// Show what would change and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Apply rows whose milestone was updated after the return was sent.
    #[arg(long)]
    pub force: bool,
    /// Apply rows about milestones the return's lead does not share.
    #[arg(long)]
    pub any_lead: bool,
}

impl ImportArgs {
    /// Runs the import.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let today = as_of_or_today(None);
        let on = self.on.unwrap_or(today);
        let options = ImportOptions {
            on,
            by: self.by,
            dry_run: self.dry_run,
            any_lead: self.any_lead,
            force: self.force,
        };
        // Refused before any file is read or the database opened.
        check_returns(&options, today)?;
        let mut files = Vec::new();
        for path in &self.files {
            let bytes =
                fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            files.push((path.display().to_string(), bytes));
        }
        let mut store = context.open()?;
        let report = record_returns(&mut store, &files, &options, today)?;
        let total = print_import_report(&report, on)?;
        Ok(if total.rejected + total.conflicts > 0 {
            Outcome::Flagged
        } else {
            Outcome::Done
        })
    }
}

/// Prints each file's counts and its rows that need a word, then the totals.
fn print_import_report(report: &ImportReport, on: NaiveDate) -> Result<OutcomeCounts> {
    let mut total = OutcomeCounts::default();
    for file in &report.files {
        let counts = file.counts();
        total.applied += counts.applied;
        total.unchanged += counts.unchanged;
        total.already_applied += counts.already_applied;
        total.rejected += counts.rejected;
        total.conflicts += counts.conflicts;
        let leads = report.leads_of(file);
        let whose = if leads.is_empty() {
            String::new()
        } else {
            format!(" ({leads})")
        };
        print_line(&format!(
            "{}{whose}: {}",
            file.file,
            counts_words(&counts, report.dry_run)
        ))?;
        for row in &file.rows {
            if let Some(line) = row_line(row, report.dry_run) {
                print_line(&format!("  {line}"))?;
            }
        }
    }
    if report.files.len() > 1 {
        print_line(&format!("total: {}", counts_words(&total, report.dry_run)))?;
    }
    let ending = if report.dry_run {
        "dry run: nothing was written".to_string()
    } else if total.applied > 0 {
        format!(
            "recorded {} for {} in one transaction",
            count_words(total.applied, "update"),
            long_date(on)
        )
    } else if total.already_applied > 0 {
        "nothing applied: every answer in these files was applied by an earlier import".to_string()
    } else {
        "nothing applied".to_string()
    };
    eprintln!("{ending}");
    Ok(total)
}

/// "2 applied, 5 unchanged, 0 already applied, 1 rejected, 1 in conflict".
fn counts_words(counts: &OutcomeCounts, dry_run: bool) -> String {
    let applied = if dry_run { "to apply" } else { "applied" };
    format!(
        "{} {applied}, {} unchanged, {} already applied, {} rejected, {} in conflict",
        counts.applied, counts.unchanged, counts.already_applied, counts.rejected, counts.conflicts
    )
}

/// A line for a row that was applied, refused or in conflict; none for blank rows.
fn row_line(row: &JudgedRow, dry_run: bool) -> Option<String> {
    let number = row.number;
    Some(match &row.outcome {
        RowOutcome::Apply {
            milestone_id,
            answer,
            warning,
            ..
        } => {
            let verb = if dry_run { "would apply" } else { "applied" };
            let warning = warning
                .as_ref()
                .map(|why| format!(" ({})", applied_anyway_words(*milestone_id, why)))
                .unwrap_or_default();
            format!(
                "row {number}: milestone {milestone_id} {verb}: {}{warning}",
                answer.describe()
            )
        }
        RowOutcome::Unchanged => return None,
        RowOutcome::AlreadyApplied { milestone_id } => {
            format!("row {number}: milestone {milestone_id} already applied by an earlier import")
        }
        RowOutcome::Duplicate {
            milestone_id,
            first,
        } => format!("row {number}: milestone {milestone_id} not applied: duplicate of {first}"),
        RowOutcome::Rejected { problems, refusals } => {
            let reasons: Vec<String> = problems
                .iter()
                .map(|p| match &p.column {
                    Some(column) => format!("column {column:?}: {}", p.message),
                    None => p.message.clone(),
                })
                .chain(refusals.iter().map(refusal_words))
                .collect();
            format!("row {number}: rejected: {}", reasons.join("; "))
        }
        RowOutcome::Conflict {
            milestone_id,
            answer,
            newer,
        } => format!(
            "row {number}: milestone {milestone_id} in conflict, not applied (give --force to apply it):\n      the return says: {}\n      the plan now says: {newer}",
            answer.describe()
        ),
    })
}

/// A valid answer refused as the import was run, and the flag that lets
/// it through (or the date to give instead).
fn refusal_words(refusal: &Refusal) -> String {
    match refusal {
        Refusal::NotTheirMilestone {
            milestone_id,
            lead,
            leads,
        } => format!(
            "{}: give --any-lead to accept it",
            not_their_milestone_words(*milestone_id, lead, leads)
        ),
        Refusal::DatedBeforeLatest {
            milestone_id,
            on,
            latest,
        } => format!(
            "the import is dated {on} but milestone {milestone_id} was updated or sent on {latest}: an update dated earlier would not take effect; import with --on {latest} or later"
        ),
    }
}

/// Why a row was applied that would not have been without a flag.
fn applied_anyway_words(milestone_id: i64, why: &AppliedAnyway) -> String {
    match why {
        AppliedAnyway::NotTheirMilestone { lead, leads } => format!(
            "{}; applied because of --any-lead",
            not_their_milestone_words(milestone_id, lead, leads)
        ),
        AppliedAnyway::OverNewerUpdate => "applied over a newer update because of --force".into(),
    }
}

/// "milestone 18 is not led by Marie Moy (its leads are Ross McGuffie)".
fn not_their_milestone_words(milestone_id: i64, lead: &str, leads: &[String]) -> String {
    format!(
        "milestone {milestone_id} is not led by {lead} (its leads are {})",
        leads.join(", ")
    )
}

/// Which leads have sent their return back, and which are to chase.
///
/// One row per lead of the plan: how many milestones they lead, the date of
/// the latest return sent to them, the date their latest returned file was
/// imported for, and where it stands: returned, returned with problems
/// (every row rejected or in conflict: to chase), awaited (to chase) or not
/// sent. Without --since a lead has returned when the latest return sent to
/// them has come back; with it, when any file of theirs came back on or
/// after that date.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  actionplan returns status
  actionplan returns status --since 2020-02-18 --format markdown > chase.md")]
pub struct StatusArgs {
    /// The plan (may be left out when the database holds one).
    #[arg(long)]
    pub plan: Option<String>,
    /// Count only returns that came back on or after this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    pub since: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_parser = formats::parser(REPORT_FORMATS), default_value = "table")]
    pub format: Format,
}

/// The chasing list's CSV headers and its table and Markdown titles.
const STATUS_HEADERS: [&str; 5] = ["lead", "milestones", "sent", "returned", "state"];
const STATUS_TITLES: [&str; 5] = ["Lead", "Milestones", "Sent", "Returned", "Status"];

impl StatusArgs {
    /// Runs the chasing list.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open_read_only()?;
        let plan = store.resolve_plan(self.plan.as_deref())?;
        let milestones = store.milestones(&MilestoneFilter {
            plan_id: Some(plan.id),
            ..Default::default()
        })?;
        let statuses = return_status(
            &plan_leads(&milestones),
            &store.sent_returns(Some(plan.id))?,
            self.since,
        );
        let rows: Vec<Vec<String>> = statuses.iter().map(status_cells).collect();
        match self.format {
            Format::Json => print_json(&statuses)?,
            Format::Csv => print_csv(context.csv_style(), &STATUS_HEADERS, &rows)?,
            Format::Table => {
                let mut table = new_table(&STATUS_TITLES);
                for row in rows {
                    table.add_row(row);
                }
                print_table(&table)?;
            }
            Format::Markdown => {
                print_line(markdown_table(&STATUS_TITLES, &rows).trim_end())?;
            }
            other => return Err(formats::not_written(other, REPORT_FORMATS)),
        }
        let count = |state: ReturnState| statuses.iter().filter(|s| s.state == state).count();
        eprintln!(
            "{} of {} returned; {} to chase",
            count(ReturnState::Returned),
            count_words(statuses.len(), "lead"),
            count(ReturnState::Awaited) + count(ReturnState::ReturnedWithProblems)
        );
        Ok(Outcome::Done)
    }
}

fn status_cells(status: &LeadReturnStatus) -> Vec<String> {
    vec![
        status.lead.clone(),
        status.milestones.to_string(),
        optional_cell(status.sent),
        optional_cell(status.returned),
        status.state.words().to_string(),
    ]
}
