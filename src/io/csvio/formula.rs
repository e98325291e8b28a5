//! Formula injection (OWASP "CSV Injection", CWE-1236): a cell that begins with
//! `=`, `+`, `-`, `@`, tab or carriage return is run by a spreadsheet as a formula.
//! Every CSV the tool writes prefixes such a cell with a single quote (a plain
//! signed number such as "-2" excepted: it is read as a number), and every
//! import strips exactly that prefix again, so round trips stay exact.

use std::borrow::Cow;

fn is_trigger(c: char) -> bool {
    matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r')
}

/// True when `cell` is a run of quotes followed by a trigger character.
fn quotes_then_trigger(cell: &str) -> bool {
    cell.trim_start_matches('\'')
        .chars()
        .next()
        .is_some_and(is_trigger)
}

/// Makes a cell safe to open in a spreadsheet: one quote is added in front of a
/// cell that a spreadsheet would run, and in front of one that already looks
/// neutralised, so that `restore` gives back exactly the original.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if quotes_then_trigger(cell) && !is_plain_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A signed decimal such as "-2" or "+1.5": a spreadsheet reads it as a
/// number, not a formula, so it is left as it is (a slip of -2 months stays a
/// number for sorting).
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['-', '+']).unwrap_or(cell);
    let mut parts = digits.splitn(2, '.');
    let whole = parts.next().unwrap_or("");
    let fraction = parts.next().unwrap_or("");
    !(whole.is_empty() && fraction.is_empty())
        && whole.chars().all(|c| c.is_ascii_digit())
        && fraction.chars().all(|c| c.is_ascii_digit())
}

/// Undoes `neutralise`: strips one leading quote from a cell that is quotes
/// followed by a trigger character.
pub fn restore(cell: &str) -> &str {
    if cell.starts_with('\'') && quotes_then_trigger(cell) {
        &cell[1..]
    } else {
        cell
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neutralises_every_trigger() {
        for cell in [
            "=1+1", "+44 1698", "-5+A1", "-A1", "@SUM(A1)", "\tx", "\rx", "-", "+", "-.", "-1e5",
            "-inf",
        ] {
            assert_eq!(neutralise(cell), format!("'{cell}"), "{cell:?}");
        }
        assert_eq!(neutralise("Complete."), "Complete.");
        assert_eq!(neutralise(""), "");
        assert_eq!(neutralise("'quoted"), "'quoted");
    }

    #[test]
    fn leaves_plain_numbers_alone() {
        for cell in ["-2", "+3", "-0.5", "+.5", "-12."] {
            assert_eq!(neutralise(cell), cell, "{cell:?}");
        }
    }

    #[test]
    fn restore_inverts_neutralise_exactly() {
        for cell in [
            "=1+1", "'=1+1", "''=x", "-", "'", "'-'", "plain", "", "a=b", "'plain", "\t", "-2",
            "'-2",
        ] {
            assert_eq!(restore(&neutralise(cell)), cell, "{cell:?}");
        }
    }
}
