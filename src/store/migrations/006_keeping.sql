-- Schema version 6: keeping the plan alive. Milestones are added, edited,
-- moved, reassigned and retired after import, and a wrong entry is retracted;
-- each is one more entry in the append-only history (milestone_update), with
-- who, when and why. Never edit once released.
--
-- kind: 'update'  a lead's progress report (RAG, status, comment, timeline);
--       'add'     the milestone was added after import (its first state is
--                 the milestone's imported_* columns);
--       'edit'    one field changed: field is 'milestone', 'action', 'theme',
--                 'reference' or 'leads' (one name per line), with the value
--                 it replaced (before) and its new value (after);
--       'move'    placed under another action: before/after name the actions;
--       'retire'  withdrawn, superseded or merged (into_milestone): gone
--                 from reports from on_date, kept in history;
--       'retract' the entry `retracts` is treated as never made.
ALTER TABLE milestone_update ADD COLUMN kind TEXT NOT NULL DEFAULT 'update'
    CHECK (kind IN ('update', 'add', 'edit', 'move', 'retire', 'retract'));
ALTER TABLE milestone_update ADD COLUMN field TEXT
    CHECK (field IS NULL OR field IN ('milestone', 'action', 'theme', 'reference', 'leads'));
ALTER TABLE milestone_update ADD COLUMN before TEXT;
ALTER TABLE milestone_update ADD COLUMN after TEXT;
ALTER TABLE milestone_update ADD COLUMN retracts INTEGER REFERENCES milestone_update(id);
ALTER TABLE milestone_update ADD COLUMN into_milestone INTEGER REFERENCES milestone(id);
CREATE UNIQUE INDEX milestone_update_retracted_once ON milestone_update (retracts)
    WHERE retracts IS NOT NULL;

-- Cached from the history, like the current state: the day a milestone added
-- after import joined the plan (NULL: imported with it), and the day it was
-- retired (NULL: not retired).
ALTER TABLE milestone ADD COLUMN added_on TEXT;
ALTER TABLE milestone ADD COLUMN retired_on TEXT;

-- An archived plan is kept, and left out of reports over every plan.
ALTER TABLE plan ADD COLUMN archived_on TEXT;

-- Changes to a plan as a whole (rename, archive, unarchive), with who, when and why.
CREATE TABLE plan_change (
    id          INTEGER PRIMARY KEY,
    plan_id     INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    on_date     TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    by_name     TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('rename', 'archive', 'unarchive')),
    before      TEXT,
    after       TEXT,
    reason      TEXT
);

-- Each `lead rename` and `lead merge`: a name before and after. The
-- milestones' history has the entries; this says that a name was corrected
-- (rename) or made one with another person's (merge), so that `movement`
-- does not report a corrected spelling as a reassignment, and a retraction
-- restores a lead under the name they have now.
CREATE TABLE lead_name_change (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('rename', 'merge')),
    on_date     TEXT NOT NULL,
    recorded_at TEXT NOT NULL,              -- RFC 3339: compared with a cycle's created_at
    before      TEXT NOT NULL,
    after       TEXT NOT NULL
);

-- History is append-only, except that `plan delete` (after writing a backup)
-- removes a whole plan: it holds a row here for the length of its transaction.
CREATE TABLE plan_deletion (plan_id INTEGER PRIMARY KEY);

DROP TRIGGER milestone_update_is_append_only_no_delete;
CREATE TRIGGER milestone_update_is_append_only_no_delete
BEFORE DELETE ON milestone_update
WHEN OLD.from_import = 0 AND NOT EXISTS (SELECT 1 FROM plan_deletion)
BEGIN
    SELECT RAISE(ABORT, 'milestone_update is append-only');
END;
