//! `import --update`: the exported appendix, edited as officers edit it for
//! the next paper (in CSV, Excel or Word), brought back into the plan as
//! dated history entries. Run as the real binary on the seed plan
//! (milestones 1..38 in table order).

mod common;

use std::io::{Read, Write};

use common::{Workdir, document_xml};
use rust_xlsxwriter::Workbook;
use serde_json::Value;

const FEBRUARY: &str = "IJB 18 Feb 2020";

/// The change list the edits of [`edited_rows`] give, in file order.
const EXPECTED_CHANGES: &str = "\
milestone 4 \"Agree meeting structures\": RAG A -> G
add row 6 \"Publish the revised terms of reference on the intranet\" under \"Operational Structure\" › \"Roll out of the updated strategic group structures across th…\", after milestone 4
milestone 6 \"Permanent post holders in place\": RAG A -> R
milestone 7 \"Permanent post holder in place\": text -> \"Permanent post holder in place from January 2020\"
milestone 10 \"Implement locality and area wide structures\": RAG A -> G
add row 40 \"Teams available to all partnership staff\" under \"Digital\" › \"Roll out Microsoft Teams\"
missing 5 \"Update TOR to reflect changed arrangements\" (kept; --retire-missing retires it)
";

/// The exported appendix's cells, header first.
fn exported_rows(work: &Workdir) -> Vec<Vec<String>> {
    let csv = work.ok_csv(&["export"]);
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes())
        .records()
        .map(|record| {
            record
                .expect("a CSV row")
                .iter()
                .map(String::from)
                .collect()
        })
        .collect()
}

/// The index of the row whose milestone (third column) reads `detail`.
fn row_of(rows: &[Vec<String>], detail: &str) -> usize {
    rows.iter()
        .position(|row| row[2] == detail)
        .unwrap_or_else(|| panic!("no row {detail:?}"))
}

/// The exported appendix as an officer edits it: three RAGs changed, one
/// milestone reworded, one row deleted and two added (one in its place
/// under the same action, one under a new theme at the end).
fn edited_rows(work: &Workdir) -> Vec<Vec<String>> {
    let mut rows = exported_rows(work);
    assert_eq!(rows[0][6], "RAG", "the seed's seven columns");
    for (detail, rag) in [
        ("Agree meeting structures", "G"),
        ("Permanent post holders in place", "R"),
        ("Implement locality and area wide structures", "G"),
    ] {
        let at = row_of(&rows, detail);
        rows[at][6] = rag.to_string();
    }
    let at = row_of(&rows, "Permanent post holder in place");
    rows[at][2] = "Permanent post holder in place from January 2020".to_string();
    let at = row_of(&rows, "Update TOR to reflect changed arrangements");
    assert_eq!((rows[at][0].as_str(), rows[at][1].as_str()), ("", ""));
    rows[at] = cells(&[
        "",
        "",
        "Publish the revised terms of reference on the intranet",
        "Ross McGuffie",
        "Nov 19",
        "Not started.",
        "Not rated",
    ]);
    rows.push(cells(&[
        "Digital",
        "Roll out Microsoft Teams",
        "Teams available to all partnership staff",
        "Ann Lead",
        "Mar 20",
        "Pilot in two localities.",
        "A",
    ]));
    rows
}

fn cells(texts: &[&str]) -> Vec<String> {
    texts.iter().map(|t| t.to_string()).collect()
}

/// Writes rows as a CSV file in the work directory; returns its path.
fn write_csv(work: &Workdir, name: &str, rows: &[Vec<String>]) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        writer.write_record(row).expect("write a CSV row");
    }
    work.write(name, writer.into_inner().expect("CSV bytes"))
}

/// Writes rows as the first sheet of a workbook, as pasting the CSV into
/// Excel gives; returns its path.
fn write_xlsx(work: &Workdir, name: &str, rows: &[Vec<String>]) -> String {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !cell.is_empty() {
                sheet
                    .write_string(r as u32, c as u16, cell)
                    .expect("write a cell");
            }
        }
    }
    work.write(name, workbook.save_to_buffer().expect("workbook bytes"))
}

/// Runs a command that must succeed; returns (stdout, stderr).
fn ok_with_stderr(work: &Workdir, args: &[&str]) -> (String, String) {
    let output = work.run(args);
    let stdout = String::from_utf8(output.stdout).expect("utf-8 stdout");
    let stderr = String::from_utf8(output.stderr).expect("utf-8 stderr");
    assert_eq!(
        output.status.code(),
        Some(0),
        "actionplan {args:?} failed\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    (stdout, stderr)
}

/// Every history entry as (milestone, kind, field, after, rag, by, on, reason).
fn entries(work: &Workdir) -> Vec<String> {
    let conn = rusqlite::Connection::open(work.db()).expect("open database");
    let mut statement = conn
        .prepare(
            "SELECT milestone_id, kind, coalesce(field, ''), coalesce(after, ''),
                    coalesce(rag, ''), coalesce(by_name, ''), on_date, coalesce(reason, '')
               FROM milestone_update ORDER BY id",
        )
        .expect("prepare");
    statement
        .query_map([], |row| {
            Ok(format!(
                "{} {} {} {} {} {} {} {}",
                row.get::<_, i64>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
                row.get::<_, String>(3)?,
                row.get::<_, String>(4)?,
                row.get::<_, String>(5)?,
                row.get::<_, String>(6)?,
                row.get::<_, String>(7)?,
            ))
            .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        })
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows")
}

/// The listed milestone with this id, as `list --format json` gives it.
fn listed(work: &Workdir, id: i64) -> Option<Value> {
    let list = work.json(&["list", "--format", "json"]);
    list.as_array()
        .expect("a list")
        .iter()
        .find(|m| m["id"] == id)
        .cloned()
}

fn update_args<'a>(file: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "import", file, "--plan", "NL", "--update", "--by", "Ann Lead",
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn an_edited_csv_export_comes_back_as_exactly_its_changes_dry_run_first() {
    let work = Workdir::with_seed_plan();
    work.ok(&["cycle", "close", FEBRUARY, "--on", "2020-02-18"]);
    let february = work.ok(&["export", "--cycle", FEBRUARY]);
    let file = write_csv(&work, "edited.csv", &edited_rows(&work));

    let before = std::fs::read(work.db()).expect("read database");
    let dump = work.dump();
    let (listed_changes, stderr) = ok_with_stderr(
        &work,
        &update_args(&file, &["--on", "2020-02-20", "--dry-run"]),
    );
    assert_eq!(listed_changes, EXPECTED_CHANGES);
    assert!(stderr.contains("nothing was stored"), "{stderr}");
    assert_eq!(std::fs::read(work.db()).expect("read database"), before);
    assert_eq!(work.dump(), dump);

    let (recorded, stderr) = ok_with_stderr(&work, &update_args(&file, &["--on", "2020-02-20"]));
    assert_eq!(recorded, EXPECTED_CHANGES);
    assert!(
        stderr.contains("37 of 38 milestones matched")
            && stderr.contains("3 updates, 1 edit, 2 additions, 0 retirements"),
        "{stderr}"
    );
    assert_eq!(
        entries(&work),
        vec![
            "7 edit milestone Permanent post holder in place from January 2020 Ann Lead 2020-02-20",
            "4 update G Ann Lead 2020-02-20",
            "6 update R Ann Lead 2020-02-20",
            "10 update G Ann Lead 2020-02-20",
            "39 add Ann Lead 2020-02-20",
            "40 add Ann Lead 2020-02-20",
        ]
    );

    // The new state, as list and show give it.
    assert_eq!(listed(&work, 4).unwrap()["rag"], "G");
    assert_eq!(listed(&work, 6).unwrap()["rag"], "R");
    assert_eq!(listed(&work, 10).unwrap()["rag"], "G");
    assert_eq!(
        listed(&work, 7).unwrap()["milestone"],
        "Permanent post holder in place from January 2020"
    );
    assert_eq!(listed(&work, 5).unwrap()["rag"], "A", "kept: missing only");
    let teams = listed(&work, 40).unwrap();
    assert_eq!(
        (&teams["theme"], &teams["action"], &teams["leads"][0]),
        (
            &Value::from("Digital"),
            &Value::from("Roll out Microsoft Teams"),
            &Value::from("Ann Lead")
        )
    );
    let show = work.ok(&["show", "39"]);
    assert!(
        show.contains("Milestone 39: Publish the revised terms of reference on the intranet"),
        "{show}"
    );
    // The added row sits where the file put it: straight after milestone 4.
    let order: Vec<i64> = work.json(&["list", "--format", "json"]).as_array().unwrap()[..6]
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect();
    assert_eq!(order, vec![1, 2, 3, 4, 39, 5]);

    // The paper of the closed cycle is as it was.
    assert_eq!(work.ok(&["export", "--cycle", FEBRUARY]), february);
    // And the file, brought back again, changes nothing more.
    let (again, _) = ok_with_stderr(&work, &update_args(&file, &["--on", "2020-02-20"]));
    assert_eq!(
        again,
        "missing 5 \"Update TOR to reflect changed arrangements\" (kept; --retire-missing retires it)\n"
    );
}

#[test]
fn an_edited_excel_workbook_comes_back_as_exactly_the_same_changes() {
    let work = Workdir::with_seed_plan();
    let file = write_xlsx(&work, "edited.xlsx", &edited_rows(&work));
    let (recorded, _) = ok_with_stderr(&work, &update_args(&file, &["--on", "2020-02-20"]));
    assert_eq!(recorded, EXPECTED_CHANGES);
    assert_eq!(entries(&work).len(), 6);
}

#[test]
fn retire_missing_retires_the_deleted_milestone_with_the_file_as_reason() {
    let work = Workdir::with_seed_plan();
    let file = write_csv(&work, "edited.csv", &edited_rows(&work));
    let (recorded, stderr) = ok_with_stderr(
        &work,
        &update_args(&file, &["--on", "2020-02-20", "--retire-missing"]),
    );
    assert!(
        recorded.ends_with("retire 5 \"Update TOR to reflect changed arrangements\"\n"),
        "{recorded}"
    );
    assert!(stderr.contains("1 retirement"), "{stderr}");
    let last = entries(&work).pop().expect("entries");
    assert!(
        last.starts_with("5 retire Ann Lead 2020-02-20 not in the edited appendix ")
            && last.ends_with("edited.csv"),
        "{last}"
    );
    assert_eq!(listed(&work, 5), None, "retired milestones are not listed");
}

#[test]
fn a_timeline_change_without_a_reason_refuses_the_whole_file_and_writes_nothing() {
    let work = Workdir::with_seed_plan();
    let mut rows = edited_rows(&work);
    let at = row_of(&rows, "Permanent post holders in place");
    rows[at][4] = "Mar 20".to_string();
    let file = write_csv(&work, "edited.csv", &rows);
    let dump = work.dump();
    let stderr = work.fails(&update_args(&file, &["--on", "2020-02-20"]));
    assert!(
        stderr.contains("nothing was stored")
            && stderr.contains(
                "row 7 needs a reason (--reason TEXT): milestone 6 \"Permanent post holders in place\": \
                 RAG A -> R, timeline Dec 19 -> Mar 20"
            ),
        "{stderr}"
    );
    assert_eq!(work.dump(), dump);

    // With a reason, the timeline moves and the reason is kept with it.
    let (recorded, _) = ok_with_stderr(
        &work,
        &update_args(
            &file,
            &["--on", "2020-02-20", "--reason", "Recruitment delayed"],
        ),
    );
    assert!(
        recorded.contains("RAG A -> R, timeline Dec 19 -> Mar 20\n"),
        "{recorded}"
    );
    assert!(
        entries(&work).contains(&"6 update R Ann Lead 2020-02-20 Recruitment delayed".to_string())
    );
    assert_eq!(listed(&work, 6).unwrap()["timeline"], "Mar 20");
}

#[test]
fn another_plans_file_is_refused_unless_forced() {
    let work = Workdir::with_seed_plan();
    let file = work.write(
        "other.csv",
        "Report Recommendation,Improvement Action,Milestone detail,Lead,Timeline,Comment/RAG,RAG\n\
         Housing,Build homes,Two hundred homes started,Ann Lead,Mar 21,On site.,G\n\
         ,,Adaptations waiting list halved,Bob Lead,Jun 21,Ongoing.,A\n",
    );
    let dump = work.dump();
    let stderr = work.fails(&update_args(&file, &[]));
    assert!(
        stderr.contains("matches only 0 of the 38 milestones of plan \"NL\"")
            && stderr.contains("probably another plan's file")
            && stderr.contains("--force"),
        "{stderr}"
    );
    assert_eq!(work.dump(), dump);
    let (listed_changes, _) = ok_with_stderr(&work, &update_args(&file, &["--force", "--dry-run"]));
    assert!(
        listed_changes.starts_with("add row 2 \"Two hundred homes started\" under \"Housing\""),
        "{listed_changes}"
    );
}

/// The .docx at `path` written to `out` with `xml` as its `word/document.xml`.
fn with_document_xml(path: &str, xml: &str, out: &str) {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut writer = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).unwrap();
        let name = part.name().expect("a part name").to_string();
        let mut bytes = Vec::new();
        part.read_to_end(&mut bytes).unwrap();
        writer
            .start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        if name == "word/document.xml" {
            writer.write_all(xml.as_bytes()).unwrap();
        } else {
            writer.write_all(&bytes).unwrap();
        }
    }
    writer.finish().unwrap();
}

#[test]
fn a_word_export_with_one_rag_changed_comes_back_as_exactly_that_change() {
    let work = Workdir::with_seed_plan();
    let exported = work.file("appendix.docx").display().to_string();
    work.ok(&["export", "--format", "docx", "-o", &exported]);
    let xml = document_xml(&exported);
    // The RAG is the last cell of the milestone's table row.
    let start = xml.find("Agree meeting structures").expect("the milestone");
    let end = start + xml[start..].find("</w:tr>").expect("its row ends");
    let rag = start + xml[start..end].rfind(">A</w:t>").expect("its RAG cell");
    let edited_xml = format!("{}>G</w:t>{}", &xml[..rag], &xml[rag + ">A</w:t>".len()..]);
    let edited = work.file("edited.docx").display().to_string();
    with_document_xml(&exported, &edited_xml, &edited);

    let (recorded, _) = ok_with_stderr(&work, &update_args(&edited, &["--on", "2020-02-20"]));
    assert_eq!(
        recorded,
        "milestone 4 \"Agree meeting structures\": RAG A -> G\n"
    );
    assert_eq!(entries(&work), vec!["4 update G Ann Lead 2020-02-20"]);
}

#[test]
fn a_blue_rag_completes_the_milestone_as_update_does() {
    let work = Workdir::with_seed_plan();
    let mut rows = exported_rows(&work);
    let at = row_of(&rows, "Agree meeting structures");
    rows[at][6] = "B".to_string();
    let file = write_csv(&work, "edited.csv", &rows);
    let (recorded, _) = ok_with_stderr(&work, &update_args(&file, &["--on", "2020-02-20"]));
    assert_eq!(
        recorded,
        "milestone 4 \"Agree meeting structures\": RAG A -> B, status in progress -> complete\n"
    );
    assert_eq!(listed(&work, 4).unwrap()["status"], "complete");
}

#[test]
fn update_needs_an_existing_plan_a_name_and_a_day_that_has_come() {
    let work = Workdir::with_seed_plan();
    let file = write_csv(&work, "edited.csv", &exported_rows(&work));
    let dump = work.dump();
    let stderr = work.fails(&[
        "import", &file, "--plan", "Nope", "--update", "--by", "Ann Lead",
    ]);
    assert!(stderr.contains("Nope"), "{stderr}");
    let stderr = work.fails(&["import", &file, "--plan", "NL", "--update"]);
    assert!(stderr.contains("--update needs --by NAME"), "{stderr}");
    let stderr = work.fails(&update_args(&file, &["--on", "2999-01-01"]));
    assert!(stderr.contains("is in the future"), "{stderr}");
    for flag in ["--replace", "--keep-extra"] {
        let stderr = work.fails(&update_args(&file, &[flag]));
        assert!(stderr.contains("cannot be used with"), "{flag}: {stderr}");
    }
    let stderr = work.fails(&update_args(&file, &["--partnership", "X"]));
    assert!(stderr.contains("cannot be used with"), "{stderr}");
    let stderr = work.fails(&["import", &file, "--plan", "NL", "--retire-missing"]);
    assert!(stderr.contains("--update"), "{stderr}");
    assert_eq!(work.dump(), dump);
}

#[test]
fn update_against_no_database_is_an_error_and_creates_none() {
    let work = Workdir::new();
    let file = work.write("plan.csv", std::fs::read(common::SEED_PLAN).unwrap());
    let stderr = work.fails(&update_args(&file, &[]));
    assert!(stderr.contains("no database"), "{stderr}");
    assert!(!work.db().exists());
}

#[test]
fn a_row_like_a_matched_milestone_is_listed_as_cannot_match_and_not_added() {
    let work = Workdir::with_seed_plan();
    let mut rows = exported_rows(&work);
    rows.push(cells(&[
        "Digital",
        "Roll out Microsoft Teams",
        "Permanent post holders in post",
        "Ann Lead",
        "Mar 20",
        "",
        "A",
    ]));
    let file = write_csv(&work, "edited.csv", &rows);
    let (recorded, stderr) = ok_with_stderr(&work, &update_args(&file, &["--on", "2020-02-20"]));
    assert_eq!(
        recorded,
        "cannot match row 40 \"Permanent post holders in post\" (like milestone 6 \"Permanent post holders in place\"; not added)\n"
    );
    assert!(stderr.contains("1 unmatched row"), "{stderr}");
    assert_eq!(entries(&work), Vec::<String>::new());
}

#[test]
fn a_theme_reworded_on_its_every_row_is_one_edit_that_every_milestone_shows() {
    let work = Workdir::with_seed_plan();
    let mut rows = exported_rows(&work);
    let at = rows
        .iter()
        .position(|row| row[0] == "Leadership")
        .expect("the theme");
    rows[at][0] = "Leadership and culture".to_string();
    let file = write_csv(&work, "edited.csv", &rows);
    let (recorded, _) = ok_with_stderr(&work, &update_args(&file, &["--on", "2020-02-20"]));
    assert_eq!(
        recorded,
        "milestone 1 \"Programme fully focused on developing the relational aspects…\": theme \"Leadership\" -> \"Leadership and culture\"\n"
    );
    assert_eq!(
        entries(&work),
        vec!["1 edit theme Leadership and culture Ann Lead 2020-02-20"]
    );
    for id in 1..=3 {
        assert_eq!(
            listed(&work, id).unwrap()["theme"],
            "Leadership and culture"
        );
    }
}

/// The rows without the column headed `header`.
fn without_column(rows: &[Vec<String>], header: &str) -> Vec<Vec<String>> {
    let at = rows[0]
        .iter()
        .position(|h| h == header)
        .unwrap_or_else(|| panic!("no column {header:?}"));
    rows.iter()
        .map(|row| {
            let mut row = row.clone();
            row.remove(at);
            row
        })
        .collect()
}

#[test]
fn regression_a_retired_milestone_in_the_file_is_listed_not_added_again() {
    let work = Workdir::with_seed_plan();
    let file = write_csv(&work, "before-retiring.csv", &exported_rows(&work));
    for id in ["30", "12"] {
        work.ok(&[
            "milestone",
            "retire",
            id,
            "--reason",
            "Superseded",
            "--by",
            "IJB",
            "--on",
            "2020-03-01",
        ]);
    }
    let retirements = entries(&work);
    let (recorded, stderr) = ok_with_stderr(&work, &update_args(&file, &["--on", "2020-03-02"]));
    assert_eq!(
        recorded,
        "retired: row 13 \"HR agreement to revised roles and responsibilities\" is milestone 12, \
         retired on 2020-03-01 (not added; retract its retirement to bring it back)\n\
         retired: row 31 \"Revised Scheme reflects the new arrangements\" is milestone 30, \
         retired on 2020-03-01 (not added; retract its retirement to bring it back)\n"
    );
    assert!(
        stderr.contains("36 of 36 milestones matched")
            && stderr.contains("2 retired rows not added"),
        "{stderr}"
    );
    assert_eq!(entries(&work), retirements, "nothing added or changed");
}

#[test]
fn regression_only_the_files_columns_are_compared_and_an_inferred_status_never_reopens() {
    let work = Workdir::with_seed_plan();
    let rows = exported_rows(&work);
    for header in ["RAG", "Comment/RAG"] {
        let file = write_csv(&work, "fewer-columns.csv", &without_column(&rows, header));
        let (recorded, _) = ok_with_stderr(&work, &update_args(&file, &["--on", "2020-02-20"]));
        assert_eq!(recorded, "", "without {header}");
    }
    assert_eq!(entries(&work), Vec::<String>::new());

    // The seed layout has no Status column: the status is inferred from the
    // comment. A reworded comment does not reopen a complete milestone; a
    // comment starting "Complete" completes an open one.
    let mut rows = rows;
    let at = row_of(
        &rows,
        "Rebranding and updated communications framework for the programme",
    );
    assert!(rows[at][5].starts_with("Complete. Presented to"));
    rows[at][5] = "Presented to Senior Leadership Team in August.".to_string();
    let at = row_of(&rows, "Agree meeting structures");
    rows[at][5] = "Complete. Agreed at SLT.".to_string();
    let file = write_csv(&work, "reworded.csv", &rows);
    let (recorded, _) = ok_with_stderr(&work, &update_args(&file, &["--on", "2020-02-20"]));
    assert!(
        recorded.contains("milestone 3 ")
            && !recorded.contains("status complete -> in progress")
            && recorded.contains("status in progress -> complete"),
        "{recorded}"
    );
    assert_eq!(listed(&work, 3).unwrap()["status"], "complete");
    assert_eq!(listed(&work, 4).unwrap()["status"], "complete");
}

#[test]
fn regression_a_row_under_the_action_or_theme_above_is_not_moved_not_a_rename() {
    let work = Workdir::with_seed_plan();
    let mut rows = exported_rows(&work);
    // Milestone 6's action cell blanked: it falls under the action above.
    let at = row_of(&rows, "Permanent post holders in place");
    assert!(rows[at][1].starts_with("Appoint to the posts"));
    rows[at][1] = String::new();
    // The Engagement heading blanked: its rows fall under Information sharing.
    let at = rows
        .iter()
        .position(|row| row[0] == "Engagement")
        .expect("the theme");
    rows[at][0] = String::new();
    let file = write_csv(&work, "moved.csv", &rows);
    let (recorded, _) = ok_with_stderr(&work, &update_args(&file, &["--on", "2020-02-20"]));
    let lines: Vec<&str> = recorded.lines().collect();
    assert_eq!(lines.len(), 3, "{recorded}");
    assert!(
        lines[0].starts_with("not moved: milestone 6 ")
            && lines[1].starts_with("not moved: milestone 37 ")
            && lines[2].starts_with("not moved: milestone 38 "),
        "{recorded}"
    );
    assert_eq!(entries(&work), Vec::<String>::new());
    assert!(
        listed(&work, 6).unwrap()["action"]
            .as_str()
            .unwrap()
            .starts_with("Appoint to the posts")
    );
    assert_eq!(listed(&work, 37).unwrap()["theme"], "Engagement");
}

#[test]
fn regression_retire_missing_keeps_the_milestone_a_cannot_match_row_may_be() {
    let work = Workdir::with_seed_plan();
    let mut rows = exported_rows(&work);
    let at = row_of(&rows, "HR agreement to revised roles and responsibilities");
    let mut moved = rows.remove(at);
    moved[2] = "HR agreement to the revised roles and responsibilities".to_string();
    rows.push(moved);
    let file = write_csv(&work, "moved.csv", &rows);
    let (recorded, stderr) = ok_with_stderr(
        &work,
        &update_args(&file, &["--on", "2020-02-20", "--retire-missing"]),
    );
    assert_eq!(
        recorded,
        "cannot match row 39 \"HR agreement to the revised roles and responsibilities\" \
         (like milestone 12 \"HR agreement to revised roles and responsibilities\"; not added)\n\
         missing 12 \"HR agreement to revised roles and responsibilities\" (kept: row 39 may be it)\n"
    );
    assert!(stderr.contains("0 retirements"), "{stderr}");
    assert_eq!(entries(&work), Vec::<String>::new());
    assert!(listed(&work, 12).is_some(), "not retired");
}

#[test]
fn regression_update_on_a_day_before_2000_is_refused() {
    let work = Workdir::with_seed_plan();
    let mut rows = exported_rows(&work);
    let at = row_of(&rows, "Agree meeting structures");
    rows[at][6] = "G".to_string();
    let file = write_csv(&work, "edited.csv", &rows);
    let dump = work.dump();
    let stderr = work.fails(&update_args(&file, &["--on", "1999-12-31"]));
    assert!(stderr.contains("is before 2000-01-01"), "{stderr}");
    assert_eq!(work.dump(), dump);
    // The way out the message names exists.
    assert!(stderr.contains("Give --backdate"), "{stderr}");
    work.ok(&update_args(&file, &["--on", "1999-12-31", "--backdate"]));
    assert_eq!(work.json(&["show", "4", "--format", "json"])["rag"], "G");
}

#[test]
fn regression_a_blank_reason_is_refused_not_stored_empty() {
    let work = Workdir::with_seed_plan();
    let file = write_csv(&work, "edited.csv", &edited_rows(&work));
    let dump = work.dump();
    for blank in ["", "  "] {
        let stderr = work.fails(&update_args(
            &file,
            &["--on", "2020-02-20", "--retire-missing", "--reason", blank],
        ));
        assert!(stderr.contains("--reason must not be blank"), "{stderr}");
    }
    assert_eq!(work.dump(), dump);
}

/// Review finding: `--dry-run` opened the database read-only and ran none of
/// the store's checks, so it approved a file the real run refuses (here an
/// update dated before its milestone was added). It now applies the changes
/// to a copy in memory: the same refusal, and the file is never written.
#[test]
fn regression_a_dry_run_refuses_what_the_real_run_refuses() {
    let work = Workdir::with_seed_plan();
    work.ok(&[
        "milestone",
        "add",
        "--theme",
        "Finance",
        "--action",
        "Progress work on set aside budgets",
        "--milestone",
        "New one",
        "--lead",
        "Marie Moy",
        "--timeline",
        "Jun 20",
        "--by",
        "O",
        "--on",
        "2020-03-01",
    ]);
    let mut rows = exported_rows(&work);
    let at = row_of(&rows, "New one");
    rows[at][5] = "Budget agreed.".to_string();
    let file = write_csv(&work, "edited.csv", &rows);
    let refusal = "an update cannot speak for 2020-02-01, before it existed";

    let before = std::fs::read(work.db()).expect("read database");
    let dry_run = work.fails(&update_args(&file, &["--on", "2020-02-01", "--dry-run"]));
    assert!(
        dry_run.contains(refusal) && dry_run.contains("nothing was stored"),
        "{dry_run}"
    );
    assert_eq!(std::fs::read(work.db()).expect("read database"), before);
    let real = work.fails(&update_args(&file, &["--on", "2020-02-01"]));
    assert!(real.contains(refusal), "{real}");

    // Dated after the addition, the dry run lists the update and still
    // writes nothing; the real run records it.
    let before = std::fs::read(work.db()).expect("read database");
    let (listed_changes, stderr) = ok_with_stderr(
        &work,
        &update_args(&file, &["--on", "2020-03-02", "--dry-run"]),
    );
    assert_eq!(
        listed_changes,
        "milestone 39 \"New one\": comment \"\" -> \"Budget agreed.\"\n"
    );
    assert!(
        stderr.contains("1 update,") && stderr.contains("nothing was stored"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(work.db()).expect("read database"), before);
    let (recorded, _) = ok_with_stderr(&work, &update_args(&file, &["--on", "2020-03-02"]));
    assert_eq!(recorded, listed_changes);
    assert_eq!(listed(&work, 39).unwrap()["comment"], "Budget agreed.");
}

/// Review finding: a row with a retired milestone's text was taken as that
/// milestone wherever it sat, so a row under another action was swallowed
/// as "retired" (and retracting the retirement, as advised, would revive
/// the wrong milestone). Matched by text alone, a retired milestone must sit
/// under its own theme and action; elsewhere the row is matched as any other.
#[test]
fn regression_a_retired_milestones_text_under_another_action_is_not_that_milestone() {
    let work = Workdir::with_seed_plan();
    work.ok(&[
        "milestone",
        "retire",
        "6",
        "--reason",
        "Superseded",
        "--by",
        "IJB",
        "--on",
        "2020-03-01",
    ]);
    let mut rows = exported_rows(&work);
    let at = row_of(
        &rows,
        "Programme fully focused on developing the relational aspects of health and social care teams",
    );
    assert_eq!(rows[at][1], "Review the remaining Kings Fund OD programme");
    rows.insert(
        at + 1,
        cells(&[
            "",
            "",
            "Permanent post holders in place",
            "Sharon Simpson",
            "Mar 20",
            "",
            "Not rated",
        ]),
    );
    let file = write_csv(&work, "edited.csv", &rows);
    let (recorded, stderr) = ok_with_stderr(&work, &update_args(&file, &["--on", "2020-03-02"]));
    // Not retired milestone 6: a row like milestone 7, so listed, not guessed.
    assert_eq!(
        recorded,
        "cannot match row 3 \"Permanent post holders in place\" \
         (like milestone 7 \"Permanent post holder in place\"; not added)\n"
    );
    assert!(
        stderr.contains("1 unmatched row, 0 retired rows not added"),
        "{stderr}"
    );
    assert_eq!(
        entries(&work).len(),
        1,
        "only the retirement: nothing recorded"
    );
}

/// A file that rewords the action of a retired milestone whose action has
/// no other milestone: the row is still that retired milestone (its action
/// is none of the plan's), not a new one.
#[test]
fn regression_a_retired_milestone_under_a_reworded_action_of_its_own_is_not_added() {
    let work = Workdir::with_seed_plan();
    let mut rows = exported_rows(&work);
    work.ok(&[
        "milestone",
        "retire",
        "30",
        "--reason",
        "Superseded",
        "--by",
        "IJB",
        "--on",
        "2020-03-01",
    ]);
    let at = row_of(&rows, "Revised Scheme reflects the new arrangements");
    assert_eq!(rows[at][1], "Update the Integration Scheme");
    rows[at][1] = "Update the Integration Scheme (2020)".to_string();
    let file = write_csv(&work, "edited.csv", &rows);
    let dump = work.dump();
    let (listed, stderr) = ok_with_stderr(
        &work,
        &update_args(&file, &["--on", "2020-03-02", "--dry-run"]),
    );
    assert!(
        listed.contains("is milestone 30, retired on 2020-03-01 (not added"),
        "{listed}"
    );
    assert!(!listed.contains("add row"), "{listed}");
    assert!(stderr.contains("1 retired row not added"), "{stderr}");
    assert_eq!(work.dump(), dump);
}
