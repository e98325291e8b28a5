//! `actionplan show`: one milestone, its current state and its history.

use anyhow::Result;

use actionplan::app::show::{MilestoneDetail, milestone_detail};
use actionplan::model::Update;
use actionplan::model::{EditField, EntryKind};

use crate::cli::formats::{self, Format, FormatName};
use crate::cli::output::{print_json, print_line};
use crate::cli::{Context, Outcome};

/// Show one milestone and its history.
///
/// Show one milestone: where it sits in the plan, its current state, and every
/// update recorded against it, oldest first.
#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:\n  actionplan show 13\n  actionplan show 13 --format json")]
pub struct Args {
    /// The milestone's id (see `actionplan list`).
    pub id: i64,
    /// Output format: a readable card, or JSON with the whole history.
    #[arg(long, value_parser = formats::parser(SHOW_FORMATS), default_value = "text")]
    pub format: Format,
}

/// How `show` prints one milestone: a card has no rows to put in a CSV.
const SHOW_FORMATS: &[FormatName] = &[
    FormatName {
        name: "text",
        format: Format::Table,
        help: "A card for reading",
    },
    FormatName {
        name: "json",
        format: Format::Json,
        help: "JSON for programs",
    },
];

impl Args {
    /// Runs the command.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open_read_only()?;
        let detail = milestone_detail(&store, self.id)?;
        if self.format == Format::Json {
            print_json(&detail)?;
            return Ok(Outcome::Done);
        }
        for line in card_lines(&detail) {
            print_line(&line)?;
        }
        Ok(Outcome::Done)
    }
}

/// The card's lines: where the milestone sits, its state, when it was
/// added or retired, then its history.
fn card_lines(detail: &MilestoneDetail) -> Vec<String> {
    let record = &detail.record;
    let milestone = &detail.milestone;
    let due = match record.due {
        Some(due) => format!("due {due}"),
        None => "no target date".to_string(),
    };
    let mut lines = vec![
        format!("Milestone {}: {}", record.id, record.milestone),
        format!("  Plan:      {}", record.plan),
        format!("  Theme:     {}", record.theme),
        format!("  Action:    {}", record.action),
        format!("  Leads:     {}", record.leads.join("; ")),
    ];
    if let Some(reference) = &record.reference {
        lines.insert(1, format!("  Ref:       {reference}"));
    }
    if detail.retargeted() {
        lines.push(format!(
            "  Timeline:  {} ({due}; originally {})",
            record.timeline, milestone.imported_timeline
        ));
    } else {
        lines.push(format!("  Timeline:  {} ({due})", record.timeline));
    }
    lines.push(format!("  Status:    {}", record.status_shown()));
    lines.push(format!("  RAG:       {}", record.rag.label()));
    lines.push(format!("  Comment:   {}", record.comment));
    lines.push(match milestone.last_update_on {
        Some(date) => format!("  Updated:   {date}"),
        None => match milestone.added_on {
            Some(added) => format!("  Updated:   never (as added on {added})"),
            None => "  Updated:   never (as imported)".to_string(),
        },
    });
    for entry in detail.standing_entries() {
        match entry.kind {
            EntryKind::Add => lines.push(format!("  Added:     {}", entry.on)),
            EntryKind::Retire => lines.push(format!(
                "  Retired:   {} ({})",
                entry.on,
                entry.reason.as_deref().unwrap_or("no reason given")
            )),
            _ => {}
        }
    }
    lines.push(String::new());
    if detail.history.is_empty() {
        lines.push("No updates since import.".to_string());
    } else {
        lines.push(format!(
            "History ({}, oldest first; [entry id]):",
            entries_in_words(detail.history.len())
        ));
        for update in &detail.history {
            lines.push(format!("  {}", describe_update(update)));
        }
    }
    lines
}

/// "1 entry", "3 entries".
fn entries_in_words(count: usize) -> String {
    if count == 1 {
        "1 entry".to_string()
    } else {
        format!("{count} entries")
    }
}

/// One line for a history entry: "[214] 2020-03-02 by Ann Lead: RAG G; status complete".
pub fn describe_update(update: &Update) -> String {
    let by = update
        .by
        .as_deref()
        .map(|b| format!(" by {b}"))
        .unwrap_or_default();
    format!(
        "[{}] {}{by}: {}",
        update.update_id,
        update.on,
        describe_changes(update)
    )
}

/// What an entry recorded, in words: "RAG G; status complete; timeline Mar
/// 20 (reason)", "milestone text "…" -> "…"", "retired (reason)"; a
/// retracted entry ends "[retracted by entry N]".
pub fn describe_changes(update: &Update) -> String {
    let reason = || {
        update
            .reason
            .as_deref()
            .map(|reason| format!(" ({reason})"))
            .unwrap_or_default()
    };
    let mut words = match update.kind {
        EntryKind::Update => progress_changes(update),
        EntryKind::Add => format!("added to the plan{}", reason()),
        EntryKind::Edit => {
            let field = update.field.map_or("field", EditField::word);
            let value = |text: &Option<String>| {
                let text = text.as_deref().unwrap_or("");
                if update.field == Some(EditField::Leads) {
                    text.replace('\n', "; ")
                } else {
                    format!("{text:?}")
                }
            };
            format!(
                "{field} {} -> {}{}",
                value(&update.before),
                value(&update.after),
                reason()
            )
        }
        EntryKind::Move => format!(
            "moved from {:?} to {:?}{}",
            update.before.as_deref().unwrap_or(""),
            update.after.as_deref().unwrap_or(""),
            reason()
        ),
        EntryKind::Retire => {
            let into = update
                .merged_into
                .map(|into| format!(", merged into milestone {into}"))
                .unwrap_or_default();
            format!("retired{}{into}", reason())
        }
        EntryKind::Retract => format!(
            "retracted entry {}{}",
            update.retracts.unwrap_or_default(),
            reason()
        ),
    };
    if let Some(retraction) = update.retracted_by {
        words.push_str(&format!(" [retracted by entry {retraction}]"));
    }
    words
}

/// A progress update's changes: "RAG G; status complete; timeline Mar 20 (reason)".
fn progress_changes(update: &Update) -> String {
    let mut changes = Vec::new();
    if let Some(rag) = update.rag {
        changes.push(format!("RAG {rag}"));
    }
    if let Some(status) = update.status {
        changes.push(format!("status {status}"));
    }
    if let Some(timeline) = update.timeline {
        changes.push(format!(
            "timeline {timeline} ({})",
            update.reason.as_deref().unwrap_or("no reason given")
        ));
    }
    if let Some(comment) = &update.comment {
        changes.push(format!("comment {comment:?}"));
    }
    changes.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_every_change_and_who_made_it() {
        let update = Update {
            update_id: 1,
            milestone_id: 13,
            on: "2020-02-10".parse().unwrap(),
            recorded_at: String::new(),
            by: Some("Margaret French".into()),
            rag: Some("A".parse().unwrap()),
            status: None,
            comment: Some("Recruiting".into()),
            timeline: Some("Mar 20".parse().unwrap()),
            reason: Some("Target date moved".into()),
            ..Default::default()
        };
        assert_eq!(
            describe_update(&update),
            "[1] 2020-02-10 by Margaret French: RAG A; timeline Mar 20 (Target date moved); comment \"Recruiting\""
        );
    }
}
