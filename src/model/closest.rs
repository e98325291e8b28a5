//! The closest matches to a name nobody has: for "no lead named X" messages.
//!
//! Names are compared without regard to case or spaces first (so "marie moy"
//! and "MarieMoy" find "Marie Moy"), then by edit distance (strsim's
//! Levenshtein), keeping those within a third of the name's length.

/// Up to three known names closest to `wanted`, closest first.
pub fn closest_matches<'a>(wanted: &str, known: &'a [String]) -> Vec<&'a str> {
    let wanted = normalised(wanted);
    let limit = (wanted.chars().count() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = known
        .iter()
        .map(|name| {
            (
                strsim::levenshtein(&wanted, &normalised(name)),
                name.as_str(),
            )
        })
        .filter(|(distance, _)| *distance <= limit)
        .collect();
    scored.sort();
    scored.into_iter().take(3).map(|(_, name)| name).collect()
}

/// "did you mean \"Marie Moy\"? " (or "... or \"B\"? "), or nothing when none is close.
pub fn did_you_mean(wanted: &str, known: &[String]) -> String {
    let matches = closest_matches(wanted, known);
    if matches.is_empty() {
        return String::new();
    }
    let quoted: Vec<String> = matches.iter().map(|m| format!("{m:?}")).collect();
    format!("did you mean {}? ", quoted.join(" or "))
}

fn normalised(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leads() -> Vec<String> {
        ["Marie Moy", "Maggs Thomson", "Ross McGuffie", "Morag Dendy"]
            .map(String::from)
            .to_vec()
    }

    #[test]
    fn case_and_spaces_do_not_count_then_edit_distance_does() {
        assert_eq!(closest_matches("marie  moy", &leads()), ["Marie Moy"]);
        assert_eq!(
            closest_matches("Ross MacGuffie", &leads()),
            ["Ross McGuffie"]
        );
        assert_eq!(closest_matches("Zebedee", &leads()), Vec::<&str>::new());
        assert_eq!(
            did_you_mean("Mari Moy", &leads()),
            "did you mean \"Marie Moy\"? "
        );
        assert_eq!(did_you_mean("Zebedee", &leads()), "");
    }
}
