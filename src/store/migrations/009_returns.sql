-- Lead returns: the workbooks sent to each lead, the files that came back,
-- and which rows of a return were applied (so a second import applies nothing).
-- Numbered 009 on the returns branch; renumbered at merge. Never edit once released.

-- One return: the milestones of one lead, sent on one date.
CREATE TABLE lead_return (
    id      INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    lead    TEXT NOT NULL,
    as_of   TEXT NOT NULL,                  -- YYYY-MM-DD the return was made for
    sent_at TEXT NOT NULL                   -- RFC 3339 timestamp
);

-- A returned file, imported: who entered it, for which date, how many rows applied.
CREATE TABLE lead_return_receipt (
    id          INTEGER PRIMARY KEY,
    return_id   INTEGER NOT NULL REFERENCES lead_return(id) ON DELETE CASCADE,
    file        TEXT NOT NULL,
    on_date     TEXT NOT NULL,              -- YYYY-MM-DD the updates speak for
    by_name     TEXT NOT NULL,              -- who imported it
    recorded_at TEXT NOT NULL,              -- RFC 3339 timestamp
    applied     INTEGER NOT NULL
);

-- Each row of a return that became an update: never applied twice.
CREATE TABLE lead_return_row (
    return_id    INTEGER NOT NULL REFERENCES lead_return(id) ON DELETE CASCADE,
    milestone_id INTEGER NOT NULL REFERENCES milestone(id) ON DELETE CASCADE,
    update_id    INTEGER NOT NULL REFERENCES milestone_update(id) ON DELETE CASCADE,
    PRIMARY KEY (return_id, milestone_id)
);

CREATE INDEX lead_return_by_plan ON lead_return(plan_id, lead);
