//! The sqlite3 side: for each command, the best plain SQL that answers the
//! same question from the same database file, run by the `sqlite3` shell. It
//! is the floor a report could reach (no checks, no formatting, no formula
//! guard), so "x sqlite3" in the tables is actionplan's time over this one.
//!
//! This SQL is the benchmark's own, not a copy of the store's: the store's
//! reads of milestones list each milestone's leads with `group_concat(...
//! ORDER BY ...)`, which the `sqlite3` shell that Debian ships (3.40) cannot
//! parse, and the store builds `update` from several statements around its
//! checks. So these queries are written for that shell and for the plans this
//! benchmark generates (timelines are all "Mon YY"; nothing is retired or
//! retracted, though the filters the reports apply are kept so the work is
//! the same). Where the shell can run the store's own query, the benchmark
//! takes it from the library instead: `rag` runs `Store::rag_counts_sql`
//! (see `suite.rs`).

/// A milestone's leads, one per line in their order.
const LEADS: &str = "(SELECT group_concat(name, char(10)) FROM (
        SELECT person.name FROM milestone_lead ml JOIN person ON person.id = ml.person_id
         WHERE ml.milestone_id = m.id ORDER BY ml.position))";

/// Every milestone with its action, theme and plan.
const FROM: &str = "FROM milestone m JOIN action a ON a.id = m.action_id
     JOIN theme t ON t.id = a.theme_id JOIN plan p ON p.id = t.plan_id";

/// What every report over all plans leaves out: retired milestones, archived plans.
const LIVE: &str = "m.retired_on IS NULL AND p.archived_on IS NULL";

/// Plan order: plan, theme, action, milestone.
const PLAN_ORDER: &str = "p.id, t.position, a.position, m.position";

/// Open (not complete, not closed) and with a due date.
const OPEN: &str = "m.status IN ('not started', 'in progress') AND m.due IS NOT NULL";

/// Mirrors `overdue` (as of today, or any date after the latest update): open
/// milestones due before `as_of` from the cached current state, most overdue first.
pub fn overdue_current(as_of: &str) -> String {
    format!(
        "SELECT m.id, p.name AS plan, t.name AS theme, a.text AS action, m.detail AS milestone,
                {LEADS} AS leads, m.timeline, m.due, m.status, m.rag, m.comment,
                CAST(julianday('{as_of}') - julianday(m.due) AS INTEGER) AS days_overdue
           {FROM}
          WHERE {OPEN} AND m.due < '{as_of}' AND {LIVE}
          ORDER BY m.due, {PLAN_ORDER};"
    )
}

/// Mirrors `overdue --as-of PAST`: each milestone's state at the end of
/// `as_of`, then as `overdue_current`. A milestone not updated after `as_of`
/// has its cached current state; another has, from the derived table
/// `milestone_state` (migration 007) when `with_state_table`, the row with the
/// latest `on_date <= as_of` (one seek), else its imported state. Without that
/// table each field is replayed from the history: the latest non-null value
/// dated on or before `as_of` (by date, then as recorded), else the imported one.
pub fn overdue_past(as_of: &str, with_state_table: bool) -> String {
    // A field as it stood on `as_of`: cached when nothing later happened.
    let field = |name: &str, then: &str| {
        format!(
            "CASE WHEN m.last_update_on IS NULL OR m.last_update_on <= '{as_of}' THEN m.{name}
                  ELSE {then} END AS {name}"
        )
    };
    // The due date of an imported "Mon YY" timeline: its month's last day.
    let due_of = |timeline: &str| {
        format!(
            "date(printf('20%s-%02d-01', substr({timeline}, 5, 2),
                  (instr('JanFebMarAprMayJunJulAugSepOctNovDec', substr({timeline}, 1, 3)) + 2) / 3),
                  '+1 month', '-1 day')"
        )
    };
    let state = if with_state_table {
        let from_state = |name: &str, imported: &str| {
            format!("CASE WHEN s.milestone_id IS NULL THEN {imported} ELSE s.{name} END")
        };
        format!(
            "SELECT m.id, m.action_id, m.position, m.detail, m.retired_on, m.added_on,
                    {timeline}, {due}, {status}, {rag}, {comment}
               FROM milestone m
               LEFT JOIN milestone_state s
                 ON m.last_update_on > '{as_of}' AND s.milestone_id = m.id
                AND s.on_date = (SELECT max(x.on_date) FROM milestone_state x
                                  WHERE x.milestone_id = m.id AND x.on_date <= '{as_of}')",
            timeline = field("timeline", &from_state("timeline", "m.imported_timeline")),
            due = field("due", &from_state("due", &due_of("m.imported_timeline"))),
            status = field("status", &from_state("status", "m.imported_status")),
            rag = field("rag", &from_state("rag", "m.imported_rag")),
            comment = field("comment", &from_state("comment", "m.imported_comment")),
        )
    } else {
        let replayed = |name: &str| {
            format!(
                "coalesce((SELECT u.{name} FROM milestone_update u
                            WHERE u.milestone_id = m.id AND u.on_date <= '{as_of}'
                              AND u.{name} IS NOT NULL
                              AND NOT EXISTS (SELECT 1 FROM milestone_update r WHERE r.retracts = u.id)
                            ORDER BY u.on_date DESC, u.id DESC LIMIT 1), m.imported_{name})"
            )
        };
        format!(
            "SELECT r.*, CASE WHEN r.timeline = r.cached_timeline THEN r.cached_due
                              ELSE {due} END AS due
               FROM (SELECT m.id, m.action_id, m.position, m.detail, m.retired_on, m.added_on,
                            m.timeline AS cached_timeline, m.due AS cached_due,
                            {timeline}, {status}, {rag}, {comment}
                       FROM milestone m) r",
            due = due_of("r.timeline"),
            timeline = field("timeline", &replayed("timeline")),
            status = field("status", &replayed("status")),
            rag = field("rag", &replayed("rag")),
            comment = field("comment", &replayed("comment")),
        )
    };
    format!(
        "WITH m AS ({state})
         SELECT m.id, p.name AS plan, t.name AS theme, a.text AS action, m.detail AS milestone,
                {LEADS} AS leads, m.timeline, m.due, m.status, m.rag, m.comment,
                CAST(julianday('{as_of}') - julianday(m.due) AS INTEGER) AS days_overdue
           FROM m JOIN action a ON a.id = m.action_id
           JOIN theme t ON t.id = a.theme_id JOIN plan p ON p.id = t.plan_id
          WHERE {OPEN} AND m.due < '{as_of}'
            AND (m.added_on IS NULL OR m.added_on <= '{as_of}')
            AND (m.retired_on IS NULL OR m.retired_on > '{as_of}') AND p.archived_on IS NULL
          ORDER BY m.due, {PLAN_ORDER};"
    )
}

/// Mirrors `export` (the committee appendix CSV): every milestone in plan order.
pub fn export() -> String {
    format!(
        "SELECT t.name AS \"Report Recommendation\", a.text AS \"Improvement Action\",
                m.detail AS \"Milestone detail\", {LEADS} AS \"Lead\", m.timeline AS \"Timeline\",
                m.comment AS \"Comment/RAG\", m.rag AS \"RAG\"
           {FROM} WHERE {LIVE} ORDER BY {PLAN_ORDER};"
    )
}

/// Mirrors `list` (as CSV, and as a table with the shell's `-table` mode):
/// every milestone with its id, in plan order.
pub fn list() -> String {
    format!(
        "SELECT m.id, p.name AS plan, t.name AS theme, a.text AS action, m.detail AS milestone,
                {LEADS} AS leads, m.timeline, m.due, m.status, m.rag, m.comment
           {FROM} WHERE {LIVE} ORDER BY {PLAN_ORDER};"
    )
}

/// Mirrors `weekly --format csv` with its defaults (7 days newly overdue, 14
/// days due soon, 8 weeks stale): for each lead in name order, each of their
/// open milestones that is overdue, due soon or stale, with its section.
pub fn weekly(as_of: &str) -> String {
    format!(
        "SELECT person.name AS lead,
                CASE WHEN m.due < date('{as_of}', '-7 days') THEN 'overdue'
                     WHEN m.due < '{as_of}' THEN 'newly overdue'
                     WHEN m.due <= date('{as_of}', '+14 days') THEN 'due soon'
                     ELSE 'stale' END AS section,
                m.id, p.name AS plan, m.detail AS milestone, m.timeline, m.due, m.status, m.rag,
                m.comment, m.last_update_on,
                m.last_update_on IS NULL OR m.last_update_on < date('{as_of}', '-56 days') AS stale
           FROM milestone_lead ml JOIN person ON person.id = ml.person_id
           JOIN milestone m ON m.id = ml.milestone_id JOIN action a ON a.id = m.action_id
           JOIN theme t ON t.id = a.theme_id JOIN plan p ON p.id = t.plan_id
          WHERE {OPEN} AND {LIVE}
            AND (m.due <= date('{as_of}', '+14 days') OR m.last_update_on IS NULL
                 OR m.last_update_on < date('{as_of}', '-56 days'))
          ORDER BY person.name, section, m.due, {PLAN_ORDER};"
    )
}

/// Mirrors `history --since DATE --format json`: every entry dated on or after
/// `since`, oldest first (by date, then as recorded), with its milestone and plan.
pub fn history(since: &str) -> String {
    format!(
        "SELECT u.milestone_id AS id, p.name AS plan, m.detail AS milestone, u.on_date AS \"on\",
                u.by_name AS \"by\", u.rag, u.status, u.comment, u.timeline, u.reason,
                u.id AS update_id, u.kind
           FROM milestone_update u JOIN milestone m ON m.id = u.milestone_id
           JOIN action a ON a.id = m.action_id JOIN theme t ON t.id = a.theme_id
           JOIN plan p ON p.id = t.plan_id
          WHERE u.on_date >= '{since}' AND p.archived_on IS NULL
          ORDER BY u.on_date, u.id;"
    )
}

/// Mirrors `plans`: each plan with its counts of themes, actions and milestones.
/// The same counts as the store's `Store::plans` (src/store/plan.rs), which
/// keeps that SQL private: it should come from the library, like `rag`'s,
/// once the store exposes it.
pub const PLANS: &str = "SELECT p.id, p.name, pa.name, p.source, p.imported_at,
        (SELECT count(*) FROM theme t WHERE t.plan_id = p.id),
        (SELECT count(*) FROM action a JOIN theme t ON t.id = a.theme_id WHERE t.plan_id = p.id),
        (SELECT count(*) FROM milestone m JOIN action a ON a.id = m.action_id
          JOIN theme t ON t.id = a.theme_id WHERE t.plan_id = p.id AND m.retired_on IS NULL)
   FROM plan p LEFT JOIN partnership pa ON pa.id = p.partnership_id ORDER BY p.id;";

/// Mirrors `update ID --rag A --comment TEXT --by NAME --on DAY`: the update
/// appended, the milestone's cached state set, and (with migration 007) its
/// state at the end of that day written to `milestone_state`, in one
/// IMMEDIATE transaction with the store's pragmas.
pub fn update(
    id: usize,
    day: &str,
    recorded_at: &str,
    comment: &str,
    with_state_table: bool,
) -> String {
    let state = if with_state_table {
        format!(
            "INSERT OR REPLACE INTO milestone_state (milestone_id, on_date, timeline, due, status, rag, comment)
               SELECT id, '{day}', timeline, due, status, rag, comment FROM milestone WHERE id = {id};"
        )
    } else {
        String::new()
    };
    format!(
        "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 60000;
         BEGIN IMMEDIATE;
         INSERT INTO milestone_update (milestone_id, on_date, recorded_at, by_name, rag, comment)
           VALUES ({id}, '{day}', '{recorded_at}', 'Ross McGuffie', 'A', '{comment}');
         UPDATE milestone SET rag = 'A', comment = '{comment}', last_update_on = '{day}' WHERE id = {id};
         {state}
         COMMIT;"
    )
}

/// Mirrors `import`: the shell's `.import` of the same CSV into one table of
/// text columns (no checks, no normalising: the floor for reading the file).
pub fn import(csv: &str) -> String {
    format!(".import --csv {csv} appendix")
}
