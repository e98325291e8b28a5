//! A lead's name as plans write it: the same person appears with stray double
//! spaces, non-breaking spaces, a full stop after, or in another case. The
//! first spelling is kept for display; the key says who it is.

/// The name tidied for display: non-breaking and repeated spaces made single
/// spaces, trailing punctuation (". , ; :") and spaces removed. Case is kept.
pub fn display_name(name: &str) -> String {
    let spaced = name
        .split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let trimmed = spaced.trim_end_matches(['.', ',', ';', ':', ' ']);
    // A "name" with no letter or digit ("..") is kept as written, not erased.
    if trimmed.chars().any(char::is_alphanumeric) {
        trimmed.to_string()
    } else {
        spaced
    }
}

/// The identity of a lead: the whole name tidied (spacing, non-breaking
/// spaces, trailing punctuation) in lower case. "ANN  SMITH." and "Ann Smith"
/// are one person; "Smith, Ann" and "Smith, John" are two, and so are "Head of
/// Service, Children" and "Head of Service, Adults": text after a comma is
/// never dropped, since it may be a first name or the part of a role that
/// tells two posts apart.
pub fn lead_key(name: &str) -> String {
    display_name(name).to_lowercase()
}

/// Whether `--lead wanted` finds the lead `name`: the same key, or the name
/// before a role ("A Smith" finds "A Smith, Head of Finance"). Finding is
/// wider than identity: "Smith" finds both "Smith, Ann" and "Smith, John".
pub fn lead_matches(name: &str, wanted: &str) -> bool {
    let key = lead_key(name);
    let wanted = lead_key(wanted);
    key == wanted || key.starts_with(&format!("{wanted},"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spacing_punctuation_and_case_do_not_make_another_person() {
        for variant in [
            "Ann Smith",
            "ann smith",
            "ANN  SMITH",
            "Ann\u{a0}Smith",
            " Ann Smith. ",
            "Ann Smith;",
        ] {
            assert_eq!(lead_key(variant), "ann smith", "{variant:?}");
        }
        assert_eq!(display_name("Ann\u{a0}\u{a0}Smith ."), "Ann Smith");
        assert_eq!(display_name("G. Currie"), "G. Currie");
        assert_eq!(display_name(".."), "..", "punctuation alone is kept");
        assert_ne!(lead_key("Ann Smith"), lead_key("Anne Smith"));
    }

    #[test]
    fn regression_text_after_a_comma_tells_people_apart() {
        assert_ne!(lead_key("Smith, Ann"), lead_key("Smith, John"));
        assert_ne!(
            lead_key("Head of Service, Children"),
            lead_key("Head of Service, Adults")
        );
        assert_ne!(
            lead_key("Ann Smith"),
            lead_key("Ann Smith, Head of Finance")
        );
        assert_eq!(lead_key("SMITH,  Ann."), "smith, ann");
        assert!(lead_matches("A Smith, Head of Finance", "a  smith"));
        assert!(!lead_matches("A Smithers", "a smith"));
    }
}
