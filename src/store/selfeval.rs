//! Self-evaluations in the store: the MSG proposals (seeded by migration 3),
//! partnerships' ratings with evidence and actions, and the links from
//! milestones to the proposals they deliver on.

use chrono::{NaiveDate, Utc};
use rusqlite::{Connection, OptionalExtension, Transaction, params};
use rusqlite_migration::HookResult;
use serde::Serialize;

use super::Store;
use crate::error::{Error, Field, Result};
use crate::model::selfeval::proposals::{
    Proposal, normalise_proposal_id, unknown_proposal_message,
};
use crate::model::selfeval::rating::Rating;
use crate::model::selfeval::{Entry, NewSelfEvaluation, SelfEvaluationDraft};

/// The MSG proposals as migration 3 stores them: SQL frozen when that
/// migration was released, so what it writes never changes when the shipped
/// proposals file (`data/msg-2019-proposals.csv`) is edited. A test keeps the
/// two equal.
const MSG_PROPOSALS_2019: &str = include_str!("migrations/003_msg_proposals_2019.sql");

/// Loads the MSG proposals into a database being upgraded to schema 3 (the
/// hook of that migration, run in its transaction).
pub(super) fn seed_msg_proposals(tx: &Transaction) -> HookResult {
    tx.execute_batch(MSG_PROPOSALS_2019)?;
    Ok(())
}

/// A stored self-evaluation, as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SelfEvaluationSummary {
    /// Row id.
    #[serde(skip)]
    pub id: i64,
    /// The partnership.
    pub partnership: String,
    /// Its label, e.g. "May 2019".
    pub label: String,
    /// The date it was completed.
    pub on: NaiveDate,
    /// How many proposals it rates.
    pub rated: i64,
    /// The file it was imported from, if any.
    pub source: Option<String>,
}

/// One rating to record by hand.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRating {
    /// The proposal id as given.
    pub proposal: String,
    /// The rating.
    pub rating: Rating,
    /// New evidence; None keeps what is there.
    pub evidence: Option<String>,
    /// New improvement actions; None keeps what is there.
    pub actions: Option<Vec<String>>,
}

/// What recording a rating did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedOutcome {
    /// The proposal id as stored.
    pub proposal: String,
    /// Whether the self-evaluation was created for it.
    pub created: bool,
    /// The rating it replaced, if the proposal was rated before.
    pub previous: Option<Rating>,
}

const SELF_EVALUATION_SELECT: &str = "
    SELECT s.id, p.name, s.label, s.on_date, s.source,
           (SELECT count(*) FROM self_evaluation_entry e
             WHERE e.self_evaluation_id = s.id AND e.rating IS NOT NULL)
      FROM self_evaluation s JOIN partnership p ON p.id = s.partnership_id";

fn summary_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<SelfEvaluationSummary> {
    Ok(SelfEvaluationSummary {
        id: row.get(0)?,
        partnership: row.get(1)?,
        label: row.get(2)?,
        on: row.get(3)?,
        source: row.get(4)?,
        rated: row.get(5)?,
    })
}

fn read_proposals(conn: &Connection) -> Result<Vec<Proposal>> {
    let mut statement = conn.prepare(
        "SELECT p.id, p.key_feature, k.title, p.text, p.local_completion,
                p.not_yet_established, p.partly_established, p.established, p.exemplary
           FROM msg_proposal p JOIN msg_key_feature k ON k.number = p.key_feature
          ORDER BY p.position",
    )?;
    let proposals = statement
        .query_map([], |row| {
            Ok(Proposal {
                id: row.get(0)?,
                key_feature: row.get(1)?,
                key_feature_title: row.get(2)?,
                text: row.get(3)?,
                local_completion: row.get(4)?,
                indicators: [row.get(5)?, row.get(6)?, row.get(7)?, row.get(8)?],
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(proposals)
}

/// The stored id of a proposal as people write it, or an error naming the 25.
fn known_proposal(conn: &Connection, id: &str) -> Result<Proposal> {
    let proposals = read_proposals(conn)?;
    let wanted = normalise_proposal_id(id);
    proposals
        .iter()
        .find(|p| p.id == wanted)
        .cloned()
        .ok_or_else(|| Error::Invalid(unknown_proposal_message(id, &proposals)))
}

/// Whether `id` (as people write it) is one of the stored proposals; returns its stored form.
pub(super) fn stored_proposal_id(conn: &Connection, id: &str) -> Result<Option<String>> {
    let wanted = normalise_proposal_id(id);
    Ok(conn
        .query_row(
            "SELECT id FROM msg_proposal WHERE id = ?1",
            [&wanted],
            |r| r.get(0),
        )
        .optional()?)
}

/// The id of a partnership matched without regard to case, creating it when new.
fn partnership_id(tx: &Transaction<'_>, name: &str) -> Result<i64> {
    let existing: Option<i64> = tx
        .query_row(
            "SELECT id FROM partnership WHERE name = ?1 COLLATE NOCASE ORDER BY id LIMIT 1",
            [name],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = existing {
        return Ok(id);
    }
    tx.execute("INSERT INTO partnership (name) VALUES (?1)", [name])?;
    Ok(tx.last_insert_rowid())
}

fn insert_entry(tx: &Transaction<'_>, self_evaluation_id: i64, entry: &Entry) -> Result<()> {
    tx.execute(
        "INSERT INTO self_evaluation_entry (self_evaluation_id, proposal_id, rating, evidence)
         VALUES (?1, ?2, ?3, ?4)",
        params![
            self_evaluation_id,
            entry.proposal,
            entry.rating,
            entry.evidence
        ],
    )?;
    insert_actions(tx, self_evaluation_id, &entry.proposal, &entry.actions)
}

fn insert_actions(
    tx: &Transaction<'_>,
    self_evaluation_id: i64,
    proposal: &str,
    actions: &[String],
) -> Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT INTO self_evaluation_action (self_evaluation_id, proposal_id, position, text)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (position, action) in actions.iter().enumerate() {
        insert.execute(params![
            self_evaluation_id,
            proposal,
            position as i64 + 1,
            action
        ])?;
    }
    Ok(())
}

/// Refuses text that is empty or only spaces, naming which field it is.
fn refuse_blank(field: Field, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(Error::Blank { field });
    }
    Ok(())
}

impl Store {
    /// The MSG's 25 proposals in template order.
    pub fn msg_proposals(&self) -> Result<Vec<Proposal>> {
        read_proposals(self.conn())
    }

    /// Every self-evaluation, by partnership then date.
    pub fn self_evaluations(&self) -> Result<Vec<SelfEvaluationSummary>> {
        let mut statement = self.conn().prepare(&format!(
            "{SELF_EVALUATION_SELECT} ORDER BY p.name, s.on_date, s.id"
        ))?;
        let rows = statement
            .query_map([], summary_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The self-evaluation a command means. Without a partnership, the only
    /// partnership that has self-evaluations; without a label, its latest.
    pub fn find_self_evaluation(
        &self,
        partnership: Option<&str>,
        label: Option<&str>,
    ) -> Result<SelfEvaluationSummary> {
        let all = self.self_evaluations()?;
        if all.is_empty() {
            return Err(Error::NoSelfEvaluations);
        }
        let listed = |rows: &[&SelfEvaluationSummary]| {
            rows.iter()
                .map(|s| format!("{} {:?}", s.partnership, s.label))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let every: Vec<&SelfEvaluationSummary> = all.iter().collect();
        let of_partnership: Vec<&SelfEvaluationSummary> = match partnership {
            Some(name) => all
                .iter()
                .filter(|s| s.partnership.eq_ignore_ascii_case(name.trim()))
                .collect(),
            None => {
                let mut names: Vec<&str> = all.iter().map(|s| s.partnership.as_str()).collect();
                names.dedup();
                if names.len() > 1 {
                    return Err(Error::PartnershipRequired(names.join(", ")));
                }
                every.clone()
            }
        };
        if of_partnership.is_empty() {
            return Err(Error::Invalid(format!(
                "no self-evaluation of partnership {:?}; there are: {}",
                partnership.unwrap_or_default(),
                listed(&every)
            )));
        }
        match label {
            Some(label) => of_partnership
                .iter()
                .find(|s| s.label == label.trim())
                .map(|s| (*s).clone())
                .ok_or_else(|| {
                    Error::Invalid(format!(
                        "no self-evaluation labelled {:?} for {}; there are: {}",
                        label,
                        of_partnership[0].partnership,
                        listed(&of_partnership)
                    ))
                }),
            None => Ok(of_partnership[of_partnership.len() - 1].clone()),
        }
    }

    /// The latest self-evaluation of a partnership completed on or before `as_of`, if any.
    pub fn latest_self_evaluation(
        &self,
        partnership: &str,
        as_of: NaiveDate,
    ) -> Result<Option<SelfEvaluationSummary>> {
        Ok(self
            .conn()
            .query_row(
                &format!(
                    "{SELF_EVALUATION_SELECT}
                      WHERE p.name = ?1 COLLATE NOCASE AND s.on_date <= ?2
                      ORDER BY s.on_date DESC, s.id DESC LIMIT 1"
                ),
                params![partnership.trim(), as_of],
                summary_from_row,
            )
            .optional()?)
    }

    /// What a self-evaluation says, proposal by proposal, in template order.
    pub fn self_evaluation_entries(&self, self_evaluation_id: i64) -> Result<Vec<Entry>> {
        let mut statement = self.conn().prepare(
            "SELECT e.proposal_id, e.rating, e.evidence,
                    (SELECT group_concat(a.text, char(10) ORDER BY a.position)
                       FROM self_evaluation_action a
                      WHERE a.self_evaluation_id = e.self_evaluation_id
                        AND a.proposal_id = e.proposal_id)
               FROM self_evaluation_entry e JOIN msg_proposal p ON p.id = e.proposal_id
              WHERE e.self_evaluation_id = ?1
              ORDER BY p.position",
        )?;
        let entries = statement
            .query_map([self_evaluation_id], |row| {
                let actions: Option<String> = row.get(3)?;
                Ok(Entry {
                    proposal: row.get(0)?,
                    rating: row.get(1)?,
                    evidence: row.get(2)?,
                    actions: actions
                        .map(|text| text.split('\n').map(str::to_string).collect())
                        .unwrap_or_default(),
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(entries)
    }

    /// Stores an imported self-evaluation in one transaction, returning its id.
    /// One with the same partnership and label is refused unless `replace`.
    pub fn insert_self_evaluation(
        &mut self,
        new: &NewSelfEvaluation,
        draft: &SelfEvaluationDraft,
        replace: bool,
    ) -> Result<i64> {
        refuse_blank(Field::Partnership, &new.partnership)?;
        refuse_blank(Field::Label, &new.label)?;
        let tx = self.conn_mut().transaction()?;
        let partnership_id = partnership_id(&tx, new.partnership.trim())?;
        let existing: Option<i64> = tx
            .query_row(
                "SELECT id FROM self_evaluation WHERE partnership_id = ?1 AND label = ?2",
                params![partnership_id, new.label.trim()],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(id) = existing {
            if !replace {
                return Err(Error::SelfEvaluationExists {
                    partnership: new.partnership.trim().to_string(),
                    label: new.label.trim().to_string(),
                });
            }
            tx.execute("DELETE FROM self_evaluation WHERE id = ?1", [id])?;
        }
        tx.execute(
            "INSERT INTO self_evaluation (partnership_id, label, on_date, source, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                partnership_id,
                new.label.trim(),
                new.on,
                new.source,
                Utc::now().to_rfc3339()
            ],
        )?;
        let id = tx.last_insert_rowid();
        for entry in &draft.entries {
            insert_entry(&tx, id, entry)?;
        }
        tx.commit()?;
        Ok(id)
    }

    /// Records (or replaces) one rating, creating the self-evaluation when it
    /// does not exist. `on_given` says whether the date was given rather than
    /// defaulted: a given date must match an existing self-evaluation's.
    pub fn record_rating(
        &mut self,
        new: &NewSelfEvaluation,
        on_given: bool,
        recorded: &RecordedRating,
    ) -> Result<RecordedOutcome> {
        refuse_blank(Field::Partnership, &new.partnership)?;
        refuse_blank(Field::Label, &new.label)?;
        let tx = self.conn_mut().transaction()?;
        let proposal = known_proposal(&tx, &recorded.proposal)?;
        if !proposal.local_completion {
            return Err(Error::Invalid(format!(
                "proposal {} is not for local completion: it takes no rating",
                proposal.id
            )));
        }
        let partnership_id = partnership_id(&tx, new.partnership.trim())?;
        let existing: Option<(i64, NaiveDate)> = tx
            .query_row(
                "SELECT id, on_date FROM self_evaluation WHERE partnership_id = ?1 AND label = ?2",
                params![partnership_id, new.label.trim()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let (id, created) = match existing {
            Some((id, on)) => {
                if on_given && on != new.on {
                    return Err(Error::SelfEvaluationDatedOtherwise {
                        label: new.label.trim().to_string(),
                        partnership: new.partnership.trim().to_string(),
                        dated: on,
                        given: new.on,
                    });
                }
                (id, false)
            }
            None => {
                tx.execute(
                    "INSERT INTO self_evaluation (partnership_id, label, on_date, source, created_at)
                     VALUES (?1, ?2, ?3, NULL, ?4)",
                    params![
                        partnership_id,
                        new.label.trim(),
                        new.on,
                        Utc::now().to_rfc3339()
                    ],
                )?;
                (tx.last_insert_rowid(), true)
            }
        };
        let before: Option<Option<Rating>> = tx
            .query_row(
                "SELECT rating FROM self_evaluation_entry
                  WHERE self_evaluation_id = ?1 AND proposal_id = ?2",
                params![id, proposal.id],
                |r| r.get(0),
            )
            .optional()?;
        if before.is_none() {
            insert_entry(
                &tx,
                id,
                &Entry {
                    proposal: proposal.id.clone(),
                    rating: Some(recorded.rating),
                    evidence: recorded.evidence.clone().unwrap_or_default(),
                    actions: recorded.actions.clone().unwrap_or_default(),
                },
            )?;
        } else {
            tx.execute(
                "UPDATE self_evaluation_entry SET rating = ?3, evidence = coalesce(?4, evidence)
                  WHERE self_evaluation_id = ?1 AND proposal_id = ?2",
                params![id, proposal.id, recorded.rating, recorded.evidence],
            )?;
            if let Some(actions) = &recorded.actions {
                tx.execute(
                    "DELETE FROM self_evaluation_action
                      WHERE self_evaluation_id = ?1 AND proposal_id = ?2",
                    params![id, proposal.id],
                )?;
                insert_actions(&tx, id, &proposal.id, actions)?;
            }
        }
        tx.commit()?;
        Ok(RecordedOutcome {
            proposal: proposal.id,
            created,
            previous: before.flatten(),
        })
    }

    /// Links a milestone to a proposal; true when the link is new (linking twice is harmless).
    pub fn link_milestone(&mut self, milestone_id: i64, proposal: &str) -> Result<(String, bool)> {
        let tx = self.conn_mut().transaction()?;
        let exists: Option<i64> = tx
            .query_row(
                "SELECT id FROM milestone WHERE id = ?1",
                [milestone_id],
                |r| r.get(0),
            )
            .optional()?;
        if exists.is_none() {
            return Err(Error::UnknownMilestone(milestone_id));
        }
        let proposal = known_proposal(&tx, proposal)?;
        let added = tx.execute(
            "INSERT INTO milestone_proposal (milestone_id, proposal_id, made_by)
             VALUES (?1, ?2, 'link') ON CONFLICT DO NOTHING",
            params![milestone_id, proposal.id],
        )?;
        tx.commit()?;
        Ok((proposal.id, added == 1))
    }

    /// The plans of a partnership (matched without regard to case), by id:
    /// archived ones only when archived plans are included.
    pub fn partnership_plan_ids(&self, partnership: &str) -> Result<Vec<i64>> {
        let mut statement = self.conn().prepare(
            "SELECT p.id FROM plan p JOIN partnership pa ON pa.id = p.partnership_id
              WHERE pa.name = ?1 COLLATE NOCASE AND (?2 OR p.archived_on IS NULL)
              ORDER BY p.id",
        )?;
        let ids = statement
            .query_map(params![partnership.trim(), self.includes_archived()], |r| {
                r.get(0)
            })?
            .collect::<rusqlite::Result<Vec<i64>>>()?;
        Ok(ids)
    }

    /// The (proposal, milestone) links of one plan's milestones.
    pub fn proposal_links(&self, plan_id: i64) -> Result<Vec<(String, i64)>> {
        let mut statement = self.conn().prepare(
            "SELECT mp.proposal_id, mp.milestone_id
               FROM milestone_proposal mp
               JOIN milestone m ON m.id = mp.milestone_id
               JOIN action a ON a.id = m.action_id
               JOIN theme t ON t.id = a.theme_id
              WHERE t.plan_id = ?1
              ORDER BY mp.milestone_id, mp.proposal_id",
        )?;
        let links = statement
            .query_map([plan_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(links)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::selfeval::proposals::msg_proposals;
    use crate::store::Store;

    #[test]
    fn the_frozen_seed_is_the_proposals_file() {
        let store = Store::in_memory().unwrap();
        let seeded = store.msg_proposals().unwrap();
        assert_eq!(seeded.len(), 25);
        assert_eq!(seeded, msg_proposals().unwrap());
    }

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn new(label: &str) -> NewSelfEvaluation {
        NewSelfEvaluation {
            partnership: "Angus".into(),
            label: label.into(),
            on: day("2019-05-10"),
            source: None,
        }
    }

    #[test]
    fn a_schema_2_database_is_upgraded_with_the_proposals_and_keeps_its_plan() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(include_str!("migrations/001_plan.sql"))
            .unwrap();
        conn.execute_batch(include_str!("migrations/002_cycles.sql"))
            .unwrap();
        conn.execute_batch(
            "PRAGMA user_version = 2;
             INSERT INTO plan VALUES (1, NULL, 'old', 'f.csv', '2020-01-01T00:00:00Z');",
        )
        .unwrap();
        crate::store::schema::upgrade(&mut conn).unwrap();
        assert_eq!(
            crate::store::schema::version(&conn).unwrap(),
            crate::store::schema::latest_version()
        );
        let counts: (i64, i64, i64, i64) = conn
            .query_row(
                "SELECT (SELECT count(*) FROM msg_key_feature),
                        (SELECT count(*) FROM msg_proposal),
                        (SELECT count(*) FROM msg_proposal WHERE local_completion = 0),
                        (SELECT count(*) FROM plan)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .unwrap();
        assert_eq!(counts, (6, 25, 3, 1));
    }

    #[test]
    fn every_database_holds_the_25_proposals() {
        let store = Store::in_memory().unwrap();
        let proposals = store.msg_proposals().unwrap();
        assert_eq!(proposals, msg_proposals().unwrap());
    }

    #[test]
    fn record_creates_then_replaces_keeping_evidence_unless_given() {
        let mut store = Store::in_memory().unwrap();
        let first = RecordedRating {
            proposal: "Proposal 1.1".into(),
            rating: Rating::PartlyEstablished,
            evidence: Some("E1".into()),
            actions: Some(vec!["A1".into(), "A2".into()]),
        };
        let outcome = store.record_rating(&new("2019"), false, &first).unwrap();
        assert_eq!(
            outcome,
            RecordedOutcome {
                proposal: "1.1".into(),
                created: true,
                previous: None
            }
        );
        let again = RecordedRating {
            rating: Rating::Established,
            evidence: None,
            actions: None,
            ..first.clone()
        };
        let outcome = store.record_rating(&new("2019"), false, &again).unwrap();
        assert!(!outcome.created);
        assert_eq!(outcome.previous, Some(Rating::PartlyEstablished));
        let found = store.find_self_evaluation(None, None).unwrap();
        let entries = store.self_evaluation_entries(found.id).unwrap();
        assert_eq!(
            entries,
            vec![Entry {
                proposal: "1.1".into(),
                rating: Some(Rating::Established),
                evidence: "E1".into(),
                actions: vec!["A1".into(), "A2".into()],
            }]
        );
        let national = RecordedRating {
            proposal: "3.2".into(),
            ..first.clone()
        };
        let err = store
            .record_rating(&new("2019"), false, &national)
            .unwrap_err();
        assert!(
            err.to_string().contains("not for local completion"),
            "{err}"
        );
        let mut other_day = new("2019");
        other_day.on = day("2019-06-01");
        assert!(store.record_rating(&other_day, true, &first).is_err());
    }

    #[test]
    fn import_refuses_an_existing_label_unless_replace() {
        let mut store = Store::in_memory().unwrap();
        let draft = SelfEvaluationDraft {
            entries: vec![Entry {
                proposal: "1.1".into(),
                rating: Some(Rating::Exemplary),
                evidence: String::new(),
                actions: vec![],
            }],
        };
        store
            .insert_self_evaluation(&new("2019"), &draft, false)
            .unwrap();
        let err = store
            .insert_self_evaluation(&new("2019"), &draft, false)
            .unwrap_err();
        assert!(
            matches!(&err, Error::SelfEvaluationExists { label, .. } if label == "2019"),
            "{err:?}"
        );
        store
            .insert_self_evaluation(&new("2019"), &draft, true)
            .unwrap();
        assert_eq!(store.self_evaluations().unwrap().len(), 1);
    }
}
