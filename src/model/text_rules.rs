//! Rules for text from people: no field longer than a spreadsheet cell
//! holds, no control characters in names, and stored text shown to a
//! terminal with its control characters escaped.
//!
//! Text is stored exactly as given (and CSV and JSON keep it so); only what
//! a table or text report prints is escaped, so an ESC sequence or a
//! bidirectional override in a comment can never recolour, move or hide what
//! a terminal shows.

use std::borrow::Cow;

use crate::error::{Error, Field, Result, TextFault};

/// The most characters a spreadsheet cell holds (Excel's limit): longer
/// text is refused rather than truncated, as it could not be exported.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Refuses text longer than a spreadsheet cell holds (32,767 characters):
/// it would be stored, exported, and the export then refused on import.
/// `what` names the text in words ("the cell", "the cycle label"); text a
/// caller gives for a [`Field`] is checked with [`check_field_length`].
pub fn check_length(what: &str, value: &str) -> Result<()> {
    refuse_in_words(what, length_fault(value))
}

/// Refuses a name (a plan, partnership, label or cycle label) that is too
/// long, holds a control character or a bidirectional override, or runs
/// over more than one line: a line break in a name would let it forge lines
/// in text output. `what` names it in words; see [`check_field_name`].
pub fn check_name(what: &str, value: &str) -> Result<()> {
    refuse_in_words(what, name_fault(value))
}

/// Refuses a name read from a plan's cell (a lead, theme or action) that is
/// too long or holds a control character or a bidirectional override; line
/// breaks are part of a cell and allowed. `what` names it in words; see
/// [`check_field_cell_name`].
pub fn check_cell_name(what: &str, value: &str) -> Result<()> {
    refuse_in_words(what, cell_name_fault(value))
}

/// [`check_length`] for text given for a field: the error names the field,
/// and a command line words it as the flag the text came from.
pub fn check_field_length(field: Field, value: &str) -> Result<()> {
    refuse_for_field(field, length_fault(value))
}

/// [`check_name`] for a name given for a field (who made a change, a plan's
/// name): the error names the field.
pub fn check_field_name(field: Field, value: &str) -> Result<()> {
    refuse_for_field(field, name_fault(value))
}

/// [`check_cell_name`] for text given for a field that becomes a plan's
/// cell (a theme, an action, a milestone): the error names the field.
pub fn check_field_cell_name(field: Field, value: &str) -> Result<()> {
    refuse_for_field(field, cell_name_fault(value))
}

/// The error for a fault in text named in words.
fn refuse_in_words(what: &str, fault: Option<TextFault>) -> Result<()> {
    match fault {
        Some(fault) => Err(Error::Invalid(fault.sentence(what))),
        None => Ok(()),
    }
}

/// The error for a fault in text given for a field.
fn refuse_for_field(field: Field, fault: Option<TextFault>) -> Result<()> {
    match fault {
        Some(fault) => Err(Error::TextRefused { field, fault }),
        None => Ok(()),
    }
}

/// What is wrong with text longer than a cell holds, if it is.
fn length_fault(value: &str) -> Option<TextFault> {
    let length = value.chars().count();
    (length > MAX_CELL_CHARS).then_some(TextFault::TooLong { length })
}

/// What is wrong with a one-line name, if anything.
fn name_fault(value: &str) -> Option<TextFault> {
    cell_name_fault(value).or_else(|| {
        value.contains('\n').then(|| TextFault::LineBreak {
            value: value.to_string(),
        })
    })
}

/// What is wrong with a name a cell may hold over several lines, if anything.
fn cell_name_fault(value: &str) -> Option<TextFault> {
    length_fault(value).or_else(|| {
        value
            .chars()
            .find(|c| is_unsafe_for_terminal(*c))
            .map(|character| TextFault::ControlCharacter {
                value: value.to_string(),
                character,
            })
    })
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
        assert!(check_field_name(Field::By, "Sharon Simpson").is_ok());
        let err = check_field_name(Field::By, "Sharon\u{1b}[2J").unwrap_err();
        assert_eq!(
            err.to_string(),
            "the name of who made it \"Sharon\\u{1b}[2J\" holds the control character U+001B: names must be plain text"
        );
        assert!(matches!(
            err,
            Error::TextRefused {
                field: Field::By,
                fault: TextFault::ControlCharacter {
                    character: '\u{1b}',
                    ..
                }
            }
        ));
        assert!(check_field_name(Field::Plan, "NL\u{202e}").is_err());
        assert!(check_field_name(Field::Plan, "Tab\there").is_ok());
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
        assert!(check_field_length(Field::Comment, &"x".repeat(MAX_CELL_CHARS)).is_ok());
        let err = check_field_length(Field::Comment, &"x".repeat(MAX_CELL_CHARS + 1)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the comment holds 32768 characters; a spreadsheet cell holds at most 32767"
        );
        let err = check_length("the cell", &"x".repeat(MAX_CELL_CHARS + 1)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the cell holds 32768 characters; a spreadsheet cell holds at most 32767"
        );
    }
}
