//! `actionplan plan`: renaming, archiving (and the global
//! `--include-archived`) and deleting a plan, through the real binary on the
//! seed plan.

mod common;

use std::collections::BTreeSet;

use common::{SEED_PLAN, Workdir, listing};

/// The seed plan as "NL" and again as "Old" (milestones 39 to 76).
fn two_plans() -> Workdir {
    let work = Workdir::with_seed_plan();
    work.ok(&["import", SEED_PLAN, "--plan", "Old"]);
    work
}

/// The plans a JSON report's rows name.
fn plans_in(json: &serde_json::Value) -> BTreeSet<String> {
    json.as_array()
        .unwrap()
        .iter()
        .map(|row| row["plan"].as_str().unwrap().to_string())
        .collect()
}

/// The plan names of `report ARGS --format json`, with the flags before it.
fn report_plans(work: &Workdir, flags: &[&str], report: &[&str]) -> BTreeSet<String> {
    let args: Vec<&str> = flags
        .iter()
        .chain(report)
        .chain(&["--format", "json"])
        .copied()
        .collect();
    plans_in(&work.json(&args))
}

/// Runs a command that must succeed with nothing on stdout; returns stderr.
fn quietly(work: &Workdir, args: &[&str]) -> String {
    let output = work.run(args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout), "", "{args:?}");
    String::from_utf8(output.stderr).unwrap()
}

/// Some history and a closed cycle on a plan: an update to `milestone`, then
/// cycle "C1" closed on 2020-02-18.
fn with_history(work: &Workdir, plan: &str, milestone: &str) {
    work.ok(&[
        "update",
        milestone,
        "--rag",
        "R",
        "--comment",
        "Slipping",
        "--by",
        "Ann Lead",
        "--on",
        "2020-02-10",
    ]);
    work.ok(&["cycle", "close", "C1", "--plan", plan, "--on", "2020-02-18"]);
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|n| n.to_string()).collect()
}

#[test]
fn archiving_hides_a_plan_from_reports_over_every_plan_and_include_archived_brings_it_back() {
    let work = two_plans();
    let said = quietly(
        &work,
        &[
            "plan",
            "archive",
            "Old",
            "--by",
            "Ann Lead",
            "--on",
            "2021-03-01",
            "--reason",
            "Superseded",
        ],
    );
    assert_eq!(
        said,
        "archived plan \"Old\" on 2021-03-01: reports over every plan leave it out (see --include-archived)\n"
    );
    let as_of = ["--as-of", "2020-03-09"];
    for report in [&["overdue"][..], &["rag"], &["list"]] {
        let report: Vec<&str> = report
            .iter()
            .chain(if report[0] == "list" {
                &[][..]
            } else {
                &as_of[..]
            })
            .copied()
            .collect();
        assert_eq!(
            report_plans(&work, &[], &report),
            set(&["NL"]),
            "{report:?}"
        );
        assert_eq!(
            report_plans(&work, &["--include-archived"], &report),
            set(&["NL", "Old"]),
            "{report:?}"
        );
        // Named, an archived plan is always shown.
        let named: Vec<&str> = report.iter().chain(&["--plan", "Old"]).copied().collect();
        assert_eq!(report_plans(&work, &[], &named), set(&["Old"]), "{named:?}");
    }
    // The flag is global: after the command too.
    assert_eq!(
        plans_in(&work.json(&["list", "--format", "json", "--include-archived"])),
        set(&["NL", "Old"])
    );
}

#[test]
fn plans_marks_an_archived_plan_in_every_format() {
    let work = two_plans();
    quietly(
        &work,
        &[
            "plan",
            "archive",
            "Old",
            "--by",
            "Ann Lead",
            "--on",
            "2021-03-01",
        ],
    );
    let json = work.json(&["plans", "--format", "json"]);
    assert_eq!(json[0]["archived_on"], serde_json::Value::Null);
    assert_eq!(json[1]["archived_on"], "2021-03-01");
    let csv = work.ok_csv(&["plans", "--format", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert!(lines[0].ends_with(",imported_at,archived_on"), "{csv}");
    assert!(lines[1].ends_with(','), "{csv}");
    assert!(lines[2].ends_with(",2021-03-01"), "{csv}");
    let markdown = work.ok(&["plans", "--format", "markdown"]);
    assert!(
        markdown.contains("| Old (archived 2021-03-01) |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("| NL | North Lanarkshire |"),
        "{markdown}"
    );
}

#[test]
fn when_every_plan_is_archived_reports_over_every_plan_say_so() {
    let work = Workdir::with_seed_plan();
    quietly(
        &work,
        &[
            "plan",
            "archive",
            "NL",
            "--by",
            "Ann Lead",
            "--on",
            "2021-03-01",
        ],
    );
    for report in [
        &["overdue"][..],
        &["rag"],
        &["list"],
        &["history"],
        &["check"],
        &["lead", "list"],
    ] {
        let err = work.fails(report);
        assert_eq!(
            err,
            "actionplan: every plan in the database is archived (\"NL\" (archived 2021-03-01)): name one with --plan, give --include-archived to report on archived plans, or bring one back with actionplan plan unarchive NAME --by NAME\n",
            "{report:?}"
        );
    }
    assert_eq!(
        common::ids(&work.json(&["--include-archived", "list", "--format", "json"])).len(),
        38
    );
    assert_eq!(
        common::ids(&work.json(&["list", "--plan", "NL", "--format", "json"])).len(),
        38
    );
}

#[test]
fn unarchiving_brings_a_plan_back_and_each_is_refused_when_it_changes_nothing() {
    let work = two_plans();
    let before = work.dump();
    let err = work.fails(&["plan", "unarchive", "Old", "--by", "Ann Lead"]);
    assert_eq!(
        err,
        "actionplan: plan \"Old\" is not archived: nothing to unarchive\n"
    );
    assert_eq!(work.dump(), before);
    quietly(
        &work,
        &[
            "plan",
            "archive",
            "Old",
            "--by",
            "Ann Lead",
            "--on",
            "2021-03-01",
        ],
    );
    let err = work.fails(&["plan", "archive", "Old", "--by", "Ann Lead"]);
    assert_eq!(
        err,
        "actionplan: plan \"Old\" was archived already, on 2021-03-01\n"
    );
    let said = quietly(&work, &["plan", "unarchive", "Old", "--by", "Ann Lead"]);
    assert_eq!(
        said,
        "unarchived plan \"Old\" (archived since 2021-03-01): reports over every plan show it again\n"
    );
    assert_eq!(
        plans_in(&work.json(&["list", "--format", "json"])),
        set(&["NL", "Old"])
    );
    let changes: Vec<String> = rusqlite::Connection::open(work.db())
        .unwrap()
        .prepare("SELECT kind || ' ' || coalesce(before, '-') || ' ' || coalesce(after, '-') || ' ' || by_name FROM plan_change ORDER BY id")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        changes,
        [
            "archive - 2021-03-01 Ann Lead",
            "unarchive 2021-03-01 - Ann Lead"
        ]
    );
}

#[test]
fn renaming_a_plan_keeps_its_cycles_and_history() {
    let work = two_plans();
    with_history(&work, "NL", "13");
    let cycle_before = work.ok(&["export", "--plan", "NL", "--cycle", "C1"]);
    let history_before = work.ok(&["history", "--plan", "NL", "--format", "csv"]);
    let said = quietly(
        &work,
        &[
            "plan",
            "rename",
            "NL",
            "NL 2020",
            "--by",
            "Ann Lead",
            "--on",
            "2020-03-01",
            "--reason",
            "Year in the name",
        ],
    );
    assert_eq!(said, "renamed plan \"NL\" to \"NL 2020\"\n");
    assert_eq!(
        work.ok(&["export", "--plan", "NL 2020", "--cycle", "C1"]),
        cycle_before
    );
    assert_eq!(
        work.ok(&["history", "--plan", "NL 2020", "--format", "csv"]),
        history_before.replace("\r\n13,NL,", "\r\n13,NL 2020,")
    );
    let cycles = work.ok(&["cycle", "list", "--plan", "NL 2020"]);
    assert!(cycles.contains(" NL 2020 "), "{cycles}");
    assert!(cycles.contains(" C1 "), "{cycles}");
    let err = work.fails(&["list", "--plan", "NL"]);
    assert!(
        err.starts_with("actionplan: no plan named \"NL\":")
            && err.ends_with("plans in the database: \"NL 2020\", \"Old\"\n"),
        "{err}"
    );
    let recorded: String = rusqlite::Connection::open(work.db())
        .unwrap()
        .query_row(
            "SELECT kind || '|' || before || '|' || after || '|' || on_date || '|' || by_name || '|' || reason FROM plan_change",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(
        recorded,
        "rename|NL|NL 2020|2020-03-01|Ann Lead|Year in the name"
    );
}

#[test]
fn renaming_a_plan_to_a_name_in_use_is_refused_and_writes_nothing() {
    let work = two_plans();
    let before = work.dump();
    let err = work.fails(&["plan", "rename", "NL", "Old", "--by", "Ann Lead"]);
    assert_eq!(
        err,
        "actionplan: a plan named \"Old\" exists already: choose another name\n"
    );
    let err = work.fails(&["plan", "rename", "Nope", "New", "--by", "Ann Lead"]);
    assert!(
        err.starts_with("actionplan: no plan named \"Nope\""),
        "{err}"
    );
    let err = work.fails(&[
        "plan",
        "rename",
        "NL",
        "New",
        "--by",
        "Ann Lead",
        "--on",
        "2999-01-01",
    ]);
    assert!(
        err.starts_with("actionplan: --on 2999-01-01 is in the future"),
        "{err}"
    );
    assert_eq!(work.dump(), before);
}

#[test]
fn deleting_without_yes_is_refused_and_says_what_would_be_lost() {
    let work = two_plans();
    with_history(&work, "NL", "13");
    let before = work.dump();
    let files = listing(work.path());
    let err = work.fails(&["plan", "delete", "NL", "--by", "Ann Lead"]);
    assert_eq!(
        err,
        "actionplan: deleting plan \"NL\" would lose 38 milestones, 1 recorded update, 1 committee cycle and 0 lead returns; nothing was deleted: give --yes to delete it (a backup of the database is written first)\n"
    );
    assert_eq!(work.dump(), before);
    assert_eq!(listing(work.path()), files, "no backup without --yes");
}

#[test]
fn deleting_with_yes_leaves_a_backup_that_restore_brings_back() {
    let work = two_plans();
    with_history(&work, "NL", "13");
    let history_before = work.ok(&["history", "--plan", "NL", "--format", "csv"]);
    let said = quietly(
        &work,
        &["plan", "delete", "NL", "--by", "Ann Lead", "--yes"],
    );
    let backups: Vec<String> = listing(work.path())
        .into_iter()
        .filter(|name| name.starts_with("actionplan.db.before-delete-nl-"))
        .collect();
    assert_eq!(backups.len(), 1, "{:?}", listing(work.path()));
    let backup = &backups[0];
    let stamp = backup
        .strip_prefix("actionplan.db.before-delete-nl-")
        .and_then(|rest| rest.strip_suffix(".sqlite"))
        .unwrap();
    assert!(
        chrono::NaiveDateTime::parse_from_str(stamp, "%Y%m%dT%H%M%S").is_ok(),
        "{stamp}"
    );
    let backup_path = work.file(backup);
    assert_eq!(
        said,
        format!(
            "backed up {db} to {b}\ndeleted plan \"NL\" (38 milestones, 1 recorded update, 1 committee cycle and 0 lead returns) for Ann Lead; to bring it back: actionplan restore {b}\n",
            db = work.db().display(),
            b = backup_path.display()
        )
    );
    let plans = work.json(&["plans", "--format", "json"]);
    assert_eq!(plans.as_array().unwrap().len(), 1);
    assert_eq!(plans[0]["name"], "Old");
    let conn = rusqlite::Connection::open(work.db()).unwrap();
    let (entries, markers): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT count(*) FROM milestone_update), (SELECT count(*) FROM plan_deletion)",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .unwrap();
    assert_eq!((entries, markers), (0, 0), "history gone, no marker left");
    drop(conn);
    // History stays append-only outside a delete.
    let err = rusqlite::Connection::open(&backup_path)
        .unwrap()
        .execute("DELETE FROM milestone_update", [])
        .unwrap_err();
    assert!(err.to_string().contains("append-only"), "{err}");
    work.ok(&["restore", backup_path.to_str().unwrap()]);
    let plans = work.json(&["plans", "--format", "json"]);
    assert_eq!(plans.as_array().unwrap().len(), 2);
    assert_eq!(
        work.ok(&["history", "--plan", "NL", "--format", "csv"]),
        history_before
    );
}

#[test]
fn a_closed_cycle_of_another_plan_exports_byte_for_byte_the_same_after_a_delete() {
    let work = two_plans();
    with_history(&work, "NL", "13");
    with_history(&work, "Old", "51");
    let old_cycle = work.ok(&["export", "--plan", "Old", "--cycle", "C1"]);
    let old_history = work.ok(&["history", "--plan", "Old", "--format", "csv"]);
    quietly(
        &work,
        &["plan", "delete", "NL", "--by", "Ann Lead", "--yes"],
    );
    assert_eq!(
        work.ok(&["export", "--plan", "Old", "--cycle", "C1"]),
        old_cycle
    );
    assert_eq!(
        work.ok(&["history", "--plan", "Old", "--format", "csv"]),
        old_history
    );
    assert_eq!(
        common::ids(&work.json(&["list", "--format", "json"])).len(),
        38
    );
}

#[test]
fn every_plan_command_has_help_with_an_example() {
    let work = Workdir::new();
    for command in ["rename", "archive", "unarchive", "delete"] {
        let help = work.ok(&["plan", command, "--help"]);
        assert!(help.contains("actionplan plan "), "{command}: {help}");
        assert!(help.contains("Example"), "{command}: {help}");
    }
    let help = work.ok(&["--help"]);
    assert!(help.contains("--include-archived"), "{help}");
}

#[test]
fn when_the_backup_cannot_be_written_nothing_is_deleted() {
    // A database name so long that the backup's name (the database's name
    // and more) is longer than a file name may be.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(format!("{}.db", "p".repeat(230)));
    let actionplan = |args: &[&str]| {
        assert_cmd::Command::cargo_bin("actionplan")
            .unwrap()
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .arg("--db")
            .arg(&db)
            .args(args)
            .output()
            .unwrap()
    };
    let imported = actionplan(&["import", SEED_PLAN, "--plan", "NL"]);
    assert_eq!(imported.status.code(), Some(0));
    let before = std::fs::read(&db).unwrap();
    let files = listing(dir.path());
    let output = actionplan(&["plan", "delete", "NL", "--by", "Ann Lead", "--yes"]);
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.starts_with(
            "actionplan: the backup before deleting plan \"NL\" could not be written, so nothing was deleted: "
        ),
        "{err}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), before);
    assert_eq!(listing(dir.path()), files);
}

/// A command about one plan, with none named, takes the only plan in use:
/// an archived plan no longer makes it ask for --plan, and the archived plan
/// itself is reached by name or with --include-archived.
#[test]
fn regression_with_one_plan_archived_a_single_plan_command_takes_the_other() {
    let work = two_plans();
    let stderr = work.fails(&["movement"]);
    assert!(stderr.contains("--plan"), "{stderr}");
    quietly(&work, &["plan", "archive", "Old", "--by", "Officer"]);
    let export = work.ok(&["export", "--no-bom"]);
    assert!(export.lines().count() > 38, "{export}");
    work.ok(&["cycle", "close", "Feb", "--on", "2020-02-18"]);
    let cycles = work.json(&["cycle", "list", "--plan", "NL", "--format", "json"]);
    assert_eq!(cycles[0]["label"], "Feb");
    let stderr = work.fails(&["--include-archived", "export"]);
    assert!(stderr.contains("--plan"), "{stderr}");
    work.ok(&["export", "--plan", "Old"]);
}

/// `plan delete` backs up, then deletes: a write by someone else in between
/// would be deleted without being in the backup, so the delete is refused.
#[test]
fn regression_a_delete_is_refused_when_someone_wrote_after_its_backup_was_read() {
    use actionplan::model::NewUpdate;
    use actionplan::store::{OpenMode, PlanChange, Store};
    let work = Workdir::with_seed_plan();
    let mut deleter = Store::open(&work.db(), OpenMode::MustExist).unwrap();
    let read_at = deleter.data_version().unwrap();
    let plan = deleter.resolve_plan(Some("NL")).unwrap();
    let mut someone_else = Store::open(&work.db(), OpenMode::MustExist).unwrap();
    someone_else
        .apply_changes(&[PlanChange::Update(NewUpdate {
            milestone_id: 4,
            on: "2020-03-02".parse().unwrap(),
            rag: Some("R".parse().unwrap()),
            ..Default::default()
        })])
        .unwrap();
    drop(someone_else);
    let refused = deleter.delete_plan(plan.id, read_at).unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("someone else changed the database"),
        "{refused}"
    );
    drop(deleter);
    assert_eq!(work.json(&["show", "4", "--format", "json"])["rag"], "R");
}
