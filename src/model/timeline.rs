//! Milestone timelines as council officers write them.
//!
//! A timeline is a month ("Sep 19"), a date ("30/09/2019"), a financial
//! quarter ("Q1 2020/21") or a financial year ("2019/20"). The UK public
//! sector financial year runs from 1 April to 31 March. Whatever the form,
//! a timeline is due on the last day of the period it names.
//!
//! Each of those comes in the spellings real plans use: "March 2021",
//! "Mar-21" (what Excel shows for a cell formatted mmm-yy), "31 March 2021",
//! "31st March 2021", "31-Mar-21", "31.03.2021", "31-03-2021", "31/03/21",
//! "Quarter 3 2020/21", "2020/21 Q3", and any of them after "End of" or "By"
//! ("End of June 2021"). Seasons ("Summer 2021") name no month and are refused.
//!
//! Parsing works in three plain steps: the text is split into tokens (words,
//! numbers, `/`, `-` and `.`; whitespace and commas only separate tokens),
//! the words that add nothing ("end of", an ordinal's "st") are dropped, then
//! the token sequence is matched against the accepted shapes.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

/// Earliest year a timeline may name.
const MIN_YEAR: i32 = 1900;
/// Latest year a timeline may name.
const MAX_YEAR: i32 = 2999;

/// Three-letter English month names, January first, as used for display.
const MONTH_ABBREVIATIONS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// How precisely a timeline was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Precision {
    /// A single date, such as "30/09/2019".
    Day,
    /// A calendar month, such as "Sep 19".
    Month,
    /// A financial quarter, such as "Q1 2020/21".
    Quarter,
    /// A financial year, such as "2019/20".
    FinancialYear,
}

/// A milestone's target, as councils write it, knowing its due date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Timeline {
    precision: Precision,
    /// The last day of the period; for `Day` the date itself.
    due: NaiveDate,
}

/// What a timeline must look like, for error messages.
pub const TIMELINE_EXPECTED: &str = "a month such as \"Sep 19\" or \"March 2021\", \
     a date such as \"30/09/2019\" or \"31 March 2021\", \
     a quarter such as \"Q1 2020/21\" or \"Quarter 1 2020/21\" \
     or a financial year such as \"2019/20\"";

/// Words that name a season: a season is no month, so it has no due date.
const SEASONS: [&str; 5] = ["spring", "summer", "autumn", "fall", "winter"];

/// A timeline that could not be read; quotes the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineError {
    /// The text that was given, exactly as given.
    pub value: String,
}

impl fmt::Display for TimelineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if names_a_season(&self.value) {
            return write!(
                f,
                "\"{}\" names a season, not a month: write the month it is due by, \
                 such as \"Aug 21\" for the end of summer 2021",
                self.value
            );
        }
        write!(
            f,
            "\"{}\" is not a timeline: expected {TIMELINE_EXPECTED}",
            self.value
        )
    }
}

/// True when the text's first word is a season ("Summer 2021").
fn names_a_season(text: &str) -> bool {
    let first_word = text
        .split(|c: char| !c.is_alphabetic())
        .find(|word| !word.is_empty())
        .unwrap_or("")
        .to_lowercase();
    SEASONS.contains(&first_word.as_str())
}

impl std::error::Error for TimelineError {}

impl Timeline {
    /// Reads a timeline written as a month, a date, a financial quarter or a financial year.
    pub fn parse(text: &str) -> Result<Timeline, TimelineError> {
        parse_timeline(text).ok_or_else(|| TimelineError {
            value: text.to_string(),
        })
    }

    /// A month timeline, due on the month's last day; `None` for a bad month or a year outside 1900-2999.
    pub fn month(year: i32, month: u32) -> Option<Timeline> {
        if !year_in_range(year) {
            return None;
        }
        let due = last_day_of_month(year, month)?;
        Some(Timeline {
            precision: Precision::Month,
            due,
        })
    }

    /// A day timeline, due on that date (only years 1900-2999 display in a form that parses back).
    pub fn day(date: NaiveDate) -> Timeline {
        Timeline {
            precision: Precision::Day,
            due: date,
        }
    }

    /// How precisely this timeline was written.
    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// The last day of the period this timeline names.
    pub fn due(&self) -> NaiveDate {
        self.due
    }

    /// Whole calendar months from `earlier`'s due month to this one's (negative if this one is earlier).
    pub fn months_after(&self, earlier: &Timeline) -> i32 {
        month_index(self.due) - month_index(earlier.due)
    }
}

impl FromStr for Timeline {
    type Err = TimelineError;

    fn from_str(text: &str) -> Result<Timeline, TimelineError> {
        Timeline::parse(text)
    }
}

impl fmt::Display for Timeline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let due = self.due;
        match self.precision {
            Precision::Day => write!(f, "{:02}/{:02}/{:04}", due.day(), due.month(), due.year()),
            Precision::Month => {
                let name = month_abbreviation(due.month());
                if (2000..=2099).contains(&due.year()) {
                    write!(f, "{} {:02}", name, due.year() - 2000)
                } else {
                    write!(f, "{} {:04}", name, due.year())
                }
            }
            Precision::Quarter => {
                let (quarter, first_year) = quarter_of_due_date(due);
                write!(f, "Q{} ", quarter)?;
                write_financial_year(f, first_year)
            }
            Precision::FinancialYear => write_financial_year(f, due.year() - 1),
        }
    }
}

impl serde::Serialize for Timeline {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl ToSql for Timeline {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.to_string()))
    }
}

impl FromSql for Timeline {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        Timeline::parse(text).map_err(|error| FromSqlError::Other(Box::new(error)))
    }
}

// ---------------------------------------------------------------------------
// Tokens
// ---------------------------------------------------------------------------

/// One piece of a written timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    /// A run of letters, lower-cased.
    Word(String),
    /// A run of ASCII digits.
    Number(String),
    /// A `/`.
    Slash,
    /// A `-`.
    Dash,
    /// A `.`, as in "31.03.2021".
    Dot,
}

/// Splits text into tokens; `None` if it holds any character that is not a
/// letter, an ASCII digit, `/`, `-`, `.`, a comma or whitespace.
fn tokenize(text: &str) -> Option<Vec<Token>> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_whitespace() || c == ',' {
            continue;
        } else if c == '/' {
            tokens.push(Token::Slash);
        } else if c == '-' {
            tokens.push(Token::Dash);
        } else if c == '.' {
            tokens.push(Token::Dot);
        } else if c.is_ascii_digit() {
            let mut digits = String::from(c);
            while let Some(&next) = chars.peek() {
                if !next.is_ascii_digit() {
                    break;
                }
                digits.push(next);
                chars.next();
            }
            tokens.push(Token::Number(digits));
        } else if c.is_alphabetic() {
            let mut word = String::from(c);
            while let Some(&next) = chars.peek() {
                if !next.is_alphabetic() {
                    break;
                }
                word.push(next);
                chars.next();
            }
            tokens.push(Token::Word(word.to_lowercase()));
        } else {
            return None;
        }
    }
    Some(tokens)
}

/// True for the tokens that may separate the two years of a financial year.
fn is_year_separator(token: &Token) -> bool {
    matches!(token, Token::Slash | Token::Dash)
}

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

/// Reads a timeline, or `None` if the text is not one.
fn parse_timeline(text: &str) -> Option<Timeline> {
    let tokens = drop_ordinal_suffixes(tokenize(text)?);
    match strip_deadline_prefix(&tokens) {
        // "Sep 19", "Dec19", "Sept 2019", "september 2019", and Excel's mmm-yy "Sep-19"
        [Token::Word(name), Token::Number(year)]
        | [Token::Word(name), Token::Dash, Token::Number(year)] => parse_named_month(name, year),
        // "Q1 2020/21", "Q1 20/21", "Q1 2020-21", "Quarter 1 2020/21", "Qtr 1 2020/21"
        [Token::Word(q), rest @ ..] if is_quarter_word(q) => parse_quarter(rest),
        // "2020/21 Q3", "2020-21 Quarter 3"
        [
            Token::Number(first),
            separator,
            Token::Number(second),
            Token::Word(q),
            Token::Number(quarter),
        ] if is_year_separator(separator) && is_quarter_word(q) => {
            quarter_timeline(quarter, first, second)
        }
        // "31 March 2021", "1 June 2002", "31st March 2021", "31 Mar 21"
        [Token::Number(day), Token::Word(name), Token::Number(year)]
        // "31-Mar-21", Excel's d-mmm-yy
        | [
            Token::Number(day),
            Token::Dash,
            Token::Word(name),
            Token::Dash,
            Token::Number(year),
        ] => parse_date_with_month_name(day, name, year),
        // "09/2019", "9/2019", or a financial year "2019/20", "2019/2020"
        [Token::Number(first), Token::Slash, Token::Number(second)] => {
            if first.len() == 4 {
                parse_financial_year(first, second)
            } else {
                parse_numeric_month(first, second)
            }
        }
        // A financial year "2019-20", or an ISO month "2019-09".
        // "2010-11" could be either; councils mean the financial year.
        [Token::Number(first), Token::Dash, Token::Number(second)] => {
            parse_financial_year(first, second).or_else(|| parse_iso_month(first, second))
        }
        // "30/09/2019", "30/9/2019", "30/09/19", "31.03.2021", and "31-03-2016"
        // (a day first: an ISO date starts with its four-digit year)
        [
            Token::Number(day),
            first,
            Token::Number(month),
            second,
            Token::Number(year),
        ] if first == second && is_date_separator(first) && day.len() <= 2 => {
            parse_date(&expand_two_digit_year(year), month, day)
        }
        // "2019-09-30"
        [
            Token::Number(year),
            Token::Dash,
            Token::Number(month),
            Token::Dash,
            Token::Number(day),
        ] => parse_iso_date(year, month, day),
        _ => None,
    }
}

/// Drops the "st", "nd", "rd" or "th" after a day number ("31st" reads as "31").
fn drop_ordinal_suffixes(tokens: Vec<Token>) -> Vec<Token> {
    let mut kept: Vec<Token> = Vec::with_capacity(tokens.len());
    for token in tokens {
        let is_suffix =
            matches!(&token, Token::Word(w) if ["st", "nd", "rd", "th"].contains(&w.as_str()));
        if is_suffix && matches!(kept.last(), Some(Token::Number(_))) {
            continue;
        }
        kept.push(token);
    }
    kept
}

/// The tokens after a leading "End of", "By", "By end of" or "By the end of",
/// which add nothing: a timeline is always due at the end of its period.
fn strip_deadline_prefix(tokens: &[Token]) -> &[Token] {
    const PREFIXES: [&[&str]; 6] = [
        &["by", "the", "end", "of"],
        &["by", "end", "of"],
        &["the", "end", "of"],
        &["end", "of"],
        &["end"],
        &["by"],
    ];
    for prefix in PREFIXES {
        let matches = tokens.len() > prefix.len()
            && prefix
                .iter()
                .zip(tokens)
                .all(|(word, token)| matches!(token, Token::Word(w) if w == word));
        if matches {
            return &tokens[prefix.len()..];
        }
    }
    tokens
}

/// True for "Q", "Quarter" and "Qtr".
fn is_quarter_word(word: &str) -> bool {
    matches!(word, "q" | "quarter" | "qtr")
}

/// True for the tokens that may separate day, month and year in a numeric date.
fn is_date_separator(token: &Token) -> bool {
    matches!(token, Token::Slash | Token::Dash | Token::Dot)
}

/// A year's digits with a two-digit year widened to 20YY, as `parse_year` reads it.
fn expand_two_digit_year(digits: &str) -> String {
    if digits.len() == 2 {
        format!("20{digits}")
    } else {
        digits.to_string()
    }
}

/// Reads a date written with its month's name: "31 March 2021", "1 Jun 21".
fn parse_date_with_month_name(day: &str, name: &str, year: &str) -> Option<Timeline> {
    let month = parse_month_name(name)?;
    let year = parse_year(year)?;
    let day = parse_small_number(day)?;
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    Some(Timeline::day(date))
}

/// Reads a month written as a name and a two- or four-digit year.
fn parse_named_month(name: &str, year: &str) -> Option<Timeline> {
    let month = parse_month_name(name)?;
    let year = parse_year(year)?;
    Timeline::month(year, month)
}

/// Reads a month written as a one- or two-digit month number and a four-digit year.
fn parse_numeric_month(month: &str, year: &str) -> Option<Timeline> {
    let month = parse_small_number(month)?;
    let year = parse_four_digit_year(year)?;
    Timeline::month(year, month)
}

/// Reads an ISO month such as "2019-09": a four-digit year and a two-digit month.
fn parse_iso_month(year: &str, month: &str) -> Option<Timeline> {
    if month.len() != 2 {
        return None;
    }
    parse_numeric_month(month, year)
}

/// Reads an ISO date such as "2019-09-30": two digits each for the month and day.
fn parse_iso_date(year: &str, month: &str, day: &str) -> Option<Timeline> {
    if month.len() != 2 || day.len() != 2 {
        return None;
    }
    parse_date(year, month, day)
}

/// Reads a date from its year (four digits), month and day (one or two digits each).
fn parse_date(year: &str, month: &str, day: &str) -> Option<Timeline> {
    let year = parse_four_digit_year(year)?;
    let month = parse_small_number(month)?;
    let day = parse_small_number(day)?;
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    Some(Timeline::day(date))
}

/// Reads the tokens after the "Q" of a quarter: the quarter number and a financial year.
fn parse_quarter(rest: &[Token]) -> Option<Timeline> {
    match rest {
        // "Q1 2020/21"
        [
            Token::Number(quarter),
            Token::Number(first),
            separator,
            Token::Number(second),
        ] if is_year_separator(separator) => quarter_timeline(quarter, first, second),
        // "Q12020/21": no space, so the quarter digit and the first year ran together.
        [Token::Number(joined), separator, Token::Number(second)]
            if is_year_separator(separator) && joined.len() > 1 =>
        {
            // `joined` holds only ASCII digits, so splitting after one byte is safe.
            let (quarter, first) = joined.split_at(1);
            quarter_timeline(quarter, first, second)
        }
        _ => None,
    }
}

/// A quarter timeline from its number ("1" to "4") and its financial year's two written years.
fn quarter_timeline(quarter: &str, first: &str, second: &str) -> Option<Timeline> {
    let quarter = parse_quarter_number(quarter)?;
    let first_year = parse_financial_year_start(first, second)?;
    let (year, month) = match quarter {
        1 => (first_year, 6),
        2 => (first_year, 9),
        3 => (first_year, 12),
        _ => (first_year + 1, 3),
    };
    let due = last_day_of_month(year, month)?;
    Some(Timeline {
        precision: Precision::Quarter,
        due,
    })
}

/// Reads a financial year written with a four-digit first year, such as "2019/20" or "2019/2020".
fn parse_financial_year(first: &str, second: &str) -> Option<Timeline> {
    if first.len() != 4 {
        return None;
    }
    let first_year = parse_financial_year_start(first, second)?;
    let due = NaiveDate::from_ymd_opt(first_year + 1, 3, 31)?;
    Some(Timeline {
        precision: Precision::FinancialYear,
        due,
    })
}

/// The first calendar year of a financial year written as two years; the second must follow the first.
fn parse_financial_year_start(first: &str, second: &str) -> Option<i32> {
    let first_year = parse_year(first)?;
    let following = first_year + 1;
    if !year_in_range(following) {
        return None;
    }
    let second_matches = match second.len() {
        2 => parse_number(second)? == following % 100,
        4 => parse_number(second)? == following,
        _ => false,
    };
    if second_matches {
        Some(first_year)
    } else {
        None
    }
}

/// Reads a month name: a three-letter abbreviation, "sept" or the full name (lower case).
fn parse_month_name(name: &str) -> Option<u32> {
    let month = match name {
        "jan" | "january" => 1,
        "feb" | "february" => 2,
        "mar" | "march" => 3,
        "apr" | "april" => 4,
        "may" => 5,
        "jun" | "june" => 6,
        "jul" | "july" => 7,
        "aug" | "august" => 8,
        "sep" | "sept" | "september" => 9,
        "oct" | "october" => 10,
        "nov" | "november" => 11,
        "dec" | "december" => 12,
        _ => return None,
    };
    Some(month)
}

/// Reads a quarter number, 1 to 4.
fn parse_quarter_number(digits: &str) -> Option<u32> {
    if digits.len() != 1 {
        return None;
    }
    let quarter = parse_small_number(digits)?;
    if (1..=4).contains(&quarter) {
        Some(quarter)
    } else {
        None
    }
}

/// Reads a year written with two digits (meaning 20YY) or four digits (1900-2999).
fn parse_year(digits: &str) -> Option<i32> {
    match digits.len() {
        2 => Some(2000 + parse_number(digits)?),
        4 => parse_four_digit_year(digits),
        _ => None,
    }
}

/// Reads a year written with exactly four digits, within 1900-2999.
fn parse_four_digit_year(digits: &str) -> Option<i32> {
    if digits.len() != 4 {
        return None;
    }
    let year = parse_number(digits)?;
    if year_in_range(year) {
        Some(year)
    } else {
        None
    }
}

/// Reads a day or month number written with one or two digits.
fn parse_small_number(digits: &str) -> Option<u32> {
    if digits.is_empty() || digits.len() > 2 {
        return None;
    }
    digits.parse().ok()
}

/// Reads a short run of ASCII digits (at most four) as a number.
fn parse_number(digits: &str) -> Option<i32> {
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// True if a timeline may name this year.
fn year_in_range(year: i32) -> bool {
    (MIN_YEAR..=MAX_YEAR).contains(&year)
}

// ---------------------------------------------------------------------------
// Dates and display
// ---------------------------------------------------------------------------

/// The last day of a month, or `None` for a month outside 1-12.
fn last_day_of_month(year: i32, month: u32) -> Option<NaiveDate> {
    if !(1..=12).contains(&month) {
        return None;
    }
    let (next_year, next_month) = if month == 12 {
        (year.checked_add(1)?, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(next_year, next_month, 1)?.pred_opt()
}

/// Counts months from an arbitrary origin, so two dates' difference is whole months.
fn month_index(date: NaiveDate) -> i32 {
    date.year() * 12 + date.month0() as i32
}

/// The three-letter English name of a month numbered 1-12.
fn month_abbreviation(month: u32) -> &'static str {
    let index = month.saturating_sub(1) as usize;
    MONTH_ABBREVIATIONS.get(index).copied().unwrap_or("???")
}

/// The quarter (1-4) and financial year's first calendar year for a quarter's due date.
fn quarter_of_due_date(due: NaiveDate) -> (u32, i32) {
    match due.month() {
        1..=3 => (4, due.year() - 1),
        4..=6 => (1, due.year()),
        7..=9 => (2, due.year()),
        _ => (3, due.year()),
    }
}

/// Writes a financial year as "2019/20" from its first calendar year.
fn write_financial_year(f: &mut fmt::Formatter<'_>, first_year: i32) -> fmt::Result {
    let second = (first_year + 1).rem_euclid(100);
    write!(f, "{:04}/{:02}", first_year, second)
}

#[cfg(test)]
mod tests;
