//! `actionplan weekly` on the seed plan and on small fixtures, through the real binary.

mod common;

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use serde_json::Value;

use common::Workdir;

const APPENDIX_HEADERS: &str =
    "Report Recommendation,Improvement Action,Milestone detail,Lead,Timeline,Comment/RAG,RAG\n";

/// The commands these tests run, on a database holding one plan named "NL".
trait WeeklyWork {
    /// The seed plan.
    fn seed() -> Workdir;
    /// A plan written as an appendix CSV with the given rows (after the header).
    fn fixture(rows: &str) -> Workdir;
    /// Runs `weekly` with the arguments; returns stdout, asserting exit 0.
    fn weekly(&self, args: &[&str]) -> String;
    /// The JSON report as of a date.
    fn weekly_json(&self, as_of: &str) -> Vec<Value>;
    /// Records an amber RAG and a comment with `update`.
    fn record_update(&self, milestone_id: i64, on: &str);
}

impl WeeklyWork for Workdir {
    fn seed() -> Workdir {
        Workdir::with_seed_plan()
    }

    fn fixture(rows: &str) -> Workdir {
        let work = Workdir::new();
        let csv = work.write("plan.csv", format!("{APPENDIX_HEADERS}{rows}"));
        work.ok(&["import", &csv, "--plan", "NL"]);
        work
    }

    fn weekly(&self, args: &[&str]) -> String {
        self.ok(&[&["weekly"], args].concat())
    }

    fn weekly_json(&self, as_of: &str) -> Vec<Value> {
        let text = self.weekly(&["--as-of", as_of, "--format", "json"]);
        serde_json::from_str::<Value>(&text)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    }

    fn record_update(&self, milestone_id: i64, on: &str) {
        let id = milestone_id.to_string();
        self.ok(&[
            "update",
            &id,
            "--rag",
            "A",
            "--comment",
            "Reviewed with the lead.",
            "--on",
            on,
        ]);
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

/// The files in `dir`, sorted, without the hidden manifest in which
/// `--split-by-lead` lists the files it wrote.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name != ".actionplan-weekly-manifest")
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
    // Never updated, so every open milestone is stale: the overdue ones say so
    // themselves and only the Mar 20 ones (not yet due) are under stale.
    assert_eq!(first["stale"], true);
    assert_eq!(first["last_update_on"], Value::Null);
    assert_eq!(first["weeks_since_update"], Value::Null);
    assert_eq!(ids(ross, "stale"), vec![23, 32, 36]);
    let stale = &ross["stale"][0];
    assert_eq!(stale["last_update_on"], Value::Null);
    assert_eq!(stale["weeks_since_update"], Value::Null);
    assert_eq!(ids_in_any_lead(&reports, "overdue").len(), 15);
    assert_eq!(
        ids_in_any_lead(&reports, "stale"),
        BTreeSet::from([15, 23, 25, 26, 30, 32, 33, 34, 36, 37])
    );
}

#[test]
fn ross_mcguffie_on_9_mar_2020_sees_each_milestone_once() {
    let work = Workdir::seed();
    let reports = work.weekly_json("2020-03-09");
    let ross = lead(&reports, "Ross McGuffie");
    // Open and led by Ross: 4, 5, 6, 14, 19, 20, 21, 35 (Sep 19 to Jan 20, all
    // overdue) and 23, 32, 36 (Mar 20, due 31 Mar); none was ever updated.
    assert_eq!(ids(ross, "overdue"), vec![4, 5, 14, 6, 19, 21, 35, 20]);
    assert_eq!(ids(ross, "newly_overdue"), Vec::<i64>::new());
    assert_eq!(ids(ross, "due_soon"), Vec::<i64>::new());
    assert_eq!(ids(ross, "stale"), vec![23, 32, 36]);
    for item in ross["overdue"].as_array().unwrap() {
        assert_eq!(item["stale"], true, "{item}");
        assert_eq!(item["last_update_on"], Value::Null);
        assert_eq!(item["weeks_since_update"], Value::Null);
    }

    let text = work.weekly(&["--as-of", "2020-03-09"]);
    assert!(text.starts_with(
        "Week of 9 Mar 2020: 15 overdue (0 newly), 0 due in the next 14 days, \
         25 with no update for 8 weeks, across 10 leads\n"
    ));
    assert!(
        text.contains(
            "\nRoss McGuffie\n=============\nOverdue (8):\n  \
             #4 Agree meeting structures\n    \
             — due Sep 19, overdue by 5 months, never updated (A)\n  \
             #5 Update TOR to reflect changed arrangements\n    \
             — due Oct 19, overdue by 4 months, never updated (A)\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "Not yet due, but no update for 8 weeks (3):\n  \
             #23 SCP 20-23 finalised and published — due Mar 20, never updated (G)\n"
        ),
        "{text}"
    );
    assert!(text.lines().skip(1).all(|line| line.chars().count() <= 76));
}

#[test]
fn no_lead_sees_a_milestone_in_two_sections() {
    let work = Workdir::seed();
    work.record_update(10, "2019-12-01");
    work.record_update(13, "2020-02-01");
    let sections = ["newly_overdue", "overdue", "due_soon", "stale"];
    for as_of in [
        "2020-02-03",
        "2020-02-18",
        "2020-03-09",
        "2020-03-20",
        "2020-04-06",
    ] {
        let reports = work.weekly_json(as_of);
        assert!(!reports.is_empty());
        for report in &reports {
            for (index, first) in sections.iter().enumerate() {
                for second in &sections[index + 1..] {
                    let first_ids: BTreeSet<i64> = ids(report, first).into_iter().collect();
                    let second_ids: BTreeSet<i64> = ids(report, second).into_iter().collect();
                    assert!(
                        first_ids.is_disjoint(&second_ids),
                        "{} as of {as_of}: {first} {first_ids:?}, {second} {second_ids:?}",
                        report["lead"]
                    );
                }
            }
        }
    }
    // On 20 Mar 2020 the ten Mar 20 milestones (due 31 Mar) are due soon and
    // every other open one is overdue, so the stale section is empty
    // everywhere; 24 are stale (all open ones but 13, updated on 1 Feb, after
    // the cut-off of 24 Jan).
    let reports = work.weekly_json("2020-03-20");
    assert_eq!(
        ids_in_any_lead(&reports, "due_soon"),
        BTreeSet::from([15, 23, 25, 26, 30, 32, 33, 34, 36, 37])
    );
    assert_eq!(ids_in_any_lead(&reports, "stale"), BTreeSet::new());
    let text = work.weekly(&["--as-of", "2020-03-20"]);
    assert!(
        text.starts_with(
            "Week of 20 Mar 2020: 15 overdue (0 newly), 10 due in the next 14 days, \
             24 with no update for 8 weeks, across 10 leads\n"
        ),
        "{text}"
    );
    assert!(!text.contains("Not yet due"), "{text}");
    // On 6 Apr 2020 every open milestone is overdue, so the stale section is
    // empty everywhere, yet all 25 are stale: 13's update of 1 Feb is now
    // more than 8 weeks old (the cut-off is 10 Feb).
    let reports = work.weekly_json("2020-04-06");
    assert_eq!(ids_in_any_lead(&reports, "stale"), BTreeSet::new());
    let text = work.weekly(&["--as-of", "2020-04-06"]);
    assert!(
        text.starts_with(
            "Week of 6 Apr 2020: 25 overdue (10 newly), 0 due in the next 14 days, \
             25 with no update for 8 weeks, across 10 leads\n"
        ),
        "{text}"
    );
}

#[test]
fn text_has_the_summary_line_and_one_line_items() {
    let work = Workdir::seed();
    let text = work.weekly(&["--as-of", "2020-02-18"]);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "Week of 18 Feb 2020: 15 overdue (0 newly), 0 due in the next 14 days, \
             25 with no update for 8 weeks, across 10 leads"
        )
    );
    assert!(
        text.contains(
            "\nMargaret French\n===============\nOverdue (2):\n  \
             #10 Implement locality and area wide structures\n    \
             — due Nov 19, overdue by 2 months, never updated (A)\n  \
             #13 Tier 3 post holders in place\n    \
             — due Jan 20, overdue by 2 weeks, never updated (A)\n\
             Not yet due, but no update for 8 weeks (2):\n  \
             #34 "
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
        "Week of 3 Feb 2020: 15 overdue (2 newly), 0 due in the next 14 days, \
         25 with no update for 8 weeks, across 10 leads\n"
    ));
    assert!(text.contains(
        "Newly overdue (1):\n  #20 Revise target setting in line with national guidance, SCP 20-23, and\n"
    ));
}

#[test]
fn mar_20_milestones_are_due_soon_on_20_mar_and_not_repeated_under_stale() {
    let work = Workdir::seed();
    let reports = work.weekly_json("2020-03-20");
    assert_eq!(
        ids_in_any_lead(&reports, "due_soon"),
        BTreeSet::from([15, 23, 25, 26, 30, 32, 33, 34, 36, 37])
    );
    // Every open milestone is overdue or due soon, so no lead has a stale section.
    assert_eq!(ids_in_any_lead(&reports, "stale"), BTreeSet::new());
    let morag = lead(&reports, "Morag Dendy");
    assert_eq!(ids(morag, "overdue"), vec![24, 22]);
    assert_eq!(ids(morag, "due_soon"), vec![15, 25, 26, 30, 32]);
    assert_eq!(ids(morag, "stale"), Vec::<i64>::new());
    for item in morag["due_soon"].as_array().unwrap() {
        assert_eq!(item["days_until_due"], 11, "{item}");
        assert_eq!(item["stale"], true, "{item}");
        assert_eq!(item["last_update_on"], Value::Null, "{item}");
        assert_eq!(item["weeks_since_update"], Value::Null, "{item}");
    }
    let text = work.weekly(&["--as-of", "2020-03-20"]);
    assert!(
        text.starts_with(
            "Week of 20 Mar 2020: 15 overdue (0 newly), 10 due in the next 14 days, \
             25 with no update for 8 weeks, across 10 leads\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "\nMorag Dendy\n===========\nOverdue (2):\n  #24 All partnership strategic \
             groups are reviewed; Clarity and consistency\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "Due in the next 14 days (5):\n  \
             #15 Develop the use of directions through the SCP for 2020-23\n    \
             — due Mar 20, due in 11 days, never updated (G)\n"
        ),
        "{text}"
    );
    assert!(
        text.contains(
            "  #32 The direction process will be developed and will take account of\n    \
             revised national guidance\n    \
             — due Mar 20, due in 11 days, never updated (G)\n\nRoss McGuffie\n"
        ),
        "{text}"
    );
    assert!(!text.contains("Not yet due"), "{text}");
    assert!(text.lines().skip(1).all(|line| line.chars().count() <= 76));

    // A window of 10 days (20 Mar to 30 Mar) misses 31 Mar, so Morag's five
    // are back under the stale section.
    let text = work.weekly(&["--as-of", "2020-03-20", "--due-soon-days", "10"]);
    assert!(text.starts_with(
        "Week of 20 Mar 2020: 15 overdue (0 newly), 0 due in the next 10 days, \
         25 with no update for 8 weeks"
    ));
    assert!(
        text.contains(
            "Not yet due, but no update for 8 weeks (5):\n  \
             #15 Develop the use of directions through the SCP for 2020-23\n    \
             — due Mar 20, never updated (G)\n"
        ),
        "{text}"
    );
}

#[test]
fn a_due_soon_milestone_says_how_long_since_its_last_update() {
    let work = Workdir::seed();
    // 20 Mar 2020 less 8 weeks is 24 Jan 2020.
    work.record_update(25, "2020-03-01");
    work.record_update(26, "2020-01-10");
    let reports = work.weekly_json("2020-03-20");
    let morag = lead(&reports, "Morag Dendy");
    assert_eq!(ids(morag, "due_soon"), vec![15, 25, 26, 30, 32]);
    assert_eq!(ids(morag, "stale"), Vec::<i64>::new());
    let updated_recently = &morag["due_soon"][1];
    assert_eq!(updated_recently["stale"], false);
    assert_eq!(updated_recently["last_update_on"], "2020-03-01");
    // 1 Mar to 20 Mar is 19 days.
    assert_eq!(updated_recently["weeks_since_update"], 2);
    let updated_long_ago = &morag["due_soon"][2];
    assert_eq!(updated_long_ago["stale"], true);
    assert_eq!(updated_long_ago["last_update_on"], "2020-01-10");
    // 10 Jan to 20 Mar is 70 days.
    assert_eq!(updated_long_ago["weeks_since_update"], 10);

    let text = work.weekly(&["--as-of", "2020-03-20"]);
    // 25 open milestones, all stale but 25.
    assert!(text.contains(", 24 with no update for 8 weeks, "), "{text}");
    assert!(
        text.contains(
            "  #25 Participation and Engagement working across delegated hospital\n    \
             services — due Mar 20, due in 11 days (A)\n  \
             #26 Ensure that data is available to all revised operational and\n    \
             professional governance structures. Updated Locality profiles to be\n    \
             created. — due Mar 20, due in 11 days, no update for 10 weeks (A)\n"
        ),
        "{text}"
    );

    let csv_text = work.weekly(&["--as-of", "2020-03-20", "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let morag_due_soon: Vec<Vec<String>> = reader
        .records()
        .map(Result::unwrap)
        .filter(|r| &r[0] == "Morag Dendy" && &r[1] == "due_soon")
        .map(|r| {
            [2, 10, 11, 12, 13, 14, 15]
                .iter()
                .map(|&column| r[column].to_string())
                .collect()
        })
        .collect();
    // id, days_overdue, overdue_by, days_until_due, last_update_on, weeks_since_update, stale
    let row = |id: &str, last: &str, weeks: &str, stale: &str| -> Vec<String> {
        [id, "", "", "11", last, weeks, stale]
            .iter()
            .map(|cell| cell.to_string())
            .collect()
    };
    assert_eq!(
        morag_due_soon,
        vec![
            row("15", "", "", "true"),
            row("25", "2020-03-01", "2", "false"),
            row("26", "2020-01-10", "10", "true"),
            row("30", "", "", "true"),
            row("32", "", "", "true"),
        ]
    );
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
    // 10 (Nov 19) and 13 (Jan 20) are overdue, so only 36 (Mar 20) is under stale.
    assert_eq!(ids(maggs, "overdue"), vec![10, 13]);
    assert_eq!(ids(maggs, "stale"), vec![36]);
    let updated_long_ago = &maggs["overdue"][0];
    assert_eq!(updated_long_ago["stale"], true);
    assert_eq!(updated_long_ago["last_update_on"], "2019-12-01");
    // 1 Dec 2019 to 18 Feb 2020 is 79 days.
    assert_eq!(updated_long_ago["weeks_since_update"], 11);
    let updated_recently = &maggs["overdue"][1];
    assert_eq!(updated_recently["stale"], false);
    assert_eq!(updated_recently["last_update_on"], "2020-02-01");
    assert_eq!(updated_recently["weeks_since_update"], 2);
    let text = work.weekly(&["--as-of", "2020-02-18"]);
    // 25 open milestones, all stale but 13.
    assert!(text.contains(", 24 with no update for 8 weeks, "), "{text}");
    assert!(
        text.contains(
            "\nMaggs Thomson\n=============\nOverdue (2):\n  \
             #10 Implement locality and area wide structures\n    \
             — due Nov 19, overdue by 2 months, no update for 11 weeks (A)\n  \
             #13 Tier 3 post holders in place — due Jan 20, overdue by 2 weeks (A)\n"
        ),
        "{text}"
    );

    // With 12 weeks, 10 (updated 11 weeks ago) is no longer stale either.
    let text = work.weekly(&["--as-of", "2020-02-18", "--stale-weeks", "12"]);
    assert!(
        text.contains(", 23 with no update for 12 weeks, "),
        "{text}"
    );
    assert!(text.contains("Not yet due, but no update for 12 weeks (1):\n  #36 "));
    assert!(text.contains("\n    — due Nov 19, overdue by 2 months (A)\n"));
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
            "weeks_since_update",
            "stale"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    // 24 (lead, overdue milestone) pairs and 14 (lead, stale milestone not yet
    // due) pairs: the ten Mar 20 milestones, 26 and 32 with two leads, 36 with three.
    assert_eq!(rows.len(), 38);
    assert_eq!(rows.iter().filter(|r| &r[1] == "overdue").count(), 24);
    assert_eq!(rows.iter().filter(|r| &r[1] == "stale").count(), 14);
    assert!(rows.iter().all(|r| &r[15] == "true"));
    assert_eq!(&rows[0][0], "Anne Armstrong");
    assert_eq!(&rows[0][2], "28");
    assert_eq!(&rows[0][11], "overdue by 2 months");
    assert_eq!(&rows[0][13], "");
    assert_eq!(&rows[0][14], "");
    assert!(text.contains("\r\n"));
}

#[test]
fn split_by_lead_writes_one_file_per_lead_into_a_new_directory() {
    let work = Workdir::seed();
    let out = work.path().join("weekly").join("2020-02-18");
    let output = work
        .command(&[])
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
        "Week of 18 Feb 2020, Ross McGuffie: 8 overdue (0 newly), 0 due in the next 14 days, \
         11 with no update for 8 weeks\n"
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
    let out = work.path().join("out");
    let output = work
        .command(&[])
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
    for name in files_in(work.path()) {
        assert!(
            ["out", "plan.csv"].contains(&name.as_str()) || name.starts_with("actionplan.db"),
            "unexpected {name}"
        );
    }
    assert!(!work.path().join("etc").exists());
    assert!(
        !work
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
            "| 1 | Agree the \\*new\\* TOR | Jan 20 | overdue by 2 weeks, never updated | A | \
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
        "Week of 18 Feb 2020: 0 overdue (0 newly), 0 due in the next 14 days, \
         0 with no update for 8 weeks, across 0 leads\n\
         \n\
         Nothing to report.\n"
    );
    assert_eq!(work.weekly_json("2020-02-18"), Vec::<Value>::new());
    let out = work.path().join("out");
    work.command(&[])
        .args(["weekly", "--as-of", "2020-02-18", "--split-by-lead"])
        .arg(&out)
        .assert()
        .success()
        .stderr(format!("wrote 0 files to {}\n", out.display()));
    assert_eq!(files_in(&out), Vec::<String>::new());
}

/// One line of a report: (lead, section, milestone id), section named as in
/// the JSON ("newly_overdue", "overdue", "due_soon", "stale").
type Entry = (String, String, i64);

/// A generated plan of `count` milestones as appendix CSV rows: leads, co-leads
/// and timelines that put milestones in every section as of early March 2020.
fn generated_rows(count: usize, first_lead: usize) -> String {
    let leads = ["Ann Lee", "Bob Roy", "Zoë Hart", "Carl Moss", "Dee Kerr"];
    let timelines = [
        "Sep 19",
        "Dec 19",
        "Jan 20",
        "28/02/2020",
        "02/03/2020",
        "10/03/2020",
        "17/03/2020",
        "Mar 20",
        "Jun 20",
        "Ongoing",
    ];
    let mut rows = String::new();
    for index in 0..count {
        let recommendation = if index % 8 == 0 {
            format!("Recommendation {}", index / 8)
        } else {
            String::new()
        };
        let action = if index % 4 == 0 {
            format!("Action {}", index / 4)
        } else {
            String::new()
        };
        let lead = leads[(first_lead + index) % leads.len()];
        let co_lead = leads[(first_lead + index * 3 + 1) % leads.len()];
        let lead_cell = match index % 3 {
            0 if co_lead != lead => format!("{lead};{co_lead}"),
            _ => lead.to_string(),
        };
        let (comment, rag) = match index % 7 {
            0 => ("Complete.", "G"),
            1 => ("Behind plan.", "R"),
            _ => ("On track.", "A"),
        };
        rows.push_str(&format!(
            "{recommendation},{action},Milestone {index} of the plan,{lead_cell},{},{comment},{rag}\n",
            timelines[index % timelines.len()]
        ));
    }
    rows
}

/// Two plans of generated milestones, with co-leads, milestones with no lead
/// (their leads removed, as an older database can hold them), people whose
/// names differ only in case, and updates on several dates.
fn generated_plans() -> Workdir {
    let work = Workdir::new();
    let nl = work.write(
        "nl.csv",
        format!("{APPENDIX_HEADERS}{}", generated_rows(30, 0)),
    );
    let copy = work.write(
        "copy.csv",
        format!("{APPENDIX_HEADERS}{}", generated_rows(24, 2)),
    );
    work.ok(&["import", &nl, "--plan", "NL"]);
    work.ok(&["import", &copy, "--plan", "Copy"]);
    for (id, on) in [
        (2, "2020-02-20"),
        (6, "2019-12-01"),
        (33, "2020-02-25"),
        (40, "2020-01-20"),
    ] {
        work.record_update(id, on);
    }
    let conn = rusqlite::Connection::open(work.db()).unwrap();
    conn.execute_batch(
        "DELETE FROM milestone_lead WHERE milestone_id IN (3, 35);
         INSERT INTO person (name, name_key) VALUES ('ANN LEE', 'ann lee'), ('ann lee', 'ann lee');
         UPDATE milestone_lead SET person_id = (SELECT id FROM person WHERE name = 'ANN LEE')
          WHERE milestone_id IN (6, 31) AND person_id = (SELECT id FROM person WHERE name = 'Ann Lee');
         UPDATE milestone_lead SET person_id = (SELECT id FROM person WHERE name = 'ann lee')
          WHERE milestone_id IN (11, 36) AND person_id = (SELECT id FROM person WHERE name = 'Ann Lee');",
    )
    .unwrap();
    work
}

/// The JSON report's entries, in report order.
fn json_entries(reports: &[Value]) -> Vec<Entry> {
    let mut entries = Vec::new();
    for report in reports {
        let lead = report["lead"].as_str().unwrap();
        for section in ["newly_overdue", "overdue", "due_soon", "stale"] {
            for id in ids(report, section) {
                entries.push((lead.to_string(), section.to_string(), id));
            }
        }
    }
    entries
}

/// The text report's entries, in report order: a lead is a line underlined
/// with "=", a section a line "Title (n):", an item a line "  #id ...".
fn text_entries(text: &str) -> Vec<Entry> {
    let lines: Vec<&str> = text.lines().collect();
    let mut entries = Vec::new();
    let (mut lead, mut section) = (String::new(), String::new());
    for (index, line) in lines.iter().enumerate() {
        let underline = lines.get(index + 1).copied().unwrap_or("");
        if !line.is_empty()
            && !underline.is_empty()
            && underline.chars().all(|c| c == '=')
            && underline.chars().count() == line.chars().count()
        {
            lead = line.to_string();
        } else if let Some(title) = line.strip_suffix("):").and_then(|l| l.rsplit_once(" (")) {
            section = section_key(title.0).to_string();
        } else if let Some(item) = line.strip_prefix("  #") {
            let id = item.split(' ').next().unwrap().parse().unwrap();
            entries.push((lead.clone(), section.clone(), id));
        }
    }
    entries
}

/// The Markdown report's entries, in report order: "## lead", "### Title (n)",
/// then one table row per item (lead names here need no escaping but "(" and ")").
fn markdown_entries(markdown: &str) -> Vec<Entry> {
    let mut entries = Vec::new();
    let (mut lead, mut section) = (String::new(), String::new());
    for line in markdown.lines() {
        if let Some(name) = line.strip_prefix("## ") {
            lead = name.replace('\\', "");
        } else if let Some(heading) = line.strip_prefix("### ") {
            section = section_key(heading.rsplit_once(" (").unwrap().0).to_string();
        } else if let Some(row) = line.strip_prefix("| ")
            && let Ok(id) = row.split(' ').next().unwrap().parse()
        {
            entries.push((lead.clone(), section.clone(), id));
        }
    }
    entries
}

/// The CSV report's entries, in row order.
fn csv_entries(csv_text: &str) -> Vec<Entry> {
    csv::Reader::from_reader(csv_text.as_bytes())
        .records()
        .map(Result::unwrap)
        .map(|row| {
            (
                row[0].to_string(),
                row[1].to_string(),
                row[2].parse().unwrap(),
            )
        })
        .collect()
}

/// The JSON key of a section title as text and Markdown show it.
fn section_key(title: &str) -> &'static str {
    match title {
        "Newly overdue" => "newly_overdue",
        "Overdue" => "overdue",
        "Due in the next 14 days" => "due_soon",
        "Not yet due, but no update for 8 weeks" => "stale",
        other => panic!("unknown section {other:?}"),
    }
}

/// The summary line the JSON report implies: distinct milestones per
/// section across leads, every stale one counted whatever its section.
fn expected_summary(reports: &[Value], as_of: &str) -> String {
    let distinct = |sections: &[&str]| -> BTreeSet<i64> {
        sections
            .iter()
            .flat_map(|section| ids_in_any_lead(reports, section))
            .collect()
    };
    let mut stale = distinct(&["stale"]);
    for report in reports {
        for section in ["newly_overdue", "overdue", "due_soon"] {
            for item in report[section].as_array().unwrap() {
                if item["stale"] == true {
                    stale.insert(item["id"].as_i64().unwrap());
                }
            }
        }
    }
    let week = match as_of {
        "2020-03-03" => "3 Mar 2020",
        "2020-02-10" => "10 Feb 2020",
        other => panic!("no long date for {other}"),
    };
    format!(
        "Week of {week}: {} overdue ({} newly), {} due in the next 14 days, \
         {} with no update for 8 weeks, across {} leads in 2 plans (\"NL\", \"Copy\")",
        distinct(&["overdue", "newly_overdue"]).len(),
        distinct(&["newly_overdue"]).len(),
        distinct(&["due_soon"]).len(),
        stale.len(),
        reports.len()
    )
}

#[test]
fn every_format_lists_the_same_leads_sections_and_milestones_in_the_same_order() {
    let work = generated_plans();
    for as_of in ["2020-03-03", "2020-02-10"] {
        let reports = work.weekly_json(as_of);
        let expected = json_entries(&reports);
        // Every section, co-leads, no lead and both spellings of Ann Lee are there.
        let lead_names = leads(&reports);
        for name in ["(no lead)", "ANN LEE", "Ann Lee", "ann lee", "Bob Roy"] {
            assert!(lead_names.contains(&name), "{as_of}: {lead_names:?}");
        }
        let mut sorted = lead_names.clone();
        sorted.sort_by_key(|name| (name.to_lowercase(), name.to_string()));
        assert_eq!(lead_names, sorted, "{as_of}: leads out of order");
        let mut seen_per_section: BTreeSet<&str> = BTreeSet::new();
        for (_, section, _) in &expected {
            seen_per_section.insert(section);
        }
        if as_of == "2020-03-03" {
            assert_eq!(seen_per_section.len(), 4, "{as_of}: {seen_per_section:?}");
        }
        let shared = expected
            .iter()
            .filter(|(_, _, id)| expected.iter().filter(|(_, _, other)| other == id).count() > 1);
        assert!(shared.count() > 0, "{as_of}: no milestone with co-leads");
        // Within each lead's section, plan NL comes before plan Copy.
        for report in &reports {
            for section in ["newly_overdue", "overdue", "due_soon", "stale"] {
                let plans: Vec<&str> = report[section]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|item| item["plan"].as_str().unwrap())
                    .collect();
                let first_copy = plans
                    .iter()
                    .position(|p| *p == "Copy")
                    .unwrap_or(plans.len());
                assert!(
                    plans[first_copy..].iter().all(|p| *p == "Copy"),
                    "{plans:?}"
                );
            }
        }

        let text = work.weekly(&["--as-of", as_of]);
        assert_eq!(text_entries(&text), expected, "{as_of}: text");
        assert_eq!(
            text.lines().next().unwrap(),
            expected_summary(&reports, as_of)
        );
        let markdown = work.weekly(&["--as-of", as_of, "--format", "markdown"]);
        assert_eq!(markdown_entries(&markdown), expected, "{as_of}: markdown");
        let output = work
            .command(&["weekly", "--as-of", as_of, "--format", "csv"])
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        let csv_text = String::from_utf8(output.stdout).unwrap();
        assert_eq!(csv_entries(&csv_text), expected, "{as_of}: csv");
        assert_eq!(
            String::from_utf8(output.stderr).unwrap(),
            format!("{}\n", expected_summary(&reports, as_of))
        );

        // One file per lead holds that lead's element of the whole report.
        let out = work.path().join(format!("split-{as_of}"));
        work.command(&[
            "weekly",
            "--as-of",
            as_of,
            "--format",
            "json",
            "--split-by-lead",
        ])
        .arg(&out)
        .assert()
        .success();
        let mut from_files: Vec<Value> = Vec::new();
        for name in files_in(&out) {
            let file: Value =
                serde_json::from_str(&fs::read_to_string(out.join(name)).unwrap()).unwrap();
            from_files.extend(file.as_array().unwrap().iter().cloned());
        }
        from_files.sort_by_key(|report| {
            let name = report["lead"].as_str().unwrap();
            (name.to_lowercase(), name.to_string())
        });
        assert_eq!(from_files, reports, "{as_of}: split files");
    }
}
