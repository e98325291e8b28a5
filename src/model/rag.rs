//! The Red / Amber / Green rating a lead gives a milestone.

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
}

impl Rag {
    /// All ratings, worst first.
    pub const ALL: [Rag; 3] = [Rag::Red, Rag::Amber, Rag::Green];

    /// The one-letter form used in committee tables and in the database.
    pub fn letter(self) -> &'static str {
        match self {
            Rag::Red => "R",
            Rag::Amber => "A",
            Rag::Green => "G",
        }
    }

    /// The word, for sentences.
    pub fn word(self) -> &'static str {
        match self {
            Rag::Red => "Red",
            Rag::Amber => "Amber",
            Rag::Green => "Green",
        }
    }
}

/// What a RAG cell must hold, for error messages.
pub const RAG_EXPECTED: &str = "R, A, G, Red, Amber or Green";

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
        serializer.serialize_str(self.letter())
    }
}

impl ToSql for Rag {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.letter()))
    }
}

impl FromSql for Rag {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
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
        ] {
            assert_eq!(text.parse::<Rag>(), Ok(rag), "{text}");
        }
    }

    #[test]
    fn refuses_other_words_quoting_them() {
        let err = "Purple".parse::<Rag>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"Purple\" is not a RAG rating: expected R, A, G, Red, Amber or Green"
        );
        assert!("".parse::<Rag>().is_err());
        assert!("RA".parse::<Rag>().is_err());
    }

    #[test]
    fn round_trips_through_display_and_sqlite() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        for rag in Rag::ALL {
            assert_eq!(rag.to_string().parse::<Rag>(), Ok(rag));
            let back: Rag = conn.query_row("SELECT ?1", [rag], |r| r.get(0)).unwrap();
            assert_eq!(back, rag);
        }
    }
}
