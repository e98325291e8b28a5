//! Output files never hit the database, and `weekly --split-by-lead` writes a
//! fresh set each time.

use std::fs;
use std::path::Path;

mod common;

use common::{Workdir, listing};

/// Regression: `actionplan --db plan.db export -o plan.db` replaced the plan
/// with a CSV and exited 0.
#[test]
fn export_onto_the_database_is_refused_however_it_is_spelled() {
    let work = Workdir::with_seed_plan();
    fs::create_dir(work.file("sub")).unwrap();
    std::os::unix::fs::symlink(work.db(), work.file("appendix-link.csv")).unwrap();
    let before = fs::read(work.db()).unwrap();
    let db = work.db().display().to_string();
    let spelled_otherwise = work
        .path()
        .join("sub/../actionplan.db")
        .display()
        .to_string();
    let wal = format!("{db}-wal");
    let journal = format!("{db}-journal");
    for target in [
        db.as_str(),
        &spelled_otherwise,
        "actionplan.db", // relative to the working directory, which is the work folder
        "appendix-link.csv",
        &wal,
        &journal,
    ] {
        let stderr = work.fails(&["export", "-o", target]);
        assert!(
            stderr.contains("choose another file to write"),
            "{target}: {stderr}"
        );
        assert_eq!(fs::read(work.db()).unwrap(), before, "{target}");
    }
    let stderr = work.fails(&["export", "-o", &wal]);
    assert!(
        stderr.contains("is the database's write-ahead log"),
        "{stderr}"
    );
    assert_eq!(work.ok(&["check-db"]), "ok\n");
}

/// Regression: with `--db` a symbolic link, the guarded `-wal`, `-shm` and
/// `-journal` names were made from the link, so `export -o` onto the real
/// file's journal was allowed. They are now made from the real file too.
#[test]
fn regression_the_guard_follows_a_symlinked_db_to_the_real_files() {
    let work = Workdir::with_seed_plan();
    let link = work.file("link.db");
    std::os::unix::fs::symlink(work.db(), &link).unwrap();
    let before = fs::read(work.db()).unwrap();
    for suffix in ["-wal", "-shm", "-journal"] {
        let target = format!("{}{suffix}", work.db().display());
        let output = assert_cmd::Command::cargo_bin("actionplan")
            .unwrap()
            .current_dir(work.path())
            .env_remove("ACTIONPLAN_DB")
            .args(["--db", link.to_str().unwrap(), "export", "-o", &target])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{suffix}: {stderr}");
        assert!(
            stderr.contains("choose another file to write"),
            "{suffix}: {stderr}"
        );
        assert!(!Path::new(&target).exists(), "{suffix}");
    }
    assert_eq!(fs::read(work.db()).unwrap(), before);
}

#[test]
fn backup_onto_the_databases_wal_or_journal_is_refused() {
    let work = Workdir::with_seed_plan();
    for suffix in ["-wal", "-shm", "-journal"] {
        let target = format!("{}{suffix}", work.db().display());
        let stderr = work.fails(&["backup", &target, "--force"]);
        assert!(
            stderr.contains("choose another file to write"),
            "{suffix}: {stderr}"
        );
        assert!(!Path::new(&target).exists(), "{suffix}");
    }
    assert_eq!(work.ok(&["check-db"]), "ok\n");
}

/// The database in the folder --split-by-lead writes to, under the name a
/// lead's file would take: refused before any file is written.
#[test]
fn split_by_lead_never_writes_over_the_database() {
    let work = Workdir::with_seed_plan();
    let out = work.file("out");
    fs::create_dir(&out).unwrap();
    let db = out.join("Sharon-Simpson.md");
    fs::copy(work.db(), &db).unwrap();
    let before = fs::read(&db).unwrap();
    let output = assert_cmd::Command::cargo_bin("actionplan")
        .unwrap()
        .env_remove("ACTIONPLAN_DB")
        .arg("--db")
        .arg(&db)
        .args([
            "weekly",
            "--as-of",
            "2020-02-18",
            "--format",
            "markdown",
            "--split-by-lead",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("Sharon-Simpson.md is the database"),
        "{stderr}"
    );
    assert_eq!(fs::read(&db).unwrap(), before);
    assert_eq!(listing(&out), ["Sharon-Simpson.md"]);
}

/// A leftover temporary file from a killed export is gone after the next run.
#[test]
fn a_leftover_partial_file_is_removed_by_the_next_export() {
    let work = Workdir::with_seed_plan();
    work.write(".appendix.csv.partial", "half a file from a killed run");
    work.ok(&["export", "-o", "appendix.csv"]);
    assert_eq!(listing(work.path()), ["actionplan.db", "appendix.csv"]);
}

/// The files in a `--split-by-lead` folder, without the command's hidden
/// manifest (`.actionplan-weekly-manifest`).
fn lead_files(dir: &Path) -> Vec<String> {
    listing(dir)
        .into_iter()
        .filter(|name| name != ".actionplan-weekly-manifest")
        .collect()
}

/// Regression: a killed backup's temporary file (`.NAME.PID.partial`, with
/// another run's process id) was never removed. The next backup to the same
/// name removes it; another target's temporary file is left alone.
#[test]
fn regression_a_killed_backups_partial_file_is_removed_by_the_next_backup() {
    let work = Workdir::with_seed_plan();
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for (name, content) in [
        (
            ".backup.db.4194304.partial",
            "half a backup from a killed run",
        ),
        (".other.db.4194304.partial", "another target's"),
    ] {
        let path = work.write(name, content);
        fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(an_hour_ago)
            .unwrap();
    }
    work.ok(&["backup", "backup.db"]);
    assert_eq!(
        listing(work.path()),
        [".other.db.4194304.partial", "actionplan.db", "backup.db"]
    );
}

/// A lead with nothing this week no longer has last week's file; files the
/// command did not write, and files of another format, are left alone.
#[test]
fn split_by_lead_writes_a_fresh_set_and_removes_only_its_own_earlier_files() {
    let work = Workdir::with_seed_plan();
    let out = work.file("out");
    let split = |as_of: &str, format: &str| {
        let output = work
            .command(&[
                "weekly",
                "--as-of",
                as_of,
                "--format",
                format,
                "--split-by-lead",
            ])
            .arg(&out)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    split("2020-02-18", "text");
    split("2020-02-18", "markdown");
    fs::write(
        out.join("notes.txt"),
        "My own notes, not a weekly report.\n",
    )
    .unwrap();
    let before = lead_files(&out);
    assert_eq!(before.len(), 10 + 10 + 1);
    assert!(before.contains(&"Anne-Armstrong.txt".to_string()));

    // Anne Armstrong's one milestone (28) is complete by the next week.
    work.ok(&["complete", "28", "--on", "2020-02-20"]);
    let stderr = split("2020-02-25", "text");
    assert!(
        stderr.contains(
            "removed last run's 1 file for leads with nothing this week: Anne-Armstrong.txt"
        ),
        "{stderr}"
    );
    let after = lead_files(&out);
    assert!(
        !after.contains(&"Anne-Armstrong.txt".to_string()),
        "{after:?}"
    );
    assert!(
        after.contains(&"Anne-Armstrong.md".to_string()),
        "{after:?}"
    );
    assert!(after.contains(&"notes.txt".to_string()), "{after:?}");
    assert_eq!(after.len(), before.len() - 1);
}

/// Regression: `--split-by-lead` recognised "its" files by how they begin, so
/// a run for one plan deleted another plan's lead files, and a user's own
/// notes that began like a weekly report. It now removes only files its
/// manifest lists for the same plan and format.
#[test]
fn regression_split_by_lead_removes_only_files_its_manifest_lists() {
    let work = Workdir::with_seed_plan();
    work.ok(&["import", common::SEED_PLAN, "--plan", "Second"]);
    let out = work.file("out");
    let split = |plan: &str, as_of: &str| {
        let output = work
            .command(&[
                "weekly",
                "--plan",
                plan,
                "--as-of",
                as_of,
                "--format",
                "text",
                "--split-by-lead",
            ])
            .arg(&out)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert_eq!(output.status.code(), Some(0), "{stderr}");
        stderr
    };
    split("NL", "2020-02-18");
    fs::rename(
        out.join("Anne-Armstrong.txt"),
        out.join("NL-Anne-Armstrong.txt"),
    )
    .unwrap();
    fs::write(out.join("my-notes.txt"), "Week of 18 Feb: call Anne.\n").unwrap();
    // A run for the other plan: nothing of NL's, and not the notes, is removed.
    let stderr = split("Second", "2020-02-25");
    assert!(!stderr.contains("removed"), "{stderr}");
    let listed = listing(&out);
    assert!(
        listed.contains(&"NL-Anne-Armstrong.txt".to_string()),
        "{listed:?}"
    );
    assert!(listed.contains(&"my-notes.txt".to_string()), "{listed:?}");
    assert!(
        listed.contains(&".actionplan-weekly-manifest".to_string()),
        "{listed:?}"
    );
    // NL again, with Anne's milestone complete: the file NL's run wrote for her
    // is gone (it is listed), the renamed copy and the notes stay.
    work.ok(&["complete", "28", "--on", "2020-02-20"]);
    fs::rename(
        out.join("NL-Anne-Armstrong.txt"),
        out.join("Anne-Armstrong.txt"),
    )
    .unwrap();
    let stderr = split("NL", "2020-02-25");
    assert!(
        stderr.contains(
            "removed last run's 1 file for leads with nothing this week: Anne-Armstrong.txt"
        ),
        "{stderr}"
    );
    assert!(out.join("my-notes.txt").exists());
}
