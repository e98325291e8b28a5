//! `actionplan check` on the seed plan and on small fixtures, through the real binary.

mod common;

use actionplan::model::Rag;
use common::Workdir;
use serde_json::Value;

/// The commands these tests run, on a database holding one plan named "NL".
trait CheckWork {
    /// The seed plan.
    fn seed() -> Workdir;
    /// A plan from a whole CSV text, header included.
    fn fixture(csv_text: &str) -> Workdir;
    /// Runs `check`: (exit code, stdout, stderr).
    fn check(&self, args: &[&str]) -> (i32, String, String);
    /// Closes a committee cycle on a date with `cycle close`.
    fn close_cycle(&self, closed_on: &str);
    /// Records a RAG and a comment with `update`.
    fn record_update(&self, milestone_id: i64, on: &str, rag: Rag);
}

impl CheckWork for Workdir {
    fn seed() -> Workdir {
        Workdir::with_seed_plan()
    }

    fn fixture(csv_text: &str) -> Workdir {
        let work = Workdir::new();
        let csv = work.write("plan.csv", csv_text);
        work.ok(&["import", &csv, "--plan", "NL"]);
        work
    }

    fn check(&self, args: &[&str]) -> (i32, String, String) {
        let output = self.run(&[&["check"], args].concat());
        (
            output.status.code().unwrap(),
            String::from_utf8(output.stdout).unwrap(),
            String::from_utf8(output.stderr).unwrap(),
        )
    }

    fn close_cycle(&self, closed_on: &str) {
        self.ok(&["cycle", "close", "Committee", "--on", closed_on]);
    }

    fn record_update(&self, milestone_id: i64, on: &str, rag: Rag) {
        let id = milestone_id.to_string();
        self.ok(&[
            "update",
            &id,
            "--rag",
            rag.letter(),
            "--comment",
            "Reviewed with the lead.",
            "--on",
            on,
        ]);
    }
}

#[test]
fn seed_as_of_18_feb_2020_flags_exactly_the_five_green_but_overdue() {
    let work = Workdir::seed();
    let (code, stdout, stderr) = work.check(&["--as-of", "2020-02-18"]);
    // Open, due before 18 Feb 2020 and rated G: 19, 20, 22, 24, 28. The seed
    // has no complete-but-not-green, no blank red/amber comment, no "not
    // started" and no cycle, so nothing else is flagged.
    assert_eq!(
        stdout,
        "#19 green but overdue (due Dec 19, overdue by 2 months)\n\
         #20 green but overdue (due Jan 20, overdue by 2 weeks)\n\
         #22 green but overdue (due Dec 19, overdue by 2 months)\n\
         #24 green but overdue (due Oct 19, overdue by 3 months)\n\
         #28 green but overdue (due Dec 19, overdue by 2 months)\n"
    );
    assert_eq!(
        stderr,
        "5 flags on 5 milestones as of 18 Feb 2020: 5 green but overdue\n"
    );
    assert_eq!(code, 1);
}

#[test]
fn seed_as_of_1_jan_2019_is_clean_and_exits_0() {
    let work = Workdir::seed();
    let (code, stdout, stderr) = work.check(&["--as-of", "2019-01-01"]);
    assert_eq!(stdout, "");
    assert_eq!(
        stderr,
        "nothing flagged as of 1 Jan 2019 (38 milestones checked)\n"
    );
    assert_eq!(code, 0);
}

#[test]
fn json_lists_the_flags_with_rule_and_facts() {
    let work = Workdir::seed();
    let (code, stdout, _) = work.check(&["--as-of", "2020-02-18", "--format", "json"]);
    assert_eq!(code, 1);
    let flags: Vec<Value> = serde_json::from_str(&stdout).unwrap();
    let ids: Vec<i64> = flags.iter().map(|f| f["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![19, 20, 22, 24, 28]);
    assert_eq!(flags[0]["rule"], "green_but_overdue");
    assert_eq!(flags[0]["rule_words"], "green but overdue");
    assert_eq!(flags[0]["facts"], "due Dec 19, overdue by 2 months");
    assert_eq!(flags[0]["rag"], "G");
    assert_eq!(flags[0]["due"], "2019-12-31");
}

#[test]
fn no_update_since_the_last_cycle_applies_once_a_cycle_is_closed() {
    let work = Workdir::seed();
    work.close_cycle("2020-02-10");
    // Re-rated amber after the cycle: no longer green but overdue, and updated since.
    work.record_update(19, "2020-02-12", Rag::Amber);
    // Updated, but before the cycle closed.
    work.record_update(23, "2020-02-09", Rag::Green);
    let (code, stdout, stderr) = work.check(&["--as-of", "2020-02-18"]);
    assert_eq!(code, 1);
    let no_update: Vec<&str> = stdout
        .lines()
        .filter(|line| line.contains("no update since the last cycle"))
        .collect();
    // 25 open milestones, less 19.
    assert_eq!(no_update.len(), 24);
    assert!(no_update.contains(
        &"#23 no update since the last cycle (last update 9 Feb 2020, last cycle closed 10 Feb 2020)"
    ));
    assert!(no_update.contains(
        &"#4 no update since the last cycle (never updated, last cycle closed 10 Feb 2020)"
    ));
    assert!(!stdout.contains("#19 "));
    assert_eq!(
        stderr,
        "28 flags on 24 milestones as of 18 Feb 2020: 4 green but overdue, 24 no update since the last cycle\n"
    );
    // A cycle closed after the as-of date does not count yet.
    let (_, earlier, _) = work.check(&["--as-of", "2020-02-09"]);
    assert!(!earlier.contains("no update since the last cycle"));
}

#[test]
fn the_other_rules_each_flag_their_milestone() {
    let work = Workdir::fixture(
        "Report Recommendation,Improvement Action,Milestone detail,Lead,Timeline,Comment/RAG,RAG,Status\n\
         Governance,Review,Complete but amber,Ann Lee,Jan 20,Done at last.,A,complete\n\
         ,,Red and silent,Ann Lee,Dec 25,,R,in progress\n\
         ,,Not started and due,Ann Lee,Jan 20,Waiting for funding.,A,not started\n\
         ,,Fine,Ann Lee,Dec 25,On track.,G,in progress\n",
    );
    let (code, stdout, stderr) = work.check(&["--as-of", "2020-02-18"]);
    assert_eq!(
        stdout,
        "#1 complete but not green (RAG Amber)\n\
         #2 red or amber with no comment (RAG Red, comment empty)\n\
         #3 not started but past its due date (due Jan 20, overdue by 2 weeks)\n"
    );
    assert_eq!(
        stderr,
        "3 flags on 3 milestones as of 18 Feb 2020: 1 complete but not green, \
         1 red or amber with no comment, 1 not started but past its due date\n"
    );
    assert_eq!(code, 1);
}

#[test]
fn an_unknown_plan_is_an_error_with_exit_2() {
    let work = Workdir::seed();
    let (code, _, stderr) = work.check(&["--plan", "Nope"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no plan named \"Nope\""), "{stderr}");
}
