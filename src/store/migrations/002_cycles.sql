-- Schema version 2: committee cycles, each a frozen copy of the plan as it
-- stood on a date, so that the appendix of any past paper can be reproduced.

CREATE TABLE cycle (
    id         INTEGER PRIMARY KEY,
    plan_id    INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    label      TEXT NOT NULL,
    closed_on  TEXT NOT NULL,               -- YYYY-MM-DD the snapshot speaks for
    created_at TEXT NOT NULL,               -- RFC 3339 timestamp
    UNIQUE (plan_id, label)
);
CREATE INDEX cycle_by_plan_date ON cycle (plan_id, closed_on, id);

-- One row per milestone as it stood at the cycle: everything the appendix
-- export and the movement report need, copied, so later changes cannot alter it.
CREATE TABLE cycle_milestone (
    cycle_id          INTEGER NOT NULL REFERENCES cycle(id) ON DELETE CASCADE,
    milestone_id      INTEGER NOT NULL REFERENCES milestone(id) ON DELETE CASCADE,
    row_number        INTEGER NOT NULL,     -- order in the plan
    theme             TEXT NOT NULL,
    action            TEXT NOT NULL,
    detail            TEXT NOT NULL,
    leads             TEXT NOT NULL,        -- one name per line
    imported_timeline TEXT NOT NULL,
    timeline          TEXT NOT NULL,
    due               TEXT NOT NULL,
    status            TEXT NOT NULL,
    rag               TEXT NOT NULL,
    comment           TEXT NOT NULL,
    last_update_on    TEXT,                 -- date of the latest update applied, NULL if none
    PRIMARY KEY (cycle_id, milestone_id),
    UNIQUE (cycle_id, row_number)
) WITHOUT ROWID;

-- A cycle is a record of what a committee was shown: never changed afterwards.
CREATE TRIGGER cycle_milestone_is_frozen
BEFORE UPDATE ON cycle_milestone
BEGIN
    SELECT RAISE(ABORT, 'cycle_milestone is frozen');
END;
