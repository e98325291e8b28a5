//! `actionplan weekly`: the weekly report per lead, for pasting into an email.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use chrono::NaiveDate;
use clap::ValueEnum;

use actionplan::csvio::write::{CsvStyle, write_csv};
use actionplan::reports::check::long_date;
use actionplan::reports::weekly::{
    DueSoonItem, NEWLY_OVERDUE_DAYS, OverdueItem, StaleItem, WeeklyMilestone,
};
use actionplan::reports::{
    LeadReport, WeeklyOptions, WeeklySummary, lead_file_stems, summarise, weekly,
};
use actionplan::store::MilestoneFilter;

use crate::cli::output::write_file_atomically;
use crate::cli::overdue::{as_of_or_today, count_words};
use crate::cli::{Context, Outcome};

/// Lines of the text format are wrapped to this many characters where they can be.
const TEXT_WIDTH: usize = 76;

/// How the weekly report is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum WeeklyFormat {
    /// Plain text with short lines, to paste into an email.
    #[default]
    Text,
    /// Markdown, every value escaped.
    Markdown,
    /// CSV: one row per lead, section and milestone.
    Csv,
    /// JSON: an array with one object per lead.
    Json,
}

impl WeeklyFormat {
    /// The file extension `--split-by-lead` uses.
    fn extension(self) -> &'static str {
        match self {
            WeeklyFormat::Text => "txt",
            WeeklyFormat::Markdown => "md",
            WeeklyFormat::Csv => "csv",
            WeeklyFormat::Json => "json",
        }
    }
}

/// The weekly report per lead: overdue, due soon, newly overdue, stale.
///
/// The weekly report per lead: for each lead (in alphabetical order), the
/// milestones newly overdue (fell due in the 7 days before the as-of date),
/// overdue for longer, due in the next 14 days, and not yet due but stale
/// (open, with no update for 8 weeks or never). No milestone is listed twice
/// for one lead: an overdue or due-soon item that is also stale says so on its
/// own line ("never updated", "no update for 11 weeks") and is not repeated in
/// the stale section, which holds only milestones due after the next 14 days.
/// A milestone with several leads appears under each; a lead with nothing to
/// report is left out.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  actionplan weekly --as-of 2020-02-18
  actionplan weekly --format markdown > weekly.md
  actionplan weekly --split-by-lead out/ --format text")]
pub struct Args {
    /// The date to judge by (YYYY-MM-DD); default today.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<NaiveDate>,
    /// Only this plan (default: every plan).
    #[arg(long)]
    pub plan: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t)]
    pub format: WeeklyFormat,
    /// Write one file per lead into DIR (created if missing) instead of printing.
    #[arg(long, value_name = "DIR")]
    pub split_by_lead: Option<PathBuf>,
    /// An open milestone with no update for this many weeks (or never) is stale.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub stale_weeks: u32,
    /// An open milestone due within this many days of the as-of date is due soon.
    #[arg(long, value_name = "N", default_value_t = 14)]
    pub due_soon_days: u32,
}

/// What every rendering needs besides the lead reports.
struct Heading {
    as_of: NaiveDate,
    options: WeeklyOptions,
    /// Set when the output is one lead's file.
    lead: Option<String>,
}

impl Args {
    /// Runs the report.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open()?;
        let as_of = as_of_or_today(self.as_of);
        let options = WeeklyOptions {
            stale_weeks: self.stale_weeks,
            due_soon_days: self.due_soon_days,
        };
        let filter = MilestoneFilter {
            plan_id: store.plan_filter(self.plan.as_deref())?,
            ..MilestoneFilter::default()
        };
        let reports = weekly(&store.milestones_as_of(&filter, as_of)?, as_of, &options);
        match &self.split_by_lead {
            Some(dir) => {
                let written = write_split(dir, &reports, self.format, as_of, options)?;
                eprintln!(
                    "wrote {} to {}",
                    count_words(written, "file"),
                    dir.display()
                );
            }
            None => {
                let heading = Heading {
                    as_of,
                    options,
                    lead: None,
                };
                if matches!(self.format, WeeklyFormat::Csv | WeeklyFormat::Json) {
                    eprintln!("{}", summary_line(&heading, &summarise(&reports)));
                }
                let content = render(self.format, &reports, &heading)?;
                let mut out = io::stdout().lock();
                out.write_all(content.as_bytes())?;
                out.flush()?;
            }
        }
        Ok(Outcome::Done)
    }
}

/// Writes one file per lead with something to report; returns how many.
fn write_split(
    dir: &Path,
    reports: &[LeadReport],
    format: WeeklyFormat,
    as_of: NaiveDate,
    options: WeeklyOptions,
) -> Result<usize> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let leads: Vec<&str> = reports.iter().map(|r| r.lead.as_str()).collect();
    let stems = lead_file_stems(&leads);
    for (report, stem) in reports.iter().zip(&stems) {
        let heading = Heading {
            as_of,
            options,
            lead: Some(report.lead.clone()),
        };
        let content = render(format, std::slice::from_ref(report), &heading)?;
        let file_name = format!("{stem}.{}", format.extension());
        let path = dir.join(&file_name);
        write_file_atomically(&path, content.as_bytes())
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(stems.len())
}

/// The report in the chosen format, as the whole text to write.
fn render(format: WeeklyFormat, reports: &[LeadReport], heading: &Heading) -> Result<String> {
    Ok(match format {
        WeeklyFormat::Text => render_text(reports, heading),
        WeeklyFormat::Markdown => render_markdown(reports, heading),
        WeeklyFormat::Csv => render_csv(reports)?,
        WeeklyFormat::Json => {
            let mut json = serde_json::to_string_pretty(reports)?;
            json.push('\n');
            json
        }
    })
}

/// "Week of 18 Feb 2020: 15 overdue (2 newly), 0 due in the next 14 days,
/// 25 with no update for 8 weeks, across 10 leads"; the last count is every
/// stale milestone, whichever section lists it.
fn summary_line(heading: &Heading, summary: &WeeklySummary) -> String {
    let counts = format!(
        "{} overdue ({} newly), {} due in the next {} days, {} with no update for {} weeks",
        summary.overdue,
        summary.newly_overdue,
        summary.due_soon,
        heading.options.due_soon_days,
        summary.stale,
        heading.options.stale_weeks
    );
    let week = long_date(heading.as_of);
    match &heading.lead {
        Some(lead) => format!("Week of {week}, {lead}: {counts}"),
        None => format!(
            "Week of {week}: {counts}, across {}",
            count_words(summary.leads, "lead")
        ),
    }
}

/// What the sections mean, in one paragraph.
fn explanation(heading: &Heading) -> String {
    let leads = if heading.lead.is_none() {
        "Leads are in alphabetical order. "
    } else {
        ""
    };
    format!(
        "{leads}Newly overdue: fell due in the last {NEWLY_OVERDUE_DAYS} days (not repeated \
         under Overdue). An overdue or due-soon milestone with no update for {weeks} weeks \
         or more, or never updated, says so on its line and is not repeated in the last \
         section, which lists the open milestones due after the next {days} days with no \
         update for {weeks} weeks or more.",
        weeks = heading.options.stale_weeks,
        days = heading.options.due_soon_days
    )
}

/// The section titles, in the order text and Markdown show them.
fn section_titles(options: &WeeklyOptions) -> [String; 4] {
    [
        "Newly overdue".to_string(),
        "Overdue".to_string(),
        format!("Due in the next {} days", options.due_soon_days),
        format!(
            "Not yet due, but no update for {} weeks",
            options.stale_weeks
        ),
    ]
}

/// Plain text for an email: a heading per lead, one wrapped item per milestone.
fn render_text(reports: &[LeadReport], heading: &Heading) -> String {
    let mut out = String::new();
    out.push_str(&summary_line(heading, &summarise(reports)));
    out.push('\n');
    if reports.is_empty() {
        out.push_str("\nNothing to report.\n");
        return out;
    }
    out.push('\n');
    for line in wrap(&explanation(heading), TEXT_WIDTH, "", "") {
        out.push_str(&line);
        out.push('\n');
    }
    let titles = section_titles(&heading.options);
    for report in reports {
        out.push('\n');
        out.push_str(&report.lead);
        out.push('\n');
        out.push_str(&"=".repeat(report.lead.chars().count()));
        out.push('\n');
        let sections: [Vec<TextItem>; 4] = [
            report.newly_overdue.iter().map(overdue_text).collect(),
            report.overdue.iter().map(overdue_text).collect(),
            report.due_soon.iter().map(due_soon_text).collect(),
            report.stale.iter().map(stale_text).collect(),
        ];
        for (title, items) in titles.iter().zip(sections) {
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
    fn new(milestone: &WeeklyMilestone, fact: &str) -> TextItem {
        TextItem {
            head: format!("#{} {}", milestone.id, one_line(&milestone.milestone)),
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
fn overdue_text(item: &OverdueItem) -> TextItem {
    TextItem::new(&item.milestone, &overdue_words(item))
}

/// "overdue by 2 weeks", followed by ", never updated" or ", no update for 11
/// weeks" when the item is stale.
fn overdue_words(item: &OverdueItem) -> String {
    with_staleness(&item.overdue_by, item.stale, item.weeks_since_update)
}

/// "due in 11 days", followed by ", never updated" or ", no update for 11
/// weeks" when the item is stale.
fn due_soon_words(item: &DueSoonItem) -> String {
    with_staleness(
        &days_until_words(item.days_until_due),
        item.stale,
        item.weeks_since_update,
    )
}

/// The fact as given, followed by ", never updated" or ", no update for 11
/// weeks" when `stale`.
fn with_staleness(fact: &str, stale: bool, weeks_since_update: Option<i64>) -> String {
    if !stale {
        return fact.to_string();
    }
    let staleness = match weeks_since_update {
        Some(weeks) => format!(
            "no update for {}",
            count_words(weeks.max(0) as usize, "week")
        ),
        None => "never updated".to_string(),
    };
    format!("{fact}, {staleness}")
}

/// "#15 Develop the use of directions — due Mar 20, due in 11 days, never updated (G)".
fn due_soon_text(item: &DueSoonItem) -> TextItem {
    TextItem::new(&item.milestone, &due_soon_words(item))
}

/// "#13 Tier 3 post holders in place — due Jan 20, never updated (A)".
fn stale_text(item: &StaleItem) -> TextItem {
    TextItem::new(&item.milestone, &last_update_words(item))
}

/// "due today", "due tomorrow", "due in 11 days".
fn days_until_words(days: i64) -> String {
    match days {
        0 => "due today".to_string(),
        1 => "due tomorrow".to_string(),
        _ => format!("due in {days} days"),
    }
}

/// "never updated" or "last update 3 Dec 2019 (11 weeks ago)".
fn last_update_words(item: &StaleItem) -> String {
    match (item.last_update_on, item.weeks_since_update) {
        (Some(date), Some(weeks)) => {
            format!(
                "last update {} ({} ago)",
                long_date(date),
                count_words(weeks.max(0) as usize, "week")
            )
        }
        (Some(date), None) => format!("last update {}", long_date(date)),
        (None, _) => "never updated".to_string(),
    }
}

/// Markdown: a heading per lead and a table per section, every value escaped.
fn render_markdown(reports: &[LeadReport], heading: &Heading) -> String {
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
    out.push_str(&escape_markdown(&summary_line(
        heading,
        &summarise(reports),
    )));
    out.push_str("\n\n");
    if reports.is_empty() {
        out.push_str("Nothing to report.\n");
        return out;
    }
    out.push_str(&escape_markdown(&explanation(heading)));
    out.push('\n');
    let [newly_title, overdue_title, due_soon_title, stale_title] =
        section_titles(&heading.options);
    for report in reports {
        out.push_str(&format!("\n## {}\n", escape_markdown(&report.lead)));
        let overdue_rows = |items: &[OverdueItem]| -> Vec<[String; 6]> {
            items
                .iter()
                .map(|item| {
                    let m = &item.milestone;
                    [
                        m.id.to_string(),
                        m.milestone.clone(),
                        m.timeline.to_string(),
                        overdue_words(item),
                        m.rag.to_string(),
                        m.comment.clone(),
                    ]
                })
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
            .map(|item| {
                let m = &item.milestone;
                [
                    m.id.to_string(),
                    m.milestone.clone(),
                    m.timeline.to_string(),
                    due_soon_words(item),
                    m.rag.to_string(),
                    m.comment.clone(),
                ]
            })
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
            .map(|item| {
                let m = &item.milestone;
                [
                    m.id.to_string(),
                    m.milestone.clone(),
                    m.timeline.to_string(),
                    last_update_words(item),
                    m.rag.to_string(),
                    m.comment.clone(),
                ]
            })
            .collect();
        markdown_section(
            &mut out,
            &stale_title,
            &["ID", "Milestone", "Due", "Last update", "RAG", "Comment"],
            &stale_rows,
        );
    }
    out
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

/// Escapes text so Markdown shows it as written: a backslash before each
/// backslash, pipe, asterisk, underscore, backtick, tilde, square bracket and
/// angle bracket, before a `#` that starts a line (after spaces), and before
/// a `&` that would start an HTML entity such as `&amp;` or `&#35;`.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at_line_start = true;
    for (index, c) in text.char_indices() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '~' | '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '#' if at_line_start => out.push_str("\\#"),
            '&' if starts_entity(&text[index + 1..]) => out.push_str("\\&"),
            _ => out.push(c),
        }
        if c == '\n' {
            at_line_start = true;
        } else if c != ' ' && c != '\t' {
            at_line_start = false;
        }
    }
    out
}

/// Whether the text after a `&` completes an entity: an optional `#`, then
/// letters or digits, then `;`.
fn starts_entity(after_ampersand: &str) -> bool {
    let name = after_ampersand.strip_prefix('#').unwrap_or(after_ampersand);
    let length = name.chars().take_while(char::is_ascii_alphanumeric).count();
    length > 0 && name[length..].starts_with(';')
}

/// A table cell: escaped, with line breaks as `<br>` so the row stays one line.
fn markdown_cell(text: &str) -> String {
    text.trim()
        .lines()
        .map(|line| escape_markdown(line.trim()))
        .collect::<Vec<_>>()
        .join("<br>")
}

/// CSV headers: one row per lead, section and milestone.
const CSV_HEADERS: [&str; 16] = [
    "lead",
    "section",
    "id",
    "plan",
    "milestone",
    "timeline",
    "due",
    "status",
    "rag",
    "comment",
    "days_overdue",
    "overdue_by",
    "days_until_due",
    "last_update_on",
    "weeks_since_update",
    "stale",
];

/// The report as CSV text (CRLF, formula-safe).
fn render_csv(reports: &[LeadReport]) -> Result<String> {
    let mut rows: Vec<Vec<String>> = Vec::new();
    for report in reports {
        let lead = &report.lead;
        for (section, items) in [
            ("overdue", &report.overdue),
            ("newly_overdue", &report.newly_overdue),
        ] {
            for item in items {
                let mut row = csv_cells(lead, section, &item.milestone);
                row.extend([
                    item.days_overdue.to_string(),
                    item.overdue_by.clone(),
                    String::new(),
                    date_cell(item.last_update_on),
                    weeks_cell(item.weeks_since_update),
                    item.stale.to_string(),
                ]);
                rows.push(row);
            }
        }
        for item in &report.due_soon {
            let mut row = csv_cells(lead, "due_soon", &item.milestone);
            row.extend([
                String::new(),
                String::new(),
                item.days_until_due.to_string(),
                date_cell(item.last_update_on),
                weeks_cell(item.weeks_since_update),
                item.stale.to_string(),
            ]);
            rows.push(row);
        }
        for item in &report.stale {
            let mut row = csv_cells(lead, "stale", &item.milestone);
            row.extend([
                String::new(),
                String::new(),
                String::new(),
                date_cell(item.last_update_on),
                weeks_cell(item.weeks_since_update),
                true.to_string(),
            ]);
            rows.push(row);
        }
    }
    let mut bytes = Vec::new();
    write_csv(&mut bytes, CsvStyle::REPORT, &CSV_HEADERS, &rows)?;
    Ok(String::from_utf8(bytes)?)
}

/// A CSV cell for an optional date: empty when there is none.
fn date_cell(date: Option<NaiveDate>) -> String {
    date.map(|d| d.to_string()).unwrap_or_default()
}

/// A CSV cell for an optional number of weeks: empty when there is none.
fn weeks_cell(weeks: Option<i64>) -> String {
    weeks.map(|w| w.to_string()).unwrap_or_default()
}

/// The first ten CSV cells, common to every section.
fn csv_cells(lead: &str, section: &str, m: &WeeklyMilestone) -> Vec<String> {
    vec![
        lead.to_string(),
        section.to_string(),
        m.id.to_string(),
        m.plan.clone(),
        m.milestone.clone(),
        m.timeline.to_string(),
        m.due.to_string(),
        m.status.to_string(),
        m.rag.to_string(),
        m.comment.clone(),
    ]
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
    fn escapes_every_character_markdown_would_read() {
        assert_eq!(
            escape_markdown(r"a|b *c* _d_ `e` ~~s~~ [f](g) <h> \ &amp;"),
            r"a\|b \*c\* \_d\_ \`e\` \~\~s\~\~ \[f\](g) \<h\> \\ \&amp;"
        );
    }

    #[test]
    fn escapes_an_ampersand_only_where_it_starts_an_entity() {
        assert_eq!(
            escape_markdown("H&SC &#35; &x; & ;"),
            r"H&SC \&#35; \&x; & ;"
        );
        assert_eq!(escape_markdown("end &"), "end &");
    }

    #[test]
    fn escapes_a_hash_only_at_the_start_of_a_line() {
        assert_eq!(escape_markdown("# one #2"), r"\# one #2");
        assert_eq!(escape_markdown("a\n  ## b"), "a\n  \\## b");
        assert_eq!(escape_markdown("Plain words."), "Plain words.");
    }

    #[test]
    fn table_cells_stay_on_one_line() {
        assert_eq!(
            markdown_cell("first | x\n# second\n"),
            r"first \| x<br>\# second"
        );
    }

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

    fn overdue_item(stale: bool, weeks_since_update: Option<i64>) -> OverdueItem {
        OverdueItem {
            milestone: WeeklyMilestone {
                id: 5,
                plan: "NL".to_string(),
                milestone: "Update TOR to reflect changed arrangements".to_string(),
                timeline: "Oct 19".parse().unwrap(),
                due: "2019-10-31".parse().unwrap(),
                status: actionplan::model::Status::InProgress,
                rag: actionplan::model::Rag::Amber,
                comment: String::new(),
            },
            days_overdue: 130,
            overdue_by: "overdue by 4 months".to_string(),
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
            overdue_text(&overdue_item(true, None)).lines(),
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
            due_soon_text(&item).lines(),
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

    #[test]
    fn days_until_in_words() {
        assert_eq!(days_until_words(0), "due today");
        assert_eq!(days_until_words(1), "due tomorrow");
        assert_eq!(days_until_words(11), "due in 11 days");
    }
}
