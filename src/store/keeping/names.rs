//! Looking up a plan's themes and actions by name, and refusing a change
//! that would leave two of them (or two milestones of an action) alike.

use super::*;

/// The first of `(id, text)` rows whose text is `wanted` as `comparable` sees it.
pub(super) fn first_matching(rows: Vec<(i64, String)>, wanted: &str) -> Option<i64> {
    let wanted = comparable(wanted);
    rows.into_iter()
        .find(|(_, text)| comparable(text) == wanted)
        .map(|(id, _)| id)
}

/// The id of the theme of `plan_id` named `name` (in any case and spacing),
/// or of a new one at the end of the plan.
pub(super) fn theme_named(tx: &Connection, plan_id: i64, name: &str) -> Result<i64> {
    let themes = tx
        .prepare("SELECT id, name FROM theme WHERE plan_id = ?1 ORDER BY position")?
        .query_map([plan_id], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if let Some(id) = first_matching(themes, name) {
        return Ok(id);
    }
    tx.execute(
        "INSERT INTO theme (plan_id, position, name)
         VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM theme WHERE plan_id = ?1), ?2)",
        params![plan_id, name],
    )?;
    Ok(tx.last_insert_rowid())
}

/// The id of the action of `theme_id` with this text (in any case and
/// spacing), or of a new one at the end of the theme.
pub(super) fn action_named(tx: &Connection, theme_id: i64, text: &str) -> Result<i64> {
    let actions = tx
        .prepare("SELECT id, text FROM action WHERE theme_id = ?1 ORDER BY position")?
        .query_map([theme_id], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if let Some(id) = first_matching(actions, text) {
        return Ok(id);
    }
    tx.execute(
        "INSERT INTO action (theme_id, position, text)
         VALUES (?1, (SELECT coalesce(max(position), 0) + 1 FROM action WHERE theme_id = ?1), ?2)",
        params![theme_id, text],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Whether an edit's new value is what the field holds: leads are the same
/// people when their keys match in order ("ross mcguffie" is Ross McGuffie).
pub(super) fn same_value(field: EditField, before: &str, after: &str) -> bool {
    if field == EditField::Leads {
        let keys = |text: &str| text.split('\n').map(lead_key).collect::<Vec<_>>();
        keys(before) == keys(after)
    } else {
        before == after
    }
}

/// Refuses a name the plan would then hold twice where the importer
/// forbids it (and an exported appendix could not be read back): a theme
/// named like another theme of the plan, an action worded like another of
/// its theme, a milestone worded like another of its action.
pub(super) fn refuse_duplicate_name(
    tx: &Connection,
    milestone_id: i64,
    field: EditField,
    value: &str,
) -> Result<()> {
    let (action_id, theme_id, plan_id): (i64, i64, i64) = tx.query_row(
        "SELECT m.action_id, a.theme_id, t.plan_id FROM milestone m
           JOIN action a ON a.id = m.action_id JOIN theme t ON t.id = a.theme_id
          WHERE m.id = ?1",
        [milestone_id],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
    )?;
    let (sql, parent, own, what): (&str, i64, i64, &str) = match field {
        EditField::Milestone => {
            return refuse_repeated_text(tx, action_id, value, Some(milestone_id));
        }
        EditField::Action => (
            "SELECT id, text FROM action WHERE theme_id = ?1",
            theme_id,
            action_id,
            "another action of its theme",
        ),
        EditField::Theme => (
            "SELECT id, name FROM theme WHERE plan_id = ?1",
            plan_id,
            theme_id,
            "another theme of the plan",
        ),
        EditField::Reference | EditField::Leads => return Ok(()),
    };
    let siblings = tx
        .prepare(sql)?
        .query_map([parent], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if siblings
        .iter()
        .any(|(id, text)| *id != own && comparable(text) == comparable(value))
    {
        return Err(Error::Invalid(format!(
            "{what} already reads {value:?}: to put the milestone there, use `actionplan milestone move`"
        )));
    }
    Ok(())
}

/// Refuses a milestone text another milestone of the action (not retired,
/// and not `except`) already has.
pub(super) fn refuse_repeated_text(
    tx: &Connection,
    action_id: i64,
    detail: &str,
    except: Option<i64>,
) -> Result<()> {
    let others = tx
        .prepare(
            "SELECT id, detail FROM milestone
              WHERE action_id = ?1 AND retired_on IS NULL AND id IS NOT ?2",
        )?
        .query_map(params![action_id, except], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    match first_matching(others, detail) {
        Some(other) => Err(Error::Invalid(format!(
            "milestone {other} of that action already reads {detail:?}: one action does not list a milestone twice"
        ))),
        None => Ok(()),
    }
}
