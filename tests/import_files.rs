//! Importing plans from the files people keep them in: Excel and OpenDocument
//! workbooks and tables in Word papers, read into the same table as CSV.
//! The committed fixtures under tests/data/plans are made by
//! `cargo run --example make_fixtures`; the small workbooks and papers here
//! are written by each test.

mod common;

use std::io::Cursor;

use actionplan::io::appendix::appendix_headers;
use actionplan::io::{ReadOptions, read_source};
use common::{SEED_PLAN, Workdir};
use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow, VMergeType};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};
use serde_json::Value;

const PLANS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/plans");

/// The seven columns of the committee appendix, as the export writes them.
fn header() -> Vec<&'static str> {
    appendix_headers(false)
}

/// Runs an import that must be refused; its message must hold `expected`.
/// Returns the message.
fn assert_refused(work: &Workdir, args: &[&str], expected: &str) -> String {
    let err = work.fails(args);
    assert!(err.contains(expected), "expected {expected:?} in:\n{err}");
    err
}

/// The exported appendix of the plan imported from `file`, after checking
/// that it gives the seed plan's figures.
fn import_and_check_seed_figures(work: &Workdir, file: &str, plan: &str) -> Vec<u8> {
    let out = work.run(&["import", file, "--plan", plan]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("7 themes, 31 actions, 38 milestones"),
        "{file}: {stderr}"
    );
    let overdue = work.json(&[
        "overdue",
        "--plan",
        plan,
        "--as-of",
        "2020-02-18",
        "--format",
        "json",
    ]);
    assert_eq!(overdue.as_array().unwrap().len(), 15, "{file}");
    let rag = work.json(&["rag", "--plan", plan, "--format", "json"]);
    let total = |colour: &str| -> i64 {
        rag.as_array()
            .unwrap()
            .iter()
            .map(|theme| theme[colour].as_i64().unwrap())
            .sum()
    };
    assert_eq!((total("R"), total("A"), total("G")), (0, 10, 28), "{file}");
    work.command(&["export", "--plan", plan])
        .output()
        .unwrap()
        .stdout
}

/// Imports a seed fixture and the seed CSV; the two exports must be identical.
fn assert_imports_as_the_csv_does(fixture: &str) {
    let work = Workdir::new();
    let from_csv = import_and_check_seed_figures(&work, SEED_PLAN, "From CSV");
    let file = format!("{PLANS}/{fixture}");
    let from_fixture = import_and_check_seed_figures(&work, &file, "From file");
    assert!(from_csv.starts_with(b"\xEF\xBB\xBFReport Recommendation"));
    assert!(
        from_fixture == from_csv,
        "{fixture} exports differently from the CSV:\n{}\n---\n{}",
        String::from_utf8_lossy(&from_fixture),
        String::from_utf8_lossy(&from_csv)
    );
}

#[test]
fn the_seed_plan_as_an_excel_workbook_gives_the_csv_figures() {
    assert_imports_as_the_csv_does("north-lanarkshire-2020.xlsx");
}

#[test]
fn the_seed_plan_as_a_table_in_a_word_paper_gives_the_csv_figures() {
    assert_imports_as_the_csv_does("north-lanarkshire-2020.docx");
}

#[test]
fn the_seed_plan_as_an_opendocument_spreadsheet_gives_the_csv_figures() {
    assert_imports_as_the_csv_does("north-lanarkshire-2020.ods");
}

#[test]
fn a_workbook_is_read_by_its_content_whatever_its_name() {
    let work = Workdir::new();
    let bytes = std::fs::read(format!("{PLANS}/north-lanarkshire-2020.xlsx")).unwrap();
    let misnamed = work.write("appendix.csv", bytes);
    import_and_check_seed_figures(&work, &misnamed, "NL");
}

/// Writes the seven-column header on `row` of a sheet.
fn write_header(sheet: &mut Worksheet, row: u32) {
    for (column, text) in header().iter().enumerate() {
        sheet.write_string(row, column as u16, *text).unwrap();
    }
}

/// Writes a milestone row with everything but its timeline.
fn write_milestone(sheet: &mut Worksheet, row: u32, milestone: &str, leads: &str) {
    let cells = [
        (0, "Finance"),
        (1, "Agree the budget"),
        (2, milestone),
        (3, leads),
        (5, "Ongoing."),
        (6, "A"),
    ];
    for (column, text) in cells {
        sheet.write_string(row, column, text).unwrap();
    }
}

#[test]
fn date_cells_are_read_by_their_number_format() {
    let work = Workdir::new();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    write_header(sheet, 0);
    let formats = [
        ("mmm-yy", (2021, 3, 1)),
        ("mmmm yyyy", (2019, 9, 15)),
        ("[$-809]mmm-yy;@", (2020, 2, 1)),
        ("dd/mm/yyyy", (2021, 3, 31)),
        ("d mmmm yyyy", (2020, 6, 1)),
    ];
    for (index, (code, (year, month, day))) in formats.iter().enumerate() {
        let row = index as u32 + 1;
        write_milestone(sheet, row, &format!("Milestone {row}"), "Marie Moy");
        let date = ExcelDateTime::from_ymd(*year, *month, *day).unwrap();
        sheet
            .write_datetime_with_format(row, 4, &date, &Format::new().set_num_format(*code))
            .unwrap();
    }
    sheet.write_string(6, 2, "Milestone 6").unwrap();
    sheet.write_string(6, 3, "Marie Moy").unwrap();
    sheet.write_string(6, 4, "Q1 2020/21").unwrap();
    sheet.write_string(6, 6, "G").unwrap();
    let file = work.write("dates.xlsx", workbook.save_to_buffer().unwrap());
    work.ok(&["import", &file, "--plan", "Dates"]);
    let list = work.json(&["list", "--format", "json"]);
    let got: Vec<(&str, &str)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["timeline"].as_str().unwrap(), m["due"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("Mar 21", "2021-03-31"),
            ("Sep 19", "2019-09-30"),
            ("Feb 20", "2020-02-29"),
            ("31/03/2021", "2021-03-31"),
            ("01/06/2020", "2020-06-01"),
            ("Q1 2020/21", "2020-06-30"),
        ]
    );
}

#[test]
fn line_breaks_inside_workbook_cells_are_kept() {
    let work = Workdir::new();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    write_header(sheet, 0);
    write_milestone(sheet, 1, "Budget agreed\nby the IJB", "Ann Able\r\nBob Bee");
    sheet.write_string(1, 4, "Mar 20").unwrap();
    let file = work.write("lines.xlsx", workbook.save_to_buffer().unwrap());
    work.ok(&["import", &file, "--plan", "Lines"]);
    let list = work.json(&["list", "--format", "json"]);
    assert_eq!(list[0]["milestone"], "Budget agreed\nby the IJB");
    assert_eq!(list[0]["leads"], serde_json::json!(["Ann Able", "Bob Bee"]));
}

/// A workbook with two plan sheets, "2019" (one milestone) and "2020" (two),
/// the second with a title row above its header.
fn two_plan_sheets() -> Vec<u8> {
    let mut workbook = Workbook::new();
    let first = workbook.add_worksheet();
    first.set_name("2019").unwrap();
    write_header(first, 0);
    write_milestone(first, 1, "Old milestone", "Ann Able");
    first.write_string(1, 4, "Sep 19").unwrap();
    let second = workbook.add_worksheet();
    second.set_name("2020").unwrap();
    second.write_string(0, 0, "Action plan 2020").unwrap();
    write_header(second, 2);
    for (row, name) in [(3, "First"), (4, "Second")] {
        write_milestone(second, row, name, "Bob Bee");
        second.write_string(row, 4, "Mar 20").unwrap();
    }
    workbook.save_to_buffer().unwrap()
}

fn milestones(work: &Workdir, plan: &str) -> Vec<String> {
    let list = work.json(&["list", "--plan", plan, "--format", "json"]);
    list.as_array()
        .unwrap()
        .iter()
        .map(|m| m["milestone"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_first_matching_sheet_is_read_unless_sheet_names_another() {
    let work = Workdir::new();
    let file = work.write("two.xlsx", two_plan_sheets());
    work.ok(&["import", &file, "--plan", "Default"]);
    assert_eq!(milestones(&work, "Default"), ["Old milestone"]);
    work.ok(&["import", &file, "--plan", "Chosen", "--sheet", "2020"]);
    assert_eq!(milestones(&work, "Chosen"), ["First", "Second"]);
}

/// Regression: a hidden sheet (last year's copy of the plan, kept out of
/// sight) before the visible one was read in its place without a word. A
/// hidden sheet is read only when --sheet names it.
#[test]
fn regression_a_hidden_sheet_is_passed_over_unless_sheet_names_it() {
    let work = Workdir::new();
    let mut workbook = Workbook::new();
    let old = workbook.add_worksheet();
    old.set_name("Plan Sep 19").unwrap();
    write_header(old, 0);
    write_milestone(old, 1, "Old milestone", "Ann Able");
    old.write_string(1, 4, "Sep 19").unwrap();
    old.set_hidden(true);
    let current = workbook.add_worksheet();
    current.set_name("Plan").unwrap();
    write_header(current, 0);
    write_milestone(current, 1, "Current milestone", "Bob Bee");
    current.write_string(1, 4, "Mar 20").unwrap();
    current.set_active(true);
    let file = work.write("hidden.xlsx", workbook.save_to_buffer().unwrap());
    work.ok(&["import", &file, "--plan", "Visible"]);
    assert_eq!(milestones(&work, "Visible"), ["Current milestone"]);
    work.ok(&["import", &file, "--plan", "Named", "--sheet", "Plan Sep 19"]);
    assert_eq!(milestones(&work, "Named"), ["Old milestone"]);

    // The plan only on a hidden sheet: the refusal says where it is.
    let mut workbook = Workbook::new();
    let notes = workbook.add_worksheet();
    notes.set_name("Notes").unwrap();
    notes.write_string(0, 0, "Read me first").unwrap();
    notes.set_active(true);
    let plan = workbook.add_worksheet();
    plan.set_name("Plan").unwrap();
    write_header(plan, 0);
    write_milestone(plan, 1, "Hidden milestone", "Ann Able");
    plan.write_string(1, 4, "Sep 19").unwrap();
    plan.set_hidden(true);
    let file = work.write("only-hidden.xlsx", workbook.save_to_buffer().unwrap());
    let stderr = work.fails(&["import", &file, "--plan", "Only"]);
    assert!(
        stderr.contains("hidden and not read: sheet \"Plan\" (give --sheet NAME to read one)"),
        "{stderr}"
    );
}

#[test]
fn header_row_names_the_header_and_a_wrong_one_is_refused_with_its_row() {
    let work = Workdir::new();
    let file = work.write("two.xlsx", two_plan_sheets());
    work.ok(&[
        "import",
        &file,
        "--plan",
        "Row 3",
        "--sheet",
        "2020",
        "--header-row",
        "3",
    ]);
    assert_eq!(milestones(&work, "Row 3"), ["First", "Second"]);
    let before = work.dump();
    assert_refused(
        &work,
        &[
            "import",
            &file,
            "--plan",
            "Row 1",
            "--sheet",
            "2020",
            "--header-row",
            "1",
        ],
        "no \"Report Recommendation\" column (the theme field): the headers are \"Action plan 2020\"",
    );
    assert_refused(
        &work,
        &["import", &file, "--plan", "Row 9", "--header-row", "9"],
        "--header-row 9: sheet \"2019\" has no row 9 with cells in it (its last row is 2)",
    );
    assert_eq!(work.dump(), before, "nothing stored");
}

#[test]
fn sheet_and_table_are_refused_for_files_that_have_none() {
    let work = Workdir::with_seed_plan();
    let before = work.dump();
    assert_refused(
        &work,
        &["import", SEED_PLAN, "--plan", "X", "--sheet", "Plan"],
        "--sheet chooses a sheet of a workbook, but this is a CSV file",
    );
    let xlsx = format!("{PLANS}/north-lanarkshire-2020.xlsx");
    assert_refused(
        &work,
        &["import", &xlsx, "--plan", "X", "--table", "1"],
        "--table chooses a table of a Word document, but this is an Excel workbook (.xlsx)",
    );
    assert_refused(
        &work,
        &["import", &xlsx, "--plan", "X", "--sheet", "Summary"],
        "--sheet \"Summary\": the file has no such sheet; it has sheet \"Action plan\"",
    );
    assert_eq!(work.dump(), before, "nothing stored");
}

#[test]
fn a_csv_with_title_rows_above_its_header_is_read_and_rows_keep_their_numbers() {
    let work = Workdir::new();
    let csv = format!(
        "North Lanarkshire action plan,,,,,,\r\n,,,,,,\r\n{}\r\nFinance,Agree the budget,Budget agreed,Marie Moy,Mar 20,,A\r\n,,Budget set,Marie Moy,Mar 20,,Purple\r\n",
        header().join(",")
    );
    let file = work.write("titled.csv", &csv);
    assert_refused(
        &work,
        &["import", &file, "--plan", "T"],
        "titled.csv: row 5, column \"RAG\": \"Purple\" is not a RAG rating",
    );
    let fixed = work.write("titled-fixed.csv", csv.replace("Purple", "G"));
    work.ok(&["import", &fixed, "--plan", "T"]);
    assert_eq!(milestones(&work, "T"), ["Budget agreed", "Budget set"]);
}

/// A Word table cell of one paragraph per line.
fn word_cell(text: &str) -> TableCell {
    text.lines().fold(TableCell::new(), |cell, line| {
        cell.add_paragraph(Paragraph::new().add_run(Run::new().add_text(line)))
    })
}

/// A Word paper with two plan tables; the second's third milestone has a bad RAG.
fn paper_with_two_plans() -> Vec<u8> {
    let header_row = || TableRow::new(header().iter().map(|h| word_cell(h)).collect());
    let row = |theme: TableCell, milestone: &str, leads: &str, rag: &str| {
        TableRow::new(vec![
            theme,
            word_cell("Agree the budget"),
            word_cell(milestone),
            word_cell(leads),
            word_cell("Mar 20"),
            word_cell("Ongoing."),
            word_cell(rag),
        ])
    };
    let first = Table::new(vec![
        header_row(),
        row(word_cell("Finance"), "Old", "Ann Able", "G"),
    ]);
    let second = Table::new(vec![
        header_row(),
        row(
            word_cell("Finance").vertical_merge(VMergeType::Restart),
            "Budget agreed",
            "• Ann Able\n• Bob Bee",
            "A",
        ),
        row(
            TableCell::new()
                .add_paragraph(Paragraph::new())
                .vertical_merge(VMergeType::Continue),
            "Budget set",
            "Bob Bee",
            "Violet",
        ),
    ]);
    let paper = Docx::new()
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("Appendix 1")))
        .add_table(first)
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("Appendix 2")))
        .add_table(second);
    let mut bytes = Cursor::new(Vec::new());
    paper.build().pack(&mut bytes).unwrap();
    bytes.into_inner()
}

#[test]
fn table_chooses_a_table_of_the_paper_and_errors_name_it() {
    let work = Workdir::new();
    let file = work.write("paper.docx", paper_with_two_plans());
    work.ok(&["import", &file, "--plan", "First"]);
    assert_eq!(milestones(&work, "First"), ["Old"]);
    let before = work.dump();
    assert_refused(
        &work,
        &["import", &file, "--plan", "Second", "--table", "2"],
        "paper.docx: row 3, column \"RAG\": \"Violet\" is not a RAG rating: expected R, A, G, Red, Amber or Green, or B (Blue) for a finished milestone [in table 2]",
    );
    assert_eq!(work.dump(), before, "nothing stored");
    assert_refused(
        &work,
        &["import", &file, "--plan", "Third", "--table", "3"],
        "--table 3: the file has no such table; it has table 1",
    );
}

#[test]
fn word_cells_merged_down_continue_and_bullet_paragraphs_are_lines() {
    let paper = paper_with_two_plans();
    let source = read_source("paper.docx", &paper, "docx", &known(), &table(2)).unwrap();
    let rows = &source.table.rows;
    assert_eq!(rows[0].number, 2, "rows numbered within the table");
    assert_eq!(rows[0].cells[3], "Ann Able\nBob Bee");
    assert_eq!(
        rows[1].cells[0], "Finance",
        "vMerge continues the cell above"
    );
    assert_eq!(source.part.as_deref(), Some("table 2"));
}

fn known() -> Vec<String> {
    header().iter().map(|h| h.to_string()).collect()
}

fn table(number: usize) -> ReadOptions {
    ReadOptions {
        table: Some(number),
        ..ReadOptions::default()
    }
}

#[test]
fn a_two_row_header_gives_each_column_its_banner() {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "Integration action plan").unwrap();
    let plain = Format::new();
    sheet.merge_range(2, 0, 3, 0, "Ref", &plain).unwrap();
    sheet
        .merge_range(2, 1, 3, 1, "Improvement Action", &plain)
        .unwrap();
    sheet
        .merge_range(2, 2, 2, 3, "Previous Period September 2015", &plain)
        .unwrap();
    sheet
        .merge_range(2, 4, 2, 8, "Current Period March 2016", &plain)
        .unwrap();
    let sub = [
        "Status",
        "BRAG",
        "Start Date",
        "Target Date",
        "Status",
        "BRAG",
        "Comment",
    ];
    for (offset, text) in sub.iter().enumerate() {
        sheet.write_string(3, 2 + offset as u16, *text).unwrap();
    }
    sheet.write_string(4, 0, "1.1").unwrap();
    sheet.write_string(4, 1, "Agree the budget").unwrap();
    sheet
        .merge_range(5, 0, 5, 8, "Section 2: Governance", &plain)
        .unwrap();
    let bytes = workbook.save_to_buffer().unwrap();
    let known: Vec<String> = ["Ref", "Improvement Action", "Status", "BRAG", "Comment"]
        .iter()
        .map(|h| h.to_string())
        .collect();
    let source = read_source(
        "periods.xlsx",
        &bytes,
        "xlsx",
        &known,
        &ReadOptions::default(),
    )
    .unwrap();
    let table = source.table;
    assert_eq!(
        table.headers,
        [
            "Ref",
            "Improvement Action",
            "Status",
            "BRAG",
            "Start Date",
            "Target Date",
            "Status",
            "BRAG",
            "Comment"
        ]
    );
    let previous = "Previous Period September 2015";
    let current = "Current Period March 2016";
    assert_eq!(
        table.banners,
        [
            "", "", previous, previous, current, current, current, current, current
        ]
    );
    assert_eq!(
        table.rows[0].number, 5,
        "rows numbered as Excel numbers them"
    );
    assert_eq!(table.rows[1].number, 6);
    assert_eq!(
        table.rows[1].cells,
        ["Section 2: Governance", "", "", "", "", "", "", "", ""],
        "a heading merged across a data row keeps its text in its first cell only"
    );
    assert_eq!(source.part.as_deref(), Some("sheet \"Sheet1\""));
}

#[test]
fn a_number_in_a_timeline_cell_says_to_format_it_as_a_date() {
    let work = Workdir::with_seed_plan();
    let before = work.dump();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Plan").unwrap();
    write_header(sheet, 0);
    write_milestone(sheet, 1, "Budget agreed", "Marie Moy");
    sheet.write_number(1, 4, 44_286).unwrap();
    let file = work.write("number.xlsx", workbook.save_to_buffer().unwrap());
    let err = assert_refused(
        &work,
        &["import", &file, "--plan", "N"],
        "number.xlsx: row 2, column \"Timeline\": \"44286\" is not a timeline",
    );
    assert!(
        err.contains("(the cell holds the number 44286, formatted as a number, not a date: if it is a date, format the cell as a date (Format Cells > Date) or type the month as text such as \"Mar 21\") [in sheet \"Plan\"]"),
        "{err}"
    );
    assert_eq!(work.dump(), before, "nothing stored");
}

#[test]
fn list_shows_what_a_workbook_import_stored() {
    let work = Workdir::new();
    let file = format!("{PLANS}/north-lanarkshire-2020.xlsx");
    work.ok(&["import", &file, "--plan", "NL"]);
    let list: Value = work.json(&["list", "--format", "json"]);
    assert_eq!(list[0]["theme"], "Leadership");
    assert_eq!(
        list[1]["leads"],
        serde_json::json!(["Fiona Whittaker", "John White"])
    );
    assert_eq!(
        list[4]["action"], list[3]["action"],
        "a merged action continues"
    );
    assert_eq!(list[4]["timeline"], "Oct 19");
}

#[test]
fn an_old_excel_workbook_is_read_and_its_dates_are_days_with_a_warning() {
    let work = Workdir::new();
    let file = format!("{PLANS}/north-lanarkshire-2020.xls");
    let out = work.run(&["import", &file, "--plan", "NL"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("7 themes, 31 actions, 38 milestones"),
        "merged cells read: {stderr}"
    );
    assert!(
        stderr.contains("warning: sheet \"Action plan\": 38 date cells were read as the day they hold, because an old Excel workbook (.xls) does not say whether a date is formatted as a month"),
        "{stderr}"
    );
    let list = work.json(&["list", "--format", "json"]);
    assert_eq!(list[0]["timeline"], "01/09/2019");
    assert_eq!(list[0]["due"], "2019-09-01");
    assert_eq!(
        list[1]["leads"],
        serde_json::json!(["Fiona Whittaker", "John White"])
    );
}

#[test]
fn a_workbook_with_month_cells_gives_no_warning() {
    let work = Workdir::new();
    let file = format!("{PLANS}/north-lanarkshire-2020.xlsx");
    let out = work.run(&["import", &file, "--plan", "NL"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("warning"));
}

/// Reads `bytes` as the plan file `name`; a refusal is fine, a panic is not.
/// The refusal's message, if refused.
fn read_without_panic(name: &str, bytes: &[u8]) -> Result<(), String> {
    actionplan::app::import::read_appendix(name, bytes, &[], false)
        .map(|_| ())
        .map_err(|error| error.to_string())
}

#[test]
fn cut_short_or_damaged_workbooks_and_papers_are_refused_without_panicking() {
    for fixture in [
        "north-lanarkshire-2020.xlsx",
        "north-lanarkshire-2020.docx",
        "north-lanarkshire-2020.ods",
        "north-lanarkshire-2020.xls",
    ] {
        let whole = std::fs::read(format!("{PLANS}/{fixture}")).unwrap();
        assert_eq!(
            read_without_panic(fixture, &whole),
            Ok(()),
            "{fixture} whole"
        );
        let step = (whole.len() / 24).max(1);
        // A zip's directory is at its end, so any cut loses it; an .xls may
        // end in sectors no reader needs.
        let every_cut_refused = !fixture.ends_with(".xls");
        // Cut inside its first four bytes, a file no longer says what it is
        // and is read as CSV; from there on it is refused as what it is.
        for cut in (0..whole.len()).step_by(step).filter(|&cut| cut >= 4) {
            match read_without_panic(fixture, &whole[..cut]) {
                Ok(()) => assert!(!every_cut_refused, "{fixture} cut at {cut} was read"),
                Err(message) => assert!(
                    message.contains(", and it cannot be read: ")
                        || message.contains(", not CSV, and it cannot be read: "),
                    "{fixture} cut at {cut}: {message}"
                ),
            }
            let mut damaged = whole.clone();
            damaged[cut] ^= 0x5A;
            // Some damage lands where no reader looks (a date in the
            // properties); reading it must end either way.
            let _ = read_without_panic(fixture, &damaged);
        }
    }
}

/// Regression: calamine 0.38 panics (an assertion in its OLE reader) on an
/// .xls cut inside its sector table; the import must refuse it instead.
#[test]
fn regression_an_xls_that_makes_calamine_panic_is_refused() {
    let name = "tests/data/bad/workbook_old_excel_cut_short.xls";
    let bytes = std::fs::read(format!("{}/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let error = actionplan::app::import::read_appendix(name, &bytes, &[], false).unwrap_err();
    assert!(
        error.to_string().contains("this is an old Excel workbook (.xls), not CSV, and it cannot be read: its structure is damaged"),
        "{error}"
    );
}

#[test]
fn a_word_cell_longer_than_a_spreadsheet_holds_is_refused_naming_its_table() {
    let work = Workdir::with_seed_plan();
    let before = work.dump();
    let long = "x".repeat(40_000);
    let cells = [
        "Finance",
        "Agree the budget",
        "Budget agreed",
        "Marie Moy",
        "Mar 20",
        long.as_str(),
        "A",
    ];
    let table = Table::new(vec![
        TableRow::new(header().iter().map(|h| word_cell(h)).collect()),
        TableRow::new(cells.iter().map(|c| word_cell(c)).collect()),
    ]);
    let mut bytes = Cursor::new(Vec::new());
    Docx::new()
        .add_table(table)
        .build()
        .pack(&mut bytes)
        .unwrap();
    let file = work.write("long.docx", bytes.into_inner());
    assert_refused(
        &work,
        &["import", &file, "--plan", "Long"],
        "long.docx: row 2, column \"Comment/RAG\": the cell holds 40000 characters; a spreadsheet cell holds at most 32767 [in table 1]",
    );
    assert_eq!(work.dump(), before, "nothing stored");
}

/// A one-milestone plan sheet named `name`: header in row 1, the milestone
/// "Budget agreed" in row 2.
fn write_plan_sheet(sheet: &mut Worksheet, name: &str) {
    sheet.set_name(name).unwrap();
    write_header(sheet, 0);
    write_milestone(sheet, 1, "Budget agreed", "Marie Moy");
    sheet.write_string(1, 4, "Mar 20").unwrap();
}

/// Regression: a chart sheet made every workbook holding one unreadable
/// ("Expecting a worksheet, got chartsheet"), whichever sheet held the plan.
#[test]
fn regression_a_chart_sheet_before_the_plan_is_passed_over() {
    use rust_xlsxwriter::{Chart, ChartType};
    let work = Workdir::new();
    let mut workbook = Workbook::new();
    let mut chart = Chart::new(ChartType::Column);
    chart.add_series().set_values("Plan!$A$2:$A$2");
    workbook.add_chartsheet().set_name("Chart").unwrap();
    workbook
        .worksheet_from_index(0)
        .unwrap()
        .insert_chart(0, 0, &chart)
        .unwrap();
    write_plan_sheet(workbook.add_worksheet(), "Plan");
    let file = work.write("charted.xlsx", workbook.save_to_buffer().unwrap());
    work.ok(&["import", &file, "--plan", "Charted"]);
    assert_eq!(milestones(&work, "Charted"), ["Budget agreed"]);
}

/// Regression: one stray cell at the sheet's last cell (XFD1048576) made the
/// reader lay out 17 billion cells and abort. The plan sheet holding it is
/// refused, saying where its cells lie and what to do; a stray cell on a
/// sheet not read does no harm.
#[test]
fn regression_a_stray_cell_at_the_sheets_far_corner_is_refused_not_laid_out() {
    let work = Workdir::with_seed_plan();
    let before = work.dump();
    let mut workbook = Workbook::new();
    let plan = workbook.add_worksheet();
    write_plan_sheet(plan, "Plan");
    plan.write_string(1_048_575, 16_383, "x").unwrap();
    let file = work.write("stray.xlsx", workbook.save_to_buffer().unwrap());
    assert_refused(
        &work,
        &["import", &file, "--plan", "Stray"],
        "stray.xlsx: sheet \"Plan\" has cells from A1 to XFD1048576, 17179869184 cells in all; a sheet is read only if its filled cells lie within 1000000 cells: delete the stray cells far from the plan (Ctrl+End goes to the last one) or copy the plan to a new sheet, and import it again",
    );
    assert_eq!(work.dump(), before, "nothing stored");

    let mut workbook = Workbook::new();
    write_plan_sheet(workbook.add_worksheet(), "Plan");
    let notes = workbook.add_worksheet();
    notes.write_string(0, 0, "Notes").unwrap();
    notes.write_string(1_048_575, 16_383, "x").unwrap();
    let file = work.write("stray-elsewhere.xlsx", workbook.save_to_buffer().unwrap());
    work.ok(&["import", &file, "--plan", "Stray elsewhere"]);
    assert_eq!(milestones(&work, "Stray elsewhere"), ["Budget agreed"]);
}

/// Regression: a cell spanning 200 million columns (`w:gridSpan`) made the
/// Word reader allocate a row that wide; a span is read as at most 64.
#[test]
fn regression_a_word_cell_spanning_millions_of_columns_is_read_as_64() {
    let work = Workdir::new();
    let cells = [
        "Finance",
        "Agree the budget",
        "Budget agreed",
        "Marie Moy",
        "Mar 20",
        "Ongoing.",
    ];
    let mut row: Vec<TableCell> = cells.iter().map(|c| word_cell(c)).collect();
    row.push(word_cell("A").grid_span(200_000_000));
    let table = Table::new(vec![
        TableRow::new(header().iter().map(|h| word_cell(h)).collect()),
        TableRow::new(row),
    ]);
    let mut bytes = Cursor::new(Vec::new());
    Docx::new()
        .add_table(table)
        .build()
        .pack(&mut bytes)
        .unwrap();
    let file = work.write("wide.docx", bytes.into_inner());
    work.ok(&["import", &file, "--plan", "Wide"]);
    let list = work.json(&["list", "--plan", "Wide", "--format", "json"]);
    assert_eq!(list[0]["milestone"], "Budget agreed");
    assert_eq!(list[0]["rag"], "A");
}

/// Regression: a date cell formatted to show only the year (`yyyy`) was read
/// as 1 January, so a milestone due "2021" fell due eleven months early. It
/// is refused, saying to type the month or day.
#[test]
fn regression_a_date_cell_showing_only_its_year_is_refused() {
    let work = Workdir::new();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    write_header(sheet, 0);
    write_milestone(sheet, 1, "Budget agreed", "Marie Moy");
    let date = ExcelDateTime::from_ymd(2021, 1, 1).unwrap();
    sheet
        .write_datetime_with_format(1, 4, &date, &Format::new().set_num_format("yyyy"))
        .unwrap();
    let file = work.write("year.xlsx", workbook.save_to_buffer().unwrap());
    assert_refused(
        &work,
        &["import", &file, "--plan", "Year"],
        "year.xlsx: row 2, column \"Timeline\": \"2021\" is not a timeline",
    );
    assert_refused(
        &work,
        &["import", &file, "--plan", "Year"],
        "(the cell is formatted to show only the year: type the month or day it is due, such as \"Dec 21\" or \"31/03/2022\") [in sheet \"Sheet1\"]",
    );
}

/// Regression: error cells were read as their code, so a lead looked up
/// with a formula that failed was stored as a person named "#N/A". Each is
/// refused, naming its row, column and error, and nothing is stored.
#[test]
fn regression_error_cells_are_refused_not_read_as_data() {
    use rust_xlsxwriter::Formula;
    let work = Workdir::with_seed_plan();
    let before = work.dump();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Plan").unwrap();
    write_header(sheet, 0);
    write_milestone(sheet, 1, "Budget agreed", "");
    sheet
        .write_formula(
            1,
            3,
            Formula::new("=VLOOKUP(A2,Leads!A:B,2,0)").set_result("#N/A"),
        )
        .unwrap();
    sheet.write_string(1, 4, "Mar 20").unwrap();
    write_milestone(sheet, 2, "Budget set", "Marie Moy");
    sheet
        .write_formula(2, 4, Formula::new("=Dates!B7").set_result("#REF!"))
        .unwrap();
    let file = work.write("errors.xlsx", workbook.save_to_buffer().unwrap());
    let err = assert_refused(
        &work,
        &["import", &file, "--plan", "Errors"],
        "errors.xlsx: row 2, column \"Lead\": the cell holds the spreadsheet error #N/A (a formula that could not be worked out), not a value: correct the formula, or type the value over it [in sheet \"Plan\"]",
    );
    assert!(
        err.contains("errors.xlsx: row 3, column \"Timeline\": the cell holds the spreadsheet error #REF! (a formula that could not be worked out), not a value: correct the formula, or type the value over it [in sheet \"Plan\"]"),
        "{err}"
    );
    assert_eq!(work.dump(), before, "nothing stored");
}

/// Regression: in the common two-row header, with Recommendation, Action,
/// Milestone and Lead merged down over both rows and a banner over the
/// rest, the top row was taken for the header (it named four columns, the
/// row below only three), so Timeline and RAG were not found.
#[test]
fn regression_a_two_row_header_with_columns_merged_down_is_read_from_its_lower_row() {
    let work = Workdir::new();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    let plain = Format::new();
    let titles = header();
    for column in 0..4u16 {
        sheet
            .merge_range(0, column, 1, column, titles[column as usize], &plain)
            .unwrap();
    }
    sheet
        .merge_range(0, 4, 0, 6, "Position at March 2020", &plain)
        .unwrap();
    for column in 4..7u16 {
        sheet
            .write_string(1, column, titles[column as usize])
            .unwrap();
    }
    write_milestone(sheet, 2, "Budget agreed", "Marie Moy");
    sheet.write_string(2, 4, "Mar 20").unwrap();
    let file = work.write("two-row.xlsx", workbook.save_to_buffer().unwrap());
    work.ok(&["import", &file, "--plan", "Two rows"]);
    let list = work.json(&["list", "--plan", "Two rows", "--format", "json"]);
    assert_eq!(list[0]["milestone"], "Budget agreed");
    assert_eq!(list[0]["timeline"], "Mar 20");
    assert_eq!(list[0]["rag"], "A");
}

/// Regression: the first sheet whose header named two known columns was
/// read, so a key to the RAG colours (RAG | Status | Meaning) before the
/// plan was imported instead of it. The sheet naming the most columns is
/// read; when the only match lacks a column, the refusal names the sheet.
#[test]
fn regression_a_key_sheet_before_the_plan_is_not_taken_for_it() {
    let work = Workdir::new();
    let mut workbook = Workbook::new();
    let key = workbook.add_worksheet();
    key.set_name("Key").unwrap();
    for (row, cells) in [
        ["RAG", "Status", "Meaning"],
        ["G", "Complete", "Done"],
        ["A", "On track", "Under way"],
    ]
    .iter()
    .enumerate()
    {
        for (column, text) in cells.iter().enumerate() {
            key.write_string(row as u32, column as u16, *text).unwrap();
        }
    }
    write_plan_sheet(workbook.add_worksheet(), "Plan");
    let file = work.write("keyed.xlsx", workbook.save_to_buffer().unwrap());
    work.ok(&["import", &file, "--plan", "Keyed"]);
    assert_eq!(milestones(&work, "Keyed"), ["Budget agreed"]);

    let err = assert_refused(
        &work,
        &["import", &file, "--plan", "Key only", "--sheet", "Key"],
        "keyed.xlsx: no \"Timeline\" column",
    );
    assert!(err.contains("[in sheet \"Key\"]"), "{err}");
}

/// An OpenDocument spreadsheet of one sheet "Plan" whose rows are
/// `table:table-row` XML, zipped as LibreOffice does.
fn ods_with_rows(rows: &str) -> Vec<u8> {
    use std::io::Write;
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Plan">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    writer.start_file("mimetype", stored).unwrap();
    writer
        .write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    writer
        .start_file(
            "META-INF/manifest.xml",
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
    writer
        .write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#)
        .unwrap();
    writer
        .start_file("content.xml", zip::write::SimpleFileOptions::default())
        .unwrap();
    writer.write_all(content.as_bytes()).unwrap();
    writer.finish().unwrap().into_inner()
}

/// An OpenDocument table cell holding `text`.
fn ods_cell(text: &str) -> String {
    format!(
        r#"<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
    )
}

/// Regression: calamine does not give an .ods's merged cells, so a Lead
/// merged down over two milestones left the second "blank" and the import
/// was refused ("row 3 Lead is blank"). The merges are read from content.xml.
#[test]
fn regression_an_ods_lead_merged_over_two_rows_leads_both() {
    let work = Workdir::new();
    let header_row: String = header().iter().map(|h| ods_cell(h)).collect();
    let milestone = |name: &str, lead: &str| {
        [
            ods_cell("Finance"),
            ods_cell("Agree the budget"),
            ods_cell(name),
            lead.to_string(),
            ods_cell("Mar 20"),
            ods_cell("Ongoing."),
            ods_cell("A"),
        ]
        .concat()
    };
    let merged_lead = r#"<table:table-cell office:value-type="string" table:number-rows-spanned="2"><text:p>Marie Moy</text:p></table:table-cell>"#;
    let rows = format!(
        "<table:table-row>{header_row}</table:table-row><table:table-row>{}</table:table-row><table:table-row>{}</table:table-row>",
        milestone("Budget agreed", merged_lead),
        milestone("Budget set", "<table:covered-table-cell/>"),
    );
    let file = work.write("merged.ods", ods_with_rows(&rows));
    work.ok(&["import", &file, "--plan", "Merged"]);
    let list = work.json(&["list", "--plan", "Merged", "--format", "json"]);
    let leads: Vec<&Value> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &m["leads"])
        .collect();
    assert_eq!(
        leads,
        [
            &serde_json::json!(["Marie Moy"]),
            &serde_json::json!(["Marie Moy"])
        ]
    );
}
