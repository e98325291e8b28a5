//! Changes to the plan as committee asks (additions, edits, retirements,
//! moves, retractions, and changes to leads and plans): each is signed by
//! who made it and dated for a day that has come.
//!
//! [`attribution`], [`check_edit`] and [`check_move`] are the rules that need
//! no database: the command line runs them before opening the file, so a
//! refused change never touches it; each use case runs them again.

use chrono::NaiveDate;

use crate::app::dates::refuse_unlikely_date;
use crate::error::{Dated, Error, Field, Result};
use crate::model::{Milestone, Rag, Status, Target};
use crate::store::{Attribution, MilestoneEdit, NewMilestone, PlanChange, Store};

/// Who made a change and for which day, as the caller gives them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChangeBy {
    /// Who made the change (the committee, the officer).
    pub by: String,
    /// The day the change speaks for; by default today.
    pub on: Option<NaiveDate>,
    /// Accept a date before 2000 (refused otherwise as a likely typing slip).
    pub backdate: bool,
}

/// The attribution of a change, with its date checked: never after `today`,
/// nor before 2000 unless backdating is allowed; who made it a name (not
/// blank, no control characters or line breaks); the reason within a cell's
/// length. The name and reason are trimmed.
pub fn attribution(who: &ChangeBy, reason: Option<&str>, today: NaiveDate) -> Result<Attribution> {
    let on = who.on.unwrap_or(today);
    refuse_unlikely_date(Dated::PlanChange, on, today, who.backdate)?;
    if who.by.trim().is_empty() {
        return Err(Error::Blank { field: Field::By });
    }
    let signed = Attribution {
        by: who.by.trim().to_string(),
        on,
        reason: reason.map(|r| r.trim().to_string()),
    };
    signed.check(None)?;
    Ok(signed)
}

/// A milestone agreed at committee, as the caller asks for it.
#[derive(Debug, Clone, PartialEq)]
pub struct MilestoneToAdd {
    /// The plan; may be left out when the database holds one.
    pub plan: Option<String>,
    /// The theme: an existing one's name, or a new one.
    pub theme: String,
    /// The improvement action: an existing one's text under the theme, or a new one.
    pub action: String,
    /// The milestone's text.
    pub detail: String,
    /// Its leads, in order.
    pub leads: Vec<String>,
    /// Its target timeline.
    pub timeline: Target,
    /// Its RAG; by default not rated.
    pub rag: Option<Rag>,
    /// Its status; by default not started.
    pub status: Option<Status>,
    /// A first progress comment.
    pub comment: Option<String>,
    /// The plan's own reference for it ("4.3").
    pub reference: Option<String>,
    /// Place it after this milestone of the same action; by default at the end.
    pub after: Option<i64>,
}

/// A milestone as it was added, and whether its theme or action is new.
#[derive(Debug, Clone, PartialEq)]
pub struct AddedMilestone {
    /// The milestone added.
    pub milestone: Milestone,
    /// Whether its theme was made for it.
    pub new_theme: bool,
    /// Whether its action was made for it.
    pub new_action: bool,
}

/// Adds a milestone agreed at committee, signed by `who` (see [`attribution`]).
pub fn add_milestone(
    store: &mut Store,
    to_add: MilestoneToAdd,
    who: &ChangeBy,
    reason: Option<&str>,
    today: NaiveDate,
) -> Result<AddedMilestone> {
    let signed = attribution(who, reason, today)?;
    let plan = store.resolve_plan(to_add.plan.as_deref())?;
    let new = NewMilestone {
        plan_id: plan.id,
        theme: to_add.theme,
        action: to_add.action,
        detail: to_add.detail,
        leads: to_add.leads,
        timeline: to_add.timeline,
        status: to_add.status.unwrap_or(Status::NotStarted),
        rag: to_add.rag.unwrap_or(Rag::NotRated),
        comment: to_add.comment.unwrap_or_default(),
        reference: to_add.reference,
        after: to_add.after,
    };
    let id = single_change(store, PlanChange::Add(new, signed))?;
    let after = store.resolve_plan(Some(&plan.name))?;
    Ok(AddedMilestone {
        milestone: store.milestone(id)?,
        new_theme: after.themes > plan.themes,
        new_action: after.actions > plan.actions,
    })
}

/// A milestone before and after a change to it.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangedMilestone {
    /// The milestone as it was.
    pub before: Milestone,
    /// The milestone as it is now.
    pub after: Milestone,
}

/// Corrects a milestone's wording or leads, signed by `who`. Refuses an
/// edit that changes nothing.
pub fn edit_milestone(
    store: &mut Store,
    edit: MilestoneEdit,
    who: &ChangeBy,
    reason: Option<&str>,
    today: NaiveDate,
) -> Result<ChangedMilestone> {
    let signed = attribution(who, reason, today)?;
    check_edit(&edit)?;
    let milestone_id = edit.milestone_id;
    let before = store.milestone(milestone_id)?;
    single_change(store, PlanChange::Edit(edit, signed))?;
    Ok(ChangedMilestone {
        before,
        after: store.milestone(milestone_id)?,
    })
}

/// The rule of [`edit_milestone`] that needs no database: an edit must
/// change something.
pub fn check_edit(edit: &MilestoneEdit) -> Result<()> {
    let nothing = MilestoneEdit {
        milestone_id: edit.milestone_id,
        ..MilestoneEdit::default()
    };
    if *edit == nothing {
        return Err(Error::NothingToEdit);
    }
    Ok(())
}

/// A milestone retired, and from which day.
#[derive(Debug, Clone, PartialEq)]
pub struct RetiredMilestone {
    /// The milestone as it was before it was retired.
    pub milestone: Milestone,
    /// The day it is retired from.
    pub on: NaiveDate,
    /// The milestone it was merged into, if any.
    pub into: Option<i64>,
}

/// Retires a milestone the committee has withdrawn, superseded, or merged
/// into another (`into`), signed by `who` with the reason.
pub fn retire_milestone(
    store: &mut Store,
    milestone_id: i64,
    into: Option<i64>,
    who: &ChangeBy,
    reason: &str,
    today: NaiveDate,
) -> Result<RetiredMilestone> {
    let signed = attribution(who, Some(reason), today)?;
    let milestone = store.milestone(milestone_id)?;
    let on = signed.on;
    single_change(
        store,
        PlanChange::Retire {
            milestone_id,
            into,
            attribution: signed,
        },
    )?;
    Ok(RetiredMilestone {
        milestone,
        on,
        into,
    })
}

/// Where a milestone goes: under another action, after another milestone, or both.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MilestoneMove {
    /// The milestone.
    pub milestone_id: i64,
    /// The action it goes to, by its text; by default the action of `after`.
    pub to_action: Option<String>,
    /// The theme of `to_action`, when two themes have an action of that text.
    pub to_theme: Option<String>,
    /// Place it after this milestone; by default at the end of the action.
    pub after: Option<i64>,
}

/// Puts a milestone under another action of its plan, or in another place
/// in its own, signed by `who`. Refuses a move that says neither where.
pub fn move_milestone(
    store: &mut Store,
    to: MilestoneMove,
    who: &ChangeBy,
    reason: Option<&str>,
    today: NaiveDate,
) -> Result<ChangedMilestone> {
    check_move(&to)?;
    let action_named = to.to_action.as_deref();
    let signed = attribution(who, reason, today)?;
    let before = store.milestone(to.milestone_id)?;
    let plan_id = store.plan_of_milestone(to.milestone_id)?;
    let action_id = match (action_named, to.after) {
        (Some(action), _) => store.find_action(plan_id, to.to_theme.as_deref(), action)?,
        (None, Some(after)) => store.action_of_milestone(after)?,
        (None, None) => return Err(Error::NowhereToMove),
    };
    single_change(
        store,
        PlanChange::Move {
            milestone_id: to.milestone_id,
            action_id,
            after: to.after,
            attribution: signed,
        },
    )?;
    Ok(ChangedMilestone {
        before,
        after: store.milestone(to.milestone_id)?,
    })
}

/// The rule of [`move_milestone`] that needs no database: a move must say
/// where the milestone goes.
pub fn check_move(to: &MilestoneMove) -> Result<()> {
    if to.to_action.is_none() && to.after.is_none() {
        return Err(Error::NowhereToMove);
    }
    Ok(())
}

/// A history entry withdrawn, and the entry that withdrew it.
#[derive(Debug, Clone, PartialEq)]
pub struct Retraction {
    /// The entry withdrawn.
    pub entry: i64,
    /// The retraction's own history entry.
    pub retraction: i64,
    /// The milestone whose history it was, as it stands now.
    pub milestone: Milestone,
}

/// Withdraws a history entry recorded in error, signed by `who` with the reason.
pub fn retract_entry(
    store: &mut Store,
    entry: i64,
    who: &ChangeBy,
    reason: &str,
    today: NaiveDate,
) -> Result<Retraction> {
    let signed = attribution(who, Some(reason), today)?;
    let retraction = single_change(
        store,
        PlanChange::Retract {
            update_id: entry,
            attribution: signed,
        },
    )?;
    let milestone_id = store.milestone_of_entry(retraction)?;
    Ok(Retraction {
        entry,
        retraction,
        milestone: store.milestone(milestone_id)?,
    })
}

/// Records one change; returns the id it made.
fn single_change(store: &mut Store, change: PlanChange) -> Result<i64> {
    Ok(store.apply_changes(&[change])?[0])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::updates::tests::seeded_store;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("a test date")
    }

    fn by_officer_on(on: &str) -> ChangeBy {
        ChangeBy {
            by: " Chief Officer ".to_string(),
            on: Some(date(on)),
            backdate: false,
        }
    }

    #[test]
    fn a_library_caller_is_refused_a_change_dated_after_today() {
        let today = date("2020-02-18");
        let err = attribution(&by_officer_on("2020-02-19"), None, today).unwrap_err();
        assert!(
            matches!(
                err,
                Error::FutureDate { what: Dated::PlanChange, on, today: t }
                    if on == date("2020-02-19") && t == today
            ),
            "{err:?}"
        );
    }

    #[test]
    fn a_change_is_dated_today_by_default_and_its_text_trimmed() {
        let today = date("2020-02-18");
        let who = ChangeBy {
            on: None,
            ..by_officer_on("2020-02-18")
        };
        let signed = attribution(&who, Some(" Typo "), today).expect("an attribution");
        assert_eq!(
            signed,
            Attribution {
                by: "Chief Officer".to_string(),
                on: today,
                reason: Some("Typo".to_string()),
            }
        );
    }

    #[test]
    fn a_change_needs_who_made_it_and_a_plausible_date() {
        let today = date("2020-02-18");
        let nobody = ChangeBy {
            by: "  ".to_string(),
            ..by_officer_on("2020-02-18")
        };
        assert!(matches!(
            attribution(&nobody, None, today),
            Err(Error::Blank { field: Field::By })
        ));
        assert!(matches!(
            attribution(&by_officer_on("1999-12-31"), None, today),
            Err(Error::ImplausibleDate { .. })
        ));
    }

    #[test]
    fn a_library_caller_is_refused_a_retirement_dated_after_today() {
        let mut store = seeded_store();
        let today = date("2020-02-18");
        let err = retire_milestone(
            &mut store,
            4,
            None,
            &by_officer_on("2020-06-16"),
            "Superseded",
            today,
        )
        .unwrap_err();
        assert!(
            matches!(
                err,
                Error::FutureDate {
                    what: Dated::PlanChange,
                    ..
                }
            ),
            "{err:?}"
        );
        assert!(store.history(4).expect("a history").is_empty());
    }

    #[test]
    fn a_milestone_is_retired_from_the_day_given() {
        let mut store = seeded_store();
        let today = date("2020-02-18");
        let retired = retire_milestone(
            &mut store,
            4,
            None,
            &by_officer_on("2020-02-18"),
            "Superseded",
            today,
        )
        .expect("retired");
        assert_eq!(retired.on, today);
        assert_eq!(retired.milestone.id, 4);
    }

    #[test]
    fn an_edit_must_change_something_and_a_move_go_somewhere() {
        let mut store = seeded_store();
        let today = date("2020-02-18");
        let who = by_officer_on("2020-02-18");
        let nothing = MilestoneEdit {
            milestone_id: 4,
            ..MilestoneEdit::default()
        };
        assert!(matches!(
            edit_milestone(&mut store, nothing, &who, None, today),
            Err(Error::NothingToEdit)
        ));
        let nowhere = MilestoneMove {
            milestone_id: 4,
            ..MilestoneMove::default()
        };
        assert!(matches!(
            move_milestone(&mut store, nowhere, &who, None, today),
            Err(Error::NowhereToMove)
        ));
    }
}
