//! Running and timing processes: one command line as a `Job`, its median wall
//! time over several runs, its peak memory from GNU time, and the helpers that
//! read what it printed (row counts, milestone ids).

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::Connection;

use crate::BenchResult;

/// Where GNU time lives; it reports a child's peak resident set size.
const GNU_TIME: &str = "/usr/bin/time";

/// A command line to time.
#[derive(Clone)]
pub struct Job {
    /// The program run.
    program: PathBuf,
    /// Its arguments.
    args: Vec<String>,
    /// Environment variables set for it.
    envs: Vec<(String, PathBuf)>,
    /// Exit codes other than 0 that mean success (`check` exits 1 when it flags).
    ok_codes: Vec<i32>,
}

impl Job {
    /// `program` with `args`.
    pub fn new(program: impl Into<PathBuf>, args: &[&str]) -> Job {
        Job {
            program: program.into(),
            args: args.iter().map(|a| a.to_string()).collect(),
            envs: Vec::new(),
            ok_codes: vec![0],
        }
    }

    /// The same job with an environment variable set.
    pub fn env(mut self, name: &str, value: &Path) -> Job {
        self.envs.push((name.to_string(), value.to_path_buf()));
        self
    }

    /// The same job, also accepting exit code `code` as success.
    pub fn also_ok(mut self, code: i32) -> Job {
        self.ok_codes.push(code);
        self
    }

    /// The command line as one string, each word quoted for a POSIX shell
    /// (hyperfine splits it with shell rules).
    pub fn command_line(&self) -> String {
        std::iter::once(self.program.display().to_string())
            .chain(self.args.iter().cloned())
            .map(|word| format!("'{}'", word.replace('\'', r"'\''")))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Whether non-zero exit codes count as success.
    pub fn accepts_failure_codes(&self) -> bool {
        self.ok_codes.len() > 1
    }

    /// Runs once with stdout to `stdout`; returns the wall time and, when
    /// `with_memory`, the peak resident set size in KiB (from GNU time).
    pub fn run(&self, stdout: &Path, with_memory: bool) -> BenchResult<(Duration, Option<u64>)> {
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
        let code = output.status.code().unwrap_or(-1);
        if !self.ok_codes.contains(&code) {
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
            fs::read_to_string(&memory_file)?
                .lines()
                .filter_map(|line| line.trim().parse::<u64>().ok())
                .next_back()
        } else {
            None
        };
        Ok((elapsed, peak))
    }
}

/// A measured figure: the median wall time and the peak memory of one run.
#[derive(Clone, Copy, Debug)]
pub struct Figure {
    /// Median wall time in seconds, process start included.
    pub seconds: f64,
    /// Peak resident set size in KiB (None without GNU time).
    pub peak_kib: Option<u64>,
}

/// One untimed warm-up run under GNU time (the file is then in the page cache,
/// as it is for a user running reports one after another; it gives the peak
/// memory), then `reps` timed runs, each after `before_each` (which resets
/// state, e.g. removes a database). Returns the median and the peak memory.
pub fn measure(
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

/// Runs different jobs once each (e.g. one update each, as an update that
/// repeats the last is refused): the first under GNU time for the peak memory,
/// untimed; returns the median time of the others.
pub fn measure_each(jobs: &[Job], stdout: &Path) -> BenchResult<Figure> {
    let (first, rest) = jobs.split_first().ok_or("no jobs to time")?;
    let (_, peak_kib) = first.run(stdout, true)?;
    let mut times = Vec::with_capacity(rest.len());
    for job in rest {
        times.push(job.run(stdout, false)?.0.as_secs_f64());
    }
    Ok(Figure {
        seconds: median(&mut times),
        peak_kib,
    })
}

/// The median of `values` (NaN when empty).
pub fn median(values: &mut [f64]) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    match values.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => values[n / 2],
        n => (values[n / 2 - 1] + values[n / 2]) / 2.0,
    }
}

/// A millisecond figure from hyperfine: the median over many runs, with the
/// fastest and slowest.
#[derive(Clone, Copy, Debug)]
pub struct Fine {
    /// Median wall time in seconds.
    pub median: f64,
    /// Fastest run.
    pub min: f64,
    /// Slowest run.
    pub max: f64,
    /// Timed runs.
    pub runs: usize,
}

/// Times `job` with hyperfine (no shell, 3 warm-up runs, then `runs` timed), `prepare` run before each (e.g. a fresh copy of the database).
/// Without hyperfine, falls back to `measure` with `runs` repetitions.
pub fn hyperfine(job: &Job, prepare: Option<&Job>, runs: usize, dir: &Path) -> BenchResult<Fine> {
    if !available("hyperfine") {
        let out = dir.join("fine.out");
        let before = || match prepare {
            Some(prepare) => prepare.run(&dir.join("prepare.out"), false).map(|_| ()),
            None => Ok(()),
        };
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs {
            before()?;
            times.push(job.run(&out, false)?.0.as_secs_f64());
        }
        let median = median(&mut times);
        return Ok(Fine {
            median,
            min: times.first().copied().unwrap_or(f64::NAN),
            max: times.last().copied().unwrap_or(f64::NAN),
            runs,
        });
    }
    let json = dir.join("hyperfine.json");
    let mut command = Command::new("hyperfine");
    command
        .args(["-N", "--style", "none", "--warmup", "3", "--runs"])
        .arg(runs.to_string())
        .arg("--export-json")
        .arg(&json);
    if let Some(prepare) = prepare {
        command.arg("--prepare").arg(prepare.command_line());
    }
    if job.accepts_failure_codes() {
        command.arg("--ignore-failure");
    }
    for (name, value) in &job.envs {
        command.env(name, value);
    }
    let output = command
        .arg(job.command_line())
        .stdin(Stdio::null())
        .output()?;
    if !output.status.success() {
        return Err(format!(
            "hyperfine {} failed: {}",
            job.command_line(),
            String::from_utf8_lossy(&output.stderr).trim()
        )
        .into());
    }
    let value: serde_json::Value = serde_json::from_slice(&fs::read(&json)?)?;
    let result = &value["results"][0];
    let number = |name: &str| result[name].as_f64().unwrap_or(f64::NAN);
    Ok(Fine {
        median: number("median"),
        min: number("min"),
        max: number("max"),
        runs: result["times"].as_array().map_or(0, Vec::len),
    })
}

/// Whether `program --version` runs.
pub fn available(program: &str) -> bool {
    version_line(program, &["--version"]) != "not available"
}

/// How to count the records a command printed.
#[derive(Clone, Copy, PartialEq)]
pub enum Counter {
    /// Elements of a JSON array.
    Json,
    /// CSV records after the header.
    Csv,
    /// Not counted (a drawn table).
    None,
}

impl Counter {
    /// The number of records in the file at `path` (None when not counted).
    pub fn count(self, path: &Path) -> BenchResult<Option<usize>> {
        Ok(match self {
            Counter::Json => {
                Some(json_rows::<serde::de::IgnoredAny>(path)?.map_or(0, |rows| rows.len()))
            }
            Counter::Csv => Some(csv::ReaderBuilder::new().from_path(path)?.records().count()),
            Counter::None => None,
        })
    }
}

/// Whether two JSON arrays list the same "id" values in the same order; None
/// when either is not an array of objects with ids.
pub fn same_ids(ours: &Path, theirs: &Path) -> BenchResult<Option<bool>> {
    let ids = |path: &Path| -> BenchResult<Option<Vec<i64>>> {
        Ok(json_rows::<IdOnly>(path)
            .ok()
            .flatten()
            .and_then(|rows| rows.into_iter().map(|row| row.id).collect()))
    };
    Ok(match (ids(ours)?, ids(theirs)?) {
        (Some(ours), Some(theirs)) => Some(ours == theirs),
        _ => None,
    })
}

/// A JSON record read for its milestone id only (16 bytes a row however
/// large the report).
#[derive(serde::Deserialize)]
struct IdOnly {
    /// The record's "id", when it has one.
    id: Option<i64>,
}

/// The records of a JSON array, read as a stream: None when the file is empty
/// (the `sqlite3` shell prints nothing, not `[]`, for no rows).
fn json_rows<T: serde::de::DeserializeOwned>(path: &Path) -> BenchResult<Option<Vec<T>>> {
    if fs::metadata(path)?.len() == 0 {
        return Ok(None);
    }
    let reader = std::io::BufReader::new(File::open(path)?);
    Ok(Some(serde_json::from_reader(reader)?))
}

/// Removes a database file with its WAL and shared-memory files.
pub fn remove_database(path: &Path) -> BenchResult<()> {
    for suffix in ["", "-wal", "-shm"] {
        let file = PathBuf::from(format!("{}{suffix}", path.display()));
        if file.exists() {
            fs::remove_file(file)?;
        }
    }
    Ok(())
}

/// A file's size in MiB (0 when missing).
pub fn file_mib(path: &Path) -> f64 {
    fs::metadata(path).map_or(0.0, |m| m.len() as f64 / 1_048_576.0)
}

/// The first line a command prints, or "not available".
pub fn version_line(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
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

/// A rusqlite connection with the store's settings, for setup and checks.
pub fn plain_connection(db: &Path) -> BenchResult<Connection> {
    let mut conn = Connection::open(db)?;
    conn.busy_timeout(Duration::from_secs(60))?;
    conn.pragma_update(None, "foreign_keys", true)?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.set_transaction_behavior(rusqlite::TransactionBehavior::Immediate);
    Ok(conn)
}
