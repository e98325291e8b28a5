//! One sheet or table as read, before its header is known: rows of cell text
//! numbered as the spreadsheet (or the Word table) numbers them, the merged
//! regions, and notes about cells. Finding the header row, reading a two-row
//! header and filling merged cells happen here, the same for every format.

use std::collections::HashSet;

use crate::io::csvio::columns::normal;
use crate::io::csvio::read::Record;

/// How many rows from the top are searched for the header row.
pub const HEADER_SEARCH_ROWS: usize = 30;

/// How many cells of a row must name a known column for it to be taken as
/// the header row (one matching cell could be a title that happens to say "Action").
pub const HEADER_MIN_MATCHES: usize = 2;

/// A rectangle of merged cells, by row index (into `Grid::rows`) and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    /// The first row of the region.
    pub first_row: usize,
    /// The last row of the region.
    pub last_row: usize,
    /// The first column of the region.
    pub first_column: usize,
    /// The last column of the region.
    pub last_column: usize,
}

/// A sheet or table as read.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// How messages name this part of the file, e.g. `sheet "Plan"` or `table 2`.
    pub label: String,
    /// The rows, each with its number as the file numbers it.
    pub rows: Vec<Record>,
    /// Merged regions; `None` when the format does not record them (CSV).
    pub merges: Option<Vec<Merge>>,
    /// Notes on single cells (row index, column, note), added to any problem
    /// later found in that cell.
    pub notes: Vec<(usize, usize, String)>,
    /// Cells holding a spreadsheet error such as `#N/A` or `#REF!` (row
    /// index, column, the error), which must not be read as data.
    pub error_cells: Vec<(usize, usize, String)>,
    /// Tables nested inside this table's cells (Word), which are not read.
    pub nested_tables: usize,
    /// Date cells read as the day they hold because the format does not say
    /// how the cell is formatted (.xls, .ods): a month typed as a date is its 1st.
    pub dates_read_as_days: usize,
}

/// The known column names a header row is matched against, normalised.
pub struct KnownHeaders(HashSet<String>);

impl KnownHeaders {
    /// The headers that name the fields an import reads (with their synonyms).
    pub fn new(headers: &[String]) -> KnownHeaders {
        KnownHeaders(headers.iter().map(|h| normal(h)).collect())
    }

    /// How many distinct cells of a row name a known column.
    pub fn score(&self, cells: &[String]) -> usize {
        let matched: HashSet<String> = cells
            .iter()
            .map(|cell| normal(cell))
            .filter(|cell| self.0.contains(cell))
            .collect();
        matched.len()
    }
}

impl Grid {
    /// The row index and score of the row that best matches the known
    /// headers among the first rows. Rows are scored with cells merged down
    /// filled in, so in a two-row header whose key columns are merged over
    /// both rows the lower row holds every header; on a tie between a row
    /// and the one just below it, the upper is the lower's banner and the
    /// lower is taken.
    pub fn best_header_row(&self, known: &KnownHeaders) -> Option<(usize, usize)> {
        let mut rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .take(HEADER_SEARCH_ROWS)
            .map(|(_, cells)| cells.clone())
            .collect();
        for merge in self.merges.iter().flatten() {
            fill_down(&mut rows, merge);
        }
        let mut best: Option<(usize, usize)> = None;
        for (index, cells) in rows.iter().enumerate() {
            let score = known.score(cells);
            let better = match best {
                None => score > 0,
                Some((best_index, best_score)) => {
                    score > best_score || (score == best_score && index == best_index + 1)
                }
            };
            if better {
                best = Some((index, score));
            }
        }
        best
    }

    /// The index of the first row that is not blank.
    pub fn first_filled_row(&self) -> Option<usize> {
        self.rows
            .iter()
            .position(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
    }

    /// The index of the row the file numbers `number`.
    pub fn row_numbered(&self, number: usize) -> Option<usize> {
        self.rows.iter().position(|(n, _)| *n == number)
    }

    /// The last row number, for messages.
    pub fn last_number(&self) -> usize {
        self.rows.last().map_or(0, |(n, _)| *n)
    }

    /// Splits the grid at its header row (index `header`): the header cells,
    /// the banner above each, and the data rows below, with merged cells
    /// filled in: a vertical merge gives each covered cell its value; a
    /// horizontal merge spreads a banner over the columns it covers, but in
    /// the header row and in data rows leaves the text in its first cell only.
    pub fn split_at_header(&self, header: usize) -> HeaderAndRows {
        let table_start = self.rows[header]
            .1
            .iter()
            .position(|c| !c.trim().is_empty())
            .unwrap_or(0);
        let banner_row = header
            .checked_sub(1)
            .filter(|&above| is_banner_row(&self.rows[above].1, table_start));
        let mut rows: Vec<Vec<String>> = self.rows.iter().map(|(_, c)| c.clone()).collect();
        let known_merges = self.merges.is_some();
        if known_merges {
            // Table rows can be ragged (a Word table, a short sheet row): pad them.
            let width = rows.iter().map(Vec::len).max().unwrap_or(0);
            for row in &mut rows {
                row.resize(width, String::new());
            }
        }
        for merge in self.merges.iter().flatten() {
            fill_merge(&mut rows, merge, header);
        }
        let mut headers: Vec<String> = rows[header].iter().map(|h| h.trim().to_string()).collect();
        if known_merges {
            // A sheet's used range can run past the table: keep the columns
            // that have a header or a value below it.
            let used = |row: &Vec<String>| row.iter().rposition(|c| !c.trim().is_empty());
            let width = rows[header..]
                .iter()
                .filter_map(used)
                .max()
                .map_or(0, |last| last + 1);
            headers.truncate(width);
        }
        let banners = match banner_row {
            None => vec![String::new(); headers.len()],
            Some(above) if known_merges => (0..headers.len())
                .map(|column| {
                    let banner = rows[above].get(column).map_or("", |b| b.trim());
                    // A cell merged down over both rows is a header, not a banner.
                    if banner == headers[column] {
                        String::new()
                    } else {
                        banner.to_string()
                    }
                })
                .collect(),
            // Saved as CSV, a merged banner is its text in the first column
            // it covered: it runs on to the next banner.
            Some(above) => {
                let mut current = String::new();
                (0..headers.len())
                    .map(|column| {
                        let cell = rows[above].get(column).map_or("", |b| b.trim());
                        if !cell.is_empty() {
                            current = cell.to_string();
                        }
                        current.clone()
                    })
                    .collect()
            }
        };
        let data = self
            .rows
            .iter()
            .zip(rows)
            .skip(header + 1)
            .map(|((number, _), cells)| (*number, cells))
            .collect();
        // Notes and errors on data cells, by row number and column header.
        let on_data_cells = |cells: &[(usize, usize, String)]| -> Vec<(usize, String, String)> {
            cells
                .iter()
                .filter(|(row, column, _)| *row > header && *column < headers.len())
                .filter(|(_, column, _)| !headers[*column].is_empty())
                .map(|(row, column, text)| {
                    (self.rows[*row].0, headers[*column].clone(), text.clone())
                })
                .collect()
        };
        let notes = on_data_cells(&self.notes);
        let error_cells = on_data_cells(&self.error_cells);
        HeaderAndRows {
            headers,
            banners,
            data,
            notes,
            error_cells,
        }
    }
}

/// A grid split at its header row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderAndRows {
    /// The header cells, trimmed.
    pub headers: Vec<String>,
    /// The banner above each header cell, empty where none.
    pub banners: Vec<String>,
    /// The data rows below the header, merged cells filled in.
    pub data: Vec<Record>,
    /// Notes on data cells: row number, column header, note.
    pub notes: Vec<(usize, String, String)>,
    /// Data cells under a header holding a spreadsheet error: row number,
    /// column header, the error.
    pub error_cells: Vec<(usize, String, String)>,
}

/// Whether the row above a header row is a banner over it rather than a
/// title: a banner has more than one cell, or one that does not start at the
/// table's first column, `table_start` (the header row's first filled
/// column): a title sits at the table's left, however wide it is merged.
fn is_banner_row(cells: &[String], table_start: usize) -> bool {
    let filled: Vec<usize> = cells
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.trim().is_empty())
        .map(|(i, _)| i)
        .collect();
    filled.len() > 1 || filled.first().is_some_and(|&column| column > table_start)
}

/// A merged region's text: that of its first cell, if the rows reach it.
fn merged_text(rows: &[Vec<String>], merge: &Merge) -> Option<String> {
    rows.get(merge.first_row)
        .and_then(|row| row.get(merge.first_column))
        .cloned()
}

/// Gives every row a merged region covers the region's text in its first
/// column (a vertical merge's value on each of its rows).
fn fill_down(rows: &mut [Vec<String>], merge: &Merge) {
    let Some(value) = merged_text(rows, merge) else {
        return;
    };
    for row in rows
        .iter_mut()
        .take(merge.last_row + 1)
        .skip(merge.first_row + 1)
    {
        if row.len() <= merge.first_column {
            row.resize(merge.first_column + 1, String::new());
        }
        row[merge.first_column] = value.clone();
    }
}

/// Fills one merged region: every covered cell of the rows above the header
/// row (banners, titles) gets the value; in the header row and the data rows
/// only the region's first column does, the rest are blank (a header spread
/// over two columns would name one field twice).
fn fill_merge(rows: &mut [Vec<String>], merge: &Merge, header: usize) {
    let Some(value) = merged_text(rows, merge) else {
        return;
    };
    for row_index in merge.first_row..=merge.last_row.min(rows.len().saturating_sub(1)) {
        let row = &mut rows[row_index];
        for column in merge.first_column..=merge.last_column.min(row.len().saturating_sub(1)) {
            row[column] = if row_index < header || column == merge.first_column {
                value.clone()
            } else {
                String::new()
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid(rows: &[&[&str]], merges: Option<Vec<Merge>>) -> Grid {
        Grid {
            label: "sheet \"S\"".into(),
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, cells)| (i + 1, cells.iter().map(|c| c.to_string()).collect()))
                .collect(),
            merges,
            notes: Vec::new(),
            error_cells: Vec::new(),
            nested_tables: 0,
            dates_read_as_days: 0,
        }
    }

    fn known() -> KnownHeaders {
        KnownHeaders::new(&[
            "Action".to_string(),
            "Status".to_string(),
            "RAG".to_string(),
        ])
    }

    fn merge(first_row: usize, last_row: usize, first_column: usize, last_column: usize) -> Merge {
        Merge {
            first_row,
            last_row,
            first_column,
            last_column,
        }
    }

    #[test]
    fn finds_the_header_below_title_rows() {
        let g = grid(
            &[
                &["Action plan", ""],
                &["", ""],
                &["Action", "RAG"],
                &["Do", "G"],
            ],
            None,
        );
        assert_eq!(g.best_header_row(&known()), Some((2, 2)));
        let split = g.split_at_header(2);
        assert_eq!(split.headers, ["Action", "RAG"]);
        assert_eq!(split.banners, ["", ""], "a title is not a banner");
        assert_eq!(
            split.data,
            vec![(4, vec!["Do".to_string(), "G".to_string()])]
        );
    }

    /// Regression: a title over a table that starts in column B was taken
    /// for a banner, because it did not start in column A.
    #[test]
    fn regression_a_title_over_a_table_starting_in_column_b_is_not_a_banner() {
        let g = grid(
            &[
                &["", "Action plan", ""],
                &["", "Action", "RAG"],
                &["", "Do", "G"],
            ],
            None,
        );
        assert_eq!(g.split_at_header(1).banners, ["", "", ""]);
    }

    #[test]
    fn a_csv_banner_runs_on_to_the_next() {
        let g = grid(
            &[
                &["", "Previous Period", "", "Current Period", ""],
                &["Action", "Status", "RAG", "Status", "RAG"],
            ],
            None,
        );
        let split = g.split_at_header(1);
        assert_eq!(
            split.banners,
            [
                "",
                "Previous Period",
                "Previous Period",
                "Current Period",
                "Current Period"
            ]
        );
    }

    #[test]
    fn merged_banners_spread_over_their_columns_only() {
        let g = grid(
            &[
                &["Ref", "Previous", "", "Current", "", "Notes"],
                &["", "Status", "RAG", "Status", "RAG", ""],
            ],
            Some(vec![
                merge(0, 1, 0, 0),
                merge(0, 0, 1, 2),
                merge(0, 0, 3, 4),
                merge(0, 1, 5, 5),
            ]),
        );
        let split = g.split_at_header(1);
        assert_eq!(
            split.headers,
            ["Ref", "Status", "RAG", "Status", "RAG", "Notes"]
        );
        assert_eq!(
            split.banners,
            ["", "Previous", "Previous", "Current", "Current", ""]
        );
    }

    #[test]
    fn a_header_merged_across_columns_names_its_first_column_only() {
        let g = grid(
            &[&["Action", "Comment", ""], &["Do", "Done", "G"]],
            Some(vec![merge(0, 0, 1, 2)]),
        );
        assert_eq!(g.split_at_header(0).headers, ["Action", "Comment", ""]);
    }

    #[test]
    fn data_merges_fill_down_but_not_across() {
        let g = grid(
            &[
                &["Action", "Status", "RAG"],
                &["Do", "Section heading", ""],
                &["", "", "G"],
            ],
            Some(vec![merge(1, 2, 0, 0), merge(1, 1, 1, 2)]),
        );
        let split = g.split_at_header(0);
        assert_eq!(split.data[0].1, ["Do", "Section heading", ""]);
        assert_eq!(split.data[1].1, ["Do", "", "G"]);
    }
}
