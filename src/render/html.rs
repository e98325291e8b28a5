//! The committee pack as one self-contained HTML file: inline CSS for the
//! screen and for A4 landscape print, an inline SVG chart, no script and
//! nothing fetched. Every piece of user text is escaped.

use std::fmt::Write as _;

use super::{Segment, chart, position_line, status_header, statuses_shown};
use crate::io::appendix::ColumnKind;
use crate::model::{Rag, long_date};
use crate::render::words::{flag_facts, overdue_by};
use crate::reports::{Pack, PackMovement, ThemeSummary};

/// Escapes text for HTML content and quoted attribute values: `&`, `<`,
/// `>`, `"` and `'` become references, and control characters (which HTML
/// does not allow in text) become U+FFFD; tabs and line breaks are kept, each
/// line break as one `\n`.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' => out.push(c),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' => out.push('\n'),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// The pack as a complete HTML document: a heading with partnership, plan
/// and as-of date; the summary as a chart and a table; the appendix table
/// with merged theme and action cells and coloured RAG cells; the overdue
/// list; the movement since the previous cycle (when there was one); and
/// what `check` flags.
pub fn pack_html(pack: &Pack) -> String {
    let mut html = String::new();
    let title = match &pack.partnership {
        Some(partnership) => format!("{partnership}: {}", pack.plan),
        None => pack.plan.clone(),
    };
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} – committee pack, {}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<header>\n",
        escape_html(&title),
        long_date(pack.as_of)
    );
    if let Some(partnership) = &pack.partnership {
        let _ = writeln!(
            html,
            "<p class=\"partnership\">{}</p>",
            escape_html(partnership)
        );
    }
    let _ = write!(
        html,
        "<h1>{}</h1>\n<p class=\"as-of\">{}</p>\n</header>\n",
        escape_html(&pack.plan),
        escape_html(&position_line(pack))
    );
    summary(&mut html, pack);
    appendix(&mut html, pack);
    overdue(&mut html, pack);
    if let Some(movement) = &pack.movement {
        movement_section(&mut html, movement);
    }
    flags(&mut html, pack);
    html.push_str("</body>\n</html>\n");
    html
}

fn summary(html: &mut String, pack: &Pack) {
    let segments = Segment::shown(pack);
    let statuses = statuses_shown(pack);
    let _ = write!(
        html,
        "<section id=\"summary\">\n<h2>{}</h2>\n<figure>\n{}\n\
         <figcaption>Milestones per theme by RAG; each bar is labelled with its counts and letters, \
         and the total at its end.</figcaption>\n</figure>\n",
        super::summary_heading(pack),
        chart::summary_chart(pack)
    );
    html.push_str(
        "<table class=\"summary\">\n<thead>\n<tr><th rowspan=\"2\" class=\"theme\">Theme</th>",
    );
    let _ = write!(
        html,
        "<th colspan=\"{}\" class=\"group\">By RAG</th><th colspan=\"{}\" class=\"group\">By status</th>\
         <th rowspan=\"2\" class=\"num\">Total</th></tr>\n<tr>",
        segments.len(),
        statuses.len()
    );
    for segment in &segments {
        let _ = write!(html, "<th class=\"num\">{}</th>", segment.header());
    }
    for status in &statuses {
        let _ = write!(html, "<th class=\"num\">{}</th>", status_header(*status));
    }
    html.push_str("</tr>\n</thead>\n<tbody>\n");
    let row = |html: &mut String, theme: &ThemeSummary, cell: &str| {
        let _ = write!(
            html,
            "<tr><{cell} class=\"theme\">{}</{cell}>",
            escape_html(theme.theme())
        );
        for segment in &segments {
            let _ = write!(html, "<td class=\"num\">{}</td>", segment.count(theme));
        }
        for status in &statuses {
            let _ = write!(
                html,
                "<td class=\"num\">{}</td>",
                theme.with_status(*status)
            );
        }
        let _ = writeln!(html, "<td class=\"num\">{}</td></tr>", theme.rag.total);
    };
    for theme in &pack.summary {
        row(html, theme, "td");
    }
    html.push_str("</tbody>\n<tfoot>\n");
    row(html, &pack.total(), "th");
    html.push_str("</tfoot>\n</table>\n</section>\n");
}

/// Relative widths of the appendix columns, so a fixed layout fits the page.
fn column_weight(kind: ColumnKind) -> u32 {
    match kind {
        ColumnKind::Reference => 4,
        ColumnKind::Theme => 13,
        ColumnKind::Action => 14,
        ColumnKind::Milestone => 16,
        ColumnKind::Leads => 10,
        ColumnKind::Timeline | ColumnKind::OriginalTimeline => 7,
        ColumnKind::Comment => 23,
        ColumnKind::Rag => 5,
        ColumnKind::Status => 7,
        ColumnKind::Extra => 8,
    }
}

fn column_class(kind: ColumnKind) -> &'static str {
    match kind {
        ColumnKind::Reference => "ref",
        ColumnKind::Theme => "theme",
        ColumnKind::Action => "action",
        ColumnKind::Milestone => "milestone",
        ColumnKind::Leads => "leads",
        ColumnKind::Timeline => "timeline",
        ColumnKind::OriginalTimeline => "original",
        ColumnKind::Comment => "comment",
        ColumnKind::Rag => "rag",
        ColumnKind::Status => "status",
        ColumnKind::Extra => "extra",
    }
}

fn appendix(html: &mut String, pack: &Pack) {
    let table = &pack.appendix;
    let _ = write!(
        html,
        "<section id=\"appendix\">\n<h2>{}</h2>\n\
         <table class=\"appendix\">\n<colgroup>",
        super::appendix_heading(pack)
    );
    let weights: u32 = table.columns.iter().map(|c| column_weight(c.kind)).sum();
    for column in &table.columns {
        let percent = f64::from(column_weight(column.kind)) * 100.0 / f64::from(weights.max(1));
        let _ = write!(
            html,
            "<col class=\"{}\" style=\"width: {percent:.1}%\">",
            column_class(column.kind)
        );
    }
    html.push_str("</colgroup>\n<thead>\n<tr>");
    for column in &table.columns {
        let _ = write!(
            html,
            "<th class=\"{}\">{}</th>",
            column_class(column.kind),
            escape_html(&column.header)
        );
    }
    html.push_str("</tr>\n</thead>\n<tbody>\n");
    for row in &table.rows {
        html.push_str("<tr>");
        for (column, cell) in table.columns.iter().zip(row) {
            if cell.span == 0 {
                continue;
            }
            let mut class = column_class(column.kind).to_string();
            if let Some(rag) = cell.rag {
                class.push_str(&format!(" rag-{}", rag_key(rag)));
            }
            let rowspan = if cell.span > 1 {
                format!(" rowspan=\"{}\"", cell.span)
            } else {
                String::new()
            };
            let _ = write!(
                html,
                "<td class=\"{class}\"{rowspan}>{}</td>",
                escape_html(&cell.text)
            );
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody>\n</table>\n</section>\n");
}

fn rag_key(rag: Rag) -> &'static str {
    match rag {
        Rag::NotRated => "N",
        rated => rated.letter(),
    }
}

fn rag_td(rag: Rag) -> String {
    format!(
        "<td class=\"rag rag-{}\">{}</td>",
        rag_key(rag),
        escape_html(rag.label())
    )
}

fn overdue(html: &mut String, pack: &Pack) {
    let _ = writeln!(
        html,
        "<section id=\"overdue\">\n<h2>Overdue milestones ({})</h2>",
        pack.overdue.len()
    );
    if pack.overdue.is_empty() {
        let _ = writeln!(
            html,
            "<p>No open milestone was past its due date on {}.</p>\n</section>",
            long_date(pack.as_of)
        );
        return;
    }
    let _ = writeln!(
        html,
        "<p>Open milestones past their due date on {}, most overdue first. \
         A month timeline is due on the last day of the month.</p>",
        long_date(pack.as_of)
    );
    html.push_str(
        "<table class=\"overdue\">\n<colgroup><col style=\"width: 5%\"><col style=\"width: 15%\">\
         <col style=\"width: 30%\"><col style=\"width: 17%\"><col style=\"width: 8%\">\
         <col style=\"width: 5%\"><col style=\"width: 20%\"></colgroup>\n\
         <thead>\n<tr><th class=\"num\">ID</th><th>Theme</th><th>Milestone</th><th>Lead</th>\
         <th>Due</th><th>RAG</th><th>Lateness</th></tr>\n</thead>\n<tbody>\n",
    );
    for row in &pack.overdue {
        let m = &row.milestone;
        let _ = writeln!(
            html,
            "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>{}<td>{}</td></tr>",
            m.id,
            escape_html(&m.theme),
            escape_html(&m.milestone),
            escape_html(&m.leads.join("\n")),
            escape_html(&m.timeline.to_string()),
            rag_td(m.rag),
            escape_html(&overdue_by(row.days_overdue))
        );
    }
    html.push_str("</tbody>\n</table>\n</section>\n");
}

fn movement_section(html: &mut String, movement: &PackMovement) {
    let _ = writeln!(
        html,
        "<section id=\"movement\">\n<h2>Movement since cycle \u{201c}{}\u{201d} (closed {}): {} changed</h2>",
        escape_html(&movement.since.label),
        long_date(movement.since.closed_on),
        movement.rows.len()
    );
    if movement.rows.is_empty() {
        html.push_str(
            "<p>No milestone's RAG, status or timeline has changed since that cycle.</p>\n</section>\n",
        );
        return;
    }
    html.push_str(
        "<p>Milestones whose RAG, status or target timeline changed, that were added or \
         retired, or whose text or leads changed; a change of comment alone is not movement.</p>\n<table class=\"movement\">\n\
         <colgroup><col style=\"width: 5%\"><col style=\"width: 15%\"><col style=\"width: 30%\">\
         <col style=\"width: 14%\"><col style=\"width: 20%\"><col style=\"width: 16%\"></colgroup>\n\
         <thead>\n<tr><th class=\"num\">ID</th><th>Theme</th><th>Milestone</th><th>RAG</th>\
         <th>Status</th><th>Timeline</th></tr>\n</thead>\n<tbody>\n",
    );
    for row in &movement.rows {
        let _ = writeln!(
            html,
            "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            row.id,
            escape_html(&row.theme),
            escape_html(&row.milestone_with_plan_change()),
            escape_html(&row.rag_words()),
            escape_html(&row.status_words()),
            escape_html(&row.timeline_words())
        );
    }
    // Retired, Edited and Reassigned only when some milestone was.
    let plan_changes = movement.counts_plan_changes();
    html.push_str(
        "</tbody>\n</table>\n<table class=\"movement-counts\">\n<thead>\n<tr><th>Theme</th>\
         <th class=\"num\">Changed</th><th class=\"num\">Better</th><th class=\"num\">Worse</th>\
         <th class=\"num\">Newly complete</th><th class=\"num\">Retargeted</th>\
         <th class=\"num\">Added</th>",
    );
    if plan_changes {
        html.push_str(
            "<th class=\"num\">Retired</th><th class=\"num\">Edited</th>\
             <th class=\"num\">Reassigned</th>",
        );
    }
    html.push_str("</tr>\n</thead>\n<tbody>\n");
    for theme in &movement.by_theme {
        let _ = write!(
            html,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
            escape_html(&theme.theme),
            theme.changed,
            theme.better,
            theme.worse,
            theme.newly_complete,
            theme.retargeted,
            theme.added,
        );
        if plan_changes {
            let _ = write!(
                html,
                "<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
                theme.retired, theme.edited, theme.reassigned
            );
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody>\n</table>\n</section>\n");
}

fn flags(html: &mut String, pack: &Pack) {
    let _ = writeln!(
        html,
        "<section id=\"check\">\n<h2>Ratings to look at ({})</h2>",
        pack.flags.len()
    );
    if pack.flags.is_empty() {
        html.push_str("<p>Nothing flagged: every rating fits the facts.</p>\n</section>\n");
        return;
    }
    html.push_str(
        "<p>RAG ratings and statuses that do not fit the facts (as <code>actionplan check</code> \
         flags them). RAG stays a human judgement: nothing has been changed.</p>\n\
         <table class=\"check\">\n<colgroup><col style=\"width: 5%\"><col style=\"width: 35%\">\
         <col style=\"width: 22%\"><col style=\"width: 38%\"></colgroup>\n<thead>\n<tr>\
         <th class=\"num\">ID</th><th>Milestone</th><th>Flag</th><th>Facts</th></tr>\n</thead>\n<tbody>\n",
    );
    for flag in &pack.flags {
        let _ = writeln!(
            html,
            "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            flag.id,
            escape_html(&flag.milestone),
            escape_html(flag.rule.words()),
            escape_html(&flag_facts(&flag.facts))
        );
    }
    html.push_str("</tbody>\n</table>\n</section>\n");
}

/// The style sheet: readable on screen, A4 landscape in print, tables of
/// fixed layout that wrap long words rather than cut a column off.
const CSS: &str = r#"@page { size: A4 landscape; margin: 10mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: Arial, Helvetica, sans-serif; font-size: 10pt; color: #111; background: #fff;
       max-width: 277mm; margin: 0 auto; padding: 6mm; line-height: 1.3; }
header { border-bottom: 2px solid #333; margin-bottom: 1em; }
.partnership { margin: 0; font-size: 11pt; color: #333; }
h1 { margin: 0.1em 0; font-size: 18pt; }
.as-of { margin: 0 0 0.5em; font-weight: bold; }
h2 { font-size: 13pt; margin: 1.2em 0 0.4em; break-after: avoid; }
figure { margin: 0 0 0.8em; }
figcaption { font-size: 9pt; color: #333; }
svg.chart { width: 100%; max-width: 960px; height: auto; display: block; }
svg.chart text { font-family: Arial, Helvetica, sans-serif; font-size: 13px; fill: #111; }
svg.chart text.count { font-weight: bold; paint-order: stroke; stroke: #fff; stroke-width: 3px; }
svg.chart text.total { font-weight: bold; }
table { width: 100%; table-layout: fixed; border-collapse: collapse; margin: 0 0 1em; }
th, td { border: 1px solid #777; padding: 3px 4px; vertical-align: top; text-align: left;
         overflow-wrap: anywhere; white-space: pre-line; }
th { overflow-wrap: break-word; }
th { background: #e6e6e6; }
thead { display: table-header-group; }
tfoot th { background: #f2f2f2; }
tr { break-inside: avoid; page-break-inside: avoid; }
.num { text-align: right; }
th.group { text-align: center; }
table.summary { width: auto; min-width: 60%; }
table.summary th.theme, table.summary td.theme { width: 16em; }
table.summary .num { width: 6.5em; }
td.rag { text-align: center; font-weight: bold; }
.rag-R { background: #c9302c; color: #fff; }
.rag-A { background: #f0ad4e; color: #000; }
.rag-G { background: #5cb85c; color: #000; }
.rag-B { background: #2f6db5; color: #fff; }
.rag-N { background: #fff; color: #111; font-weight: normal; }
code { font-family: Consolas, "Courier New", monospace; }
@media print {
  body { max-width: none; padding: 0; font-size: 8.5pt; }
  section { break-inside: auto; }
  svg.chart { max-width: 240mm; }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_character_html_would_read() {
        assert_eq!(
            escape_html("<script>alert('x' & \"y\")</script>"),
            "&lt;script&gt;alert(&#39;x&#39; &amp; &quot;y&quot;)&lt;/script&gt;"
        );
        assert_eq!(
            escape_html("a\r\nb\u{1b}c\u{0}\rd"),
            "a\nb\u{fffd}c\u{fffd}\nd"
        );
    }
}
