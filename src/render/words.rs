//! The words a report's numbers are written in: how late a milestone is
//! ("overdue by 4 months"), the facts behind a check's flag. Reports hand
//! over days, dates and ratings; each renderer words them here, so a table, a
//! paper and a CSV say the same thing.

use time_humanize::{Accuracy, HumanTime, Tense};

use crate::model::{count_words, long_date};
use crate::reports::check::{Facts, Flag};

/// How late something is, in rough words: "3 days", "a week", "4 months".
///
/// Uses time-humanize's rough accuracy on whole days; its precise mode and its
/// clock-based conversions are not used (see the crate notes in docs/).
pub fn lateness_in_words(days: i64) -> String {
    HumanTime::from_days(days.max(0)).to_text_en(Accuracy::Rough, Tense::Present)
}

/// A milestone's lateness as the reports write it: "overdue by 4 months".
pub fn overdue_by(days_overdue: i64) -> String {
    format!("overdue by {}", lateness_in_words(days_overdue))
}

/// Which way and how far a target date moved, in months: "4 months later",
/// "1 month earlier", "no change".
pub fn slip_in_words(months: i32) -> String {
    let size = count_words(months.unsigned_abs() as usize, "month");
    match months {
        0 => "no change".to_string(),
        m if m > 0 => format!("{size} later"),
        _ => format!("{size} earlier"),
    }
}

/// The facts behind a flag: "due Dec 19, overdue by 2 months", "RAG Amber,
/// comment empty", "never updated, last cycle closed 10 Jan 2020".
pub fn flag_facts(facts: &Facts) -> String {
    match facts {
        Facts::Overdue {
            timeline,
            days_overdue,
        } => format!("due {timeline}, {}", overdue_by(*days_overdue)),
        Facts::Rated(rag) => format!("RAG {}", rag.word()),
        Facts::RatedWithNoComment(rag) => format!("RAG {}, comment empty", rag.word()),
        Facts::NotUpdatedSince {
            last_update_on,
            cycle_closed_on,
        } => {
            let cycle = format!("last cycle closed {}", long_date(*cycle_closed_on));
            match last_update_on {
                Some(last) => format!("last update {}, {cycle}", long_date(*last)),
                None => format!("never updated, {cycle}"),
            }
        }
        Facts::NoDate(timeline) => format!("timeline {:?}", timeline.to_string()),
        Facts::StillOpen(status) => format!("status {status}"),
    }
}

/// A flag as one line: "#19 green but overdue (due Dec 19, overdue by 2 months)".
pub fn flag_line(flag: &Flag) -> String {
    format!("#{} {} ({})", flag.id, flag.rule, flag_facts(&flag.facts))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Rag, Status};
    use crate::reports::check::tests::{date, milestone};
    use crate::reports::check::{Rule, check};

    fn lines(flags: &[Flag]) -> Vec<String> {
        flags.iter().map(flag_line).collect()
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
    fn slip_in_words_says_which_way() {
        assert_eq!(slip_in_words(4), "4 months later");
        assert_eq!(slip_in_words(1), "1 month later");
        assert_eq!(slip_in_words(-2), "2 months earlier");
        assert_eq!(slip_in_words(0), "no change");
    }

    #[test]
    fn lateness_reads_as_the_reports_write_it() {
        assert_eq!(overdue_by(1), "overdue by a day");
        assert_eq!(overdue_by(141), "overdue by 4 months");
    }

    #[test]
    fn green_but_overdue_says_how_late() {
        let plan = [
            milestone(19, "Dec 19", Status::InProgress, Rag::Green, "c"),
            milestone(20, "Dec 19", Status::Complete, Rag::Green, "c"),
            milestone(21, "Feb 20", Status::InProgress, Rag::Green, "c"),
        ];
        let flags = check(&plan, date("2020-02-18"), None);
        assert_eq!(
            lines(&flags),
            vec!["#19 green but overdue (due Dec 19, overdue by 2 months)"]
        );
        assert_eq!(flags[0].rule, Rule::GreenButOverdue);
    }

    #[test]
    fn complete_but_amber_and_amber_without_comment_are_both_flagged() {
        let plan = [
            milestone(1, "Dec 19", Status::Complete, Rag::Amber, " "),
            milestone(2, "Dec 25", Status::InProgress, Rag::Red, "Delayed"),
        ];
        let flags = check(&plan, date("2020-02-18"), None);
        assert_eq!(
            lines(&flags),
            vec![
                "#1 complete but not green (RAG Amber)",
                "#1 red or amber with no comment (RAG Amber, comment empty)"
            ]
        );
    }

    #[test]
    fn no_update_since_cycle_only_when_there_is_a_cycle() {
        let mut updated_before = milestone(1, "Dec 25", Status::InProgress, Rag::Amber, "c");
        updated_before.last_update_on = Some(date("2020-01-09"));
        let mut updated_on_the_day = milestone(2, "Dec 25", Status::InProgress, Rag::Amber, "c");
        updated_on_the_day.last_update_on = Some(date("2020-01-10"));
        let never = milestone(3, "Dec 25", Status::InProgress, Rag::Amber, "c");
        let complete = milestone(4, "Dec 19", Status::Complete, Rag::Green, "c");
        let plan = [updated_before, updated_on_the_day, never, complete];
        assert!(check(&plan, date("2020-02-18"), None).is_empty());
        assert_eq!(
            lines(&check(&plan, date("2020-02-18"), Some(date("2020-01-10")))),
            vec![
                "#1 no update since the last cycle (last update 9 Jan 2020, last cycle closed 10 Jan 2020)",
                "#3 no update since the last cycle (never updated, last cycle closed 10 Jan 2020)"
            ]
        );
    }

    #[test]
    fn not_started_past_due_is_flagged_from_the_day_after() {
        let plan = [milestone(7, "Jan 20", Status::NotStarted, Rag::Amber, "c")];
        assert!(check(&plan, date("2020-01-31"), None).is_empty());
        assert_eq!(
            lines(&check(&plan, date("2020-02-01"), None)),
            vec!["#7 not started but past its due date (due Jan 20, overdue by a day)"]
        );
    }

    #[test]
    fn regression_blue_but_open_is_flagged() {
        let flags = check(
            &[
                milestone(1, "Dec 19", Status::InProgress, Rag::Blue, "c"),
                milestone(2, "Dec 19", Status::Complete, Rag::Blue, "c"),
                milestone(3, "Dec 19", Status::Closed, Rag::Blue, "c"),
            ],
            date("2019-11-01"),
            None,
        );
        assert_eq!(
            lines(&flags),
            ["#1 blue but not complete (status in progress)"]
        );
    }
}
