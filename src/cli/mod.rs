//! The command-line interface: one module per command, each with its clap
//! arguments (whose doc comments are the `--help` text) and a `run`.

pub mod formats;
pub mod output;
pub mod stream;

mod backup;
mod calendar;
mod check;
mod check_db;
mod complete;
mod completions;
mod cycle;
mod demo;
mod export;
mod history;
mod import;
mod lead;
mod link;
mod list;
mod man;
mod milestone;
mod movement;
mod overdue;
mod plan;
mod plans;
mod rag;
mod report;
mod restore;
mod retract;
mod returns;
mod selfeval;
mod show;
mod slipped;
mod update;
mod weekly;

use std::path::{Path, PathBuf};

use anyhow::Result;
use clap::{Parser, Subcommand};

use actionplan::app::output_target::{database_files, refuse_protected};
use actionplan::io::csvio::write::CsvStyle;
use actionplan::store::{JournalChoice, OpenMode, Store};

/// The sentence a failed command prints after `actionplan: `. The library's
/// errors say what is wrong without naming flags; for those the way out is a
/// flag of this command line, the sentence is worded here.
pub fn error_message(error: &anyhow::Error) -> String {
    use actionplan::error::{Error, ImportError};
    let only_the_library_error = error.chain().count() == 1;
    match error.downcast_ref::<Error>() {
        Some(Error::NoFileNamed(name)) if only_the_library_error => {
            format!("--db {name:?} names no file: give the database file's path")
        }
        Some(Error::NoSuchFolder(folder)) if only_the_library_error => format!(
            "folder {} does not exist: create it first or give another --db",
            folder.display()
        ),
        Some(Error::NoDatabase(path)) if only_the_library_error => format!(
            "no database at {}: import a plan first (actionplan import FILE --plan NAME) or give --db",
            path.display()
        ),
        Some(Error::JournalSwitchRefused {
            path,
            from,
            to,
            why,
        }) if only_the_library_error => format!(
            "{} could not be switched from journal mode {from} to {to} ({why}): another program may have it open; try again when it is closed, or give --journal {from}",
            path.display()
        ),
        // Every other error as anyhow writes it with `{:#}` (each cause
        // after ": "), a library error that names a flag worded here.
        _ => error
            .chain()
            .map(|cause| {
                if let Some(import_error) = cause.downcast_ref::<ImportError>() {
                    return import_error_with_flags(import_error);
                }
                cause
                    .downcast_ref::<Error>()
                    .and_then(worded_with_flags)
                    .unwrap_or_else(|| cause.to_string())
            })
            .collect::<Vec<_>>()
            .join(": "),
    }
}

/// The sentence for a library error whose way out is a flag of this
/// command line (`--on`, `--backdate`, `--by`, `--plan`, `--replace`...),
/// worded as the command line has always printed it. None for the others.
fn worded_with_flags(error: &actionplan::error::Error) -> Option<String> {
    use actionplan::error::{Error, Field};
    Some(match error {
        Error::Import(import_error) => import_error_with_flags(import_error),
        Error::Imports(import_errors) => import_errors
            .iter()
            .map(import_error_with_flags)
            .collect::<Vec<_>>()
            .join("\n"),
        Error::FutureDate { what, on, today } => format!(
            "--on {on} is in the future (today is {today}): {}",
            what.why_not_in_the_future()
        ),
        Error::ImplausibleDate { on, earliest } => format!(
            "--on {on} is before {earliest}: is it a typing slip? Give --backdate if the date is right"
        ),
        Error::Blank { field: Field::Plan } => "--plan must name the plan".to_string(),
        Error::Blank { field } => format!("{} must not be blank", flag_of(*field)),
        Error::TextRefused { field, fault } => fault.sentence(flag_of(*field)),
        Error::NothingToUpdate => {
            "an update must change something: give --rag, --status, --comment or --due".to_string()
        }
        Error::LeadNeeded => "a milestone needs at least one lead (--lead NAME)".to_string(),
        Error::NoDatabase(path) => format!(
            "no database at {}: import a plan first (actionplan import FILE --plan NAME) or name another database",
            path.display()
        ),
        Error::EmptyDatabase(path) => format!(
            "{} is empty (0 bytes): it holds no plan yet; import one with actionplan import FILE --plan NAME",
            path.display()
        ),
        Error::NoPlans => {
            "the database holds no plan yet: import one with actionplan import FILE --plan NAME"
                .to_string()
        }
        Error::EveryPlanArchived(archived) => format!(
            "every plan in the database is archived ({archived}): name one with --plan, \
             give --include-archived to report on archived plans, or bring one back with \
             actionplan plan unarchive NAME --by NAME"
        ),
        Error::BackupExists(target) => format!(
            "{} exists already: give --force to replace it, or choose another name",
            target.display()
        ),
        Error::PlacedAfterItself { milestone } => {
            format!("--after {milestone}: a milestone cannot be placed after itself")
        }
        Error::PlacedAfterOtherAction { after } => format!(
            "--after {after}: milestone {after} is under another action; \
             give a milestone of the action it is placed in"
        ),
        Error::AdditionNotRetracted { entry, milestone } => format!(
            "entry {entry} added milestone {milestone}: an addition is not retracted; \
             retire the milestone instead (actionplan milestone retire {milestone} --reason ...)"
        ),
        Error::PlanRequired(plans) => {
            format!("the database holds several plans ({plans}): choose one with --plan")
        }
        Error::PlanExists(name) => format!(
            "a plan named {name:?} exists already: give --replace to replace it, or choose another name"
        ),
        Error::NoSelfEvaluations => "the database holds no self-evaluation yet: import one with actionplan selfeval import FILE --partnership NAME --label LABEL".to_string(),
        Error::PartnershipRequired(partnerships) => format!(
            "the database holds self-evaluations of several partnerships ({partnerships}): choose one with --partnership"
        ),
        Error::SelfEvaluationExists { partnership, label } => format!(
            "{partnership} already has a self-evaluation labelled {label:?}: give --replace to replace it, or choose another label"
        ),
        Error::SelfEvaluationDatedOtherwise {
            label,
            partnership,
            dated,
            given,
        } => format!(
            "the self-evaluation {label:?} of {partnership} is dated {dated}, not {given}: leave out --on, or give that date"
        ),
        Error::ReasonNeeded { what } => format!("{what} needs a reason (--reason TEXT)"),
        Error::MergedIntoItself { into } => {
            format!("--into {into}: a milestone cannot be merged into itself")
        }
        Error::MergedAcrossPlans { into } => {
            format!("--into {into}: that milestone belongs to another plan")
        }
        Error::AmbiguousAction { text, themes } => format!(
            "{} actions read {text:?}, under themes {}: say which with --to-theme",
            themes.len(),
            themes
                .iter()
                .map(|theme| format!("{theme:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Error::NothingToEdit => {
            "give what changes: --milestone, --action, --theme, --ref or --lead".to_string()
        }
        Error::NowhereToMove => {
            "say where it goes: --to-action TEXT, --after ID, or both".to_string()
        }
        Error::CyclesOutOfOrder {
            later,
            later_closed_on,
            earlier,
            earlier_closed_on,
        } => format!(
            "--to {later:?} (closed on {later_closed_on}) is earlier than --from {earlier:?} \
             (closed on {earlier_closed_on}): give the earlier cycle as --from"
        ),
        Error::NoCycleBefore(label) => format!(
            "no cycle was closed before {label:?}: give --from LABEL (see actionplan cycle list)"
        ),
        Error::NoCycleClosed => "no committee cycle has been closed for this plan yet: \
             close one with actionplan cycle close LABEL --on DATE"
            .to_string(),
        Error::NoPlanOfPartnership(partnership) => format!(
            "no plan in use belongs to partnership {partnership:?} (archived plans count only \
             with --include-archived): import one with actionplan import FILE --plan NAME \
             --partnership {partnership:?}"
        ),
        Error::TooFewPartnerships => {
            "benchmarking needs two or more partnerships: give --partnership for each".to_string()
        }
        Error::PartnershipGivenTwice(partnership) => {
            format!("--partnership {partnership:?} is given twice")
        }
        _ => return None,
    })
}

/// A refused file as the library words it, except that each problem with
/// a choice of how to read the file names the flag that makes the choice.
fn import_error_with_flags(error: &actionplan::error::ImportError) -> String {
    let mut worded = error.clone();
    for problem in &mut worded.problems {
        let Some(choice) = &problem.choice else {
            continue;
        };
        // The message starts with the choice's words; what a reader added
        // after them (a note, the sheet it is in) is kept.
        if let Some(added) = problem.message.strip_prefix(&choice.to_string()) {
            problem.message = format!("{}{added}", reading_choice_with_flags(choice));
        }
    }
    worded.to_string()
}

/// A choice of how to read a file, worded with the flag that makes it
/// (`--sheet`, `--table`, `--header-row`, `--map`).
fn reading_choice_with_flags(choice: &actionplan::error::ReadingChoice) -> String {
    use actionplan::error::{PartKind, ReadingChoice};
    match choice {
        ReadingChoice::SheetOfNoWorkbook { format } => {
            format!("--sheet chooses a sheet of a workbook, but this is {format}")
        }
        ReadingChoice::TableOfNoDocument { format } => {
            format!("--table chooses a table of a Word document, but this is {format}")
        }
        ReadingChoice::NoSuchSheet { name, sheets } => {
            format!("--sheet {name:?}: the file has no such sheet; it has {sheets}")
        }
        ReadingChoice::NoSuchTable { number, tables } => {
            format!("--table {number}: the file has no such table; it has {tables}")
        }
        ReadingChoice::NoHeaderRow {
            kind,
            parts,
            hidden,
        } => {
            let value = match kind {
                PartKind::Sheet => "NAME",
                PartKind::Table => "N",
            };
            let mut words = format!(
                "no {kind} has a header row naming the plan's columns (such as \"Improvement Action\", \"Lead\", \"Timeline\"): the file has {parts}; choose one with --{kind} {value} and its header row with --header-row N",
                kind = kind.word()
            );
            if !hidden.is_empty() {
                words.push_str(&format!(
                    "; hidden and not read: {} (give --sheet NAME to read one)",
                    hidden.join(", ")
                ));
            }
            words
        }
        ReadingChoice::NoSuchHeaderRow {
            number,
            place,
            last,
        } => format!(
            "--header-row {number}: {place} has no row {number} with cells in it (its last row is {last})"
        ),
        ReadingChoice::HeaderMappedTwice { header } => {
            format!("--map names the header {header:?} twice: map each header once")
        }
        ReadingChoice::FieldMappedTwice { field } => {
            format!("--map gives the {field} field twice: map one header to each field")
        }
        ReadingChoice::NotAField {
            header,
            field,
            fields,
        } => format!(
            "--map {:?}: {field:?} is not a field; fields are {fields}",
            format!("{header}={field}")
        ),
        ReadingChoice::MappedHeaderMissing { header, headers } => format!(
            "--map names the header {header:?}, which the file does not have; its headers are {headers}"
        ),
        ReadingChoice::ColumnMissing {
            header,
            field,
            headers,
        } => format!(
            "no {header:?} column (the {field} field): the headers are {headers}; name it {header:?}, or map one with --map 'Header={field}'"
        ),
    }
}

/// The flag (or argument) of this command line that gives a field.
fn flag_of(field: actionplan::error::Field) -> &'static str {
    use actionplan::error::Field;
    match field {
        Field::By => "--by",
        Field::Comment => "--comment",
        Field::Reason => "--reason",
        Field::Plan => "--plan",
        Field::Theme => "--theme",
        Field::Action => "--action",
        Field::Milestone => "--milestone",
        Field::Partnership => "--partnership",
        Field::Label => "--label",
        Field::Lead => "--lead",
        Field::LeadNewName => "NEW",
        Field::LeadTakingOver => "--to",
    }
}

/// How a command ended, when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Done: exit 0.
    Done,
    /// A check found something to look at: exit 1.
    Flagged,
}

const EXAMPLES: &str = "\
Examples:
  actionplan demo
  actionplan import appendix1.csv --plan 'Integration review 2019'
  actionplan overdue --as-of 2020-02-18
  actionplan rag --format csv
  actionplan --no-bom list --format csv > list.csv
  actionplan export -o appendix1.csv
  actionplan report --as-of 2020-02-18 -o committee-pack.html
  actionplan --journal delete --db 'S:/Integration/plan.db' update 12 --rag A
  actionplan returns export --all returns/
  actionplan completions bash > ~/.local/share/bash-completion/completions/actionplan

Exit codes: 0 done; 1 `check` or `check-db` found something; 2 error (bad input, usage, database).";

/// Keep a partnership's improvement action plan in SQLite and turn it into the
/// tables committee papers need: overdue actions, RAG counts, the appendix.
#[derive(Debug, Parser)]
#[command(name = "actionplan", version, after_help = EXAMPLES)]
pub struct Cli {
    /// The database file [default: $ACTIONPLAN_DB when set and not empty,
    /// else actionplan.db].
    #[arg(long, global = true, value_name = "DB")]
    pub db: Option<PathBuf>,

    /// How the database is journaled when written: auto picks the rollback
    /// journal (delete) on a network drive and WAL on a local disk
    /// [default: $ACTIONPLAN_JOURNAL when set and not empty, else auto].
    #[arg(long, global = true, value_enum)]
    pub journal: Option<JournalArg>,

    /// Leave out the UTF-8 byte order mark every CSV otherwise starts with
    /// (reports, the appendix, weekly files, returns), for scripts that do
    /// not expect it. Excel needs the mark to read "–" and "£" right.
    #[arg(long, global = true)]
    pub no_bom: bool,

    /// Include archived plans in reports over every plan (they are left out
    /// otherwise; a report that names a plan with --plan always shows it).
    #[arg(long, global = true)]
    pub include_archived: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// `--journal`: the journal mode a command that writes uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum JournalArg {
    /// WAL on a local disk, the rollback journal on a network drive (SMB, NFS, sshfs).
    Auto,
    /// Always WAL: only when every user runs on the machine that holds the file.
    Wal,
    /// Always the rollback journal: safe on a shared drive.
    Delete,
}

impl From<JournalArg> for JournalChoice {
    fn from(arg: JournalArg) -> JournalChoice {
        match arg {
            JournalArg::Auto => JournalChoice::Auto,
            JournalArg::Wal => JournalChoice::Wal,
            JournalArg::Delete => JournalChoice::Delete,
        }
    }
}

/// The commands. Each one's help comes from the doc comment on its `Args`.
#[derive(Debug, Subcommand)]
pub enum Command {
    Demo(demo::Args),
    Import(import::Args),
    Export(export::Args),
    Calendar(calendar::Args),
    Overdue(overdue::Args),
    Rag(rag::Args),
    Report(report::Args),
    Plans(plans::Args),
    #[command(subcommand)]
    Plan(plan::Command),
    #[command(subcommand)]
    Lead(lead::Command),
    List(list::Args),
    Show(show::Args),
    Update(update::Args),
    Complete(complete::Args),
    #[command(subcommand)]
    Milestone(milestone::Command),
    Retract(retract::Args),
    History(history::Args),
    Slipped(slipped::Args),
    Cycle(cycle::Args),
    Movement(movement::Args),
    Weekly(weekly::Args),
    Check(check::Args),
    #[command(subcommand)]
    Selfeval(selfeval::Command),
    #[command(subcommand)]
    Returns(returns::Command),
    Link(link::Args),
    Backup(backup::Args),
    Restore(restore::Args),
    CheckDb(check_db::Args),
    Completions(completions::Args),
    Man(man::Args),
}

/// What every command gets: where the database is and how to journal it.
#[derive(Debug, Clone)]
pub struct Context {
    /// The database path.
    pub db: PathBuf,
    /// The journal mode for commands that write.
    pub journal: JournalChoice,
    /// Whether CSV starts with the UTF-8 byte order mark (not with `--no-bom`).
    pub bom: bool,
    /// Whether reports over every plan include archived plans (`--include-archived`).
    pub include_archived: bool,
}

impl Context {
    /// How report CSV is written: BOM (unless `--no-bom`), CRLF, formula-safe.
    pub fn csv_style(&self) -> CsvStyle {
        CsvStyle::REPORT.with_bom(self.bom)
    }

    /// Opens the database for a command that only reads: read-only, it must exist.
    pub fn open_read_only(&self) -> Result<Store> {
        self.open_as(OpenMode::ReadOnly)
    }

    /// Opens the database for a command that updates: it must exist.
    pub fn open(&self) -> Result<Store> {
        self.open_as(OpenMode::MustExist)
    }

    /// Opens the database for an import, creating it when missing.
    pub fn open_or_create(&self) -> Result<Store> {
        self.open_as(OpenMode::CreateIfMissing)
    }

    /// Refuses an output file that is the database or a file SQLite keeps
    /// beside it, however the path is spelled.
    pub fn check_output(&self, target: &Path) -> Result<()> {
        Ok(refuse_protected(target, &database_files(&self.db))?)
    }

    fn open_as(&self, mode: OpenMode) -> Result<Store> {
        let mut store = Store::open_with_journal(&self.db, mode, self.journal)?;
        store.set_include_archived(self.include_archived);
        Ok(store)
    }
}

impl Cli {
    /// Runs the chosen command.
    pub fn run(self) -> Result<Outcome> {
        let context = Context {
            db: database_path(self.db, std::env::var_os("ACTIONPLAN_DB")),
            journal: journal_choice(self.journal, std::env::var("ACTIONPLAN_JOURNAL").ok())?,
            bom: !self.no_bom,
            include_archived: self.include_archived,
        };
        let existed = context.db.exists();
        let is_import = matches!(self.command, Command::Import(_));
        let outcome = self.command.run(&context);
        if outcome.is_err() && is_import && !existed && context.db.is_file() {
            // A refused import leaves no new database behind. (A refused
            // `selfeval import` keeps the empty database it made: its tests
            // list the empty result afterwards.)
            let _ = Store::remove_if_unused(&context.db);
        }
        outcome
    }
}

/// The database: `--db`, else `ACTIONPLAN_DB` unless it is empty (an empty
/// variable counts as unset), else `actionplan.db`.
fn database_path(flag: Option<PathBuf>, env: Option<std::ffi::OsString>) -> PathBuf {
    flag.or_else(|| env.filter(|value| !value.is_empty()).map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("actionplan.db"))
}

/// The journal mode: `--journal`, else `ACTIONPLAN_JOURNAL` unless it is
/// empty, else auto.
fn journal_choice(flag: Option<JournalArg>, env: Option<String>) -> Result<JournalChoice> {
    if let Some(flag) = flag {
        return Ok(flag.into());
    }
    match env.filter(|value| !value.trim().is_empty()) {
        Some(value) => Ok(value
            .parse::<JournalChoice>()
            .map_err(|error| anyhow::anyhow!("ACTIONPLAN_JOURNAL: {error}"))?),
        None => Ok(JournalChoice::Auto),
    }
}

impl Command {
    /// Runs the command.
    fn run(self, context: &Context) -> Result<Outcome> {
        match self {
            Command::Demo(args) => args.run(),
            Command::Import(args) => args.run(context),
            Command::Export(args) => args.run(context),
            Command::Calendar(args) => args.run(context),
            Command::Overdue(args) => args.run(context),
            Command::Rag(args) => args.run(context),
            Command::Report(args) => args.run(context),
            Command::Plans(args) => args.run(context),
            Command::Plan(command) => command.run(context),
            Command::Lead(command) => command.run(context),
            Command::List(args) => args.run(context),
            Command::Show(args) => args.run(context),
            Command::Update(args) => args.run(context),
            Command::Complete(args) => args.run(context),
            Command::Milestone(command) => command.run(context),
            Command::Retract(args) => args.run(context),
            Command::History(args) => args.run(context),
            Command::Slipped(args) => args.run(context),
            Command::Cycle(args) => args.run(context),
            Command::Movement(args) => args.run(context),
            Command::Weekly(args) => args.run(context),
            Command::Check(args) => args.run(context),
            Command::Selfeval(command) => command.run(context),
            Command::Link(args) => args.run(context),
            Command::Backup(args) => args.run(context),
            Command::Restore(args) => args.run(context),
            Command::CheckDb(args) => args.run(context),
            Command::Returns(command) => command.run(context),
            Command::Completions(args) => args.run(),
            Command::Man(args) => args.run(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_actionplan_journal_counts_as_unset_and_the_flag_wins() {
        assert_eq!(
            journal_choice(None, Some(String::new())).unwrap(),
            JournalChoice::Auto
        );
        assert_eq!(journal_choice(None, None).unwrap(), JournalChoice::Auto);
        assert_eq!(
            journal_choice(None, Some("delete".into())).unwrap(),
            JournalChoice::Delete
        );
        assert_eq!(
            journal_choice(Some(JournalArg::Wal), Some("delete".into())).unwrap(),
            JournalChoice::Wal
        );
        let err = journal_choice(None, Some("truncate".into())).unwrap_err();
        assert_eq!(
            err.to_string(),
            "ACTIONPLAN_JOURNAL: \"truncate\" is not a journal mode: expected wal, delete or auto"
        );
    }

    #[test]
    fn a_reading_choice_is_worded_with_its_flag_and_keeps_what_the_reader_added() {
        use actionplan::error::{ImportError, Problem, ReadingChoice};
        let mut problem = Problem::choice(ReadingChoice::ColumnMissing {
            header: "Report Recommendation".into(),
            field: "theme".into(),
            headers: "\"Action plan 2020\"".into(),
        });
        problem.message.push_str(" [in sheet \"2020\"]");
        let error = ImportError {
            file: "plan.xlsx".into(),
            problems: vec![problem, Problem::file("the file is empty")],
        };
        assert_eq!(
            import_error_with_flags(&error),
            "plan.xlsx was not imported (2 problems; nothing was stored):\n  \
             plan.xlsx: no \"Report Recommendation\" column (the theme field): the headers are \"Action plan 2020\"; name it \"Report Recommendation\", or map one with --map 'Header=theme' [in sheet \"2020\"]\n  \
             plan.xlsx: the file is empty"
        );
        assert!(!error.to_string().contains("--map"), "{error}");
    }

    #[test]
    fn an_empty_actionplan_db_counts_as_unset() {
        assert_eq!(
            database_path(None, Some("".into())),
            PathBuf::from("actionplan.db")
        );
        assert_eq!(database_path(None, None), PathBuf::from("actionplan.db"));
        assert_eq!(
            database_path(None, Some("p.db".into())),
            PathBuf::from("p.db")
        );
        assert_eq!(
            database_path(Some("flag.db".into()), Some("p.db".into())),
            PathBuf::from("flag.db")
        );
    }
}
