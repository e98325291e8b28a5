//! Splitting a Lead cell into people.
//!
//! Always a separator: a line break, ";" and `--lead-separator`. Between two
//! names only: "/", "&" and " and " ("G Currie/S Wood", "A Smith & B Jones"),
//! but not inside a role ("Head of Health and Social Care" stays whole). A
//! comma never splits: "A Smith, Head of Finance" is one lead, the role
//! after the comma staying with its person, and after a comma a joiner splits
//! only when "Name, role" follows ("A Smith, Head of Health & Social Care"
//! stays whole). A name is two to four capitalised words (lower-case
//! particles such as "mac", "van", "de" allowed); a text with an
//! organisation word (Ltd, Council, Partnership, Service, Team, Board,
//! Group, Trust, NHS, HSCP...) is never split. The limits: "Social Care,
//! Adults" after a joiner reads as a name with a role, and a two-word team
//! name in capitals ("Finance Officers") reads as a person; use
//! `--lead-separator` or ';' in such files. A name given twice in one cell
//! (a lead cell that repeats a name to line up with bullets) is kept once.

use crate::model::lead::{display_name, lead_key};

/// The words joining co-leads when both sides are names.
const JOINERS: [&str; 3] = ["/", "&", " and "];

/// Splits a Lead cell into tidied names, in order, each person once.
/// `extra_separator` (from `--lead-separator`) always splits.
pub fn split_leads_with(cell: &str, extra_separator: Option<&str>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    // The key of each name kept, worked out once per name.
    let mut keys: Vec<String> = Vec::new();
    for part in cell.split(['\n', '\r', ';']) {
        let pieces: Vec<&str> = match extra_separator.filter(|s| !s.is_empty()) {
            Some(separator) => part.split(separator).collect(),
            None => vec![part],
        };
        for piece in pieces {
            for name in split_co_leads(piece) {
                let name = display_name(&name);
                if name.is_empty() {
                    continue;
                }
                let key = lead_key(&name);
                if !keys.contains(&key) {
                    keys.push(key);
                    names.push(name);
                }
            }
        }
    }
    names
}

/// Whether the text may hold a joiner: a "/" or "&", or " and " in any
/// case. Most Lead cells hold none, and are then kept whole without being
/// cut. (Only "A", "N" and "D" lower-case to "a", "n" and "d", so looking
/// for " and " without regard to ASCII case finds every one that
/// `split_at_joiners` would.)
fn may_hold_a_joiner(text: &str) -> bool {
    text.contains(['/', '&'])
        || text
            .as_bytes()
            .windows(b" and ".len())
            .any(|window| window.eq_ignore_ascii_case(b" and "))
}

/// "G Currie/S Wood" -> both; "Head of Finance & Resources" -> as it is.
/// Each joiner splits only between two names; after a comma (a role) it
/// splits only when what follows is itself "Name, role", so "Ann Smith, Head
/// of Health & Social Care" stays whole. When any part left is not a name,
/// the text is kept whole.
fn split_co_leads(text: &str) -> Vec<String> {
    if !may_hold_a_joiner(text) {
        return vec![text.to_string()];
    }
    let pieces = split_at_joiners(text);
    let mut groups: Vec<String> = vec![pieces[0].1.clone()];
    for (joiner, piece) in &pieces[1..] {
        let current = groups.last_mut().expect("one group at least");
        let splits = looks_like_a_person(current)
            && looks_like_a_person(piece)
            && (!current.contains(',') || piece.contains(','));
        if splits {
            groups.push(piece.clone());
        } else {
            current.push_str(joiner);
            current.push_str(piece);
        }
    }
    if groups.len() > 1 && groups.iter().all(|group| looks_like_a_person(group)) {
        groups
    } else {
        vec![text.to_string()]
    }
}

/// The text cut at every joiner (in any case), each piece with the joiner
/// before it as written ("" for the first).
fn split_at_joiners(text: &str) -> Vec<(String, String)> {
    let lower = text.to_lowercase();
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    if lower.len() == text.len() {
        // (Lower-casing that changed byte offsets, rare letters, cuts nowhere.)
        for joiner in JOINERS {
            cuts.extend(
                lower
                    .match_indices(joiner)
                    .map(|(at, j)| (at, at + j.len())),
            );
        }
    }
    cuts.sort_unstable();
    let mut pieces = Vec::new();
    let mut joiner = String::new();
    let mut start = 0;
    for (at, end) in cuts {
        if at < start {
            continue; // overlapping joiners: the first wins
        }
        pieces.push((joiner, text[start..at].to_string()));
        joiner = text[at..end].to_string();
        start = end;
    }
    pieces.push((joiner, text[start..].to_string()));
    pieces
}

/// Lower-case words that may sit inside a person's name ("Iain mac Aoidh",
/// "Ruud van Nistelrooy", "Ana de Souza").
const NAME_PARTICLES: [&str; 11] = [
    "mac", "mc", "nic", "van", "von", "de", "da", "di", "du", "le", "la",
];

/// Words that make a name an organisation's, never split into people
/// ("Smith Brothers and Jones Ltd", "Health and Social Care Partnership").
const ORGANISATION_WORDS: [&str; 14] = [
    "ltd",
    "limited",
    "council",
    "partnership",
    "service",
    "services",
    "team",
    "board",
    "group",
    "trust",
    "nhs",
    "hscp",
    "co",
    "plc",
];

/// A person's name, with any role after a comma: two to four words before
/// the comma, each starting with a capital letter or a name particle ("G
/// Currie", "Dr A. Smith", "Mary-Jane O'Neil", "Iain mac Aoidh", "o'Brien"),
/// and no organisation word. "Head of Finance" (a small word), "Finance"
/// (one word) and "Jones Ltd" are not names.
fn looks_like_a_person(text: &str) -> bool {
    let name = text.split(',').next().unwrap_or("");
    let words: Vec<&str> = name.split_whitespace().collect();
    let is_name_word = |word: &&str| {
        word.chars().next().is_some_and(char::is_uppercase)
            || NAME_PARTICLES.contains(&word.to_lowercase().as_str())
            || word.to_lowercase().starts_with("o'")
    };
    let is_organisation_word = |word: &&str| {
        let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
        ORGANISATION_WORDS.contains(&bare.to_lowercase().as_str())
    };
    (2..=4).contains(&words.len())
        && words.iter().all(is_name_word)
        && !words.iter().any(is_organisation_word)
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
    fn regression_roles_firms_and_particles_are_not_mangled() {
        for whole in [
            "Ann Smith, Head of Health & Social Care",
            "Chief Officer, Health and Social Care",
            "Smith Brothers and Jones Ltd",
            "Ann Smith, Head of Finance and Resources",
        ] {
            assert_eq!(split(whole), [whole]);
        }
        assert_eq!(
            split("Iain mac Aoidh and Ann Smith"),
            ["Iain mac Aoidh", "Ann Smith"]
        );
        assert_eq!(
            split("A Smith, Head of Health & Social Care / B Jones, Head of HR"),
            [
                "A Smith, Head of Health & Social Care",
                "B Jones, Head of HR"
            ]
        );
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
