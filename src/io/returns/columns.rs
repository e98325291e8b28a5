//! The columns of a lead return, in the order they are written, and the token
//! each row carries of the state it was sent in.

use std::fmt;
use std::str::FromStr;

/// One column of a return. Context columns are locked; answer columns are for the lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReturnColumn {
    /// The milestone's id.
    Id,
    /// The theme (Report Recommendation).
    Theme,
    /// The improvement action.
    Action,
    /// The milestone detail.
    Milestone,
    /// The current timeline.
    Timeline,
    /// The current RAG.
    Rag,
    /// The current status.
    Status,
    /// The latest comment.
    Comment,
    /// The date of the latest update.
    LastUpdated,
    /// Answer: a new RAG.
    NewRag,
    /// Answer: a new status.
    NewStatus,
    /// Answer: a new comment.
    NewComment,
    /// Answer: a new target timeline.
    NewTimeline,
    /// Answer: why the timeline moved.
    Reason,
    /// The state the row was sent in (hidden in the workbook).
    Token,
}

impl ReturnColumn {
    /// Every column, in the order a return is written.
    pub const ALL: [ReturnColumn; 15] = [
        ReturnColumn::Id,
        ReturnColumn::Theme,
        ReturnColumn::Action,
        ReturnColumn::Milestone,
        ReturnColumn::Timeline,
        ReturnColumn::Rag,
        ReturnColumn::Status,
        ReturnColumn::Comment,
        ReturnColumn::LastUpdated,
        ReturnColumn::NewRag,
        ReturnColumn::NewStatus,
        ReturnColumn::NewComment,
        ReturnColumn::NewTimeline,
        ReturnColumn::Reason,
        ReturnColumn::Token,
    ];

    /// The header as written, and as matched (in any case) when read back.
    pub fn header(self) -> &'static str {
        match self {
            ReturnColumn::Id => "ID",
            ReturnColumn::Theme => "Theme",
            ReturnColumn::Action => "Improvement action",
            ReturnColumn::Milestone => "Milestone",
            ReturnColumn::Timeline => "Current timeline",
            ReturnColumn::Rag => "Current RAG",
            ReturnColumn::Status => "Status",
            ReturnColumn::Comment => "Latest comment",
            ReturnColumn::LastUpdated => "Last updated",
            ReturnColumn::NewRag => "New RAG",
            ReturnColumn::NewStatus => "New status",
            ReturnColumn::NewComment => "New comment",
            ReturnColumn::NewTimeline => "New timeline",
            ReturnColumn::Reason => "Reason for new timeline",
            ReturnColumn::Token => "Return token",
        }
    }

    /// True for the columns a lead fills in.
    pub fn is_answer(self) -> bool {
        matches!(
            self,
            ReturnColumn::NewRag
                | ReturnColumn::NewStatus
                | ReturnColumn::NewComment
                | ReturnColumn::NewTimeline
                | ReturnColumn::Reason
        )
    }

    /// The headers of every column, in order.
    pub fn headers() -> Vec<&'static str> {
        ReturnColumn::ALL.iter().map(|c| c.header()).collect()
    }

    /// The column's position in a return as written.
    pub fn index(self) -> usize {
        ReturnColumn::ALL
            .iter()
            .position(|c| *c == self)
            .expect("every column is in ALL")
    }
}

/// What a row was sent in: the return it belongs to and the id of the
/// milestone's latest history entry then (0 when it had none). Written
/// "R12-E345": letters keep a spreadsheet from reading it as a number or date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ReturnToken {
    /// The return's id (as recorded when it was exported).
    pub return_id: i64,
    /// The id of the milestone's latest history entry when it was sent; 0 for none.
    pub latest_entry: i64,
}

/// What a return token must look like, for error messages.
pub const TOKEN_EXPECTED: &str =
    "a token such as \"R12-E345\", as exported (do not edit the Return token column)";

impl fmt::Display for ReturnToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "R{}-E{}", self.return_id, self.latest_entry)
    }
}

impl FromStr for ReturnToken {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let refuse = || format!("{text:?} is not a return token: expected {TOKEN_EXPECTED}");
        let upper = text.trim().to_ascii_uppercase();
        let (return_part, entry_part) = upper.split_once('-').ok_or_else(refuse)?;
        let number = |part: &str, letter: char| -> Option<i64> {
            let digits = part.strip_prefix(letter)?;
            if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
                return None;
            }
            digits.parse().ok()
        };
        match (number(return_part, 'R'), number(entry_part, 'E')) {
            (Some(return_id), Some(latest_entry)) if return_id > 0 => Ok(ReturnToken {
                return_id,
                latest_entry,
            }),
            _ => Err(refuse()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_refuse_edits() {
        let token = ReturnToken {
            return_id: 12,
            latest_entry: 345,
        };
        assert_eq!(token.to_string(), "R12-E345");
        assert_eq!("R12-E345".parse(), Ok(token));
        assert_eq!(" r12-e345 ".parse(), Ok(token));
        assert_eq!(
            "R3-E0".parse::<ReturnToken>().map(|t| t.latest_entry),
            Ok(0)
        );
        for bad in [
            "", "R12", "12-345", "R-E1", "R0-E1", "R1-E-1", "R1-E1x", "R1-E1-2",
        ] {
            assert!(bad.parse::<ReturnToken>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn headers_are_distinct_and_answer_columns_are_the_five_new_ones() {
        let headers = ReturnColumn::headers();
        let mut lower: Vec<String> = headers.iter().map(|h| h.to_lowercase()).collect();
        lower.sort();
        lower.dedup();
        assert_eq!(lower.len(), headers.len());
        let answers: Vec<&str> = ReturnColumn::ALL
            .iter()
            .filter(|c| c.is_answer())
            .map(|c| c.header())
            .collect();
        assert_eq!(
            answers,
            [
                "New RAG",
                "New status",
                "New comment",
                "New timeline",
                "Reason for new timeline"
            ]
        );
        assert_eq!(ReturnColumn::Token.index(), 14);
    }
}
