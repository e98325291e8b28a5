//! A plan as read from a file, before it is stored.

use chrono::NaiveDate;

use crate::model::{Rag, Status, Target};

/// A whole plan in source order, ready to store.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PlanDraft {
    /// Themes ("Report Recommendations") in table order.
    pub themes: Vec<ThemeDraft>,
    /// Columns kept with `--keep-extra`, in file order (empty otherwise).
    pub extra_columns: Vec<ExtraColumn>,
    /// The last day of the current period, when the table rates several
    /// periods and the current one's header names a date.
    pub current_period_ends: Option<NaiveDate>,
}

/// A milestone's rating in an earlier period of a table that rates several.
#[derive(Debug, Clone, PartialEq)]
pub struct PeriodState {
    /// The last day of the period.
    pub ends: NaiveDate,
    /// The RAG then, if that period has a RAG column.
    pub rag: Option<Rag>,
    /// The status then, if that period has a status column.
    pub status: Option<Status>,
}

/// A column the tool has no field for, kept as it was ("Start Date").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraColumn {
    /// The header as written.
    pub header: String,
    /// The field whose column it followed in the file (`--map` name, such as
    /// "action"), or None when it came before every field: the export puts it
    /// back there.
    pub after_field: Option<String>,
}

/// One theme and its actions in table order.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeDraft {
    /// The recommendation as written.
    pub name: String,
    /// Its improvement actions.
    pub actions: Vec<ActionDraft>,
}

/// One improvement action and its milestones in table order.
#[derive(Debug, Clone, PartialEq)]
pub struct ActionDraft {
    /// The action as written.
    pub text: String,
    /// Its milestones.
    pub milestones: Vec<MilestoneDraft>,
}

/// One milestone row.
#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneDraft {
    /// The plan's own reference ("1.1"), if it has a reference column.
    pub reference: Option<String>,
    /// The milestone detail as written.
    pub detail: String,
    /// Named leads in the order the cell gave them.
    pub leads: Vec<String>,
    /// When it is due, or the word saying it has no date.
    pub timeline: Target,
    /// Where it stands.
    pub status: Status,
    /// The plan's word for the status ("On track"), when it gave one.
    pub status_word: Option<String>,
    /// The lead's rating.
    pub rag: Rag,
    /// The progress comment.
    pub comment: String,
    /// MSG proposal ids the row names (e.g. "2.3"), if the table has that column.
    pub proposals: Vec<String>,
    /// The row's value for each of the plan's extra columns, in their order.
    pub extras: Vec<String>,
    /// Earlier periods' ratings, oldest first (rag, status and the rest of
    /// the draft are the current period's).
    pub history: Vec<PeriodState>,
}

impl PlanDraft {
    /// Number of milestones in the draft.
    pub fn milestone_count(&self) -> usize {
        self.themes
            .iter()
            .flat_map(|theme| &theme.actions)
            .map(|action| action.milestones.len())
            .sum()
    }

    /// Number of improvement actions in the draft.
    pub fn action_count(&self) -> usize {
        self.themes.iter().map(|theme| theme.actions.len()).sum()
    }
}
