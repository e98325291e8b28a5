//! Matching a file's headers to the fields an import needs: case-insensitive,
//! with the synonyms councils use, and `--map 'Header=field'` for the rest.

use crate::error::{Problem, ReadingChoice};

/// One field an import reads, with the headers that name it.
#[derive(Debug, Clone, Copy)]
pub struct ColumnSpec<F> {
    /// The field.
    pub field: F,
    /// The field's name, as `--map` takes it.
    pub name: &'static str,
    /// The header as the tool writes it.
    pub header: &'static str,
    /// Other headers that mean the same, lower case.
    pub synonyms: &'static [&'static str],
    /// Whether a file without it is refused.
    pub required: bool,
}

/// A `--map 'Header=field'` argument, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderMapping {
    /// The header as written in the file.
    pub header: String,
    /// The field name.
    pub field: String,
}

impl std::str::FromStr for HeaderMapping {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.rsplit_once('=') {
            Some((header, field)) if !header.trim().is_empty() && !field.trim().is_empty() => {
                Ok(HeaderMapping {
                    header: header.trim().to_string(),
                    field: field.trim().to_lowercase(),
                })
            }
            _ => Err(format!(
                "{text:?} is not a mapping: expected 'Header=field'"
            )),
        }
    }
}

/// Normalises a header for matching: lower case, single spaces, no space
/// around '/', and "(s)" read as "s" ("Lead Officer(s)" is "lead officers").
pub fn normal(header: &str) -> String {
    header
        .to_lowercase()
        .replace("(s)", "s")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" /", "/")
        .replace("/ ", "/")
}

/// Which column (by index) holds each field. Fields absent from the file are None.
pub fn match_columns<F: Copy + PartialEq>(
    headers: &[String],
    specs: &[ColumnSpec<F>],
    mappings: &[HeaderMapping],
) -> Result<Vec<(F, Option<usize>)>, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut found: Vec<(F, Option<usize>)> = specs.iter().map(|s| (s.field, None)).collect();
    let field_names = || specs.iter().map(|s| s.name).collect::<Vec<_>>().join(", ");
    for (index, mapping) in mappings.iter().enumerate() {
        let earlier = &mappings[..index];
        if earlier
            .iter()
            .any(|m| normal(&m.header) == normal(&mapping.header))
        {
            problems.push(Problem::choice(ReadingChoice::HeaderMappedTwice {
                header: mapping.header.clone(),
            }));
        }
        if earlier.iter().any(|m| m.field == mapping.field) {
            problems.push(Problem::choice(ReadingChoice::FieldMappedTwice {
                field: mapping.field.clone(),
            }));
        }
        if !specs.iter().any(|s| s.name == mapping.field) {
            problems.push(Problem::choice(ReadingChoice::NotAField {
                header: mapping.header.clone(),
                field: mapping.field.clone(),
                fields: field_names(),
            }));
        }
        if !headers.iter().any(|h| normal(h) == normal(&mapping.header)) {
            problems.push(Problem::choice(ReadingChoice::MappedHeaderMissing {
                header: mapping.header.clone(),
                headers: quoted_list(headers),
            }));
        }
    }
    for (index, header) in headers.iter().enumerate() {
        let key = normal(header);
        let mapped = mappings
            .iter()
            .find(|m| normal(&m.header) == key)
            .and_then(|m| specs.iter().position(|s| s.name == m.field));
        let spec_index = mapped.or_else(|| {
            specs.iter().position(|s| {
                normal(s.header) == key || s.synonyms.iter().any(|syn| normal(syn) == key)
            })
        });
        let Some(spec_index) = spec_index else {
            continue; // an extra column: ignored
        };
        match found[spec_index].1 {
            None => found[spec_index].1 = Some(index),
            Some(first) => problems.push(Problem::file(format!(
                "two columns give the {} field: {:?} (column {}) and {:?} (column {}); remove one or rename it",
                specs[spec_index].name,
                headers[first],
                first + 1,
                header,
                index + 1
            ))),
        }
    }
    for (spec, (_, column)) in specs.iter().zip(&found) {
        if spec.required && column.is_none() {
            problems.push(Problem::choice(ReadingChoice::ColumnMissing {
                header: spec.header.to_string(),
                field: spec.name.to_string(),
                headers: quoted_list(headers),
            }));
        }
    }
    if problems.is_empty() {
        Ok(found)
    } else {
        Err(problems)
    }
}

/// The non-blank headers no field was read from, with their column index, in
/// file order: the columns an import leaves behind ("Commentary", "Start Date").
pub fn unmatched_headers<F>(
    headers: &[String],
    found: &[(F, Option<usize>)],
) -> Vec<(usize, String)> {
    headers
        .iter()
        .enumerate()
        .filter(|(index, header)| {
            !header.trim().is_empty() && !found.iter().any(|(_, column)| *column == Some(*index))
        })
        .map(|(index, header)| (index, header.clone()))
        .collect()
}

fn quoted_list(headers: &[String]) -> String {
    headers
        .iter()
        .map(|h| format!("{h:?}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPECS: [ColumnSpec<u8>; 2] = [
        ColumnSpec {
            field: 1,
            name: "leads",
            header: "Lead",
            synonyms: &["lead officer", "owner"],
            required: true,
        },
        ColumnSpec {
            field: 2,
            name: "comment",
            header: "Comment",
            synonyms: &["comment/rag", "update"],
            required: false,
        },
    ];

    fn headers(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn matches_synonyms_in_any_case_and_spacing() {
        let got = match_columns(
            &headers(&["x", "LEAD  OFFICER", "Comment / RAG"]),
            &SPECS,
            &[],
        );
        assert_eq!(got.unwrap(), vec![(1, Some(1)), (2, Some(2))]);
    }

    #[test]
    fn map_names_any_header() {
        let map = vec!["Accountable person=leads".parse().unwrap()];
        let got = match_columns(&headers(&["Accountable person"]), &SPECS, &map).unwrap();
        assert_eq!(got, vec![(1, Some(0)), (2, None)]);
    }

    #[test]
    fn refuses_missing_required_and_duplicated_columns() {
        let err = match_columns(&headers(&["Comment"]), &SPECS, &[]).unwrap_err();
        assert!(
            err[0].message.starts_with("no \"Lead\" column"),
            "{}",
            err[0].message
        );
        let err = match_columns(&headers(&["Lead", "Owner"]), &SPECS, &[]).unwrap_err();
        assert!(err[0].message.contains("two columns give the leads field"));
    }

    #[test]
    fn refuses_a_header_or_a_field_mapped_twice() {
        let map = vec![
            "Owner=leads".parse().unwrap(),
            "owner=comment".parse().unwrap(),
        ];
        let err = match_columns(&headers(&["Owner", "Notes"]), &SPECS, &map).unwrap_err();
        assert_eq!(
            err[0].choice,
            Some(Box::new(ReadingChoice::HeaderMappedTwice {
                header: "owner".to_string()
            }))
        );
        assert_eq!(
            err[0].message,
            "the header \"owner\" is mapped twice: map each header once"
        );
        let map = vec![
            "Owner=leads".parse().unwrap(),
            "Notes=leads".parse().unwrap(),
        ];
        let err = match_columns(&headers(&["Owner", "Notes"]), &SPECS, &map).unwrap_err();
        assert_eq!(
            err[0].choice,
            Some(Box::new(ReadingChoice::FieldMappedTwice {
                field: "leads".to_string()
            }))
        );
    }

    #[test]
    fn unmatched_headers_are_the_columns_left_behind() {
        let list = headers(&["Lead", "Commentary", "", "Start Date"]);
        let found = match_columns(&list, &SPECS, &[]).unwrap();
        assert_eq!(
            unmatched_headers(&list, &found),
            [(1, "Commentary".to_string()), (3, "Start Date".to_string())]
        );
    }

    #[test]
    fn refuses_bad_mappings() {
        assert!("nonsense".parse::<HeaderMapping>().is_err());
        let map = vec!["Lead=boss".parse().unwrap()];
        let err = match_columns(&headers(&["Lead"]), &SPECS, &map).unwrap_err();
        assert!(err[0].message.contains("\"boss\" is not a field"));
    }
}
