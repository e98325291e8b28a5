//! `actionplan weekly` on the seed plan and on small fixtures, through the real binary.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use chrono::NaiveDate;
use serde_json::Value;
use tempfile::TempDir;

use actionplan::model::Rag;
use actionplan::store::{NewUpdate, OpenMode, Store};

const SEED: &str = "data/north-lanarkshire-integration-review-2020.csv";

const APPENDIX_HEADERS: &str =
    "Report Recommendation,Improvement Action,Milestone detail,Lead,Timeline,Comment/RAG,RAG\n";

/// A temporary directory holding a database with one imported plan.
struct Workdir {
    dir: TempDir,
}

impl Workdir {
    /// The seed plan imported as "NL".
    fn seed() -> Workdir {
        Workdir::with_plan(Path::new(env!("CARGO_MANIFEST_DIR")).join(SEED))
    }

    /// A plan written as an appendix CSV with the given rows (after the header).
    fn fixture(rows: &str) -> Workdir {
        let dir = TempDir::new().unwrap();
        let csv = dir.path().join("plan.csv");
        fs::write(&csv, format!("{APPENDIX_HEADERS}{rows}")).unwrap();
        let work = Workdir { dir };
        work.import(&csv);
        work
    }

    fn with_plan(csv: PathBuf) -> Workdir {
        let work = Workdir {
            dir: TempDir::new().unwrap(),
        };
        work.import(&csv);
        work
    }

    fn import(&self, csv: &Path) {
        self.command()
            .arg("import")
            .arg(csv)
            .args(["--plan", "NL"])
            .assert()
            .success();
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("plan.db")
    }

    fn command(&self) -> Command {
        let mut command = Command::cargo_bin("actionplan").unwrap();
        command.arg("--db").arg(self.db()).env("NO_COLOR", "1");
        command
    }

    /// Runs `weekly` with the arguments; returns stdout, asserting exit 0.
    fn weekly(&self, args: &[&str]) -> String {
        let output = self.command().arg("weekly").args(args).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(0),
            "stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    fn weekly_json(&self, as_of: &str) -> Vec<Value> {
        let text = self.weekly(&["--as-of", as_of, "--format", "json"]);
        serde_json::from_str::<Value>(&text)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    }

    /// Records an update through the library, as `actionplan update` would.
    fn record_update(&self, milestone_id: i64, on: &str) {
        let mut store = Store::open(&self.db(), OpenMode::MustExist).unwrap();
        store
            .append_update(&NewUpdate {
                milestone_id,
                on: on.parse::<NaiveDate>().unwrap(),
                rag: Some(Rag::Amber),
                comment: Some("Reviewed with the lead.".to_string()),
                ..NewUpdate::default()
            })
            .unwrap();
    }
}

fn lead<'a>(reports: &'a [Value], name: &str) -> &'a Value {
    reports
        .iter()
        .find(|r| r["lead"] == name)
        .unwrap_or_else(|| panic!("no lead {name}"))
}

fn ids(report: &Value, section: &str) -> Vec<i64> {
    report[section]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["id"].as_i64().unwrap())
        .collect()
}

fn ids_in_any_lead(reports: &[Value], section: &str) -> BTreeSet<i64> {
    reports.iter().flat_map(|r| ids(r, section)).collect()
}

fn leads(reports: &[Value]) -> Vec<&str> {
    reports
        .iter()
        .map(|r| r["lead"].as_str().unwrap())
        .collect()
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

const SEED_LEADS_WITH_SOMETHING_TO_REPORT: [&str; 10] = [
    "Anne Armstrong",
    "Fiona Whittaker",
    "Graeme Cowan",
    "John White",
    "Maggs Thomson",
    "Margaret French",
    "Marie Moy",
    "Morag Dendy",
    "Ross McGuffie",
    "Sharon Simpson",
];

#[test]
fn json_as_of_18_feb_2020_has_ten_leads_and_ross_mcguffies_overdue_ids() {
    let work = Workdir::seed();
    let reports = work.weekly_json("2020-02-18");
    // 11 people lead milestones; Alison Gordon's are all complete, so she is left out.
    assert_eq!(leads(&reports), SEED_LEADS_WITH_SOMETHING_TO_REPORT);
    let ross = lead(&reports, "Ross McGuffie");
    // Most overdue first: Sep 19, Oct 19, Nov 19, Dec 19 (plan order), Jan 20.
    assert_eq!(ids(ross, "overdue"), vec![4, 5, 14, 6, 19, 21, 35, 20]);
    assert_eq!(ids(ross, "newly_overdue"), Vec::<i64>::new());
    assert_eq!(ids(ross, "due_soon"), Vec::<i64>::new());
    let first = &ross["overdue"][0];
    assert_eq!(first["milestone"], "Agree meeting structures");
    assert_eq!(first["due"], "2019-09-30");
    assert_eq!(first["rag"], "A");
    assert_eq!(first["days_overdue"], 141);
    assert_eq!(first["overdue_by"], "overdue by 4 months");
    // Never updated, so every open milestone is stale, with no update date.
    let stale = &ross["stale"][0];
    assert_eq!(stale["last_update_on"], Value::Null);
    assert_eq!(stale["weeks_since_update"], Value::Null);
    assert_eq!(ids_in_any_lead(&reports, "overdue").len(), 15);
    assert_eq!(ids_in_any_lead(&reports, "stale").len(), 25);
}

#[test]
fn text_has_the_summary_line_and_one_line_items() {
    let work = Workdir::seed();
    let text = work.weekly(&["--as-of", "2020-02-18"]);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "Week of 18 Feb 2020: 15 overdue (0 newly), 0 due in the next 14 days, 25 stale, across 10 leads"
        )
    );
    assert!(
        text.contains(
            "\nMargaret French\n===============\nOverdue (2):\n  \
             #10 Implement locality and area wide structures\n    \
             — due Nov 19, overdue by 2 months (A)\n  \
             #13 Tier 3 post holders in place — due Jan 20, overdue by 2 weeks (A)\n"
        ),
        "{text}"
    );
    assert!(text.lines().skip(1).all(|line| line.chars().count() <= 76));
    assert!(!text.contains("Alison Gordon"));
}

#[test]
fn jan_20_milestones_are_newly_overdue_on_3_feb_and_listed_only_there() {
    let work = Workdir::seed();
    let reports = work.weekly_json("2020-02-03");
    // Jan 20 is due on 31 Jan; 13 and 20 are open, 16 is complete.
    assert_eq!(
        ids_in_any_lead(&reports, "newly_overdue"),
        BTreeSet::from([13, 20])
    );
    let overdue = ids_in_any_lead(&reports, "overdue");
    assert!(!overdue.contains(&13) && !overdue.contains(&20));
    assert_eq!(overdue.len(), 13);
    assert_eq!(
        ids(lead(&reports, "Margaret French"), "newly_overdue"),
        vec![13]
    );
    assert_eq!(ids(lead(&reports, "Marie Moy"), "newly_overdue"), vec![20]);
    assert_eq!(
        lead(&reports, "Marie Moy")["newly_overdue"][0]["days_overdue"],
        3
    );
    let text = work.weekly(&["--as-of", "2020-02-03"]);
    assert!(text.starts_with(
        "Week of 3 Feb 2020: 15 overdue (2 newly), 0 due in the next 14 days, 25 stale, across 10 leads\n"
    ));
    assert!(text.contains(
        "Newly overdue (1):\n  #20 Revise target setting in line with national guidance, SCP 20-23, and\n"
    ));
}

#[test]
fn mar_20_milestones_are_due_soon_on_20_mar() {
    let work = Workdir::seed();
    let reports = work.weekly_json("2020-03-20");
    assert_eq!(
        ids_in_any_lead(&reports, "due_soon"),
        BTreeSet::from([15, 23, 25, 26, 30, 32, 33, 34, 36, 37])
    );
    let morag = lead(&reports, "Morag Dendy");
    assert_eq!(ids(morag, "due_soon"), vec![15, 25, 26, 30, 32]);
    assert_eq!(morag["due_soon"][0]["days_until_due"], 11);
    // A window of 10 days (20 Mar to 30 Mar) misses 31 Mar.
    let text = work.weekly(&["--as-of", "2020-03-20", "--due-soon-days", "10"]);
    assert!(text.starts_with(
        "Week of 20 Mar 2020: 15 overdue (0 newly), 0 due in the next 10 days, 25 stale"
    ));
}

#[test]
fn a_milestone_with_three_leads_appears_under_each() {
    let work = Workdir::seed();
    let reports = work.weekly_json("2020-03-20");
    // Milestone 36 is led by Ross McGuffie, Margaret French and Maggs Thomson.
    let with_36: Vec<&str> = reports
        .iter()
        .filter(|r| ids(r, "due_soon").contains(&36))
        .map(|r| r["lead"].as_str().unwrap())
        .collect();
    assert_eq!(
        with_36,
        vec!["Maggs Thomson", "Margaret French", "Ross McGuffie"]
    );
}

#[test]
fn stale_uses_the_latest_update_and_the_stale_weeks_option() {
    let work = Workdir::seed();
    work.record_update(13, "2020-02-01");
    work.record_update(10, "2019-12-01");
    let reports = work.weekly_json("2020-02-18");
    let maggs = lead(&reports, "Maggs Thomson");
    assert_eq!(ids(maggs, "stale"), vec![36, 10]);
    let updated_long_ago = &maggs["stale"][1];
    assert_eq!(updated_long_ago["last_update_on"], "2019-12-01");
    assert_eq!(updated_long_ago["weeks_since_update"], 11);
    assert_eq!(ids_in_any_lead(&reports, "stale").len(), 24);

    let text = work.weekly(&["--as-of", "2020-02-18", "--stale-weeks", "12"]);
    assert!(text.contains("23 stale"), "{text}");
    assert!(text.contains("Stale, no update for 12 weeks (1):\n  #36 "));
}

#[test]
fn csv_has_one_row_per_lead_section_and_milestone() {
    let work = Workdir::seed();
    let text = work.weekly(&["--as-of", "2020-02-18", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        reader.headers().unwrap().iter().collect::<Vec<_>>(),
        vec![
            "lead",
            "section",
            "id",
            "plan",
            "milestone",
            "timeline",
            "due",
            "status",
            "rag",
            "comment",
            "days_overdue",
            "overdue_by",
            "days_until_due",
            "last_update_on",
            "weeks_since_update"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // 24 (lead, overdue milestone) pairs and 38 (lead, stale milestone) pairs.
    assert_eq!(rows.len(), 62);
    assert_eq!(rows.iter().filter(|r| &r[1] == "overdue").count(), 24);
    assert_eq!(rows.iter().filter(|r| &r[1] == "stale").count(), 38);
    assert_eq!(&rows[0][0], "Anne Armstrong");
    assert_eq!(&rows[0][2], "28");
    assert!(text.contains("\r\n"));
}

#[test]
fn split_by_lead_writes_one_file_per_lead_into_a_new_directory() {
    let work = Workdir::seed();
    let out = work.dir.path().join("weekly").join("2020-02-18");
    let output = work
        .command()
        .args(["weekly", "--as-of", "2020-02-18", "--split-by-lead"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        format!("wrote 10 files to {}\n", out.display())
    );
    let expected: Vec<String> = SEED_LEADS_WITH_SOMETHING_TO_REPORT
        .iter()
        .map(|name| format!("{}.txt", name.replace(' ', "-")))
        .collect();
    assert_eq!(files_in(&out), expected);
    let ross = fs::read_to_string(out.join("Ross-McGuffie.txt")).unwrap();
    assert!(ross.starts_with(
        "Week of 18 Feb 2020, Ross McGuffie: 8 overdue (0 newly), 0 due in the next 14 days, 11 stale\n"
    ));
    assert!(!ross.contains("Marie Moy\n"));
}

#[test]
fn split_by_lead_keeps_hostile_and_clashing_names_inside_the_directory() {
    let work = Workdir::fixture(
        "Governance,Review,First,../../etc/passwd,Jan 20,Ongoing.,A\n\
         ,,Second,..,Jan 20,Ongoing.,A\n\
         ,,Third,Ann Lee;Ann-Lee,Jan 20,Ongoing.,A\n\
         ,,Fourth,/,Jan 20,Ongoing.,A\n",
    );
    let out = work.dir.path().join("out");
    let output = work
        .command()
        .args(["weekly", "--as-of", "2020-02-18", "--format", "json"])
        .arg("--split-by-lead")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        format!("wrote 5 files to {}\n", out.display())
    );
    // Alphabetical: "..", "../../etc/passwd", "/", "Ann Lee", "Ann-Lee".
    assert_eq!(
        files_in(&out),
        vec![
            "Ann-Lee-2.json",
            "Ann-Lee.json",
            "etcpasswd.json",
            "lead-1.json",
            "lead-3.json"
        ]
    );
    // Nothing was written beside the directory or above it.
    for name in files_in(work.dir.path()) {
        assert!(
            ["out", "plan.csv"].contains(&name.as_str()) || name.starts_with("plan.db"),
            "unexpected {name}"
        );
    }
    assert!(!work.dir.path().join("etc").exists());
    assert!(
        !work
            .dir
            .path()
            .parent()
            .unwrap()
            .join("etc")
            .join("passwd")
            .exists()
    );
    let passwd: Value =
        serde_json::from_str(&fs::read_to_string(out.join("etcpasswd.json")).unwrap()).unwrap();
    assert_eq!(passwd[0]["lead"], "../../etc/passwd");
    assert_eq!(ids(&passwd[0], "overdue"), vec![1]);
    let second_ann: Value =
        serde_json::from_str(&fs::read_to_string(out.join("Ann-Lee-2.json")).unwrap()).unwrap();
    assert_eq!(second_ann[0]["lead"], "Ann-Lee");
}

#[test]
fn markdown_escapes_a_pipe_in_a_comment() {
    let work = Workdir::fixture(
        "Governance,Review,Agree the *new* TOR,Ann Lee,Jan 20,Waiting on HR | Finance <soon>,A\n",
    );
    let text = work.weekly(&["--as-of", "2020-02-18", "--format", "markdown"]);
    assert!(
        text.contains(
            "| 1 | Agree the \\*new\\* TOR | Jan 20 | overdue by 2 weeks | A | \
             Waiting on HR \\| Finance \\<soon\\> |\n"
        ),
        "{text}"
    );
    assert!(text.starts_with("# Weekly report, week of 18 Feb 2020\n"));
    assert!(text.contains("\n## Ann Lee\n\n### Overdue (1)\n"));
}

#[test]
fn a_plan_with_nothing_to_report_says_so_and_writes_no_files() {
    let work = Workdir::fixture("Governance,Review,Agree TOR,Ann Lee,Jan 20,Complete.,G\n");
    assert_eq!(
        work.weekly(&["--as-of", "2020-02-18"]),
        "Week of 18 Feb 2020: 0 overdue (0 newly), 0 due in the next 14 days, 0 stale, across 0 leads\n\
         \n\
         Nothing to report.\n"
    );
    assert_eq!(work.weekly_json("2020-02-18"), Vec::<Value>::new());
    let out = work.dir.path().join("out");
    work.command()
        .args(["weekly", "--as-of", "2020-02-18", "--split-by-lead"])
        .arg(&out)
        .assert()
        .success()
        .stderr(format!("wrote 0 files to {}\n", out.display()));
    assert_eq!(files_in(&out), Vec::<String>::new());
}
