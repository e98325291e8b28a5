//! The fact check of RAG judgements: ratings and statuses that do not fit the facts.
//!
//! RAG stays a human judgement. The check only points at ratings a reader
//! would question; it never changes one.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::Milestone;
use crate::model::{Rag, Status, Target, lateness_in_words, long_date};

/// A rule a milestone's rating or status can break.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Rated green, open, and past its due date.
    GreenButOverdue,
    /// Complete, but rated red or amber.
    CompleteButNotGreen,
    /// Rated red or amber with an empty comment: nobody has said why.
    RedOrAmberWithNoComment,
    /// Open, and not updated on or after the latest committee cycle's date.
    NoUpdateSinceLastCycle,
    /// Past its due date and still "not started".
    NotStartedButDue,
    /// Open with no target date ("Ongoing", "TBC"): it can never be overdue.
    NoTargetDate,
    /// Rated Blue (BRAG: finished) but still open.
    BlueButNotComplete,
}

impl Rule {
    /// Every rule, in the order a milestone's flags are listed.
    pub const ALL: [Rule; 7] = [
        Rule::GreenButOverdue,
        Rule::CompleteButNotGreen,
        Rule::RedOrAmberWithNoComment,
        Rule::NoUpdateSinceLastCycle,
        Rule::NotStartedButDue,
        Rule::NoTargetDate,
        Rule::BlueButNotComplete,
    ];

    /// The rule in words, as the check prints it.
    pub fn words(self) -> &'static str {
        match self {
            Rule::GreenButOverdue => "green but overdue",
            Rule::CompleteButNotGreen => "complete but not green",
            Rule::RedOrAmberWithNoComment => "red or amber with no comment",
            Rule::NoUpdateSinceLastCycle => "no update since the last cycle",
            Rule::NotStartedButDue => "not started but past its due date",
            Rule::NoTargetDate => "no target date",
            Rule::BlueButNotComplete => "blue but not complete",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.words())
    }
}

/// One milestone breaking one rule.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Flag {
    /// The milestone's id.
    pub id: i64,
    /// Plan name.
    pub plan: String,
    /// Milestone detail.
    pub milestone: String,
    /// The rule broken.
    pub rule: Rule,
    /// The rule in words ("green but overdue").
    pub rule_words: String,
    /// The facts behind the flag ("due Dec 19, overdue by 2 months").
    pub facts: String,
    /// Current timeline, or its no-date word.
    pub timeline: Target,
    /// Due date; None when there is no target date.
    pub due: Option<NaiveDate>,
    /// Status.
    pub status: Status,
    /// RAG.
    pub rag: Rag,
    /// Date of the latest update, if any.
    pub last_update_on: Option<NaiveDate>,
}

impl fmt::Display for Flag {
    /// "#19 green but overdue (due Dec 19, overdue by 2 months)".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{} {} ({})", self.id, self.rule, self.facts)
    }
}

/// Checks each milestone of one plan against every rule, as of a date.
/// `latest_cycle` is the date the plan's latest committee cycle closed on
/// (before `as_of`); without one the "no update since the last cycle" rule
/// does not apply. Flags come in plan order, then rule order.
pub fn check(
    milestones: &[Milestone],
    as_of: NaiveDate,
    latest_cycle: Option<NaiveDate>,
) -> Vec<Flag> {
    let mut flags = Vec::new();
    for m in milestones {
        for rule in Rule::ALL {
            if let Some(facts) = broken(rule, m, as_of, latest_cycle) {
                flags.push(Flag {
                    id: m.id,
                    plan: m.plan.clone(),
                    milestone: m.detail.clone(),
                    rule,
                    rule_words: rule.words().to_string(),
                    facts,
                    timeline: m.timeline,
                    due: m.due(),
                    status: m.status,
                    rag: m.rag,
                    last_update_on: m.last_update_on,
                });
            }
        }
    }
    flags
}

/// What a check found, counted flag by flag as it goes: the numbers its
/// summary line gives.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckCounts {
    /// Milestones checked.
    pub checked: usize,
    /// Flags raised.
    pub flags: usize,
    /// Milestones with at least one flag.
    pub flagged_milestones: usize,
    /// Flags per rule, in the order of [`Rule::ALL`].
    per_rule: [usize; Rule::ALL.len()],
}

impl CheckCounts {
    /// Counts one milestone checked and the flags it raised.
    pub fn add(&mut self, flags: &[Flag]) {
        self.checked += 1;
        self.flags += flags.len();
        if !flags.is_empty() {
            self.flagged_milestones += 1;
        }
        for flag in flags {
            if let Some(at) = Rule::ALL.iter().position(|rule| *rule == flag.rule) {
                self.per_rule[at] += 1;
            }
        }
    }

    /// The rules broken and how many times each, in the order of
    /// [`Rule::ALL`]; rules nobody broke are left out.
    pub fn per_rule(&self) -> Vec<(Rule, usize)> {
        Rule::ALL
            .into_iter()
            .zip(self.per_rule)
            .filter(|(_, count)| *count > 0)
            .collect()
    }
}

/// The facts in words when `m` breaks `rule`, or `None` when it keeps it.
fn broken(
    rule: Rule,
    m: &Milestone,
    as_of: NaiveDate,
    latest_cycle: Option<NaiveDate>,
) -> Option<String> {
    let overdue_facts = || {
        let days = m.due().map_or(0, |due| (as_of - due).num_days());
        format!("due {}, overdue by {}", m.timeline, lateness_in_words(days))
    };
    // A closed milestone's last RAG is history, not a judgement to question.
    let red_or_amber = m.status != Status::Closed && matches!(m.rag, Rag::Red | Rag::Amber);
    match rule {
        Rule::GreenButOverdue => (m.rag == Rag::Green && m.is_overdue(as_of)).then(overdue_facts),
        Rule::CompleteButNotGreen => {
            (m.status == Status::Complete && red_or_amber).then(|| format!("RAG {}", m.rag.word()))
        }
        Rule::RedOrAmberWithNoComment => (red_or_amber && m.comment.trim().is_empty())
            .then(|| format!("RAG {}, comment empty", m.rag.word())),
        Rule::NoUpdateSinceLastCycle => {
            let cycle = latest_cycle?;
            let missed = m.status.is_open() && m.last_touched_on().is_none_or(|last| last < cycle);
            missed.then(|| {
                let cycle_words = format!("last cycle closed {}", long_date(cycle));
                match m.last_update_on {
                    Some(last) => format!("last update {}, {cycle_words}", long_date(last)),
                    None => format!("never updated, {cycle_words}"),
                }
            })
        }
        Rule::NotStartedButDue => (m.status == Status::NotStarted
            && m.due().is_some_and(|due| due < as_of))
        .then(overdue_facts),
        Rule::NoTargetDate => (m.status.is_open() && m.due().is_none())
            .then(|| format!("timeline {:?}", m.timeline.to_string())),
        Rule::BlueButNotComplete => {
            (m.rag == Rag::Blue && m.status.is_open()).then(|| format!("status {}", m.status))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn milestone(id: i64, timeline: &str, status: Status, rag: Rag, comment: &str) -> Milestone {
        Milestone {
            status,
            rag,
            comment: comment.into(),
            leads: vec!["Ann".into()],
            ..Milestone::sample(id, timeline)
        }
    }

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn lines(flags: &[Flag]) -> Vec<String> {
        flags.iter().map(ToString::to_string).collect()
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

    #[test]
    fn counts_each_milestone_once_and_each_flag_under_its_rule() {
        let plan = [
            milestone(1, "Dec 19", Status::Complete, Rag::Amber, " "),
            milestone(2, "Dec 19", Status::InProgress, Rag::Green, "c"),
            milestone(3, "Dec 25", Status::InProgress, Rag::Green, "c"),
        ];
        let mut counts = CheckCounts::default();
        for m in &plan {
            counts.add(&check(std::slice::from_ref(m), date("2020-02-18"), None));
        }
        assert_eq!(
            (counts.checked, counts.flags, counts.flagged_milestones),
            (3, 3, 2)
        );
        assert_eq!(
            counts.per_rule(),
            [
                (Rule::GreenButOverdue, 1),
                (Rule::CompleteButNotGreen, 1),
                (Rule::RedOrAmberWithNoComment, 1)
            ]
        );
    }

    /// Each rule has one name for programs (JSON, CSV) and its own words
    /// for people; a rule added without both, or two rules worded alike,
    /// shows here. (It replaces a test that compared `Display` with the
    /// `words()` it is defined as, which could not fail.)
    #[test]
    fn each_rule_has_its_name_for_programs_and_its_own_words_for_people() {
        let named: Vec<(String, String)> = Rule::ALL
            .iter()
            .map(|rule| {
                let name = serde_json::to_value(rule).unwrap();
                (name.as_str().unwrap().to_string(), rule.to_string())
            })
            .collect();
        let expected = [
            ("green_but_overdue", "green but overdue"),
            ("complete_but_not_green", "complete but not green"),
            (
                "red_or_amber_with_no_comment",
                "red or amber with no comment",
            ),
            (
                "no_update_since_last_cycle",
                "no update since the last cycle",
            ),
            ("not_started_but_due", "not started but past its due date"),
            ("no_target_date", "no target date"),
            ("blue_but_not_complete", "blue but not complete"),
        ];
        assert_eq!(
            named,
            expected.map(|(name, words)| (name.to_string(), words.to_string()))
        );
    }
}
