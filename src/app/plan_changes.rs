//! Changes to the plan as committee asks (additions, edits, retirements,
//! moves, retractions, and changes to leads and plans): each is signed by
//! who made it and dated for a day that has come.

use chrono::NaiveDate;

use crate::app::dates::refuse_unlikely_date;
use crate::error::{Dated, Error, Field, Result};
use crate::store::Attribution;

/// Who made a change and for which day, as the caller gives them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChangeBy {
    /// Who made the change (the committee, the officer).
    pub by: String,
    /// The day the change speaks for; by default today.
    pub on: Option<NaiveDate>,
    /// Accept a date before 2000 (refused otherwise as a likely typing slip).
    pub backdate: bool,
}

/// The attribution of a change, with its date checked: never after `today`,
/// nor before 2000 unless backdating is allowed; and who made it not blank.
/// The name and reason are trimmed.
pub fn attribution(who: &ChangeBy, reason: Option<&str>, today: NaiveDate) -> Result<Attribution> {
    let on = who.on.unwrap_or(today);
    refuse_unlikely_date(Dated::PlanChange, on, today, who.backdate)?;
    if who.by.trim().is_empty() {
        return Err(Error::Blank { field: Field::By });
    }
    Ok(Attribution {
        by: who.by.trim().to_string(),
        on,
        reason: reason.map(|r| r.trim().to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("a test date")
    }

    fn by_officer_on(on: &str) -> ChangeBy {
        ChangeBy {
            by: " Chief Officer ".to_string(),
            on: Some(date(on)),
            backdate: false,
        }
    }

    #[test]
    fn a_library_caller_is_refused_a_change_dated_after_today() {
        let today = date("2020-02-18");
        let err = attribution(&by_officer_on("2020-02-19"), None, today).unwrap_err();
        assert!(
            matches!(
                err,
                Error::FutureDate { what: Dated::PlanChange, on, today: t }
                    if on == date("2020-02-19") && t == today
            ),
            "{err:?}"
        );
    }

    #[test]
    fn a_change_is_dated_today_by_default_and_its_text_trimmed() {
        let today = date("2020-02-18");
        let who = ChangeBy {
            on: None,
            ..by_officer_on("2020-02-18")
        };
        let signed = attribution(&who, Some(" Typo "), today).expect("an attribution");
        assert_eq!(
            signed,
            Attribution {
                by: "Chief Officer".to_string(),
                on: today,
                reason: Some("Typo".to_string()),
            }
        );
    }

    #[test]
    fn a_change_needs_who_made_it_and_a_plausible_date() {
        let today = date("2020-02-18");
        let nobody = ChangeBy {
            by: "  ".to_string(),
            ..by_officer_on("2020-02-18")
        };
        assert!(matches!(
            attribution(&nobody, None, today),
            Err(Error::Blank { field: Field::By })
        ));
        assert!(matches!(
            attribution(&by_officer_on("1999-12-31"), None, today),
            Err(Error::ImplausibleDate { .. })
        ));
    }
}
