//! Date cells read by their number format: a cell formatted as month and
//! year ("mmm-yy", "mmmm yyyy") is the month, written as the timeline parser
//! reads it ("Mar 21"); any other date is the day ("31/03/2021").

use chrono::NaiveDate;

use crate::model::Timeline;

/// Whether an Excel number format shows a month and year but no day.
pub fn is_month_format(code: &str) -> bool {
    let shown = shown_letters(code);
    shown.contains('m') && shown.contains('y') && !shown.contains('d')
}

/// Whether an Excel number format shows a year but no month or day
/// (`yyyy`): such a cell names no date a milestone could be due by.
pub fn is_year_only_format(code: &str) -> bool {
    let shown = shown_letters(code);
    shown.contains('y') && !shown.contains('m') && !shown.contains('d')
}

/// The letters of a format's first section that stand for parts of a date:
/// quoted text, escaped characters and bracketed codes (locale, colour) removed.
fn shown_letters(code: &str) -> String {
    let first_section = code.split(';').next().unwrap_or("");
    let mut letters = String::new();
    let mut chars = first_section.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                for quoted in chars.by_ref() {
                    if quoted == '"' {
                        break;
                    }
                }
            }
            '[' => {
                for bracketed in chars.by_ref() {
                    if bracketed == ']' {
                        break;
                    }
                }
            }
            '\\' => {
                chars.next();
            }
            c if c.is_ascii_alphabetic() => letters.push(c.to_ascii_lowercase()),
            _ => {}
        }
    }
    letters
}

/// A date as timeline text: the month ("Mar 21") when the cell shows only
/// month and year, else the day ("31/03/2021").
pub fn date_text(date: NaiveDate, month_only: bool) -> String {
    use chrono::Datelike;
    if month_only && let Some(month) = Timeline::month(date.year(), date.month()) {
        return month.to_string();
    }
    Timeline::day(date).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn year_only_formats() {
        assert!(is_year_only_format("yyyy"));
        assert!(is_year_only_format("[$-809]yyyy;@"));
        assert!(!is_year_only_format("mmm-yy"));
        assert!(!is_year_only_format("dd/mm/yyyy"));
        assert!(!is_year_only_format("General"));
    }

    #[test]
    fn month_and_year_formats() {
        for code in [
            "mmm-yy",
            "mmmm yyyy",
            "[$-809]mmm-yy;@",
            "MMM YY",
            "mmm\\ yyyy",
        ] {
            assert!(is_month_format(code), "{code}");
        }
        for code in [
            "dd/mm/yyyy",
            "d-mmm-yy",
            "General",
            "0",
            "h:mm",
            "d mmmm yyyy",
            "\"day\" mm-yy d",
        ] {
            assert!(!is_month_format(code), "{code}");
        }
        assert!(
            is_month_format("\"due\" mmm-yy"),
            "quoted text is not a day"
        );
    }

    #[test]
    fn dates_become_timeline_text() {
        let date = NaiveDate::from_ymd_opt(2021, 3, 31).unwrap();
        assert_eq!(date_text(date, true), "Mar 21");
        assert_eq!(date_text(date, false), "31/03/2021");
        let first = NaiveDate::from_ymd_opt(2019, 9, 1).unwrap();
        assert_eq!(date_text(first, true), "Sep 19");
        assert_eq!(
            Timeline::parse(&date_text(first, true))
                .unwrap()
                .due()
                .to_string(),
            "2019-09-30"
        );
    }
}
