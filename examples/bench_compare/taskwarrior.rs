//! Taskwarrior 2.6 on the same milestones: `task import`, `task +OVERDUE
//! export` and `task UUID modify`, beside `actionplan import`, `overdue` and
//! `update` on the freshly imported plan (Taskwarrior keeps no history, so
//! the comparison runs before the updates are loaded).

use std::fs::{self, File};
use std::path::Path;

use crate::generate::{PlanRow, THEMES};
use crate::measure::{self, Counter, Figure, Job, measure, measure_each};
use crate::render::{mib_text, seconds_text, thousands};
use crate::suite::SizeRun;
use crate::{Bench, BenchResult};

/// The Taskwarrior comparison at one size, or why it was not run.
pub enum Peer {
    /// Measured: one row per command.
    Measured(Vec<PeerRow>),
    /// Not run, and why.
    Skipped(String),
}

/// One command, actionplan beside Taskwarrior.
pub struct PeerRow {
    /// Which command (`import`, `overdue`, `update`).
    pub key: &'static str,
    /// The two command lines.
    pub what: String,
    /// actionplan's figure.
    pub ours: Figure,
    /// Taskwarrior's figure.
    pub theirs: Figure,
    /// Records each printed, or the rows imported.
    pub rows: String,
}

/// Taskwarrior's uuid for the milestone at `index` (0-based, plan order).
fn task_uuid(index: usize) -> String {
    format!("00000000-0000-4000-8000-{index:012x}")
}

/// Writes the plan as Taskwarrior tasks: project = theme, due = the last day
/// of the timeline's month, tag = RAG, the comment as an annotation, and
/// completed milestones as completed tasks.
fn write_tasks(rows: &[PlanRow], path: &Path) -> BenchResult<()> {
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

/// Why Taskwarrior is not run at `size`: not installed, or larger than
/// `BENCH_TASKWARRIOR_MAX`, with what its import took at the largest smaller
/// size (it reads and rewrites whole text files, so it grows linearly).
fn skip_reason(bench: &Bench, size: usize, earlier: &[SizeRun]) -> Option<String> {
    if !measure::available("task") {
        return Some("Taskwarrior (`task`) is not installed.".to_string());
    }
    if size <= bench.config.taskwarrior_max {
        return None;
    }
    let measured = earlier.iter().rev().find_map(|run| match &run.peer {
        Peer::Measured(rows) => rows
            .iter()
            .find(|row| row.key == "import")
            .map(|row| (run.milestones, row.theirs)),
        Peer::Skipped(_) => None,
    });
    let mut reason = format!(
        "Taskwarrior was not run at {} milestones (BENCH_TASKWARRIOR_MAX={}).",
        thousands(size),
        thousands(bench.config.taskwarrior_max)
    );
    if let Some((at, figure)) = measured {
        let scale = size as f64 / at as f64;
        reason.push_str(&format!(
            " At {} its import took {} and {} peak; it reads and rewrites whole text \
             files, so {} would need about {} and {} per import, and each command reads \
             it all again.",
            thousands(at),
            seconds_text(figure.seconds),
            mib_text(figure.peak_kib),
            thousands(size),
            seconds_text(figure.seconds * scale),
            mib_text(figure.peak_kib.map(|k| (k as f64 * scale) as u64)),
        ));
    }
    Some(reason)
}

/// Runs the comparison on `db` (the plan just imported) unless skipped.
/// `import` is actionplan's import figure for the same CSV.
pub fn compare(
    bench: &Bench,
    plan: &[PlanRow],
    db: &Path,
    import: Figure,
    earlier: &[SizeRun],
) -> BenchResult<Peer> {
    let size = plan.len();
    if let Some(reason) = skip_reason(bench, size, earlier) {
        return Ok(Peer::Skipped(reason));
    }
    eprintln!("bench: {}: Taskwarrior", thousands(size));
    let reps = bench.config.reps;
    let json_path = bench.path(&format!("tasks-{size}.json"));
    write_tasks(plan, &json_path)?;
    let data = bench.path(&format!("task-{size}"));
    let rc = bench.path(&format!("taskrc-{size}"));
    fs::write(
        &rc,
        format!(
            "data.location={}\nconfirmation=off\nverbose=nothing\nhooks=off\njson.array=on\n\
             recurrence=off\nbulk=0\nnews.version=2.6.2\n",
            data.display()
        ),
    )?;
    let task = |args: &[&str]| {
        Job::new("task", args)
            .env("TASKRC", &rc)
            .env("TASKDATA", &data)
    };
    let reset = || -> BenchResult<()> {
        if data.exists() {
            fs::remove_dir_all(&data)?;
        }
        fs::create_dir_all(&data)?;
        Ok(())
    };
    let json_text = json_path.to_str().unwrap_or_default();
    let mut rows = Vec::new();

    let theirs = measure(
        &task(&["import", json_text]),
        reps,
        &bench.path("task.out"),
        &reset,
    )?;
    rows.push(PeerRow {
        key: "import",
        what: "`import` CSV / `task import` JSON".to_string(),
        ours: import,
        theirs,
        rows: thousands(size),
    });

    let ours_out = bench.path("peer-overdue.out");
    let ours = measure(
        &bench.actionplan(db, &["overdue", "--format", "json"]),
        reps,
        &ours_out,
        &|| Ok(()),
    )?;
    let theirs_out = bench.path("task-overdue.out");
    let theirs = measure(
        &task(&["+OVERDUE", "export"]),
        reps,
        &theirs_out,
        &|| Ok(()),
    )?;
    let ours_rows = Counter::Json.count(&ours_out)?.unwrap_or_default();
    let theirs_rows = Counter::Json.count(&theirs_out)?.unwrap_or_default();
    rows.push(PeerRow {
        key: "overdue",
        what: "`overdue --format json` / `task +OVERDUE export`".to_string(),
        ours,
        theirs,
        rows: if ours_rows == theirs_rows {
            thousands(ours_rows)
        } else {
            format!(
                "{} (task: {})",
                thousands(ours_rows),
                thousands(theirs_rows)
            )
        },
    });

    let open: Vec<usize> = plan
        .iter()
        .enumerate()
        .filter(|(_, row)| !row.complete)
        .map(|(index, _)| index)
        .collect();
    let picks: Vec<usize> = (0..bench.config.update_processes)
        .map(|i| open[(i * 7919) % open.len()])
        .collect();
    let ours_jobs: Vec<Job> = picks
        .iter()
        .enumerate()
        .map(|(job, &index)| {
            let id = (index + 1).to_string();
            // Numbered, so a milestone picked twice is not a repeat (refused).
            let comment = format!("On track ({job}).");
            bench.actionplan(
                db,
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
    rows.push(PeerRow {
        key: "update",
        what: format!(
            "`update ID --rag A --comment ...` / `task UUID modify -R -G +A` (median of {})",
            picks.len() - 1
        ),
        ours: measure_each(&ours_jobs, &bench.path("peer-update.out"))?,
        theirs: measure_each(&theirs_jobs, &bench.path("task-modify.out"))?,
        rows: "1".to_string(),
    });
    fs::remove_dir_all(&data)?;
    Ok(Peer::Measured(rows))
}
