//! Plans as other councils keep them: BRAG ratings, status words, a reference
//! column, no RAG column at all, and target words such as "Ongoing" and "TBC".
//! Each fixture under tests/data/plans/ is imported through the real binary
//! and every figure is asserted exactly; exporting never loses a status.

mod common;

use common::Workdir;

/// A fixture under tests/data/plans/.
fn plan_file(name: &str) -> String {
    format!("{}/tests/data/plans/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// One text field of every milestone `list` shows, in plan order.
fn listed(work: &Workdir, field: &str) -> Vec<String> {
    let json = work.json(&["list", "--format", "json"]);
    json.as_array()
        .unwrap()
        .iter()
        .map(|m| m[field].as_str().unwrap().to_string())
        .collect()
}

/// Runs `import` with `args`, which must succeed, and returns its stderr.
fn import_saying(work: &Workdir, args: &[&str]) -> String {
    let output = work.run(&[&["import"], args].concat());
    assert_eq!(output.status.code(), Some(0), "import {args:?}");
    String::from_utf8(output.stderr).unwrap()
}

/// The `list --format csv` columns that matter here, one line per milestone:
/// reference, timeline, due, status, rag.
fn states(work: &Workdir, plan: &str) -> Vec<String> {
    let json = work.json(&["list", "--plan", plan, "--format", "json"]);
    json.as_array()
        .unwrap()
        .iter()
        .map(|m| {
            format!(
                "{} {} {} {}/{} {}",
                m["reference"].as_str().unwrap_or("-"),
                m["timeline"].as_str().unwrap(),
                m["due"].as_str().unwrap_or("none"),
                m["status"].as_str().unwrap(),
                m["status_word"].as_str().unwrap_or("-"),
                m["rag"].as_str().unwrap_or("not rated"),
            )
        })
        .collect()
}

#[test]
fn a_brag_plan_with_references_and_status_words_keeps_every_word() {
    let work = Workdir::new();
    work.ok(&[
        "import",
        &plan_file("brag_ref_status.csv"),
        "--plan",
        "BRAG",
    ]);
    assert_eq!(
        states(&work, "BRAG"),
        [
            "1.1 Mar 21 2021-03-31 complete/Complete B",
            "1.2 Jun 21 2021-06-30 in progress/On track G",
            "1.3 31/03/2021 2021-03-31 in progress/Delayed A",
            "2.1 Q3 2020/21 2020-12-31 in progress/Behind schedule R",
            "2.2 Sep 20 2020-09-30 complete/Delivered B",
            "2.3 Dec 20 2020-12-31 closed/Superseded G",
            "2.4 Mar 21 2021-03-31 closed/Merged with 2.3 A",
            "3.1 Ongoing none in progress/Ongoing G",
            "3.2 TBC none not started/Not started A",
            "3.3 Jun 21 2021-06-30 in progress/At risk A",
            "3.4 Mar 21 2021-03-31 closed/Withdrawn R",
        ]
    );
    // Blue and closed have their own counts, never R, A or G.
    assert_eq!(
        work.ok_csv(&["rag", "--format", "csv"]),
        "plan,theme,R,A,G,B,closed,total\r\n\
         BRAG,Improve the quality of care plans,0,1,1,1,0,3\r\n\
         BRAG,Strengthen self-directed support,1,0,0,1,2,4\r\n\
         BRAG,Improve support for unpaid carers,0,2,1,0,1,4\r\n"
    );
    // Closed (2.4, 3.4) and no-date (3.1, 3.2) milestones are never overdue.
    let overdue = work.json(&["overdue", "--as-of", "2021-04-30", "--format", "json"]);
    let overdue: Vec<&str> = overdue
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["reference"].as_str().unwrap())
        .collect();
    assert_eq!(overdue, ["2.1", "1.3"]);
    // A closed milestone's amber with no comment (2.4) is not questioned.
    let check = work.run(&["check", "--as-of", "2021-04-30"]);
    assert_eq!(check.status.code(), Some(1), "check exits 1 when it flags");
    assert_eq!(
        String::from_utf8_lossy(&check.stdout),
        "#8 no target date (timeline \"Ongoing\")\n#9 no target date (timeline \"TBC\")\n"
    );
    let shown = work.ok(&["show", "8"]);
    assert!(shown.contains("  Ref:       3.1\n"), "{shown}");
    assert!(
        shown.contains("  Timeline:  Ongoing (no target date)\n"),
        "{shown}"
    );
    assert!(shown.contains("  Status:    Ongoing\n"), "{shown}");
}

#[test]
fn a_plan_at_approval_has_no_rag_and_targets_with_no_date() {
    let work = Workdir::new();
    work.ok(&[
        "import",
        &plan_file("at_approval_no_rag.csv"),
        "--plan",
        "Approved",
    ]);
    assert_eq!(
        states(&work, "Approved"),
        [
            "- Mar 21 2021-03-31 in progress/- not rated",
            "- Ongoing none in progress/- not rated",
            "- TBC none in progress/- not rated",
            "- N/A none in progress/- not rated",
            "- Annual none in progress/- not rated",
            "- TBA none in progress/- not rated",
            "- 30/06/2021 2021-06-30 in progress/- not rated",
        ]
    );
    assert_eq!(
        work.ok_csv(&["rag", "--format", "csv"]),
        "plan,theme,R,A,G,not rated,total\r\n\
         Approved,People are supported to live well at home,0,0,0,4,4\r\n\
         Approved,Unpaid carers are supported,0,0,0,3,3\r\n"
    );
    let overdue = work.json(&["overdue", "--as-of", "2021-07-01", "--format", "json"]);
    assert_eq!(overdue.as_array().unwrap().len(), 2);
    let check = work.run(&["check", "--as-of", "2021-07-01"]);
    let check = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.matches("no target date").count(), 5, "{check}");
    // No RAG column comes back out, and the export reads back the same.
    let exported = work.ok(&["export", "--no-bom"]);
    assert!(
        exported.starts_with(
            "Report Recommendation,Improvement Action,Milestone detail,Lead,Timeline,Comment/RAG\r\n"
        ),
        "{exported}"
    );
    let again = work.write("again.csv", &exported);
    work.ok(&["import", &again, "--plan", "Again"]);
    assert_eq!(states(&work, "Again"), states(&work, "Approved"));
}

/// Regression: a table with no RAG column was refused ("no \"RAG\" column");
/// a plan at approval has none, so it is now taken as not rated.
#[test]
fn a_table_without_a_rag_column_is_taken_as_not_rated() {
    let work = Workdir::new();
    work.ok(&["import", &plan_file("no_rag_column.csv"), "--plan", "P"]);
    assert_eq!(
        states(&work, "P"),
        ["- Sep 19 2019-09-30 complete/- not rated"]
    );
}

/// Regression: "ongoing" in the Timeline column was refused as "not a
/// timeline"; it is a target with no date, never overdue.
#[test]
fn ongoing_in_the_timeline_column_is_a_target_with_no_date() {
    let work = Workdir::new();
    work.ok(&["import", &plan_file("timeline_ongoing.csv"), "--plan", "P"]);
    assert_eq!(states(&work, "P"), ["- Ongoing none in progress/- A"]);
    let overdue = work.json(&["overdue", "--as-of", "2030-01-01", "--format", "json"]);
    assert_eq!(overdue.as_array().unwrap().len(), 0);
}

#[test]
fn complete_written_in_the_rag_column_is_blue_and_complete_and_blue_can_mean_closed() {
    let work = Workdir::new();
    let file = work.write(
        "plan.csv",
        "Recommendation,Action,Milestone,Lead,Timeline,Comment,RAG\r\n\
         Finance,Budgets,Budget agreed,Ann Smith,Mar 20,Agreed in March.,COMPLETE\r\n\
         ,Budgets,Savings found,Ann Smith,Mar 20,Work continues.,Blue\r\n",
    );
    work.ok(&["import", &file, "--plan", "P"]);
    assert_eq!(
        states(&work, "P"),
        [
            "- Mar 20 2020-03-31 complete/- B",
            "- Mar 20 2020-03-31 complete/- B",
        ]
    );
    work.ok(&["import", &file, "--plan", "Q", "--blue-means", "closed"]);
    assert_eq!(
        states(&work, "Q"),
        [
            "- Mar 20 2020-03-31 complete/- B",
            "- Mar 20 2020-03-31 closed/- B",
        ]
    );
    // The export carries what B alone would not say: Q's closed milestone.
    let exported = work.ok(&["export", "--plan", "Q", "--no-bom"]);
    assert_eq!(
        exported,
        "Report Recommendation,Improvement Action,Milestone detail,Lead,Timeline,Comment/RAG,RAG,Status\r\n\
         Finance,Budgets,Budget agreed,Ann Smith,Mar 20,Agreed in March.,B,\r\n\
         ,,Savings found,Ann Smith,Mar 20,Work continues.,B,closed\r\n"
    );
}

/// Every status and every RAG value, with and without the plan's own word,
/// where the status follows from the comment and where it does not, survives
/// export -> import -> export unchanged, and the second export is the first.
#[test]
fn export_then_import_keeps_every_status_and_rag() {
    let work = Workdir::new();
    let statuses = [
        "",
        "not started",
        "in progress",
        "complete",
        "closed",
        "On track",
        "Delivered",
        "Withdrawn",
    ];
    let rags = ["R", "A", "G", "B", "Not rated"];
    let comments = ["", "Complete.", "Work continues."];
    let mut csv = String::from("Ref,Theme,Action,Milestone,Lead,Timeline,Comment,RAG,Status\r\n");
    let mut row = 0;
    for status in statuses {
        for rag in rags {
            for comment in comments {
                row += 1;
                csv.push_str(&format!(
                    "R{row},Theme,Action,Milestone {row},Ann Smith,Mar 20,{comment},{rag},{status}\r\n"
                ));
            }
        }
    }
    let file = work.write("every.csv", &csv);
    work.ok(&["import", &file, "--plan", "First"]);
    let first = work.ok(&["export", "--plan", "First", "--no-bom"]);
    let again = work.write("again.csv", &first);
    work.ok(&["import", &again, "--plan", "Second"]);
    let second = work.ok(&["export", "--plan", "Second", "--no-bom"]);
    assert_eq!(first, second);
    assert_eq!(states(&work, "First"), states(&work, "Second"));
    let states = states(&work, "First");
    assert_eq!(states.len(), 8 * 5 * 3);
    // Spot checks: a status the comment contradicts, and B over a comment.
    // Row n is status (n-1)/15, RAG ((n-1)%15)/3, comment (n-1)%3.
    for expected in [
        "R17 Mar 20 2020-03-31 not started/not started R",
        "R12 Mar 20 2020-03-31 complete/- B",
        "R15 Mar 20 2020-03-31 in progress/- not rated",
        "R2 Mar 20 2020-03-31 complete/- R",
        "R64 Mar 20 2020-03-31 closed/closed A",
    ] {
        assert!(states.contains(&expected.to_string()), "{expected}");
    }
}

#[test]
fn updates_can_close_a_milestone_and_rate_it_blue() {
    let work = Workdir::new();
    work.ok(&[
        "import",
        &plan_file("brag_ref_status.csv"),
        "--plan",
        "BRAG",
    ]);
    work.ok(&[
        "update",
        "3",
        "--on",
        "2021-04-01",
        "--status",
        "closed",
        "--rag",
        "B",
    ]);
    let json = work.json(&["show", "3", "--format", "json"]);
    assert_eq!(json["status"], "closed");
    assert_eq!(json["rag"], "B");
    // The plan's word "Delayed" no longer applies once the status changed.
    assert!(json.get("status_word").is_none(), "{json}");
    let overdue = work.json(&["overdue", "--as-of", "2021-04-30", "--format", "json"]);
    assert_eq!(overdue.as_array().unwrap().len(), 1);
}

/// Each milestone as "theme | action | milestone".
fn shape(work: &Workdir, plan: &str) -> Vec<String> {
    let json = work.json(&["list", "--plan", plan, "--format", "json"]);
    json.as_array()
        .unwrap()
        .iter()
        .map(|m| {
            format!(
                "{} | {} | {}",
                m["theme"].as_str().unwrap(),
                m["action"].as_str().unwrap(),
                m["milestone"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn a_two_level_plan_without_a_milestone_column_makes_each_action_its_milestone() {
    let work = Workdir::new();
    work.ok(&[
        "import",
        &plan_file("two_level_no_milestone.csv"),
        "--plan",
        "Two",
    ]);
    assert_eq!(
        shape(&work, "Two"),
        [
            "Develop a shared vision for integrated services | Agree a joint strategic plan with the IJB | Agree a joint strategic plan with the IJB",
            "Develop a shared vision for integrated services | Publish a joint communications plan | Publish a joint communications plan",
            "Improve the use of data | Create a shared performance dashboard | Create a shared performance dashboard",
            "Improve the use of data | Train managers to use the dashboard | Train managers to use the dashboard",
        ]
    );
    assert_eq!(
        states(&work, "Two"),
        [
            "1 Mar 21 2021-03-31 in progress/- G",
            "2 Jun 21 2021-06-30 in progress/- A",
            "3 Dec 20 2020-12-31 complete/- B",
            "4 Mar 21 2021-03-31 complete/- G",
        ]
    );
}

#[test]
fn section_heading_rows_start_themes_in_a_plan_without_a_theme_column() {
    let work = Workdir::new();
    work.ok(&[
        "import",
        &plan_file("section_headings_no_theme.csv"),
        "--plan",
        "Headed",
    ]);
    assert_eq!(
        shape(&work, "Headed"),
        [
            "Leadership and governance | Review the IJB scheme of delegation | Review the IJB scheme of delegation",
            "Leadership and governance | Refresh the clinical and care governance framework | Refresh the clinical and care governance framework",
            "Workforce | Publish an integrated workforce plan | Publish an integrated workforce plan",
            "Workforce | Set up a joint induction programme | Set up a joint induction programme",
        ]
    );
    assert_eq!(
        states(&work, "Headed"),
        [
            "L1 31/03/2021 2021-03-31 in progress/- A",
            "L2 Ongoing none in progress/- G",
            "W1 Mar 21 2021-03-31 complete/- B",
            "W2 TBC none in progress/- A",
        ]
    );
}

#[test]
fn a_list_of_actions_goes_under_one_theme_named_by_theme_or_the_plan() {
    let work = Workdir::new();
    let file = plan_file("one_level_actions.csv");
    work.ok(&["import", &file, "--plan", "Carers 2020"]);
    work.ok(&[
        "import",
        &file,
        "--plan",
        "Named",
        "--theme",
        "Carers action plan",
    ]);
    assert_eq!(
        shape(&work, "Carers 2020"),
        [
            "Carers 2020 | Appoint a carers lead | Appoint a carers lead",
            "Carers 2020 | Launch the carers card | Launch the carers card",
        ]
    );
    assert_eq!(
        shape(&work, "Named")[0],
        "Carers action plan | Appoint a carers lead | Appoint a carers lead"
    );
    assert_eq!(
        states(&work, "Named"),
        [
            "- Sep 20 2020-09-30 complete/Complete not rated",
            "- Mar 21 2021-03-31 in progress/In progress not rated",
        ]
    );
}

/// The leads of each milestone, joined with "; ".
fn leads(work: &Workdir, plan: &str) -> Vec<String> {
    let json = work.json(&["list", "--plan", plan, "--format", "json"]);
    json.as_array()
        .unwrap()
        .iter()
        .map(|m| {
            m["leads"]
                .as_array()
                .unwrap()
                .iter()
                .map(|l| l.as_str().unwrap())
                .collect::<Vec<_>>()
                .join("; ")
        })
        .collect()
}

#[test]
fn co_leads_roles_and_spellings_of_one_person_in_a_windows_1252_file() {
    let work = Workdir::new();
    work.ok(&[
        "import",
        &plan_file("windows1252_co_leads.csv"),
        "--plan",
        "W",
    ]);
    assert_eq!(
        leads(&work, "W"),
        [
            "A Smith, Head of Finance",
            // The whole name is the identity (see the regression below):
            // "A Smith" with no role is not assumed to be the one with it.
            "A Smith; B Jones",
            "G Currie; S Wood",
            "G Currie",
            "S Wood; G Currie",
            "Head of Health and Social Care",
        ]
    );
    let comments = work.json(&["list", "--format", "json"]);
    assert_eq!(
        comments[0]["comment"],
        "Draft to the IJB in February \u{2013} on track."
    );
    assert_eq!(comments[1]["milestone"], "Savings of \u{a3}1.2m identified");
    // "g  currie" (with a non-breaking space after) is G Currie: one person.
    let currie = work.json(&["list", "--lead", "G CURRIE", "--format", "json"]);
    assert_eq!(common::ids(&currie), [3, 4, 5]);
    let smith = work.json(&["list", "--lead", "a smith", "--format", "json"]);
    assert_eq!(common::ids(&smith), [1, 2]);
    let conn = rusqlite::Connection::open(work.db()).unwrap();
    let people: i64 = conn
        .query_row("SELECT count(*) FROM person", [], |r| r.get(0))
        .unwrap();
    assert_eq!(people, 6);
}

/// Regression: the identity of a lead was the text before the first comma,
/// so "Smith, Ann; Smith, John" kept only Ann, and "Head of Service,
/// Adults" became the "Head of Service, Children" stored before it.
#[test]
fn regression_people_sharing_the_text_before_a_comma_stay_apart() {
    let work = Workdir::new();
    work.ok(&[
        "import",
        &plan_file("leads_after_a_comma.csv"),
        "--plan",
        "C",
    ]);
    assert_eq!(
        leads(&work, "C"),
        [
            "Smith, Ann; Smith, John",
            "Head of Service, Children",
            "Head of Service, Adults",
            "Smith, Ann",
        ]
    );
    let john = work.json(&["list", "--lead", "smith, john", "--format", "json"]);
    assert_eq!(common::ids(&john), [1]);
    let adults = work.json(&[
        "list",
        "--lead",
        "head of service, adults",
        "--format",
        "json",
    ]);
    assert_eq!(common::ids(&adults), [3]);
    let ann = work.json(&["list", "--lead", "Smith, Ann", "--format", "json"]);
    assert_eq!(common::ids(&ann), [1, 4], "one person however spelt");
    let conn = rusqlite::Connection::open(work.db()).unwrap();
    let people: i64 = conn
        .query_row("SELECT count(*) FROM person", [], |r| r.get(0))
        .unwrap();
    assert_eq!(people, 4);
}

/// Regression: a lead cell naming one person twice ("Ann Smith" on the first
/// and last line, as a cell lined up with bullets does) was refused; the
/// person is now kept once.
#[test]
fn a_lead_named_twice_in_a_cell_is_kept_once() {
    let work = Workdir::new();
    work.ok(&["import", &plan_file("lead_named_twice.csv"), "--plan", "P"]);
    assert_eq!(leads(&work, "P"), ["Ann Smith; Bob Jones"]);
}

#[test]
fn a_lead_separator_splits_where_the_file_needs_it() {
    let work = Workdir::new();
    let file = work.write(
        "plan.csv",
        "Theme,Action,Lead,Timeline,RAG\r\nFinance,Budgets,Finance + Human Resources,Mar 20,G\r\n",
    );
    work.ok(&["import", &file, "--plan", "Plain"]);
    work.ok(&["import", &file, "--plan", "Split", "--lead-separator", "+"]);
    assert_eq!(leads(&work, "Plain"), ["Finance + Human Resources"]);
    assert_eq!(leads(&work, "Split"), ["Finance; Human Resources"]);
}

#[test]
fn columns_with_no_field_are_listed_as_ignored() {
    let work = Workdir::new();
    let stderr = import_saying(&work, &[&plan_file("extra_columns.csv"), "--plan", "X"]);
    assert!(
        stderr.ends_with("1 theme, 2 actions, 2 milestones\nignored: Start Date, Commentary\n"),
        "{stderr}"
    );
}

#[test]
fn dry_run_prints_what_would_be_stored_and_creates_no_database() {
    let work = Workdir::new();
    let output = work.run(&[
        "import",
        &plan_file("extra_columns.csv"),
        "--plan",
        "X",
        "--dry-run",
    ]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "Columns read:\n  \
         reference  <- \"Ref\"\n  \
         theme      <- \"Outcome\"\n  \
         action     <- \"Action\"\n  \
         leads      <- \"Responsible\"\n  \
         timeline   <- \"Target date\"\n  \
         comment    <- \"Progress\"\n  \
         rag        <- \"RAG\"\n\
         Ignored: Start Date, Commentary\n\
         Themes (1 theme, 2 actions, 2 milestones):\n  \
         People live well at home (2 actions, 2 milestones)\n\
         First 5 milestones as read:\n  \
         1.1 People live well at home | Expand the reablement service | Expand the reablement service | Karen Lyon | Mar 21 | in progress | G\n  \
         1.2 People live well at home | Review day services | Review day services | Colin Reid | Dec 20 | in progress | A\n"
    );
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("nothing was stored"),
        "stderr says so"
    );
    assert!(!work.db().exists(), "a dry run creates no database");
    // A bad file is refused as an import would refuse it.
    let bad = work.write(
        "bad.csv",
        "Action,Lead,Timeline\r\nSet budgets,Ann Smith,Smarch 20\r\n",
    );
    let err = work.fails(&["import", &bad, "--plan", "X", "--dry-run"]);
    assert!(err.contains("row 2, column \"Timeline\""), "{err}");
    assert!(!work.db().exists());
}

/// Regression: the dry run printed a multi-line milestone cell as it was, so
/// one milestone ran over several lines of its preview.
#[test]
fn regression_dry_run_shows_each_milestone_on_one_line() {
    let work = Workdir::new();
    let stdout = work.ok(&["import", common::SEED_PLAN, "--plan", "NL", "--dry-run"]);
    let preview: Vec<&str> = stdout
        .lines()
        .skip_while(|line| !line.starts_with("First 5 milestones"))
        .skip(1)
        .collect();
    assert_eq!(preview.len(), 5, "{stdout}");
    assert_eq!(
        preview[1],
        "  Leadership | Creation of a Joint HR and Workforce Planning Forum | \
         Subject matter reference group in place / Continued development of joint TU / Staff side group | \
         Fiona Whittaker; John White | Sep 19 | complete | G"
    );
    assert!(
        stdout.contains("Themes (7 themes, 31 actions, 38 milestones):"),
        "{stdout}"
    );
    assert!(!work.db().exists());
}

#[test]
fn map_naming_a_header_or_a_field_twice_is_refused() {
    let work = Workdir::new();
    let file = plan_file("extra_columns.csv");
    let err = work.fails(&[
        "import",
        &file,
        "--plan",
        "X",
        "--map",
        "Commentary=comment",
        "--map",
        "commentary=status",
    ]);
    assert!(
        err.contains("--map names the header \"commentary\" twice"),
        "{err}"
    );
    let err = work.fails(&[
        "import",
        &file,
        "--plan",
        "X",
        "--map",
        "Commentary=comment",
        "--map",
        "Start Date=comment",
    ]);
    assert!(err.contains("--map gives the comment field twice"), "{err}");
}

#[test]
fn a_cell_of_bullets_with_as_many_timelines_and_leads_gives_one_milestone_per_line() {
    let work = Workdir::new();
    work.ok(&["import", &plan_file("bullets_aligned.csv"), "--plan", "B"]);
    assert_eq!(
        shape(&work, "B"),
        [
            "Support unpaid carers | Carers strategy | Consultation held",
            "Support unpaid carers | Carers strategy | Strategy drafted",
            "Support unpaid carers | Carers strategy | Strategy agreed by the IJB",
            // One lead and one timeline for two lines: one milestone, as written.
            "Support unpaid carers | Short breaks | \u{2022} Statement published\n\u{2022} Scheme evaluated",
        ]
    );
    assert_eq!(
        leads(&work, "B"),
        ["Ann Smith", "Ann Smith", "Bob Jones", "Ann Smith"]
    );
    assert_eq!(
        listed(&work, "timeline")[..3],
        ["Sep 20", "Dec 20", "Mar 21"]
    );
}

#[test]
fn keep_extra_stores_columns_with_no_field_and_exports_them_back_in_place() {
    let work = Workdir::new();
    let stderr = import_saying(
        &work,
        &[
            &plan_file("extra_columns.csv"),
            "--plan",
            "X",
            "--keep-extra",
        ],
    );
    assert!(
        stderr.ends_with("kept: Start Date, Commentary\n"),
        "{stderr}"
    );
    let exported = work.ok(&["export", "--plan", "X", "--no-bom"]);
    assert_eq!(
        exported,
        "Ref,Report Recommendation,Improvement Action,Start Date,Milestone detail,Lead,Timeline,Comment/RAG,Commentary,RAG\r\n\
         1.1,People live well at home,Expand the reablement service,Apr 20,Expand the reablement service,Karen Lyon,Mar 21,Team recruited.,Linked to the winter plan,G\r\n\
         1.2,,Review day services,Jun 20,Review day services,Colin Reid,Dec 20,Options appraisal delayed by Covid-19.,,A\r\n"
    );
    let again = work.write("again.csv", &exported);
    work.ok(&["import", &again, "--plan", "Y", "--keep-extra"]);
    assert_eq!(work.ok(&["export", "--plan", "Y", "--no-bom"]), exported);
    // Without --keep-extra nothing is kept and the export has no extra column.
    work.ok(&["import", &plan_file("extra_columns.csv"), "--plan", "Z"]);
    let plain = work.ok(&["export", "--plan", "Z", "--no-bom"]);
    assert!(
        plain.starts_with("Ref,Report Recommendation,Improvement Action,Milestone detail,"),
        "{plain}"
    );
}

#[test]
fn quarterly_rag_columns_give_the_current_rating_and_dated_history() {
    let work = Workdir::new();
    let stderr = import_saying(&work, &[&plan_file("quarterly_rag.csv"), "--plan", "Q"]);
    // "Previous period RAG" names no date: listed, not guessed.
    assert!(
        stderr.ends_with("ignored: Previous period RAG\n"),
        "{stderr}"
    );
    assert_eq!(
        listed(&work, "rag"),
        ["G", "R", "G"],
        "Q4 is the current state"
    );
    // Earlier quarters are history, dated at each quarter's end.
    assert_eq!(
        work.ok_csv(&["rag", "--as-of", "2019-11-01", "--format", "csv"]),
        "plan,theme,R,A,G,total\r\nQ,Q,0,1,2,3\r\n"
    );
    assert_eq!(
        work.ok_csv(&["rag", "--as-of", "2020-01-15", "--format", "csv"]),
        "plan,theme,R,A,G,total\r\nQ,Q,0,2,1,3\r\n"
    );
    let shown = work.json(&["show", "2", "--format", "json"]);
    let history: Vec<String> = shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            format!(
                "{} {}",
                u["on"].as_str().unwrap(),
                u["rag"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(history, ["2019-12-31 A", "2020-03-31 R"]);
    // That history came from the file, so --replace may replace it (see
    // regression_history_made_by_the_import_does_not_block_replace).
}

/// Regression: the period history an import makes counted as recorded
/// history, so a plan rating several quarters could never be replaced.
#[test]
fn regression_history_made_by_the_import_does_not_block_replace() {
    let work = Workdir::new();
    let file = plan_file("quarterly_rag.csv");
    let replace = ["import", &file, "--plan", "Q", "--replace"];
    work.ok(&["import", &file, "--plan", "Q"]);
    work.ok(&replace);
    assert_eq!(listed(&work, "rag"), ["G", "R", "G"]);
    // A recorded update is history, and still stops --replace.
    work.ok(&["update", "4", "--rag", "A", "--comment", "Slipping."]);
    let err = work.fails(&replace);
    assert!(err.contains("has 1 recorded update"), "{err}");
}

/// Regression: with `--map 'RAG Feb 20=rag'` the later "RAG Jun 20" became
/// the imported state and Feb's rating was dated after it, in June.
#[test]
fn regression_a_period_after_the_mapped_current_one_is_ignored() {
    let work = Workdir::new();
    let stderr = import_saying(
        &work,
        &[
            &plan_file("rag_by_month.csv"),
            "--plan",
            "M",
            "--map",
            "RAG Feb 20=rag",
        ],
    );
    assert!(stderr.ends_with("ignored: RAG Jun 20\n"), "{stderr}");
    assert_eq!(listed(&work, "rag"), ["A", "G"]);
    let shown = work.json(&["show", "2", "--format", "json"]);
    assert_eq!(shown["history"].as_array().unwrap().len(), 0);
}

/// Regression: any "X RAG" header counted as a period and the rightmost won,
/// so "Risk RAG" replaced the real RAG.
#[test]
fn regression_risk_rag_does_not_replace_the_rag_column() {
    let work = Workdir::new();
    let stderr = import_saying(&work, &[&plan_file("risk_rag.csv"), "--plan", "R"]);
    assert!(stderr.ends_with("ignored: Risk RAG\n"), "{stderr}");
    assert_eq!(listed(&work, "rag"), ["G", "A"]);
}

#[test]
fn map_names_the_current_period_explicitly() {
    let work = Workdir::new();
    work.ok(&[
        "import",
        &plan_file("quarterly_rag.csv"),
        "--plan",
        "Q",
        "--map",
        "Q3 2019/20=rag",
    ]);
    assert_eq!(listed(&work, "rag"), ["A", "A", "G"]);
}

/// A closed milestone's last RAG is not counted in a cycle's totals, and the
/// frozen appendix keeps every status word and no-date word byte for byte.
#[test]
fn a_cycle_counts_no_closed_rag_and_reproduces_the_words() {
    let work = Workdir::new();
    work.ok(&[
        "import",
        &plan_file("brag_ref_status.csv"),
        "--plan",
        "BRAG",
    ]);
    let before = work.ok(&["export", "--no-bom"]);
    let output = work.run(&["cycle", "close", "IJB Apr 2021", "--on", "2021-04-30"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .ends_with("11 milestones frozen (1 red, 3 amber, 2 green; 2 complete)\n"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    work.ok(&[
        "update",
        "3",
        "--on",
        "2021-05-01",
        "--status",
        "complete",
        "--rag",
        "B",
    ]);
    assert_eq!(
        work.ok(&["export", "--cycle", "IJB Apr 2021", "--no-bom"]),
        before
    );
}

/// Regression: a row whose only filled cell was the milestone detail (the
/// other cells blank, merged with the row above in the paper) became a new
/// theme, and every row below moved into it. It is now read as a milestone
/// row, refused for what it lacks, and nothing is stored.
#[test]
fn regression_a_row_with_only_a_milestone_detail_does_not_become_a_theme() {
    let work = Workdir::new();
    let err = work.fails(&["import", &plan_file("detail_only_row.csv"), "--plan", "D"]);
    assert!(err.contains("row 3, column \"Lead\": is blank"), "{err}");
    assert!(
        err.contains("row 3, column \"Timeline\": is blank"),
        "{err}"
    );
    assert!(err.contains("3 problems; nothing was stored"), "{err}");
    assert!(!work.db().exists(), "nothing created");
}

#[test]
fn dry_run_lists_the_section_headings_it_found() {
    let work = Workdir::new();
    let stdout = work.ok(&[
        "import",
        "--dry-run",
        &plan_file("section_headings_no_theme.csv"),
        "--plan",
        "Headed",
    ]);
    assert!(
        stdout.contains(
            "Ignored: none\nSection headings (each starts a theme):\n  \
             row 2: Leadership and governance\n  row 5: Workforce\nThemes (2 themes"
        ),
        "{stdout}"
    );
}

/// Regression: a role after a comma was split at '&' or "and", a firm's name
/// was split into two people, and "Iain mac Aoidh" was not read as a name.
#[test]
fn regression_lead_roles_and_firms_are_kept_whole() {
    let work = Workdir::new();
    work.ok(&[
        "import",
        &plan_file("lead_roles_and_firms.csv"),
        "--plan",
        "L",
    ]);
    assert_eq!(
        leads(&work, "L"),
        [
            "Ann Smith, Head of Health & Social Care",
            "Chief Officer, Health and Social Care",
            "Smith Brothers and Jones Ltd",
            "Iain mac Aoidh; Ann Smith",
        ]
    );
}

/// Regression: `update --rag B` left the milestone open (then overdue with
/// RAG B, and not flagged by check), and `complete` on a BRAG plan rated it G.
#[test]
fn regression_blue_completes_and_complete_rates_blue_on_a_brag_plan() {
    let work = Workdir::new();
    work.ok(&[
        "import",
        &plan_file("brag_ref_status.csv"),
        "--plan",
        "BRAG",
    ]);
    work.ok(&["import", &plan_file("risk_rag.csv"), "--plan", "RAG only"]);
    work.ok(&["update", "2", "--rag", "B", "--on", "2021-04-01"]);
    let json = work.json(&["show", "2", "--format", "json"]);
    assert_eq!(
        (&json["status"], &json["rag"]),
        (&"complete".into(), &"B".into())
    );
    // --status still says otherwise when given; check flags Blue but open.
    work.ok(&[
        "update",
        "3",
        "--rag",
        "B",
        "--status",
        "in progress",
        "--on",
        "2021-04-01",
    ]);
    let output = work.run(&["check", "--plan", "BRAG", "--as-of", "2021-04-02"]);
    assert_eq!(output.status.code(), Some(1), "flags found");
    let flags = String::from_utf8(output.stdout).unwrap();
    assert!(
        flags.contains("#3 blue but not complete (status in progress)"),
        "{flags}"
    );
    // complete rates Blue on the BRAG plan, Green on the RAG-only one.
    work.ok(&["complete", "8", "--on", "2021-04-01"]);
    assert_eq!(work.json(&["show", "8", "--format", "json"])["rag"], "B");
    work.ok(&["complete", "12", "--on", "2021-04-01"]);
    assert_eq!(work.json(&["show", "12", "--format", "json"])["rag"], "G");
}

/// Regression: a lead, theme or action holding a control character (a lead
/// "Bob\x1b[2J Jones" clears the screen of whoever lists it) was imported.
#[test]
fn regression_control_characters_in_names_are_cell_problems() {
    let work = Workdir::new();
    let file = work.write(
        "control.csv",
        "Theme,Action,Milestone,Lead,Timeline,Comment,RAG\n\
         Finance,Plan the budget,Budget drafted,\"Bob\x1b[2J Jones\",Mar 21,On track.,G\n\
         Fin\x07ance,Cut\x1b costs,Savings,Ann Smith,Mar 21,,G\n",
    );
    let err = work.fails(&["import", &file, "--plan", "X"]);
    assert!(
        err.contains(
            "row 2, column \"Lead\": lead \"Bob\\u{1b}[2J Jones\" holds the control character U+001B"
        ),
        "{err}"
    );
    assert!(
        err.contains("row 3, column \"Theme\": recommendation"),
        "{err}"
    );
    assert!(
        err.contains("row 3, column \"Action\": improvement action"),
        "{err}"
    );
    assert!(err.contains("3 problems; nothing was stored"), "{err}");
    assert!(!work.db().exists());
}

/// Regression: `--dry-run` never opened the database, so it passed a plan the
/// import refuses (a name that exists, without --replace).
#[test]
fn regression_dry_run_refuses_what_the_import_would() {
    let work = Workdir::new();
    work.ok(&["import", &plan_file("risk_rag.csv"), "--plan", "R"]);
    let before = work.dump();
    let err = work.fails(&[
        "import",
        "--dry-run",
        &plan_file("risk_rag.csv"),
        "--plan",
        "R",
    ]);
    assert!(err.contains("\"R\"") && err.contains("--replace"), "{err}");
    work.ok(&["update", "1", "--rag", "A", "--comment", "Slipping."]);
    let err = work.fails(&[
        "import",
        "--dry-run",
        &plan_file("risk_rag.csv"),
        "--plan",
        "R",
        "--replace",
    ]);
    assert!(err.contains("has 1 recorded update"), "{err}");
    // A new name is fine, and nothing is written either way.
    let after = work.dump();
    work.ok(&[
        "import",
        "--dry-run",
        &plan_file("risk_rag.csv"),
        "--plan",
        "New",
    ]);
    assert_eq!(work.dump(), after);
    assert_ne!(before, after, "only the update changed the database");
}
