//! A milestone's leads: the names given checked as one person each, the
//! people found (or stored), and the milestone's leads written and read.

use super::*;

/// Refuses a lead's name a plan's Lead cell would read as several people
/// ("A Smith; B Jones", "A Smith / B Jones"): the export of such a name could
/// not be brought back as one person.
/// `field` says which name it is: a milestone's lead, a lead's new name,
/// the lead taking a milestone over.
pub(in crate::store) fn check_one_lead(field: Field, name: &str) -> Result<()> {
    check_field_name(field, name)?;
    if name.is_empty() {
        return Err(Error::Blank { field });
    }
    let read_back = split_leads(name);
    if read_back.len() > 1 {
        return Err(Error::TextRefused {
            field,
            fault: TextFault::ReadsAsSeveralLeads {
                value: name.to_string(),
                leads: read_back,
            },
        });
    }
    if read_back != [name] {
        return Err(Error::TextRefused {
            field,
            fault: TextFault::ReadsBackAs {
                value: name.to_string(),
                read_back: read_back.into_iter().next().unwrap_or_default(),
            },
        });
    }
    Ok(())
}

pub(super) fn tidy_leads(leads: &[String]) -> Result<Vec<String>> {
    let mut tidy: Vec<String> = Vec::new();
    for lead in leads {
        let name = display_name(lead);
        check_one_lead(Field::Lead, &name)?;
        if !tidy.iter().any(|known| lead_key(known) == lead_key(&name)) {
            tidy.push(name);
        }
    }
    if tidy.is_empty() {
        return Err(Error::LeadNeeded);
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
