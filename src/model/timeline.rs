//! Milestone timelines as council officers write them.
//!
//! A timeline is a month ("Sep 19"), a date ("30/09/2019"), a financial
//! quarter ("Q1 2020/21") or a financial year ("2019/20"). The UK public
//! sector financial year runs from 1 April to 31 March. Whatever the form,
//! a timeline is due on the last day of the period it names.
//!
//! Parsing works in two plain steps: the text is split into tokens (words,
//! numbers, `/` and `-`; whitespace only separates tokens), then the token
//! sequence is matched against the accepted shapes.

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
pub const TIMELINE_EXPECTED: &str = "a month such as \"Sep 19\", a date such as \"30/09/2019\", \
     a quarter such as \"Q1 2020/21\" or a financial year such as \"2019/20\"";

/// A timeline that could not be read; quotes the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineError {
    /// The text that was given, exactly as given.
    pub value: String,
}

impl fmt::Display for TimelineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "\"{}\" is not a timeline: expected {TIMELINE_EXPECTED}",
            self.value
        )
    }
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
}

/// Splits text into tokens; `None` if it holds any character that is not a
/// letter, an ASCII digit, `/`, `-` or whitespace.
fn tokenize(text: &str) -> Option<Vec<Token>> {
    let mut tokens = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            continue;
        } else if c == '/' {
            tokens.push(Token::Slash);
        } else if c == '-' {
            tokens.push(Token::Dash);
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
    let tokens = tokenize(text)?;
    match tokens.as_slice() {
        // "Sep 19", "Dec19", "Sept 2019", "september 2019"
        [Token::Word(name), Token::Number(year)] => parse_named_month(name, year),
        // "Q1 2020/21", "Q1 20/21", "Q1 2020-21"
        [Token::Word(q), rest @ ..] if q == "q" => parse_quarter(rest),
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
        // "30/09/2019", "30/9/2019"
        [
            Token::Number(day),
            Token::Slash,
            Token::Number(month),
            Token::Slash,
            Token::Number(year),
        ] => parse_date(year, month, day),
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
mod tests {
    use super::*;

    fn date(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).expect("test date is valid")
    }

    fn parse_ok(text: &str) -> Timeline {
        match Timeline::parse(text) {
            Ok(timeline) => timeline,
            Err(error) => panic!("{text:?} should parse: {error}"),
        }
    }

    /// Checks the precision and due date, and that the display parses back to an equal timeline.
    fn check(text: &str, precision: Precision, due: NaiveDate) {
        let timeline = parse_ok(text);
        assert_eq!(timeline.precision(), precision, "precision of {text:?}");
        assert_eq!(timeline.due(), due, "due date of {text:?}");
        assert_round_trip(timeline);
    }

    fn assert_round_trip(timeline: Timeline) {
        let shown = timeline.to_string();
        assert_eq!(
            Timeline::parse(&shown),
            Ok(timeline),
            "display {shown:?} should parse back"
        );
    }

    fn assert_rejected(text: &str) {
        assert_eq!(
            Timeline::parse(text),
            Err(TimelineError {
                value: text.to_string()
            }),
            "{text:?} should be rejected"
        );
    }

    #[test]
    fn month_with_abbreviated_name_and_two_digit_year() {
        check("Sep 19", Precision::Month, date(2019, 9, 30));
        check("Dec19", Precision::Month, date(2019, 12, 31));
        check("Feb 20", Precision::Month, date(2020, 2, 29));
        check("Feb 19", Precision::Month, date(2019, 2, 28));
        check("Jan 00", Precision::Month, date(2000, 1, 31));
        check("Nov 99", Precision::Month, date(2099, 11, 30));
    }

    #[test]
    fn month_with_every_abbreviation() {
        let names = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        for (index, name) in names.iter().enumerate() {
            let month = index as u32 + 1;
            let timeline = parse_ok(&format!("{name} 21"));
            assert_eq!(Timeline::month(2021, month), Some(timeline));
            assert_round_trip(timeline);
        }
    }

    #[test]
    fn month_with_full_name_or_sept() {
        check("Sept 2019", Precision::Month, date(2019, 9, 30));
        check("March 20", Precision::Month, date(2020, 3, 31));
        check("september 2019", Precision::Month, date(2019, 9, 30));
        check("January 2021", Precision::Month, date(2021, 1, 31));
        check("June 21", Precision::Month, date(2021, 6, 30));
        check("july 21", Precision::Month, date(2021, 7, 31));
    }

    #[test]
    fn month_ignores_case_and_surrounding_and_inner_whitespace() {
        check("  SEP 19  ", Precision::Month, date(2019, 9, 30));
        check("sEpT\t2019", Precision::Month, date(2019, 9, 30));
        check("dec   19", Precision::Month, date(2019, 12, 31));
        check("\nDEC19\n", Precision::Month, date(2019, 12, 31));
    }

    #[test]
    fn month_in_numeric_forms() {
        check("2019-09", Precision::Month, date(2019, 9, 30));
        check("09/2019", Precision::Month, date(2019, 9, 30));
        check("9/2019", Precision::Month, date(2019, 9, 30));
        check("02/2020", Precision::Month, date(2020, 2, 29));
        check("12/2019", Precision::Month, date(2019, 12, 31));
        check("2019 - 09", Precision::Month, date(2019, 9, 30));
    }

    #[test]
    fn month_with_four_digit_year_outside_this_century() {
        check("Sep 2101", Precision::Month, date(2101, 9, 30));
        check("Dec 1999", Precision::Month, date(1999, 12, 31));
        check("Jan 1900", Precision::Month, date(1900, 1, 31));
        check("Dec 2999", Precision::Month, date(2999, 12, 31));
    }

    #[test]
    fn day_in_uk_and_iso_forms() {
        check("30/09/2019", Precision::Day, date(2019, 9, 30));
        check("30/9/2019", Precision::Day, date(2019, 9, 30));
        check("1/4/2020", Precision::Day, date(2020, 4, 1));
        check("2019-09-30", Precision::Day, date(2019, 9, 30));
        check("29/02/2020", Precision::Day, date(2020, 2, 29));
        check(" 30 / 09 / 2019 ", Precision::Day, date(2019, 9, 30));
    }

    #[test]
    fn quarter_forms() {
        check("Q1 2020/21", Precision::Quarter, date(2020, 6, 30));
        check("Q2 2020/21", Precision::Quarter, date(2020, 9, 30));
        check("Q3 2020/21", Precision::Quarter, date(2020, 12, 31));
        check("Q4 2020/21", Precision::Quarter, date(2021, 3, 31));
        check("Q1 20/21", Precision::Quarter, date(2020, 6, 30));
        check("Q1 2020-21", Precision::Quarter, date(2020, 6, 30));
        check("q2 2020/2021", Precision::Quarter, date(2020, 9, 30));
        check("Q3 20-21", Precision::Quarter, date(2020, 12, 31));
        check("Q12020/21", Precision::Quarter, date(2020, 6, 30));
        check("Q 4 2019/20", Precision::Quarter, date(2020, 3, 31));
        check("Q4 2099/00", Precision::Quarter, date(2100, 3, 31));
    }

    #[test]
    fn financial_year_forms() {
        check("2019/20", Precision::FinancialYear, date(2020, 3, 31));
        check("2019-20", Precision::FinancialYear, date(2020, 3, 31));
        check("2019/2020", Precision::FinancialYear, date(2020, 3, 31));
        check("2019 / 20", Precision::FinancialYear, date(2020, 3, 31));
        check("1999/00", Precision::FinancialYear, date(2000, 3, 31));
        check("2099/2100", Precision::FinancialYear, date(2100, 3, 31));
        check("2998/99", Precision::FinancialYear, date(2999, 3, 31));
    }

    #[test]
    fn dash_between_consecutive_years_means_financial_year() {
        check("2010-11", Precision::FinancialYear, date(2011, 3, 31));
        check("2010-10", Precision::Month, date(2010, 10, 31));
    }

    #[test]
    fn rejects_listed_bad_forms() {
        for text in ["Smarch 19", "", "TBC", "13/2019", "Sep", "2019"] {
            assert_rejected(text);
        }
    }

    #[test]
    fn rejects_impossible_dates() {
        for text in [
            "31/02/2020",
            "29/02/2019",
            "31/09/2019",
            "0/09/2019",
            "30/00/2019",
            "30/13/2019",
            "2019-02-30",
            "2019-13-01",
        ] {
            assert_rejected(text);
        }
    }

    #[test]
    fn rejects_bad_quarters() {
        for text in [
            "Q5 2020/21",
            "Q0 2020/21",
            "Q1 2020/22",
            "Q1 2020/20",
            "Q1 2020",
            "Q1",
            "Q 2020/21",
            "Q12 2020/21",
            "Q1 2020/21/22",
            "QQ1 2020/21",
            "Quarter 1 2020/21",
            "Q1 202/21",
            "Q1 2020/021",
        ] {
            assert_rejected(text);
        }
    }

    #[test]
    fn rejects_bad_financial_years() {
        for text in [
            "2020/22",
            "2020/2022",
            "2020/19",
            "2020-22",
            "2020/2",
            "19/20",
            "2019/20/21",
            "2019//20",
        ] {
            assert_rejected(text);
        }
    }

    #[test]
    fn rejects_years_outside_1900_to_2999() {
        for text in [
            "Sep 1899",
            "Jan 3000",
            "09/1899",
            "1899-09",
            "31/12/1899",
            "01/01/3000",
            "3000-01-01",
            "1899/00",
            "1899/1900",
            "2999/00",
            "2999/3000",
            "Q1 1899/00",
            "Q4 2999/00",
        ] {
            assert_rejected(text);
        }
        assert_eq!(Timeline::month(1899, 12), None);
        assert_eq!(Timeline::month(3000, 1), None);
    }

    #[test]
    fn rejects_other_near_misses() {
        for text in [
            "   ",
            "Sep 1",
            "Sep 019",
            "Sep 20190",
            "Sep-19",
            "Sep/19",
            "19 Sep",
            "Sep 19 20",
            "Sepember 19",
            "S 19",
            "2019/09",
            "09-2019",
            "009/2019",
            "30/09/19",
            "30-09-2019",
            "2019/09/30",
            "30/09-2019",
            "2019.09",
            "2019-9",
            "2020-2",
            "2019-9-30",
            "2019-09-1",
            "Sep. 19",
            "Sep 19!",
            "-2019-20",
            "2019-20-",
            "1 2 3",
            "9999999999999999999999/2019",
            "Sep 99999999999999999999999",
        ] {
            assert_rejected(text);
        }
    }

    #[test]
    fn rejects_non_ascii_lookalikes() {
        for text in [
            "Sép 19",
            "Ｑ1 2020/21",
            "Q１ 2020/21",
            "Sep １9",
            "2019–20",
            "ß 19",
            "Seρ 19",
            "🗓 Sep 19",
            "Sep 19\u{301}",
        ] {
            assert_rejected(text);
        }
    }

    #[test]
    fn month_constructor() {
        assert_eq!(Timeline::month(2019, 9), Some(parse_ok("Sep 19")));
        assert_eq!(
            Timeline::month(2020, 2).map(|t| t.due()),
            Some(date(2020, 2, 29))
        );
        assert_eq!(Timeline::month(2019, 0), None);
        assert_eq!(Timeline::month(2019, 13), None);
        assert_eq!(Timeline::month(2019, u32::MAX), None);
        assert_eq!(Timeline::month(i32::MAX, 12), None);
        assert_eq!(Timeline::month(i32::MIN, 1), None);
    }

    #[test]
    fn day_constructor() {
        let timeline = Timeline::day(date(2019, 9, 30));
        assert_eq!(timeline.precision(), Precision::Day);
        assert_eq!(timeline.due(), date(2019, 9, 30));
        assert_eq!(timeline, parse_ok("30/09/2019"));
    }

    #[test]
    fn same_due_date_with_different_precision_is_not_equal() {
        let month = parse_ok("Sep 19");
        let day = parse_ok("30/09/2019");
        let quarter = parse_ok("Q2 2019/20");
        assert_eq!(month.due(), day.due());
        assert_eq!(month.due(), quarter.due());
        assert_ne!(month, day);
        assert_ne!(month, quarter);
    }

    #[test]
    fn display_of_each_precision() {
        assert_eq!(parse_ok("september 2019").to_string(), "Sep 19");
        assert_eq!(parse_ok("2020-01").to_string(), "Jan 20");
        assert_eq!(parse_ok("Jan 2000").to_string(), "Jan 00");
        assert_eq!(parse_ok("Sep 2101").to_string(), "Sep 2101");
        assert_eq!(parse_ok("Dec 1999").to_string(), "Dec 1999");
        assert_eq!(parse_ok("2019-09-30").to_string(), "30/09/2019");
        assert_eq!(parse_ok("1/4/2020").to_string(), "01/04/2020");
        assert_eq!(parse_ok("q1 20-21").to_string(), "Q1 2020/21");
        assert_eq!(parse_ok("Q4 2020/2021").to_string(), "Q4 2020/21");
        assert_eq!(parse_ok("Q4 2099/00").to_string(), "Q4 2099/00");
        assert_eq!(parse_ok("2019-2020").to_string(), "2019/20");
        assert_eq!(parse_ok("1999-00").to_string(), "1999/00");
    }

    #[test]
    fn display_round_trips_for_every_month_and_quarter() {
        for year in [1900, 1999, 2000, 2019, 2099, 2100, 2101, 2500, 2999] {
            for month in 1..=12 {
                let timeline = Timeline::month(year, month).expect("valid month");
                assert_round_trip(timeline);
            }
        }
        for first_year in [1900, 1999, 2019, 2020, 2099, 2100, 2998] {
            for quarter in 1..=4 {
                let timeline = parse_ok(&format!("Q{quarter} {first_year}/{}", first_year + 1));
                assert_round_trip(timeline);
            }
            assert_round_trip(parse_ok(&format!("{first_year}/{}", first_year + 1)));
        }
        assert_round_trip(Timeline::day(date(1900, 1, 1)));
        assert_round_trip(Timeline::day(date(2999, 12, 31)));
    }

    #[test]
    fn error_message_quotes_the_value() {
        let error = Timeline::parse("Smarch 19").unwrap_err();
        assert_eq!(error.value, "Smarch 19");
        assert_eq!(
            error.to_string(),
            "\"Smarch 19\" is not a timeline: expected a month such as \"Sep 19\", \
             a date such as \"30/09/2019\", a quarter such as \"Q1 2020/21\" \
             or a financial year such as \"2019/20\""
        );
        let boxed: Box<dyn std::error::Error> = Box::new(error);
        assert!(boxed.to_string().starts_with("\"Smarch 19\""));
    }

    #[test]
    fn from_str_matches_parse() {
        let parsed: Timeline = "Q1 2020/21".parse().expect("parses");
        assert_eq!(parsed, parse_ok("Q1 2020/21"));
        assert!("TBC".parse::<Timeline>().is_err());
    }

    #[test]
    fn months_after() {
        let nov_19 = parse_ok("Nov 19");
        let mar_20 = parse_ok("Mar 20");
        assert_eq!(mar_20.months_after(&nov_19), 4);
        assert_eq!(nov_19.months_after(&mar_20), -4);
        assert_eq!(mar_20.months_after(&mar_20), 0);
        assert_eq!(parse_ok("2019/20").months_after(&nov_19), 4);
        assert_eq!(parse_ok("15/03/2020").months_after(&nov_19), 4);
        assert_eq!(
            parse_ok("Q4 2020/21").months_after(&parse_ok("Q1 2020/21")),
            9
        );
        assert_eq!(parse_ok("Jan 21").months_after(&parse_ok("Dec 20")), 1);
        assert_eq!(
            parse_ok("Dec 2999").months_after(&parse_ok("Jan 1900")),
            1099 * 12 + 11
        );
    }

    #[test]
    fn serializes_as_display_string() {
        let timeline = parse_ok("q1 20-21");
        assert_eq!(serde_json::to_string(&timeline).unwrap(), "\"Q1 2020/21\"");
        assert_eq!(
            serde_json::to_string(&Precision::FinancialYear).unwrap(),
            "\"financial_year\""
        );
        assert_eq!(serde_json::to_string(&Precision::Day).unwrap(), "\"day\"");
    }

    #[test]
    fn sql_round_trip() {
        let connection = rusqlite::Connection::open_in_memory().unwrap();
        connection
            .execute("CREATE TABLE milestone (id INTEGER, timeline TEXT)", [])
            .unwrap();
        let timelines = [
            parse_ok("Sep 19"),
            parse_ok("Sep 2101"),
            parse_ok("30/09/2019"),
            parse_ok("Q4 2020/21"),
            parse_ok("2019/20"),
        ];
        for (id, timeline) in timelines.iter().enumerate() {
            connection
                .execute(
                    "INSERT INTO milestone (id, timeline) VALUES (?1, ?2)",
                    rusqlite::params![id as i64, timeline],
                )
                .unwrap();
        }
        for (id, timeline) in timelines.iter().enumerate() {
            let stored: String = connection
                .query_row(
                    "SELECT timeline FROM milestone WHERE id = ?1",
                    [id as i64],
                    |row| row.get(0),
                )
                .unwrap();
            assert_eq!(stored, timeline.to_string());
            let read: Timeline = connection
                .query_row(
                    "SELECT timeline FROM milestone WHERE id = ?1",
                    [id as i64],
                    |row| row.get(0),
                )
                .unwrap();
            assert_eq!(read, *timeline);
        }
    }

    #[test]
    fn sql_rejects_bad_stored_values() {
        let connection = rusqlite::Connection::open_in_memory().unwrap();
        let bad_text =
            connection.query_row("SELECT 'Smarch 19'", [], |row| row.get::<_, Timeline>(0));
        match bad_text {
            Err(rusqlite::Error::FromSqlConversionFailure(_, _, error)) => {
                assert!(
                    error
                        .to_string()
                        .starts_with("\"Smarch 19\" is not a timeline")
                );
            }
            other => panic!("expected a conversion failure, got {other:?}"),
        }
        let not_text = connection.query_row("SELECT 42", [], |row| row.get::<_, Timeline>(0));
        assert!(matches!(
            not_text,
            Err(rusqlite::Error::InvalidColumnType(..))
        ));
    }

    /// A small deterministic pseudo-random sequence, so the test needs no extra crate.
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (self.0 >> 33) as usize
        }
    }

    #[test]
    fn never_panics_on_generated_input() {
        let pieces = [
            "0", "1", "4", "9", "12", "19", "20", "21", "29", "31", "2019", "2020", "2021", "1899",
            "3000", "99999", "/", "-", " ", "\t", "Q", "q", "Sep", "sept", "March", "december",
            "Smarch", "é", "Ｑ", "１", "🗓", "\u{301}", "ß", "İ", "\0", ".", "–", "日本",
        ];
        let mut generated: Vec<String> = Vec::new();
        for first in pieces {
            for second in pieces {
                generated.push(format!("{first}{second}"));
            }
        }
        let mut random = Lcg(2019);
        for _ in 0..400 {
            let length = random.next() % 7 + 1;
            let mut text = String::new();
            for _ in 0..length {
                text.push_str(pieces[random.next() % pieces.len()]);
            }
            generated.push(text);
        }
        generated.push("9".repeat(10_000));
        generated.push(format!("Q{}", "1".repeat(5_000)));
        generated.push(format!("Sep {}", "é".repeat(5_000)));
        generated.push("/".repeat(5_000));
        generated.push("Sep 19 ".repeat(2_000));

        let mut accepted = 0;
        for text in &generated {
            if let Ok(timeline) = Timeline::parse(text) {
                accepted += 1;
                assert_round_trip(timeline);
            }
        }
        assert!(generated.len() > 1_000);
        assert!(accepted > 0, "some generated strings should parse");
    }
}
