//! The scale benchmark: 100,000 milestones and 1,000,000 updates, timed with
//! the real release binary, side by side with the plain `sqlite3` shell asking
//! the same questions of the same database file, and with Taskwarrior (the
//! best-known command-line task tracker) on the workload as far as it maps.
//!
//! Run it with `cargo bench --bench scale` (or `scripts/bench.sh`, which also
//! installs `sqlite3`, `taskwarrior` and GNU `time` when they are missing).
//! It prints markdown tables; `BENCH_OUT=FILE` also writes them to FILE.
//! Nothing here asserts a timing: figures are reported, never tested.
//!
//! Settings (environment variables, all optional):
//! - `ACTIONPLAN_BIN`: the binary to time (default: the one cargo built for this run);
//! - `BENCH_MILESTONES` (100000), `BENCH_UPDATES` (1000000): the scale;
//! - `BENCH_LIBRARY_UPDATES` (10000): `Store::append_update` calls timed one by one;
//! - `BENCH_PROCESS_UPDATES` (100): `actionplan update` processes timed;
//! - `BENCH_PEER_SIZES` ("10000,100000"): plan sizes for the Taskwarrior comparison;
//! - `BENCH_PEER_UPDATES` (20): `task modify` / `actionplan update` processes per peer size;
//! - `BENCH_REPS` (3): timed runs per figure (the median is reported), after one
//!   untimed warm-up run that also measures peak memory;
//! - `BENCH_KEEP` (unset): keep the temporary directory and print its path;
//! - `BENCH_OUT` (unset): also write the markdown to this file.
//!
//! Setup that is not a measured path: the bulk of the 1,000,000 updates is
//! inserted in one transaction with the same INSERT that `Store::append_update`
//! runs, and the cached current state of every milestone is then rebuilt from
//! the whole history with `Store::rebuild_current_states` (one pass, one
//! transaction). The
//! per-update cost is measured separately, one transaction per update, through
//! the library and through the real binary.

use std::error::Error;
use std::fmt::Write as _;
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::{Datelike, Duration as Days, NaiveDate, Utc};
use rusqlite::{Connection, params};

use actionplan::model::{Rag, Status, Timeline};
use actionplan::store::{NewUpdate, OpenMode, Store};

type BenchResult<T> = Result<T, Box<dyn Error>>;

/// The as-of date of the overdue report at scale: mid-way through the plan.
const OVERDUE_AS_OF: &str = "2021-06-30";
/// The `history --since` date: the last quarter of the generated updates.
const HISTORY_SINCE: &str = "2022-10-01";
/// Where GNU time lives; it reports a child's peak resident set size.
const GNU_TIME: &str = "/usr/bin/time";

fn main() -> BenchResult<()> {
    // `cargo bench` passes `--bench`; `cargo test --all-targets` does not, and
    // must not start a five-minute benchmark.
    if !std::env::args().any(|arg| arg == "--bench") {
        eprintln!("scale: a benchmark; run it with `cargo bench --bench scale` (skipped)");
        return Ok(());
    }
    let config = Config::from_env()?;
    let workdir = tempfile::Builder::new()
        .prefix("actionplan-bench-")
        .tempdir()?;
    let mut bench = Bench::new(config, workdir.path().to_path_buf());
    eprintln!("bench: working in {}", workdir.path().display());
    bench.run()?;
    let report = bench.render();
    println!("{report}");
    if let Ok(path) = std::env::var("BENCH_OUT") {
        fs::write(&path, &report)?;
        eprintln!("bench: wrote {path}");
    }
    if std::env::var_os("BENCH_KEEP").is_some() {
        let kept = workdir.keep();
        eprintln!("bench: kept {}", kept.display());
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------

/// What to run, read from the environment.
struct Config {
    binary: PathBuf,
    milestones: usize,
    updates: usize,
    library_updates: usize,
    process_updates: usize,
    peer_sizes: Vec<usize>,
    peer_updates: usize,
    reps: usize,
}

impl Config {
    fn from_env() -> BenchResult<Config> {
        let binary = std::env::var_os("ACTIONPLAN_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_actionplan")));
        let peer_sizes = std::env::var("BENCH_PEER_SIZES")
            .unwrap_or_else(|_| "10000,100000".to_string())
            .split(',')
            .filter(|size| !size.trim().is_empty())
            .map(|size| size.trim().parse::<usize>())
            .collect::<Result<Vec<_>, _>>()?;
        let config = Config {
            binary,
            milestones: number_from_env("BENCH_MILESTONES", 100_000)?,
            updates: number_from_env("BENCH_UPDATES", 1_000_000)?,
            library_updates: number_from_env("BENCH_LIBRARY_UPDATES", 10_000)?,
            process_updates: number_from_env("BENCH_PROCESS_UPDATES", 100)?,
            peer_sizes,
            peer_updates: number_from_env("BENCH_PEER_UPDATES", 20)?,
            reps: number_from_env("BENCH_REPS", 3)?.max(1),
        };
        let measured = 2 * config.library_updates + 2 * config.process_updates;
        if config.updates < measured {
            return Err(format!(
                "BENCH_UPDATES ({}) must be at least the {measured} updates timed one by one",
                config.updates
            )
            .into());
        }
        if config.milestones < 200 || config.peer_sizes.iter().any(|&n| n < 200) {
            return Err("plan sizes must be at least 200 milestones".into());
        }
        Ok(config)
    }
}

fn number_from_env(name: &str, default: usize) -> BenchResult<usize> {
    match std::env::var(name) {
        Ok(text) => Ok(text
            .trim()
            .replace('_', "")
            .parse()
            .map_err(|e| format!("{name}={text:?}: {e}"))?),
        Err(_) => Ok(default),
    }
}

// ---------------------------------------------------------------------------
// A generated plan
// ---------------------------------------------------------------------------

/// A small deterministic random number generator (xorshift64*), so every run
/// generates the same plan and the same updates.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn percent(&mut self, chance: usize) -> bool {
        self.below(100) < chance
    }

    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.below(words.len())]
    }
}

const THEMES: [&str; 20] = [
    "Leadership",
    "Operational Structure",
    "Finance",
    "Strategic Planning",
    "Governance",
    "Information sharing",
    "Workforce",
    "Primary care",
    "Mental health",
    "Unscheduled care",
    "Carers",
    "Housing and adaptations",
    "Community capacity",
    "Digital and technology",
    "Commissioning",
    "Quality assurance",
    "Performance reporting",
    "Locality planning",
    "Participation and engagement",
    "Children's services interface",
];

const VERBS: [&str; 12] = [
    "Review",
    "Develop",
    "Agree",
    "Implement",
    "Roll out",
    "Update",
    "Establish",
    "Embed",
    "Evaluate",
    "Redesign",
    "Publish",
    "Strengthen",
];

const OBJECTS: [&str; 16] = [
    "the locality and area wide operational structures",
    "the joint workforce plan",
    "the terms of reference for the clinical governance group",
    "the data sharing agreement between the partners",
    "the carers support pathway",
    "the medium term financial plan",
    "the participation and engagement strategy",
    "the delayed discharge improvement programme",
    "the OD programme for integrated managers",
    "the set aside budget arrangements",
    "the Tier 3 manager posts",
    "the use of directions through the Strategic Commissioning Plan",
    "the performance dashboards for home support and care homes",
    "the joint HR and workforce planning forum",
    "the locality profiles",
    "the Annual Performance Report",
];

const PURPOSES: [&str; 10] = [
    "so that responsibilities are clear to all staff",
    "in line with the revised national guidance",
    "to support the Strategic Commissioning Plan 2020-23",
    "across health and social care teams",
    "with the three partner organisations",
    "ahead of the next IJB meeting",
    "taking account of learning from other partnership areas",
    "with service users, carers and communities",
    "within the agreed financial envelope",
    "through the Senior Leadership Team",
];

const OPEN_OPENINGS: [&str; 5] = [
    "Ongoing.",
    "In progress.",
    "Delayed.",
    "On track.",
    "Ongoing development.",
];

const REMARKS: [&str; 10] = [
    "Workshop session held and follow up session planned.",
    "Target date extended while HR processes are completed.",
    "Discussed through Chief Officer and Chief Finance Officer groups.",
    "Draft circulated to the Senior Leadership Team for comment.",
    "Consultation closes at the end of the month.",
    "Recruitment under way; post going back out to advert.",
    "Awaiting the revised national guidance before finalising.",
    "Staff briefing sessions have been held in each locality.",
    "Presented to the IJB Performance, Finance and Audit Committee.",
    "Further work needed with both partner organisations.",
];

const FIRST_NAMES: [&str; 20] = [
    "Ross", "Morag", "Marie", "Sharon", "Fiona", "John", "Alison", "Margaret", "Maggs", "Graeme",
    "Anne", "David", "Karen", "Iain", "Lorraine", "Stephen", "Elaine", "Gordon", "Pauline",
    "Andrew",
];

const SURNAMES: [&str; 15] = [
    "McGuffie",
    "Dendy",
    "Moy",
    "Simpson",
    "Whittaker",
    "White",
    "Gordon",
    "French",
    "Thomson",
    "Cowan",
    "Armstrong",
    "Campbell",
    "Fraser",
    "Robertson",
    "Muir",
];

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Milestones per improvement action in the generated plan.
const MILESTONES_PER_ACTION: usize = 10;

/// One generated milestone.
struct PlanRow {
    theme: usize,
    action: String,
    first_of_action: bool,
    detail: String,
    leads: Vec<String>,
    year: i32,
    month: u32,
    complete: bool,
    rag: &'static str,
    comment: String,
}

impl PlanRow {
    fn timeline_text(&self) -> String {
        format!(
            "{} {:02}",
            MONTHS[self.month as usize - 1],
            self.year - 2000
        )
    }

    fn due(&self) -> BenchResult<NaiveDate> {
        Ok(Timeline::month(self.year, self.month)
            .ok_or("generated a bad month")?
            .due())
    }
}

/// The pool of ~300 people who lead milestones.
fn people() -> Vec<String> {
    FIRST_NAMES
        .iter()
        .flat_map(|first| SURNAMES.iter().map(move |last| format!("{first} {last}")))
        .collect()
}

/// A plan of `milestones` rows: 20 themes, each of `milestones / 200` actions
/// of 10 milestones, with timelines spread over 2019-2022.
fn generate_plan(milestones: usize, seed: u64) -> Vec<PlanRow> {
    let mut rng = Rng(seed);
    let people = people();
    let actions_per_theme = milestones / (THEMES.len() * MILESTONES_PER_ACTION);
    let mut rows = Vec::with_capacity(milestones);
    for theme in 0..THEMES.len() {
        for _ in 0..actions_per_theme {
            let action = format!(
                "{} {} {}",
                rng.pick(&VERBS),
                rng.pick(&OBJECTS),
                rng.pick(&PURPOSES)
            );
            for position in 0..MILESTONES_PER_ACTION {
                let lead_count = match rng.below(10) {
                    0..=5 => 1,
                    6..=8 => 2,
                    _ => 3,
                };
                let mut leads: Vec<String> = Vec::new();
                while leads.len() < lead_count {
                    let person = &people[rng.below(people.len())];
                    if !leads.contains(person) {
                        leads.push(person.clone());
                    }
                }
                let month_index = rng.below(48);
                let complete = rng.percent(30);
                let rag = if complete {
                    if rng.percent(95) { "G" } else { "A" }
                } else {
                    match rng.below(10) {
                        0..=1 => "R",
                        2..=5 => "A",
                        _ => "G",
                    }
                };
                let opening = if complete {
                    "Complete."
                } else {
                    rng.pick(&OPEN_OPENINGS)
                };
                let mut comment = opening.to_string();
                for _ in 0..=rng.below(3) {
                    comment.push(' ');
                    comment.push_str(rng.pick(&REMARKS));
                }
                let mut detail = format!("{} {}", rng.pick(&VERBS), rng.pick(&OBJECTS));
                if rng.percent(50) {
                    detail.push(' ');
                    detail.push_str(rng.pick(&PURPOSES));
                }
                // Milestones of one action must differ: number the stages.
                detail.push_str(&format!(" (stage {})", position + 1));
                rows.push(PlanRow {
                    theme,
                    action: action.clone(),
                    first_of_action: position == 0,
                    detail,
                    leads,
                    year: 2019 + (month_index / 12) as i32,
                    month: (month_index % 12) as u32 + 1,
                    complete,
                    rag,
                    comment,
                });
            }
        }
    }
    rows
}

/// Writes the plan as a committee appendix table, theme and action cells left
/// blank on continuation rows as councils write them, leads one per line.
fn write_appendix_csv(rows: &[PlanRow], path: &Path) -> BenchResult<()> {
    let mut writer = csv::Writer::from_path(path)?;
    writer.write_record([
        "Report Recommendation",
        "Improvement Action",
        "Milestone detail",
        "Lead",
        "Timeline",
        "Comment/RAG",
        "RAG",
    ])?;
    let mut previous_theme = None;
    for row in rows {
        let theme = if previous_theme == Some(row.theme) {
            ""
        } else {
            THEMES[row.theme]
        };
        previous_theme = Some(row.theme);
        let action = if row.first_of_action {
            row.action.as_str()
        } else {
            ""
        };
        writer.write_record([
            theme,
            action,
            &row.detail,
            &row.leads.join("\n"),
            &row.timeline_text(),
            &row.comment,
            row.rag,
        ])?;
    }
    writer.flush()?;
    Ok(())
}

/// Taskwarrior's uuid for the milestone at `index` (0-based, plan order).
fn task_uuid(index: usize) -> String {
    format!("00000000-0000-4000-8000-{index:012x}")
}

/// Writes the same plan as Taskwarrior tasks: project = theme, due = the last
/// day of the timeline's month, tag = RAG, the comment as an annotation, and
/// completed milestones as completed tasks.
fn write_taskwarrior_json(rows: &[PlanRow], path: &Path) -> BenchResult<()> {
    let mut tasks = Vec::with_capacity(rows.len());
    for (index, row) in rows.iter().enumerate() {
        let due = format!("{}T000000Z", row.due()?.format("%Y%m%d"));
        let mut task = serde_json::json!({
            "uuid": task_uuid(index),
            "description": row.detail,
            "project": THEMES[row.theme].replace(' ', "_"),
            "due": due,
            "entry": "20190101T000000Z",
            "status": if row.complete { "completed" } else { "pending" },
            "tags": [row.rag],
            "annotations": [{"entry": "20190101T000000Z", "description": row.comment}],
        });
        if row.complete {
            task["end"] = serde_json::Value::String(due);
        }
        tasks.push(task);
    }
    serde_json::to_writer(File::create(path)?, &tasks)?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Running and timing processes
// ---------------------------------------------------------------------------

/// A command line to time.
#[derive(Clone)]
struct Job {
    program: PathBuf,
    args: Vec<String>,
    envs: Vec<(String, PathBuf)>,
}

impl Job {
    fn new(program: impl Into<PathBuf>, args: &[&str]) -> Job {
        Job {
            program: program.into(),
            args: args.iter().map(|a| a.to_string()).collect(),
            envs: Vec::new(),
        }
    }

    fn env(mut self, name: &str, value: &Path) -> Job {
        self.envs.push((name.to_string(), value.to_path_buf()));
        self
    }

    /// Runs once with stdout to `stdout`; returns the wall time and, when
    /// `with_memory`, the peak resident set size in KiB (from GNU time).
    fn run(&self, stdout: &Path, with_memory: bool) -> BenchResult<(Duration, Option<u64>)> {
        let memory_file = stdout.with_extension("maxrss");
        let use_time = with_memory && Path::new(GNU_TIME).exists();
        let mut command = if use_time {
            let mut command = Command::new(GNU_TIME);
            command
                .arg("-f")
                .arg("%M")
                .arg("-o")
                .arg(&memory_file)
                .arg(&self.program);
            command
        } else {
            Command::new(&self.program)
        };
        command
            .args(&self.args)
            .stdin(Stdio::null())
            .stdout(File::create(stdout)?);
        for (name, value) in &self.envs {
            command.env(name, value);
        }
        let started = Instant::now();
        let output = command.output()?;
        let elapsed = started.elapsed();
        if !output.status.success() {
            return Err(format!(
                "{} {} failed ({}): {}",
                self.program.display(),
                self.args.join(" "),
                output.status,
                String::from_utf8_lossy(&output.stderr).trim()
            )
            .into());
        }
        let peak = if use_time {
            let text = fs::read_to_string(&memory_file)?;
            text.lines()
                .filter_map(|line| line.trim().parse::<u64>().ok())
                .next_back()
        } else {
            None
        };
        Ok((elapsed, peak))
    }
}

/// A timed figure: the median of the timed runs and the warm-up's peak memory.
#[derive(Clone, Copy)]
struct Figure {
    seconds: f64,
    peak_kib: Option<u64>,
}

/// One untimed warm-up run (measuring memory), then `reps` timed runs, each
/// after `before_each` (which resets state, e.g. removes a database). Returns
/// the figure and the path of the last run's stdout.
fn measure(
    job: &Job,
    reps: usize,
    stdout: &Path,
    before_each: &dyn Fn() -> BenchResult<()>,
) -> BenchResult<Figure> {
    before_each()?;
    let (_, peak_kib) = job.run(stdout, true)?;
    let mut times = Vec::with_capacity(reps);
    for _ in 0..reps {
        before_each()?;
        let (elapsed, _) = job.run(stdout, false)?;
        times.push(elapsed.as_secs_f64());
    }
    Ok(Figure {
        seconds: median(&mut times),
        peak_kib,
    })
}

/// Runs each job once in turn (they differ, e.g. one update each), after one
/// warm-up run of the first measuring memory; returns the mean per job.
fn measure_each(jobs: &[Job], stdout: &Path, warm_up: Option<&Job>) -> BenchResult<Figure> {
    let peak_kib = match warm_up {
        Some(job) => job.run(stdout, true)?.1,
        None => None,
    };
    let started = Instant::now();
    for job in jobs {
        job.run(stdout, false)?;
    }
    Ok(Figure {
        seconds: started.elapsed().as_secs_f64() / jobs.len().max(1) as f64,
        peak_kib,
    })
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

fn json_rows(path: &Path) -> BenchResult<usize> {
    let value: serde_json::Value = serde_json::from_slice(&fs::read(path)?)?;
    Ok(value.as_array().map_or(0, Vec::len))
}

/// Whether two JSON arrays list the same "id" values in the same order; None
/// when either is not an array of objects with ids.
fn same_ids(ours: &Path, theirs: &Path) -> BenchResult<Option<bool>> {
    let ids = |path: &Path| -> BenchResult<Option<Vec<i64>>> {
        let value: serde_json::Value = match serde_json::from_slice(&fs::read(path)?) {
            Ok(value) => value,
            Err(_) => return Ok(None),
        };
        Ok(value.as_array().and_then(|rows| {
            rows.iter()
                .map(|row| row.get("id").and_then(serde_json::Value::as_i64))
                .collect()
        }))
    };
    Ok(match (ids(ours)?, ids(theirs)?) {
        (Some(ours), Some(theirs)) => Some(ours == theirs),
        _ => None,
    })
}

fn csv_records(path: &Path) -> BenchResult<usize> {
    let mut reader = csv::ReaderBuilder::new().from_path(path)?;
    Ok(reader.records().count())
}

fn remove_database(path: &Path) -> BenchResult<()> {
    for suffix in ["", "-wal", "-shm"] {
        let file = PathBuf::from(format!("{}{suffix}", path.display()));
        if file.exists() {
            fs::remove_file(file)?;
        }
    }
    Ok(())
}

fn file_mib(path: &Path) -> f64 {
    fs::metadata(path).map_or(0.0, |m| m.len() as f64 / 1_048_576.0)
}

/// The first line a command prints, or "not available".
fn version_line(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .and_then(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .next()
                .map(|l| l.trim().to_string())
        })
        .unwrap_or_else(|| "not available".to_string())
}

// ---------------------------------------------------------------------------
// The benchmark
// ---------------------------------------------------------------------------

/// One line of a side-by-side table.
struct Row {
    what: String,
    ours: Figure,
    theirs: Option<Figure>,
    rows: String,
}

/// A titled table with a note under it.
struct Table {
    title: String,
    peer: &'static str,
    rows: Vec<Row>,
    note: String,
}

struct Bench {
    config: Config,
    dir: PathBuf,
    tables: Vec<Table>,
    setup: Vec<String>,
    notes: Vec<String>,
    sqlite3_available: bool,
    taskwarrior_available: bool,
    load_at_start: String,
}

impl Bench {
    fn new(config: Config, dir: PathBuf) -> Bench {
        Bench {
            config,
            dir,
            tables: Vec::new(),
            setup: Vec::new(),
            notes: Vec::new(),
            sqlite3_available: version_line("sqlite3", &["--version"]) != "not available",
            taskwarrior_available: version_line("task", &["--version"]) != "not available",
            load_at_start: String::new(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    fn actionplan(&self, db: &Path, args: &[&str]) -> Job {
        let mut all = vec!["--db", db.to_str().unwrap_or_default()];
        all.extend_from_slice(args);
        Job::new(&self.config.binary, &all)
    }

    fn sqlite3(&self, db: &Path, mode: &str, sql: &str) -> Job {
        Job::new("sqlite3", &[mode, db.to_str().unwrap_or_default(), sql])
    }

    fn run(&mut self) -> BenchResult<()> {
        self.load_at_start = load_average();
        let n = self.config.milestones;
        eprintln!("bench: generating {n} milestones");
        let plan = generate_plan(n, 2019);
        let csv_path = self.path("appendix.csv");
        write_appendix_csv(&plan, &csv_path)?;
        self.setup.push(format!(
            "Generated appendix: {} milestones, {} themes, {} actions, {:.1} MiB of CSV.",
            thousands(plan.len()),
            THEMES.len(),
            thousands(plan.iter().filter(|r| r.first_of_action).count()),
            file_mib(&csv_path)
        ));
        let db = self.path("scale.db");
        self.bench_import(&csv_path, &db)?;
        self.bench_reports(&db, "no updates")?;
        self.load_updates(&db, n)?;
        self.bench_updates(&db, n)?;
        let label = format!("{} updates", thousands(self.config.updates));
        self.bench_reports(&db, &label)?;
        for size in self.config.peer_sizes.clone() {
            self.bench_peer(size)?;
        }
        Ok(())
    }

    fn bench_import(&mut self, csv_path: &Path, db: &Path) -> BenchResult<()> {
        eprintln!("bench: import");
        let reps = self.config.reps;
        let csv_text = csv_path.to_str().unwrap_or_default();
        let ours = measure(
            &self.actionplan(db, &["import", csv_text, "--plan", "Scale"]),
            reps,
            &self.path("import.out"),
            &|| remove_database(db),
        )?;
        let plain_db = self.path("plain-import.db");
        let theirs = if self.sqlite3_available {
            let import = format!(".import --csv {csv_text} appendix");
            Some(measure(
                &self.sqlite3(&plain_db, "-batch", &import),
                reps,
                &self.path("plain-import.out"),
                &|| remove_database(&plain_db),
            )?)
        } else {
            None
        };
        self.setup.push(format!(
            "Database after import: {:.1} MiB (actionplan: normalised, indexed, validated) vs {:.1} MiB (sqlite3 `.import` into one untyped table).",
            file_mib(db),
            file_mib(&plain_db)
        ));
        self.tables.push(Table {
            title: format!("Import of {} milestones", thousands(self.config.milestones)),
            peer: "sqlite3",
            rows: vec![Row {
                what: "import the appendix CSV".to_string(),
                ours,
                theirs,
                rows: thousands(self.config.milestones),
            }],
            note: "actionplan reads and checks every row (timeline, RAG, leads, blank continuation cells), \
                   then stores themes, actions, milestones, people and leads in one transaction; \
                   `sqlite3 .import` copies the cells into one table of text columns and checks nothing."
                .to_string(),
        });
        Ok(())
    }

    fn bench_reports(&mut self, db: &Path, label: &str) -> BenchResult<()> {
        eprintln!("bench: reports with {label}");
        let reps = self.config.reps;
        let mut rows = Vec::new();
        let today = chrono::Local::now().date_naive().to_string();
        let rag_sql = format!(
            "SELECT p.name AS plan, t.name AS theme, sum(m.rag = 'R') AS R, sum(m.rag = 'A') AS A,
                    sum(m.rag = 'G') AS G, count(*) AS total
               {FROM_SQL} GROUP BY t.id ORDER BY p.id, t.position;"
        );
        let export_sql = format!(
            "SELECT t.name AS \"Report Recommendation\", a.text AS \"Improvement Action\",
                    m.detail AS \"Milestone detail\", ({LEADS_SQL}) AS \"Lead\", m.timeline AS \"Timeline\",
                    m.comment AS \"Comment/RAG\", m.rag AS \"RAG\"
               {FROM_SQL} ORDER BY {PLAN_ORDER_SQL};"
        );
        let list_sql = format!(
            "SELECT m.id, p.name AS plan, t.name AS theme, a.text AS action, m.detail AS milestone,
                    ({LEADS_SQL}) AS leads, m.timeline, m.due, m.status, m.rag, m.comment
               {FROM_SQL} ORDER BY {PLAN_ORDER_SQL};"
        );
        let history_sql = format!(
            "SELECT u.milestone_id AS id, m.detail AS milestone, u.on_date AS \"on\", u.by_name AS \"by\",
                    u.rag, u.status, u.comment, u.timeline, u.reason
               FROM milestone_update u JOIN milestone m ON m.id = u.milestone_id
              WHERE u.on_date >= '{HISTORY_SINCE}'
              ORDER BY u.on_date, u.id;"
        );
        let mut questions: Vec<(String, Vec<&str>, String, String, Counter)> = vec![
            (
                format!("overdue --as-of {today} --format json (today: the current state)"),
                vec!["overdue", "--as-of", &today, "--format", "json"],
                "-json".to_string(),
                overdue_current_sql(&today),
                Counter::Json,
            ),
            (
                format!(
                    "overdue --as-of {OVERDUE_AS_OF} --format json (the state on that date, replayed from the history)"
                ),
                vec!["overdue", "--as-of", OVERDUE_AS_OF, "--format", "json"],
                "-json".to_string(),
                overdue_replayed_sql(OVERDUE_AS_OF),
                Counter::Json,
            ),
            (
                "rag --format json".to_string(),
                vec!["rag", "--format", "json"],
                "-json".to_string(),
                rag_sql,
                Counter::Json,
            ),
            (
                "export (appendix CSV)".to_string(),
                vec!["export"],
                "-csv".to_string(),
                export_sql,
                Counter::Csv,
            ),
            (
                "list --format csv".to_string(),
                vec!["list", "--format", "csv"],
                "-csv".to_string(),
                list_sql,
                Counter::Csv,
            ),
        ];
        let with_updates = label != "no updates";
        if with_updates {
            questions.push((
                format!("history --since {HISTORY_SINCE} --format json"),
                vec!["history", "--since", HISTORY_SINCE, "--format", "json"],
                "-json".to_string(),
                history_sql,
                Counter::Json,
            ));
        }
        let mut agreed = Vec::new();
        for (what, args, mode, sql, counter) in questions {
            let ours_out = self.path("ours.out");
            let ours = match measure(&self.actionplan(db, &args), reps, &ours_out, &|| Ok(())) {
                Ok(figure) => figure,
                Err(error) => {
                    self.notes.push(format!(
                        "`actionplan {what}` failed and was not timed: {error}"
                    ));
                    continue;
                }
            };
            let ours_rows = counter.count(&ours_out)?;
            let (theirs, theirs_rows) = if self.sqlite3_available {
                let theirs_out = self.path("theirs.out");
                let mut plain_mode = vec![mode.as_str(), "-readonly"];
                if counter == Counter::Csv {
                    plain_mode.push("-header");
                }
                let mut args: Vec<&str> = plain_mode;
                let db_text = db.to_str().unwrap_or_default();
                args.push(db_text);
                args.push(&sql);
                let job = Job::new("sqlite3", &args);
                let figure = measure(&job, reps, &theirs_out, &|| Ok(()))?;
                match same_ids(&ours_out, &theirs_out)? {
                    Some(true) => agreed.push(what.clone()),
                    Some(false) => self.notes.push(format!(
                        "`{what}`: actionplan and sqlite3 list different ids (or a different order)."
                    )),
                    None => {}
                }
                (Some(figure), Some(counter.count(&theirs_out)?))
            } else {
                (None, None)
            };
            let rows_text = match theirs_rows {
                Some(theirs_rows) if theirs_rows != ours_rows => {
                    format!("{ours_rows} (sqlite3: {theirs_rows})")
                }
                _ => thousands(ours_rows),
            };
            rows.push(Row {
                what,
                ours,
                theirs,
                rows: rows_text,
            });
        }
        if !agreed.is_empty() {
            self.notes.push(format!(
                "With {label}, actionplan and sqlite3 listed the same ids in the same order for: {}.",
                agreed.join("; ")
            ));
        }
        let baseline = measure(
            &self.actionplan(db, &["plans"]),
            reps,
            &self.path("plans.out"),
            &|| Ok(()),
        )?;
        let plain_baseline = if self.sqlite3_available {
            Some(measure(
                &self.sqlite3(db, "-readonly", PLANS_SQL),
                reps,
                &self.path("plain-plans.out"),
                &|| Ok(()),
            )?)
        } else {
            None
        };
        rows.push(Row {
            what: "plans (start, open, count the plan's themes, actions and milestones)"
                .to_string(),
            ours: baseline,
            theirs: plain_baseline,
            rows: "1".to_string(),
        });
        self.tables.push(Table {
            title: format!("Reports on {} milestones, {label}", thousands(self.config.milestones)),
            peer: "sqlite3",
            rows,
            note: "The sqlite3 column asks the same question of the same database file with the \
                   `sqlite3` shell (`-json`/`-csv` output to a file): from the cached current state, \
                   except the overdue report for a past date, where both replay the update history \
                   up to that date (actionplan in Rust, one milestone at a time; sqlite3 in one query \
                   with four correlated subqueries per milestone). The sqlite3 side does less: no \
                   schema check, no lateness in words, no formula guard, no blanking of repeated \
                   theme/action cells, no BOM/CRLF. Rows: records in the output (CSV rows after the \
                   header)."
                .to_string(),
        });
        Ok(())
    }

    /// Setup: the bulk of the updates in one transaction, then the cached
    /// current state rebuilt with the library's own replay.
    fn load_updates(&mut self, db: &Path, milestones: usize) -> BenchResult<()> {
        let measured = 2 * self.config.library_updates + 2 * self.config.process_updates;
        let bulk = self.config.updates - measured;
        eprintln!("bench: loading {bulk} updates (setup)");
        let mut rng = Rng(1_000_003);
        let people = people();
        let first_day = NaiveDate::from_ymd_opt(2019, 1, 1).ok_or("bad date")?;
        let recorded_at = Utc::now().to_rfc3339();
        let mut conn = plain_connection(db)?;
        let started = Instant::now();
        let tx = conn.transaction()?;
        {
            let mut insert = tx.prepare(INSERT_UPDATE_SQL)?;
            for _ in 0..bulk {
                let on = first_day + Days::days(rng.below(4 * 365 + 1) as i64);
                let mut rag = None;
                let mut status = None;
                let mut timeline = None;
                let mut reason = None;
                if rng.percent(70) {
                    rag = Some(
                        *[Rag::Red, Rag::Amber, Rag::Green]
                            .get(rng.below(3))
                            .ok_or("rag")?,
                    );
                }
                if rng.percent(10) {
                    status = Some(if rng.percent(40) {
                        Status::Complete
                    } else {
                        Status::InProgress
                    });
                }
                if rng.percent(4) {
                    let months_later = rng.below(6) as u32 + 1;
                    let month0 = on.month0() + months_later;
                    timeline = Timeline::month(on.year() + (month0 / 12) as i32, month0 % 12 + 1);
                    reason = Some(rng.pick(&REMARKS).to_string());
                }
                let comment = if rng.percent(90)
                    || (rag.is_none() && status.is_none() && timeline.is_none())
                {
                    Some(format!(
                        "{} {}",
                        rng.pick(&OPEN_OPENINGS),
                        rng.pick(&REMARKS)
                    ))
                } else {
                    None
                };
                insert.execute(params![
                    rng.below(milestones) as i64 + 1,
                    on,
                    recorded_at,
                    people[rng.below(people.len())],
                    rag,
                    status,
                    comment,
                    timeline,
                    reason,
                ])?;
            }
        }
        tx.commit()?;
        let loaded = started.elapsed();
        let started = Instant::now();
        let rebuilt = Store::open(db, OpenMode::MustExist)?.rebuild_current_states()?;
        let replayed = started.elapsed();
        conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); ANALYZE;")?;
        self.setup.push(format!(
            "Setup, not a measured path: {} updates inserted in one transaction in {:.1} s; \
             the current state of all {} milestones rebuilt from the whole history with \
             `Store::rebuild_current_states` (one pass, one transaction) in {:.1} s \
             (then `PRAGMA wal_checkpoint(TRUNCATE)` and `ANALYZE`).",
            thousands(bulk),
            loaded.as_secs_f64(),
            thousands(rebuilt),
            replayed.as_secs_f64()
        ));
        Ok(())
    }

    /// The per-update cost: through the library, plain SQL in process, the real
    /// binary (one process per update) and the sqlite3 shell (one process each).
    fn bench_updates(&mut self, db: &Path, milestones: usize) -> BenchResult<()> {
        let count = self.config.library_updates;
        eprintln!("bench: {count} updates through Store::append_update");
        let mut rng = Rng(77);
        let people = people();
        let mut store = Store::open(db, OpenMode::MustExist)?;
        let on = NaiveDate::from_ymd_opt(2023, 1, 16).ok_or("bad date")?;
        let mut library_times = Vec::with_capacity(count);
        for i in 0..count {
            let milestone_id = rng.below(milestones) as i64 + 1;
            let moves = i % 25 == 0;
            let update = NewUpdate {
                milestone_id,
                on,
                by: Some(people[rng.below(people.len())].clone()),
                rag: Some(
                    *[Rag::Red, Rag::Amber, Rag::Green]
                        .get(rng.below(3))
                        .ok_or("rag")?,
                ),
                status: None,
                // Numbered, so no update repeats the milestone's state: an
                // update that changes nothing is refused.
                comment: Some(format!(
                    "{} {} (update {i})",
                    rng.pick(&OPEN_OPENINGS),
                    rng.pick(&REMARKS)
                )),
                timeline: if moves {
                    Timeline::month(2023, 6)
                } else {
                    None
                },
                reason: if moves {
                    Some(rng.pick(&REMARKS).to_string())
                } else {
                    None
                },
            };
            let started = Instant::now();
            store.append_update(&update)?;
            library_times.push(started.elapsed().as_secs_f64());
        }
        drop(store);
        let library_mean = library_times.iter().sum::<f64>() / count.max(1) as f64;

        eprintln!("bench: {count} plain-SQL updates in process");
        let mut conn = plain_connection(db)?;
        let recorded_at = Utc::now().to_rfc3339();
        let mut plain_times = Vec::with_capacity(count);
        for _ in 0..count {
            let milestone_id = rng.below(milestones) as i64 + 1;
            let rag = *[Rag::Red, Rag::Amber, Rag::Green]
                .get(rng.below(3))
                .ok_or("rag")?;
            let comment = format!("{} {}", rng.pick(&OPEN_OPENINGS), rng.pick(&REMARKS));
            let started = Instant::now();
            let tx = conn.transaction()?;
            tx.execute(
                INSERT_UPDATE_SQL,
                params![
                    milestone_id,
                    on,
                    recorded_at,
                    people[rng.below(people.len())],
                    rag,
                    None::<Status>,
                    comment,
                    None::<Timeline>,
                    None::<String>,
                ],
            )?;
            tx.execute(
                "UPDATE milestone SET rag = ?2, comment = ?3, last_update_on = ?4 WHERE id = ?1",
                params![milestone_id, rag, comment, on],
            )?;
            tx.commit()?;
            plain_times.push(started.elapsed().as_secs_f64());
        }
        drop(conn);
        let plain_mean = plain_times.iter().sum::<f64>() / count.max(1) as f64;
        let mut rows = vec![Row {
            what: format!(
                "`Store::append_update`, in process, one transaction each (mean of {count}; median {}, 99th percentile {})",
                seconds_text(percentile(&mut library_times, 50)),
                seconds_text(percentile(&mut library_times, 99))
            ),
            ours: Figure {
                seconds: library_mean,
                peak_kib: None,
            },
            theirs: Some(Figure {
                seconds: plain_mean,
                peak_kib: None,
            }),
            rows: thousands(count),
        }];

        let processes = self.config.process_updates;
        eprintln!("bench: {processes} `actionplan update` processes");
        let day = on.succ_opt().ok_or("bad date")?.to_string();
        let jobs: Vec<Job> = (0..processes)
            .map(|i| {
                let id = (1 + (i * 997) % milestones).to_string();
                let comment = format!("On track. Update {i} from the scale benchmark.");
                self.actionplan(
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
                        &day,
                    ],
                )
            })
            .collect();
        let (first, rest) = jobs.split_first().ok_or("no update processes")?;
        let ours = measure_each(rest, &self.path("update.out"), Some(first))?;
        let theirs = if self.sqlite3_available {
            let plain_jobs: Vec<Job> = (0..processes)
                .map(|i| {
                    let id = 1 + (i * 991) % milestones;
                    let sql = format!(
                        "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 60000;
                         BEGIN IMMEDIATE;
                         INSERT INTO milestone_update (milestone_id, on_date, recorded_at, by_name, rag, comment)
                           VALUES ({id}, '{day}', '{recorded_at}', 'Ross McGuffie', 'A', 'On track. Plain update {i}.');
                         UPDATE milestone SET rag = 'A', comment = 'On track. Plain update {i}.', last_update_on = '{day}'
                          WHERE id = {id};
                         COMMIT;"
                    );
                    self.sqlite3(db, "-batch", &sql)
                })
                .collect();
            let (first, rest) = plain_jobs.split_first().ok_or("no update processes")?;
            Some(measure_each(
                rest,
                &self.path("plain-update.out"),
                Some(first),
            )?)
        } else {
            self.fill_updates(db, milestones, processes)?;
            None
        };
        rows.push(Row {
            what: format!(
                "`actionplan update ID --rag A --comment ... --by ... --on ...`, one process each (mean of {})",
                processes - 1
            ),
            ours,
            theirs,
            rows: thousands(processes),
        });
        let total: i64 =
            plain_connection(db)?
                .query_row("SELECT count(*) FROM milestone_update", [], |r| r.get(0))?;
        self.setup.push(format!(
            "Updates in the database after the update benchmark: {}; database file {:.1} MiB.",
            thousands(usize::try_from(total).unwrap_or_default()),
            file_mib(db)
        ));
        self.tables.push(Table {
            title: format!(
                "One update, on {} milestones with {} updates already recorded",
                thousands(milestones),
                thousands(self.config.updates - 2 * count - 2 * processes)
            ),
            peer: "sqlite3",
            rows,
            note: "In process, the sqlite3 column is the same INSERT plus an UPDATE of the cached \
                   columns through rusqlite on a connection with the same settings (WAL, \
                   synchronous=NORMAL, foreign keys), one IMMEDIATE transaction each; \
                   `Store::append_update` also checks the milestone exists and replays the \
                   milestone's whole history to recompute its cached state. One process each, the \
                   sqlite3 column runs the same INSERT and UPDATE through the `sqlite3` shell with \
                   the same pragmas. The binary also reads the milestone before and after to print \
                   its confirmation."
                .to_string(),
        });
        Ok(())
    }

    /// Inserts `count` more plain updates (dated after the rest) so the total
    /// stays at the configured number when a timed step had to be skipped.
    fn fill_updates(&mut self, db: &Path, milestones: usize, count: usize) -> BenchResult<()> {
        let mut conn = plain_connection(db)?;
        let recorded_at = Utc::now().to_rfc3339();
        let on = NaiveDate::from_ymd_opt(2023, 1, 18).ok_or("bad date")?;
        let tx = conn.transaction()?;
        for i in 0..count {
            let id = (1 + (i * 983) % milestones) as i64;
            let comment = format!("On track. Filler update {i}.");
            tx.execute(
                INSERT_UPDATE_SQL,
                params![
                    id,
                    on,
                    recorded_at,
                    "Ross McGuffie",
                    Rag::Amber,
                    None::<Status>,
                    comment,
                    None::<Timeline>,
                    None::<String>
                ],
            )?;
            tx.execute(
                "UPDATE milestone SET rag = ?2, comment = ?3, last_update_on = ?4 WHERE id = ?1",
                params![id, Rag::Amber, comment, on],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Taskwarrior and actionplan on the same plan of `size` milestones.
    fn bench_peer(&mut self, size: usize) -> BenchResult<()> {
        if !self.taskwarrior_available {
            self.notes.push(
                "Taskwarrior (`task`) is not installed, so the peer comparison was skipped."
                    .to_string(),
            );
            return Ok(());
        }
        eprintln!("bench: Taskwarrior at {size}");
        let reps = self.config.reps;
        let plan = generate_plan(size, 2019);
        let csv_path = self.path(&format!("peer-{size}.csv"));
        let json_path = self.path(&format!("peer-{size}.json"));
        write_appendix_csv(&plan, &csv_path)?;
        write_taskwarrior_json(&plan, &json_path)?;
        let db = self.path(&format!("peer-{size}.db"));
        let task_data = self.path(&format!("task-{size}"));
        let task_rc = self.path(&format!("taskrc-{size}"));
        fs::write(
            &task_rc,
            format!(
                "data.location={}\nconfirmation=off\nverbose=nothing\nhooks=off\njson.array=on\nrecurrence=off\nbulk=0\nnews.version=2.6.2\n",
                task_data.display()
            ),
        )?;
        let task = |args: &[&str]| {
            Job::new("task", args)
                .env("TASKRC", &task_rc)
                .env("TASKDATA", &task_data)
        };
        let reset_task = || -> BenchResult<()> {
            if task_data.exists() {
                fs::remove_dir_all(&task_data)?;
            }
            fs::create_dir_all(&task_data)?;
            Ok(())
        };
        let json_text = json_path.to_str().unwrap_or_default().to_string();
        let csv_text = csv_path.to_str().unwrap_or_default().to_string();
        let mut rows = Vec::new();

        let ours = measure(
            &self.actionplan(&db, &["import", &csv_text, "--plan", "Scale"]),
            reps,
            &self.path("peer-import.out"),
            &|| remove_database(&db),
        )?;
        let theirs = measure(
            &task(&["import", &json_text]),
            reps,
            &self.path("task-import.out"),
            &reset_task,
        )?;
        rows.push(Row {
            what: "import the plan (`import` CSV / `task import` JSON)".to_string(),
            ours,
            theirs: Some(theirs),
            rows: thousands(size),
        });

        let today = chrono::Local::now().date_naive().to_string();
        let ours_out = self.path("peer-overdue.out");
        let ours = measure(
            &self.actionplan(&db, &["overdue", "--as-of", &today, "--format", "json"]),
            reps,
            &ours_out,
            &|| Ok(()),
        )?;
        let theirs_out = self.path("task-overdue.out");
        let theirs = measure(
            &task(&["+OVERDUE", "export"]),
            reps,
            &theirs_out,
            &|| Ok(()),
        )?;
        let (ours_rows, theirs_rows) = (json_rows(&ours_out)?, json_rows(&theirs_out)?);
        rows.push(Row {
            what: format!("overdue as JSON (`overdue --as-of {today}` / `task +OVERDUE export`)"),
            ours,
            theirs: Some(theirs),
            rows: if ours_rows == theirs_rows {
                thousands(ours_rows)
            } else {
                format!("{ours_rows} (task: {theirs_rows})")
            },
        });

        let count_out = self.path("task-count.out");
        let theirs = measure(&task(&["+OVERDUE", "count"]), reps, &count_out, &|| Ok(()))?;
        let ours = measure(
            &self.actionplan(&db, &["overdue", "--as-of", &today, "--format", "csv"]),
            reps,
            &self.path("peer-overdue-csv.out"),
            &|| Ok(()),
        )?;
        rows.push(Row {
            what: "overdue, smallest output (`overdue --format csv` / `task +OVERDUE count`)"
                .to_string(),
            ours,
            theirs: Some(theirs),
            rows: fs::read_to_string(&count_out)?
                .trim()
                .parse::<usize>()
                .map(thousands)
                .unwrap_or_else(|_| "?".to_string()),
        });

        let ours = measure(
            &self.actionplan(&db, &["rag"]),
            reps,
            &self.path("peer-rag.out"),
            &|| Ok(()),
        )?;
        let theirs = measure(
            &task(&["summary"]),
            reps,
            &self.path("task-summary.out"),
            &|| Ok(()),
        )?;
        rows.push(Row {
            what: "per-theme summary (`rag` table / `task summary`)".to_string(),
            ours,
            theirs: Some(theirs),
            rows: THEMES.len().to_string(),
        });

        let open: Vec<usize> = plan
            .iter()
            .enumerate()
            .filter(|(_, row)| !row.complete)
            .map(|(index, _)| index)
            .collect();
        let count = self.config.peer_updates.max(2);
        let picks: Vec<usize> = (0..count).map(|i| open[(i * 7919) % open.len()]).collect();
        let ours_jobs: Vec<Job> = picks
            .iter()
            .enumerate()
            .map(|(job, &index)| {
                let id = (index + 1).to_string();
                // Numbered, so a milestone picked twice is not a repeat (refused).
                let comment = format!("On track ({job}).");
                self.actionplan(
                    &db,
                    &[
                        "update",
                        &id,
                        "--rag",
                        "A",
                        "--comment",
                        &comment,
                        "--on",
                        "2023-01-16",
                    ],
                )
            })
            .collect();
        let theirs_jobs: Vec<Job> = picks
            .iter()
            .map(|&index| task(&[&task_uuid(index), "modify", "-R", "-G", "+A"]))
            .collect();
        let (first, rest) = ours_jobs.split_first().ok_or("no jobs")?;
        let ours = measure_each(rest, &self.path("peer-update.out"), Some(first))?;
        let (first, rest) = theirs_jobs.split_first().ok_or("no jobs")?;
        let theirs = measure_each(rest, &self.path("task-modify.out"), Some(first))?;
        rows.push(Row {
            what: format!(
                "one update (`update ID --rag A --comment ...` / `task UUID modify -R -G +A`, mean of {})",
                count - 1
            ),
            ours,
            theirs: Some(theirs),
            rows: "1".to_string(),
        });
        self.tables.push(Table {
            title: format!(
                "Taskwarrior on the same plan, {} milestones",
                thousands(size)
            ),
            peer: "Taskwarrior",
            rows,
            note:
                "Each milestone is a Taskwarrior task: project = theme, due = the last day of the \
                   timeline's month, tag = RAG, the comment as an annotation, completed milestones \
                   as completed tasks. Taskwarrior judges overdue against the clock, so actionplan \
                   is given today's date as --as-of: both find every open milestone overdue. \
                   Taskwarrior keeps tasks in text files that each command reads whole (and a \
                   modify rewrites)."
                    .to_string(),
        });
        Ok(())
    }

    fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "## Machine and versions\n");
        let _ = writeln!(out, "- CPU: {} ({} cores)", cpu_model(), cores());
        let _ = writeln!(out, "- Memory: {}", memory_total());
        let _ = writeln!(
            out,
            "- actionplan: {} at commit {}",
            version_line(
                self.config.binary.to_str().unwrap_or_default(),
                &["--version"]
            ),
            git_commit()
        );
        let _ = writeln!(
            out,
            "- SQLite bundled in actionplan: {}",
            rusqlite::version()
        );
        let _ = writeln!(
            out,
            "- sqlite3 shell: {}",
            version_line("sqlite3", &["--version"])
        );
        let _ = writeln!(
            out,
            "- Taskwarrior: {}",
            version_line("task", &["--version"])
        );
        let _ = writeln!(
            out,
            "- Timed runs per figure: {} (median), after one warm-up run that measures peak memory",
            self.config.reps
        );
        let _ = writeln!(
            out,
            "- Load average (1, 5, 15 min) at the start: {}; at the end: {} (on 2 cores, above ~1 means something else was running)\n",
            self.load_at_start,
            load_average()
        );
        let _ = writeln!(out, "## Setup\n");
        for line in &self.setup {
            let _ = writeln!(out, "- {line}");
        }
        let _ = writeln!(out);
        for table in &self.tables {
            let _ = writeln!(out, "## {}\n", table.title);
            let _ = writeln!(
                out,
                "| what | actionplan | {peer} | time ratio | actionplan peak RSS | {peer} peak RSS | memory ratio | rows |",
                peer = table.peer
            );
            let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---:|");
            for row in &table.rows {
                let theirs_time = row.theirs.map(|f| seconds_text(f.seconds));
                let time_ratio = row.theirs.map(|f| ratio_text(row.ours.seconds, f.seconds));
                let theirs_peak = row.theirs.and_then(|f| f.peak_kib);
                let memory_ratio = match (row.ours.peak_kib, theirs_peak) {
                    (Some(ours), Some(theirs)) => ratio_text(ours as f64, theirs as f64),
                    _ => "-".to_string(),
                };
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} | {} | {} |",
                    row.what,
                    seconds_text(row.ours.seconds),
                    theirs_time.unwrap_or_else(|| "-".to_string()),
                    time_ratio.unwrap_or_else(|| "-".to_string()),
                    mib_text(row.ours.peak_kib),
                    mib_text(theirs_peak),
                    memory_ratio,
                    row.rows
                );
            }
            let _ = writeln!(out, "\n{}\n", table.note);
        }
        if !self.notes.is_empty() {
            let _ = writeln!(out, "## Notes\n");
            for note in &self.notes {
                let _ = writeln!(out, "- {note}");
            }
        }
        out
    }
}

/// How to count the records a command printed.
#[derive(Clone, Copy, PartialEq)]
enum Counter {
    Json,
    Csv,
}

impl Counter {
    fn count(self, path: &Path) -> BenchResult<usize> {
        match self {
            Counter::Json => json_rows(path),
            Counter::Csv => csv_records(path),
        }
    }
}

/// The leads of milestone `m`, one per line in their order (for the sqlite3 side).
const LEADS_SQL: &str =
    "SELECT group_concat(name, char(10)) FROM (SELECT person.name FROM milestone_lead ml
     JOIN person ON person.id = ml.person_id WHERE ml.milestone_id = m.id ORDER BY ml.position)";

const FROM_SQL: &str = "FROM milestone m JOIN action a ON a.id = m.action_id
     JOIN theme t ON t.id = a.theme_id JOIN plan p ON p.id = t.plan_id";

const PLAN_ORDER_SQL: &str = "p.id, t.position, a.position, m.position";

/// Open milestones due before `as_of`, from the cached current state: what
/// `overdue` answers when no update is dated after `as_of`.
fn overdue_current_sql(as_of: &str) -> String {
    format!(
        "SELECT m.id, p.name AS plan, t.name AS theme, a.text AS action, m.detail AS milestone,
                ({LEADS_SQL}) AS leads, m.timeline, m.due, m.status, m.rag, m.comment,
                CAST(julianday('{as_of}') - julianday(m.due) AS INTEGER) AS days_overdue
           {FROM_SQL}
          WHERE m.status <> 'complete' AND m.due < '{as_of}'
          ORDER BY m.due, {PLAN_ORDER_SQL};"
    )
}

/// Open milestones due before `as_of` as they stood on that date, in plain SQL:
/// each field is the latest update's value dated on or before `as_of` (by date,
/// then as recorded), else the imported one. The due date is computed from the
/// "Mon YY" timelines the benchmark generates (the only form this SQL reads).
fn overdue_replayed_sql(as_of: &str) -> String {
    let latest = |field: &str| {
        format!(
            "coalesce((SELECT u.{field} FROM milestone_update u
                        WHERE u.milestone_id = m.id AND u.on_date <= '{as_of}' AND u.{field} IS NOT NULL
                        ORDER BY u.on_date DESC, u.id DESC LIMIT 1), m.imported_{field})"
        )
    };
    format!(
        "WITH state AS (
             SELECT m.id, m.action_id, m.position, m.detail, {timeline} AS timeline,
                    {status} AS status, {rag} AS rag, {comment} AS comment
               FROM milestone m),
         dated AS (
             SELECT s.*, date(printf('20%s-%02d-01', substr(s.timeline, 5, 2),
                         (instr('JanFebMarAprMayJunJulAugSepOctNovDec', substr(s.timeline, 1, 3)) + 2) / 3),
                         '+1 month', '-1 day') AS due
               FROM state s)
         SELECT m.id, p.name AS plan, t.name AS theme, a.text AS action, m.detail AS milestone,
                ({LEADS_SQL}) AS leads, m.timeline, m.due, m.status, m.rag, m.comment,
                CAST(julianday('{as_of}') - julianday(m.due) AS INTEGER) AS days_overdue
           FROM dated m JOIN action a ON a.id = m.action_id
           JOIN theme t ON t.id = a.theme_id JOIN plan p ON p.id = t.plan_id
          WHERE m.status <> 'complete' AND m.due < '{as_of}'
          ORDER BY m.due, {PLAN_ORDER_SQL};",
        timeline = latest("timeline"),
        status = latest("status"),
        rag = latest("rag"),
        comment = latest("comment"),
    )
}

/// What `actionplan plans` asks: each plan with its counts of themes, actions and milestones.
const PLANS_SQL: &str = "SELECT p.id, p.name, pa.name, p.source, p.imported_at,
        (SELECT count(*) FROM theme t WHERE t.plan_id = p.id),
        (SELECT count(*) FROM action a JOIN theme t ON t.id = a.theme_id WHERE t.plan_id = p.id),
        (SELECT count(*) FROM milestone m JOIN action a ON a.id = m.action_id
          JOIN theme t ON t.id = a.theme_id WHERE t.plan_id = p.id)
   FROM plan p LEFT JOIN partnership pa ON pa.id = p.partnership_id ORDER BY p.id;";

/// The INSERT that `Store::append_update` runs.
const INSERT_UPDATE_SQL: &str = "INSERT INTO milestone_update
     (milestone_id, on_date, recorded_at, by_name, rag, status, comment, timeline, reason)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

/// A rusqlite connection with the store's settings, for setup and the plain-SQL side.
fn plain_connection(db: &Path) -> BenchResult<Connection> {
    let mut conn = Connection::open(db)?;
    conn.busy_timeout(Duration::from_secs(60))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
    Ok(conn)
}

fn percentile(values: &mut [f64], percent: usize) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    if values.is_empty() {
        return f64::NAN;
    }
    let index = ((values.len() - 1) * percent) / 100;
    values[index]
}

/// 1000000 as "1,000,000".
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

fn seconds_text(seconds: f64) -> String {
    if seconds >= 1.0 {
        format!("{seconds:.2} s")
    } else if seconds >= 0.001 {
        format!("{:.1} ms", seconds * 1000.0)
    } else {
        format!("{:.0} µs", seconds * 1_000_000.0)
    }
}

fn ratio_text(ours: f64, theirs: f64) -> String {
    if theirs <= 0.0 {
        return "-".to_string();
    }
    let ratio = ours / theirs;
    if ratio >= 10.0 {
        format!("{ratio:.1}")
    } else if ratio >= 0.1 {
        format!("{ratio:.2}")
    } else {
        format!("{ratio:.3}")
    }
}

fn mib_text(kib: Option<u64>) -> String {
    kib.map_or_else(
        || "-".to_string(),
        |k| format!("{:.1} MiB", k as f64 / 1024.0),
    )
}

fn cpu_model() -> String {
    fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split(':').nth(1))
                .map(|model| model.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".to_string())
}

/// The 1, 5 and 15 minute load averages, from /proc/loadavg.
fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_else(|_| "unknown".to_string())
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(0, usize::from)
}

fn memory_total() -> String {
    fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|line| line.starts_with("MemTotal"))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|kib| kib.parse::<f64>().ok())
        })
        .map_or_else(
            || "unknown".to_string(),
            |kib| format!("{:.1} GiB", kib / 1_048_576.0),
        )
}

fn git_commit() -> String {
    let commit = version_line(
        "git",
        &[
            "-C",
            env!("CARGO_MANIFEST_DIR"),
            "rev-parse",
            "--short",
            "HEAD",
        ],
    );
    let dirty = Command::new("git")
        .args([
            "-C",
            env!("CARGO_MANIFEST_DIR"),
            "status",
            "--porcelain",
            "--untracked-files=no",
        ])
        .output()
        .map(|o| !o.stdout.is_empty())
        .unwrap_or(false);
    if dirty {
        format!("{commit} (with uncommitted changes)")
    } else {
        commit
    }
}
