//! The kinds of entry in a milestone's history, and the fields an edit changes.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};
use serde::Serialize;

/// What a history entry records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    /// A lead's progress report: RAG, status, comment or timeline.
    #[default]
    Update,
    /// The milestone was added after import.
    Add,
    /// One field of the milestone's wording or leads changed.
    Edit,
    /// The milestone was placed under another action.
    Move,
    /// The milestone was withdrawn, superseded or merged into another.
    Retire,
    /// An earlier entry is treated as never made.
    Retract,
}

impl EntryKind {
    /// The word stored and shown: "update", "retire".
    pub fn word(self) -> &'static str {
        match self {
            EntryKind::Update => "update",
            EntryKind::Add => "add",
            EntryKind::Edit => "edit",
            EntryKind::Move => "move",
            EntryKind::Retire => "retire",
            EntryKind::Retract => "retract",
        }
    }

    fn from_word(word: &str) -> Option<EntryKind> {
        [
            EntryKind::Update,
            EntryKind::Add,
            EntryKind::Edit,
            EntryKind::Move,
            EntryKind::Retire,
            EntryKind::Retract,
        ]
        .into_iter()
        .find(|kind| kind.word() == word)
    }
}

impl ToSql for EntryKind {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.word()))
    }
}

impl FromSql for EntryKind {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let word = value.as_str()?;
        EntryKind::from_word(word)
            .ok_or_else(|| FromSqlError::Other(format!("unknown entry kind {word:?}").into()))
    }
}

/// The part of a milestone an edit changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EditField {
    /// The milestone's own text.
    Milestone,
    /// The text of its improvement action (shared with the action's other milestones).
    Action,
    /// The name of its theme (shared with the theme's other milestones).
    Theme,
    /// The plan's own reference ("1.1").
    Reference,
    /// Who leads it: names one per line, in order.
    Leads,
}

impl EditField {
    /// The word stored and shown: "milestone", "leads".
    pub fn word(self) -> &'static str {
        match self {
            EditField::Milestone => "milestone",
            EditField::Action => "action",
            EditField::Theme => "theme",
            EditField::Reference => "reference",
            EditField::Leads => "leads",
        }
    }

    fn from_word(word: &str) -> Option<EditField> {
        [
            EditField::Milestone,
            EditField::Action,
            EditField::Theme,
            EditField::Reference,
            EditField::Leads,
        ]
        .into_iter()
        .find(|field| field.word() == word)
    }
}

impl ToSql for EditField {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(self.word()))
    }
}

impl FromSql for EditField {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let word = value.as_str()?;
        EditField::from_word(word)
            .ok_or_else(|| FromSqlError::Other(format!("unknown edited field {word:?}").into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_and_field_reads_back_from_its_word() {
        for kind in [
            EntryKind::Update,
            EntryKind::Add,
            EntryKind::Edit,
            EntryKind::Move,
            EntryKind::Retire,
            EntryKind::Retract,
        ] {
            assert_eq!(EntryKind::from_word(kind.word()), Some(kind));
        }
        for field in [
            EditField::Milestone,
            EditField::Action,
            EditField::Theme,
            EditField::Reference,
            EditField::Leads,
        ] {
            assert_eq!(EditField::from_word(field.word()), Some(field));
        }
        assert_eq!(EntryKind::from_word("delete"), None);
    }
}
