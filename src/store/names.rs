//! Checking a `--lead` against the people in the database, so a name that
//! matches nobody is an error naming the closest leads, not an empty report.

use super::Store;
use crate::error::{Error, Result};
use crate::model::closest::did_you_mean;
use crate::model::lead::lead_matches;

impl Store {
    /// Everyone who leads a milestone, by name.
    pub fn lead_names(&self) -> Result<Vec<String>> {
        let mut statement = self.conn().prepare(
            "SELECT DISTINCT person.name FROM person
               JOIN milestone_lead ml ON ml.person_id = person.id ORDER BY person.name",
        )?;
        let names = statement
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<Vec<String>>>()?;
        Ok(names)
    }

    /// Refuses a lead that leads nothing (compared as the filters compare:
    /// by the person's identity key, so case, spacing and trailing
    /// punctuation do not matter, or the name before a role), naming the closest leads there are.
    pub fn check_lead(&self, lead: &str) -> Result<()> {
        let names = self.lead_names()?;
        let wanted = lead.trim();
        if names.iter().any(|name| lead_matches(name, wanted)) {
            return Ok(());
        }
        Err(Error::UnknownLead {
            name: wanted.to_string(),
            closest: did_you_mean(wanted, &names),
        })
    }
}
