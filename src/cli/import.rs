//! `actionplan import`: a committee appendix table into the database.

use std::path::PathBuf;

use anyhow::Result;

use actionplan::appendix::{AppendixReading, BlueMeans};
use actionplan::csvio::columns::HeaderMapping;
use actionplan::import::{ImportOptions, import_appendix_file, preview_appendix_file};
use actionplan::text_rules::check_name;

use crate::cli::output::{count_words, print_line};
use crate::cli::{Context, Outcome};

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
    after_help = "Example:\n  actionplan import appendix1.csv --plan 'Integration review 2019' --partnership 'North Lanarkshire'\n  actionplan import plan.csv --plan P --map 'Accountable officer=leads'\n  actionplan import plan.xlsx --plan P --sheet 'Action plan' --header-row 3\n  actionplan import committee-paper.docx --plan P --table 2\n  actionplan import their-plan.xlsx --plan P --dry-run"
)]
pub struct Args {
    /// The file: .csv, .xlsx, .xlsm, .xls, .ods or .docx.
    pub file: PathBuf,
    /// The plan's name.
    #[arg(long)]
    pub plan: String,
    /// The partnership the plan belongs to.
    #[arg(long)]
    pub partnership: Option<String>,
    /// Read a header as a field: 'Header=field' (fields: theme, action,
    /// milestone, leads, timeline, comment, rag, status, proposals, reference).
    /// Repeatable.
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    pub mappings: Vec<HeaderMapping>,
    /// Replace a plan of the same name (refused once it has updates or cycles).
    #[arg(long)]
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
    /// Example: actionplan import plan.csv --plan P --dry-run
    #[arg(long)]
    pub dry_run: bool,
    /// Keep the columns the tool has no field for (Commentary, Start Date,
    /// Budget...) with each milestone, and write them back in place on export.
    /// Example: actionplan import plan.csv --plan P --keep-extra
    #[arg(long)]
    pub keep_extra: bool,
}

impl Args {
    /// Runs the import.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        check_name("--plan", &self.plan)?;
        if let Some(partnership) = &self.partnership {
            check_name("--partnership", partnership)?;
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
