//! Store queries the RAG fact check needs.

use chrono::NaiveDate;

use super::Store;
use crate::error::Result;

impl Store {
    /// The date the plan's latest committee cycle closed on, among cycles
    /// closed before `before` (a cycle closed on the as-of day itself is the
    /// paper being prepared, not the last one); `None` when there is none.
    pub fn latest_cycle_date(&self, plan_id: i64, before: NaiveDate) -> Result<Option<NaiveDate>> {
        let closed_on: Option<NaiveDate> = self.conn().query_row(
            "SELECT max(closed_on) FROM cycle WHERE plan_id = ?1 AND closed_on < ?2",
            rusqlite::params![plan_id, before],
            |row| row.get(0),
        )?;
        Ok(closed_on)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rusqlite::params;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn store_with_plan() -> (Store, i64) {
        let store = Store::in_memory().unwrap();
        store
            .conn()
            .execute(
                "INSERT INTO plan (name, source, imported_at) VALUES ('P', 'p.csv', '2020-01-01T00:00:00Z')",
                [],
            )
            .unwrap();
        let plan_id = store.conn().last_insert_rowid();
        (store, plan_id)
    }

    fn add_cycle(store: &Store, plan_id: i64, label: &str, closed_on: &str) {
        store
            .conn()
            .execute(
                "INSERT INTO cycle (plan_id, label, closed_on, created_at)
                 VALUES (?1, ?2, ?3, '2020-01-01T00:00:00Z')",
                params![plan_id, label, closed_on],
            )
            .unwrap();
    }

    #[test]
    fn no_cycle_means_none() {
        let (store, plan_id) = store_with_plan();
        assert_eq!(
            store
                .latest_cycle_date(plan_id, date("2030-01-01"))
                .unwrap(),
            None
        );
    }

    #[test]
    fn latest_cycle_before_the_date_of_this_plan_only() {
        let (store, plan_id) = store_with_plan();
        add_cycle(&store, plan_id, "Dec", "2019-12-10");
        add_cycle(&store, plan_id, "Feb", "2020-02-18");
        store
            .conn()
            .execute(
                "INSERT INTO plan (name, source, imported_at) VALUES ('Q', 'q.csv', '2020-01-01T00:00:00Z')",
                [],
            )
            .unwrap();
        let other_plan = store.conn().last_insert_rowid();
        add_cycle(&store, other_plan, "Jan", "2020-01-20");
        let latest = |as_of: &str| store.latest_cycle_date(plan_id, date(as_of)).unwrap();
        assert_eq!(latest("2020-02-19"), Some(date("2020-02-18")));
        assert_eq!(latest("2020-02-18"), Some(date("2019-12-10")));
        assert_eq!(latest("2019-12-10"), None);
    }
}
