//! Splitting a Lead cell into people.
//!
//! Always a separator: a line break, ";" and `--lead-separator`. Between two
//! names only: "/", "&" and " and " ("G Currie/S Wood", "A Smith & B Jones"),
//! but not inside a role ("Head of Health and Social Care" stays whole). A
//! comma never splits: "A Smith, Head of Finance" is one lead, the role
//! after the comma staying with its person. A name given twice in one cell
//! (a lead cell that repeats a name to line up with bullets) is kept once.

use crate::model::lead::{display_name, lead_key};

/// The words joining co-leads when both sides are names.
const JOINERS: [&str; 3] = ["/", "&", " and "];

/// Splits a Lead cell into tidied names, in order, each person once.
/// `extra_separator` (from `--lead-separator`) always splits.
pub fn split_leads_with(cell: &str, extra_separator: Option<&str>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for part in cell.split(['\n', '\r', ';']) {
        let pieces: Vec<&str> = match extra_separator.filter(|s| !s.is_empty()) {
            Some(separator) => part.split(separator).collect(),
            None => vec![part],
        };
        for piece in pieces {
            for name in split_co_leads(piece) {
                let name = display_name(&name);
                if !name.is_empty() && !names.iter().any(|n| lead_key(n) == lead_key(&name)) {
                    names.push(name);
                }
            }
        }
    }
    names
}

/// "G Currie/S Wood" -> both; "Head of Finance & Resources" -> as it is.
fn split_co_leads(text: &str) -> Vec<String> {
    let mut pieces = vec![text.to_string()];
    for joiner in JOINERS {
        pieces = pieces
            .iter()
            .flat_map(|piece| split_ignoring_case(piece, joiner))
            .collect();
    }
    if pieces.len() > 1 && pieces.iter().all(|piece| looks_like_a_person(piece)) {
        pieces
    } else {
        vec![text.to_string()]
    }
}

fn split_ignoring_case(text: &str, joiner: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    if lower.len() != text.len() {
        // Lower-casing changed byte offsets (rare letters): split exactly.
        return text.split(joiner).map(str::to_string).collect();
    }
    let mut pieces = Vec::new();
    let mut start = 0;
    for (at, _) in lower.match_indices(joiner) {
        pieces.push(text[start..at].to_string());
        start = at + joiner.len();
    }
    pieces.push(text[start..].to_string());
    pieces
}

/// A person's name, with any role after a comma: two to four words before
/// the comma, each starting with a capital letter ("G Currie", "Dr A. Smith",
/// "Mary-Jane O'Neil"). "Head of Finance" (a small word) and "Finance" (one
/// word) are not names.
fn looks_like_a_person(text: &str) -> bool {
    let name = text.split(',').next().unwrap_or("");
    let words: Vec<&str> = name.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words
            .iter()
            .all(|word| word.chars().next().is_some_and(char::is_uppercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(cell: &str) -> Vec<String> {
        split_leads_with(cell, None)
    }

    #[test]
    fn co_leads_are_split_between_two_names() {
        assert_eq!(split("G Currie/S Wood"), ["G Currie", "S Wood"]);
        assert_eq!(split("A Smith & B Jones"), ["A Smith", "B Jones"]);
        assert_eq!(split("Ann Smith and Bob Jones"), ["Ann Smith", "Bob Jones"]);
        assert_eq!(split("Ann Smith AND Bob Jones"), ["Ann Smith", "Bob Jones"]);
        assert_eq!(
            split("A Smith, Head of Finance / B Jones, Head of HR"),
            ["A Smith, Head of Finance", "B Jones, Head of HR"]
        );
    }

    #[test]
    fn roles_and_single_words_are_not_split() {
        assert_eq!(
            split("A Smith, Head of Finance"),
            ["A Smith, Head of Finance"]
        );
        assert_eq!(
            split("Head of Health and Social Care"),
            ["Head of Health and Social Care"]
        );
        assert_eq!(split("Finance/HR"), ["Finance/HR"]);
        assert_eq!(split("Planning & Performance"), ["Planning & Performance"]);
    }

    #[test]
    fn lines_and_semicolons_always_split_and_a_repeated_name_is_kept_once() {
        assert_eq!(
            split("Ann Smith\nAnn  Smith\nBob Jones"),
            ["Ann Smith", "Bob Jones"]
        );
        assert_eq!(split("Ann Smith; ann smith."), ["Ann Smith"]);
        assert_eq!(split("Ann\u{a0}Smith ;; "), ["Ann Smith"]);
        assert!(split(" ; ").is_empty());
    }

    #[test]
    fn a_lead_separator_always_splits() {
        assert_eq!(
            split_leads_with("Finance + HR", Some("+")),
            ["Finance", "HR"]
        );
        assert_eq!(split_leads_with("Finance + HR", None), ["Finance + HR"]);
    }
}
