//! The fields of an appendix row and the column headers councils use for
//! each: the one list both the importer and the exporter read.

use crate::io::csvio::columns::ColumnSpec;

/// The fields of an appendix row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppendixField {
    /// The plan's own reference ("1.1", optional).
    Reference,
    /// Report Recommendation (the theme).
    Theme,
    /// Improvement Action.
    Action,
    /// Milestone detail.
    Milestone,
    /// Lead(s).
    Leads,
    /// Timeline.
    Timeline,
    /// Comment.
    Comment,
    /// RAG.
    Rag,
    /// Status (optional).
    Status,
    /// MSG proposal ids (optional).
    Proposals,
}

/// The appendix columns with the synonyms councils use.
pub fn appendix_columns() -> Vec<ColumnSpec<AppendixField>> {
    use AppendixField::*;
    vec![
        ColumnSpec {
            field: Reference,
            name: "reference",
            header: "Ref",
            synonyms: &[
                "ref.",
                "ref no",
                "ref no.",
                "reference",
                "no.",
                "no",
                "id",
                "number",
            ],
            required: false,
        },
        ColumnSpec {
            field: Theme,
            name: "theme",
            header: "Report Recommendation",
            synonyms: &[
                "recommendation",
                "recommendations",
                "report recommendations",
                "theme",
                "outcome",
                "outcomes",
                "objective",
                "objectives",
            ],
            required: false,
        },
        ColumnSpec {
            field: Action,
            name: "action",
            header: "Improvement Action",
            synonyms: &[
                "action",
                "improvement actions",
                "actions",
                "key action",
                "key actions",
                "action required",
                "actions required",
            ],
            required: true,
        },
        ColumnSpec {
            field: Milestone,
            name: "milestone",
            header: "Milestone detail",
            synonyms: &["milestone", "milestones", "milestone details"],
            required: false,
        },
        ColumnSpec {
            field: Leads,
            name: "leads",
            header: "Lead",
            synonyms: &[
                "leads",
                "lead officer",
                "lead officers",
                "responsible officer",
                "responsible officers",
                "responsible",
                "responsibility",
                "owner",
                "lead person",
            ],
            required: true,
        },
        ColumnSpec {
            field: Timeline,
            name: "timeline",
            header: "Timeline",
            synonyms: &[
                "timescale",
                "timescales",
                "target date",
                "due date",
                "deadline",
                "completion date",
                "target completion date",
                "by when",
            ],
            required: true,
        },
        ColumnSpec {
            field: Comment,
            name: "comment",
            header: "Comment/RAG",
            synonyms: &[
                "comment",
                "comments",
                "update",
                "progress",
                "progress update",
                "latest update",
                "progress to date",
                "progress comments",
            ],
            required: false,
        },
        ColumnSpec {
            field: Rag,
            name: "rag",
            header: "RAG",
            synonyms: &[
                "rag status",
                "rag rating",
                "brag",
                "brag status",
                "brag rating",
            ],
            required: false,
        },
        ColumnSpec {
            field: Status,
            name: "status",
            header: "Status",
            synonyms: &["progress status", "current status"],
            required: false,
        },
        ColumnSpec {
            field: Proposals,
            name: "proposals",
            header: "MSG proposal",
            synonyms: &["msg proposals", "proposal", "proposals"],
            required: false,
        },
    ]
}
