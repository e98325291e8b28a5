//! Where a milestone sits in its action: making room for it, and moving it.

use super::*;

/// Makes room at `after`'s place (or the end) of an action and returns the
/// position a milestone placed there takes. `moving` is the milestone being
/// placed when it is already stored (a move): its own position does not count.
pub(super) fn place_in_action(
    tx: &Connection,
    action_id: i64,
    after: Option<i64>,
    moving: Option<i64>,
) -> Result<i64> {
    let Some(after) = after else {
        return Ok(tx.query_row(
            "SELECT coalesce(max(position), 0) + 1 FROM milestone
              WHERE action_id = ?1 AND id IS NOT ?2",
            params![action_id, moving],
            |row| row.get(0),
        )?);
    };
    let position: Option<(i64, i64)> = tx
        .query_row(
            "SELECT action_id, position FROM milestone WHERE id = ?1",
            [after],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    let Some((after_action, after_position)) = position else {
        return Err(Error::UnknownMilestone(after));
    };
    if after_action != action_id {
        return Err(Error::PlacedAfterOtherAction { after });
    }
    // Shift the later ones up by one, through negative positions, so that no
    // two rows share a position on the way (UNIQUE (action_id, position)).
    tx.execute(
        "UPDATE milestone SET position = -position - 1 WHERE action_id = ?1 AND position > ?2",
        params![action_id, after_position],
    )?;
    tx.execute(
        "UPDATE milestone SET position = -position WHERE action_id = ?1 AND position < 0",
        [action_id],
    )?;
    Ok(after_position + 1)
}

/// Where a milestone sits, for a move's before and after: "Theme › Action,
/// after milestone 17" or "Theme › Action, first".
pub(super) fn place_words(tx: &Connection, milestone_id: i64) -> Result<String> {
    let (place, previous): (String, Option<i64>) = tx.query_row(
        "SELECT t.name || ' › ' || a.text,
                (SELECT p.id FROM milestone p
                  WHERE p.action_id = m.action_id AND p.position < m.position
                    AND p.retired_on IS NULL
                  ORDER BY p.position DESC LIMIT 1)
           FROM milestone m JOIN action a ON a.id = m.action_id
           JOIN theme t ON t.id = a.theme_id WHERE m.id = ?1",
        [milestone_id],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    Ok(match previous {
        Some(previous) => format!("{place}, after milestone {previous}"),
        None => format!("{place}, first"),
    })
}

pub(super) fn move_milestone(
    tx: &Connection,
    milestone_id: i64,
    action_id: i64,
    after: Option<i64>,
    attribution: &Attribution,
) -> Result<i64> {
    attribution.check(None)?;
    refuse_unless_changeable(tx, milestone_id, Some(attribution.on), "moved", "a move")?;
    if after == Some(milestone_id) {
        return Err(Error::PlacedAfterItself {
            milestone: milestone_id,
        });
    }
    let plan_id = plan_of(tx, milestone_id)?;
    let action_plan: Option<i64> = tx
        .query_row(
            "SELECT t.plan_id FROM action a JOIN theme t ON t.id = a.theme_id WHERE a.id = ?1",
            [action_id],
            |row| row.get(0),
        )
        .optional()?;
    if action_plan != Some(plan_id) {
        return Err(Error::Invalid(
            "a milestone moves only within its own plan".to_string(),
        ));
    }
    let detail: String = tx.query_row(
        "SELECT detail FROM milestone WHERE id = ?1",
        [milestone_id],
        |row| row.get(0),
    )?;
    refuse_repeated_text(tx, action_id, &detail, Some(milestone_id))?;
    let before = place_words(tx, milestone_id)?;
    // Parked where no milestone is (positions count from 1), so that making
    // room in the action cannot collide with it; place_in_action does not
    // count it.
    tx.execute(
        "UPDATE milestone SET position = 0 WHERE id = ?1",
        [milestone_id],
    )?;
    let position = place_in_action(tx, action_id, after, Some(milestone_id))?;
    tx.execute(
        "UPDATE milestone SET action_id = ?2, position = ?3 WHERE id = ?1",
        params![milestone_id, action_id, position],
    )?;
    let after_words = place_words(tx, milestone_id)?;
    if after_words == before {
        return Err(Error::Invalid(format!(
            "the move changes nothing: milestone {milestone_id} is already at {before}"
        )));
    }
    insert_entry(
        tx,
        milestone_id,
        EntryKind::Move,
        attribution,
        EntryFields {
            before: Some(&before),
            after: Some(&after_words),
            ..Default::default()
        },
    )
}
