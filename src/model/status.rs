//! Where a milestone stands: not started, in progress or complete.

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
}

/// What a status must be, for error messages.
pub const STATUS_EXPECTED: &str = "not started, in progress or complete";

impl Status {
    /// All statuses in the order work moves through them.
    pub const ALL: [Status; 3] = [Status::NotStarted, Status::InProgress, Status::Complete];

    /// The stored and displayed words.
    pub fn words(self) -> &'static str {
        match self {
            Status::NotStarted => "not started",
            Status::InProgress => "in progress",
            Status::Complete => "complete",
        }
    }

    /// True unless the milestone is complete.
    pub fn is_open(self) -> bool {
        self != Status::Complete
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
            .to_lowercase()
            .chars()
            .map(|c| if c == '-' || c == '_' { ' ' } else { c })
            .collect();
        match normal
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .as_str()
        {
            "not started" => Ok(Status::NotStarted),
            "in progress" | "ongoing" => Ok(Status::InProgress),
            "complete" | "completed" | "done" => Ok(Status::Complete),
            _ => Err(StatusError {
                value: text.to_string(),
            }),
        }
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
            "\"finished?\" is not a status: expected not started, in progress or complete"
        );
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
