//! Word documents (.docx): every top-level table of the document as a grid.
//!
//! The document's XML is read with quick-xml from the zip, the two crates
//! calamine already uses for workbooks. (docx-rs reads tables too, but keeps
//! a cell's horizontal span and vertical merge private.) A cell's paragraphs
//! become lines; a cell that continues a vertical merge (`w:vMerge`) is
//! covered by the cell above; a cell spanning columns (`w:gridSpan`) is a
//! horizontal merge.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::QName;

use crate::io::archive::read_entry;
use crate::io::grid::{Grid, Merge};

/// The most columns one cell may span or a row may skip (`w:gridSpan`,
/// `w:gridBefore`): Word allows 63 columns, and a larger number is damage
/// (or an attempt to exhaust memory), so it is read as this many.
pub const MAX_GRID_SPAN: usize = 64;

/// Characters typed at the start of a paragraph as a bullet (list bullets
/// Word draws itself are not text, so need nothing).
const BULLET_GLYPHS: &[char] = &['•', '·', '▪', '◦', '‣', '\u{F0B7}'];

/// Every top-level table of a Word document, in order. The error says what
/// was wrong with the file.
pub fn read_tables(bytes: &[u8]) -> Result<Vec<Grid>, String> {
    let xml = read_entry(bytes, "word/document.xml")?;
    parse_tables(&xml).map_err(|e| format!("word/document.xml: {e}"))
}

/// One cell being read.
#[derive(Default)]
struct CellBeingRead {
    paragraphs: Vec<String>,
    span: usize,
    continues_merge: bool,
}

/// A table being read: its grid and the vertical merges still open, by column.
#[derive(Default)]
struct TableBeingRead {
    grid: Grid,
    merges: Vec<Merge>,
    open_vertical: Vec<Option<usize>>,
    row: Vec<String>,
    column: usize,
}

impl TableBeingRead {
    /// Places a finished cell at the current column.
    fn place(&mut self, cell: CellBeingRead) {
        let row_index = self.grid.rows.len();
        let span = cell.span.max(1);
        let first = self.column;
        let last = first + span - 1;
        if self.row.len() <= last {
            self.row.resize(last + 1, String::new());
        }
        if self.open_vertical.len() <= last {
            self.open_vertical.resize(last + 1, None);
        }
        if cell.continues_merge {
            match self.open_vertical[first] {
                Some(merge) => self.merges[merge].last_row = row_index,
                None => self.open_merge(row_index, first, last, String::new()),
            }
        } else {
            let text = cell_text(&cell.paragraphs);
            self.open_merge(row_index, first, last, text);
        }
        self.column = last + 1;
    }

    /// Puts a cell's text at its column and opens the merge that later rows may continue.
    fn open_merge(&mut self, row: usize, first: usize, last: usize, text: String) {
        self.row[first] = text;
        self.merges.push(Merge {
            first_row: row,
            last_row: row,
            first_column: first,
            last_column: last,
        });
        for column in first..=last {
            self.open_vertical[column] = None;
        }
        self.open_vertical[first] = Some(self.merges.len() - 1);
    }

    /// Ends the current row.
    fn end_row(&mut self) {
        let number = self.grid.rows.len() + 1;
        self.grid.rows.push((number, std::mem::take(&mut self.row)));
        self.column = 0;
    }

    /// The finished grid, labelled `table N`.
    fn finish(mut self, number: usize) -> Grid {
        self.grid.label = format!("table {number}");
        self.merges
            .retain(|m| m.first_row != m.last_row || m.first_column != m.last_column);
        self.grid.merges = Some(self.merges);
        self.grid
    }
}

/// A cell's text: its paragraphs as lines, bullets and blank lines dropped.
fn cell_text(paragraphs: &[String]) -> String {
    paragraphs
        .iter()
        .map(|p| p.trim().trim_start_matches(BULLET_GLYPHS).trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A `w:gridSpan` or `w:gridBefore` count, at most [`MAX_GRID_SPAN`].
fn grid_count(element: &BytesStart<'_>) -> Option<usize> {
    let count: usize = val(element)?.trim().parse().ok()?;
    Some(count.min(MAX_GRID_SPAN))
}

/// The character a `w:sym` element draws, from its `w:char` attribute (hex).
fn symbol(element: &BytesStart<'_>) -> Option<char> {
    let code = element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == "char")?
        .value;
    let code = u32::from_str_radix(code.trim(), 16).ok()?;
    // Symbol fonts put their glyphs in the private-use area at F000.
    char::from_u32(code)
}

/// Whether an element and all inside it are not the document's text: text
/// moved away (`w:moveFrom`, kept where it went as `w:moveTo`), the previous
/// formatting kept by tracked changes (`w:rPrChange`, `w:pPrChange`, ...),
/// and a paragraph's tab stops (`w:tabs`, whose `w:tab` are not tabs).
fn is_skipped_subtree(local_name: &str) -> bool {
    local_name == "moveFrom" || local_name == "tabs" || local_name.ends_with("PrChange")
}

/// The value of a `w:val` attribute.
fn val(element: &BytesStart<'_>) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == "val")
        .map(|a| a.value.to_string())
}

/// Reads the top-level tables of `word/document.xml`.
fn parse_tables(xml: &str) -> Result<Vec<Grid>, String> {
    let mut reader = Reader::from_str(xml);
    let mut tables = Vec::new();
    let mut depth = 0usize; // table nesting depth
    let mut table: Option<TableBeingRead> = None;
    let mut cell: Option<CellBeingRead> = None;
    let mut in_text = false;
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        let top_level = depth == 1;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let is_empty = matches!(event, Event::Empty(_));
                match e.local_name().as_ref() {
                    "tbl" if !is_empty => {
                        depth += 1;
                        if depth == 1 {
                            table = Some(TableBeingRead::default());
                        } else if depth == 2
                            && let Some(t) = table.as_mut()
                        {
                            t.grid.nested_tables += 1;
                        }
                    }
                    "gridBefore" if top_level => {
                        if let (Some(t), Some(n)) = (table.as_mut(), grid_count(e)) {
                            t.column += n;
                        }
                    }
                    "tc" if top_level && !is_empty => {
                        cell = Some(CellBeingRead {
                            span: 1,
                            ..CellBeingRead::default()
                        });
                    }
                    "gridSpan" if top_level => {
                        if let (Some(c), Some(n)) = (cell.as_mut(), grid_count(e)) {
                            c.span = n;
                        }
                    }
                    "vMerge" if top_level => {
                        if let Some(c) = cell.as_mut() {
                            c.continues_merge = val(e).is_none_or(|v| v == "continue");
                        }
                    }
                    "p" if top_level => {
                        if let Some(c) = cell.as_mut() {
                            c.paragraphs.push(String::new());
                        }
                    }
                    "t" if top_level && !is_empty => in_text = true,
                    "br" | "cr" if top_level => push_text(&mut cell, "\n"),
                    "tab" if top_level => push_text(&mut cell, " "),
                    "noBreakHyphen" if top_level => push_text(&mut cell, "-"),
                    "sym" if top_level => {
                        if let Some(c) = symbol(e) {
                            push_text(&mut cell, c.encode_utf8(&mut [0; 4]));
                        }
                    }
                    // A soft hyphen only shows where Word breaks the line: no text.
                    name if !is_empty && is_skipped_subtree(name) => {
                        let end = e.name().as_ref().to_string();
                        reader.read_to_end(QName(&end)).map_err(|e| e.to_string())?;
                    }
                    _ => {}
                }
            }
            Event::End(ref e) => match e.local_name().as_ref() {
                "tbl" => {
                    if depth == 1
                        && let Some(finished) = table.take()
                    {
                        tables.push(finished.finish(tables.len() + 1));
                    }
                    depth = depth.saturating_sub(1);
                }
                "tc" if top_level => {
                    if let (Some(t), Some(c)) = (table.as_mut(), cell.take()) {
                        t.place(c);
                    }
                }
                "tr" if top_level => {
                    if let Some(t) = table.as_mut() {
                        t.end_row();
                    }
                }
                "t" => in_text = false,
                _ => {}
            },
            Event::Text(ref text) if in_text && top_level => {
                push_text(&mut cell, &text.xml10_content());
            }
            Event::GeneralRef(ref reference) if in_text && top_level => {
                let name: &str = reference.as_ref();
                let resolved = match quick_xml::escape::resolve_xml_entity(name) {
                    Some(text) => text.to_string(),
                    None => reference
                        .resolve_char_ref()
                        .map_err(|e| e.to_string())?
                        .map(String::from)
                        .unwrap_or_default(),
                };
                push_text(&mut cell, &resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(tables)
}

/// Adds text to the cell's current paragraph.
fn push_text(cell: &mut Option<CellBeingRead>, text: &str) {
    if let Some(c) = cell.as_mut() {
        match c.paragraphs.last_mut() {
            Some(paragraph) => paragraph.push_str(text),
            None => c.paragraphs.push(text.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(attrs: &str, paragraphs: &[&str]) -> String {
        let body: String = paragraphs
            .iter()
            .map(|p| format!("<w:p><w:r><w:t xml:space=\"preserve\">{p}</w:t></w:r></w:p>"))
            .collect();
        format!("<w:tc><w:tcPr>{attrs}</w:tcPr>{body}</w:tc>")
    }

    #[test]
    fn reads_paragraphs_merges_and_entities() {
        let xml = format!(
            "<w:document xmlns:w=\"x\"><w:body><w:p><w:r><w:t>Intro</w:t></w:r></w:p><w:tbl>\
             <w:tr>{}{}</w:tr>\
             <w:tr>{}{}</w:tr>\
             <w:tr>{}</w:tr>\
             </w:tbl></w:body></w:document>",
            cell("<w:vMerge w:val=\"restart\"/>", &["Theme &amp; more"]),
            cell("", &["• one", "two", ""]),
            cell("<w:vMerge/>", &[""]),
            cell("", &["three"]),
            cell("<w:gridSpan w:val=\"2\"/>", &["Section heading"]),
        );
        let tables = parse_tables(&xml).unwrap();
        assert_eq!(tables.len(), 1);
        let grid = &tables[0];
        assert_eq!(grid.nested_tables, 0);
        assert_eq!(grid.label, "table 1");
        assert_eq!(grid.rows[0].1, ["Theme & more", "one\ntwo"]);
        assert_eq!(grid.rows[1].1, ["", "three"]);
        assert_eq!(grid.rows[2].1, ["Section heading", ""]);
        assert_eq!(
            grid.merges.as_deref().unwrap(),
            [
                Merge {
                    first_row: 0,
                    last_row: 1,
                    first_column: 0,
                    last_column: 0
                },
                Merge {
                    first_row: 2,
                    last_row: 2,
                    first_column: 0,
                    last_column: 1
                },
            ]
        );
    }

    /// Regression: a non-breaking hyphen was dropped ("Smith-Jones" read as
    /// "SmithJones"), text moved away and old formatting of tracked changes
    /// were read as text, and tab stops were read as tabs.
    #[test]
    fn regression_word_markup_reads_as_word_shows_it() {
        let xml = "<w:document xmlns:w=\"x\"><w:body><w:tbl><w:tr><w:tc>\
             <w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs>\
             <w:pPrChange><w:pPr><w:r><w:t>old</w:t></w:r></w:pPr></w:pPrChange></w:pPr>\
             <w:r><w:t>Smith</w:t><w:noBreakHyphen/><w:t>Jones</w:t></w:r>\
             <w:r><w:t>co</w:t><w:softHyphen/><w:t>ordinate</w:t></w:r>\
             <w:moveFrom><w:r><w:t> moved away</w:t></w:r></w:moveFrom>\
             <w:r><w:sym w:font=\"Symbol\" w:char=\"2192\"/><w:t>done</w:t></w:r></w:p>\
             </w:tc></w:tr></w:tbl></w:body></w:document>";
        let tables = parse_tables(xml).unwrap();
        assert_eq!(tables[0].rows[0].1, ["Smith-Jonescoordinate\u{2192}done"]);
    }

    /// Regression: `w:gridSpan w:val="200000000"` laid out a row that wide.
    #[test]
    fn regression_a_huge_grid_span_is_read_as_the_most_word_allows() {
        let xml = format!(
            "<w:document xmlns:w=\"x\"><w:body><w:tbl><w:tr><w:trPr><w:gridBefore w:val=\"999999999\"/></w:trPr>{}</w:tr></w:tbl></w:body></w:document>",
            cell("<w:gridSpan w:val=\"200000000\"/>", &["wide"]),
        );
        let tables = parse_tables(&xml).unwrap();
        assert_eq!(tables[0].rows[0].1.len(), 2 * MAX_GRID_SPAN);
        assert_eq!(tables[0].rows[0].1[MAX_GRID_SPAN], "wide");
    }

    /// Regression: a table nested in a cell was left out without a word.
    #[test]
    fn regression_tables_nested_in_cells_are_counted() {
        let inner =
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>inner</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";
        let xml = format!(
            "<w:document xmlns:w=\"x\"><w:body><w:tbl><w:tr><w:tc>{inner}<w:p><w:r><w:t>outer</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"
        );
        let tables = parse_tables(&xml).unwrap();
        assert_eq!(tables.len(), 1);
        assert_eq!(tables[0].rows[0].1, ["outer"]);
        assert_eq!(tables[0].nested_tables, 1);
    }
}
