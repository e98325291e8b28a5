//! The text rules of an iCalendar file (RFC 5545 section 3): content lines
//! ended by CRLF and folded at 75 octets, TEXT values escaped, dates and UTC
//! date-times written in their basic forms. Only what `actionplan calendar`
//! writes; nothing here reads a calendar.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

/// The longest a content line may be, in octets, not counting its CRLF
/// (RFC 5545 section 3.1).
pub const MAX_LINE_OCTETS: usize = 75;

/// A TEXT value escaped (RFC 5545 section 3.3.11): backslash, semicolon and
/// comma get a backslash before them, a line break (CRLF, LF or CR) becomes
/// `\n`. Other control characters, which TEXT may not hold, become a space;
/// a tab is kept.
pub fn escape_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                escaped.push_str("\\n");
            }
            '\n' => escaped.push_str("\\n"),
            '\t' => escaped.push('\t'),
            // RFC 5545 TEXT forbids controls; C1 controls, bidirectional
            // marks and line separators would reach a terminal showing the
            // file (and reorder an event's title): all become a space.
            c if crate::model::text_rules::is_unsafe_for_terminal(c) => escaped.push(' '),
            c => escaped.push(c),
        }
    }
    escaped
}

/// A content line folded (RFC 5545 section 3.1): no line longer than
/// [`MAX_LINE_OCTETS`] octets, each continuation line starting with one
/// space, never splitting a UTF-8 character; every line ends with CRLF.
pub fn fold_line(line: &str) -> String {
    let mut folded = String::with_capacity(line.len() + line.len() / 64 * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        let width = c.len_utf8();
        if used + width > MAX_LINE_OCTETS {
            folded.push_str("\r\n ");
            used = 1;
        }
        folded.push(c);
        used += width;
    }
    folded.push_str("\r\n");
    folded
}

/// A date as a DATE value: `20190930` (years 1 to 9999, as the form allows).
pub fn date_value(date: NaiveDate) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

/// A UTC date-time as a DATE-TIME value in UTC: `20200218T000000Z`.
pub fn utc_date_time_value(moment: NaiveDateTime) -> String {
    format!(
        "{}T{:02}{:02}{:02}Z",
        date_value(moment.date()),
        moment.hour(),
        moment.minute(),
        moment.second()
    )
}

/// Whether a date can be written as a DATE value (its year has four digits).
pub fn writable_date(date: NaiveDate) -> bool {
    (1..=9999).contains(&date.year())
}

/// Builds an iCalendar stream one content line at a time.
#[derive(Debug, Default)]
pub struct IcsWriter {
    text: String,
}

impl IcsWriter {
    /// An empty stream.
    pub fn new() -> IcsWriter {
        IcsWriter::default()
    }

    /// Adds `NAME:value` with the value as it is (for values that need no
    /// escaping: dates, numbers, fixed words), folded.
    pub fn raw(&mut self, name: &str, value: &str) -> &mut IcsWriter {
        self.text.push_str(&fold_line(&format!("{name}:{value}")));
        self
    }

    /// Adds `NAME:value` with the value escaped as TEXT, folded.
    pub fn text(&mut self, name: &str, value: &str) -> &mut IcsWriter {
        self.raw(name, &escape_text(value))
    }

    /// The stream written so far.
    pub fn finish(self) -> String {
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Undoes `fold_line`: CRLF followed by one space joins the lines.
    fn unfold(text: &str) -> String {
        text.replace("\r\n ", "")
    }

    #[test]
    fn text_escapes_the_four_characters_rfc_5545_names() {
        assert_eq!(
            escape_text("a\\b;c,d\ne\r\nf\rg"),
            "a\\\\b\\;c\\,d\\ne\\nf\\ng"
        );
        assert_eq!(escape_text("tab\there\u{7}bell"), "tab\there bell");
        assert_eq!(escape_text("Jan/Feb – Ré"), "Jan/Feb – Ré");
        // Regression: C1 controls and bidirectional overrides were written
        // as they were, and reached a terminal showing the calendar.
        assert_eq!(escape_text("a\u{9b}b\u{202e}c\u{2028}d"), "a b c d");
    }

    #[test]
    fn short_lines_are_not_folded_and_end_with_crlf() {
        assert_eq!(fold_line("VERSION:2.0"), "VERSION:2.0\r\n");
        let exactly = "X".repeat(MAX_LINE_OCTETS);
        assert_eq!(fold_line(&exactly), format!("{exactly}\r\n"));
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_a_character() {
        for line in [
            "A".repeat(200),
            format!("SUMMARY:{}", "é".repeat(100)),
            format!("DESCRIPTION:{}", "a–b".repeat(60)),
            format!("X:{}", "😀".repeat(40)),
        ] {
            let folded = fold_line(&line);
            assert!(folded.ends_with("\r\n"));
            let body = &folded[..folded.len() - 2];
            for (index, piece) in body.split("\r\n").enumerate() {
                assert!(piece.len() <= MAX_LINE_OCTETS, "{piece:?}");
                if index > 0 {
                    assert!(piece.starts_with(' ') && !piece.starts_with("  "));
                }
                // A piece as long as a character allows: only a character
                // that would not fit ended it.
                assert!(
                    piece.len() > MAX_LINE_OCTETS - 4 || index == body.split("\r\n").count() - 1
                );
            }
            assert_eq!(unfold(&folded), format!("{line}\r\n"));
        }
    }

    #[test]
    fn dates_are_written_in_basic_form() {
        let date = NaiveDate::from_ymd_opt(2019, 9, 30).unwrap();
        assert_eq!(date_value(date), "20190930");
        let moment = date.and_hms_opt(7, 5, 3).unwrap();
        assert_eq!(utc_date_time_value(moment), "20190930T070503Z");
        assert!(writable_date(date));
        assert!(!writable_date(
            NaiveDate::from_ymd_opt(10000, 1, 1).unwrap()
        ));
    }

    #[test]
    fn the_writer_escapes_text_but_not_raw_values() {
        let mut writer = IcsWriter::new();
        writer
            .raw("DTSTART;VALUE=DATE", "20190930")
            .text("SUMMARY", "a, b; c");
        assert_eq!(
            writer.finish(),
            "DTSTART;VALUE=DATE:20190930\r\nSUMMARY:a\\, b\\; c\r\n"
        );
    }
}
