-- Lead returns: the workbooks sent to each lead, the files that came back,
-- and which rows of a return were applied (so a second import applies nothing).
-- Never edit once released.

-- One return: the milestones of one lead, sent on one date.
-- AUTOINCREMENT: a return id is never reused, even after its plan is gone,
-- so a file of an old return can never answer a new one.
CREATE TABLE lead_return (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    lead    TEXT NOT NULL,
    as_of   TEXT NOT NULL,                  -- YYYY-MM-DD the return was made for
    sent_at TEXT NOT NULL                   -- RFC 3339 timestamp
);

-- Each row sent in a return: the milestone and the id of its latest history
-- entry then (0 for none). Only these rows can be answered from the return.
CREATE TABLE lead_return_sent_row (
    return_id    INTEGER NOT NULL REFERENCES lead_return(id) ON DELETE CASCADE,
    milestone_id INTEGER NOT NULL REFERENCES milestone(id) ON DELETE CASCADE,
    entry_id     INTEGER NOT NULL,
    PRIMARY KEY (return_id, milestone_id)
);

-- A returned file, imported: who entered it, for which date, how many rows applied.
CREATE TABLE lead_return_receipt (
    id          INTEGER PRIMARY KEY,
    return_id   INTEGER NOT NULL REFERENCES lead_return(id) ON DELETE CASCADE,
    file        TEXT NOT NULL,
    on_date     TEXT NOT NULL,              -- YYYY-MM-DD the updates speak for
    by_name     TEXT NOT NULL,              -- who imported it
    recorded_at TEXT NOT NULL,              -- RFC 3339 timestamp
    applied     INTEGER NOT NULL,
    answered    INTEGER NOT NULL            -- rows applied, unchanged or applied before:
                                            -- 0 when every row was rejected or in conflict
);

-- Each row of a return that became an update: never applied twice. A row
-- answered again differently (a correction, with --force) adds another update.
CREATE TABLE lead_return_row (
    return_id    INTEGER NOT NULL REFERENCES lead_return(id) ON DELETE CASCADE,
    milestone_id INTEGER NOT NULL REFERENCES milestone(id) ON DELETE CASCADE,
    update_id    INTEGER NOT NULL PRIMARY KEY REFERENCES milestone_update(id) ON DELETE CASCADE
);

CREATE INDEX lead_return_row_by_return ON lead_return_row(return_id, milestone_id);

CREATE INDEX lead_return_by_plan ON lead_return(plan_id, lead);
