//! Closing a committee cycle: freezing the plan as it stood on a date, so
//! the paper of that date can be reproduced and the next one can say what
//! has moved since.

use chrono::NaiveDate;

use crate::app::dates::refuse_unlikely_date;
use crate::error::{Dated, Error, Result};
use crate::model::text_rules::check_name;
use crate::store::{CycleSummary, Store};

/// A cycle to close, as the caller asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CycleClosing {
    /// The plan; may be left out when the database holds one.
    pub plan: Option<String>,
    /// The cycle's label, such as "IJB 18 Feb 2020" (a label is used once).
    pub label: String,
    /// The date the snapshot speaks for; by default today.
    pub on: Option<NaiveDate>,
    /// Accept a date before 2000 (refused otherwise as a likely typing slip).
    pub backdate: bool,
}

/// Freezes the plan as it stood at the end of the closing's date (by
/// default `today`): for every milestone, the latest update dated on or
/// before it. Refuses a date after `today`, and one before 2000 unless the
/// closing allows backdating.
pub fn close_cycle(
    store: &mut Store,
    closing: &CycleClosing,
    today: NaiveDate,
) -> Result<CycleSummary> {
    let closed_on = check_closing(closing, today)?;
    let plan = store.resolve_plan(closing.plan.as_deref())?;
    store.close_cycle(plan.id, &closing.label, closed_on)
}

/// The rules of [`close_cycle`] that need no database: the label a name,
/// the date neither after `today` nor (unless backdating) before 2000.
/// Returns the date the cycle closes on. The command line runs it before
/// opening the file, so a refused closing never touches it.
pub fn check_closing(closing: &CycleClosing, today: NaiveDate) -> Result<NaiveDate> {
    if closing.label.trim().is_empty() {
        return Err(Error::CycleLabelNeeded);
    }
    check_name("the cycle label", &closing.label)?;
    let closed_on = closing.on.unwrap_or(today);
    refuse_unlikely_date(Dated::Cycle, closed_on, today, closing.backdate)?;
    Ok(closed_on)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::updates::tests::seeded_store;
    use crate::error::Error;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("a test date")
    }

    fn closing(on: &str) -> CycleClosing {
        CycleClosing {
            label: "IJB 18 Feb 2020".to_string(),
            on: Some(date(on)),
            ..CycleClosing::default()
        }
    }

    #[test]
    fn a_library_caller_is_refused_a_cycle_dated_after_today() {
        let mut store = seeded_store();
        let today = date("2020-02-18");
        let err = close_cycle(&mut store, &closing("2020-02-19"), today).unwrap_err();
        assert!(
            matches!(
                err,
                Error::FutureDate { what: Dated::Cycle, on, today: t }
                    if on == date("2020-02-19") && t == today
            ),
            "{err:?}"
        );
        assert!(store.cycles(None).expect("the cycles").is_empty());
    }

    #[test]
    fn a_cycle_is_closed_today_by_default() {
        let mut store = seeded_store();
        let today = date("2020-02-18");
        let without_date = CycleClosing {
            on: None,
            ..closing("2020-02-18")
        };
        let cycle = close_cycle(&mut store, &without_date, today).expect("closed");
        assert_eq!(cycle.closed_on, today);
    }

    #[test]
    fn a_cycle_before_2000_needs_leave_to_backdate() {
        let mut store = seeded_store();
        let today = date("2020-02-18");
        let err = close_cycle(&mut store, &closing("0202-02-18"), today).unwrap_err();
        assert!(matches!(err, Error::ImplausibleDate { .. }), "{err:?}");
        let backdated = CycleClosing {
            backdate: true,
            ..closing("1999-02-18")
        };
        assert!(close_cycle(&mut store, &backdated, today).is_ok());
    }
}
