-- Schema version 3: the MSG self-evaluation. The MSG's 25 proposals are
-- reference data: the migration's hook loads them from the shipped
-- data/msg-2019-proposals.csv, so every database has them without a manual step.
-- That file is part of this migration: once released, correct it with a new
-- migration, never by editing it.

CREATE TABLE msg_key_feature (
    number INTEGER PRIMARY KEY,             -- 1 to 6
    title  TEXT NOT NULL
);

CREATE TABLE msg_proposal (
    id                  TEXT PRIMARY KEY,   -- "2.3"
    key_feature         INTEGER NOT NULL REFERENCES msg_key_feature(number),
    position            INTEGER NOT NULL UNIQUE, -- order in the template
    text                TEXT NOT NULL,
    local_completion    INTEGER NOT NULL CHECK (local_completion IN (0, 1)),
    not_yet_established TEXT NOT NULL,      -- the indicator text of each level
    partly_established  TEXT NOT NULL,
    established         TEXT NOT NULL,
    exemplary           TEXT NOT NULL
);

-- One partnership's self-evaluation on a date, e.g. its May 2019 return.
CREATE TABLE self_evaluation (
    id             INTEGER PRIMARY KEY,
    partnership_id INTEGER NOT NULL REFERENCES partnership(id),
    label          TEXT NOT NULL,
    on_date        TEXT NOT NULL,           -- YYYY-MM-DD of completion
    source         TEXT,                    -- the file it was imported from; NULL if recorded by hand
    created_at     TEXT NOT NULL,           -- RFC 3339 timestamp
    UNIQUE (partnership_id, label)
);

-- A proposal the self-evaluation speaks to. A proposal with no row here is
-- "not rated"; a row with a NULL rating carries evidence or actions only.
CREATE TABLE self_evaluation_entry (
    self_evaluation_id INTEGER NOT NULL REFERENCES self_evaluation(id) ON DELETE CASCADE,
    proposal_id        TEXT NOT NULL REFERENCES msg_proposal(id),
    rating             TEXT CHECK (rating IN ('not_yet_established', 'partly_established',
                                              'established', 'exemplary')),
    evidence           TEXT NOT NULL,
    PRIMARY KEY (self_evaluation_id, proposal_id)
) WITHOUT ROWID;

-- The proposed improvement actions of an entry, in the order given.
CREATE TABLE self_evaluation_action (
    self_evaluation_id INTEGER NOT NULL,
    proposal_id        TEXT NOT NULL,
    position           INTEGER NOT NULL,
    text               TEXT NOT NULL,
    PRIMARY KEY (self_evaluation_id, proposal_id, position),
    FOREIGN KEY (self_evaluation_id, proposal_id)
        REFERENCES self_evaluation_entry (self_evaluation_id, proposal_id) ON DELETE CASCADE
) WITHOUT ROWID;

-- Which MSG proposals a milestone of the plan delivers on.
CREATE TABLE milestone_proposal (
    milestone_id INTEGER NOT NULL REFERENCES milestone(id) ON DELETE CASCADE,
    proposal_id  TEXT NOT NULL REFERENCES msg_proposal(id),
    -- 'file' when the appendix's MSG proposal column gave it, 'link' when made
    -- by hand with `actionplan link` (which replacing the plan would lose).
    made_by      TEXT NOT NULL DEFAULT 'file' CHECK (made_by IN ('file', 'link')),
    PRIMARY KEY (milestone_id, proposal_id)
) WITHOUT ROWID;
CREATE INDEX milestone_proposal_by_proposal ON milestone_proposal (proposal_id, milestone_id);
