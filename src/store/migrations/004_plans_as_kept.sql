-- Schema version 4: what real plans carry. A closed status (withdrawn,
-- superseded, merged) and the plan's own status word; BRAG's Blue and "not
-- rated" (NULL) RAG; no target date ("Ongoing", "TBC": due is NULL); a
-- reference column ("1.1").
--
-- SQLite cannot alter a CHECK, so milestone, milestone_update and
-- cycle_milestone are rebuilt with the documented 12-step procedure
-- (https://www.sqlite.org/lang_altertable.html#otheralter). schema.rs turns
-- foreign keys off around this migration and runs PRAGMA foreign_key_check
-- before it commits.

CREATE TABLE milestone_v4 (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, even after --replace
    action_id            INTEGER NOT NULL REFERENCES action(id) ON DELETE CASCADE,
    position             INTEGER NOT NULL,
    reference            TEXT,                 -- the plan's own number ("1.1"), NULL if none
    detail               TEXT NOT NULL,
    imported_timeline    TEXT NOT NULL,        -- a timeline, or a no-date word ("Ongoing")
    imported_status      TEXT NOT NULL,
    imported_status_word TEXT,                 -- the plan's word ("On track"), NULL if none
    imported_rag         TEXT CHECK (imported_rag IN ('R', 'A', 'G', 'B')),  -- NULL: not rated
    imported_comment     TEXT NOT NULL,
    timeline             TEXT NOT NULL,
    due                  TEXT,                 -- YYYY-MM-DD, last day of the timeline; NULL: no target date
    status               TEXT NOT NULL
                         CHECK (status IN ('not started', 'in progress', 'complete', 'closed')),
    rag                  TEXT CHECK (rag IN ('R', 'A', 'G', 'B')),            -- NULL: not rated
    comment              TEXT NOT NULL,
    last_update_on       TEXT,                 -- date of the latest update, NULL if none
    UNIQUE (action_id, position)
);
INSERT INTO milestone_v4 (id, action_id, position, detail, imported_timeline, imported_status,
        imported_rag, imported_comment, timeline, due, status, rag, comment, last_update_on)
    SELECT id, action_id, position, detail, imported_timeline, imported_status,
           imported_rag, imported_comment, timeline, due, status, rag, comment, last_update_on
      FROM milestone;
DROP TABLE milestone;
ALTER TABLE milestone_v4 RENAME TO milestone;
CREATE INDEX milestone_open_by_due ON milestone (due)
    WHERE status IN ('not started', 'in progress') AND due IS NOT NULL;

CREATE TABLE milestone_update_v4 (
    id           INTEGER PRIMARY KEY,
    milestone_id INTEGER NOT NULL REFERENCES milestone(id) ON DELETE CASCADE,
    on_date      TEXT NOT NULL,             -- YYYY-MM-DD the update speaks for
    recorded_at  TEXT NOT NULL,             -- RFC 3339 timestamp it was typed in
    by_name      TEXT,
    rag          TEXT CHECK (rag IN ('R', 'A', 'G', 'B')),
    status       TEXT CHECK (status IN ('not started', 'in progress', 'complete', 'closed')),
    comment      TEXT,
    timeline     TEXT,
    reason       TEXT,
    -- 1: made by `import` from a table rating several periods; such rows
    -- come from the file, so `import --replace` may delete them with the plan.
    from_import  INTEGER NOT NULL DEFAULT 0 CHECK (from_import IN (0, 1)),
    CHECK (timeline IS NULL OR reason IS NOT NULL)
);
INSERT INTO milestone_update_v4 (id, milestone_id, on_date, recorded_at, by_name, rag, status,
        comment, timeline, reason)
    SELECT id, milestone_id, on_date, recorded_at, by_name, rag, status, comment, timeline, reason
      FROM milestone_update;
DROP TABLE milestone_update;
ALTER TABLE milestone_update_v4 RENAME TO milestone_update;
CREATE INDEX milestone_update_by_milestone ON milestone_update (milestone_id, on_date, id);
CREATE INDEX milestone_update_by_date ON milestone_update (on_date);

CREATE TRIGGER milestone_update_is_append_only_no_update
BEFORE UPDATE ON milestone_update
BEGIN
    SELECT RAISE(ABORT, 'milestone_update is append-only');
END;

CREATE TRIGGER milestone_update_is_append_only_no_delete
BEFORE DELETE ON milestone_update
WHEN OLD.from_import = 0
BEGIN
    SELECT RAISE(ABORT, 'milestone_update is append-only');
END;

CREATE TABLE cycle_milestone_v4 (
    cycle_id          INTEGER NOT NULL REFERENCES cycle(id) ON DELETE CASCADE,
    milestone_id      INTEGER NOT NULL REFERENCES milestone(id) ON DELETE CASCADE,
    row_number        INTEGER NOT NULL,     -- order in the plan
    reference         TEXT,
    theme             TEXT NOT NULL,
    action            TEXT NOT NULL,
    detail            TEXT NOT NULL,
    leads             TEXT NOT NULL,        -- one name per line
    imported_timeline TEXT NOT NULL,
    timeline          TEXT NOT NULL,
    due               TEXT,                 -- NULL: no target date
    status            TEXT NOT NULL,
    status_word       TEXT,                 -- the plan's word for the status, NULL if none
    rag               TEXT,                 -- NULL: not rated
    comment           TEXT NOT NULL,
    last_update_on    TEXT,                 -- date of the latest update applied, NULL if none
    PRIMARY KEY (cycle_id, milestone_id),
    UNIQUE (cycle_id, row_number)
) WITHOUT ROWID;
INSERT INTO cycle_milestone_v4 (cycle_id, milestone_id, row_number, theme, action, detail, leads,
        imported_timeline, timeline, due, status, rag, comment, last_update_on)
    SELECT cycle_id, milestone_id, row_number, theme, action, detail, leads,
           imported_timeline, timeline, due, status, rag, comment, last_update_on
      FROM cycle_milestone;
DROP TABLE cycle_milestone;
ALTER TABLE cycle_milestone_v4 RENAME TO cycle_milestone;

CREATE TRIGGER cycle_milestone_is_frozen
BEFORE UPDATE ON cycle_milestone
BEGIN
    SELECT RAISE(ABORT, 'cycle_milestone is frozen');
END;

-- People are one person however a plan spells them ("ANN  SMITH." is "Ann
-- Smith"): name_key is the whole name tidied, in lower case. The migration's
-- hook (store/plan.rs, key_people) fills it and creates the index
-- person_by_key. It never merges people who already share a key: that would
-- change who led milestones in history. Imports use the first with a key.
ALTER TABLE person ADD COLUMN name_key TEXT;

-- Columns the tool has no field for, kept with `import --keep-extra` and
-- exported back in place: each after the field column it followed in the
-- file (after_field NULL: first), in file order.
CREATE TABLE plan_extra_column (
    plan_id     INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    position    INTEGER NOT NULL,
    header      TEXT NOT NULL,
    after_field TEXT,
    PRIMARY KEY (plan_id, position)
) WITHOUT ROWID;

CREATE TABLE milestone_extra (
    milestone_id INTEGER NOT NULL REFERENCES milestone(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,              -- plan_extra_column.position
    value        TEXT NOT NULL,
    PRIMARY KEY (milestone_id, position)
) WITHOUT ROWID;

-- A cycle reproduces the appendix its paper showed. Cycles closed before this
-- version were exported in the first release's seven columns, which had no
-- Status column (a status the comment did not imply was not shown); they keep
-- that layout, so that their export stays byte for byte what the paper had.
-- Cycles closed from now on add the Status column when a status needs it.
ALTER TABLE cycle ADD COLUMN seven_column_appendix INTEGER NOT NULL DEFAULT 0
    CHECK (seven_column_appendix IN (0, 1));
UPDATE cycle SET seven_column_appendix = 1;
