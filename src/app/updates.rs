//! Recording progress: one lead's update, a completion, and a round of lead
//! returns. Each refuses a date in the future (today is the caller's to
//! give) and a date before 2000 without leave to backdate, before anything
//! is read or written.
//!
//! Each has a `check_` function for the rules that need no database: the
//! command line runs it before opening the file, so a refused command never
//! touches it (no schema upgrade, no change of journal mode); the use case
//! runs it again, so a library caller cannot skip it.

use chrono::NaiveDate;

use crate::app::dates::{refuse_future_date, refuse_unlikely_date};
use crate::app::returns::{ImportOptions as ReturnsImportOptions, ImportReport, import_returns};
use crate::error::{Dated, Error, Field, Result};
use crate::model::text_rules::check_field_name;
use crate::model::{Milestone, NewUpdate, Rag, Status};
use crate::store::Store;

/// An update as it was recorded, and the milestone it changed.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedUpdate {
    /// The update's history entry id.
    pub update_id: i64,
    /// The update as stored: text trimmed, and the status Blue sets.
    pub update: NewUpdate,
    /// The milestone as it stands after the update.
    pub milestone: Milestone,
    /// The date of the milestone's latest update before this one, if any:
    /// when it is later than this update's date, this one was reported late
    /// and the later one still takes precedence.
    pub latest_before: Option<NaiveDate>,
}

/// Records a lead's update to a milestone (appended; nothing is overwritten).
///
/// Refuses a date before 2000 unless `backdate`, a date after `today`, and a
/// comment, name or reason that is blank; trims them. A Blue RAG completes
/// an open milestone unless the update sets its status.
pub fn record_update(
    store: &mut Store,
    update: NewUpdate,
    today: NaiveDate,
    backdate: bool,
) -> Result<RecordedUpdate> {
    let update = check_update(update, today, backdate)?;
    let before = store.milestone(update.milestone_id)?;
    let update = update.with_blue_completing(before.status);
    let update_id = store.append_update(&update)?;
    let milestone = store.milestone(update.milestone_id)?;
    Ok(RecordedUpdate {
        update_id,
        update,
        milestone,
        latest_before: before.last_update_on,
    })
}

/// The rules of [`record_update`] that need no database: the date neither
/// after `today` nor (unless `backdate`) before 2000, no blank comment,
/// name or reason, and the text rules of [`NewUpdate::check_text`]
/// (something changed, a reason for a new timeline, names and lengths).
/// Returns the update with its text trimmed.
pub fn check_update(update: NewUpdate, today: NaiveDate, backdate: bool) -> Result<NewUpdate> {
    refuse_unlikely_date(Dated::Update, update.on, today, backdate)?;
    let update = trimmed_update(update)?;
    update.check_text()?;
    Ok(update)
}

/// A milestone's completion, as a lead reports it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Completion {
    /// The milestone.
    pub milestone_id: i64,
    /// The date it was completed.
    pub on: NaiveDate,
    /// Who reported it.
    pub by: Option<String>,
    /// A comment, such as what was delivered.
    pub comment: Option<String>,
    /// The RAG to record; by default Green, or Blue on a plan that uses BRAG.
    pub rag: Option<Rag>,
}

impl Completion {
    /// The update that records it: status complete, with `rag` (None until
    /// the plan's default is known).
    fn update(&self, rag: Option<Rag>) -> NewUpdate {
        NewUpdate {
            milestone_id: self.milestone_id,
            on: self.on,
            by: self.by.clone(),
            rag,
            status: Some(Status::Complete),
            comment: self.comment.clone(),
            timeline: None,
            reason: None,
        }
    }
}

/// Marks a milestone complete: an update with status complete and RAG Green,
/// or Blue on a plan that uses BRAG, unless the completion names its RAG.
/// Refuses what [`record_update`] refuses.
pub fn complete(
    store: &mut Store,
    completion: Completion,
    today: NaiveDate,
    backdate: bool,
) -> Result<RecordedUpdate> {
    let rag = match completion.rag {
        Some(rag) => rag,
        None if store.plan_uses_blue(completion.milestone_id)? => Rag::Blue,
        None => Rag::Green,
    };
    record_update(store, completion.update(Some(rag)), today, backdate)
}

/// The rules of [`complete`] that need no database: those of
/// [`check_update`] for the update it records.
pub fn check_completion(completion: &Completion, today: NaiveDate, backdate: bool) -> Result<()> {
    check_update(completion.update(completion.rag), today, backdate).map(|_| ())
}

/// Applies returned lead returns as updates dated `options.on` (see
/// [`import_returns`]), after refusing a date after `today` and a blank name
/// of who is entering them (which is trimmed).
pub fn record_returns(
    store: &mut Store,
    files: &[(String, Vec<u8>)],
    options: &ReturnsImportOptions,
    today: NaiveDate,
) -> Result<ImportReport> {
    check_returns(options, today)?;
    let options = ReturnsImportOptions {
        by: options.by.trim().to_string(),
        ..options.clone()
    };
    import_returns(store, files, &options)
}

/// The rules of [`record_returns`] that need no database: the date not
/// after `today`, and who is entering them named (not blank, no control
/// characters or line breaks).
pub fn check_returns(options: &ReturnsImportOptions, today: NaiveDate) -> Result<()> {
    refuse_future_date(Dated::Update, options.on, today)?;
    let by = options.by.trim();
    if by.is_empty() {
        return Err(Error::Blank { field: Field::By });
    }
    check_field_name(Field::By, by)
}

/// The update with its comment, name and reason trimmed; refuses any of them blank.
fn trimmed_update(mut update: NewUpdate) -> Result<NewUpdate> {
    update.comment = trimmed(Field::Comment, update.comment)?;
    update.by = trimmed(Field::By, update.by)?;
    update.reason = trimmed(Field::Reason, update.reason)?;
    Ok(update)
}

/// The text trimmed; refuses text that is only spaces.
fn trimmed(field: Field, text: Option<String>) -> Result<Option<String>> {
    match text {
        None => Ok(None),
        Some(text) if text.trim().is_empty() => Err(Error::Blank { field }),
        Some(text) => Ok(Some(text.trim().to_string())),
    }
}

/// Tests; [`tests::seeded_store`] serves the other application modules' tests too.
#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::app::dates::EARLIEST_PLAUSIBLE_DATE;
    use crate::app::import::{ImportOptions, import_appendix};

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("a test date")
    }

    /// The North Lanarkshire sample plan (plan "NL"), in a database in memory.
    pub(crate) fn seeded_store() -> Store {
        let bytes = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/north-lanarkshire-integration-review-2020.csv"
        ))
        .expect("the sample plan");
        let mut store = Store::in_memory().expect("a database in memory");
        let options = ImportOptions {
            plan: "NL".to_string(),
            ..ImportOptions::default()
        };
        import_appendix(&mut store, "seed.csv", &bytes, &options).expect("the sample imports");
        store
    }

    fn red_on(on: NaiveDate) -> NewUpdate {
        NewUpdate {
            milestone_id: 4,
            on,
            rag: Some(Rag::Red),
            ..NewUpdate::default()
        }
    }

    #[test]
    fn a_library_caller_is_refused_an_update_dated_after_today() {
        let mut store = seeded_store();
        let today = date("2020-02-18");
        let err = record_update(&mut store, red_on(date("2020-02-19")), today, false).unwrap_err();
        assert!(
            matches!(
                err,
                Error::FutureDate { what: Dated::Update, on, today: t }
                    if on == date("2020-02-19") && t == today
            ),
            "{err:?}"
        );
        assert!(store.history(4).expect("a history").is_empty());
    }

    #[test]
    fn an_update_dated_today_is_recorded() {
        let mut store = seeded_store();
        let today = date("2020-02-18");
        let recorded = record_update(&mut store, red_on(today), today, false).expect("recorded");
        assert_eq!(recorded.milestone.rag, Rag::Red);
        assert_eq!(recorded.milestone.last_update_on, Some(today));
    }

    #[test]
    fn an_update_before_2000_needs_leave_to_backdate() {
        let mut store = seeded_store();
        let today = date("2020-02-18");
        let on = date("1999-11-30");
        let err = record_update(&mut store, red_on(on), today, false).unwrap_err();
        assert!(
            matches!(err, Error::ImplausibleDate { on: o, earliest } if o == on && earliest == EARLIEST_PLAUSIBLE_DATE),
            "{err:?}"
        );
    }

    #[test]
    fn a_blank_comment_is_refused_by_its_field() {
        let mut store = seeded_store();
        let today = date("2020-02-18");
        let update = NewUpdate {
            comment: Some("  ".to_string()),
            ..red_on(today)
        };
        let err = record_update(&mut store, update, today, false).unwrap_err();
        assert!(
            matches!(
                err,
                Error::Blank {
                    field: Field::Comment
                }
            ),
            "{err:?}"
        );
    }

    #[test]
    fn a_library_caller_is_refused_a_completion_dated_after_today() {
        let mut store = seeded_store();
        let today = date("2020-02-18");
        let completion = Completion {
            milestone_id: 4,
            on: date("2999-01-01"),
            ..Completion::default()
        };
        let err = complete(&mut store, completion, today, false).unwrap_err();
        assert!(
            matches!(
                err,
                Error::FutureDate {
                    what: Dated::Update,
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(store.history(4).expect("a history").is_empty());
    }

    #[test]
    fn a_library_caller_is_refused_returns_dated_after_today() {
        let mut store = seeded_store();
        let today = date("2020-02-18");
        let options = ReturnsImportOptions {
            on: date("2020-03-01"),
            by: "Planning officer".to_string(),
            dry_run: false,
            any_lead: false,
            force: false,
        };
        let err = record_returns(&mut store, &[], &options, today).unwrap_err();
        assert!(
            matches!(err, Error::FutureDate { what: Dated::Update, on, .. } if on == date("2020-03-01")),
            "{err:?}"
        );
    }
}
