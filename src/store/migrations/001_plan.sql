-- Schema version 1: the plan, its people, its append-only update history.

PRAGMA application_id = 1095781454; -- "APLN": marks the file as an actionplan database
-- Migrations are only ever added, never edited once released.

CREATE TABLE partnership (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE plan (
    id             INTEGER PRIMARY KEY,
    partnership_id INTEGER REFERENCES partnership(id),
    name           TEXT NOT NULL UNIQUE,
    source         TEXT NOT NULL,          -- the file it was imported from
    imported_at    TEXT NOT NULL           -- RFC 3339 timestamp
);

-- A "Report Recommendation" of the committee table.
CREATE TABLE theme (
    id       INTEGER PRIMARY KEY,
    plan_id  INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name     TEXT NOT NULL,
    UNIQUE (plan_id, position)
);

CREATE TABLE action (
    id       INTEGER PRIMARY KEY,
    theme_id INTEGER NOT NULL REFERENCES theme(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text     TEXT NOT NULL,
    UNIQUE (theme_id, position)
);

-- A milestone keeps what was imported (never changed afterwards) and its
-- current state, which is derived from the imported state and the update
-- history by Store::refresh_current_state in the same transaction as every
-- update, so that reports over 100,000 milestones need no history scan.
CREATE TABLE milestone (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused, even after --replace
    action_id         INTEGER NOT NULL REFERENCES action(id) ON DELETE CASCADE,
    position          INTEGER NOT NULL,
    detail            TEXT NOT NULL,
    imported_timeline TEXT NOT NULL,
    imported_status   TEXT NOT NULL,
    imported_rag      TEXT NOT NULL CHECK (imported_rag IN ('R', 'A', 'G')),
    imported_comment  TEXT NOT NULL,
    timeline          TEXT NOT NULL,
    due               TEXT NOT NULL,        -- YYYY-MM-DD, last day of the timeline
    status            TEXT NOT NULL CHECK (status IN ('not started', 'in progress', 'complete')),
    rag               TEXT NOT NULL CHECK (rag IN ('R', 'A', 'G')),
    comment           TEXT NOT NULL,
    last_update_on    TEXT,                 -- date of the latest update, NULL if none
    UNIQUE (action_id, position)
);
CREATE INDEX milestone_open_by_due ON milestone (due) WHERE status <> 'complete';

-- People are stored once and linked to milestones in the order the cell gave them.
CREATE TABLE person (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);

CREATE TABLE milestone_lead (
    milestone_id INTEGER NOT NULL REFERENCES milestone(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    person_id    INTEGER NOT NULL REFERENCES person(id),
    PRIMARY KEY (milestone_id, position),
    UNIQUE (milestone_id, person_id)
) WITHOUT ROWID;
CREATE INDEX milestone_lead_by_person ON milestone_lead (person_id, milestone_id);

-- Append-only: an update is never changed or deleted. A NULL field means the
-- update left it as it was. A new timeline always carries its reason.
CREATE TABLE milestone_update (
    id           INTEGER PRIMARY KEY,
    milestone_id INTEGER NOT NULL REFERENCES milestone(id) ON DELETE CASCADE,
    on_date      TEXT NOT NULL,             -- YYYY-MM-DD the update speaks for
    recorded_at  TEXT NOT NULL,             -- RFC 3339 timestamp it was typed in
    by_name      TEXT,
    rag          TEXT CHECK (rag IN ('R', 'A', 'G')),
    status       TEXT CHECK (status IN ('not started', 'in progress', 'complete')),
    comment      TEXT,
    timeline     TEXT,
    reason       TEXT,
    CHECK (timeline IS NULL OR reason IS NOT NULL)
);
CREATE INDEX milestone_update_by_milestone ON milestone_update (milestone_id, on_date, id);
CREATE INDEX milestone_update_by_date ON milestone_update (on_date);

CREATE TRIGGER milestone_update_is_append_only_no_update
BEFORE UPDATE ON milestone_update
BEGIN
    SELECT RAISE(ABORT, 'milestone_update is append-only');
END;

CREATE TRIGGER milestone_update_is_append_only_no_delete
BEFORE DELETE ON milestone_update
BEGIN
    SELECT RAISE(ABORT, 'milestone_update is append-only');
END;
