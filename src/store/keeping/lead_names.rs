//! A milestone's leads: the names given checked as one person each, the
//! people found (or stored), and the milestone's leads written and read.

use super::*;

/// Refuses a lead's name a plan's Lead cell would read as several people
/// ("A Smith; B Jones", "A Smith / B Jones"): the export of such a name could
/// not be brought back as one person.
pub(in crate::store) fn check_one_lead(what: &str, name: &str) -> Result<()> {
    check_name(what, name)?;
    if name.is_empty() {
        return Err(Error::Invalid(format!("{what} must not be blank")));
    }
    let read_back = split_leads(name);
    if read_back.len() > 1 {
        return Err(Error::Invalid(format!(
            "{what} {name:?} reads as {} people in a plan's Lead cell ({}): give each lead on its own",
            read_back.len(),
            read_back
                .iter()
                .map(|lead| format!("{lead:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    if read_back != [name] {
        return Err(Error::Invalid(format!(
            "{what} {name:?} reads back from a plan's Lead cell as {:?}: give that name",
            read_back.first().map(String::as_str).unwrap_or("")
        )));
    }
    Ok(())
}

pub(super) fn tidy_leads(leads: &[String]) -> Result<Vec<String>> {
    let mut tidy: Vec<String> = Vec::new();
    for lead in leads {
        let name = display_name(lead);
        check_one_lead("--lead", &name)?;
        if !tidy.iter().any(|known| lead_key(known) == lead_key(&name)) {
            tidy.push(name);
        }
    }
    if tidy.is_empty() {
        return Err(Error::Invalid(
            "a milestone needs at least one lead (--lead NAME)".to_string(),
        ));
    }
    Ok(tidy)
}

/// Makes `names` the milestone's leads, in order: each the stored person with
/// that name's key (so "ann smith" is the Ann Smith already known), or a new one.
pub(super) fn write_leads(tx: &Connection, milestone_id: i64, names: &[String]) -> Result<()> {
    let people = names
        .iter()
        .map(|name| person_id(tx, name))
        .collect::<Result<Vec<_>>>()?;
    write_lead_people(tx, milestone_id, &people)
}

/// Makes these people (by id) the milestone's leads, in order.
pub(in crate::store) fn write_lead_people(
    tx: &Connection,
    milestone_id: i64,
    people: &[i64],
) -> Result<()> {
    tx.execute(
        "DELETE FROM milestone_lead WHERE milestone_id = ?1",
        [milestone_id],
    )?;
    for (position, person) in people.iter().enumerate() {
        tx.execute(
            "INSERT INTO milestone_lead (milestone_id, position, person_id) VALUES (?1, ?2, ?3)",
            params![milestone_id, position as i64 + 1, person],
        )?;
    }
    Ok(())
}

/// The id of the person `name` names (exactly, else by key), created when new.
pub(in crate::store) fn person_id(tx: &Connection, name: &str) -> Result<i64> {
    let key = lead_key(name);
    // The person of exactly this name first: an older database may hold two
    // people whose names share a key, and each must keep their own milestones.
    let found: Option<i64> = tx
        .query_row(
            "SELECT id FROM person WHERE name = ?1 OR name_key = ?2
              ORDER BY name = ?1 DESC, id LIMIT 1",
            params![name, &key],
            |row| row.get(0),
        )
        .optional()?;
    if let Some(id) = found {
        return Ok(id);
    }
    tx.execute(
        "INSERT INTO person (name, name_key) VALUES (?1, ?2)",
        params![name, key],
    )?;
    Ok(tx.last_insert_rowid())
}

/// The milestone's leads as stored, one name per line.
pub(in crate::store) fn leads_text(conn: &Connection, milestone_id: i64) -> Result<String> {
    Ok(conn.query_row(
        "SELECT coalesce(group_concat(p.name, char(10) ORDER BY ml.position), '')
           FROM milestone_lead ml JOIN person p ON p.id = ml.person_id
          WHERE ml.milestone_id = ?1",
        [milestone_id],
        |row| row.get(0),
    )?)
}
