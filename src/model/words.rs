//! Spans and dates in the words a committee paper uses: "overdue by 4 months",
//! "18 Feb 2020".

use chrono::NaiveDate;
use time_humanize::{Accuracy, HumanTime, Tense};

/// How late something is, in rough words: "3 days", "a week", "4 months".
///
/// Uses time-humanize's rough accuracy on whole days; its precise mode and its
/// clock-based conversions are not used (see the crate notes in docs/).
pub fn lateness_in_words(days: i64) -> String {
    HumanTime::from_days(days.max(0)).to_text_en(Accuracy::Rough, Tense::Present)
}

/// A count and its noun, singular for one: "1 milestone", "15 milestones".
pub fn count_words(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// A date as a committee paper writes it: "18 Feb 2020".
pub fn long_date(date: NaiveDate) -> String {
    date.format("%-d %b %Y").to_string()
}

/// Text with runs of spaces and line breaks made one space, trimmed: how a
/// cell's words are compared when a change of spacing is no change.
pub fn one_spaced(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text as compared when a name is looked up: [`one_spaced`], in any case.
/// "Finance " and "finance" name one theme; a typing slip of a word does not.
pub fn comparable(text: &str) -> String {
    one_spaced(text).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(count_words(0, "theme"), "0 themes");
        assert_eq!(count_words(1, "theme"), "1 theme");
        assert_eq!(count_words(2, "recorded update"), "2 recorded updates");
    }

    #[test]
    fn rough_words_for_the_spans_a_plan_meets() {
        assert_eq!(lateness_in_words(1), "a day");
        assert_eq!(lateness_in_words(3), "3 days");
        assert_eq!(lateness_in_words(7), "a week");
        assert_eq!(lateness_in_words(18), "2 weeks");
        assert_eq!(lateness_in_words(21), "3 weeks");
        assert_eq!(lateness_in_words(45), "a month");
        assert_eq!(lateness_in_words(141), "4 months");
        assert_eq!(lateness_in_words(400), "a year");
    }

    #[test]
    fn dates_read_as_in_a_paper() {
        assert_eq!(
            long_date(NaiveDate::from_ymd_opt(2020, 2, 8).unwrap()),
            "8 Feb 2020"
        );
    }
}
