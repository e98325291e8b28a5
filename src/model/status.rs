//! Where a milestone stands: not started, in progress, complete or closed,
//! and the words real plans use for each (see docs/APPENDIX-FORMAT.md).

use std::fmt;
use std::str::FromStr;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::Serialize;

/// A milestone's delivery status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// Work has not begun.
    NotStarted,
    /// Work is under way.
    InProgress,
    /// Delivered.
    Complete,
    /// Will not be delivered as written: withdrawn, superseded or merged into
    /// another action. Kept and shown, never overdue, never counted in RAG totals.
    Closed,
}

/// What a status must be, for error messages.
pub const STATUS_EXPECTED: &str = "not started, in progress, complete or closed, or a plan's word for one (on track, delayed, behind schedule, at risk, ongoing, completed, delivered, withdrawn, superseded, merged with ...)";

/// The words real plans write in a Status column, lower case, and what each means.
/// A word starting "merged" ("Merged with 3.2") is closed too.
pub const STATUS_WORDS: [(&str, Status); 21] = [
    ("not started", Status::NotStarted),
    ("not yet started", Status::NotStarted),
    ("in progress", Status::InProgress),
    ("on track", Status::InProgress),
    ("ongoing", Status::InProgress),
    ("delayed", Status::InProgress),
    ("behind schedule", Status::InProgress),
    ("at risk", Status::InProgress),
    ("started", Status::InProgress),
    ("underway", Status::InProgress),
    ("under way", Status::InProgress),
    ("complete", Status::Complete),
    ("completed", Status::Complete),
    ("delivered", Status::Complete),
    ("done", Status::Complete),
    ("achieved", Status::Complete),
    ("closed", Status::Closed),
    ("withdrawn", Status::Closed),
    ("superseded", Status::Closed),
    ("merged", Status::Closed),
    ("cancelled", Status::Closed),
];

impl Status {
    /// All statuses in the order work moves through them.
    pub const ALL: [Status; 4] = [
        Status::NotStarted,
        Status::InProgress,
        Status::Complete,
        Status::Closed,
    ];

    /// The stored and displayed words.
    pub fn words(self) -> &'static str {
        match self {
            Status::NotStarted => "not started",
            Status::InProgress => "in progress",
            Status::Complete => "complete",
            Status::Closed => "closed",
        }
    }

    /// True while work is still to do: not started or in progress.
    pub fn is_open(self) -> bool {
        matches!(self, Status::NotStarted | Status::InProgress)
    }

    /// The status an update sets on a milestone whose status is `self`,
    /// given the RAG and status it carries: the status given, if any; else
    /// Complete when it rates the milestone Blue (BRAG: finished) while open
    /// (a closed one stays closed); else none. Without this a Blue milestone
    /// stayed open and, once past due, was overdue with RAG B. Every way of
    /// recording an update (`update`, returns) goes through it.
    pub fn set_by_update(
        self,
        rag: Option<crate::model::Rag>,
        given: Option<Status>,
    ) -> Option<Status> {
        match given {
            Some(status) => Some(status),
            None if rag == Some(crate::model::Rag::Blue) && self.is_open() => {
                Some(Status::Complete)
            }
            None => None,
        }
    }

    /// The status a committee comment implies when the table has no Status column:
    /// complete when the comment starts with the word "Complete" or "Completed"
    /// (any case, any punctuation after it), otherwise in progress.
    pub fn from_comment(comment: &str) -> Status {
        let first_word: String = comment
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect::<String>()
            .to_lowercase();
        if first_word == "complete" || first_word == "completed" {
            Status::Complete
        } else {
            Status::InProgress
        }
    }
}

/// A status that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusError {
    /// The text as given.
    pub value: String,
}

impl fmt::Display for StatusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a status: expected {STATUS_EXPECTED}",
            self.value
        )
    }
}

impl std::error::Error for StatusError {}

impl FromStr for Status {
    type Err = StatusError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let normal: String = text
            .trim()
            .trim_end_matches(['.', '!'])
            .to_lowercase()
            .chars()
            .map(|c| if c == '-' || c == '_' { ' ' } else { c })
            .collect();
        let normal = normal.split_whitespace().collect::<Vec<_>>().join(" ");
        let merged = normal == "merged" || normal.starts_with("merged ");
        STATUS_WORDS
            .iter()
            .find(|(word, _)| *word == normal)
            .map(|(_, status)| *status)
            .or(merged.then_some(Status::Closed))
            .ok_or_else(|| StatusError {
                value: text.to_string(),
            })
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.words())
    }
}

impl Serialize for Status {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.words())
    }
}

impl ToSql for Status {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.words()))
    }
}

impl FromSql for Status {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value
            .as_str()?
            .parse()
            .map_err(|e: StatusError| FromSqlError::Other(Box::new(e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_rule_reads_complete_and_completed_as_words() {
        for comment in [
            "Complete.",
            "Completed - group now operational",
            "complete",
            "  COMPLETE. Presented",
            "Completed",
        ] {
            assert_eq!(Status::from_comment(comment), Status::Complete, "{comment}");
        }
        for comment in [
            "Ongoing. Complete by March",
            "Completely new approach",
            "Incomplete",
            "",
            "Delayed.",
        ] {
            assert_eq!(
                Status::from_comment(comment),
                Status::InProgress,
                "{comment}"
            );
        }
    }

    #[test]
    fn parses_the_three_words_loosely() {
        assert_eq!("Not Started".parse(), Ok(Status::NotStarted));
        assert_eq!("not-started".parse(), Ok(Status::NotStarted));
        assert_eq!("in_progress".parse(), Ok(Status::InProgress));
        assert_eq!("Completed".parse(), Ok(Status::Complete));
        let err = "finished?".parse::<Status>().unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("\"finished?\" is not a status: expected {STATUS_EXPECTED}")
        );
    }

    #[test]
    fn reads_the_words_real_plans_use() {
        for (word, status) in [
            ("On track", Status::InProgress),
            ("NOT STARTED", Status::NotStarted),
            ("Delayed", Status::InProgress),
            ("Behind schedule", Status::InProgress),
            ("At Risk", Status::InProgress),
            ("Ongoing", Status::InProgress),
            ("In progress", Status::InProgress),
            ("Complete", Status::Complete),
            ("COMPLETED", Status::Complete),
            ("Delivered", Status::Complete),
            ("Closed", Status::Closed),
            ("Withdrawn", Status::Closed),
            ("Superseded", Status::Closed),
            ("Merged with action 3.2", Status::Closed),
        ] {
            assert_eq!(word.parse::<Status>(), Ok(status), "{word}");
        }
        assert!("Mergedwith".parse::<Status>().is_err());
    }

    #[test]
    fn closed_and_complete_are_not_open() {
        assert!(Status::NotStarted.is_open());
        assert!(Status::InProgress.is_open());
        assert!(!Status::Complete.is_open());
        assert!(!Status::Closed.is_open());
    }

    #[test]
    fn round_trips_through_display_and_sqlite() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        for status in Status::ALL {
            assert_eq!(status.to_string().parse::<Status>(), Ok(status));
            let back: Status = conn.query_row("SELECT ?1", [status], |r| r.get(0)).unwrap();
            assert_eq!(back, status);
        }
    }
}
