//! Rules for text from people: no field longer than a spreadsheet cell
//! holds, no control characters in names, and stored text shown to a
//! terminal with its control characters escaped.
//!
//! Text is stored exactly as given (and CSV and JSON keep it so); only what
//! a table or text report prints is escaped, so an ESC sequence or a
//! bidirectional override in a comment can never recolour, move or hide what
//! a terminal shows.

use std::borrow::Cow;

use crate::error::{Error, Result};

/// The most characters a spreadsheet cell holds (Excel's limit): longer
/// text is refused rather than truncated, as it could not be exported.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Refuses text longer than a spreadsheet cell holds (32,767 characters):
/// it would be stored, exported, and the export then refused on import.
pub fn check_length(what: &str, value: &str) -> Result<()> {
    let length = value.chars().count();
    if length > MAX_CELL_CHARS {
        return Err(Error::Invalid(format!(
            "{what} holds {length} characters; a spreadsheet cell holds at most {MAX_CELL_CHARS}"
        )));
    }
    Ok(())
}

/// Refuses a name (a plan, partnership, label, cycle label or `--by`) that
/// is too long, holds a control character or a bidirectional override, or
/// runs over more than one line: a line break in a name would let it forge
/// lines in text output.
pub fn check_name(what: &str, value: &str) -> Result<()> {
    check_cell_name(what, value)?;
    if value.contains('\n') {
        return Err(Error::Invalid(format!(
            "{what} \"{}\" holds a line break: a name is one line",
            escape_for_terminal(&value.replace('\n', "\\n"))
        )));
    }
    Ok(())
}

/// Refuses a name read from a plan's cell (a lead, theme or action) that is
/// too long or holds a control character or a bidirectional override; line
/// breaks are part of a cell and allowed.
pub fn check_cell_name(what: &str, value: &str) -> Result<()> {
    check_length(what, value)?;
    if let Some(bad) = value.chars().find(|c| is_unsafe_for_terminal(*c)) {
        return Err(Error::Invalid(format!(
            "{what} \"{}\" holds the control character U+{:04X}: names must be plain text",
            escape_for_terminal(value),
            u32::from(bad)
        )));
    }
    Ok(())
}

/// Unicode's control characters (general category Cc: C0 other than tab and
/// newline, DEL, C1), the bidirectional marks and controls (U+061C, U+200E,
/// U+200F, U+202A-U+202E, U+2066-U+2069) and the line and paragraph
/// separators U+2028 and U+2029, which some terminals obey as line breaks.
pub fn is_unsafe_for_terminal(c: char) -> bool {
    (c.is_control() && c != '\t' && c != '\n')
        || matches!(c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}')
}

/// The text with every unsafe character written as `\u{1b}`, so a terminal
/// shows it instead of obeying it; text without one is returned as it is.
pub fn escape_for_terminal(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe_for_terminal) {
        return Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe_for_terminal(c) {
            escaped.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
        } else {
            escaped.push(c);
        }
    }
    Cow::Owned(escaped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_are_escaped_and_other_text_is_kept() {
        assert_eq!(
            escape_for_terminal("On track.\nSee note\tB"),
            "On track.\nSee note\tB"
        );
        assert_eq!(
            escape_for_terminal("\u{1b}[31mRED\u{7}\u{9b}\u{202e}gnp.exe"),
            "\\u{1b}[31mRED\\u{7}\\u{9b}\\u{202e}gnp.exe"
        );
        assert_eq!(escape_for_terminal("Ré\u{2069}"), "Ré\\u{2069}");
        assert_eq!(
            escape_for_terminal("a\u{61c}b\u{2028}c\u{2029}d\re"),
            "a\\u{61c}b\\u{2028}c\\u{2029}d\\u{d}e"
        );
    }

    #[test]
    fn names_with_control_characters_are_refused() {
        assert!(check_name("--by", "Sharon Simpson").is_ok());
        let err = check_name("--by", "Sharon\u{1b}[2J").unwrap_err();
        assert_eq!(
            err.to_string(),
            "--by \"Sharon\\u{1b}[2J\" holds the control character U+001B: names must be plain text"
        );
        assert!(check_name("--plan", "NL\u{202e}").is_err());
        assert!(check_name("--plan", "Tab\there").is_ok());
        // Regression: a line break let a cycle label or --by forge a line.
        let err = check_name("the cycle label", "IJB\nFeb").unwrap_err();
        assert_eq!(
            err.to_string(),
            "the cycle label \"IJB\\nFeb\" holds a line break: a name is one line"
        );
        assert!(check_cell_name("theme", "Leadership\nand culture").is_ok());
    }

    #[test]
    fn text_up_to_a_cell_is_accepted_and_longer_is_refused() {
        assert!(check_length("--comment", &"x".repeat(MAX_CELL_CHARS)).is_ok());
        let err = check_length("--comment", &"x".repeat(MAX_CELL_CHARS + 1)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "--comment holds 32768 characters; a spreadsheet cell holds at most 32767"
        );
    }
}
