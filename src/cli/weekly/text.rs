//! The weekly report as plain text for an email, with its line wrapping.

use actionplan::reports::weekly::{DueSoonItem, OverdueItem, StaleItem, WeeklyMilestone};
use actionplan::reports::{LeadReport, WeeklySummary};

use super::{
    Heading, detail_with_plan, due_soon_words, explanation, last_update_words, overdue_words,
    section_titles, summary_line,
};

/// Lines of the text format are wrapped to this many characters where they can be.
const TEXT_WIDTH: usize = 76;

/// The opening of the text report: the summary line, then what the sections
/// mean, or "Nothing to report." when no lead has anything.
pub(super) fn text_opening(heading: &Heading, summary: &WeeklySummary) -> String {
    let mut out = String::new();
    out.push_str(&summary_line(heading, summary));
    out.push('\n');
    if summary.leads == 0 {
        out.push_str("\nNothing to report.\n");
        return out;
    }
    out.push('\n');
    for line in wrap(&explanation(heading), TEXT_WIDTH, "", "") {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

/// One lead's part of the text report: the name underlined, then each
/// section with something in it, one wrapped item per milestone.
pub(super) fn text_lead(report: &LeadReport, heading: &Heading) -> String {
    let mut out = String::new();
    out.push('\n');
    out.push_str(&report.lead);
    out.push('\n');
    out.push_str(&"=".repeat(report.lead.chars().count()));
    out.push('\n');
    let sections: [Vec<TextItem>; 4] = [
        report
            .newly_overdue
            .iter()
            .map(|i| overdue_text(heading, i))
            .collect(),
        report
            .overdue
            .iter()
            .map(|i| overdue_text(heading, i))
            .collect(),
        report
            .due_soon
            .iter()
            .map(|i| due_soon_text(heading, i))
            .collect(),
        report
            .stale
            .iter()
            .map(|i| stale_text(heading, i))
            .collect(),
    ];
    for (title, items) in section_titles(&heading.options).iter().zip(sections) {
        if items.is_empty() {
            continue;
        }
        out.push_str(&format!("{title} ({}):\n", items.len()));
        for item in items {
            for line in item.lines() {
                out.push_str(&line);
                out.push('\n');
            }
        }
    }
    out
}

/// A text item in two parts: "#13 Tier 3 post holders in place" and the
/// facts, "— due Jan 20, overdue by 2 weeks (A)", which are kept together.
struct TextItem {
    /// The id and the milestone detail on one line.
    head: String,
    /// The dash, the due date, the section's fact and the RAG.
    facts: String,
}

impl TextItem {
    fn new(heading: &Heading, milestone: &WeeklyMilestone, fact: &str) -> TextItem {
        let detail = detail_with_plan(heading, milestone);
        TextItem {
            head: format!("#{} {}", milestone.id, one_line(&detail)),
            facts: format!("— due {}, {fact} ({})", milestone.timeline, milestone.rag),
        }
    }

    /// The item wrapped to the text width, indented under its section; the
    /// facts go on a line of their own when they do not fit after the detail.
    fn lines(&self) -> Vec<String> {
        let mut lines = wrap(&self.head, TEXT_WIDTH, "  ", "    ");
        let last = lines.pop().unwrap_or_default();
        if last.chars().count() + 1 + self.facts.chars().count() <= TEXT_WIDTH {
            lines.push(format!("{last} {}", self.facts));
        } else {
            lines.push(last);
            lines.extend(wrap(&self.facts, TEXT_WIDTH, "    ", "    "));
        }
        lines
    }
}

/// "#13 Tier 3 post holders in place — due Jan 20, overdue by 2 weeks, never updated (A)".
fn overdue_text(heading: &Heading, item: &OverdueItem) -> TextItem {
    TextItem::new(heading, &item.milestone, &overdue_words(item))
}

/// "#15 Develop the use of directions — due Mar 20, due in 11 days, never updated (G)".
fn due_soon_text(heading: &Heading, item: &DueSoonItem) -> TextItem {
    TextItem::new(heading, &item.milestone, &due_soon_words(item))
}

/// "#13 Tier 3 post holders in place — due Jan 20, never updated (A)".
fn stale_text(heading: &Heading, item: &StaleItem) -> TextItem {
    TextItem::new(heading, &item.milestone, &last_update_words(item))
}

/// A milestone's detail on one line: its lines joined with "; ".
fn one_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Greedy word wrap to `width` characters: the first line starts with
/// `indent`, the others with `continuation`. A word longer than the width
/// stays whole on its own line.
fn wrap(text: &str, width: usize, indent: &str, continuation: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = indent.to_string();
    let mut line_has_word = false;
    for word in text.split_whitespace() {
        let needed = line.chars().count() + usize::from(line_has_word) + word.chars().count();
        if line_has_word && needed > width {
            lines.push(line);
            line = continuation.to_string();
            line_has_word = false;
        }
        if line_has_word {
            line.push(' ');
        }
        line.push_str(word);
        line_has_word = true;
    }
    if line_has_word {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_on_words_with_a_continuation_indent() {
        assert_eq!(
            wrap("one two three four", 10, "  ", "    "),
            vec!["  one two", "    three", "    four"]
        );
        assert_eq!(wrap("", 10, "  ", "    "), Vec::<String>::new());
        assert_eq!(
            wrap("abcdefghijkl x", 5, "", "  "),
            vec!["abcdefghijkl", "  x"]
        );
    }

    #[test]
    fn an_item_keeps_its_facts_on_one_line() {
        let short = TextItem {
            head: "#13 Tier 3 post holders in place".to_string(),
            facts: "— due Jan 20, overdue by 2 weeks (A)".to_string(),
        };
        assert_eq!(
            short.lines(),
            vec!["  #13 Tier 3 post holders in place — due Jan 20, overdue by 2 weeks (A)"]
        );
        let long = TextItem {
            head: "#15 Develop the use of directions through the SCP for 2020-23".to_string(),
            facts: "— due Mar 20, due in 11 days (G)".to_string(),
        };
        assert_eq!(
            long.lines(),
            vec![
                "  #15 Develop the use of directions through the SCP for 2020-23",
                "    — due Mar 20, due in 11 days (G)"
            ]
        );
    }

    fn one_plan_heading() -> Heading {
        Heading {
            as_of: "2020-02-18".parse().unwrap(),
            options: actionplan::reports::WeeklyOptions {
                stale_weeks: 8,
                due_soon_days: 14,
            },
            lead: None,
            plans: vec!["NL".to_string()],
        }
    }

    #[test]
    fn over_several_plans_an_item_names_its_plan() {
        let mut heading = one_plan_heading();
        heading.plans.push("Copy".to_string());
        assert_eq!(
            overdue_text(&heading, &overdue_item(false, None)).lines(),
            vec![
                "  #5 [NL] Update TOR to reflect changed arrangements",
                "    — due Oct 19, overdue by 4 months (A)"
            ]
        );
    }

    fn overdue_item(stale: bool, weeks_since_update: Option<i64>) -> OverdueItem {
        OverdueItem {
            milestone: WeeklyMilestone {
                id: 5,
                plan: "NL".to_string(),
                milestone: "Update TOR to reflect changed arrangements".to_string(),
                timeline: "Oct 19".parse().unwrap(),
                due: Some("2019-10-31".parse().unwrap()),
                status: actionplan::model::Status::InProgress,
                rag: actionplan::model::Rag::Amber,
                comment: String::new(),
            },
            days_overdue: 130,
            last_update_on: weeks_since_update.map(|_| "2019-12-01".parse().unwrap()),
            weeks_since_update,
            stale,
        }
    }

    #[test]
    fn an_overdue_item_says_when_it_is_stale() {
        assert_eq!(
            overdue_words(&overdue_item(true, None)),
            "overdue by 4 months, never updated"
        );
        assert_eq!(
            overdue_words(&overdue_item(true, Some(11))),
            "overdue by 4 months, no update for 11 weeks"
        );
        assert_eq!(
            overdue_words(&overdue_item(false, Some(2))),
            "overdue by 4 months"
        );
        assert_eq!(
            overdue_text(&one_plan_heading(), &overdue_item(true, None)).lines(),
            vec![
                "  #5 Update TOR to reflect changed arrangements",
                "    — due Oct 19, overdue by 4 months, never updated (A)"
            ]
        );
    }

    #[test]
    fn a_due_soon_item_says_when_it_is_stale() {
        let overdue = overdue_item(true, None);
        let mut item = DueSoonItem {
            milestone: overdue.milestone,
            days_until_due: 11,
            last_update_on: None,
            weeks_since_update: None,
            stale: true,
        };
        assert_eq!(due_soon_words(&item), "due in 11 days, never updated");
        assert_eq!(
            due_soon_text(&one_plan_heading(), &item).lines(),
            vec![
                "  #5 Update TOR to reflect changed arrangements",
                "    — due Oct 19, due in 11 days, never updated (A)"
            ]
        );
        item.last_update_on = "2019-12-01".parse().ok();
        item.weeks_since_update = Some(9);
        assert_eq!(
            due_soon_words(&item),
            "due in 11 days, no update for 9 weeks"
        );
        item.stale = false;
        item.weeks_since_update = Some(2);
        assert_eq!(due_soon_words(&item), "due in 11 days");
    }
}
