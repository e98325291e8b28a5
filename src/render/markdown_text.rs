//! Markdown for papers, emails and wikis: one way of escaping text so that
//! it is shown as written, and GitHub-flavoured tables whose rows stay on
//! one line. Every Markdown the tool writes goes through here.

/// Escapes text so Markdown shows it as written: a backslash before each
/// backslash, pipe, asterisk, underscore, backtick, tilde, square bracket and
/// angle bracket; before what would start a block at the start of a line
/// (after spaces): a `#` heading, a `-`, `+` or `=` (list item or heading
/// rule), the `.` or `)` of a numbered item ("1. Leadership"); and before a
/// `&` that would start an HTML entity such as `&amp;` or `&#35;`. Other
/// characters are left as they are, so the text reads plainly where the
/// Markdown is not rendered (an email).
pub fn escape_markdown(text: &str) -> String {
    escape(text, true)
}

/// [`escape_markdown`]; `block` false for text inside a table cell, where
/// no list or rule can start, so "1.1" and "- 3" stay as written (a leading
/// `#` is still escaped).
fn escape(text: &str, block: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at_line_start = true;
    let mut chars = text.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        match c {
            '\\' | '|' | '*' | '_' | '`' | '~' | '[' | ']' | '<' | '>' => {
                out.push('\\');
                out.push(c);
            }
            '#' if at_line_start => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' | '=' if at_line_start && block => {
                out.push('\\');
                out.push(c);
            }
            '0'..='9' if at_line_start && block => {
                out.push(c);
                while let Some(&(_, digit)) = chars.peek().filter(|(_, d)| d.is_ascii_digit()) {
                    out.push(digit);
                    chars.next();
                }
                if let Some(&(_, mark)) = chars.peek().filter(|(_, m)| *m == '.' || *m == ')') {
                    out.push('\\');
                    out.push(mark);
                    chars.next();
                }
            }
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

/// A table cell: each line trimmed and escaped, the lines joined with
/// `<br>` so the row stays one line (`\r\n`, `\n` and a lone `\r` all break).
pub fn markdown_cell(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .lines()
        .map(|line| escape(line.trim(), false))
        .collect::<Vec<_>>()
        .join("<br>")
}

/// A Markdown (GitHub-flavoured) table: the header row, the rule, then one
/// line per row, every cell escaped.
pub fn markdown_table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = markdown_table_header(headers);
    for row in rows {
        out.push_str(&markdown_table_row(row));
    }
    out
}

/// The first two lines of a Markdown table: the header row and the rule.
pub fn markdown_table_header(headers: &[&str]) -> String {
    let mut out = markdown_table_row(headers);
    out.push_str(&format!("| {} |\n", vec!["---"; headers.len()].join(" | ")));
    out
}

/// One line of a Markdown table, every cell escaped, ending in a newline.
pub fn markdown_table_row<S: AsRef<str>>(cells: &[S]) -> String {
    let cells: Vec<String> = cells
        .iter()
        .map(|cell| markdown_cell(cell.as_ref()))
        .collect();
    format!("| {} |\n", cells.join(" | "))
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
        assert_eq!(
            escape_markdown("Plain words - 2020-02-18."),
            "Plain words - 2020-02-18."
        );
    }

    /// Regression: a theme "1. Leadership" as a line of Markdown became a
    /// numbered list; a leading "-", "+" or "=" a list or a heading rule.
    /// Inside a table cell nothing of that starts, so "1.1" is kept.
    #[test]
    fn escapes_what_would_start_a_list_or_rule_at_the_start_of_a_line() {
        assert_eq!(escape_markdown("1. Leadership"), r"1\. Leadership");
        assert_eq!(escape_markdown("12) Finance"), r"12\) Finance");
        assert_eq!(
            escape_markdown("- bullet\n+ plus\n==="),
            "\\- bullet\n\\+ plus\n\\==="
        );
        assert_eq!(escape_markdown("2020 plan. 3. item"), "2020 plan. 3. item");
        assert_eq!(escape_markdown("18 Feb 2020"), "18 Feb 2020");
        assert_eq!(markdown_cell("1.1"), "1.1");
        assert_eq!(markdown_cell("- 3"), "- 3");
    }

    #[test]
    fn table_cells_stay_on_one_line() {
        assert_eq!(
            markdown_cell("first | x\n# second\n"),
            r"first \| x<br>\# second"
        );
        assert_eq!(
            markdown_cell("one\r\ntwo\nthree\rfour"),
            "one<br>two<br>three<br>four"
        );
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
