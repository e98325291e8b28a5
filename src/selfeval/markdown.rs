//! Markdown tables for committee papers and wikis: every cell escaped so that
//! text is shown as written, and line breaks kept as `<br>`.

/// Escapes text for one Markdown table cell: pipes and the characters Markdown
/// would read as formatting are backslash-escaped, `&`, `<` and `>` become
/// entities, and each line break becomes `<br>`.
pub fn markdown_cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.trim().chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("<br>");
            }
            '\n' => out.push_str("<br>"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' | '|' | '*' | '_' | '`' | '[' | ']' | '#' | '~' | '!' | '+' | '-' | '=' => {
                out.push('\\');
                out.push(c);
            }
            other => out.push(other),
        }
    }
    out
}

/// A Markdown (GitHub-flavoured) table: the header row, the rule, then one line per row.
pub fn markdown_table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
    let mut out = line(headers.iter().map(|h| markdown_cell(h)).collect());
    out.push_str(&line(headers.iter().map(|_| "---".to_string()).collect()));
    for row in rows {
        out.push_str(&line(row.iter().map(|cell| markdown_cell(cell)).collect()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_pipes_formatting_and_html_and_keeps_line_breaks() {
        assert_eq!(
            markdown_cell("a|b *c* _d_ `e` [f](g) <h> & #1 \\"),
            "a\\|b \\*c\\* \\_d\\_ \\`e\\` \\[f\\](g) &lt;h&gt; &amp; \\#1 \\\\"
        );
        assert_eq!(
            markdown_cell("one\r\ntwo\nthree\rfour"),
            "one<br>two<br>three<br>four"
        );
        assert_eq!(markdown_cell("- bullet"), "\\- bullet");
        assert_eq!(markdown_cell("Plain text 2.3."), "Plain text 2.3.");
    }

    #[test]
    fn builds_a_table_with_one_line_per_row() {
        let table = markdown_table(
            &["Proposal", "Rating"],
            &[vec!["1.1".into(), "A|B\nC".into()]],
        );
        assert_eq!(
            table,
            "| Proposal | Rating |\n| --- | --- |\n| 1.1 | A\\|B<br>C |\n"
        );
    }
}
