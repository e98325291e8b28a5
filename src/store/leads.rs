//! Leads across the plans: how many milestones each person leads, names that
//! are likely one person, and correcting who leads what.
//!
//! A person is named on the command line by their stored name, or else by
//! the name's key ([`lead_key`]: case, spacing and trailing punctuation do
//! not matter). The stored name comes first so that two people who share a
//! key, as a database from before keys were kept may hold ("ann smith" and
//! "Ann  Smith."), can still be told apart and merged.
//!
//! Every change is one transaction and one `edit` entry of field `leads` in
//! the history of each milestone it changes, with the leads before and
//! after, who, when and why. Retired milestones are left as they were (a
//! rename still shows the new spelling on them, since it is the same person).
//! The keeping layer's leads edit finds people by key alone, so these
//! changes write a milestone's leads by person id and record the entry with
//! the keeping layer's own `insert_entry`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use super::keeping::{EntryFields, insert_entry, leads_text, person_id};
use super::{Attribution, MilestoneFilter, Store};
use crate::error::{Error, Field, Result};
use crate::model::closest::did_you_mean;
use crate::model::lead::{display_name, lead_key};
use crate::model::{EditField, EntryKind, Status};

/// How many milestones one person leads, by state on a date.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LeadLoad {
    /// The person's stored name.
    pub name: String,
    /// Open (not started or in progress), overdue ones included.
    pub open: usize,
    /// Open and due before the date.
    pub overdue: usize,
    /// Complete.
    pub complete: usize,
    /// Closed (withdrawn, superseded, merged as the plan says).
    pub closed: usize,
}

impl LeadLoad {
    /// Every milestone counted: open, complete and closed.
    pub fn total(&self) -> usize {
        self.open + self.complete + self.closed
    }
}

/// Stored names that are likely one person (see [`likeness_key`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LikelyDuplicates {
    /// The names, in name order.
    pub names: Vec<String>,
    /// The name to merge the others into: the one leading the most
    /// milestones (on a tie, the one stored first).
    pub keep: String,
}

/// What a change of leads did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadsChanged {
    /// The stored name changed, merged or replaced.
    pub from: String,
    /// The name it became, or the person now leading instead.
    pub to: String,
    /// The milestones whose leads changed (each with a history entry).
    pub milestones: Vec<i64>,
}

/// The key that finds likely duplicates: only the name's letters and digits,
/// in lower case. Looser than [`lead_key`] (which is who a person *is*): it
/// also ignores punctuation anywhere and all spaces, so "Ann  Smith.", "ann
/// smith", "A.Smith"/"A. Smith" and "O'Neil"/"ONeil" each come together. It
/// only suggests; people are merged only when someone says so.
pub fn likeness_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

impl Store {
    /// Each person leading a milestone read with `plan_id` (every plan: not
    /// archived ones, unless included) in the plan on `as_of`, with their
    /// milestones counted by state on that day (history replayed, as the
    /// reports do); retired milestones are not counted. Sorted by name,
    /// ignoring case.
    pub fn lead_loads(&self, plan_id: Option<i64>, as_of: NaiveDate) -> Result<Vec<LeadLoad>> {
        let milestones = self.milestones_as_of(
            &MilestoneFilter {
                plan_id,
                ..Default::default()
            },
            as_of,
        )?;
        let mut loads: BTreeMap<(String, String), LeadLoad> = BTreeMap::new();
        for milestone in &milestones {
            for lead in &milestone.leads {
                let load = loads
                    .entry((lead.to_lowercase(), lead.clone()))
                    .or_insert_with(|| LeadLoad {
                        name: lead.clone(),
                        ..Default::default()
                    });
                match milestone.status {
                    Status::NotStarted | Status::InProgress => {
                        load.open += 1;
                        if milestone.is_overdue(as_of) {
                            load.overdue += 1;
                        }
                    }
                    Status::Complete => load.complete += 1,
                    Status::Closed => load.closed += 1,
                }
            }
        }
        Ok(loads.into_values().collect())
    }

    /// Groups of two or more people leading a milestone not retired (in any
    /// plan) whose names share a [`likeness_key`], in name order: each one a
    /// `lead merge` would accept.
    pub fn likely_duplicate_leads(&self) -> Result<Vec<LikelyDuplicates>> {
        let mut statement = self.conn().prepare(
            "SELECT p.name, count(ml.milestone_id) FROM person p
               JOIN milestone_lead ml ON ml.person_id = p.id
               JOIN milestone m ON m.id = ml.milestone_id AND m.retired_on IS NULL
              GROUP BY p.id ORDER BY p.id",
        )?;
        let people = statement
            .query_map([], |row| {
                Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        // Stored order within a group: the first one stored wins a tie.
        let mut groups: BTreeMap<String, Vec<(String, i64)>> = BTreeMap::new();
        for (name, led) in people {
            groups
                .entry(likeness_key(&name))
                .or_default()
                .push((name, led));
        }
        let mut found: Vec<LikelyDuplicates> = groups
            .into_values()
            .filter(|group| group.len() > 1)
            .map(|group| {
                let most = group.iter().map(|(_, led)| *led).max().unwrap_or(0);
                let keep = group
                    .iter()
                    .find(|(_, led)| *led == most)
                    .map(|(name, _)| name.clone())
                    .unwrap_or_default();
                let mut names: Vec<String> = group.into_iter().map(|(name, _)| name).collect();
                names.sort_by_key(|name| (name.to_lowercase(), name.clone()));
                LikelyDuplicates { names, keep }
            })
            .collect();
        found.sort_by_key(|group| group.names.first().map(|n| (n.to_lowercase(), n.clone())));
        Ok(found)
    }

    /// The `lead rename`s recorded after `after` (an RFC 3339 timestamp,
    /// such as a cycle's `created_at`) and, when given, not after `until`,
    /// oldest first: (the name before, the name after). Applied in turn to
    /// the leads of a cycle taken at `after`, they give the names those
    /// people had at `until` (or now).
    pub fn lead_renames(&self, after: &str, until: Option<&str>) -> Result<Vec<(String, String)>> {
        let mut statement = self.conn().prepare(
            "SELECT before, after FROM lead_name_change
              WHERE kind = 'rename' AND recorded_at > ?1 AND (?2 IS NULL OR recorded_at <= ?2)
              ORDER BY id",
        )?;
        let renames = statement
            .query_map(params![after, until], |row| Ok((row.get(0)?, row.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(renames)
    }

    /// How many of these milestones each plan holds, in plan order: (plan
    /// name, whether it is archived, count). One query, for the message of
    /// a lead change that may reach several plans.
    pub fn milestones_per_plan(&self, ids: &[i64]) -> Result<Vec<(String, bool, usize)>> {
        let ids = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        let mut statement = self.conn().prepare(
            "SELECT p.name, p.archived_on IS NOT NULL, count(*)
               FROM milestone m JOIN action a ON a.id = m.action_id
               JOIN theme t ON t.id = a.theme_id JOIN plan p ON p.id = t.plan_id
              WHERE m.id IN (SELECT value FROM json_each('[' || ?1 || ']'))
              GROUP BY p.id ORDER BY p.id",
        )?;
        let counts = statement
            .query_map([ids], |row| {
                Ok((row.get(0)?, row.get(1)?, row.get::<_, i64>(2)? as usize))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(counts)
    }

    /// Corrects the spelling of one person everywhere: `old` (their stored
    /// name, or its key) becomes `new`. Refused when `new` is another person
    /// (merge them instead). Each milestone they lead that is not retired
    /// gets a leads edit entry; the returns sent to them take the new name.
    pub fn rename_lead(
        &mut self,
        old: &str,
        new: &str,
        attribution: &Attribution,
    ) -> Result<LeadsChanged> {
        attribution.check(None)?;
        let new = checked_new_name(Field::LeadNewName, new)?;
        let tx = self.conn_mut().transaction()?;
        let (person, old_name) = known_person(&tx, old)?;
        if new == old_name {
            return Err(Error::Invalid(format!(
                "{old_name:?} is spelt so already: nothing to rename"
            )));
        }
        let other: Option<String> = tx
            .query_row(
                "SELECT name FROM person WHERE (name = ?1 OR name_key = ?2) AND id != ?3
                  ORDER BY id LIMIT 1",
                params![new, lead_key(&new), person],
                |row| row.get(0),
            )
            .optional()?;
        if let Some(other) = other {
            return Err(Error::Invalid(format!(
                "{new:?} is already another person ({other:?}): to make one person of them, \
                 use actionplan lead merge {} {}",
                shell_quote(&old_name),
                shell_quote(&other)
            )));
        }
        let milestones = led_milestones(&tx, person)?;
        let mut before = Vec::with_capacity(milestones.len());
        for &milestone in &milestones {
            before.push(leads_text(&tx, milestone)?);
        }
        tx.execute(
            "UPDATE person SET name = ?2, name_key = ?3 WHERE id = ?1",
            params![person, new, lead_key(&new)],
        )?;
        for (&milestone, before) in milestones.iter().zip(&before) {
            let after = leads_text(&tx, milestone)?;
            record_leads_edit(&tx, milestone, before, &after, attribution)?;
        }
        record_name_change(&tx, "rename", attribution, &old_name, &new)?;
        // The returns sent to them are theirs under the new spelling, so
        // `returns status` still finds what they owe.
        tx.execute(
            "UPDATE lead_return SET lead = ?2 WHERE lead = ?1",
            params![old_name, new],
        )?;
        tx.commit()?;
        Ok(LeadsChanged {
            from: old_name,
            to: new,
            milestones,
        })
    }

    /// Makes `into` lead every milestone `from` leads (not retired ones), in
    /// `from`'s place, or (where `into` leads it already) just removes
    /// `from`. Both must be stored people, and two people: a name with the
    /// same key as the other is the same person. `from` is forgotten when it
    /// then leads nothing.
    pub fn merge_leads(
        &mut self,
        from: &str,
        into: &str,
        attribution: &Attribution,
    ) -> Result<LeadsChanged> {
        attribution.check(None)?;
        let tx = self.conn_mut().transaction()?;
        let (from_id, from_name) = known_person(&tx, from)?;
        let (into_id, into_name) = known_person(&tx, into)?;
        if from_id == into_id {
            return Err(Error::Invalid(format!(
                "{:?} and {:?} are the same person ({from_name:?}): a lead cannot be merged \
                 into itself; to change how the name is spelt, use actionplan lead rename",
                from.trim(),
                into.trim()
            )));
        }
        let milestones = led_milestones(&tx, from_id)?;
        if milestones.is_empty() {
            return Err(Error::Invalid(format!(
                "{from_name:?} leads no milestone that is not retired: nothing to merge"
            )));
        }
        for &milestone in &milestones {
            replace_lead(&tx, milestone, from_id, into_id, attribution)?;
        }
        forget_if_leading_nothing(&tx, from_id)?;
        record_name_change(&tx, "merge", attribution, &from_name, &into_name)?;
        tx.commit()?;
        Ok(LeadsChanged {
            from: from_name,
            to: into_name,
            milestones,
        })
    }

    /// Makes `to` lead one milestone in `from`'s place (or, where `to` leads
    /// it already, just removes `from`). `from` must lead it; `to` may be
    /// someone new.
    pub fn reassign_lead(
        &mut self,
        milestone_id: i64,
        from: &str,
        to: &str,
        attribution: &Attribution,
    ) -> Result<LeadsChanged> {
        attribution.check(None)?;
        let to = checked_new_name(Field::LeadTakingOver, to)?;
        let tx = self.conn_mut().transaction()?;
        super::keeping::refuse_if_retired(&tx, milestone_id, "reassigned")?;
        let leads = lead_people(&tx, milestone_id)?;
        let wanted = from.trim();
        let found = leads.iter().find(|(_, name)| name == wanted).or_else(|| {
            leads
                .iter()
                .find(|(_, name)| lead_key(name) == lead_key(wanted))
        });
        let Some((from_id, from_name)) = found.cloned() else {
            return Err(Error::Invalid(format!(
                "{wanted:?} does not lead milestone {milestone_id}: its leads are {}",
                leads
                    .iter()
                    .map(|(_, name)| format!("{name:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        };
        let to_id = match find_person(&tx, &to)? {
            Some((id, _)) => id,
            None => person_id(&tx, &to)?,
        };
        if to_id == from_id {
            return Err(Error::Invalid(format!(
                "{to:?} is {from_name:?}, who leads it already: to change how the name is \
                 spelt, use actionplan lead rename"
            )));
        }
        let to_name: String =
            tx.query_row("SELECT name FROM person WHERE id = ?1", [to_id], |row| {
                row.get(0)
            })?;
        replace_lead(&tx, milestone_id, from_id, to_id, attribution)?;
        forget_if_leading_nothing(&tx, from_id)?;
        tx.commit()?;
        Ok(LeadsChanged {
            from: from_name,
            to: to_name,
            milestones: vec![milestone_id],
        })
    }
}

/// Records that a name was corrected (`rename`) or made one with another
/// person's (`merge`), for `movement` and for retractions.
fn record_name_change(
    tx: &Connection,
    kind: &str,
    attribution: &Attribution,
    before: &str,
    after: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO lead_name_change (kind, on_date, recorded_at, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            kind,
            attribution.on,
            chrono::Utc::now().to_rfc3339(),
            before,
            after
        ],
    )?;
    Ok(())
}

/// A name given for a person: tidied as plans' names are, one line, not blank.
fn checked_new_name(field: Field, name: &str) -> Result<String> {
    let name = display_name(name);
    super::keeping::check_one_lead(field, &name)?;
    Ok(name)
}

/// The person a name means: the one stored with exactly that name, else the
/// first stored with its key.
fn find_person(conn: &Connection, name: &str) -> Result<Option<(i64, String)>> {
    let name = name.trim();
    Ok(conn
        .query_row(
            "SELECT id, name FROM person WHERE name = ?1 OR name_key = ?2
              ORDER BY name = ?1 DESC, id LIMIT 1",
            params![name, lead_key(name)],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?)
}

/// As [`find_person`], or an error naming the closest leads.
fn known_person(conn: &Connection, name: &str) -> Result<(i64, String)> {
    if let Some(found) = find_person(conn, name)? {
        return Ok(found);
    }
    let mut statement = conn.prepare(
        "SELECT DISTINCT p.name FROM person p
           JOIN milestone_lead ml ON ml.person_id = p.id ORDER BY p.name",
    )?;
    let names = statement
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Err(Error::UnknownLead {
        name: name.trim().to_string(),
        closest: did_you_mean(name.trim(), &names),
    })
}

/// The milestones a person leads that are not retired, by id.
fn led_milestones(conn: &Connection, person: i64) -> Result<Vec<i64>> {
    let mut statement = conn.prepare(
        "SELECT m.id FROM milestone_lead ml JOIN milestone m ON m.id = ml.milestone_id
          WHERE ml.person_id = ?1 AND m.retired_on IS NULL ORDER BY m.id",
    )?;
    let ids = statement
        .query_map([person], |row| row.get(0))?
        .collect::<rusqlite::Result<Vec<i64>>>()?;
    Ok(ids)
}

/// A milestone's leads in order: person id and stored name.
fn lead_people(conn: &Connection, milestone_id: i64) -> Result<Vec<(i64, String)>> {
    let mut statement = conn.prepare(
        "SELECT p.id, p.name FROM milestone_lead ml JOIN person p ON p.id = ml.person_id
          WHERE ml.milestone_id = ?1 ORDER BY ml.position",
    )?;
    let leads = statement
        .query_map([milestone_id], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(leads)
}

/// Puts person `into` in person `from`'s place among a milestone's leads
/// (or removes `from` where `into` leads it already) and records the edit.
fn replace_lead(
    tx: &Connection,
    milestone_id: i64,
    from: i64,
    into: i64,
    attribution: &Attribution,
) -> Result<()> {
    let before = leads_text(tx, milestone_id)?;
    let current: Vec<i64> = lead_people(tx, milestone_id)?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let mut leads: Vec<i64> = Vec::with_capacity(current.len());
    for person in current {
        let person = if person == from { into } else { person };
        if !leads.contains(&person) {
            leads.push(person);
        }
    }
    super::keeping::write_lead_people(tx, milestone_id, &leads)?;
    let after = leads_text(tx, milestone_id)?;
    record_leads_edit(tx, milestone_id, &before, &after, attribution)
}

/// Appends a leads edit entry to a milestone's history.
fn record_leads_edit(
    tx: &Connection,
    milestone_id: i64,
    before: &str,
    after: &str,
    attribution: &Attribution,
) -> Result<()> {
    super::keeping::refuse_if_before_added(
        tx,
        milestone_id,
        attribution.on,
        "a change of its leads",
    )?;
    insert_entry(
        tx,
        milestone_id,
        EntryKind::Edit,
        attribution,
        EntryFields {
            field: Some(EditField::Leads),
            before: Some(before),
            after: Some(after),
            ..Default::default()
        },
    )?;
    Ok(())
}

/// Removes a person who no longer leads any milestone (retired ones count),
/// so that their name is free and no longer found.
fn forget_if_leading_nothing(tx: &Connection, person: i64) -> Result<()> {
    tx.execute(
        "DELETE FROM person WHERE id = ?1
           AND NOT EXISTS (SELECT 1 FROM milestone_lead WHERE person_id = ?1)",
        [person],
    )?;
    Ok(())
}

/// A name quoted for a POSIX shell: 'Ann Smith', 'O'\''Neil'.
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn likeness_ignores_case_spaces_and_punctuation_anywhere() {
        assert_eq!(likeness_key("Ann  Smith."), "annsmith");
        assert_eq!(likeness_key("ann smith"), "annsmith");
        assert_eq!(likeness_key("A.Smith"), likeness_key("A. Smith"));
        assert_eq!(likeness_key("O'Neil"), likeness_key("ONeil"));
        assert_ne!(likeness_key("Ann Smith"), likeness_key("Anne Smith"));
        assert_eq!(shell_quote("O'Neil"), r"'O'\''Neil'");
    }
}
