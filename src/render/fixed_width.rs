//! A text table written row by row, for reports too long to lay out whole.
//!
//! The house table (comfy-table) measures every cell of every row before it
//! draws the first: fine for a committee's plan, but at 100,000 rows it holds
//! the whole report, several times over, and spends most of its time
//! measuring. This table takes its column widths from the first rows it is
//! given (a sample), then writes each row as it comes, in the same look:
//! light rules, a double rule under the header, cells wrapped at spaces. A
//! later cell wider than its column wraps; nothing is cut off.

use std::io::{self, Write};

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Every column is at least this wide, and no column is squeezed narrower
/// to fit: an id or date of a row after the sample still fits whole (ids up
/// to 99,999,999).
const NARROWEST_COLUMN: usize = 8;

/// A table being written: its column widths are fixed once the header is out.
pub struct FixedWidthTable<W: Write> {
    out: W,
    widths: Vec<usize>,
    rule: String,
    rows: usize,
}

impl<W: Write> FixedWidthTable<W> {
    /// Starts a table: column widths from the header and the `sample` rows
    /// (each column as wide as its widest cell line, and at least 8, the
    /// widest columns then narrowed until the table fits `width`
    /// characters), then writes the
    /// top rule, the header and the double rule. Cells are written as given:
    /// the caller escapes what a terminal must not see.
    pub fn new(
        out: W,
        headers: &[&str],
        sample: &[Vec<String>],
        width: usize,
    ) -> io::Result<FixedWidthTable<W>> {
        let mut widths: Vec<usize> = headers
            .iter()
            .map(|h| h.width().max(NARROWEST_COLUMN))
            .collect();
        for row in sample {
            for (column, cell) in row.iter().enumerate().take(widths.len()) {
                let widest_line = cell.lines().map(|line| line.width()).max().unwrap_or(0);
                widths[column] = widths[column].max(widest_line);
            }
        }
        fit(&mut widths, width);
        let total: usize = widths.iter().map(|w| w + 2).sum();
        let mut table = FixedWidthTable {
            out,
            widths,
            rule: "─".repeat(total),
            rows: 0,
        };
        writeln!(table.out, "{}", table.rule)?;
        let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
        table.write_cells(&headers)?;
        writeln!(table.out, "{}", "═".repeat(total))?;
        Ok(table)
    }

    /// Writes one row, under a light rule when it is not the first.
    pub fn row(&mut self, cells: &[String]) -> io::Result<()> {
        if self.rows > 0 {
            writeln!(self.out, "{}", self.rule)?;
        }
        self.rows += 1;
        self.write_cells(cells)
    }

    /// Ends the table with a light rule and flushes it.
    pub fn finish(mut self) -> io::Result<()> {
        writeln!(self.out, "{}", self.rule)?;
        self.out.flush()
    }

    /// Writes the lines of one row: each cell wrapped to its column.
    fn write_cells(&mut self, cells: &[String]) -> io::Result<()> {
        let wrapped: Vec<Vec<String>> = self
            .widths
            .iter()
            .enumerate()
            .map(|(column, width)| wrap(cells.get(column).map_or("", String::as_str), *width))
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1);
        let mut line = String::new();
        for at in 0..height {
            line.clear();
            for (lines, width) in wrapped.iter().zip(&self.widths) {
                let text = lines.get(at).map_or("", String::as_str);
                line.push(' ');
                line.push_str(text);
                line.extend(std::iter::repeat_n(
                    ' ',
                    width.saturating_sub(text.width()) + 1,
                ));
            }
            writeln!(self.out, "{line}")?;
        }
        Ok(())
    }
}

/// Narrows the widest columns, one character at a time, until the table
/// (each column plus a space either side) fits `width`, or every column is
/// at its narrowest.
fn fit(widths: &mut [usize], width: usize) {
    let total = |widths: &[usize]| widths.iter().map(|w| w + 2).sum::<usize>();
    while total(widths) > width {
        let Some(widest) = widths
            .iter_mut()
            .filter(|w| **w > NARROWEST_COLUMN)
            .max_by_key(|w| **w)
        else {
            return;
        };
        *widest -= 1;
    }
}

/// A cell's text as lines no wider than `width`: its own line breaks kept,
/// each line broken at spaces, and a word longer than the width broken
/// where it must be.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        // The line being filled and how wide it is so far.
        let mut line = String::new();
        let mut line_width = 0;
        for word in paragraph.split(' ').filter(|word| !word.is_empty()) {
            let word_width = word.width();
            if line_width > 0 && line_width + 1 + word_width > width {
                lines.push(std::mem::take(&mut line));
                line_width = 0;
            }
            if line_width > 0 {
                line.push(' ');
                line_width += 1;
            }
            if line_width + word_width <= width {
                line.push_str(word);
                line_width += word_width;
                continue;
            }
            // A word wider than the column: broken where it must be.
            for character in word.chars() {
                let character_width = character.width().unwrap_or(0);
                if line_width + character_width > width && line_width > 0 {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0;
                }
                line.push(character);
                line_width += character_width;
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drawn(headers: &[&str], rows: &[Vec<String>], width: usize) -> String {
        let mut out = Vec::new();
        let mut table = FixedWidthTable::new(&mut out, headers, &rows[..1], width).unwrap();
        for row in rows {
            table.row(row).unwrap();
        }
        table.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn columns_take_the_sample_widths_and_later_cells_wrap() {
        let rows = [
            row(&["1", "Agree the budget"]),
            row(&["123456789", "Agree the medium term financial plan"]),
        ];
        assert_eq!(
            drawn(&["ID", "Milestone"], &rows, 100),
            "────────────────────────────\n\
             \u{20}ID        Milestone        \n\
             ════════════════════════════\n\
             \u{20}1         Agree the budget \n\
             ────────────────────────────\n\
             \u{20}12345678  Agree the medium \n\
             \u{20}9         term financial   \n\
             \u{20}          plan             \n\
             ────────────────────────────\n"
        );
    }

    #[test]
    fn a_table_wider_than_the_width_narrows_its_widest_column() {
        let mut widths = vec![8, 40, 10];
        fit(&mut widths, 40);
        assert_eq!(widths, vec![8, 16, 10]);
        assert_eq!(widths.iter().map(|w| w + 2).sum::<usize>(), 40);
    }

    #[test]
    fn line_breaks_are_kept_and_long_words_are_broken() {
        assert_eq!(wrap("Ann Lead\nBob", 20), ["Ann Lead", "Bob"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), [""]);
    }
}
