//! The Red / Amber / Green rating a lead gives a milestone, with the Blue of
//! BRAG plans (finished) and "not rated" for a plan that has no RAG yet.

use std::fmt;
use std::str::FromStr;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::Serialize;

/// A RAG rating: a human judgement of how a milestone is going.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rag {
    /// Off track.
    Red,
    /// At risk.
    Amber,
    /// On track or done.
    Green,
    /// BRAG's Blue: finished (complete, or closed with `--blue-means closed`).
    /// Stored as "B" so an export gives the B back.
    Blue,
    /// No rating given: a plan at approval has no RAG column. Stored as NULL,
    /// shown in its own column and never counted as red, amber or green.
    NotRated,
}

impl Rag {
    /// The three ratings that are counted as red, amber or green, worst first.
    pub const ALL: [Rag; 3] = [Rag::Red, Rag::Amber, Rag::Green];

    /// Every value, including Blue and not rated.
    pub const EVERY: [Rag; 5] = [Rag::Red, Rag::Amber, Rag::Green, Rag::Blue, Rag::NotRated];

    /// The one-letter form used in committee tables and in the database.
    pub fn letter(self) -> &'static str {
        match self {
            Rag::Red => "R",
            Rag::Amber => "A",
            Rag::Green => "G",
            Rag::Blue => "B",
            Rag::NotRated => "",
        }
    }

    /// The word, for sentences.
    pub fn word(self) -> &'static str {
        match self {
            Rag::Red => "Red",
            Rag::Amber => "Amber",
            Rag::Green => "Green",
            Rag::Blue => "Blue",
            Rag::NotRated => "not rated",
        }
    }

    /// The letter, or "not rated": for tables a person reads.
    pub fn label(self) -> &'static str {
        match self {
            Rag::NotRated => self.word(),
            rated => rated.letter(),
        }
    }

    /// Whether this is one of the three ratings counted as red, amber or green.
    pub fn is_counted(self) -> bool {
        Rag::ALL.contains(&self)
    }
}

/// What a RAG cell must hold, for error messages.
pub const RAG_EXPECTED: &str = "R, A, G, Red, Amber or Green, or B (Blue) for a finished milestone";

/// A RAG value that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RagError {
    /// The text as given.
    pub value: String,
}

impl fmt::Display for RagError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a RAG rating: expected {RAG_EXPECTED}",
            self.value
        )
    }
}

impl std::error::Error for RagError {}

impl FromStr for Rag {
    type Err = RagError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().to_ascii_lowercase().as_str() {
            "r" | "red" => Ok(Rag::Red),
            "a" | "amber" => Ok(Rag::Amber),
            "g" | "green" => Ok(Rag::Green),
            "b" | "blue" => Ok(Rag::Blue),
            _ => Err(RagError {
                value: text.to_string(),
            }),
        }
    }
}

impl fmt::Display for Rag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.letter())
    }
}

impl Serialize for Rag {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Rag::NotRated => serializer.serialize_none(),
            rated => serializer.serialize_str(rated.letter()),
        }
    }
}

impl ToSql for Rag {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Rag::NotRated => ToSqlOutput::from(rusqlite::types::Null),
            rated => ToSqlOutput::from(rated.letter()),
        })
    }
}

impl FromSql for Rag {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        if value == ValueRef::Null {
            return Ok(Rag::NotRated);
        }
        value
            .as_str()?
            .parse()
            .map_err(|e: RagError| FromSqlError::Other(Box::new(e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_letters_and_words_in_any_case() {
        for (text, rag) in [
            ("R", Rag::Red),
            ("red", Rag::Red),
            (" Amber ", Rag::Amber),
            ("a", Rag::Amber),
            ("GREEN", Rag::Green),
            ("g", Rag::Green),
            ("B", Rag::Blue),
            ("Blue", Rag::Blue),
        ] {
            assert_eq!(text.parse::<Rag>(), Ok(rag), "{text}");
        }
    }

    #[test]
    fn refuses_other_words_quoting_them() {
        let err = "Purple".parse::<Rag>().unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("\"Purple\" is not a RAG rating: expected {RAG_EXPECTED}")
        );
        assert!("".parse::<Rag>().is_err());
        assert!("RA".parse::<Rag>().is_err());
    }

    #[test]
    fn round_trips_through_display_and_sqlite() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        for rag in Rag::EVERY {
            if rag != Rag::NotRated {
                assert_eq!(rag.to_string().parse::<Rag>(), Ok(rag));
            }
            let back: Rag = conn.query_row("SELECT ?1", [rag], |r| r.get(0)).unwrap();
            assert_eq!(back, rag);
        }
        let stored: Option<String> = conn
            .query_row("SELECT ?1", [Rag::NotRated], |r| r.get(0))
            .unwrap();
        assert_eq!(stored, None, "not rated is stored as NULL");
    }
}
