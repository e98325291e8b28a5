//! Each change as the one line `import --update` prints for it.

use super::*;

/// A text shortened to one line of at most 60 characters, for a change line.
pub fn short(text: &str) -> String {
    preview(&one_spaced(text))
}

/// Leads as a change line shows them: "Ann Lead; Bob Lead".
pub(super) fn leads_words(leads: &[String]) -> String {
    if leads.is_empty() {
        "none".to_string()
    } else {
        leads.join("; ")
    }
}

impl Change {
    /// The change as one line of the list `import --update` prints, such as
    /// `milestone 4 "Structures agreed": RAG A -> G`. (A command line words
    /// a milestone not moved, or one missing and kept, with its own flags.)
    pub fn line(&self) -> String {
        match self {
            Change::Update {
                milestone_id,
                detail,
                rag,
                status,
                comment,
                timeline,
                ..
            } => {
                let mut parts = Vec::new();
                if let Some(rag) = rag {
                    parts.push(format!(
                        "RAG {} -> {}",
                        rag.before.label(),
                        rag.after.label()
                    ));
                }
                if let Some(status) = status {
                    parts.push(format!("status {} -> {}", status.before, status.after));
                }
                if let Some(timeline) = timeline {
                    parts.push(format!(
                        "timeline {} -> {}",
                        timeline.before, timeline.after
                    ));
                }
                if let Some(comment) = comment {
                    parts.push(format!(
                        "comment {:?} -> {:?}",
                        short(&comment.before),
                        short(&comment.after)
                    ));
                }
                format!(
                    "milestone {milestone_id} {:?}: {}",
                    short(detail),
                    parts.join(", ")
                )
            }
            Change::Edit {
                milestone_id,
                detail,
                new_detail,
                reference,
                leads,
                action,
                theme,
                ..
            } => {
                let mut parts = Vec::new();
                if let Some(text) = new_detail {
                    parts.push(format!("text -> {:?}", short(&text.after)));
                }
                if let Some(reference) = reference {
                    parts.push(format!(
                        "reference {:?} -> {:?}",
                        reference.before, reference.after
                    ));
                }
                if let Some(leads) = leads {
                    parts.push(format!(
                        "leads {} -> {}",
                        leads_words(&leads.before),
                        leads_words(&leads.after)
                    ));
                }
                if let Some(action) = action {
                    parts.push(format!(
                        "action {:?} -> {:?}",
                        short(&action.before),
                        short(&action.after)
                    ));
                }
                if let Some(theme) = theme {
                    parts.push(format!(
                        "theme {:?} -> {:?}",
                        short(&theme.before),
                        short(&theme.after)
                    ));
                }
                format!(
                    "milestone {milestone_id} {:?}: {}",
                    short(detail),
                    parts.join(", ")
                )
            }
            Change::Add {
                row,
                theme,
                action,
                milestone,
                after,
            } => {
                let place = match after {
                    Some(id) => format!(", after milestone {id}"),
                    None => String::new(),
                };
                format!(
                    "add row {row} {:?} under {:?} › {:?}{place}",
                    short(&milestone.detail),
                    short(theme),
                    short(action)
                )
            }
            Change::CannotMatch {
                row,
                detail,
                closest,
            } => {
                let like = match closest {
                    Some((id, text)) => {
                        format!(" (like milestone {id} {:?}; not added)", short(text))
                    }
                    None => " (not added)".to_string(),
                };
                format!("cannot match row {row} {:?}{like}", short(detail))
            }
            Change::NotMoved {
                row,
                milestone_id,
                detail,
                theme,
                action,
            } => format!(
                "not moved: milestone {milestone_id} {:?} is under {:?} › {:?} in row {row} (reconciling does not move milestones: move it on its own)",
                short(detail),
                short(theme),
                short(action)
            ),
            Change::Blocked { row, detail, why } => {
                format!("cannot record row {row} {:?}: {why}", short(detail))
            }
            Change::Retired {
                row,
                detail,
                milestone_id,
                retired_on,
            } => format!(
                "retired: row {row} {:?} is milestone {milestone_id}, retired on {retired_on} \
                 (not added; retract its retirement to bring it back)",
                short(detail)
            ),
            Change::Missing {
                milestone_id,
                detail,
                maybe_row: None,
            } => format!("missing {milestone_id} {:?} (kept)", short(detail)),
            Change::Missing {
                milestone_id,
                detail,
                maybe_row: Some(row),
            } => format!(
                "missing {milestone_id} {:?} (kept: row {row} may be it)",
                short(detail)
            ),
        }
    }
}
