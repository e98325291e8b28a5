//! The scale benchmark of issue 12: every report at 10,000, 100,000 and
//! 1,000,000 milestones, timed with the real release binary, side by side with
//! the `sqlite3` shell running the best SQL for the same question on the same
//! file, and with Taskwarrior 2.6 for `import`, `overdue` and `update`; and
//! every command on the 38-milestone seed plan, process start included.
//!
//! Run it with `scripts/bench.sh` (which installs `sqlite3`, `taskwarrior`,
//! `hyperfine` and GNU `time` when missing, builds the release binary and
//! writes the figures into `docs/PERFORMANCE.md`), or, after `cargo build
//! --release`, `cargo run --release --example bench_compare`. Nothing here
//! asserts a timing: figures are reported, never tested. `cargo test` builds
//! this example but never runs it; the micro-benchmarks of the hot paths are
//! in `benches/hot_paths.rs` (`cargo bench`).
//!
//! Settings (environment variables, all optional):
//! - `BENCH_SIZES` ("10000,100000,1000000"): plan sizes in milestones;
//! - `BENCH_UPDATES_PER_MILESTONE` (10) and `BENCH_MAX_UPDATES` (3000000):
//!   updates loaded at each size, `min(size x per milestone, max)`;
//! - `BENCH_REPS` (3): timed runs per figure, median reported, after one
//!   untimed warm-up run that measures peak memory;
//! - `BENCH_UPDATE_PROCESSES` (10): `actionplan update` processes timed per
//!   size (and as many `sqlite3` / `task modify` ones);
//! - `BENCH_TASKWARRIOR_MAX` (100000): the largest size Taskwarrior runs at;
//! - `BENCH_SEED_RUNS` (30): hyperfine runs per command on the seed plan;
//! - `ACTIONPLAN_BIN`: the binary to time (default: `actionplan` in the same
//!   target directory and profile as this example, e.g. `target/release`);
//! - `BENCH_OUT`: also write the generated markdown to this file;
//! - `BENCH_DOC`: replace the generated part of this markdown file (between
//!   the `BEGIN`/`END GENERATED` comments) with the new figures;
//! - `BENCH_KEEP`: keep the temporary directory and print its path.

mod generate;
mod measure;
mod render;
mod seed;
mod sql;
mod suite;
mod targets;
mod taskwarrior;

use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};

use measure::Job;

/// Every fallible step of the benchmark.
pub type BenchResult<T> = Result<T, Box<dyn Error>>;

/// The as-of date of the past-date overdue report: mid-way through the history.
pub const PAST: &str = "2021-06-30";
/// The `history --since` date: the last quarter of the generated history.
pub const HISTORY_SINCE: &str = "2022-10-01";

/// Runs the benchmark and writes its markdown.
fn main() -> BenchResult<()> {
    let config = Config::from_env()?;
    let workdir = tempfile::Builder::new()
        .prefix("actionplan-bench-")
        .tempdir()?;
    eprintln!("bench: working in {}", workdir.path().display());
    let bench = Bench {
        config,
        dir: workdir.path().to_path_buf(),
    };
    let machine = render::Machine::now(&bench.config);
    let seed = seed::run(&bench)?;
    let mut sizes = Vec::new();
    for &size in &bench.config.sizes {
        sizes.push(suite::run_size(&bench, size, &sizes)?);
    }
    let report = render::markdown(&bench.config, &machine, &seed, &sizes);
    println!("{report}");
    let setting = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    if let Some(path) = setting("BENCH_OUT") {
        fs::write(&path, &report)?;
        eprintln!("bench: wrote {path}");
    }
    if let Some(path) = setting("BENCH_DOC") {
        render::replace_generated(Path::new(&path), &report)?;
        eprintln!("bench: updated the generated part of {path}");
    }
    if std::env::var_os("BENCH_KEEP").is_some() {
        eprintln!("bench: kept {}", workdir.keep().display());
    }
    Ok(())
}

/// What to run, read from the environment (see the top of this file).
pub struct Config {
    /// The binary timed.
    pub binary: PathBuf,
    /// Plan sizes in milestones, smallest first.
    pub sizes: Vec<usize>,
    /// Updates loaded per milestone, before the cap.
    pub updates_per_milestone: usize,
    /// The most updates loaded at any size.
    pub max_updates: usize,
    /// Timed runs per figure.
    pub reps: usize,
    /// `update` processes timed per size.
    pub update_processes: usize,
    /// The largest size Taskwarrior runs at.
    pub taskwarrior_max: usize,
    /// hyperfine runs per seed-plan command.
    pub seed_runs: usize,
}

impl Config {
    /// Reads the settings, with their defaults.
    fn from_env() -> BenchResult<Config> {
        let binary = match std::env::var_os("ACTIONPLAN_BIN") {
            Some(path) => PathBuf::from(path),
            None => built_binary()?,
        };
        let mut sizes = std::env::var("BENCH_SIZES")
            .unwrap_or_else(|_| "10000,100000,1000000".to_string())
            .split(',')
            .filter(|size| !size.trim().is_empty())
            .map(|size| size.trim().replace('_', "").parse::<usize>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("BENCH_SIZES: {e}"))?;
        sizes.sort_unstable();
        sizes.dedup();
        if sizes.iter().any(|&n| n < 200) {
            return Err("BENCH_SIZES: plan sizes must be at least 200 milestones".into());
        }
        Ok(Config {
            binary,
            sizes,
            updates_per_milestone: number("BENCH_UPDATES_PER_MILESTONE", 10)?,
            max_updates: number("BENCH_MAX_UPDATES", 3_000_000)?,
            reps: number("BENCH_REPS", 3)?.max(1),
            update_processes: number("BENCH_UPDATE_PROCESSES", 10)?.max(2),
            taskwarrior_max: number("BENCH_TASKWARRIOR_MAX", 100_000)?,
            seed_runs: number("BENCH_SEED_RUNS", 30)?.max(1),
        })
    }

    /// Updates loaded into a plan of `milestones`.
    pub fn updates_for(&self, milestones: usize) -> usize {
        (milestones * self.updates_per_milestone).min(self.max_updates)
    }
}

/// The `actionplan` binary cargo built beside this example: examples live in
/// `target/PROFILE/examples/`, the binary in `target/PROFILE/` (cargo gives
/// only tests and benches its path, in `CARGO_BIN_EXE_actionplan`).
fn built_binary() -> BenchResult<PathBuf> {
    let exe = std::env::current_exe()?;
    let binary = exe
        .parent()
        .and_then(Path::parent)
        .ok_or("cannot tell the target directory from this example's path")?
        .join(format!("actionplan{}", std::env::consts::EXE_SUFFIX));
    if !binary.is_file() {
        return Err(format!(
            "{} is missing: build it first (`cargo build --release`, as scripts/bench.sh \
             does) or name a binary in ACTIONPLAN_BIN",
            binary.display()
        )
        .into());
    }
    Ok(binary)
}

/// A whole number from the environment (underscores allowed), or `default`.
fn number(name: &str, default: usize) -> BenchResult<usize> {
    match std::env::var(name) {
        Ok(text) => Ok(text
            .trim()
            .replace('_', "")
            .parse()
            .map_err(|e| format!("{name}={text:?}: {e}"))?),
        Err(_) => Ok(default),
    }
}

/// The settings and the temporary directory every step works in.
pub struct Bench {
    /// The settings.
    pub config: Config,
    /// The temporary directory (removed at the end unless `BENCH_KEEP`).
    pub dir: PathBuf,
}

impl Bench {
    /// A path in the temporary directory.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// `actionplan --db DB ARGS...`.
    pub fn actionplan(&self, db: &Path, args: &[&str]) -> Job {
        let mut all = vec!["--db", db.to_str().unwrap_or_default()];
        all.extend_from_slice(args);
        Job::new(&self.config.binary, &all)
    }

    /// `sqlite3 OPTIONS... DB COMMANDS...`: each command a dot-command or
    /// SQL, run in order.
    pub fn sqlite3(&self, db: &Path, options: &[&str], commands: &[impl AsRef<str>]) -> Job {
        let mut all = options.to_vec();
        all.push(db.to_str().unwrap_or_default());
        all.extend(commands.iter().map(AsRef::as_ref));
        Job::new("sqlite3", &all)
    }
}
