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

/// The identity of a lead: the name before any comma (a role after it stays
/// with the person but does not make another one), tidied, in lower case.
/// "ANN  SMITH.", "Ann Smith" and "Ann Smith, Head of Finance" are one person.
/// (So "Smith, Ann" would be keyed as "smith": plans write the name first.)
pub fn lead_key(name: &str) -> String {
    display_name(name.split(',').next().unwrap_or("")).to_lowercase()
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
            "Ann Smith, Head of Finance",
        ] {
            assert_eq!(lead_key(variant), "ann smith", "{variant:?}");
        }
        assert_eq!(display_name("Ann\u{a0}\u{a0}Smith ."), "Ann Smith");
        assert_eq!(display_name("G. Currie"), "G. Currie");
        assert_eq!(display_name(".."), "..", "punctuation alone is kept");
        assert_ne!(lead_key("Ann Smith"), lead_key("Anne Smith"));
    }
}
