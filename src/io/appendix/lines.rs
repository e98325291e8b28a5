//! One cell holding several milestones: a Milestone cell of bullet points or
//! lines, with Timeline and Lead cells holding as many lines, one for each.

use std::borrow::Cow;

use super::AppendixField;

/// Bullet marks a line may start with; they are not part of the milestone.
const BULLETS: [char; 6] = ['•', '·', '▪', '-', '*', '–'];

/// The non-blank lines of a cell, trimmed.
fn lines(cell: &str) -> Vec<&str> {
    cell.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect()
}

/// A line without its bullet mark: "• Policy agreed" -> "Policy agreed".
fn without_bullet(line: &str) -> &str {
    match line.strip_prefix(BULLETS) {
        Some(rest) if rest.starts_with(char::is_whitespace) => rest.trim_start(),
        _ => line,
    }
}

/// The row's cells once per milestone it holds. When the Milestone cell has
/// several lines and the Timeline and Lead cells have exactly as many, each
/// line is a milestone: the row is given once per line, those three cells
/// (and any other cell with exactly as many lines: comment, RAG, status)
/// holding that line, bullet marks dropped from the milestone. Otherwise the
/// row is given once, as it is (borrowed, not copied: most rows are so).
pub fn milestone_rows<'a>(
    columns: &[(AppendixField, Option<usize>)],
    cells: &'a [String],
) -> Vec<Cow<'a, [String]>> {
    let column = |field: AppendixField| {
        columns
            .iter()
            .find(|(f, _)| *f == field)
            .and_then(|(_, index)| *index)
    };
    let line_count = |field: AppendixField| column(field).map(|i| lines(&cells[i]).len());
    let count = match line_count(AppendixField::Milestone) {
        Some(count) if count > 1 => count,
        _ => return vec![Cow::Borrowed(cells)],
    };
    let aligned = [AppendixField::Timeline, AppendixField::Leads]
        .into_iter()
        .all(|field| line_count(field) == Some(count));
    if !aligned {
        return vec![Cow::Borrowed(cells)];
    }
    let split_fields = [
        AppendixField::Milestone,
        AppendixField::Timeline,
        AppendixField::Leads,
        AppendixField::Comment,
        AppendixField::Rag,
        AppendixField::Status,
    ];
    (0..count)
        .map(|line| {
            let mut row = cells.to_vec();
            for field in split_fields {
                let Some(index) = column(field) else {
                    continue;
                };
                let field_lines = lines(&cells[index]);
                if field_lines.len() == count {
                    row[index] = if field == AppendixField::Milestone {
                        without_bullet(field_lines[line]).to_string()
                    } else {
                        field_lines[line].to_string()
                    };
                }
            }
            Cow::Owned(row)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use AppendixField::*;

    fn columns() -> Vec<(AppendixField, Option<usize>)> {
        vec![
            (Milestone, Some(0)),
            (Leads, Some(1)),
            (Timeline, Some(2)),
            (Rag, Some(3)),
        ]
    }

    fn row(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn aligned_lines_give_one_milestone_each() {
        let cells = row(&[
            "• Policy drafted\n• Policy agreed",
            "Ann Smith\nAnn Smith",
            "Sep 20\nDec 20",
            "G",
        ]);
        let got = milestone_rows(&columns(), &cells);
        assert_eq!(
            got,
            [
                row(&["Policy drafted", "Ann Smith", "Sep 20", "G"]),
                row(&["Policy agreed", "Ann Smith", "Dec 20", "G"]),
            ]
        );
    }

    #[test]
    fn counts_that_differ_leave_the_row_as_it_is() {
        let cells = row(&[
            "Policy drafted\nPolicy agreed",
            "Ann Smith\nBob Jones",
            "Dec 20",
            "G",
        ]);
        assert_eq!(milestone_rows(&columns(), &cells), vec![cells.clone()]);
        let one_line = row(&["Policy agreed", "Ann Smith", "Dec 20", "G"]);
        assert_eq!(
            milestone_rows(&columns(), &one_line),
            vec![one_line.clone()]
        );
    }
}
