//! What the fast import path must keep true: a plan stored in batches of
//! rows reads back exactly as the file gave it, each person stored once
//! however the file spells them, milestone ids never used twice, and a
//! failure anywhere (a bad row at the end of a large file, or a refusal while
//! the last batch is stored) leaving the database as it was.

use actionplan::app::import::{ImportOptions, import_appendix, read_appendix};
use actionplan::error::Error;
use actionplan::model::Rag;
use actionplan::model::draft::{ExtraColumn, PeriodState};
use actionplan::model::lead::{display_name, lead_key};
use actionplan::store::{MilestoneFilter, Store};

mod common;

use common::Workdir;

const HEADER: &str =
    "Report Recommendation,Improvement Action,Milestone detail,Lead,Timeline,Comment/RAG,RAG";

/// The people the generated plan's leads name.
const PEOPLE: [&str; 7] = [
    "Ann Smith",
    "Bob Jones",
    "Morag Dendy",
    "Iain Cowan",
    "Sharon Simpson",
    "Graeme Muir",
    "Fiona Fraser",
];

/// The way number `variant` of writing `name`: as it is, in capitals, with a
/// double space, with a full stop after, with a non-breaking space, in lower
/// case. All are one person.
fn spelling(name: &str, variant: usize) -> String {
    match variant % 6 {
        0 => name.to_string(),
        1 => name.to_uppercase(),
        2 => name.replacen(' ', "  ", 1),
        3 => format!("{name}."),
        4 => name.replacen(' ', "\u{a0}", 1),
        _ => name.to_lowercase(),
    }
}

/// One generated milestone row: its cells and its leads as written.
struct Row {
    theme: String,
    action: String,
    detail: String,
    leads: Vec<String>,
    timeline: String,
    rag: &'static str,
}

/// `count` milestones, ten to an action and 50 actions to a theme, each led
/// by one to three of [`PEOPLE`], spelt in turn every way [`spelling`] knows.
fn generate(count: usize) -> Vec<Row> {
    let months = ["Jan", "Apr", "Jul", "Oct"];
    let rags = ["R", "A", "G"];
    (0..count)
        .map(|n| {
            let lead_count = 1 + n % 3;
            let leads = (0..lead_count)
                .map(|k| spelling(PEOPLE[(n + 2 * k) % PEOPLE.len()], n / 7 + k))
                .collect();
            Row {
                theme: format!("Theme {}", n / 500 + 1),
                action: format!("Action {}", n / 10 + 1),
                detail: format!("Milestone {} of the plan", n + 1),
                leads,
                timeline: format!("{} {}", months[n % 4], 20 + n % 3),
                rag: rags[n % 3],
            }
        })
        .collect()
}

/// The rows as an appendix CSV, leads one per line, theme and action cells
/// blank on continuation rows as councils write them.
fn appendix_csv(rows: &[Row]) -> String {
    let quoted = |cell: &str| format!("\"{}\"", cell.replace('"', "\"\""));
    let mut csv = format!("{HEADER}\n");
    let mut previous: Option<&Row> = None;
    for row in rows {
        let theme = match previous {
            Some(p) if p.theme == row.theme => "",
            _ => row.theme.as_str(),
        };
        let action = match previous {
            Some(p) if p.action == row.action => "",
            _ => row.action.as_str(),
        };
        csv.push_str(
            &[
                quoted(theme),
                quoted(action),
                quoted(&row.detail),
                quoted(&row.leads.join("\n")),
                quoted(&row.timeline),
                quoted("On track."),
                quoted(row.rag),
            ]
            .join(","),
        );
        csv.push('\n');
        previous = Some(row);
    }
    csv
}

fn options(plan: &str) -> ImportOptions {
    ImportOptions {
        plan: plan.to_string(),
        ..ImportOptions::default()
    }
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

/// 1,234 milestones: twelve full batches of a hundred and a part batch.
const MILESTONES: usize = 1_234;

#[test]
fn a_large_plan_reads_back_row_by_row_with_each_person_stored_once() {
    let rows = generate(MILESTONES);
    let mut store = Store::in_memory().unwrap();
    let summary = import_appendix(
        &mut store,
        "big.csv",
        appendix_csv(&rows).as_bytes(),
        &options("Big"),
    )
    .unwrap();
    assert_eq!(summary.milestones, MILESTONES);

    // Each person once, shown as the file first spelt them.
    let mut first_spelling: Vec<(String, String)> = Vec::new();
    for lead in rows.iter().flat_map(|row| &row.leads) {
        let key = lead_key(lead);
        if !first_spelling.iter().any(|(k, _)| *k == key) {
            first_spelling.push((key, display_name(lead)));
        }
    }
    assert_eq!(first_spelling.len(), PEOPLE.len());
    assert_eq!(
        count(&store, "SELECT count(*) FROM person"),
        PEOPLE.len() as i64
    );
    let shown = |lead: &String| {
        let key = lead_key(lead);
        first_spelling
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, name)| name.clone())
            .unwrap()
    };

    // Every milestone, in file order, with its own leads in the cell's order.
    let stored = store.milestones(&MilestoneFilter::default()).unwrap();
    assert_eq!(stored.len(), MILESTONES);
    for (row, milestone) in rows.iter().zip(&stored) {
        assert_eq!(milestone.detail, row.detail);
        assert_eq!(milestone.theme, row.theme);
        assert_eq!(milestone.action, row.action);
        assert_eq!(
            milestone.leads,
            row.leads.iter().map(shown).collect::<Vec<_>>(),
            "{}",
            row.detail
        );
        assert_eq!(milestone.rag.label().chars().next(), row.rag.chars().next());
    }
    let leads: usize = rows.iter().map(|row| row.leads.len()).sum();
    assert_eq!(
        count(&store, "SELECT count(*) FROM milestone_lead"),
        leads as i64
    );
    // Ids in plan order, one after another.
    let ids: Vec<i64> = stored.iter().map(|m| m.id).collect();
    assert!(ids.windows(2).all(|pair| pair[1] == pair[0] + 1), "{ids:?}");
}

#[test]
fn a_replaced_plan_never_reuses_a_milestone_id_and_people_are_not_stored_again() {
    let rows = generate(250);
    let csv = appendix_csv(&rows);
    let mut store = Store::in_memory().unwrap();
    import_appendix(&mut store, "a.csv", csv.as_bytes(), &options("P")).unwrap();
    let first_last = count(&store, "SELECT max(id) FROM milestone");
    import_appendix(
        &mut store,
        "b.csv",
        csv.as_bytes(),
        &ImportOptions {
            replace: true,
            ..options("P")
        },
    )
    .unwrap();
    assert_eq!(
        count(&store, "SELECT min(id) FROM milestone"),
        first_last + 1
    );
    assert_eq!(count(&store, "SELECT count(*) FROM milestone"), 250);
    assert_eq!(
        count(&store, "SELECT count(*) FROM person"),
        PEOPLE.len() as i64
    );
    // A second plan naming the same people finds them, in any spelling.
    import_appendix(&mut store, "c.csv", csv.as_bytes(), &options("Q")).unwrap();
    assert_eq!(
        count(&store, "SELECT count(*) FROM person"),
        PEOPLE.len() as i64
    );
}

#[test]
fn a_refusal_while_the_last_batch_is_stored_leaves_the_database_as_it_was() {
    let rows = generate(MILESTONES);
    let mut store = Store::in_memory().unwrap();
    import_appendix(
        &mut store,
        "first.csv",
        appendix_csv(&rows[..10]).as_bytes(),
        &options("First"),
    )
    .unwrap();
    let cache_size = count(&store, "PRAGMA cache_size");
    let temp_store = count(&store, "PRAGMA temp_store");
    let state = |store: &Store| {
        [
            "SELECT count(*) FROM plan",
            "SELECT count(*) FROM theme",
            "SELECT count(*) FROM action",
            "SELECT count(*) FROM milestone",
            "SELECT count(*) FROM milestone_lead",
            "SELECT count(*) FROM person",
            "SELECT seq FROM sqlite_sequence WHERE name = 'milestone'",
        ]
        .map(|sql| count(store, sql))
    };
    let before = state(&store);

    // A new person in the first row, and an MSG proposal that does not
    // exist on the very last milestone: the store refuses it only after
    // every batch before it has been written.
    let mut draft = read_appendix("big.csv", appendix_csv(&rows).as_bytes(), &[], false).unwrap();
    draft.themes[0].actions[0].milestones[0]
        .leads
        .push("Nobody Before".to_string());
    let last = draft
        .themes
        .last_mut()
        .and_then(|theme| theme.actions.last_mut())
        .and_then(|action| action.milestones.last_mut())
        .unwrap();
    last.proposals.push("9.9".to_string());
    let refused = store.insert_plan("Big", None, "big.csv", &draft, false);
    assert!(
        matches!(&refused, Err(Error::Invalid(message)) if message.contains("\"9.9\"")),
        "{refused:?}"
    );
    assert_eq!(state(&store), before);
    assert_eq!(count(&store, "PRAGMA cache_size"), cache_size);
    assert_eq!(count(&store, "PRAGMA temp_store"), temp_store);
}

#[test]
fn a_bad_row_at_the_end_of_a_large_file_is_named_and_nothing_is_stored() {
    let work = Workdir::with_seed_plan();
    let before = work.dump();
    let mut rows = generate(3_000);
    rows.last_mut().unwrap().timeline = "Smarch 21".to_string();
    let file = work.write("big.csv", appendix_csv(&rows));
    let stderr = work.fails(&["import", &file, "--plan", "Big"]);
    // The header is row 1, so the 3,000th milestone is row 3001.
    assert!(stderr.contains("row 3001"), "{stderr}");
    assert!(stderr.contains("Smarch 21"), "{stderr}");
    assert_eq!(work.dump(), before);
}

#[test]
fn period_history_and_kept_columns_are_stored_with_their_own_milestones() {
    // Every third milestone rated Red in an earlier period, which stores it
    // (and the batch before it) early; every milestone with a kept column.
    let rows = generate(250);
    let mut draft = read_appendix("big.csv", appendix_csv(&rows).as_bytes(), &[], false).unwrap();
    draft.extra_columns = vec![ExtraColumn {
        header: "Notes".to_string(),
        after_field: None,
    }];
    let milestones = draft
        .themes
        .iter_mut()
        .flat_map(|theme| &mut theme.actions)
        .flat_map(|action| &mut action.milestones);
    let mut expected_updates = 0;
    for (n, milestone) in milestones.enumerate() {
        milestone.extras = vec![format!("note {n}")];
        if n % 3 == 0 {
            milestone.history = vec![PeriodState {
                ends: "2019-09-30".parse().unwrap(),
                rag: Some(Rag::Red),
                status: None,
            }];
            if milestone.rag != Rag::Red {
                expected_updates += 1;
            }
        }
    }
    let mut store = Store::in_memory().unwrap();
    store
        .insert_plan("P", None, "big.csv", &draft, false)
        .unwrap();
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM milestone_update WHERE from_import = 1"
        ),
        expected_updates
    );
    // Imported as the earliest period rated them, now as the file rates them.
    let stored = store.milestones(&MilestoneFilter::default()).unwrap();
    let imported_rags: Vec<String> = store
        .conn()
        .prepare("SELECT imported_rag FROM milestone ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for (n, row) in rows.iter().enumerate() {
        assert_eq!(stored[n].rag.label().chars().next(), row.rag.chars().next());
        let imported = if n % 3 == 0 { "R" } else { row.rag };
        assert_eq!(imported_rags[n], imported, "{}", row.detail);
    }
    let notes: Vec<String> = store
        .conn()
        .prepare("SELECT value FROM milestone_extra ORDER BY milestone_id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        notes,
        (0..250).map(|n| format!("note {n}")).collect::<Vec<_>>()
    );
}
