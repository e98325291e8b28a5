//! RAG (or status) for successive periods: "Q2", "Q3", "Previous period RAG" /
//! "Current period RAG", "RAG Feb 20", or "Status" and "BRAG" repeated under
//! banners such as "Previous Period September 2015" and "Current Period March
//! 2016". A column is a period only when its label reads as one (a quarter,
//! a month or date, or words such as "previous period"): "Risk RAG" is not,
//! and a plain "RAG" column is always the current one. The latest is the
//! current state; earlier ones with a readable date become dated history;
//! the rest, and any period after the current one, are listed as ignored.

use chrono::NaiveDate;

use crate::io::csvio::columns::HeaderMapping;
use crate::model::Timeline;

/// Which field a period column gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodField {
    /// A RAG rating.
    Rag,
    /// A status.
    Status,
}

/// An earlier period's column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodColumn {
    /// Its index in the table.
    pub index: usize,
    /// What it rates.
    pub field: PeriodField,
    /// The period as the file names it ("Q2 2019/20", "Previous Period September 2015").
    pub label: String,
    /// The last day of the period, when the label names one.
    pub ends: Option<NaiveDate>,
}

/// How the period columns of a table are read.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Periods {
    /// The headers to match fields against: the current period's column
    /// renamed to its field's header, earlier periods' columns blanked.
    pub headers: Vec<String>,
    /// Earlier periods with a date: imported as dated history.
    pub history: Vec<PeriodColumn>,
    /// Earlier periods without a date, and periods after the current one,
    /// by label: listed as ignored.
    pub undated: Vec<String>,
    /// The last day of the current period, when its label names one.
    pub current_ends: Option<NaiveDate>,
}

const RAG_WORDS: [&str; 7] = [
    "rag",
    "brag",
    "rag status",
    "rag rating",
    "brag status",
    "brag rating",
    "rating",
];
const STATUS_WORDS: [&str; 3] = ["status", "progress status", "current status"];

fn normal(text: &str) -> String {
    text.to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// "Q2", "Y2 Q3", "Q3 2019/20": a header that is only a period.
fn is_quarter_label(header: &str) -> bool {
    let words: Vec<&str> = header.split_whitespace().collect();
    let quarter = |w: &str| {
        w.len() == 2 && w.starts_with('q') && w[1..].chars().all(|c| ('1'..='4').contains(&c))
    };
    match words.as_slice() {
        [q] => quarter(q),
        [y, q] if y.starts_with('y') => quarter(q),
        [q, _year] => quarter(q),
        _ => false,
    }
}

/// Whether a label names a period: a quarter ("Q3", "Y2 Q3"), something read
/// as a timeline ("Feb 20", "September 2015"), or words such as "previous
/// period" or "current". "Risk" or "Finance" is not a period.
fn is_period_label(label: &str) -> bool {
    let label = normal(label);
    is_quarter_label(&label)
        || period_end(&label).is_some()
        || ["previous", "current", "last", "this", "prior", "period"]
            .iter()
            .any(|word| label.split_whitespace().any(|w| w == *word))
}

/// The field and period a header (with its banner) gives, if it is a period
/// column candidate: a RAG or status header with a period in it or above it,
/// or a plain one (empty label). "Risk RAG" is not a candidate: its other
/// words name no period, so it is a column with no field (listed as ignored).
fn candidate(header: &str, banner: &str) -> Option<(PeriodField, String)> {
    let h = normal(header);
    let field_of = |text: &str| {
        if RAG_WORDS.contains(&text) {
            Some(PeriodField::Rag)
        } else if STATUS_WORDS.contains(&text) {
            Some(PeriodField::Status)
        } else {
            None
        }
    };
    if let Some(field) = field_of(&h) {
        let banner = banner.trim();
        let label = if is_period_label(banner) { banner } else { "" };
        return Some((field, label.to_string()));
    }
    if is_quarter_label(&h) {
        return Some((PeriodField::Rag, header.trim().to_string()));
    }
    for word in RAG_WORDS {
        let rest = h
            .strip_prefix(&format!("{word} "))
            .or_else(|| h.strip_suffix(&format!(" {word}")));
        if let Some(rest) = rest {
            let offset = if h.starts_with(word) {
                word.len() + 1
            } else {
                0
            };
            let original = header.trim();
            let label = original[offset..offset + rest.len()].trim();
            return is_period_label(label).then(|| (PeriodField::Rag, label.to_string()));
        }
    }
    None
}

/// The last day of the period a label names: the label, or its longest
/// trailing words, read as a timeline ("Previous Period September 2015" ->
/// 30 Sep 2015, "RAG Feb 20" -> 29 Feb 2020). None for "Q2" or "previous".
pub fn period_end(label: &str) -> Option<NaiveDate> {
    let words: Vec<&str> = label.split_whitespace().collect();
    (0..words.len()).find_map(|start| {
        Timeline::parse(&words[start..].join(" "))
            .ok()
            .map(|t| t.due())
    })
}

/// The candidate whose label names the latest period end (the rightmost of
/// equals), if any names one.
fn latest_dated(candidates: &[(usize, String)]) -> Option<usize> {
    candidates
        .iter()
        .enumerate()
        .filter_map(|(position, (_, label))| period_end(label).map(|end| (end, position)))
        .max()
        .map(|(_, position)| position)
}

/// A header as the summary names it: "Banner / Header" under a banner.
pub fn shown_header(headers: &[String], banners: &[String], index: usize) -> String {
    match banners.get(index).map(|b| b.trim()) {
        Some(banner) if !banner.is_empty() => format!("{banner} / {}", headers[index]),
        _ => headers[index].clone(),
    }
}

/// Works out the period columns of a table. With one candidate per field
/// nothing changes. With several, the current one is the one `--map` names
/// for the field, else a plain "RAG" (or "Status") column, else the one
/// labelled "current", else the one naming the latest date, else the
/// rightmost not labelled previous, last or prior. A period that ends after
/// the current one is ignored (listed), never made history.
pub fn read_periods(headers: &[String], banners: &[String], mappings: &[HeaderMapping]) -> Periods {
    let mut periods = Periods {
        headers: headers.to_vec(),
        ..Default::default()
    };
    for field in [PeriodField::Rag, PeriodField::Status] {
        let candidates: Vec<(usize, String)> = headers
            .iter()
            .enumerate()
            .filter_map(|(index, header)| {
                let banner = banners.get(index).map_or("", String::as_str);
                candidate(header, banner)
                    .filter(|(f, _)| *f == field)
                    .map(|(_, label)| (index, label))
            })
            .collect();
        let labelled = candidates
            .iter()
            .filter(|(_, label)| !label.is_empty())
            .count();
        if candidates.len() < 2 || labelled == 0 {
            continue;
        }
        let field_name = match field {
            PeriodField::Rag => "rag",
            PeriodField::Status => "status",
        };
        let mapped = candidates.iter().position(|(index, _)| {
            mappings
                .iter()
                .any(|m| m.field == field_name && normal(&m.header) == normal(&headers[*index]))
        });
        let plain = candidates.iter().position(|(_, label)| label.is_empty());
        let current = mapped
            .or(plain)
            .or_else(|| {
                candidates
                    .iter()
                    .position(|(_, label)| normal(label).contains("current"))
            })
            .or_else(|| latest_dated(&candidates))
            .or_else(|| {
                candidates.iter().rposition(|(_, label)| {
                    let label = normal(label);
                    !["previous", "last", "prior"]
                        .iter()
                        .any(|word| label.contains(word))
                })
            })
            .unwrap_or(candidates.len() - 1);
        for (position, (index, label)) in candidates.iter().enumerate() {
            if position == current {
                if mapped.is_none() {
                    periods.headers[*index] = match field {
                        PeriodField::Rag => "RAG".to_string(),
                        PeriodField::Status => "Status".to_string(),
                    };
                }
                periods.current_ends = periods.current_ends.or(period_end(label));
                continue;
            }
            periods.headers[*index] = String::new();
            let current_ends = period_end(&candidates[current].1);
            match period_end(label) {
                Some(ends) if current_ends.is_some_and(|current| ends > current) => {
                    periods.undated.push(shown_header(headers, banners, *index));
                }
                Some(ends) => periods.history.push(PeriodColumn {
                    index: *index,
                    field,
                    label: label.clone(),
                    ends: Some(ends),
                }),
                None => periods.undated.push(shown_header(headers, banners, *index)),
            }
        }
    }
    periods
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn quarters_take_the_rightmost_as_current_and_date_the_rest_when_they_can() {
        let headers = list(&["Action", "Q2 2019/20", "Q3", "Q4 2019/20"]);
        let periods = read_periods(&headers, &list(&["", "", "", ""]), &[]);
        assert_eq!(periods.headers, ["Action", "", "", "RAG"]);
        assert_eq!(periods.history.len(), 1);
        assert_eq!(
            periods.history[0].ends,
            NaiveDate::from_ymd_opt(2019, 9, 30)
        );
        assert_eq!(periods.undated, ["Q3"]);
        assert_eq!(periods.current_ends, NaiveDate::from_ymd_opt(2020, 3, 31));
    }

    #[test]
    fn banners_tell_repeated_sub_headers_apart_and_current_wins_over_rightmost() {
        let headers = list(&["Action", "Status", "BRAG", "Status", "BRAG", "Notes"]);
        let banners = list(&[
            "",
            "Previous Period September 2015",
            "Previous Period September 2015",
            "Current Period March 2016",
            "Current Period March 2016",
            "",
        ]);
        let periods = read_periods(&headers, &banners, &[]);
        assert_eq!(
            periods.headers,
            ["Action", "", "", "Status", "RAG", "Notes"]
        );
        let ends: Vec<_> = periods.history.iter().map(|p| (p.field, p.ends)).collect();
        assert_eq!(
            ends,
            [
                (PeriodField::Rag, NaiveDate::from_ymd_opt(2015, 9, 30)),
                (PeriodField::Status, NaiveDate::from_ymd_opt(2015, 9, 30))
            ]
        );
        assert_eq!(periods.current_ends, NaiveDate::from_ymd_opt(2016, 3, 31));
    }

    #[test]
    fn named_rag_columns_and_map_choose_the_current_one() {
        let headers = list(&["Previous period RAG", "Current period RAG"]);
        let periods = read_periods(&headers, &list(&["", ""]), &[]);
        assert_eq!(periods.headers, ["", "RAG"]);
        assert_eq!(periods.undated, ["Previous period RAG"]);
    }

    #[test]
    fn regression_a_period_after_the_mapped_current_one_is_ignored_not_history() {
        let headers = list(&["RAG Feb 20", "RAG Jun 20"]);
        let map = vec!["RAG Feb 20=rag".parse().unwrap()];
        let periods = read_periods(&headers, &list(&["", ""]), &map);
        assert_eq!(periods.headers, ["RAG Feb 20", ""]);
        assert!(periods.history.is_empty());
        assert_eq!(periods.undated, ["RAG Jun 20"]);
    }

    #[test]
    fn regression_a_rag_column_naming_no_period_is_not_a_period() {
        let headers = list(&["RAG", "Risk RAG"]);
        let periods = read_periods(&headers, &list(&["", ""]), &[]);
        assert_eq!(periods.headers, headers, "Risk RAG is left unmatched");
        assert!(periods.history.is_empty() && periods.undated.is_empty());
        let headers = list(&["Previous period RAG", "RAG"]);
        let periods = read_periods(&headers, &list(&["", ""]), &[]);
        assert_eq!(periods.headers, ["", "RAG"], "plain RAG is current");
    }

    #[test]
    fn one_rag_column_is_left_alone() {
        let headers = list(&["RAG", "Status"]);
        let periods = read_periods(&headers, &list(&["", ""]), &[]);
        assert_eq!(periods.headers, headers);
        assert!(periods.history.is_empty());
    }
}
