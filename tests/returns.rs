//! `returns export`, `returns import` and `returns status`: a whole update
//! round on the seed plan, run as the real binary. Leads' answers are typed
//! into the exported workbooks by a test-side writer (calamine reads the
//! export, rust_xlsxwriter writes the lead's saved file), one is resaved as
//! Windows-1252 CSV with its columns reordered and an extra column.

mod common;

use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use serde_json::Value;

use common::Workdir;

/// An answer a lead types into one cell.
#[derive(Debug, Clone, Copy)]
enum Typed {
    /// Text, as typed (Excel keeps it as text).
    Text(&'static str),
    /// A date cell (year, month, day) with the number format Excel gave it.
    Date(u16, u8, u8, &'static str),
}

/// One answer: the milestone's id, the column's header, what was typed.
type Answer = (i64, &'static str, Typed);

/// The Return sheet of a workbook: its header cells and its rows.
fn read_return_sheet(path: &Path) -> (Vec<String>, Vec<Vec<Data>>) {
    let mut workbook: Xlsx<_> = open_workbook(path).expect("an xlsx workbook");
    let range = workbook.worksheet_range("Return").expect("a Return sheet");
    let mut rows = range.rows().map(|r| r.to_vec());
    let headers = rows
        .next()
        .expect("a header row")
        .iter()
        .map(|c| c.to_string())
        .collect();
    (headers, rows.collect())
}

fn column(headers: &[String], header: &str) -> usize {
    headers
        .iter()
        .position(|h| h == header)
        .unwrap_or_else(|| panic!("no {header:?} column in {headers:?}"))
}

fn row_id(headers: &[String], row: &[Data]) -> i64 {
    match &row[column(headers, "ID")] {
        Data::Float(id) => *id as i64,
        Data::Int(id) => *id,
        other => panic!("ID cell {other:?}"),
    }
}

/// Saves the lead's copy of an exported return with their answers typed in,
/// as Excel would after they sorted the rows the other way round and showed
/// the hidden column.
fn fill_workbook(exported: &Path, saved: &Path, answers: &[Answer]) {
    fill_workbook_into(Workbook::new(), exported, saved, answers);
}

/// As [`fill_workbook`], into a workbook that may already hold sheets.
fn fill_workbook_into(mut workbook: Workbook, exported: &Path, saved: &Path, answers: &[Answer]) {
    let (headers, mut rows) = read_return_sheet(exported);
    rows.reverse();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Return").unwrap();
    for (index, header) in headers.iter().enumerate() {
        sheet.write_string(0, index as u16, header).unwrap();
    }
    for (row_index, row) in rows.iter().enumerate() {
        let sheet_row = row_index as u32 + 1;
        for (index, cell) in row.iter().enumerate() {
            let col = index as u16;
            match cell {
                Data::Float(number) => sheet.write_number(sheet_row, col, *number).unwrap(),
                Data::Empty => sheet,
                other => sheet
                    .write_string(sheet_row, col, other.to_string())
                    .unwrap(),
            };
        }
        let id = row_id(&headers, row);
        for (_, header, typed) in answers.iter().filter(|(answer_id, _, _)| *answer_id == id) {
            let col = column(&headers, header) as u16;
            match typed {
                Typed::Text(text) => sheet.write_string(sheet_row, col, *text).unwrap(),
                Typed::Date(year, month, day, format) => {
                    let date = ExcelDateTime::from_ymd(*year, *month, *day).unwrap();
                    let format = Format::new().set_num_format(*format);
                    sheet
                        .write_datetime_with_format(sheet_row, col, &date, &format)
                        .unwrap()
                }
            };
        }
    }
    workbook.save(saved).unwrap();
}

/// Saves the lead's copy as "CSV (Comma delimited)" from Excel on Windows:
/// Windows-1252, the columns in reverse order, and a "Notes" column added.
fn resave_as_windows_1252_csv(exported: &Path, saved: &Path, answers: &[Answer]) {
    let (headers, rows) = read_return_sheet(exported);
    let mut records: Vec<Vec<String>> = Vec::new();
    let mut header_record: Vec<String> = headers.iter().rev().cloned().collect();
    header_record.push("Notes".to_string());
    records.push(header_record);
    for row in &rows {
        let id = row_id(&headers, row);
        let mut cells: Vec<String> = row.iter().map(|c| c.to_string()).collect();
        for (_, header, typed) in answers.iter().filter(|(answer_id, _, _)| *answer_id == id) {
            let Typed::Text(text) = typed else {
                panic!("a CSV holds text")
            };
            cells[column(&headers, header)] = text.to_string();
        }
        let mut record: Vec<String> = cells.into_iter().rev().collect();
        record.push("checked by PA".to_string());
        records.push(record);
    }
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for record in &records {
        writer.write_record(record).unwrap();
    }
    let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable);
    std::fs::write(saved, bytes).unwrap();
}

/// The seed plan with every lead's return exported as of the committee date.
fn round_sent() -> Workdir {
    let work = Workdir::with_seed_plan();
    let output = work.run(&[
        "returns",
        "export",
        "--all",
        "returns",
        "--as-of",
        "2020-02-18",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("wrote returns/Marie-Moy.xlsx (return R9 for Marie Moy: 8 milestones)"),
        "{stderr}"
    );
    work
}

/// Marie Moy's answers: a new RAG and comment (18), a retarget with its
/// reason typed as a month (14), an invalid RAG typed over the drop-down
/// (21), and a completion (19) that Ross McGuffie's update will overtake.
const MARIE_MOY: [Answer; 6] = [
    (18, "New RAG", Typed::Text("R")),
    (
        18,
        "New comment",
        Typed::Text("Delayed: awaiting both partners' budgets."),
    ),
    (14, "New timeline", Typed::Date(2020, 6, 1, "mmm-yy")),
    (
        14,
        "Reason for new timeline",
        Typed::Text("Support review follows the structure agreed in March"),
    ),
    (21, "New RAG", Typed::Text("Purple")),
    (19, "New status", Typed::Text("complete")),
];

/// Margaret French's answers: a retarget to a day (13) with its reason.
const MARGARET_FRENCH: [Answer; 3] = [
    (13, "New timeline", Typed::Date(2020, 3, 31, "dd/mm/yyyy")),
    (
        13,
        "Reason for new timeline",
        Typed::Text("Tier 3 recruitment follows the HR agreement"),
    ),
    (13, "New comment", Typed::Text("Recruitment under way.")),
];

/// Ross McGuffie's answers, with an en dash Windows-1252 writes as 0x96, and
/// a new timeline as Excel shows a month in CSV ("Jun-20").
const ROSS_MCGUFFIE: [Answer; 5] = [
    (23, "New timeline", Typed::Text("Jun-20")),
    (
        23,
        "Reason for new timeline",
        Typed::Text("Publication follows the IJB in June"),
    ),
    (4, "New status", Typed::Text("complete")),
    (4, "New RAG", Typed::Text("G")),
    (
        4,
        "New comment",
        Typed::Text("Complete \u{2013} new meeting structures in place."),
    ),
];

/// The three returned files, filled and saved, and the update that
/// overtakes Marie Moy's answer on milestone 19.
fn round_answered() -> Workdir {
    let work = round_sent();
    fill_workbook(
        &work.file("returns/Marie-Moy.xlsx"),
        &work.file("Marie-Moy-returned.xlsx"),
        &MARIE_MOY,
    );
    fill_workbook(
        &work.file("returns/Margaret-French.xlsx"),
        &work.file("Margaret-French-returned.xlsx"),
        &MARGARET_FRENCH,
    );
    resave_as_windows_1252_csv(
        &work.file("returns/Ross-McGuffie.xlsx"),
        &work.file("Ross-McGuffie-returned.csv"),
        &ROSS_MCGUFFIE,
    );
    work.ok(&[
        "update",
        "19",
        "--rag",
        "A",
        "--comment",
        "At risk: hospital activity data late",
        "--by",
        "Ross McGuffie",
        "--on",
        "2020-02-25",
    ]);
    work
}

const RETURNED: [&str; 3] = [
    "Marie-Moy-returned.xlsx",
    "Margaret-French-returned.xlsx",
    "Ross-McGuffie-returned.csv",
];

fn import_args<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["returns", "import"];
    args.extend(RETURNED);
    args.extend(["--by", "Planning officer", "--on", "2020-03-02"]);
    args.extend(extra);
    args
}

const FIRST_IMPORT: &str = "\
Marie-Moy-returned.xlsx (Marie Moy): 2 applied, 4 unchanged, 0 already applied, 1 rejected, 1 in conflict
  row 6: rejected: column \"New RAG\": \"Purple\" is not a RAG rating: expected R, A, G, Red, Amber or Green, or B (Blue) for a finished milestone
  row 7: milestone 19 in conflict, not applied (give --force to apply it):
      the return says: status complete
      the plan now says: RAG A, status in progress, timeline Dec 19, comment \"At risk: hospital activity data late\" (updated 2020-02-25)
  row 8: milestone 18 applied: RAG R, comment \"Delayed: awaiting both partners' budgets.\"
  row 9: milestone 14 applied: timeline Jun 20, reason \"Support review follows the structure agreed in March\"
Margaret-French-returned.xlsx (Margaret French): 1 applied, 6 unchanged, 0 already applied, 0 rejected, 0 in conflict
  row 7: milestone 13 applied: timeline 31/03/2020, reason \"Tier 3 recruitment follows the HR agreement\", comment \"Recruitment under way.\"
Ross-McGuffie-returned.csv (Ross McGuffie): 2 applied, 14 unchanged, 0 already applied, 0 rejected, 0 in conflict
  row 2: milestone 4 applied: RAG G, status complete, comment \"Complete \u{2013} new meeting structures in place.\"
  row 10: milestone 23 applied: timeline Jun 20, reason \"Publication follows the IJB in June\"
total: 5 applied, 24 unchanged, 0 already applied, 1 rejected, 1 in conflict
";

const DRY_RUN: &str = "\
Marie-Moy-returned.xlsx (Marie Moy): 2 to apply, 4 unchanged, 0 already applied, 1 rejected, 1 in conflict
  row 6: rejected: column \"New RAG\": \"Purple\" is not a RAG rating: expected R, A, G, Red, Amber or Green, or B (Blue) for a finished milestone
  row 7: milestone 19 in conflict, not applied (give --force to apply it):
      the return says: status complete
      the plan now says: RAG A, status in progress, timeline Dec 19, comment \"At risk: hospital activity data late\" (updated 2020-02-25)
  row 8: milestone 18 would apply: RAG R, comment \"Delayed: awaiting both partners' budgets.\"
  row 9: milestone 14 would apply: timeline Jun 20, reason \"Support review follows the structure agreed in March\"
Margaret-French-returned.xlsx (Margaret French): 1 to apply, 6 unchanged, 0 already applied, 0 rejected, 0 in conflict
  row 7: milestone 13 would apply: timeline 31/03/2020, reason \"Tier 3 recruitment follows the HR agreement\", comment \"Recruitment under way.\"
Ross-McGuffie-returned.csv (Ross McGuffie): 2 to apply, 14 unchanged, 0 already applied, 0 rejected, 0 in conflict
  row 2: milestone 4 would apply: RAG G, status complete, comment \"Complete \u{2013} new meeting structures in place.\"
  row 10: milestone 23 would apply: timeline Jun 20, reason \"Publication follows the IJB in June\"
total: 5 to apply, 24 unchanged, 0 already applied, 1 rejected, 1 in conflict
";

const SECOND_IMPORT: &str = "\
Marie-Moy-returned.xlsx (Marie Moy): 0 applied, 4 unchanged, 2 already applied, 1 rejected, 1 in conflict
  row 6: rejected: column \"New RAG\": \"Purple\" is not a RAG rating: expected R, A, G, Red, Amber or Green, or B (Blue) for a finished milestone
  row 7: milestone 19 in conflict, not applied (give --force to apply it):
      the return says: status complete
      the plan now says: RAG A, status in progress, timeline Dec 19, comment \"At risk: hospital activity data late\" (updated 2020-02-25)
  row 8: milestone 18 already applied by an earlier import
  row 9: milestone 14 already applied by an earlier import
Margaret-French-returned.xlsx (Margaret French): 0 applied, 6 unchanged, 1 already applied, 0 rejected, 0 in conflict
  row 7: milestone 13 already applied by an earlier import
Ross-McGuffie-returned.csv (Ross McGuffie): 0 applied, 14 unchanged, 2 already applied, 0 rejected, 0 in conflict
  row 2: milestone 4 already applied by an earlier import
  row 10: milestone 23 already applied by an earlier import
total: 0 applied, 24 unchanged, 5 already applied, 1 rejected, 1 in conflict
";

/// The updates recorded for 2 March 2020, as (id, by, rag, status, timeline, reason, comment).
fn updates_of_the_round(work: &Workdir) -> Vec<Value> {
    work.json(&["history", "--since", "2020-03-02", "--format", "json"])
        .as_array()
        .expect("an array")
        .iter()
        .map(|u| {
            serde_json::json!([
                u["id"],
                u["by"],
                u["rag"],
                u["status"],
                u["timeline"],
                u["reason"],
                u["comment"]
            ])
        })
        .collect()
}

#[test]
fn a_whole_round_applies_valid_answers_once_and_lists_the_rest() {
    let work = round_answered();
    let db_before = std::fs::read(work.db()).unwrap();
    let dump_before = work.dump();

    // A dry run says what would change and leaves the database byte-identical.
    let dry = work.run(&import_args(&["--dry-run"]));
    assert_eq!(dry.status.code(), Some(1));
    let dry_out = String::from_utf8(dry.stdout).unwrap();
    assert_eq!(dry_out, DRY_RUN);
    assert_eq!(
        String::from_utf8_lossy(&dry.stderr),
        "dry run: nothing was written\n"
    );
    assert_eq!(std::fs::read(work.db()).unwrap(), db_before);
    assert_eq!(work.dump(), dump_before);

    // The import: five rows applied in one go, one refused, one in conflict.
    let first = work.run(&import_args(&[]));
    assert_eq!(
        first.status.code(),
        Some(1),
        "rejections and conflicts flag the run"
    );
    assert_eq!(String::from_utf8(first.stdout).unwrap(), FIRST_IMPORT);
    assert_eq!(
        String::from_utf8_lossy(&first.stderr),
        "recorded 5 updates for 2 Mar 2020 in one transaction\n"
    );
    let recorded = updates_of_the_round(&work);
    assert_eq!(
        recorded,
        vec![
            serde_json::json!([
                18,
                "Marie Moy",
                "R",
                null,
                null,
                null,
                "Delayed: awaiting both partners' budgets."
            ]),
            serde_json::json!([
                14,
                "Marie Moy",
                null,
                null,
                "Jun 20",
                "Support review follows the structure agreed in March",
                null
            ]),
            serde_json::json!([
                13,
                "Margaret French",
                null,
                null,
                "31/03/2020",
                "Tier 3 recruitment follows the HR agreement",
                "Recruitment under way."
            ]),
            serde_json::json!([
                4,
                "Ross McGuffie",
                "G",
                "complete",
                null,
                null,
                "Complete \u{2013} new meeting structures in place."
            ]),
            serde_json::json!([
                23,
                "Ross McGuffie",
                null,
                null,
                "Jun 20",
                "Publication follows the IJB in June",
                null
            ]),
        ]
    );
    // The conflicting answer was not laid over Ross McGuffie's newer update.
    let nineteen = work.json(&["show", "19", "--format", "json"]);
    assert_eq!(
        (&nineteen["status"], &nineteen["rag"]),
        (&Value::from("in progress"), &Value::from("A"))
    );

    // Importing the same files again applies nothing and says so.
    let dump_after_first = work.dump();
    let second = work.run(&import_args(&[]));
    assert_eq!(second.status.code(), Some(1));
    assert_eq!(String::from_utf8(second.stdout).unwrap(), SECOND_IMPORT);
    assert_eq!(
        String::from_utf8_lossy(&second.stderr),
        "nothing applied: every answer in these files was applied by an earlier import\n"
    );
    assert_eq!(work.dump(), dump_after_first);
    assert_eq!(updates_of_the_round(&work).len(), 5);

    // The next export shows the new state, with tokens of the entries just made.
    work.ok(&[
        "returns",
        "export",
        "--lead",
        "marie moy",
        "--format",
        "csv",
        "-o",
        "next.csv",
        "--as-of",
        "2020-03-02",
    ]);
    let next = std::fs::read_to_string(work.file("next.csv")).unwrap();
    let mut lines = next.lines();
    assert_eq!(
        lines.next().unwrap(),
        "\u{feff}ID,Theme,Improvement action,Milestone,Current timeline,Current RAG,Status,Latest comment,Last updated,New RAG,New status,New comment,New timeline,Reason for new timeline,Return token"
    );
    let row_18 = next.lines().find(|l| l.starts_with("18,")).unwrap();
    assert!(
        row_18.ends_with(
            ",Nov 19,R,in progress,Delayed: awaiting both partners' budgets.,2020-03-02,,,,,,R12-E2"
        ),
        "{row_18}"
    );
    let row_14 = next.lines().find(|l| l.starts_with("14,")).unwrap();
    assert!(row_14.contains(",Jun 20,A,in progress,"), "{row_14}");
    assert!(row_14.ends_with(",2020-03-02,,,,,,R12-E3"), "{row_14}");

    // The chasing list: three leads answered, eight to chase.
    let status = work.json(&[
        "returns",
        "status",
        "--since",
        "2020-03-01",
        "--format",
        "json",
    ]);
    let states: Vec<(&str, &str)> = status
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["lead"].as_str().unwrap(), s["state"].as_str().unwrap()))
        .collect();
    assert_eq!(
        states,
        [
            ("Sharon Simpson", "awaited"),
            ("Fiona Whittaker", "awaited"),
            ("John White", "awaited"),
            ("Morag Dendy", "awaited"),
            ("Ross McGuffie", "returned"),
            ("Alison Gordon", "awaited"),
            ("Margaret French", "returned"),
            ("Maggs Thomson", "awaited"),
            ("Marie Moy", "returned"),
            ("Graeme Cowan", "awaited"),
            ("Anne Armstrong", "awaited"),
        ]
    );
    // Without --since, what counts is each lead's latest return: Marie Moy's
    // is the one just exported, not back yet.
    let latest = work.ok(&["returns", "status", "--format", "csv"]);
    let marie = latest
        .lines()
        .find(|l| l.starts_with("Marie Moy,"))
        .unwrap();
    assert_eq!(marie, "Marie Moy,8,2020-03-02,2020-03-02,awaited");
    let margaret = latest
        .lines()
        .find(|l| l.starts_with("Margaret French,"))
        .unwrap();
    assert_eq!(margaret, "Margaret French,7,2020-02-18,2020-03-02,returned");
}

/// One part of an xlsx file (a zip archive), as text.
fn xlsx_part(path: &Path, part: &str) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut entry = archive.by_name(part).unwrap();
    let mut text = String::new();
    std::io::Read::read_to_string(&mut entry, &mut text).unwrap();
    text
}

#[test]
fn the_workbook_locks_the_context_and_offers_only_valid_answers() {
    let work = round_sent();
    let workbook = work.file("returns/Marie-Moy.xlsx");
    let sheet = xlsx_part(&workbook, "xl/worksheets/sheet1.xml");
    // Drop-downs from the model's own lists, a date for the new timeline.
    assert!(sheet.contains("<formula1>\"R,A,G\"</formula1>"), "{sheet}");
    assert!(
        sheet.contains("<formula1>\"not started,in progress,complete,closed\"</formula1>"),
        "{sheet}"
    );
    assert!(sheet.contains("<dataValidation type=\"date\""), "{sheet}");
    // Eight milestones: rows 2 to 9 of the answer columns J, K and M.
    for range in ["sqref=\"J2:J9\"", "sqref=\"K2:K9\"", "sqref=\"M2:M9\""] {
        assert!(sheet.contains(range), "{range} in {sheet}");
    }
    // Protected without a password; the token column (O) hidden; header frozen.
    assert!(sheet.contains("<sheetProtection "), "{sheet}");
    assert!(!sheet.contains("password"), "{sheet}");
    assert!(sheet.contains("<col min=\"15\" max=\"15\""), "{sheet}");
    assert!(sheet.contains("hidden=\"1\""), "{sheet}");
    assert!(sheet.contains("ySplit=\"1\""), "{sheet}");
    // RAG colours on the current and new RAG columns.
    assert!(
        sheet.contains("<conditionalFormatting sqref=\"F2:F9\">"),
        "{sheet}"
    );
    assert!(
        sheet.contains("<conditionalFormatting sqref=\"J2:J9\">"),
        "{sheet}"
    );
    // Answer cells are unlocked; the context ones keep the default (locked).
    let styles = xlsx_part(&workbook, "xl/styles.xml");
    assert!(styles.contains("<protection locked=\"0\"/>"), "{styles}");
    let book = xlsx_part(&workbook, "xl/workbook.xml");
    assert!(book.contains("name=\"Return\""), "{book}");
    assert!(book.contains("name=\"Instructions\""), "{book}");
    // The rows: overdue first by due date, each with its token.
    let (headers, rows) = read_return_sheet(&workbook);
    let ids: Vec<i64> = rows.iter().map(|row| row_id(&headers, row)).collect();
    assert_eq!(ids, [14, 18, 19, 21, 22, 20, 17, 16]);
    let token = column(&headers, "Return token");
    assert_eq!(rows[0][token].to_string(), "R9-E0");
}

#[test]
fn force_applies_a_conflicting_answer_over_the_newer_update_and_says_so() {
    let work = round_answered();
    let forced = work.run(&[
        "returns",
        "import",
        "Marie-Moy-returned.xlsx",
        "--by",
        "Planning officer",
        "--on",
        "2020-03-02",
        "--force",
    ]);
    assert_eq!(
        forced.status.code(),
        Some(1),
        "the invalid RAG is still refused"
    );
    let stdout = String::from_utf8(forced.stdout).unwrap();
    assert!(
        stdout.contains(
            "row 7: milestone 19 applied: status complete (applied over a newer update because of --force)"
        ),
        "{stdout}"
    );
    let nineteen = work.json(&["show", "19", "--format", "json"]);
    assert_eq!(
        (&nineteen["status"], &nineteen["rag"]),
        (&Value::from("complete"), &Value::from("A"))
    );
}

/// Marie Moy's return R12 as CSV, exported after the round's returns.
fn marie_moy_csv(work: &Workdir) -> String {
    work.ok(&[
        "returns",
        "export",
        "--lead",
        "Marie Moy",
        "--format",
        "csv",
        "-o",
        "mm.csv",
        "--as-of",
        "2020-02-18",
    ]);
    std::fs::read_to_string(work.file("mm.csv")).unwrap()
}

fn import_one<'a>(file: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "returns",
        "import",
        file,
        "--by",
        "Officer",
        "--on",
        "2020-03-02",
    ];
    args.extend(extra);
    args
}

#[test]
fn regression_a_row_for_a_milestone_never_sent_in_the_return_is_rejected() {
    let work = round_sent();
    let exported = marie_moy_csv(&work);
    // A second plan, whose milestone ids follow the seed plan's.
    work.ok(&["import", common::SEED_PLAN, "--plan", "Other"]);
    let other_plan_milestone =
        common::ids(&work.json(&["list", "--plan", "Other", "--format", "json"]))[0];
    // Rows typed in for milestone 4 (Ross McGuffie's, never in this return)
    // and for a milestone of the other plan, with a token made up to match.
    let added = format!(
        "{exported}4,,,,,,,,,G,,Done,,,R12-E0\r\n{other_plan_milestone},,,,,,,,,R,,Other plan,,,R12-E0\r\n"
    );
    let file = work.write("mm-returned.csv", added);
    for extra in [&[][..], &["--any-lead", "--force"][..]] {
        let refused = work.run(&import_one(&file, extra));
        assert_eq!(refused.status.code(), Some(1));
        let stdout = String::from_utf8(refused.stdout).unwrap();
        assert!(
            stdout.contains(
                "row 10: rejected: column \"ID\": milestone 4 was not sent in return R12: answer it in a return that lists it"
            ) && stdout.contains(&format!(
                "row 11: rejected: column \"ID\": milestone {other_plan_milestone} was not sent in return R12"
            )),
            "{stdout}"
        );
    }
    let connection = rusqlite::Connection::open(work.db()).unwrap();
    let updates: i64 = connection
        .query_row("SELECT count(*) FROM milestone_update", [], |row| {
            row.get(0)
        })
        .unwrap();
    assert_eq!(updates, 0, "neither plan was touched");
}

#[test]
fn a_milestone_the_lead_no_longer_shares_is_refused_unless_any_lead() {
    let work = round_sent();
    let exported = marie_moy_csv(&work);
    // Milestone 18 was sent to Marie Moy; since then it passed to Ross McGuffie.
    let connection = rusqlite::Connection::open(work.db()).unwrap();
    let moved = connection
        .execute(
            "UPDATE milestone_lead SET person_id = (SELECT id FROM person WHERE name = 'Ross McGuffie')
              WHERE milestone_id = 18 AND person_id = (SELECT id FROM person WHERE name = 'Marie Moy')",
            [],
        )
        .unwrap();
    assert_eq!(moved, 1);
    drop(connection);
    let token = exported
        .lines()
        .find(|line| line.starts_with("18,"))
        .and_then(|line| line.trim_end().rsplit(',').next())
        .unwrap();
    let answered = format!("{exported}18,,,,,,,,,G,,Done,,,{token}\r\n");
    let file = work.write("mm-returned.csv", answered);
    let refused = work.run(&import_one(&file, &[]));
    assert_eq!(refused.status.code(), Some(1));
    let stdout = String::from_utf8(refused.stdout).unwrap();
    assert!(
        stdout.contains(
            "rejected: milestone 18 is not led by Marie Moy (its leads are Ross McGuffie): give --any-lead to accept it"
        ),
        "{stdout}"
    );
    let accepted = work.ok(&import_one(&file, &["--any-lead"]));
    assert!(
        accepted.contains(
            "milestone 18 applied: RAG G, comment \"Done\" (milestone 18 is not led by Marie Moy (its leads are Ross McGuffie); applied because of --any-lead)"
        ),
        "{accepted}"
    );
    assert_eq!(work.json(&["show", "18", "--format", "json"])["rag"], "G");
}

#[test]
fn a_file_that_is_not_a_return_refuses_the_whole_import_and_writes_nothing() {
    let work = round_answered();
    let dump = work.dump();
    let stranger = work.write("appendix.csv", "ID,RAG\r\n4,G\r\n");
    let stderr = work.fails(&[
        "returns",
        "import",
        "Marie-Moy-returned.xlsx",
        stranger.as_str(),
        "--by",
        "Officer",
    ]);
    assert!(
        stderr.contains(&format!(
            "{stranger} was not imported (1 problem; nothing was stored):\n  {stranger}: no \"Return token\" column"
        )),
        "{stderr}"
    );
    assert_eq!(work.dump(), dump);
    let stderr = work.fails(&[
        "returns",
        "import",
        "Marie-Moy-returned.xlsx",
        "--by",
        "Officer",
        "--on",
        "2999-01-01",
    ]);
    assert!(
        stderr.contains("--on 2999-01-01 is in the future"),
        "{stderr}"
    );
    assert_eq!(work.dump(), dump);
}

#[test]
fn export_refuses_to_write_over_the_database_and_names_the_leads() {
    let work = Workdir::with_seed_plan();
    let db = work.db().display().to_string();
    let stderr = work.fails(&[
        "returns",
        "export",
        "--lead",
        "Marie Moy",
        "-o",
        db.as_str(),
    ]);
    assert!(
        stderr.contains("is the database: write the return to another file"),
        "{stderr}"
    );
    let stderr = work.fails(&["returns", "export", "--lead", "Nobody"]);
    assert!(
        stderr.contains("nobody called \"Nobody\" leads a milestone of this plan; its leads are Sharon Simpson, Fiona Whittaker,"),
        "{stderr}"
    );
    // Neither recorded a return.
    let status = work.ok(&["returns", "status", "--format", "csv"]);
    assert!(status.contains("Marie Moy,8,,,not sent"), "{status}");
    let markdown = work.ok(&["returns", "status", "--format", "markdown"]);
    assert!(
        markdown.starts_with(
            "| Lead | Milestones | Sent | Returned | Status |\n| --- | --- | --- | --- | --- |\n| Sharon Simpson | 6 |  |  | not sent |\n"
        ),
        "{markdown}"
    );
}

/// Runs LibreOffice headless with a private profile, requiring success.
fn soffice(work: &Workdir, args: &[&str]) {
    let profile = format!(
        "-env:UserInstallation=file://{}",
        work.file("lo-profile").display()
    );
    let output = std::process::Command::new("soffice")
        .arg("--headless")
        .arg(profile)
        .args(args)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
}

/// LibreOffice, headless, converts an exported return to PDF (proof that it
/// opens) and resaves a filled one as xlsx, which still imports exactly.
/// Without `soffice` the test fails on CI (CI=true) and says so elsewhere.
#[test]
fn libreoffice_opens_an_exported_return_and_its_resave_imports() {
    let soffice_found = std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !soffice_found {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "LibreOffice (soffice) is not installed: CI must install libreoffice-calc to prove a return opens"
        );
        eprintln!("SKIPPED: soffice is not on PATH, so no LibreOffice check was made");
        return;
    }
    let work = round_answered();
    let out_dir = work.file("libreoffice");
    let out = out_dir.display().to_string();
    let exported = work.file("returns/Marie-Moy.xlsx").display().to_string();
    soffice(&work, &["--convert-to", "pdf", "--outdir", &out, &exported]);
    let pdf = std::fs::read(out_dir.join("Marie-Moy.pdf")).expect("LibreOffice wrote a PDF");
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");
    assert!(
        pdf.len() > 10_000,
        "a PDF of {} bytes is too small for a return",
        pdf.len()
    );
    // Marie Moy's answers, resaved by LibreOffice Calc: same rows, same verdicts.
    let filled = work.file("Marie-Moy-returned.xlsx").display().to_string();
    soffice(
        &work,
        &[
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            &out,
            &filled,
        ],
    );
    let resaved = out_dir
        .join("Marie-Moy-returned.xlsx")
        .display()
        .to_string();
    let dry = work.run(&[
        "returns",
        "import",
        &resaved,
        "--by",
        "Officer",
        "--on",
        "2020-03-02",
        "--dry-run",
    ]);
    let marie = DRY_RUN.split("Margaret-French").next().unwrap();
    assert_eq!(
        String::from_utf8(dry.stdout).unwrap(),
        marie.replace("Marie-Moy-returned.xlsx", &resaved)
    );
    // The exported file itself, an answer typed in, resaved by LibreOffice Calc.
    let answered = work.file("Margaret-French-answered.xlsx");
    let row = type_into_exported(
        &work.file("returns/Margaret-French.xlsx"),
        &answered,
        13,
        "New RAG",
        "G",
    );
    let resaved_dir = work.file("libreoffice-exported");
    soffice(
        &work,
        &[
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            &resaved_dir.display().to_string(),
            &answered.display().to_string(),
        ],
    );
    let resaved = resaved_dir.join("Margaret-French-answered.xlsx");
    let dry = work.ok(&[
        "returns",
        "import",
        &resaved.display().to_string(),
        "--by",
        "Officer",
        "--on",
        "2020-03-02",
        "--dry-run",
    ]);
    assert!(
        dry.contains(&format!("row {row}: milestone 13 would apply: RAG G")),
        "{dry}"
    );
}

fn marie_moy_import<'a>(files: &[&'a str], on: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["returns", "import"];
    args.extend(files);
    args.extend(["--by", "Planning officer", "--on", on]);
    args.extend(extra);
    args
}

#[test]
fn regression_a_corrected_answer_sent_again_is_a_conflict_not_already_applied() {
    let work = round_answered();
    work.run(&marie_moy_import(
        &["Marie-Moy-returned.xlsx"],
        "2020-03-02",
        &[],
    ));
    // Marie Moy corrects her RAG for milestone 18 and sends the return again.
    let mut corrected = MARIE_MOY;
    corrected[0] = (18, "New RAG", Typed::Text("A"));
    fill_workbook(
        &work.file("returns/Marie-Moy.xlsx"),
        &work.file("Marie-Moy-corrected.xlsx"),
        &corrected,
    );
    let (again_code, stdout) = stdout_of(
        &work,
        &marie_moy_import(&["Marie-Moy-corrected.xlsx"], "2020-03-03", &[]),
    );
    assert_eq!(again_code, Some(1), "rejections and conflicts flag the run");
    assert!(
        stdout.contains(
            "row 8: milestone 18 in conflict, not applied (give --force to apply it):\n      the return says: RAG A, comment \"Delayed: awaiting both partners' budgets.\"\n      the plan now says: this return was applied already, saying: RAG R, comment \"Delayed: awaiting both partners' budgets.\" (update of 2020-03-02)"
        ) && stdout.contains("row 9: milestone 14 already applied by an earlier import"),
        "{stdout}"
    );
    assert_eq!(work.json(&["show", "18", "--format", "json"])["rag"], "R");
    let (forced_code, forced) = stdout_of(
        &work,
        &marie_moy_import(&["Marie-Moy-corrected.xlsx"], "2020-03-03", &["--force"]),
    );
    assert_eq!(
        forced_code,
        Some(1),
        "rejections and conflicts flag the run"
    );
    assert!(
        forced.contains("row 8: milestone 18 applied: RAG A, comment \"Delayed: awaiting both partners' budgets.\" (applied over a newer update because of --force)"),
        "{forced}"
    );
    assert_eq!(work.json(&["show", "18", "--format", "json"])["rag"], "A");
}

#[test]
fn regression_an_import_dated_before_the_latest_update_or_the_return_is_refused() {
    let work = round_answered();
    // Milestone 19 was updated on 2020-02-25: an answer dated 2020-02-20
    // would sort before it and never take effect, even with --force.
    let (early_code, stdout) = stdout_of(
        &work,
        &marie_moy_import(&["Marie-Moy-returned.xlsx"], "2020-02-20", &["--force"]),
    );
    assert_eq!(early_code, Some(1), "rejections and conflicts flag the run");
    assert!(
        stdout.contains(
            "row 7: rejected: the import is dated 2020-02-20 but milestone 19 was updated or sent on 2020-02-25: an update dated earlier would not take effect; import with --on 2020-02-25 or later"
        ),
        "{stdout}"
    );
    assert_eq!(
        work.json(&["show", "19", "--format", "json"])["status"],
        "in progress"
    );
    // Nor can an answer be dated before the return it answers was made for.
    let (before_sent_code, stdout) = stdout_of(
        &work,
        &marie_moy_import(&["Margaret-French-returned.xlsx"], "2020-02-10", &[]),
    );
    assert_eq!(
        before_sent_code,
        Some(1),
        "rejections and conflicts flag the run"
    );
    assert!(
        stdout.contains(
            "row 7: rejected: the import is dated 2020-02-10 but milestone 13 was updated or sent on 2020-02-18"
        ),
        "{stdout}"
    );
}

#[test]
fn regression_replacing_a_plan_with_returns_sent_is_refused() {
    let work = round_sent();
    let stderr = work.fails(&["import", common::SEED_PLAN, "--plan", "NL", "--replace"]);
    assert!(
        stderr.contains("0 links to MSG proposals made with `link` and 11 lead returns sent; replacing it would lose them"),
        "{stderr}"
    );
    let status = work.ok(&["returns", "status", "--format", "csv"]);
    assert!(
        status.contains("Marie Moy,8,2020-02-18,,awaited"),
        "{status}"
    );
}

#[test]
fn regression_the_same_return_in_two_files_applies_once() {
    let work = round_answered();
    std::fs::copy(
        work.file("Marie-Moy-returned.xlsx"),
        work.file("Marie-Moy-copy.xlsx"),
    )
    .unwrap();
    let files = ["Marie-Moy-returned.xlsx", "Marie-Moy-copy.xlsx"];
    let (forced_code, stdout) =
        stdout_of(&work, &marie_moy_import(&files, "2020-03-02", &["--force"]));
    assert_eq!(forced_code, Some(1), "{stdout}");
    assert!(
        stdout.contains(
            "row 8: milestone 18 not applied: duplicate of row 8 in Marie-Moy-returned.xlsx"
        ) && stdout.contains(
            "Marie-Moy-copy.xlsx (Marie Moy): 0 applied, 4 unchanged, 3 already applied, 1 rejected, 0 in conflict"
        ),
        "{stdout}"
    );
    let eighteen: Vec<Value> = work
        .json(&["history", "--since", "2020-03-02", "--format", "json"])
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["id"] == 18)
        .cloned()
        .collect();
    assert_eq!(eighteen.len(), 1, "{eighteen:?}");
}

#[test]
fn regression_export_never_replaces_or_deletes_a_file_it_did_not_write() {
    let work = Workdir::with_seed_plan();
    std::fs::create_dir(work.file("returns")).unwrap();
    work.write("returns/Sharon-Simpson.xlsx", "a file the user kept");
    let export = [
        "returns",
        "export",
        "--all",
        "returns",
        "--as-of",
        "2020-02-18",
    ];
    let stderr = work.fails(&export);
    assert!(
        stderr.contains(
            "returns/Sharon-Simpson.xlsx exists already: give --overwrite to replace it (nothing was written)"
        ),
        "{stderr}"
    );
    // With --overwrite, a failure part-way (Ross McGuffie's file cannot be
    // written) records nothing and leaves the kept file as it was.
    std::fs::create_dir(work.file("returns/.Ross-McGuffie.xlsx.partial")).unwrap();
    let mut overwrite = export.to_vec();
    overwrite.push("--overwrite");
    work.fails(&overwrite);
    assert_eq!(
        std::fs::read_to_string(work.file("returns/Sharon-Simpson.xlsx")).unwrap(),
        "a file the user kept"
    );
    let mut left: Vec<String> = std::fs::read_dir(work.file("returns"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, [".Ross-McGuffie.xlsx.partial", "Sharon-Simpson.xlsx"]);
    let status = work.ok(&["returns", "status", "--format", "csv"]);
    assert!(status.contains("Sharon Simpson,6,,,not sent"), "{status}");
    // Once it can be written, --overwrite replaces the kept file.
    std::fs::remove_dir(work.file("returns/.Ross-McGuffie.xlsx.partial")).unwrap();
    work.ok(&overwrite);
    assert!(
        std::fs::read(work.file("returns/Sharon-Simpson.xlsx"))
            .unwrap()
            .starts_with(b"PK")
    );
}

#[test]
fn regression_a_workbook_reaching_the_last_cell_is_refused_not_read() {
    let work = round_sent();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Return").unwrap();
    sheet.write_string(0, 0, "ID").unwrap();
    sheet.write_string(0, 1, "Return token").unwrap();
    sheet.write_number(1, 0, 18).unwrap();
    sheet.write_string(1, 1, "R9-E0").unwrap();
    sheet.write_string(1_048_575, 16_383, "x").unwrap();
    workbook.save(work.file("far.xlsx")).unwrap();
    let dump = work.dump();
    let output = work.run(&marie_moy_import(&["far.xlsx"], "2020-03-02", &[]));
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains(
            "the workbook cannot be read: sheet \"Return\" reaches row 1048576, column 16384: a sheet read here has at most 100000 rows and 1000 columns"
        ),
        "{stderr}"
    );
    assert_eq!(work.dump(), dump);
}

/// Rewrites one part of an xlsx file with `edit`, keeping every other part.
fn edit_xlsx_part(path: &Path, part: &str, edit: impl Fn(&str) -> String) {
    use std::io::{Read, Write};
    let bytes = std::fs::read(path).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut contents = Vec::new();
        entry.read_to_end(&mut contents).unwrap();
        if name == part {
            contents = edit(std::str::from_utf8(&contents).unwrap()).into_bytes();
        }
        writer
            .start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(&contents).unwrap();
    }
    std::fs::write(path, writer.finish().unwrap().into_inner()).unwrap();
}

#[test]
fn regression_a_formula_answer_without_a_value_is_rejected_not_ignored() {
    let work = round_sent();
    fill_workbook(
        &work.file("returns/Marie-Moy.xlsx"),
        &work.file("formula.xlsx"),
        &[(18, "New RAG", Typed::Text("typed over below"))],
    );
    // Milestone 18's New RAG is a formula saved without its value, as a
    // program that writes workbooks without calculating them leaves it.
    let (headers, _) = read_return_sheet(&work.file("formula.xlsx"));
    let column = column(&headers, "New RAG");
    let letter = (b'A' + column as u8) as char;
    let (_, rows) = read_return_sheet(&work.file("formula.xlsx"));
    let row = rows.iter().position(|r| row_id(&headers, r) == 18).unwrap() + 2;
    let cell = format!("{letter}{row}");
    edit_xlsx_part(
        &work.file("formula.xlsx"),
        "xl/worksheets/sheet1.xml",
        |xml| {
            let start = xml.find(&format!("<c r=\"{cell}\"")).map(|at| &xml[at..]);
            let cell_xml = start.map(|rest| {
                let end = if rest.starts_with(&format!("<c r=\"{cell}\"/>")) {
                    format!("<c r=\"{cell}\"/>").len()
                } else {
                    rest.find("</c>").unwrap() + 4
                };
                rest[..end].to_string()
            });
            let formula = format!("<c r=\"{cell}\"><f>IF(TRUE,\"G\")</f></c>");
            match cell_xml {
                Some(old) => xml.replacen(&old, &formula, 1),
                None => panic!("no cell {cell} in the sheet"),
            }
        },
    );
    let (output_code, stdout) = stdout_of(
        &work,
        &marie_moy_import(&["formula.xlsx"], "2020-03-02", &[]),
    );
    assert_eq!(output_code, Some(1), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "row {row}: rejected: column \"New RAG\": a formula with no value (the file was saved without calculating it): type the answer"
        )),
        "{stdout}"
    );
}

#[test]
fn regression_a_return_whose_rows_were_all_rejected_is_not_counted_as_returned() {
    let work = round_sent();
    // Marie Moy sends back only one row, a RAG typed over the drop-down.
    let (headers, rows) = read_return_sheet(&work.file("returns/Marie-Moy.xlsx"));
    let row = rows.iter().find(|r| row_id(&headers, r) == 21).unwrap();
    let token = row[column(&headers, "Return token")].to_string();
    work.write(
        "Marie-Moy-returned.csv",
        format!("ID,New RAG,Return token\r\n21,Purple,{token}\r\n"),
    );
    let output = work.run(&marie_moy_import(
        &["Marie-Moy-returned.csv"],
        "2020-03-02",
        &[],
    ));
    assert_eq!(output.status.code(), Some(1));
    let status = work.ok(&["returns", "status", "--format", "csv"]);
    assert!(
        status.contains("Marie Moy,8,2020-02-18,,returned with problems"),
        "{status}"
    );
    // Answered properly, it is returned.
    fill_workbook(
        &work.file("returns/Marie-Moy.xlsx"),
        &work.file("Marie-Moy-fixed.xlsx"),
        &[(21, "New RAG", Typed::Text("G"))],
    );
    work.ok(&marie_moy_import(
        &["Marie-Moy-fixed.xlsx"],
        "2020-03-03",
        &[],
    ));
    let status = work.ok(&["returns", "status", "--format", "csv"]);
    assert!(
        status.contains("Marie Moy,8,2020-02-18,2020-03-03,returned"),
        "{status}"
    );
}

#[test]
fn the_exported_workbook_itself_with_an_answer_typed_in_imports() {
    let work = round_sent();
    let exported = work.file("returns/Marie-Moy.xlsx");
    let (headers, _) = read_return_sheet(&exported);
    // The hidden column is the token column, whatever its position.
    let token_column = column(&headers, "Return token") + 1;
    let sheet = xlsx_part(&exported, "xl/worksheets/sheet1.xml");
    let token_col = sheet
        .split("<col ")
        .find(|col| col.starts_with(&format!("min=\"{token_column}\" max=\"{token_column}\"")))
        .unwrap_or_else(|| panic!("no <col> for column {token_column}: {sheet}"));
    assert!(
        token_col
            .split("/>")
            .next()
            .unwrap()
            .contains("hidden=\"1\""),
        "{token_col}"
    );
    let row = type_into_exported(
        &exported,
        &work.file("Marie-Moy-answered.xlsx"),
        18,
        "New RAG",
        "R",
    );
    let imported = work.ok(&marie_moy_import(
        &["Marie-Moy-answered.xlsx"],
        "2020-03-02",
        &[],
    ));
    assert!(
        imported.contains("Marie-Moy-answered.xlsx (Marie Moy): 1 applied, 7 unchanged")
            && imported.contains(&format!("row {row}: milestone 18 applied: RAG R")),
        "{imported}"
    );
    assert_eq!(work.json(&["show", "18", "--format", "json"])["rag"], "R");
}

/// Copies an exported return to `answered` with `text` typed into one
/// answer cell of a milestone's row, keeping every other part of the file
/// (styles, validation, protection, token) as exported. Returns the row.
fn type_into_exported(
    exported: &Path,
    answered: &Path,
    milestone: i64,
    header: &str,
    text: &str,
) -> usize {
    let (headers, rows) = read_return_sheet(exported);
    let letter = (b'A' + column(&headers, header) as u8) as char;
    let row = rows
        .iter()
        .position(|r| row_id(&headers, r) == milestone)
        .unwrap()
        + 2;
    let cell = format!("{letter}{row}");
    std::fs::copy(exported, answered).unwrap();
    edit_xlsx_part(answered, "xl/worksheets/sheet1.xml", |xml| {
        let blank = format!("<c r=\"{cell}\" s=\"4\"/>");
        assert!(xml.contains(&blank), "{blank} in {xml}");
        xml.replacen(
            &blank,
            &format!("<c r=\"{cell}\" s=\"4\" t=\"inlineStr\"><is><t>{text}</t></is></c>"),
            1,
        )
    });
    row
}

/// Runs the binary, giving its exit code and stdout.
fn stdout_of(work: &Workdir, args: &[&str]) -> (Option<i32>, String) {
    let output = work.run(args);
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

/// Regression: a lead who added a chart sheet to their return had the whole
/// import refused ("Expecting a worksheet"): the returns reader went
/// through every sheet, chart sheets too.
#[test]
fn regression_a_chart_sheet_in_a_returned_workbook_is_passed_over() {
    use rust_xlsxwriter::{Chart, ChartType};
    let work = round_sent();
    let mut workbook = Workbook::new();
    let mut chart = Chart::new(ChartType::Column);
    chart.add_series().set_values("Return!$A$2:$A$3");
    workbook.add_chartsheet().set_name("Chart").unwrap();
    workbook
        .worksheet_from_index(0)
        .unwrap()
        .insert_chart(0, 0, &chart)
        .unwrap();
    fill_workbook_into(
        workbook,
        &work.file("returns/Marie-Moy.xlsx"),
        &work.file("Marie-Moy-charted.xlsx"),
        &[(18, "New RAG", Typed::Text("R"))],
    );
    let imported = work.ok(&marie_moy_import(
        &["Marie-Moy-charted.xlsx"],
        "2020-03-02",
        &[],
    ));
    assert!(
        imported.contains("Marie-Moy-charted.xlsx (Marie Moy): 1 applied, 7 unchanged"),
        "{imported}"
    );
    assert_eq!(work.json(&["show", "18", "--format", "json"])["rag"], "R");
}

/// Regression: Blue (finished) answered in a return left the milestone
/// open, so `check` flagged it "blue but not complete"; `update --rag B`
/// already completed it.
#[test]
fn regression_a_blue_answer_in_a_return_completes_the_milestone() {
    let work = round_sent();
    fill_workbook(
        &work.file("returns/Marie-Moy.xlsx"),
        &work.file("Marie-Moy-blue.xlsx"),
        &[(18, "New RAG", Typed::Text("B"))],
    );
    work.ok(&marie_moy_import(
        &["Marie-Moy-blue.xlsx"],
        "2020-03-02",
        &[],
    ));
    let shown = work.json(&["show", "18", "--format", "json"]);
    assert_eq!(shown["rag"], "B");
    assert_eq!(shown["status"], "complete", "{shown}");
}

/// Regression: `returns import --by` was checked only for being blank, so
/// a control character reached the receipts and every terminal showing them.
#[test]
fn regression_returns_import_refuses_a_control_character_in_by() {
    let work = round_answered();
    let before = work.dump();
    let stderr = work.fails(&[
        "returns",
        "import",
        "Marie-Moy-returned.xlsx",
        "--by",
        "X\u{1b}[2J",
        "--on",
        "2020-03-02",
    ]);
    assert!(
        stderr.contains("holds the control character U+001B"),
        "{stderr}"
    );
    assert_eq!(work.dump(), before);
}

/// A lead who types the RAG the plan already has (confirming it) changes
/// nothing: the row is counted unchanged, not recorded, and the rest of the
/// return is applied. (The store refuses an update that changes nothing.)
#[test]
fn a_rag_confirmed_as_it_was_is_unchanged_and_the_rest_applies() {
    let work = round_sent();
    fill_workbook(
        &work.file("returns/Marie-Moy.xlsx"),
        &work.file("Marie-Moy-confirmed.xlsx"),
        &[
            (20, "New RAG", Typed::Text("G")),
            (18, "New RAG", Typed::Text("R")),
        ],
    );
    let imported = work.ok(&marie_moy_import(
        &["Marie-Moy-confirmed.xlsx"],
        "2020-03-02",
        &[],
    ));
    assert!(
        imported.contains("Marie-Moy-confirmed.xlsx (Marie Moy): 1 applied, 7 unchanged"),
        "{imported}"
    );
    let history = work.json(&["history", "--format", "json"]);
    assert_eq!(common::ids(&history), vec![18]);
}

/// Regression: two returns answering the same milestone, let through by
/// --force, were judged against the milestone as it was before the import;
/// the second answer changed nothing after the first, the store refused it,
/// and the whole import failed. Later rows are judged against the
/// milestone as the earlier rows leave it.
#[test]
fn regression_a_second_return_repeating_the_first_answer_is_unchanged_not_a_failure() {
    let work = round_sent();
    fill_workbook(
        &work.file("returns/Fiona-Whittaker.xlsx"),
        &work.file("Fiona-answered.xlsx"),
        &[
            (12, "New RAG", Typed::Text("R")),
            (12, "New comment", Typed::Text("Slipped")),
        ],
    );
    fill_workbook(
        &work.file("returns/John-White.xlsx"),
        &work.file("John-answered.xlsx"),
        &[(12, "New RAG", Typed::Text("R"))],
    );
    let output = work.run(&marie_moy_import(
        &["Fiona-answered.xlsx", "John-answered.xlsx"],
        "2020-03-02",
        &["--force"],
    ));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_ne!(
        output.status.code(),
        Some(2),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("John-answered.xlsx (John White): 0 applied"),
        "{stdout}"
    );
    let shown = work.json(&["show", "12", "--format", "json"]);
    assert_eq!(
        (shown["rag"].as_str(), shown["comment"].as_str()),
        (Some("R"), Some("Slipped"))
    );
}

/// A milestone retired after its return was sent: the lead's answer is
/// rejected with the reason, not as an unknown id, and the rest applies.
#[test]
fn regression_an_answer_about_a_milestone_retired_since_is_rejected_as_retired() {
    let work = round_sent();
    let exported = marie_moy_csv(&work);
    let token = exported
        .lines()
        .find(|line| line.starts_with("18,"))
        .and_then(|line| line.trim_end().rsplit(',').next())
        .unwrap()
        .to_string();
    work.ok(&[
        "milestone",
        "retire",
        "18",
        "--reason",
        "Superseded",
        "--by",
        "IJB",
        "--on",
        "2020-02-28",
    ]);
    let answered = format!("{exported}18,,,,,,,,,G,,Done,,,{token}\r\n");
    let file = work.write("mm-returned.csv", answered);
    let refused = work.run(&import_one(&file, &[]));
    assert_eq!(refused.status.code(), Some(1));
    let stdout = String::from_utf8(refused.stdout).unwrap();
    assert!(
        stdout.contains(
            "rejected: column \"ID\": milestone 18 was retired on 2020-02-28 (see `actionplan show 18`): its answer is not applied"
        ),
        "{stdout}"
    );
}

/// Rewording a milestone (and retracting the rewording) after its return was
/// sent does not make the lead's answer out of date: only updates, and
/// retractions of updates, do.
#[test]
fn regression_a_retracted_rewording_does_not_make_an_answer_conflict() {
    let work = round_sent();
    let exported = marie_moy_csv(&work);
    let token = exported
        .lines()
        .find(|line| line.starts_with("18,"))
        .and_then(|line| line.trim_end().rsplit(',').next())
        .unwrap()
        .to_string();
    work.ok(&[
        "milestone",
        "edit",
        "18",
        "--milestone",
        "MTFP agreed",
        "--by",
        "O",
        "--on",
        "2020-02-20",
    ]);
    work.ok(&[
        "retract",
        "1",
        "--reason",
        "Not agreed",
        "--by",
        "O",
        "--on",
        "2020-02-20",
    ]);
    let answered = format!("{exported}18,,,,,,,,,G,,Done,,,{token}\r\n");
    let file = work.write("mm-returned.csv", answered);
    let applied = work.ok(&import_one(&file, &[]));
    assert!(
        applied.contains("milestone 18 applied: RAG G, comment \"Done\""),
        "{applied}"
    );
}

/// After a lead's name is corrected, the return sent under the old spelling
/// is still theirs: `returns status` kept listing them as never sent one.
#[test]
fn regression_a_renamed_lead_still_owes_the_return_sent_to_them() {
    let work = round_sent();
    work.ok(&[
        "lead",
        "rename",
        "Graeme Cowan",
        "Graeme Cowan-Smith",
        "--by",
        "Officer",
        "--on",
        "2020-02-20",
    ]);
    let status = work.json(&["returns", "status", "--format", "json"]);
    let graeme: Vec<&str> = status
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["lead"] == "Graeme Cowan-Smith")
        .map(|s| s["state"].as_str().unwrap())
        .collect();
    assert_eq!(graeme, ["awaited"], "{status}");
}
