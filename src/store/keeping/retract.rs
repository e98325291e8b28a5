//! Retractions: an entry treated as never made, and what that restores.

use super::*;

/// The leads a change of leads replaced, under the names they have now:
/// each name followed through the `lead rename`s recorded after the change.
/// A lead merged into another since is refused: restoring them would make
/// a new person of the old name, so `lead reassign` says who leads it.
pub(super) fn leads_named_now(
    tx: &Connection,
    entry_id: i64,
    leads: &str,
    since: &str,
) -> Result<String> {
    let changes: Vec<(String, String, String)> = tx
        .prepare(
            "SELECT kind, before, after FROM lead_name_change WHERE recorded_at > ?1 ORDER BY id",
        )?
        .query_map([since], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut named_now = Vec::new();
    for lead in leads.split('\n').filter(|name| !name.is_empty()) {
        let mut name = lead.to_string();
        for (kind, before, after) in &changes {
            if *before != name {
                continue;
            }
            if kind == "merge" {
                return Err(Error::Invalid(format!(
                    "entry {entry_id} replaced lead {lead:?}, who has been merged into {after:?} \
                     since: it is not retracted; say who leads it with actionplan lead reassign"
                )));
            }
            name = after.clone();
        }
        named_now.push(name);
    }
    Ok(named_now.join("\n"))
}

pub(super) fn retract(tx: &Connection, update_id: i64, attribution: &Attribution) -> Result<i64> {
    attribution.check(Some("a retraction"))?;
    let entry = tx
        .query_row(
            &format!(
                "SELECT {} FROM milestone_update u WHERE u.id = ?1",
                crate::store::updates::UPDATE_COLUMNS
            ),
            [update_id],
            crate::store::updates::update_from_row,
        )
        .optional()?
        .ok_or_else(|| {
            Error::Invalid(format!(
                "there is no history entry {update_id} (see `actionplan history`)"
            ))
        })?;
    if let Some(retraction) = entry.retracted_by {
        return Err(Error::Invalid(format!(
            "entry {update_id} was retracted already (entry {retraction})"
        )));
    }
    if attribution.on < entry.on {
        return Err(Error::Invalid(format!(
            "entry {update_id} speaks for {}: its retraction cannot be dated {}, before it",
            entry.on, attribution.on
        )));
    }
    let milestone_id = entry.milestone_id;
    match entry.kind {
        EntryKind::Retract => {
            return Err(Error::Invalid(format!(
                "entry {update_id} is itself a retraction, which is never retracted: \
                 record the entry it withdrew again instead"
            )));
        }
        EntryKind::Add => {
            return Err(Error::AdditionNotRetracted {
                entry: update_id,
                milestone: milestone_id,
            });
        }
        EntryKind::Move => {
            return Err(Error::Invalid(format!(
                "entry {update_id} moved milestone {milestone_id}: a move is not retracted; \
                 move it back with actionplan milestone move"
            )));
        }
        EntryKind::Update | EntryKind::Retire | EntryKind::Edit => {}
    }
    if entry.kind == EntryKind::Edit {
        refuse_if_retired(tx, milestone_id, "changed by retracting an edit")?;
        let field = entry
            .field
            .ok_or_else(|| Error::Invalid(format!("entry {update_id} names no edited field")))?;
        if matches!(field, EditField::Action | EditField::Theme) {
            // The action or theme is shared by its milestones, and may have
            // been reworded since through another of them, or the milestone
            // moved away from it: restoring the words here could overwrite
            // another action's. Rewording back is one more edit, and safe.
            return Err(Error::Invalid(format!(
                "entry {update_id} reworded the {} that milestone {milestone_id} sat under, which \
                 its other milestones share: it is not retracted; word it back with \
                 actionplan milestone edit {milestone_id} --{} TEXT",
                field.word(),
                field.word()
            )));
        }
        let later: Option<i64> = tx
            .query_row(
                "SELECT u.id FROM milestone_update u
                  WHERE u.milestone_id = ?1 AND u.kind = 'edit' AND u.field = ?2 AND u.id > ?3
                    AND NOT EXISTS (SELECT 1 FROM milestone_update r WHERE r.retracts = u.id)
                  ORDER BY u.id DESC LIMIT 1",
                params![milestone_id, field, update_id],
                |row| row.get(0),
            )
            .optional()?;
        if let Some(later) = later {
            return Err(Error::Invalid(format!(
                "the {} of milestone {milestone_id} was edited again later (entry {later}): \
                 retract that entry first",
                field.word()
            )));
        }
        let before = entry.before.clone().unwrap_or_default();
        if field == EditField::Milestone {
            let action_id: i64 = tx.query_row(
                "SELECT action_id FROM milestone WHERE id = ?1",
                [milestone_id],
                |row| row.get(0),
            )?;
            refuse_repeated_text(tx, action_id, &before, Some(milestone_id))?;
        }
        let before = match field {
            EditField::Leads => leads_named_now(tx, update_id, &before, &entry.recorded_at)?,
            _ => before,
        };
        if before == current_value(tx, milestone_id, field)? {
            return Err(Error::Invalid(format!(
                "retracting entry {update_id} would change nothing: milestone {milestone_id}'s {} \
                 would be restored to what it is now (a lead renamed since keeps their new \
                 name; rename back with actionplan lead rename)",
                field.word()
            )));
        }
        write_value(tx, milestone_id, field, &before)?;
    }
    let retraction = insert_entry(
        tx,
        milestone_id,
        EntryKind::Retract,
        attribution,
        EntryFields {
            retracts: Some(update_id),
            ..Default::default()
        },
    )?;
    match entry.kind {
        EntryKind::Update => refresh_current_state(tx, milestone_id)?,
        EntryKind::Retire => {
            let (action_id, detail): (i64, String) = tx.query_row(
                "SELECT action_id, detail FROM milestone WHERE id = ?1",
                [milestone_id],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )?;
            refuse_repeated_text(tx, action_id, &detail, Some(milestone_id))?;
            tx.execute(
                "UPDATE milestone SET retired_on = NULL WHERE id = ?1",
                [milestone_id],
            )?;
        }
        _ => {}
    }
    Ok(retraction)
}
