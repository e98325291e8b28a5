//! A milestone's target: a timeline with a due date, or a word that says it has
//! none ("Ongoing", "TBC", "TBA", "N/A", "Annual"). A milestone without a due
//! date is never overdue; `check` flags it as "no target date".

use std::fmt;

use chrono::NaiveDate;
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::model::{Timeline, TimelineError};

/// A word a plan writes in its timeline column when there is no target date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NoDate {
    /// "Ongoing": continuing work with no end.
    Ongoing,
    /// "TBC": to be confirmed.
    Tbc,
    /// "TBA": to be agreed (or announced).
    Tba,
    /// "N/A": not applicable.
    NotApplicable,
    /// "Annual": recurs every year.
    Annual,
}

impl NoDate {
    /// Every no-date word, in the order the docs list them.
    pub const ALL: [NoDate; 5] = [
        NoDate::Ongoing,
        NoDate::Tbc,
        NoDate::Tba,
        NoDate::NotApplicable,
        NoDate::Annual,
    ];

    /// The word as stored, shown and exported.
    pub fn word(self) -> &'static str {
        match self {
            NoDate::Ongoing => "Ongoing",
            NoDate::Tbc => "TBC",
            NoDate::Tba => "TBA",
            NoDate::NotApplicable => "N/A",
            NoDate::Annual => "Annual",
        }
    }

    /// Reads a no-date word in any case, with or without a trailing full stop.
    pub fn parse(text: &str) -> Option<NoDate> {
        let word = text.trim().trim_end_matches('.').trim();
        NoDate::ALL
            .into_iter()
            .find(|no_date| no_date.word().eq_ignore_ascii_case(word))
    }
}

/// The no-date words, for messages and docs.
pub const NO_DATE_WORDS: &str = "Ongoing, TBC, TBA, N/A or Annual";

/// When a milestone is due: a timeline, or a word saying there is no date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// A timeline with its due date.
    Timeline(Timeline),
    /// No target date, with the word the plan used.
    NoDate(NoDate),
}

impl Target {
    /// Reads a timeline cell: a no-date word, or any form `Timeline::parse` takes.
    pub fn parse(text: &str) -> Result<Target, TimelineError> {
        match NoDate::parse(text) {
            Some(no_date) => Ok(Target::NoDate(no_date)),
            None => Timeline::parse(text).map(Target::Timeline),
        }
    }

    /// The due date, or None when there is no target date.
    pub fn due(&self) -> Option<NaiveDate> {
        self.timeline().map(|timeline| timeline.due())
    }

    /// The timeline, or None when there is no target date.
    pub fn timeline(&self) -> Option<Timeline> {
        match self {
            Target::Timeline(timeline) => Some(*timeline),
            Target::NoDate(_) => None,
        }
    }
}

impl From<Timeline> for Target {
    fn from(timeline: Timeline) -> Self {
        Target::Timeline(timeline)
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Timeline(timeline) => timeline.fmt(f),
            Target::NoDate(no_date) => f.write_str(no_date.word()),
        }
    }
}

impl std::str::FromStr for Target {
    type Err = TimelineError;

    fn from_str(text: &str) -> Result<Target, TimelineError> {
        Target::parse(text)
    }
}

impl serde::Serialize for Target {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl ToSql for Target {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.to_string()))
    }
}

impl FromSql for Target {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        Target::parse(value.as_str()?).map_err(|error| FromSqlError::Other(Box::new(error)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_date_words_are_read_in_any_case_and_written_one_way() {
        for (text, word) in [
            ("Ongoing", "Ongoing"),
            ("ongoing", "Ongoing"),
            ("TBC", "TBC"),
            ("tbc.", "TBC"),
            ("TBA", "TBA"),
            ("n/a", "N/A"),
            ("N/A", "N/A"),
            ("Annual", "Annual"),
        ] {
            let target = Target::parse(text).unwrap();
            assert_eq!(target.to_string(), word, "{text}");
            assert_eq!(target.due(), None, "{text}");
        }
    }

    #[test]
    fn a_timeline_keeps_its_due_date_and_other_words_are_refused() {
        let target = Target::parse("Sep 19").unwrap();
        assert_eq!(target.due(), NaiveDate::from_ymd_opt(2019, 9, 30));
        assert_eq!(target.to_string(), "Sep 19");
        assert!(Target::parse("Soon").is_err());
        assert!(Target::parse("").is_err());
    }

    #[test]
    fn round_trips_through_sqlite() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        for text in ["Q1 2020/21", "Ongoing", "N/A", "30/09/2019"] {
            let target = Target::parse(text).unwrap();
            let back: Target = conn.query_row("SELECT ?1", [target], |r| r.get(0)).unwrap();
            assert_eq!(back, target);
        }
    }
}
