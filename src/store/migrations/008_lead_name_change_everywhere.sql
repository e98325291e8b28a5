-- Schema version 8: the lead_name_change table on every database. Never edit
-- once released.
--
-- Migration 006 was released (stop 15) without this table and then, against
-- the rule, edited to create it before its next release. A database first
-- brought to version 6 by that earlier build therefore lacks it, and `lead
-- rename`, `lead merge` and `movement` need it. IF NOT EXISTS makes this a
-- no-op on a database whose version 6 already made it. See 006 for what
-- the table holds.
CREATE TABLE IF NOT EXISTS lead_name_change (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('rename', 'merge')),
    on_date     TEXT NOT NULL,
    recorded_at TEXT NOT NULL,              -- RFC 3339: compared with a cycle's created_at
    before      TEXT NOT NULL,
    after       TEXT NOT NULL
);
