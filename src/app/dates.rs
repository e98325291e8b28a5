//! The rules every dated record follows: it speaks for a day that has come,
//! and a day before this plan could have been kept is a typing slip unless
//! the caller says otherwise. Today is always the caller's to give: the
//! library never reads the clock.

use chrono::NaiveDate;

use crate::error::{Dated, Error, Result};

/// The earliest date an update, change or cycle may speak for without leave
/// to backdate: no partnership kept this plan before integration (2016), so
/// a date before 2000 is a typing slip ("0202-02-18" for "2020-02-18").
pub const EARLIEST_PLAUSIBLE_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2000, 1, 1) {
    Some(date) => date,
    None => panic!("a valid date"),
};

/// Refuses a date after `today` for `what`: it speaks for a day that has come.
pub fn refuse_future_date(what: Dated, on: NaiveDate, today: NaiveDate) -> Result<()> {
    if on > today {
        return Err(Error::FutureDate { what, on, today });
    }
    Ok(())
}

/// Refuses a date before [`EARLIEST_PLAUSIBLE_DATE`] unless `backdate` says
/// the date is meant.
pub fn refuse_implausible_date(on: NaiveDate, backdate: bool) -> Result<()> {
    if on < EARLIEST_PLAUSIBLE_DATE && !backdate {
        return Err(Error::ImplausibleDate {
            on,
            earliest: EARLIEST_PLAUSIBLE_DATE,
        });
    }
    Ok(())
}

/// Refuses a date that is either: before [`EARLIEST_PLAUSIBLE_DATE`] without
/// `backdate` (checked first), or after `today`.
pub fn refuse_unlikely_date(
    what: Dated,
    on: NaiveDate,
    today: NaiveDate,
    backdate: bool,
) -> Result<()> {
    refuse_implausible_date(on, backdate)?;
    refuse_future_date(what, on, today)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("a test date")
    }

    #[test]
    fn today_is_accepted_and_tomorrow_refused() {
        let today = date("2020-02-18");
        assert!(refuse_future_date(Dated::Update, today, today).is_ok());
        let err = refuse_future_date(Dated::Cycle, date("2020-02-19"), today).unwrap_err();
        assert!(matches!(
            err,
            Error::FutureDate { what: Dated::Cycle, on, today: t }
                if on == date("2020-02-19") && t == today
        ));
    }

    #[test]
    fn a_date_before_2000_needs_leave_to_backdate() {
        let on = date("0202-02-18");
        assert!(matches!(
            refuse_implausible_date(on, false),
            Err(Error::ImplausibleDate { on: o, earliest }) if o == on && earliest == EARLIEST_PLAUSIBLE_DATE
        ));
        assert!(refuse_implausible_date(on, true).is_ok());
        assert!(refuse_implausible_date(EARLIEST_PLAUSIBLE_DATE, false).is_ok());
    }

    #[test]
    fn an_implausible_date_is_named_before_a_future_one() {
        let today = date("1990-01-01");
        let err =
            refuse_unlikely_date(Dated::Update, date("1995-01-01"), today, false).unwrap_err();
        assert!(matches!(err, Error::ImplausibleDate { .. }), "{err:?}");
    }
}
