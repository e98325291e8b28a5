//! One plan size, start to finish: generate the appendix, import it through
//! the binary, compare with Taskwarrior on the fresh plan, load the history in
//! bulk, then time every report and `update` beside the sqlite3 shell.

use std::fs;
use std::path::Path;
use std::time::Instant;

use chrono::Utc;

use actionplan::app::import::{ImportOptions, MAX_INPUT_BYTES, import_appendix};
use actionplan::store::{MilestoneFilter, OpenMode, Store};

use crate::generate::{self, THEMES, generate_plan, write_appendix_csv};
use crate::measure::{
    self, Counter, Figure, file_mib, measure, measure_each, plain_connection, remove_database,
    same_ids,
};
use crate::render::thousands;
use crate::taskwarrior::{self, Peer};
use crate::{Bench, BenchResult, HISTORY_SINCE, PAST, sql};

/// One command measured at one size, beside the sqlite3 shell.
pub struct Measured {
    /// Which command (the same at every size, for the growth table).
    pub key: &'static str,
    /// The command line as shown in the tables.
    pub what: String,
    /// actionplan's figure.
    pub ours: Figure,
    /// The sqlite3 shell's figure on the same file, when it ran.
    pub sqlite: Option<Figure>,
    /// Records printed (with the shell's count when it differs).
    pub rows: String,
}

/// Everything measured at one size.
pub struct SizeRun {
    /// Milestones in the plan.
    pub milestones: usize,
    /// Updates loaded in bulk before the reports.
    pub updates: usize,
    /// How the plan and its history were made (not measured paths).
    pub setup: Vec<String>,
    /// Import, reports and update, in the order they ran.
    pub commands: Vec<Measured>,
    /// Where actionplan's and sqlite3's answers were compared, and how.
    pub checks: Vec<String>,
    /// The Taskwarrior comparison, or why it was skipped.
    pub peer: Peer,
    /// Wall time of the whole size, setup included, in seconds.
    pub elapsed: f64,
}

impl SizeRun {
    /// The command measured under `key`.
    pub fn get(&self, key: &str) -> Option<&Measured> {
        self.commands.iter().find(|m| m.key == key)
    }
}

/// A report to time: its key, its arguments, the shell's output mode and SQL,
/// and how to count its records.
struct Report {
    /// Which command, as in `Measured::key`.
    key: &'static str,
    /// The arguments after `actionplan --db DB`.
    args: Vec<String>,
    /// The `sqlite3` shell's options (output mode, read-only).
    mode: &'static [&'static str],
    /// What the shell runs after opening the file: the report's SQL (from
    /// `sql.rs`, or the library's), after any `.parameter set` it needs.
    sql: Vec<String>,
    /// How to count the records each printed.
    counter: Counter,
}

/// Generates, imports, loads and measures a plan of `size` milestones.
/// `earlier` holds the smaller sizes' runs (for Taskwarrior's skip reason).
pub fn run_size(bench: &Bench, size: usize, earlier: &[SizeRun]) -> BenchResult<SizeRun> {
    let started = Instant::now();
    let reps = bench.config.reps;
    let sqlite3 = measure::available("sqlite3");
    let n = thousands(size);
    eprintln!("bench: {n} milestones: generating the plan");
    let plan = generate_plan(size, 2019);
    let csv_path = bench.path(&format!("appendix-{size}.csv"));
    write_appendix_csv(&plan, fs::File::create(&csv_path)?)?;
    let csv_text = csv_path.to_str().unwrap_or_default().to_string();
    let mut run = SizeRun {
        milestones: plan.len(),
        updates: bench.config.updates_for(plan.len()),
        setup: vec![format!(
            "Generated appendix: {} milestones, {} themes, {} actions, {:.1} MiB of CSV.",
            thousands(plan.len()),
            THEMES.len(),
            thousands(plan.iter().filter(|r| r.first_of_action).count()),
            file_mib(&csv_path)
        )],
        commands: Vec::new(),
        checks: Vec::new(),
        peer: Peer::Skipped(String::new()),
        elapsed: 0.0,
    };

    eprintln!("bench: {n}: import");
    let db = bench.path(&format!("plan-{size}.db"));
    // The binary refuses input files over 64 MiB (a limit at every door, so
    // a wrong file is never read whole): a larger generated appendix is
    // imported through the library, in this process, once.
    let through_the_library = fs::metadata(&csv_path)?.len() > MAX_INPUT_BYTES;
    let ours = if through_the_library {
        import_in_process(&csv_path, &db)?
    } else {
        measure(
            &bench.actionplan(&db, &["import", &csv_text, "--plan", "Scale"]),
            reps,
            &bench.path("import.out"),
            &|| remove_database(&db),
        )?
    };
    let plain_db = bench.path("plain-import.db");
    let theirs = if sqlite3 {
        Some(measure(
            &bench.sqlite3(&plain_db, &["-batch"], &[sql::import(&csv_text)]),
            reps,
            &bench.path("plain-import.out"),
            &|| remove_database(&plain_db),
        )?)
    } else {
        None
    };
    run.setup.push(format!(
        "Database after import: {:.1} MiB (actionplan: normalised, indexed, checked) against \
         {:.1} MiB (sqlite3 `.import` into one table of text).",
        file_mib(&db),
        file_mib(&plain_db)
    ));
    remove_database(&plain_db)?;
    run.commands.push(Measured {
        key: "import",
        what: if through_the_library {
            format!(
                "`import` through the library in process, one run (the binary reads files up \
                 to 64 MiB; this one is {:.0} MiB): {} rows/s",
                file_mib(&csv_path),
                thousands((plan.len() as f64 / ours.seconds) as usize)
            )
        } else {
            format!(
                "`import appendix.csv --plan Scale`: {} rows/s",
                thousands((plan.len() as f64 / ours.seconds) as usize)
            )
        },
        ours,
        sqlite: theirs,
        rows: thousands(plan.len()),
    });

    run.peer = taskwarrior::compare(bench, &plan, &db, ours, earlier)?;
    drop(plan);

    eprintln!(
        "bench: {n}: loading {} updates (setup)",
        thousands(run.updates)
    );
    let loaded = load_updates(&db, run.milestones, run.updates)?;
    run.setup.push(format!(
        "Setup, not a measured path: {} updates loaded with the library's bulk loader \
         (`Store::load_history`: one transaction, then every cached state and the state by \
         date rebuilt in one pass) in {:.1} s. Database: {:.1} MiB, without ANALYZE \
         statistics, as a partnership's is.",
        thousands(loaded.loaded),
        loaded.load_seconds,
        file_mib(&db)
    ));
    let with_state = state_table(&db, &mut run)?;

    let today = chrono::Local::now().date_naive().to_string();
    let reports = [
        Report {
            key: "overdue",
            args: args(&["overdue", "--format", "json"]),
            mode: &["-json", "-readonly"],
            sql: vec![sql::overdue_current(&today)],
            counter: Counter::Json,
        },
        Report {
            key: "overdue-past",
            args: args(&["overdue", "--as-of", PAST, "--format", "json"]),
            mode: &["-json", "-readonly"],
            sql: vec![sql::overdue_past(PAST, with_state)],
            counter: Counter::Json,
        },
        Report {
            key: "rag",
            args: args(&["rag", "--format", "json"]),
            mode: &["-json", "-readonly"],
            sql: rag_sql(&db)?,
            counter: Counter::Json,
        },
        Report {
            key: "export",
            args: args(&["export"]),
            mode: &["-csv", "-header", "-readonly"],
            sql: vec![sql::export()],
            counter: Counter::Csv,
        },
        Report {
            key: "list-csv",
            args: args(&["list", "--format", "csv"]),
            mode: &["-csv", "-header", "-readonly"],
            sql: vec![sql::list()],
            counter: Counter::Csv,
        },
        Report {
            key: "list-table",
            args: args(&["list"]),
            mode: &["-table", "-readonly"],
            sql: vec![sql::list()],
            counter: Counter::None,
        },
        Report {
            key: "weekly",
            args: args(&["weekly", "--format", "csv"]),
            mode: &["-csv", "-header", "-readonly"],
            sql: vec![sql::weekly(&today)],
            counter: Counter::Csv,
        },
        Report {
            key: "history",
            args: args(&["history", "--since", HISTORY_SINCE, "--format", "json"]),
            mode: &["-json", "-readonly"],
            sql: vec![sql::history(HISTORY_SINCE)],
            counter: Counter::Json,
        },
        Report {
            key: "plans",
            args: args(&["plans"]),
            mode: &["-readonly"],
            sql: vec![sql::PLANS.to_string()],
            counter: Counter::None,
        },
    ];
    for report in reports {
        eprintln!("bench: {n}: {}", report.args.join(" "));
        run.commands
            .push(time_report(bench, &db, &report, sqlite3, &mut run.checks)?);
    }

    eprintln!("bench: {n}: update");
    run.commands.push(time_updates(
        bench,
        &db,
        run.milestones,
        sqlite3,
        with_state,
    )?);
    remove_database(&db)?;
    run.elapsed = started.elapsed().as_secs_f64();
    run.setup.push(format!(
        "This size took {:.0} s of wall time in all (setup, Taskwarrior and warm-up runs included).",
        run.elapsed
    ));
    Ok(run)
}

/// The SQL `rag` runs (as of today, every plan), from the library
/// (`Store::rag_counts_sql`, built by the same call as the report's), with a
/// `.parameter set` for each value it binds: the shell runs the very query.
fn rag_sql(db: &Path) -> BenchResult<Vec<String>> {
    let store = Store::open(db, OpenMode::ReadOnly)?;
    let today = chrono::Local::now().date_naive();
    let (sql, values) = store.rag_counts_sql(&MilestoneFilter::on(today))?;
    let mut commands: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(at, value)| {
            // A dot-command's argument in double quotes, so the shell keeps
            // a text literal's single quotes.
            let quoted = value.replace('\\', "\\\\").replace('"', "\\\"");
            format!(".parameter set ?{} \"{quoted}\"", at + 1)
        })
        .collect();
    commands.push(format!("{sql};"));
    Ok(commands)
}

/// Owned arguments.
fn args(words: &[&str]) -> Vec<String> {
    words.iter().map(|w| w.to_string()).collect()
}

/// Whether the derived table `milestone_state` (migration 007) exists; notes
/// it in the setup, and warns when it is empty though updates were loaded
/// (the bulk load, `Store::load_history`, fills it).
fn state_table(db: &Path, run: &mut SizeRun) -> BenchResult<bool> {
    let conn = plain_connection(db)?;
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_schema WHERE name = 'milestone_state')",
        [],
        |r| r.get(0),
    )?;
    if !exists {
        run.setup.push(
            "No `milestone_state` table in this build: the sqlite3 query for a past date \
             replays the history."
                .to_string(),
        );
        return Ok(false);
    }
    let rows: i64 = conn.query_row("SELECT count(*) FROM milestone_state", [], |r| r.get(0))?;
    run.setup.push(format!(
        "`milestone_state` holds {} rows after the rebuild; the sqlite3 query for a past date \
         seeks it.",
        thousands(usize::try_from(rows).unwrap_or_default())
    ));
    if rows == 0 && run.updates > 0 {
        run.checks.push(
            "WARNING: `milestone_state` is empty after `Store::load_history`, so \
             past-date figures are wrong: the loader must fill it."
                .to_string(),
        );
    }
    Ok(true)
}

/// Times one report through the binary and through the sqlite3 shell, counts
/// their records and, for JSON, checks they list the same ids in the same order.
fn time_report(
    bench: &Bench,
    db: &Path,
    report: &Report,
    sqlite3: bool,
    checks: &mut Vec<String>,
) -> BenchResult<Measured> {
    let reps = bench.config.reps;
    let words: Vec<&str> = report.args.iter().map(String::as_str).collect();
    let ours_out = bench.path("ours.out");
    let ours = measure(&bench.actionplan(db, &words), reps, &ours_out, &|| Ok(()))?;
    let ours_rows = report.counter.count(&ours_out)?;
    let what = format!("`{}`", report.args.join(" "));
    let (sqlite, theirs_rows) = if sqlite3 {
        let theirs_out = bench.path("theirs.out");
        let job = bench.sqlite3(db, report.mode, &report.sql);
        let figure = measure(&job, reps, &theirs_out, &|| Ok(()))?;
        if report.counter == Counter::Json {
            match same_ids(&ours_out, &theirs_out)? {
                Some(true) => {
                    checks.push(format!("{what}: same ids in the same order as sqlite3."))
                }
                Some(false) => checks.push(format!(
                    "{what}: DIFFERENT ids or order from the sqlite3 query."
                )),
                None => {}
            }
        }
        (Some(figure), report.counter.count(&theirs_out)?)
    } else {
        (None, None)
    };
    let rows = match (ours_rows, theirs_rows) {
        (Some(ours), Some(theirs)) if ours != theirs => {
            format!("{} (sqlite3: {})", thousands(ours), thousands(theirs))
        }
        (Some(ours), _) => thousands(ours),
        (None, _) => "-".to_string(),
    };
    Ok(Measured {
        key: report.key,
        what,
        ours,
        sqlite,
        rows,
    })
}

/// `update ID --rag A --comment ... --by ... --on DAY`, one process each on
/// different milestones (median), beside the same INSERT and UPDATE through
/// one `sqlite3` process each.
fn time_updates(
    bench: &Bench,
    db: &Path,
    milestones: usize,
    sqlite3: bool,
    with_state: bool,
) -> BenchResult<Measured> {
    let count = bench.config.update_processes;
    let day = "2023-02-01";
    let jobs: Vec<_> = (0..count)
        .map(|i| {
            let id = (1 + (i * 997) % milestones).to_string();
            let comment = format!("On track. Update {i} from the scale benchmark.");
            bench.actionplan(
                db,
                &[
                    "update",
                    &id,
                    "--rag",
                    "A",
                    "--comment",
                    &comment,
                    "--by",
                    "Ross McGuffie",
                    "--on",
                    day,
                ],
            )
        })
        .collect();
    let ours = measure_each(&jobs, &bench.path("update.out"))?;
    let sqlite = if sqlite3 {
        let recorded_at = Utc::now().to_rfc3339();
        let jobs: Vec<_> = (0..count)
            .map(|i| {
                let id = 1 + (i * 991) % milestones;
                let comment = format!("On track. Plain update {i}.");
                let text = sql::update(id, day, &recorded_at, &comment, with_state);
                bench.sqlite3(db, &["-batch"], &[text])
            })
            .collect();
        Some(measure_each(&jobs, &bench.path("plain-update.out"))?)
    } else {
        None
    };
    Ok(Measured {
        key: "update",
        what: format!(
            "`update ID --rag A --comment ... --on {day}`: median of {} processes",
            count - 1
        ),
        ours,
        sqlite,
        rows: "1".to_string(),
    })
}

/// Imports the appendix at `csv` into a new database at `db` through the
/// library (`import::import_appendix`, what the binary's `import` runs after
/// reading the file), timed once in this process: no peak memory of its own.
fn import_in_process(csv: &Path, db: &Path) -> BenchResult<Figure> {
    remove_database(db)?;
    let bytes = fs::read(csv)?;
    let started = Instant::now();
    let mut store = Store::open(db, OpenMode::CreateIfMissing)?;
    let options = ImportOptions {
        plan: "Scale".to_string(),
        ..ImportOptions::default()
    };
    import_appendix(&mut store, &csv.display().to_string(), &bytes, &options)?;
    drop(store);
    Ok(Figure {
        seconds: started.elapsed().as_secs_f64(),
        peak_kib: None,
    })
}

/// What loading the history took, for the setup notes.
struct Loaded {
    /// Seconds for `Store::load_history` (insert, then rebuild every state).
    load_seconds: f64,
    /// Updates stored.
    loaded: usize,
}

/// Loads `count` generated updates (`generate::updates`) spread over the
/// plan's `milestones` through the library's bulk loader,
/// `Store::load_history`: one transaction, then every cached state and the
/// state by date rebuilt in one pass. Setup, not a measured path: spawning
/// millions of processes would measure nothing new.
fn load_updates(db: &Path, milestones: usize, count: usize) -> BenchResult<Loaded> {
    let started = Instant::now();
    let mut store = Store::open(db, OpenMode::MustExist)?;
    let loaded = store.load_history(generate::updates(milestones, count))?;
    let load_seconds = started.elapsed().as_secs_f64();
    drop(store);
    // Leave no -wal behind; no ANALYZE: a partnership's database has no
    // statistics, so neither does the one measured.
    plain_connection(db)?.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
    Ok(Loaded {
        load_seconds,
        loaded,
    })
}
