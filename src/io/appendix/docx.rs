//! Writing the committee appendix as a Word table (.docx), as the paper has
//! it: the same columns and header words as the CSV export, Recommendation
//! and Action cells merged down their rows, leads one per paragraph, RAG
//! cells shaded with the letter kept (so a black and white copy still reads),
//! the header row repeated on every page, A4 landscape in 9 pt Arial.
//!
//! docx-rs builds the document and escapes its text. Two things it does not
//! do are done here: it writes no `w:tblHeader` (repeat the header row), so
//! that one element is added to the header row's properties in the built
//! XML; and it writes control characters as they are, which XML 1.0 forbids,
//! so they are replaced first (see [`xml_safe`]).

use std::io::{self, Cursor};

use docx_rs::{
    AlignmentType, BreakType, Docx, LineSpacing, PageMargin, PageOrientationType, Paragraph, Run,
    RunFonts, Shading, Table, TableCell, TableLayoutType, TableRow, VAlignType, VMergeType,
    WidthType,
};

use super::export::{AppendixTable, ColumnKind, appendix_table};
use super::{AppendixColumns, AppendixRow};
use crate::model::Rag;
use crate::model::draft::ExtraColumn;

/// A4 landscape, in twentieths of a point: 297 mm wide.
const PAGE_WIDTH: u32 = 16838;
/// A4 landscape, in twentieths of a point: 210 mm high.
const PAGE_HEIGHT: u32 = 11906;
/// Each page margin: 1.27 cm, Word's "Narrow".
const PAGE_MARGIN: u32 = 720;
/// The width the table fills: the page less its left and right margins.
pub const TEXT_WIDTH: u32 = PAGE_WIDTH - 2 * PAGE_MARGIN;
/// The table's font.
const FONT: &str = "Arial";
/// The table's font size in half-points (9 pt).
const FONT_SIZE: usize = 18;
/// Word's default left and right cell margins together, in twips.
const CELL_PADDING: u32 = 2 * 108;
/// About the widest an average character of 9 pt Arial bold is, in twips,
/// used to keep every header word on one line.
const BOLD_CHAR_WIDTH: u32 = 120;
/// The fill of the header row (light grey).
const HEADER_FILL: &str = "D9D9D9";

/// The fill a RAG cell is shaded with: Office's red, amber (gold), light
/// green and light blue, light enough that the black letter reads on each.
pub fn rag_fill(rag: Rag) -> Option<&'static str> {
    match rag {
        Rag::Red => Some("FF0000"),
        Rag::Amber => Some("FFC000"),
        Rag::Green => Some("92D050"),
        Rag::Blue => Some("00B0F0"),
        Rag::NotRated => None,
    }
}

/// The appendix as a Word document: `title` (the plan, and the cycle if any)
/// in bold above the table, then the table in the columns the CSV export
/// writes for the same `rows`, `extras` and `columns`, with the same headers.
pub fn appendix_docx(
    rows: &[AppendixRow],
    extras: &[ExtraColumn],
    columns: AppendixColumns,
    title: &str,
) -> io::Result<Vec<u8>> {
    let table = appendix_table(rows, extras, columns);
    let document = a4_landscape_document()
        .add_paragraph(
            Paragraph::new()
                .add_run(Run::new().add_text(xml_safe(title)).bold().size(24))
                .line_spacing(LineSpacing::new().after(120)),
        )
        .add_table(appendix_word_table(&table))
        .add_paragraph(Paragraph::new());
    document_bytes(document)
}

/// The appendix table as a Word table: the header row repeated on every
/// page (once [`document_bytes`] has marked it), Recommendation and Action
/// cells merged down their rows, leads one per paragraph, RAG cells shaded
/// with the letter kept; fixed column widths filling the text width.
pub fn appendix_word_table(table: &AppendixTable) -> Table {
    let kinds: Vec<ColumnKind> = table.columns.iter().map(|column| column.kind).collect();
    let headers: Vec<&str> = table.columns.iter().map(|c| c.header.as_str()).collect();
    let widths = column_widths(&kinds, &headers);
    let mut word_rows = vec![header_row(&headers, &widths)];
    for row in &table.rows {
        let cells = row
            .iter()
            .zip(&kinds)
            .zip(&widths)
            .map(|((cell, kind), width)| {
                body_cell(*kind, &cell.text, cell.rag, *width, merge_of(cell.span))
            })
            .collect();
        word_rows.push(TableRow::new(cells));
    }
    fixed_table(word_rows, &widths)
}

/// A table of `rows` filling the text width, its columns fixed at `widths`
/// (twips), so Word and LibreOffice never resize a column to its content.
pub fn fixed_table(rows: Vec<TableRow>, widths: &[u32]) -> Table {
    Table::new(rows)
        .set_grid(widths.iter().map(|w| *w as usize).collect())
        .layout(TableLayoutType::Fixed)
        .width(TEXT_WIDTH as usize, WidthType::Dxa)
        .indent(0)
}

/// An empty A4 landscape document with narrow margins and the tables' font
/// (9 pt Arial) as its default.
pub fn a4_landscape_document() -> Docx {
    let fonts = RunFonts::new()
        .ascii(FONT)
        .hi_ansi(FONT)
        .cs(FONT)
        .east_asia(FONT);
    let margin = PAGE_MARGIN as i32;
    Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_orient(PageOrientationType::Landscape)
        .page_margin(
            PageMargin::new()
                .top(margin)
                .bottom(margin)
                .left(margin)
                .right(margin)
                .header(margin / 2)
                .footer(margin / 2),
        )
        .default_fonts(fonts)
        .default_size(FONT_SIZE)
}

/// The finished file: every header row (the rows that cannot split, see
/// [`header_row`]) marked to repeat at the top of each page, then zipped.
pub fn document_bytes(document: Docx) -> io::Result<Vec<u8>> {
    let mut xml = document.build();
    xml.document = with_repeated_headers(&xml.document)?;
    let mut bytes = Cursor::new(Vec::new());
    xml.pack(&mut bytes)
        .map_err(|e| io::Error::other(format!("writing the Word document: {e}")))?;
    deflated(&bytes.into_inner())
}

/// The same zip with every file deflated, as Word writes them: docx-rs
/// stores its parts uncompressed, which made a 3,800-milestone appendix
/// 7.5 MB to email instead of well under 1 MB.
fn deflated(stored: &[u8]) -> io::Result<Vec<u8>> {
    let mut archive = zip::ZipArchive::new(Cursor::new(stored)).map_err(io::Error::other)?;
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(io::Error::other)?;
        let name = entry.name().map_err(io::Error::other)?.to_string();
        if entry.is_dir() {
            writer
                .add_directory(name, options)
                .map_err(io::Error::other)?;
        } else {
            writer.start_file(name, options).map_err(io::Error::other)?;
            io::copy(&mut entry, &mut writer)?;
        }
    }
    Ok(writer.finish().map_err(io::Error::other)?.into_inner())
}

/// How a cell takes part in a vertical merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Merge {
    /// Not merged: its value is on this row only.
    None,
    /// The first row of a merged cell.
    Restart,
    /// Covered by the cell above.
    Continue,
}

/// How a cell of `span` rows (0: covered by the cell above) is merged:
/// Recommendation and Action cells run down the rows that repeat them,
/// exactly where the CSV export leaves the repeat blank.
fn merge_of(span: usize) -> Merge {
    match span {
        0 => Merge::Continue,
        1 => Merge::None,
        _ => Merge::Restart,
    }
}

/// A header row: bold on grey, never split across pages, repeated at the
/// top of each page (see [`document_bytes`]).
pub fn header_row(headers: &[&str], widths: &[u32]) -> TableRow {
    let cells = headers
        .iter()
        .zip(widths)
        .map(|(header, width)| {
            let run = Run::new().add_text(xml_safe(header)).bold();
            TableCell::new()
                .add_paragraph(tight(Paragraph::new().add_run(run)))
                .width(*width as usize, WidthType::Dxa)
                .shading(Shading::new().fill(HEADER_FILL))
                .vertical_align(VAlignType::Center)
        })
        .collect();
    TableRow::new(cells).cant_split()
}

/// One body cell: leads one per paragraph, other text one paragraph with its
/// line breaks, the RAG letter bold and centred on its colour.
fn body_cell(
    column: ColumnKind,
    text: &str,
    rag: Option<Rag>,
    width: u32,
    merge: Merge,
) -> TableCell {
    let mut cell = TableCell::new().width(width as usize, WidthType::Dxa);
    match merge {
        Merge::None => {}
        Merge::Restart => cell = cell.vertical_merge(VMergeType::Restart),
        Merge::Continue => {
            return cell
                .vertical_merge(VMergeType::Continue)
                .add_paragraph(tight(Paragraph::new()));
        }
    }
    let text = xml_safe(text);
    match column {
        ColumnKind::Leads => {
            let leads: Vec<&str> = text.lines().collect();
            if leads.is_empty() {
                cell = cell.add_paragraph(tight(Paragraph::new()));
            }
            for lead in leads {
                let paragraph = Paragraph::new().add_run(Run::new().add_text(lead));
                cell = cell.add_paragraph(tight(paragraph));
            }
            cell
        }
        ColumnKind::Rag => {
            let paragraph = Paragraph::new()
                .add_run(Run::new().add_text(text).bold())
                .align(AlignmentType::Center);
            cell = cell
                .add_paragraph(tight(paragraph))
                .vertical_align(VAlignType::Center);
            match rag.and_then(rag_fill) {
                Some(fill) => cell.shading(Shading::new().fill(fill)),
                None => cell,
            }
        }
        _ => cell.add_paragraph(tight(Paragraph::new().add_run(lines_run(&text)))),
    }
}

/// A run holding `text` with each line break as a Word line break.
pub fn lines_run(text: &str) -> Run {
    let mut run = Run::new();
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        if !line.is_empty() {
            run = run.add_text(line);
        }
    }
    run
}

/// A paragraph with no space after it, as table cells want.
pub fn tight(paragraph: Paragraph) -> Paragraph {
    paragraph.line_spacing(LineSpacing::new().before(0).after(0))
}

/// How much of the table's width each column gets beyond its least width:
/// the long texts (Milestone, Comment, Action) the most.
fn weight(column: ColumnKind) -> u32 {
    match column {
        ColumnKind::Reference => 3,
        ColumnKind::Theme => 13,
        ColumnKind::Action => 17,
        ColumnKind::Milestone => 20,
        ColumnKind::Leads => 11,
        ColumnKind::Timeline | ColumnKind::OriginalTimeline => 5,
        ColumnKind::Comment => 22,
        ColumnKind::Rag => 2,
        ColumnKind::Status => 6,
        ColumnKind::Extra => 8,
    }
}

/// The column widths in twips, summing to [`TEXT_WIDTH`]: the width shared
/// by [`weight`], except that no column is narrower than the longest word of
/// its header in bold (or "rated", of "Not rated", in the RAG column): such a
/// column gets that width and the others share the rest. When the least
/// widths alone overfill the page (many extra columns), the whole width is
/// shared by weight.
fn column_widths(columns: &[ColumnKind], headers: &[&str]) -> Vec<u32> {
    let least: Vec<u32> = columns
        .iter()
        .zip(headers)
        .map(|(column, header)| {
            let longest_word = header
                .split_whitespace()
                .chain(matches!(column, ColumnKind::Rag).then_some("rated"))
                .map(|word| word.chars().count() as u32)
                .max()
                .unwrap_or(0);
            longest_word * BOLD_CHAR_WIDTH + CELL_PADDING
        })
        .collect();
    let weights: Vec<u32> = columns.iter().map(|c| weight(*c)).collect();
    let mut fixed: Vec<Option<u32>> = vec![None; columns.len()];
    if least.iter().sum::<u32>() <= TEXT_WIDTH {
        // Each pass fixes at least one more column, so this ends.
        loop {
            let taken: u32 = fixed.iter().flatten().sum();
            let free_weight: u32 = (0..columns.len())
                .filter(|i| fixed[*i].is_none())
                .map(|i| weights[i])
                .sum();
            let too_narrow: Vec<usize> = (0..columns.len())
                .filter(|i| {
                    fixed[*i].is_none()
                        && (TEXT_WIDTH - taken) * weights[*i] / free_weight.max(1) < least[*i]
                })
                .collect();
            if too_narrow.is_empty() {
                break;
            }
            for i in too_narrow {
                fixed[i] = Some(least[i]);
            }
        }
    }
    let taken: u32 = fixed.iter().flatten().sum();
    let free_weight: u32 = (0..columns.len())
        .filter(|i| fixed[*i].is_none())
        .map(|i| weights[i])
        .sum();
    let mut widths: Vec<u32> = (0..columns.len())
        .map(|i| fixed[i].unwrap_or((TEXT_WIDTH - taken) * weights[i] / free_weight.max(1)))
        .collect();
    let sum: u32 = widths.iter().sum();
    // The rounding left over goes to the widest column.
    if let Some(widest) = (0..widths.len()).max_by_key(|i| widths[*i]) {
        widths[widest] += TEXT_WIDTH - sum;
    }
    widths
}

/// Text that XML 1.0 can hold: the control characters it forbids (C0 other
/// than tab, line feed and carriage return; U+FFFE and U+FFFF) become
/// U+FFFD, the replacement character, so the reader sees that something was
/// there. The database keeps the text as it was; only the document changes.
pub fn xml_safe(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => '\u{fffd}',
            c => c,
        })
        .collect::<String>()
        .replace("\r\n", "\n")
        .replace('\r', "\n")
}

/// A header row's properties as docx-rs writes them: header rows are the
/// only rows made unable to split ([`header_row`]).
const HEADER_ROW_PROPERTIES: &str = "<w:trPr><w:cantSplit />";

/// `document.xml` with `w:tblHeader` added to every header row's
/// properties, so Word and LibreOffice repeat it at the top of every page.
/// (docx-rs has no way to ask for it; text is escaped, so the markup cannot
/// occur in it.)
fn with_repeated_headers(document: &[u8]) -> io::Result<Vec<u8>> {
    let xml = std::str::from_utf8(document).map_err(io::Error::other)?;
    if !xml.contains(HEADER_ROW_PROPERTIES) {
        return Err(io::Error::other(
            "the Word table's header row was not where docx-rs writes it",
        ));
    }
    let marked = format!("{HEADER_ROW_PROPERTIES}<w:tblHeader />");
    Ok(xml.replace(HEADER_ROW_PROPERTIES, &marked).into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_fill_the_text_width_and_fit_every_header_word() {
        let columns = [
            ColumnKind::Theme,
            ColumnKind::Action,
            ColumnKind::Milestone,
            ColumnKind::Leads,
            ColumnKind::Timeline,
            ColumnKind::Comment,
            ColumnKind::Rag,
        ];
        let headers = [
            "Report Recommendation",
            "Improvement Action",
            "Milestone detail",
            "Lead",
            "Timeline",
            "Comment/RAG",
            "RAG",
        ];
        let widths = column_widths(&columns, &headers);
        assert_eq!(widths.iter().sum::<u32>(), TEXT_WIDTH);
        for (width, header) in widths.iter().zip(headers) {
            let word = header.split(' ').map(str::len).max().unwrap() as u32;
            assert!(*width >= word * BOLD_CHAR_WIDTH + CELL_PADDING, "{header}");
        }
        let many = vec![ColumnKind::Extra; 40];
        let long = ["Extraordinarily-long-header"; 40];
        assert_eq!(column_widths(&many, &long).iter().sum::<u32>(), TEXT_WIDTH);
    }

    #[test]
    fn xml_safe_replaces_only_what_xml_forbids() {
        assert_eq!(xml_safe("a\u{1b}[31mb"), "a\u{fffd}[31mb");
        assert_eq!(xml_safe("tab\there\r\nline"), "tab\there\nline");
        assert_eq!(xml_safe("\u{7f}\u{202e}é"), "\u{7f}\u{202e}é");
        assert_eq!(xml_safe("\u{ffff}\0"), "\u{fffd}\u{fffd}");
    }
}
