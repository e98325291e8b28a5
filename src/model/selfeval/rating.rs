//! The four-level rating scale of the MSG self-evaluation.

use std::fmt;
use std::str::FromStr;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::Serialize;

/// How far a partnership judges a proposal to be in place, lowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rating {
    /// Level 1: not yet established.
    NotYetEstablished,
    /// Level 2: partly established.
    PartlyEstablished,
    /// Level 3: established.
    Established,
    /// Level 4: exemplary.
    Exemplary,
}

/// What a rating cell must hold, for error messages.
pub const RATING_EXPECTED: &str =
    "Not yet established, Partly established, Established or Exemplary (or 1 to 4)";

impl Rating {
    /// All ratings, lowest first.
    pub const ALL: [Rating; 4] = [
        Rating::NotYetEstablished,
        Rating::PartlyEstablished,
        Rating::Established,
        Rating::Exemplary,
    ];

    /// The rating as the template writes it ("Partly established").
    pub fn words(self) -> &'static str {
        match self {
            Rating::NotYetEstablished => "Not yet established",
            Rating::PartlyEstablished => "Partly established",
            Rating::Established => "Established",
            Rating::Exemplary => "Exemplary",
        }
    }

    /// The level on the scale, 1 (not yet established) to 4 (exemplary).
    pub fn level(self) -> u8 {
        match self {
            Rating::NotYetEstablished => 1,
            Rating::PartlyEstablished => 2,
            Rating::Established => 3,
            Rating::Exemplary => 4,
        }
    }

    /// The form stored in the database and used as a field name ("partly_established").
    pub fn key(self) -> &'static str {
        match self {
            Rating::NotYetEstablished => "not_yet_established",
            Rating::PartlyEstablished => "partly_established",
            Rating::Established => "established",
            Rating::Exemplary => "exemplary",
        }
    }
}

/// A rating that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RatingError {
    /// The text as given.
    pub value: String,
}

impl fmt::Display for RatingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:?} is not a rating: expected {RATING_EXPECTED}",
            self.value
        )
    }
}

impl std::error::Error for RatingError {}

impl FromStr for Rating {
    type Err = RatingError;

    /// Reads the words in any case and spacing ("partly  Established",
    /// "partly_established"), or the level 1 to 4.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let words = text
            .trim()
            .to_lowercase()
            .replace(['_', '-'], " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        match words.as_str() {
            "1" | "not yet established" => Ok(Rating::NotYetEstablished),
            "2" | "partly established" => Ok(Rating::PartlyEstablished),
            "3" | "established" => Ok(Rating::Established),
            "4" | "exemplary" => Ok(Rating::Exemplary),
            _ => Err(RatingError {
                value: text.to_string(),
            }),
        }
    }
}

impl fmt::Display for Rating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.words())
    }
}

impl Serialize for Rating {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.words())
    }
}

impl ToSql for Rating {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.key()))
    }
}

impl FromSql for Rating {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value
            .as_str()?
            .parse()
            .map_err(|e: RatingError| FromSqlError::Other(Box::new(e)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_words_in_any_case_and_levels() {
        for (text, rating) in [
            ("Not yet established", Rating::NotYetEstablished),
            ("NOT YET  ESTABLISHED", Rating::NotYetEstablished),
            ("1", Rating::NotYetEstablished),
            ("partly established", Rating::PartlyEstablished),
            ("Partly Established", Rating::PartlyEstablished),
            ("partly_established", Rating::PartlyEstablished),
            (" 2 ", Rating::PartlyEstablished),
            ("established", Rating::Established),
            ("3", Rating::Established),
            ("EXEMPLARY", Rating::Exemplary),
            ("4", Rating::Exemplary),
        ] {
            assert_eq!(text.parse::<Rating>(), Ok(rating), "{text}");
        }
    }

    #[test]
    fn refuses_other_words_quoting_them() {
        let err = "Brilliant".parse::<Rating>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "\"Brilliant\" is not a rating: expected Not yet established, Partly established, \
             Established or Exemplary (or 1 to 4)"
        );
        for bad in ["", "0", "5", "X", "partly", "established!"] {
            assert!(bad.parse::<Rating>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn orders_lowest_first() {
        assert!(Rating::NotYetEstablished < Rating::PartlyEstablished);
        assert!(Rating::PartlyEstablished < Rating::Established);
        assert!(Rating::Established < Rating::Exemplary);
        let levels: Vec<u8> = Rating::ALL.iter().map(|r| r.level()).collect();
        assert_eq!(levels, vec![1, 2, 3, 4]);
    }

    #[test]
    fn round_trips_through_display_key_json_and_sqlite() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        for rating in Rating::ALL {
            assert_eq!(rating.to_string().parse::<Rating>(), Ok(rating));
            assert_eq!(rating.key().parse::<Rating>(), Ok(rating));
            assert_eq!(rating.level().to_string().parse::<Rating>(), Ok(rating));
            let json = serde_json::to_string(&rating).unwrap();
            assert_eq!(json, format!("\"{}\"", rating.words()));
            let stored: String = conn.query_row("SELECT ?1", [rating], |r| r.get(0)).unwrap();
            assert_eq!(stored, rating.key());
            let back: Rating = conn.query_row("SELECT ?1", [rating], |r| r.get(0)).unwrap();
            assert_eq!(back, rating);
        }
    }
}
