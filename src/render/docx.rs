//! The committee pack as a Word document (.docx), A4 landscape like the
//! appendix: the same sections as the HTML. Word cannot hold the HTML's SVG
//! chart, so the bar chart is drawn as a table: one row per theme, each
//! segment a cell as many grid columns wide as its count, shaded in its
//! colour and labelled "3 R", so it reads in black and white too.

use std::io;

use docx_rs::{
    AlignmentType, Docx, LineSpacing, Paragraph, Run, Shading, Table, TableCell, TableLayoutType,
    TableRow, WidthType,
};

use super::tables::{
    TextTable, flags_table, movement_counts_table, movement_table, overdue_table, summary_table,
};
use super::{Segment, appendix_heading, position_line, summary_heading};
use crate::io::appendix::docx::{
    TEXT_WIDTH, a4_landscape_document, appendix_word_table, document_bytes, fixed_table,
    header_row, lines_run, rag_fill, tight, xml_safe,
};
use crate::model::{Rag, long_date};
use crate::reports::{Pack, PackMovement};

/// The most grid columns a bar is drawn with: a bar for a theme of more
/// milestones than this is scaled down to it.
const MOST_BAR_UNITS: usize = 60;

/// The width of the chart's theme-name column, in twips (5 cm).
const CHART_NAME_WIDTH: u32 = 2835;

/// The fill of a segment with no RAG colour: not rated (light grey) and
/// closed (mid grey).
const NOT_RATED_FILL: &str = "D9D9D9";
const CLOSED_FILL: &str = "A6A6A6";

/// The pack as a Word document: a heading with partnership, plan and as-of
/// date; the summary as a bar chart and a table; the appendix; the overdue
/// list; the movement since the previous cycle (when there was one); and
/// what `check` flags. Every header row repeats on each page.
pub fn pack_docx(pack: &Pack) -> io::Result<Vec<u8>> {
    let mut document = a4_landscape_document()
        .add_paragraph(title(&pack.plan, 32))
        .add_paragraph(paragraph(pack.partnership.as_deref().unwrap_or("")))
        .add_paragraph(bold_paragraph(&position_line(pack)));
    document = summary(document, pack);
    document = document
        .add_paragraph(title(&appendix_heading(pack), 24))
        .add_table(appendix_word_table(&pack.appendix));
    document = overdue(document, pack);
    if let Some(movement) = &pack.movement {
        document = movement_section(document, movement);
    }
    document = flags(document, pack);
    document_bytes(document)
}

fn summary(document: Docx, pack: &Pack) -> Docx {
    let segments = Segment::shown(pack);
    let counts = summary_table(pack);
    let mut weights = vec![6];
    weights.extend(std::iter::repeat_n(1, counts.headers.len() - 1));
    let legend: Vec<String> = segments
        .iter()
        .map(|s| format!("{} {}", s.letter(), s.words()))
        .collect();
    document
        .add_paragraph(title(&summary_heading(pack), 24))
        .add_table(bar_chart(pack, &segments))
        .add_paragraph(paragraph(&format!("Key: {}.", legend.join(", "))))
        .add_table(text_table(&counts, &weights))
}

/// The bar chart as a table: the theme's name, then one cell per segment
/// with a count, as wide as the count (scaled to [`MOST_BAR_UNITS`] when a
/// theme has more milestones), then an empty cell making up the row.
fn bar_chart(pack: &Pack, segments: &[Segment]) -> Table {
    let longest = pack
        .summary
        .iter()
        .map(|theme| theme.rag.total)
        .max()
        .unwrap_or(0)
        .max(1);
    let units = longest.min(MOST_BAR_UNITS);
    let unit_width = (TEXT_WIDTH - CHART_NAME_WIDTH) / units as u32;
    let mut grid = vec![CHART_NAME_WIDTH as usize];
    grid.extend(std::iter::repeat_n(unit_width as usize, units));
    let rows = pack
        .summary
        .iter()
        .map(|theme| {
            let counts: Vec<usize> = segments.iter().map(|s| s.count(theme)).collect();
            let spans = bar_spans(&counts, longest, units);
            let mut cells = vec![
                TableCell::new()
                    .width(CHART_NAME_WIDTH as usize, WidthType::Dxa)
                    .add_paragraph(tight(paragraph(theme.theme()))),
            ];
            for ((segment, count), span) in segments.iter().zip(&counts).zip(&spans) {
                if *span == 0 {
                    continue;
                }
                let label = format!("{count} {}", segment.letter());
                let text = Paragraph::new()
                    .add_run(Run::new().add_text(label).bold())
                    .align(AlignmentType::Center);
                cells.push(
                    TableCell::new()
                        .grid_span(*span)
                        .width(*span * unit_width as usize, WidthType::Dxa)
                        .shading(Shading::new().fill(segment_fill(*segment)))
                        .add_paragraph(tight(text)),
                );
            }
            let used: usize = spans.iter().sum();
            if used < units {
                cells.push(
                    TableCell::new()
                        .grid_span(units - used)
                        .width((units - used) * unit_width as usize, WidthType::Dxa)
                        .add_paragraph(tight(Paragraph::new())),
                );
            }
            TableRow::new(cells)
        })
        .collect();
    Table::new(rows)
        .set_grid(grid)
        .layout(TableLayoutType::Fixed)
        .width(TEXT_WIDTH as usize, WidthType::Dxa)
        .indent(0)
}

/// How many of `units` grid columns each count's segment takes, the bar of
/// `longest` milestones filling all of them: exactly the counts when they
/// fit, otherwise in proportion (largest remainders first), every count
/// above 0 keeping at least one column so its label is shown.
fn bar_spans(counts: &[usize], longest: usize, units: usize) -> Vec<usize> {
    if longest <= units {
        return counts.to_vec();
    }
    let total: usize = counts.iter().sum();
    let target = (total * units).div_ceil(longest).min(units);
    let mut spans: Vec<usize> = counts
        .iter()
        .map(|count| match count * units / longest {
            0 if *count > 0 => 1,
            span => span,
        })
        .collect();
    let mut order: Vec<usize> = (0..counts.len()).collect();
    order.sort_by_key(|i| std::cmp::Reverse(counts[*i] * units % longest));
    for i in order.iter().cycle().take(counts.len() * units) {
        let sum: usize = spans.iter().sum();
        if sum >= target {
            break;
        }
        if counts[*i] > 0 {
            spans[*i] += 1;
        }
    }
    // Columns kept for small counts can overfill the row: the widest give them back.
    while spans.iter().sum::<usize>() > units {
        let widest = (0..spans.len()).max_by_key(|i| spans[*i]).unwrap_or(0);
        spans[widest] -= 1;
    }
    spans
}

/// A segment's shading: its RAG colour, or grey for not rated and closed.
fn segment_fill(segment: Segment) -> &'static str {
    match segment {
        Segment::Rated(rag) => rag_fill(rag).unwrap_or(NOT_RATED_FILL),
        Segment::NotRated => NOT_RATED_FILL,
        Segment::Closed => CLOSED_FILL,
    }
}

fn overdue(document: Docx, pack: &Pack) -> Docx {
    let document = document.add_paragraph(title(
        &format!("Overdue milestones ({})", pack.overdue.len()),
        24,
    ));
    if pack.overdue.is_empty() {
        return document.add_paragraph(paragraph(&format!(
            "No open milestone was past its due date on {}.",
            long_date(pack.as_of)
        )));
    }
    document
        .add_paragraph(paragraph(&format!(
            "Open milestones past their due date on {}, most overdue first.",
            long_date(pack.as_of)
        )))
        .add_table(text_table(&overdue_table(pack), &[2, 8, 14, 6, 3, 2, 5]))
}

fn movement_section(document: Docx, movement: &PackMovement) -> Docx {
    let document = document.add_paragraph(title(
        &format!(
            "Movement since cycle \u{201c}{}\u{201d} (closed {}): {} changed",
            movement.since.label,
            long_date(movement.since.closed_on),
            movement.rows.len()
        ),
        24,
    ));
    if movement.rows.is_empty() {
        return document.add_paragraph(paragraph(
            "No milestone's RAG, status or timeline has changed since that cycle.",
        ));
    }
    document
        .add_table(text_table(&movement_table(movement), &[2, 8, 14, 5, 6, 6]))
        .add_paragraph(Paragraph::new())
        .add_table(text_table(
            &movement_counts_table(movement),
            &[8, 2, 2, 2, 3, 3, 2],
        ))
}

fn flags(document: Docx, pack: &Pack) -> Docx {
    let document = document.add_paragraph(title(
        &format!("Ratings to look at ({})", pack.flags.len()),
        24,
    ));
    if pack.flags.is_empty() {
        return document.add_paragraph(paragraph("Nothing flagged: every rating fits the facts."));
    }
    document
        .add_paragraph(paragraph(
            "RAG ratings and statuses that do not fit the facts (as actionplan check flags them).",
        ))
        .add_table(text_table(&flags_table(pack), &[2, 16, 6, 8]))
}

/// A table of text with a header row that repeats on each page, the column
/// widths shared out by `weights` across the text width. A cell holding a
/// RAG letter alone in a "RAG" column is shaded in its colour.
fn text_table(table: &TextTable, weights: &[u32]) -> Table {
    let headers: Vec<&str> = table.headers.iter().map(String::as_str).collect();
    let rows = &table.rows;
    let total_weight: u32 = weights.iter().sum::<u32>().max(1);
    let mut widths: Vec<u32> = weights
        .iter()
        .map(|w| TEXT_WIDTH * w / total_weight)
        .collect();
    let rounding = TEXT_WIDTH - widths.iter().sum::<u32>();
    if let Some(last) = widths.last_mut() {
        *last += rounding;
    }
    let rag_column = headers.iter().position(|h| *h == "RAG");
    let mut word_rows = vec![header_row(&headers, &widths)];
    for row in rows {
        let cells = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(index, (text, width))| {
                let cell = TableCell::new()
                    .width(*width as usize, WidthType::Dxa)
                    .add_paragraph(tight(Paragraph::new().add_run(lines_run(&xml_safe(text)))));
                let fill = (Some(index) == rag_column)
                    .then(|| text.parse::<Rag>().ok())
                    .flatten()
                    .and_then(rag_fill);
                match fill {
                    Some(fill) => cell.shading(Shading::new().fill(fill)),
                    None => cell,
                }
            })
            .collect();
        word_rows.push(TableRow::new(cells));
    }
    fixed_table(word_rows, &widths)
}

/// A heading: bold, `half_points` in size, space above and below.
fn title(text: &str, half_points: usize) -> Paragraph {
    Paragraph::new()
        .add_run(Run::new().add_text(xml_safe(text)).bold().size(half_points))
        .line_spacing(LineSpacing::new().before(240).after(120))
}

/// A paragraph of plain text.
fn paragraph(text: &str) -> Paragraph {
    Paragraph::new().add_run(lines_run(&xml_safe(text)))
}

/// A paragraph of bold text.
fn bold_paragraph(text: &str) -> Paragraph {
    Paragraph::new().add_run(Run::new().add_text(xml_safe(text)).bold())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_that_fit_take_one_column_per_milestone() {
        assert_eq!(bar_spans(&[0, 6, 4], 10, 10), [0, 6, 4]);
    }

    #[test]
    fn a_long_bar_is_scaled_and_every_count_keeps_a_column() {
        // 120 milestones on 60 columns: half as wide, the single red kept.
        let spans = bar_spans(&[1, 59, 60], 120, 60);
        assert_eq!(spans.iter().sum::<usize>(), 60);
        assert_eq!(spans[0], 1);
        // A shorter bar of the same chart: in proportion.
        let spans = bar_spans(&[10, 20, 0], 120, 60);
        assert_eq!(spans, [5, 10, 0]);
        // Many small counts beside a big one never overfill the row.
        let spans = bar_spans(&[1, 1, 1, 1, 1, 995], 1000, 60);
        assert_eq!(spans, [1, 1, 1, 1, 1, 55]);
    }
}
