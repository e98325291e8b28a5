-- Schema version 7: reports that stream. Never edit once released.
--
-- milestone_state: each milestone's state at the end of every day on which
-- it had live (not retracted) updates, derived from milestone_update (the
-- source of truth) and rewritten for a milestone in the same transaction as
-- any change to its history. A milestone with updates also has one row dated
-- '' (before every date) holding its imported state. So the state of a
-- milestone updated after day D is its row with the greatest on_date <= D:
-- one seek, no replay. A milestone not updated after D (last_update_on <= D,
-- or never updated) had its current cached state on D. `check-db` compares
-- every row with a full replay of the history.
CREATE TABLE milestone_state (
    milestone_id INTEGER NOT NULL REFERENCES milestone(id) ON DELETE CASCADE,
    on_date      TEXT NOT NULL,             -- YYYY-MM-DD, or '' for the imported state
    timeline     TEXT NOT NULL,
    due          TEXT,
    status       TEXT NOT NULL,
    rag          TEXT,                      -- NULL: not rated
    comment      TEXT NOT NULL,
    PRIMARY KEY (milestone_id, on_date)
) WITHOUT ROWID;

-- Whether any milestone was updated after a date: one seek, so a report for
-- a date with nothing later reads the cached state on the open-by-due index.
CREATE INDEX milestone_by_last_update ON milestone (last_update_on)
    WHERE last_update_on IS NOT NULL;

-- `rag` counts a theme's milestones from this index alone (action, then the
-- columns the count and its as-of filters read), never the wide rows.
CREATE INDEX milestone_rag_by_action
    ON milestone (action_id, status, rag, added_on, retired_on, last_update_on);
