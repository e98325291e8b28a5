//! The weekly report as Markdown, and the escaping that shows values as written.

use actionplan::model::long_date;
use actionplan::render::markdown_text::{escape_markdown, markdown_cell};
use actionplan::reports::weekly::{OverdueItem, WeeklyMilestone};
use actionplan::reports::{LeadReport, WeeklySummary};

use super::{
    Heading, detail_with_plan, due_soon_words, explanation, last_update_words, overdue_words,
    section_titles, summary_line,
};

/// The opening of the Markdown report: the title, the summary line, then
/// what the sections mean, or "Nothing to report." when no lead has anything.
pub(super) fn markdown_opening(heading: &Heading, summary: &WeeklySummary) -> String {
    let mut out = String::new();
    let title = match &heading.lead {
        Some(lead) => format!(
            "# Weekly report for {}, week of {}",
            escape_markdown(lead),
            long_date(heading.as_of)
        ),
        None => format!("# Weekly report, week of {}", long_date(heading.as_of)),
    };
    out.push_str(&title);
    out.push_str("\n\n");
    out.push_str(&escape_markdown(&summary_line(heading, summary)));
    out.push_str("\n\n");
    if summary.leads == 0 {
        out.push_str("Nothing to report.\n");
        return out;
    }
    out.push_str(&escape_markdown(&explanation(heading)));
    out.push('\n');
    out
}

/// One lead's part of the Markdown report: a heading and a table per
/// section with something in it, every value escaped.
pub(super) fn markdown_lead(report: &LeadReport, heading: &Heading) -> String {
    let mut out = String::new();
    let [newly_title, overdue_title, due_soon_title, stale_title] =
        section_titles(&heading.options);
    out.push_str(&format!("\n## {}\n", escape_markdown(&report.lead)));
    let overdue_rows = |items: &[OverdueItem]| -> Vec<[String; 6]> {
        items
            .iter()
            .map(|item| milestone_row(heading, &item.milestone, overdue_words(item)))
            .collect()
    };
    let overdue_header = ["ID", "Milestone", "Due", "Lateness", "RAG", "Comment"];
    markdown_section(
        &mut out,
        &newly_title,
        &overdue_header,
        &overdue_rows(&report.newly_overdue),
    );
    markdown_section(
        &mut out,
        &overdue_title,
        &overdue_header,
        &overdue_rows(&report.overdue),
    );
    let due_soon_rows: Vec<[String; 6]> = report
        .due_soon
        .iter()
        .map(|item| milestone_row(heading, &item.milestone, due_soon_words(item)))
        .collect();
    markdown_section(
        &mut out,
        &due_soon_title,
        &["ID", "Milestone", "Due", "When", "RAG", "Comment"],
        &due_soon_rows,
    );
    let stale_rows: Vec<[String; 6]> = report
        .stale
        .iter()
        .map(|item| milestone_row(heading, &item.milestone, last_update_words(item)))
        .collect();
    markdown_section(
        &mut out,
        &stale_title,
        &["ID", "Milestone", "Due", "Last update", "RAG", "Comment"],
        &stale_rows,
    );
    out
}

/// A table row, unescaped: the milestone's id, detail and due month, then
/// `section_cell` (the one column that differs by section), its RAG and comment.
fn milestone_row(
    heading: &Heading,
    milestone: &WeeklyMilestone,
    section_cell: String,
) -> [String; 6] {
    [
        milestone.id.to_string(),
        detail_with_plan(heading, milestone),
        milestone.timeline.to_string(),
        section_cell,
        milestone.rag.to_string(),
        milestone.comment.clone(),
    ]
}

/// Appends a "### title (n)" heading and a table, unless there are no rows.
fn markdown_section(out: &mut String, title: &str, header: &[&str; 6], rows: &[[String; 6]]) {
    if rows.is_empty() {
        return;
    }
    out.push_str(&format!(
        "\n### {} ({})\n\n",
        escape_markdown(title),
        rows.len()
    ));
    out.push_str(&format!("| {} |\n", header.join(" | ")));
    out.push_str("| ---: | --- | --- | --- | --- | --- |\n");
    for row in rows {
        let cells: Vec<String> = row.iter().map(|cell| markdown_cell(cell)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_puts_the_section_cell_fourth() {
        let heading = Heading {
            as_of: "2020-02-18".parse().unwrap(),
            options: actionplan::reports::WeeklyOptions {
                stale_weeks: 8,
                due_soon_days: 14,
            },
            lead: None,
            plans: vec!["NL".to_string()],
        };
        let milestone = WeeklyMilestone {
            id: 15,
            plan: "NL".to_string(),
            milestone: "Develop the use of directions".to_string(),
            timeline: "Mar 20".parse().unwrap(),
            due: Some("2020-03-31".parse().unwrap()),
            status: actionplan::model::Status::InProgress,
            rag: actionplan::model::Rag::Green,
            comment: "On track".to_string(),
        };
        assert_eq!(
            milestone_row(&heading, &milestone, "due in 11 days".to_string()),
            [
                "15",
                "Develop the use of directions",
                "Mar 20",
                "due in 11 days",
                "G",
                "On track"
            ]
        );
    }
}
