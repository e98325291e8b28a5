//! `actionplan import`: a committee appendix table into the database.

use std::path::PathBuf;

use anyhow::Result;

use actionplan::csvio::columns::HeaderMapping;
use actionplan::import::{ImportOptions, import_appendix_file};

use crate::cli::{Context, Outcome};

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
    after_help = "Example:\n  actionplan import appendix1.csv --plan 'Integration review 2019' --partnership 'North Lanarkshire'\n  actionplan import plan.csv --plan P --map 'Accountable officer=leads'\n  actionplan import plan.xlsx --plan P --sheet 'Action plan' --header-row 3\n  actionplan import committee-paper.docx --plan P --table 2"
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
    /// milestone, leads, timeline, comment, rag, status, proposals). Repeatable.
    #[arg(long = "map", value_name = "HEADER=FIELD")]
    pub mappings: Vec<HeaderMapping>,
    /// Replace a plan of the same name (refused once it has updates or cycles).
    #[arg(long)]
    pub replace: bool,
    /// Keep a leading quote before =, +, -, @ (by default it is taken as the
    /// formula guard that exports add, and removed).
    #[arg(long)]
    pub raw: bool,
    /// The sheet of a workbook to read (by default the first whose header
    /// row names the plan's columns), e.g. --sheet 'Action plan'.
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// The table of a Word document to read, counting from 1 (by default the
    /// first whose header row names the plan's columns), e.g. --table 2.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub table: Option<u32>,
    /// The header row, numbered as the spreadsheet (or the Word table)
    /// numbers it (by default the row that best names the plan's columns,
    /// below any title rows), e.g. --header-row 3.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub header_row: Option<u32>,
}

impl Args {
    /// Runs the import.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let mut store = context.open_or_create()?;
        let options = ImportOptions {
            plan: self.plan,
            partnership: self.partnership,
            mappings: self.mappings,
            replace: self.replace,
            raw: self.raw,
            sheet: self.sheet,
            table: self.table.map(|n| n as usize),
            header_row: self.header_row.map(|n| n as usize),
        };
        let summary = import_appendix_file(&mut store, &self.file, &options)?;
        eprintln!(
            "imported {} as plan {:?}: {} themes, {} actions, {} milestones",
            self.file.display(),
            options.plan.trim(),
            summary.themes,
            summary.actions,
            summary.milestones
        );
        for warning in &summary.warnings {
            eprintln!("warning: {warning}");
        }
        Ok(Outcome::Done)
    }
}
