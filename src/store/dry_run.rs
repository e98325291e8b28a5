//! Dry runs: the changes a command would make, applied to a copy of the
//! database in memory, so that a dry run refuses what the real run refuses
//! (the store's checks run on the copy) and never writes to the file.

use rusqlite::Connection;

use super::Store;
use super::maintenance::copy_all_pages;
use crate::error::Result;

impl Store {
    /// A copy of this database in memory, taken with SQLite's online backup
    /// API: changes made to the copy run every check the store makes, and
    /// the database itself (which may be open read-only) is never written.
    /// The copy has foreign keys on and IMMEDIATE write transactions, like
    /// every connection the store opens.
    pub fn in_memory_copy(&self) -> Result<Store> {
        let mut conn = Connection::open_in_memory()?;
        // SQLite copies into a database in memory only at the same page size.
        let page_size: i64 = self
            .conn
            .query_row("PRAGMA page_size", [], |row| row.get(0))?;
        conn.pragma_update(None, "page_size", page_size)?;
        copy_all_pages(&self.conn, &mut conn)?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
        Ok(Store {
            conn,
            path: None,
            _tidy: None,
            include_archived: self.include_archived,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_to_the_copy_leaves_the_original_as_it_was() {
        let original = Store::in_memory().unwrap();
        original
            .conn()
            .execute_batch("CREATE TABLE scratch (n INTEGER)")
            .unwrap();
        let copy = original.in_memory_copy().unwrap();
        copy.conn()
            .execute("INSERT INTO scratch (n) VALUES (1)", [])
            .unwrap();
        let count = |store: &Store| -> i64 {
            store
                .conn()
                .query_row("SELECT count(*) FROM scratch", [], |row| row.get(0))
                .unwrap()
        };
        assert_eq!(count(&copy), 1);
        assert_eq!(count(&original), 0);
    }
}
