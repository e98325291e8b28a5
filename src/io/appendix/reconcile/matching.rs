//! The matching steps: which row of the file is which milestone of the plan
//! (by reference, by text, a retired milestone, by position), and the
//! rewordings of themes and actions the matched rows show.

use super::*;

/// Step 1: a reference on exactly one row and exactly one milestone.
pub(super) fn match_by_reference(
    milestones: &[Milestone],
    rows: &[FileRow],
    matches: &mut [Option<(usize, MatchedBy)>],
    taken: &mut [bool],
) {
    let reference = |text: &Option<String>| {
        text.as_deref()
            .map(comparable)
            .filter(|reference| !reference.is_empty())
    };
    let plan_refs: Vec<Option<String>> =
        milestones.iter().map(|m| reference(&m.reference)).collect();
    let file_refs: Vec<Option<String>> = rows
        .iter()
        .map(|r| reference(&r.milestone.reference))
        .collect();
    if plan_refs.iter().all(Option::is_none) || file_refs.iter().all(Option::is_none) {
        return;
    }
    for (r, file_ref) in file_refs.iter().enumerate() {
        let Some(file_ref) = file_ref else { continue };
        let on_rows = file_refs
            .iter()
            .filter(|f| f.as_ref() == Some(file_ref))
            .count();
        let on_milestones: Vec<usize> = (0..milestones.len())
            .filter(|&m| plan_refs[m].as_ref() == Some(file_ref))
            .collect();
        if let [m] = on_milestones[..]
            && on_rows == 1
            && !taken[m]
        {
            matches[r] = Some((m, MatchedBy::Reference));
            taken[m] = true;
        }
    }
}

/// Step 2: the same theme, action and milestone text; then the same
/// milestone text alone, when only one row and one milestone have it.
pub(super) fn match_by_text(
    milestones: &[Milestone],
    rows: &[FileRow],
    matches: &mut [Option<(usize, MatchedBy)>],
    taken: &mut [bool],
) {
    let plan_details: Vec<String> = milestones.iter().map(|m| comparable(&m.detail)).collect();
    let row_details: Vec<String> = rows
        .iter()
        .map(|r| comparable(&r.milestone.detail))
        .collect();
    let plan_places: Vec<(String, String)> = milestones
        .iter()
        .map(|m| (comparable(&m.theme), comparable(&m.action)))
        .collect();
    let row_places: Vec<(String, String)> = rows
        .iter()
        .map(|r| (comparable(&r.theme), comparable(&r.action)))
        .collect();
    for r in 0..rows.len() {
        if matches[r].is_some() {
            continue;
        }
        let same: Vec<usize> = (0..milestones.len())
            .filter(|&m| {
                !taken[m] && plan_details[m] == row_details[r] && plan_places[m] == row_places[r]
            })
            .collect();
        if let [m] = same[..] {
            matches[r] = Some((m, MatchedBy::Text));
            taken[m] = true;
        }
    }
    for r in 0..rows.len() {
        if matches[r].is_some() {
            continue;
        }
        let same_rows = (0..rows.len())
            .filter(|&o| matches[o].is_none() && row_details[o] == row_details[r])
            .count();
        let same: Vec<usize> = (0..milestones.len())
            .filter(|&m| !taken[m] && plan_details[m] == row_details[r])
            .collect();
        if let [m] = same[..]
            && same_rows == 1
        {
            matches[r] = Some((m, MatchedBy::Text));
            taken[m] = true;
        }
    }
}

/// The rows no earlier step matched that are a retired milestone: for each
/// row, the index in `retired` of the milestone with its reference, else
/// with its theme, action and text, else with its text under its theme and
/// action as the file rewords them (`renames`; the theme only when the file
/// has a theme column), or under an action the plan does not have (the file
/// may reword an action whose only milestone was retired), compared as step 2
/// compares them. A row with a retired milestone's text under another of the
/// plan's actions is not that milestone.
pub(super) fn match_retired(
    milestones: &[Milestone],
    retired: &[RetiredMilestone],
    rows: &[FileRow],
    matches: &[Option<(usize, MatchedBy)>],
    renames: &Renames,
    columns: FileColumns,
) -> Vec<Option<usize>> {
    rows.iter()
        .zip(matches)
        .map(|(row, found)| {
            if found.is_some() {
                return None;
            }
            let reference = row
                .milestone
                .reference
                .as_deref()
                .map(comparable)
                .filter(|reference| !reference.is_empty());
            let detail = comparable(&row.milestone.detail);
            let theme = comparable(&row.theme);
            let action = comparable(&row.action);
            let same_reference = |m: &Milestone| {
                reference.is_some() && m.reference.as_deref().map(comparable) == reference
            };
            let same_text = |m: &Milestone| comparable(&m.detail) == detail;
            let same_place_and_text = |m: &Milestone| {
                same_text(m) && comparable(&m.theme) == theme && comparable(&m.action) == action
            };
            let an_action_of_the_plan = milestones.iter().any(|m| {
                comparable(&m.action) == action
                    || comparable(renames.action(&m.theme, &m.action)) == action
            });
            let under_its_place = |m: &Milestone| {
                let same_theme = !columns.theme
                    || comparable(&m.theme) == theme
                    || comparable(renames.theme(&m.theme)) == theme;
                let same_action = comparable(&m.action) == action
                    || comparable(renames.action(&m.theme, &m.action)) == action;
                (same_theme && same_action) || !an_action_of_the_plan
            };
            retired
                .iter()
                .position(|r| same_reference(&r.milestone))
                .or_else(|| {
                    retired
                        .iter()
                        .position(|r| same_place_and_text(&r.milestone))
                })
                .or_else(|| {
                    retired
                        .iter()
                        .position(|r| same_text(&r.milestone) && under_its_place(&r.milestone))
                })
        })
        .collect()
}

/// The plan positions strictly between which row `r` lies: those of the
/// milestones of the nearest matched rows above and below it.
pub(super) fn gap(
    matches: &[Option<(usize, MatchedBy)>],
    r: usize,
    milestone_count: usize,
) -> (usize, usize) {
    let above = matches[..r]
        .iter()
        .rev()
        .find_map(|m| m.map(|(m, _)| m + 1))
        .unwrap_or(0);
    let below = matches[r + 1..]
        .iter()
        .find_map(|m| m.map(|(m, _)| m))
        .unwrap_or(milestone_count);
    (above, below)
}

/// Step 3: a row between two matched rows, matched to the one similar
/// milestone between theirs, when no other unmatched row there is like it.
/// Rows that are a retired milestone (`retired_rows`) take no part.
pub(super) fn match_by_position(
    milestones: &[Milestone],
    rows: &[FileRow],
    retired_rows: &[Option<usize>],
    matches: &mut [Option<(usize, MatchedBy)>],
    taken: &mut [bool],
) {
    let similar = |r: usize, m: usize| {
        similarity(&rows[r].milestone.detail, &milestones[m].detail) >= SIMILAR_ENOUGH
    };
    for r in 0..rows.len() {
        if matches[r].is_some() || retired_rows[r].is_some() {
            continue;
        }
        let (from, to) = gap(matches, r, milestones.len());
        let candidates: Vec<usize> = (from..to.max(from))
            .filter(|&m| !taken[m] && similar(r, m))
            .collect();
        let [m] = candidates[..] else { continue };
        let rivals = (0..rows.len()).any(|o| {
            if o == r || matches[o].is_some() || retired_rows[o].is_some() {
                return false;
            }
            let (from, to) = gap(matches, o, milestones.len());
            (from..to).contains(&m) && similar(o, m)
        });
        if !rivals {
            matches[r] = Some((m, MatchedBy::Position));
            taken[m] = true;
        }
    }
}

/// The themes and actions the file rewords: a plan theme (or action) whose
/// matched rows all give one other text for it, when no other theme of the
/// plan (no other action of its theme) already reads so: rows giving the
/// name of another theme or action were moved there in the file, which
/// `--update` lists as not moved. Themes only when the file has them.
pub(super) struct Renames {
    /// Plan theme name -> the file's name for it.
    pub(super) themes: HashMap<String, String>,
    /// (plan theme, plan action) -> the file's text for the action.
    pub(super) actions: HashMap<(String, String), String>,
}

impl Renames {
    pub(super) fn find(
        milestones: &[Milestone],
        rows: &[FileRow],
        matches: &[Option<(usize, MatchedBy)>],
        columns: FileColumns,
    ) -> Renames {
        let mut theme_texts: HashMap<String, Vec<String>> = HashMap::new();
        let mut action_texts: HashMap<(String, String), Vec<String>> = HashMap::new();
        for (r, found) in matches.iter().enumerate() {
            let Some((m, _)) = found else { continue };
            let milestone = &milestones[*m];
            let texts = theme_texts.entry(milestone.theme.clone()).or_default();
            let theme = one_spaced(&rows[r].theme);
            if !texts.contains(&theme) {
                texts.push(theme);
            }
            let texts = action_texts
                .entry((milestone.theme.clone(), milestone.action.clone()))
                .or_default();
            let action = one_spaced(&rows[r].action);
            if !texts.contains(&action) {
                texts.push(action);
            }
        }
        let renamed = |now: &str, texts: Vec<String>| match &texts[..] {
            [one] if *one != one_spaced(now) => Some(one.clone()),
            _ => None,
        };
        let another_theme_has = |theme: &str, name: &str| {
            milestones
                .iter()
                .any(|m| m.theme != theme && comparable(&m.theme) == comparable(name))
        };
        let another_action_has = |(theme, action): &(String, String), text: &str| {
            milestones.iter().any(|m| {
                m.theme == *theme
                    && m.action != *action
                    && comparable(&m.action) == comparable(text)
            })
        };
        let themes = if columns.theme {
            theme_texts
                .into_iter()
                .filter_map(|(theme, texts)| renamed(&theme, texts).map(|new| (theme, new)))
                .filter(|(theme, new)| !another_theme_has(theme, new))
                .collect()
        } else {
            HashMap::new()
        };
        Renames {
            themes,
            actions: action_texts
                .into_iter()
                .filter_map(|(key, texts)| renamed(&key.1, texts).map(|new| (key, new)))
                .filter(|(key, new)| !another_action_has(key, new))
                .collect(),
        }
    }

    /// The theme's name once the file's rewording is recorded.
    pub(super) fn theme<'a>(&'a self, theme: &'a str) -> &'a str {
        self.themes.get(theme).map_or(theme, String::as_str)
    }

    /// The action's text once the file's rewording is recorded.
    pub(super) fn action<'a>(&'a self, theme: &str, action: &'a str) -> &'a str {
        self.actions
            .get(&(theme.to_string(), action.to_string()))
            .map_or(action, String::as_str)
    }
}
