//! Counts and dates in the words a committee paper uses ("15 milestones",
//! "18 Feb 2020"), and how text is compared when spacing is no change.
//! How late something is, in words, is the renderer's (`crate::render::words`).

use chrono::NaiveDate;

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
    fn dates_read_as_in_a_paper() {
        assert_eq!(
            long_date(NaiveDate::from_ymd_opt(2020, 2, 8).unwrap()),
            "8 Feb 2020"
        );
    }
}
