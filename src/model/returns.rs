//! Lead returns as the plan records them: a return sent to a lead, a file
//! received back, and one of its rows to record as an update.

use chrono::NaiveDate;

use crate::model::NewUpdate;

/// A return as recorded when it was exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentReturn {
    /// Its id, written in every row's token.
    pub id: i64,
    /// The plan.
    pub plan_id: i64,
    /// The lead it was sent to.
    pub lead: String,
    /// The date it was made for.
    pub as_of: NaiveDate,
    /// The latest date a file of it was imported for with at least one row
    /// applied, unchanged or applied before, if any.
    pub received_on: Option<NaiveDate>,
    /// The latest date a file of it came back whose rows were all rejected
    /// or in conflict, if any.
    pub problems_on: Option<NaiveDate>,
}

/// One returned file to record as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnReceipt {
    /// The return it answers.
    pub return_id: i64,
    /// The file as the user named it.
    pub file: String,
    /// The date its updates speak for.
    pub on: NaiveDate,
    /// Who imported it.
    pub by: String,
    /// How many rows were applied.
    pub applied: usize,
    /// How many rows were applied, unchanged or applied before (0 when
    /// every row was rejected or in conflict: the return is still awaited).
    pub answered: usize,
}

/// One row of a return to record as an update.
#[derive(Debug, Clone, PartialEq)]
pub struct ReturnUpdate {
    /// The return it came from.
    pub return_id: i64,
    /// The update.
    pub update: NewUpdate,
}
