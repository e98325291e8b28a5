//! Reading a self-evaluation return (CSV: Proposal, Rating, Evidence,
//! Improvement actions) into a draft, checking every row against the proposals.

use crate::error::{ImportError, Problem};
use crate::io::csvio::columns::{ColumnSpec, HeaderMapping, match_columns};
use crate::io::csvio::read::{Table, preview};
use crate::model::selfeval::proposals::{Proposal, find_proposal, unknown_proposal_message};
use crate::model::selfeval::rating::Rating;
use crate::model::selfeval::{Entry, SelfEvaluationDraft};

/// The fields of a self-evaluation row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelfEvaluationField {
    /// The MSG proposal id.
    Proposal,
    /// The partnership's rating.
    Rating,
    /// Evidence / notes.
    Evidence,
    /// Proposed improvement actions, one per line.
    Actions,
}

/// The self-evaluation columns with the synonyms the template and councils use.
pub fn self_evaluation_columns() -> Vec<ColumnSpec<SelfEvaluationField>> {
    use SelfEvaluationField::*;
    vec![
        ColumnSpec {
            field: Proposal,
            name: "proposal",
            header: "Proposal",
            synonyms: &[
                "proposal id",
                "msg proposal",
                "msg proposal id",
                "proposal number",
                "proposal no",
                "id",
            ],
            required: true,
        },
        ColumnSpec {
            field: Rating,
            name: "rating",
            header: "Rating",
            synonyms: &[
                "our rating",
                "self-evaluation rating",
                "self evaluation rating",
            ],
            required: true,
        },
        ColumnSpec {
            field: Evidence,
            name: "evidence",
            header: "Evidence",
            synonyms: &["evidence/notes", "evidence and notes", "notes"],
            required: false,
        },
        ColumnSpec {
            field: Actions,
            name: "actions",
            header: "Improvement actions",
            synonyms: &[
                "proposed improvement actions",
                "improvement action",
                "actions",
                "proposed actions",
            ],
            required: false,
        },
    ]
}

/// Splits an actions cell into actions: one per line, blank lines dropped, a
/// leading bullet ("- ", "• ", "* ") removed.
pub fn split_actions(cell: &str) -> Vec<String> {
    cell.lines()
        .map(|line| {
            let line = line.trim();
            let unbulleted = ["- ", "• ", "* ", "– "]
                .iter()
                .find_map(|bullet| line.strip_prefix(bullet));
            unbulleted.unwrap_or(line).trim().to_string()
        })
        .filter(|line| !line.is_empty())
        .collect()
}

/// Reads a return into a draft, reporting every bad cell: an unknown or
/// repeated proposal, a bad rating word, a rating for a proposal that is not
/// for local completion.
pub fn parse_self_evaluation(
    file: &str,
    table: &Table,
    mappings: &[HeaderMapping],
    proposals: &[Proposal],
) -> std::result::Result<SelfEvaluationDraft, ImportError> {
    let refuse = |problems| ImportError {
        file: file.to_string(),
        problems,
    };
    let columns =
        match_columns(&table.headers, &self_evaluation_columns(), mappings).map_err(refuse)?;
    if table.rows.is_empty() {
        return Err(refuse(vec![Problem::file(
            "the file has a header but no proposal rows below it",
        )]));
    }
    let column_of = |field: SelfEvaluationField| {
        columns
            .iter()
            .find(|(f, _)| *f == field)
            .and_then(|(_, index)| *index)
    };
    let header = |field: SelfEvaluationField| {
        column_of(field).map_or("", |index| table.headers[index].as_str())
    };
    let mut draft = SelfEvaluationDraft::default();
    let mut first_rows: Vec<(String, usize)> = Vec::new();
    let mut problems = Vec::new();
    for row in &table.rows {
        let cell = |field: SelfEvaluationField| {
            column_of(field).map_or("", |index| row.cells[index].trim())
        };
        let number = row.number;
        let before = problems.len();
        let proposal_cell = cell(SelfEvaluationField::Proposal);
        let proposal = if proposal_cell.is_empty() {
            problems.push(Problem::cell(
                number,
                header(SelfEvaluationField::Proposal),
                "is blank: expected an MSG proposal id such as 1.1",
            ));
            None
        } else {
            match find_proposal(proposals, proposal_cell) {
                Some(proposal) => Some(proposal),
                None => {
                    problems.push(Problem::cell(
                        number,
                        header(SelfEvaluationField::Proposal),
                        unknown_proposal_message(&preview(proposal_cell), proposals),
                    ));
                    None
                }
            }
        };
        if let Some(proposal) = proposal {
            match first_rows.iter().find(|(id, _)| *id == proposal.id) {
                Some((_, first)) => problems.push(Problem::cell(
                    number,
                    header(SelfEvaluationField::Proposal),
                    format!(
                        "repeats proposal {}, already given on row {first}: give each proposal once",
                        proposal.id
                    ),
                )),
                None => first_rows.push((proposal.id.clone(), number)),
            }
        }
        let rating_cell = cell(SelfEvaluationField::Rating);
        let rating = if rating_cell.is_empty() {
            None
        } else {
            match rating_cell.parse::<Rating>() {
                Ok(rating) => Some(rating),
                Err(error) => {
                    problems.push(Problem::cell(
                        number,
                        header(SelfEvaluationField::Rating),
                        error.to_string(),
                    ));
                    None
                }
            }
        };
        if let Some(proposal) = proposal
            && !proposal.local_completion
            && !rating_cell.is_empty()
        {
            problems.push(Problem::cell(
                number,
                header(SelfEvaluationField::Rating),
                format!(
                    "proposal {} is not for local completion: it takes no rating, so leave the cell blank (it holds {:?})",
                    proposal.id,
                    preview(rating_cell)
                ),
            ));
        }
        if problems.len() > before {
            continue;
        }
        if let Some(proposal) = proposal {
            draft.entries.push(Entry {
                proposal: proposal.id.clone(),
                rating,
                evidence: cell(SelfEvaluationField::Evidence).to_string(),
                actions: split_actions(cell(SelfEvaluationField::Actions)),
            });
        }
    }
    if problems.is_empty() {
        Ok(draft)
    } else {
        Err(refuse(problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::csvio::read::read_table;
    use crate::model::selfeval::proposals::msg_proposals;

    fn parse(text: &str) -> std::result::Result<SelfEvaluationDraft, ImportError> {
        let table = read_table("se.csv", text.as_bytes(), false).unwrap();
        parse_self_evaluation("se.csv", &table, &[], &msg_proposals().unwrap())
    }

    #[test]
    fn reads_template_headers_and_actions_one_per_line() {
        let draft = parse(
            "Proposal id,Our rating,Evidence / Notes,Proposed improvement actions\n\
             1.1,established,Good,\"- First\n\n• Second\"\n\
             Proposal 3.2,,National,\n",
        )
        .unwrap();
        assert_eq!(
            draft.entries,
            vec![
                Entry {
                    proposal: "1.1".into(),
                    rating: Some(Rating::Established),
                    evidence: "Good".into(),
                    actions: vec!["First".into(), "Second".into()],
                },
                Entry {
                    proposal: "3.2".into(),
                    rating: None,
                    evidence: "National".into(),
                    actions: vec![],
                },
            ]
        );
    }

    #[test]
    fn lists_every_problem_with_row_and_column() {
        let err = parse(
            "Proposal,Rating\n1.1,Established\n7.7,Established\n1.1,2\n3.2,Exemplary\n1.2,Great\n",
        )
        .unwrap_err();
        let found: Vec<(Option<usize>, Option<&str>)> = err
            .problems
            .iter()
            .map(|p| (p.row, p.column.as_deref()))
            .collect();
        assert_eq!(
            found,
            vec![
                (Some(3), Some("Proposal")),
                (Some(4), Some("Proposal")),
                (Some(5), Some("Rating")),
                (Some(6), Some("Rating")),
            ]
        );
        assert!(err.problems[1].message.contains("already given on row 2"));
        assert!(err.problems[2].message.contains("not for local completion"));
        assert!(
            err.problems[3]
                .message
                .starts_with("\"Great\" is not a rating")
        );
    }

    #[test]
    fn refuses_a_file_without_a_rating_column_or_rows() {
        assert!(parse("Proposal,Evidence\n1.1,x\n").is_err());
        assert!(parse("Proposal,Rating\n").is_err());
    }
}
