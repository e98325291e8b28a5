//! The library's errors: each carries what a user needs to put the input right.

use std::fmt;
use std::path::PathBuf;

use chrono::NaiveDate;

use crate::model::count_words;
use crate::model::text_rules::{MAX_CELL_CHARS, escape_for_terminal};

/// A stored count and its noun, for an error message: "1 committee cycle".
fn counted(count: &i64, noun: &str) -> String {
    count_words(usize::try_from(*count).unwrap_or(0), noun)
}

/// Names quoted and comma-separated, for an error message: "\"A\", \"B\"".
fn quoted_list(names: &[String]) -> String {
    names
        .iter()
        .map(|name| format!("{name:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Everything the library can refuse or fail at.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// SQLite failed.
    #[error("database")]
    Sqlite(#[from] rusqlite::Error),
    /// The schema could not be brought up to date.
    #[error("database upgrade failed")]
    Migration(#[from] rusqlite_migration::Error),
    /// A read command was given a database that does not exist. (The command
    /// line adds how to name another one.)
    #[error("no database at {}: import a plan first (actionplan import FILE --plan NAME) or name another database", .0.display())]
    NoDatabase(PathBuf),
    /// The database path names no file (empty, or SQLite's `:memory:`).
    #[error("{0:?} names no file: give the database file's path")]
    NoFileNamed(String),
    /// A command that only reads was given a file of zero bytes; it was left
    /// as it was. (The command line adds how to import a plan.)
    #[error("{} is empty (0 bytes): it holds no plan yet; import one first", .0.display())]
    EmptyDatabase(PathBuf),
    /// The folder given for the database does not exist; nothing was created.
    #[error("folder {} does not exist: create it first or name a database in another folder", .0.display())]
    NoSuchFolder(PathBuf),
    /// SQLite refused to switch the database's journal mode (another program
    /// has it open); nothing was written.
    #[error("{} could not be switched from journal mode {from} to {to} ({why}): another program may have it open; try again when it is closed, or keep journal mode {from}", path.display())]
    JournalSwitchRefused {
        /// The database file.
        path: PathBuf,
        /// The mode it has (`wal`, `delete`, ...).
        from: String,
        /// The mode asked for.
        to: String,
        /// What SQLite said.
        why: String,
    },
    /// The database (or a file SQLite needs beside it) cannot be written by this user.
    #[error("{} cannot be written: {reason}", path.display())]
    NotWritable {
        /// The database file.
        path: PathBuf,
        /// Which file or folder is in the way, and why.
        reason: String,
    },
    /// A write command found the database damaged and wrote nothing.
    #[error("{} failed its quick check ({faults}); nothing was written: run actionplan check-db, and restore the latest good backup with actionplan restore", path.display())]
    Damaged {
        /// The database file.
        path: PathBuf,
        /// What `PRAGMA quick_check` reported.
        faults: String,
    },
    /// The file is SQLite (or not), but not ours; it was left untouched.
    #[error("{} is not an actionplan database; it was left untouched", .0.display())]
    NotOurDatabase(PathBuf),
    /// The database was written by a newer version of this tool.
    #[error("{} was written by a newer actionplan (schema version {found}; this version knows up to {known}): install the newer actionplan to open it", path.display())]
    DatabaseTooNew {
        /// The database file.
        path: PathBuf,
        /// Its schema version.
        found: i64,
        /// The newest this build knows.
        known: i64,
    },
    /// A file could not be imported; nothing was stored.
    #[error(transparent)]
    Import(#[from] ImportError),
    /// Several files could not be imported together; nothing was stored.
    /// Each file's refusal on its own lines, in the order given.
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Imports(Vec<ImportError>),
    /// No plan has that name.
    #[error("no plan named {name:?}: {closest}plans in the database: {known}")]
    UnknownPlan {
        /// The name asked for.
        name: String,
        /// "did you mean ...? " naming the closest plans, or empty.
        closest: String,
        /// The plans there are, comma-separated.
        known: String,
    },
    /// Nobody of that name leads a milestone.
    #[error("no lead named {name:?}: {closest}see actionplan list for who leads what")]
    UnknownLead {
        /// The name asked for.
        name: String,
        /// "did you mean ...? " naming the closest leads, or empty.
        closest: String,
    },
    /// A command needs one plan and the database holds several (named,
    /// comma-separated). (The command line names the flag that chooses one.)
    #[error("the database holds several plans ({0}): choose one by name")]
    PlanRequired(String),
    /// The database holds no plan yet. (The command line adds how to import one.)
    #[error("the database holds no plan yet: import one first")]
    NoPlans,
    /// A report over every plan found every plan archived: the plans, named
    /// with the day each was archived, comma-separated. (The command line
    /// names the flags that choose one or include them.)
    #[error(
        "every plan in the database is archived ({0}): name one, include archived plans, or bring one back (unarchive it)"
    )]
    EveryPlanArchived(String),
    /// A plan of that name exists already. (The command line names the flag
    /// that replaces it.)
    #[error("a plan named {0:?} exists already: replace it, or choose another name")]
    PlanExists(String),
    /// Replacing the plan would throw away recorded history.
    #[error(
        "plan {name:?} has {}, {}, {} to MSG proposals made with `link` and {} sent; replacing it would lose them, so import under a new name instead",
        counted(.updates, "recorded update"),
        counted(.cycles, "committee cycle"),
        counted(.links, "link"),
        counted(.returns, "lead return")
    )]
    ReplaceWouldLoseHistory {
        /// The plan.
        name: String,
        /// Updates recorded against it.
        updates: i64,
        /// Cycles closed on it.
        cycles: i64,
        /// Links to MSG proposals made by hand with `link`.
        links: i64,
        /// Lead returns sent from it (their answers could not come back).
        returns: i64,
    },
    /// A backup's file exists already and was not to be replaced. (The
    /// command line names the flag that replaces it.)
    #[error("{} exists already: replace it, or choose another name", .0.display())]
    BackupExists(PathBuf),
    /// No milestone has that id.
    #[error("no milestone with id {0}: see actionplan list")]
    UnknownMilestone(i64),
    /// A date after today: what it dates speaks for a day that has come.
    /// (The command line names the flag the date came from.)
    #[error("{on} is in the future (today is {today}): {}", what.why_not_in_the_future())]
    FutureDate {
        /// What the date was given for.
        what: Dated,
        /// The date given.
        on: NaiveDate,
        /// Today, as the caller gave it.
        today: NaiveDate,
    },
    /// A date before the earliest plausible one, given without leave to
    /// backdate: most likely a typing slip ("0202-02-18" for "2020-02-18").
    #[error("{on} is before {earliest}: is it a typing slip? Backdate it if the date is right")]
    ImplausibleDate {
        /// The date given.
        on: NaiveDate,
        /// The earliest date accepted without leave to backdate.
        earliest: NaiveDate,
    },
    /// Text that must say something was empty or only spaces.
    #[error("{field} must not be blank")]
    Blank {
        /// Which text.
        field: Field,
    },
    /// Text given for a field is too long, or holds what it must not.
    /// (The command line names the flag it came from.)
    #[error("{}", fault.sentence(&field.to_string()))]
    TextRefused {
        /// Which text.
        field: Field,
        /// What is wrong with it.
        fault: TextFault,
    },
    /// An update that gives nothing to record: no RAG, status, comment or
    /// timeline. (The command line names the flags that give them.)
    #[error("an update must change something: a RAG rating, a status, a comment or a new timeline")]
    NothingToUpdate,
    /// A milestone was left with no lead. (The command line names the flag
    /// that gives one.)
    #[error("a milestone needs at least one lead")]
    LeadNeeded,
    /// The database holds no self-evaluation yet.
    #[error("the database holds no self-evaluation yet: import one first")]
    NoSelfEvaluations,
    /// A command needs one partnership's self-evaluations and the database
    /// holds several partnerships' (named, comma-separated).
    #[error(
        "the database holds self-evaluations of several partnerships ({0}): choose one by name"
    )]
    PartnershipRequired(String),
    /// The partnership has a self-evaluation of that label already.
    #[error(
        "{partnership} already has a self-evaluation labelled {label:?}: replace it, or choose another label"
    )]
    SelfEvaluationExists {
        /// The partnership.
        partnership: String,
        /// The label.
        label: String,
    },
    /// A rating was given a date other than its self-evaluation's.
    #[error(
        "the self-evaluation {label:?} of {partnership} is dated {dated}, not {given}: give that date, or none"
    )]
    SelfEvaluationDatedOtherwise {
        /// The self-evaluation's label.
        label: String,
        /// Its partnership.
        partnership: String,
        /// The date it has.
        dated: NaiveDate,
        /// The date given.
        given: NaiveDate,
    },
    /// A milestone edit that names nothing to change.
    #[error(
        "an edit must change something: the milestone's text, its action, its theme, its reference or its leads"
    )]
    NothingToEdit,
    /// A milestone move that names neither the action it goes to nor the
    /// milestone it follows.
    #[error("a move must say where the milestone goes: an action, a milestone to follow, or both")]
    NowhereToMove,
    /// A comparison of two cycles whose later side closed before its earlier.
    #[error(
        "cycle {later:?} (closed on {later_closed_on}) is earlier than cycle {earlier:?} (closed on {earlier_closed_on}): compare from the earlier one"
    )]
    CyclesOutOfOrder {
        /// The cycle given as the later side.
        later: String,
        /// The day it closed.
        later_closed_on: NaiveDate,
        /// The cycle given as the earlier side.
        earlier: String,
        /// The day it closed.
        earlier_closed_on: NaiveDate,
    },
    /// Movement up to a cycle, with no cycle closed before it to compare with.
    #[error("no cycle was closed before {0:?}: name the earlier cycle")]
    NoCycleBefore(String),
    /// A committee cycle closed without a label.
    #[error("a cycle needs a label, such as \"IJB 18 Feb 2020\"")]
    CycleLabelNeeded,
    /// Movement asked of a plan that has never closed a committee cycle.
    #[error("no committee cycle has been closed for this plan yet")]
    NoCycleClosed,
    /// A partnership's progress asked when no plan in use belongs to it.
    #[error("no plan in use belongs to partnership {0:?}")]
    NoPlanOfPartnership(String),
    /// A benchmark of fewer than two partnerships.
    #[error("benchmarking needs two or more partnerships")]
    TooFewPartnerships,
    /// A benchmark naming one partnership twice.
    #[error("partnership {0:?} is given twice")]
    PartnershipGivenTwice(String),
    /// A change that must say why was given no reason.
    #[error("{what} needs a reason")]
    ReasonNeeded {
        /// What needs it: "retiring a milestone", "a retraction".
        what: &'static str,
    },
    /// A milestone was to be placed after itself.
    #[error("milestone {milestone} cannot be placed after itself")]
    PlacedAfterItself {
        /// The milestone.
        milestone: i64,
    },
    /// A milestone was to be placed after one under another action.
    #[error(
        "milestone {after} is under another action: a milestone is placed after one of the action it is placed in"
    )]
    PlacedAfterOtherAction {
        /// The milestone it was to follow.
        after: i64,
    },
    /// A retraction named the entry that added a milestone: an addition is
    /// undone by retiring the milestone.
    #[error(
        "entry {entry} added milestone {milestone}: an addition is not retracted; retire the milestone instead"
    )]
    AdditionNotRetracted {
        /// The history entry.
        entry: i64,
        /// The milestone it added.
        milestone: i64,
    },
    /// A milestone to be retired was to be merged into itself.
    #[error("milestone {into} cannot be merged into itself")]
    MergedIntoItself {
        /// The milestone.
        into: i64,
    },
    /// A milestone to be retired was to be merged into one of another plan.
    #[error(
        "milestone {into} belongs to another plan: a milestone is merged only into one of its own plan"
    )]
    MergedAcrossPlans {
        /// The milestone of the other plan.
        into: i64,
    },
    /// Several themes of the plan have an action of the text given.
    #[error("{} actions read {text:?}, under themes {}: say which theme", .themes.len(), quoted_list(.themes))]
    AmbiguousAction {
        /// The action's text as given (trimmed).
        text: String,
        /// The themes that have an action of that text, in plan order.
        themes: Vec<String>,
    },
    /// An argument's value is not acceptable; the text says why.
    #[error("{0}")]
    Invalid(String),
}

/// What a date was given for, so a refusal can say why the date cannot be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dated {
    /// A lead's progress update (or a completion, or a round of returns).
    Update,
    /// The closing of a committee cycle.
    Cycle,
    /// A change to the plan: an addition, edit, retirement, move or retraction.
    PlanChange,
    /// A self-evaluation: the day it was completed.
    SelfEvaluation,
}

impl Dated {
    /// Why a date after today is refused for this.
    pub fn why_not_in_the_future(self) -> &'static str {
        match self {
            Dated::Update => "an update speaks for a day that has come",
            Dated::Cycle => {
                "a cycle freezes the plan as it stood, so close it on or after its date"
            }
            Dated::PlanChange => "a change to the plan speaks for a day that has come",
            Dated::SelfEvaluation => "a self-evaluation speaks for a day that has come",
        }
    }
}

/// What is wrong with a piece of text someone gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextFault {
    /// Longer than a spreadsheet cell holds.
    TooLong {
        /// Its length in characters.
        length: usize,
    },
    /// Holds a control character or a bidirectional override.
    ControlCharacter {
        /// The text as given.
        value: String,
        /// The first such character.
        character: char,
    },
    /// A name that runs over more than one line.
    LineBreak {
        /// The name as given.
        value: String,
    },
    /// A lead's name a plan's Lead cell would read as several people.
    ReadsAsSeveralLeads {
        /// The name as given.
        value: String,
        /// The people the Lead cell would read.
        leads: Vec<String>,
    },
    /// A lead's name a plan's Lead cell would read back as another name.
    ReadsBackAs {
        /// The name as given.
        value: String,
        /// The name the Lead cell would read.
        read_back: String,
    },
}

impl TextFault {
    /// The sentence saying what is wrong with the text called `subject`
    /// ("the comment", or a flag on the command line).
    pub fn sentence(&self, subject: &str) -> String {
        match self {
            TextFault::TooLong { length } => format!(
                "{subject} holds {length} characters; a spreadsheet cell holds at most {MAX_CELL_CHARS}"
            ),
            TextFault::ControlCharacter { value, character } => format!(
                "{subject} \"{}\" holds the control character U+{:04X}: names must be plain text",
                escape_for_terminal(value),
                u32::from(*character)
            ),
            TextFault::LineBreak { value } => format!(
                "{subject} \"{}\" holds a line break: a name is one line",
                escape_for_terminal(&value.replace('\n', "\\n"))
            ),
            TextFault::ReadsAsSeveralLeads { value, leads } => format!(
                "{subject} {value:?} reads as {} people in a plan's Lead cell ({}): give each lead on its own",
                leads.len(),
                quoted_list(leads)
            ),
            TextFault::ReadsBackAs { value, read_back } => format!(
                "{subject} {value:?} reads back from a plan's Lead cell as {read_back:?}: give that name"
            ),
        }
    }
}

/// A piece of text a caller gives, named in errors about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Who made or reported a change.
    By,
    /// A progress comment.
    Comment,
    /// Why a change was made.
    Reason,
    /// The name of a plan.
    Plan,
    /// A theme's name.
    Theme,
    /// An improvement action's text.
    Action,
    /// A milestone's text.
    Milestone,
    /// A self-evaluation's partnership.
    Partnership,
    /// A self-evaluation's label.
    Label,
    /// One of a milestone's leads.
    Lead,
    /// The new name of a lead being renamed.
    LeadNewName,
    /// The lead who takes a milestone over from another.
    LeadTakingOver,
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Field::By => "the name of who made it",
            Field::Comment => "the comment",
            Field::Reason => "the reason",
            Field::Plan => "the plan's name",
            Field::Theme => "the theme",
            Field::Action => "the improvement action",
            Field::Milestone => "the milestone's text",
            Field::Partnership => "the partnership",
            Field::Label => "the label",
            Field::Lead => "the lead",
            Field::LeadNewName => "the lead's new name",
            Field::LeadTakingOver => "the lead taking over",
        })
    }
}

/// Convenience result type for the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Whether a part of a file is a workbook's sheet or a Word document's table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// A sheet of a workbook, chosen by name.
    Sheet,
    /// A table of a Word document, chosen by number.
    Table,
}

impl PartKind {
    /// "sheet" or "table".
    pub fn word(self) -> &'static str {
        match self {
            PartKind::Sheet => "sheet",
            PartKind::Table => "table",
        }
    }
}

/// A choice of how to read a file (its sheet or table, its header row, a
/// header mapped to a field) that could not be followed, or that the file
/// needs. The library says it in its own words; a command line may say it
/// with the flags that make the choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadingChoice {
    /// A sheet was chosen, but the file is no workbook.
    SheetOfNoWorkbook {
        /// The kind of file it is, in words ("a CSV file").
        format: String,
    },
    /// A table was chosen, but the file is no Word document.
    TableOfNoDocument {
        /// The kind of file it is, in words.
        format: String,
    },
    /// The sheet chosen by name is not in the workbook.
    NoSuchSheet {
        /// The name given.
        name: String,
        /// The sheets there are, each with its first row, in words.
        sheets: String,
    },
    /// The table chosen by number is not in the document.
    NoSuchTable {
        /// The number given, counting from 1.
        number: usize,
        /// The tables there are, each with its first row, in words.
        tables: String,
    },
    /// No sheet or table has a header row naming the plan's columns.
    NoHeaderRow {
        /// Sheets or tables.
        kind: PartKind,
        /// The parts there are, each with its first row, in words.
        parts: String,
        /// The hidden sheets that were not read.
        hidden: Vec<String>,
    },
    /// The header row chosen holds no cells.
    NoSuchHeaderRow {
        /// The row given, as the file numbers it.
        number: usize,
        /// The sheet or table, or "the file".
        place: String,
        /// The file's last row.
        last: usize,
    },
    /// Two mappings name the same header.
    HeaderMappedTwice {
        /// The header.
        header: String,
    },
    /// Two mappings give the same field.
    FieldMappedTwice {
        /// The field.
        field: String,
    },
    /// A mapping names a field the import does not have.
    NotAField {
        /// The header mapped.
        header: String,
        /// The field named.
        field: String,
        /// The fields there are, comma-separated.
        fields: String,
    },
    /// A mapping names a header the file does not have.
    MappedHeaderMissing {
        /// The header.
        header: String,
        /// The file's headers, quoted and comma-separated.
        headers: String,
    },
    /// A column the import needs is not in the file.
    ColumnMissing {
        /// The column's header as the tool writes it.
        header: String,
        /// The field it gives.
        field: String,
        /// The file's headers, quoted and comma-separated.
        headers: String,
    },
}

/// The hidden sheets not read, after a refusal: "; hidden and not read: ...".
fn hidden_words(hidden: &[String]) -> String {
    if hidden.is_empty() {
        String::new()
    } else {
        format!("; hidden and not read: {}", hidden.join(", "))
    }
}

impl fmt::Display for ReadingChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadingChoice::SheetOfNoWorkbook { format } => {
                write!(f, "a sheet of a workbook was chosen, but this is {format}")
            }
            ReadingChoice::TableOfNoDocument { format } => write!(
                f,
                "a table of a Word document was chosen, but this is {format}"
            ),
            ReadingChoice::NoSuchSheet { name, sheets } => write!(
                f,
                "sheet {name:?} was chosen: the file has no such sheet; it has {sheets}"
            ),
            ReadingChoice::NoSuchTable { number, tables } => write!(
                f,
                "table {number} was chosen: the file has no such table; it has {tables}"
            ),
            ReadingChoice::NoHeaderRow {
                kind,
                parts,
                hidden,
            } => write!(
                f,
                "no {} has a header row naming the plan's columns (such as \"Improvement Action\", \"Lead\", \"Timeline\"): the file has {parts}; choose one and its header row{}",
                kind.word(),
                hidden_words(hidden)
            ),
            ReadingChoice::NoSuchHeaderRow {
                number,
                place,
                last,
            } => write!(
                f,
                "header row {number} was chosen: {place} has no row {number} with cells in it (its last row is {last})"
            ),
            ReadingChoice::HeaderMappedTwice { header } => write!(
                f,
                "the header {header:?} is mapped twice: map each header once"
            ),
            ReadingChoice::FieldMappedTwice { field } => write!(
                f,
                "the {field} field is mapped twice: map one header to each field"
            ),
            ReadingChoice::NotAField {
                header,
                field,
                fields,
            } => write!(
                f,
                "the mapping {:?}: {field:?} is not a field; fields are {fields}",
                format!("{header}={field}")
            ),
            ReadingChoice::MappedHeaderMissing { header, headers } => write!(
                f,
                "the header {header:?} is mapped, but the file does not have it; its headers are {headers}"
            ),
            ReadingChoice::ColumnMissing {
                header,
                field,
                headers,
            } => write!(
                f,
                "no {header:?} column (the {field} field): the headers are {headers}; name it {header:?}, or map a header to the {field} field"
            ),
        }
    }
}

/// One thing wrong with one cell or row of an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The row as a spreadsheet numbers it (the header is row 1), when the problem has one.
    pub row: Option<usize>,
    /// The column's header as written in the file, when the problem has one.
    pub column: Option<String>,
    /// What is wrong: the value as given and what was expected. For a
    /// problem with a reading choice, it starts with the choice's words;
    /// what a reader adds (a note, the sheet it is in) follows them.
    pub message: String,
    /// The choice of how to read the file that the problem is about, for a
    /// caller that words it in its own terms. (Boxed: most problems have
    /// none, and a problem is passed around by value.)
    pub choice: Option<Box<ReadingChoice>>,
}

impl Problem {
    /// A problem in one cell.
    pub fn cell(row: usize, column: &str, message: impl Into<String>) -> Problem {
        Problem {
            row: Some(row),
            column: Some(column.to_string()),
            message: message.into(),
            choice: None,
        }
    }

    /// A problem with a whole row.
    pub fn row(row: usize, message: impl Into<String>) -> Problem {
        Problem {
            row: Some(row),
            column: None,
            message: message.into(),
            choice: None,
        }
    }

    /// A problem with the file as a whole (its encoding, its header).
    pub fn file(message: impl Into<String>) -> Problem {
        Problem {
            row: None,
            column: None,
            message: message.into(),
            choice: None,
        }
    }

    /// A problem with how the file was asked to be read, or must be.
    pub fn choice(choice: ReadingChoice) -> Problem {
        Problem {
            row: None,
            column: None,
            message: choice.to_string(),
            choice: Some(Box::new(choice)),
        }
    }
}

/// An input file was refused: every problem found, and the file's name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// The file as the user named it.
    pub file: String,
    /// Every problem found, in file order.
    pub problems: Vec<Problem>,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.problems.len();
        let noun = if count == 1 { "problem" } else { "problems" };
        write!(
            f,
            "{} was not imported ({count} {noun}; nothing was stored):",
            self.file
        )?;
        for problem in &self.problems {
            write!(f, "\n  {}", self.file)?;
            if let Some(row) = problem.row {
                write!(f, ": row {row}")?;
            }
            if let Some(column) = &problem.column {
                write!(f, ", column {column:?}")?;
            }
            write!(f, ": {}", problem.message)?;
        }
        Ok(())
    }
}

impl std::error::Error for ImportError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn import_error_names_file_row_column_and_value() {
        let err = ImportError {
            file: "plan.csv".into(),
            problems: vec![
                Problem::cell(5, "RAG", "\"Purple\" is not a RAG rating"),
                Problem::file("the file is empty"),
            ],
        };
        assert_eq!(
            err.to_string(),
            "plan.csv was not imported (2 problems; nothing was stored):\n  \
             plan.csv: row 5, column \"RAG\": \"Purple\" is not a RAG rating\n  \
             plan.csv: the file is empty"
        );
    }
}
