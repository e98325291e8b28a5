//! The fact check of RAG judgements: ratings and statuses that do not fit the facts.
//!
//! RAG stays a human judgement. The check only points at ratings a reader
//! would question; it never changes one.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::Milestone;
use crate::model::{Rag, Status, Target};

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

/// The facts behind a flag, as values: `crate::render::words::flag_facts`
/// words them ("due Dec 19, overdue by 2 months").
#[derive(Debug, Clone, PartialEq)]
pub enum Facts {
    /// Its timeline and how many days past its due date it is (green but
    /// overdue; not started but due).
    Overdue {
        /// The current timeline.
        timeline: Target,
        /// Whole days from the due date to the as-of date.
        days_overdue: i64,
    },
    /// Its RAG, though it is complete.
    Rated(Rag),
    /// Its RAG, red or amber, with the comment empty.
    RatedWithNoComment(Rag),
    /// Its latest update (None: never) and the day the latest cycle closed.
    NotUpdatedSince {
        /// The date of its latest update, if any.
        last_update_on: Option<NaiveDate>,
        /// The day the plan's latest committee cycle closed.
        cycle_closed_on: NaiveDate,
    },
    /// The timeline it has instead of a date ("Ongoing").
    NoDate(Target),
    /// Its status, still open though rated blue.
    StillOpen(Status),
}

/// One milestone breaking one rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Flag {
    /// The milestone's id.
    pub id: i64,
    /// Plan name.
    pub plan: String,
    /// Milestone detail.
    pub milestone: String,
    /// The rule broken.
    pub rule: Rule,
    /// The facts behind the flag.
    pub facts: Facts,
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

/// The facts when `m` breaks `rule`, or `None` when it keeps it.
fn broken(
    rule: Rule,
    m: &Milestone,
    as_of: NaiveDate,
    latest_cycle: Option<NaiveDate>,
) -> Option<Facts> {
    let overdue_facts = || Facts::Overdue {
        timeline: m.timeline,
        days_overdue: m.due().map_or(0, |due| (as_of - due).num_days()),
    };
    // A closed milestone's last RAG is history, not a judgement to question.
    let red_or_amber = m.status != Status::Closed && matches!(m.rag, Rag::Red | Rag::Amber);
    match rule {
        Rule::GreenButOverdue => (m.rag == Rag::Green && m.is_overdue(as_of)).then(overdue_facts),
        Rule::CompleteButNotGreen => {
            (m.status == Status::Complete && red_or_amber).then_some(Facts::Rated(m.rag))
        }
        Rule::RedOrAmberWithNoComment => (red_or_amber && m.comment.trim().is_empty())
            .then_some(Facts::RatedWithNoComment(m.rag)),
        Rule::NoUpdateSinceLastCycle => {
            let cycle = latest_cycle?;
            let missed = m.status.is_open() && m.last_touched_on().is_none_or(|last| last < cycle);
            missed.then_some(Facts::NotUpdatedSince {
                last_update_on: m.last_update_on,
                cycle_closed_on: cycle,
            })
        }
        Rule::NotStartedButDue => (m.status == Status::NotStarted
            && m.due().is_some_and(|due| due < as_of))
        .then(overdue_facts),
        Rule::NoTargetDate => {
            (m.status.is_open() && m.due().is_none()).then_some(Facts::NoDate(m.timeline))
        }
        Rule::BlueButNotComplete => {
            (m.rag == Rag::Blue && m.status.is_open()).then_some(Facts::StillOpen(m.status))
        }
    }
}

/// Tests; [`tests::milestone`] and [`tests::date`] serve the tests of the
/// check's words in `crate::render::words` too.
#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A milestone of the sample plan with the status, RAG and comment given.
    pub(crate) fn milestone(
        id: i64,
        timeline: &str,
        status: Status,
        rag: Rag,
        comment: &str,
    ) -> Milestone {
        Milestone {
            status,
            rag,
            comment: comment.into(),
            leads: vec!["Ann".into()],
            ..Milestone::sample(id, timeline)
        }
    }

    /// A date written YYYY-MM-DD.
    pub(crate) fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn facts_are_handed_over_as_values() {
        let mut never = milestone(3, "Dec 25", Status::InProgress, Rag::Amber, "");
        never.last_update_on = None;
        let flags = check(
            &[
                milestone(19, "Dec 19", Status::InProgress, Rag::Green, "c"),
                never,
            ],
            date("2020-02-18"),
            Some(date("2020-01-10")),
        );
        let facts: Vec<(i64, &Facts)> = flags.iter().map(|f| (f.id, &f.facts)).collect();
        assert_eq!(
            facts,
            [
                (
                    19,
                    &Facts::Overdue {
                        timeline: "Dec 19".parse().unwrap(),
                        days_overdue: 49
                    }
                ),
                (
                    19,
                    &Facts::NotUpdatedSince {
                        last_update_on: None,
                        cycle_closed_on: date("2020-01-10")
                    }
                ),
                (3, &Facts::RatedWithNoComment(Rag::Amber)),
                (
                    3,
                    &Facts::NotUpdatedSince {
                        last_update_on: None,
                        cycle_closed_on: date("2020-01-10")
                    }
                ),
            ]
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
