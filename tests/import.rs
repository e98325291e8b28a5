//! Importing committee appendix tables: the layouts, encodings and timeline
//! forms councils really use, and refusals that name the row and column.

mod common;

use common::{SEED_PLAN, Workdir, ids};

const HEADER: &str =
    "Report Recommendation,Improvement Action,Milestone detail,Lead,Timeline,Comment/RAG,RAG\r\n";

#[test]
fn the_seed_plan_imports_with_its_shape() {
    let work = Workdir::new();
    let out = work.run(&["import", SEED_PLAN, "--plan", "NL"]);
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("7 themes, 31 actions, 38 milestones"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "messages go to stderr");
}

#[test]
fn every_timeline_form_councils_write() {
    let work = Workdir::new();
    let forms = [
        ("Sep 19", "2019-09-30", "Sep 19"),
        ("Dec19", "2019-12-31", "Dec 19"),
        ("Sept 2019", "2019-09-30", "Sep 19"),
        ("March 20", "2020-03-31", "Mar 20"),
        ("2019-09", "2019-09-30", "Sep 19"),
        ("09/2019", "2019-09-30", "Sep 19"),
        ("Feb 20", "2020-02-29", "Feb 20"),
        ("30/09/2019", "2019-09-30", "30/09/2019"),
        ("2019-09-30", "2019-09-30", "30/09/2019"),
        ("Q1 2020/21", "2020-06-30", "Q1 2020/21"),
        ("Q4 2020/21", "2021-03-31", "Q4 2020/21"),
        ("2019/20", "2020-03-31", "2019/20"),
    ];
    let mut csv = HEADER.to_string();
    for (i, (timeline, _, _)) in forms.iter().enumerate() {
        let theme = if i == 0 { "Theme" } else { "" };
        csv.push_str(&format!(
            "{theme},Action,Milestone {i},Ann Lead,{timeline},,G\r\n"
        ));
    }
    let file = work.write("timelines.csv", csv);
    work.ok(&["import", &file, "--plan", "T"]);
    let list = work.json(&["list", "--format", "json"]);
    for (i, (written, due, shown)) in forms.iter().enumerate() {
        assert_eq!(list[i]["due"], *due, "{written}");
        assert_eq!(list[i]["timeline"], *shown, "{written}");
    }
}

#[test]
fn every_header_synonym_is_understood() {
    let work = Workdir::new();
    let layouts = [
        "Recommendation,Action,Milestone,Lead Officer,Timescale,Comment,RAG Status",
        "Theme,Action,Milestone,Responsible Officer,Target date,Update,rag",
        "REPORT RECOMMENDATION,improvement action,Milestone Detail,Owner,Due date,Progress,RAG",
        "Theme,Action,Milestone,Lead,Timeline,Comment / RAG,RAG,Status",
    ];
    for (i, header) in layouts.iter().enumerate() {
        let status_cell = if header.ends_with("Status") && !header.ends_with("RAG Status") {
            ",not started"
        } else {
            ""
        };
        let csv =
            format!("{header}\nLeadership,Act,Do it,Ann Lead,Sep 19,Complete.,G{status_cell}\n");
        let file = work.write(&format!("synonyms{i}.csv"), csv);
        work.ok(&["import", &file, "--plan", &format!("P{i}")]);
        let list = work.json(&["list", "--plan", &format!("P{i}"), "--format", "json"]);
        assert_eq!(
            list[0]["leads"],
            serde_json::json!(["Ann Lead"]),
            "{header}"
        );
        assert_eq!(list[0]["due"], "2019-09-30", "{header}");
        let expected_status = if status_cell.is_empty() {
            "complete"
        } else {
            "not started"
        };
        assert_eq!(list[0]["status"], expected_status, "{header}");
    }
}

#[test]
fn map_reads_any_header_and_extra_columns_are_ignored() {
    let work = Workdir::new();
    let csv = "Area,Step,What,Accountable,When,Notes,Colour,Budget\nFinance,Plan,Agree budget,Marie Moy,Mar 20,,A,£5k\n";
    let file = work.write("mapped.csv", csv);
    let err = work.fails(&["import", &file, "--plan", "M"]);
    assert!(
        err.contains("no \"Report Recommendation\" column (the theme field)"),
        "{err}"
    );
    work.ok(&[
        "import",
        &file,
        "--plan",
        "M",
        "--map",
        "Area=theme",
        "--map",
        "Step=action",
        "--map",
        "What=milestone",
        "--map",
        "Accountable=leads",
        "--map",
        "When=timeline",
        "--map",
        "Notes=comment",
        "--map",
        "Colour=rag",
    ]);
    let list = work.json(&["list", "--format", "json"]);
    assert_eq!(list[0]["theme"], "Finance");
    assert_eq!(list[0]["rag"], "A");
}

#[test]
fn blank_recommendation_and_action_cells_continue_the_row_above() {
    let work = Workdir::with_seed_plan();
    let list = work.json(&["list", "--format", "json"]);
    assert_eq!(list[4]["theme"], "Operational Structure");
    assert_eq!(list[4]["action"], list[3]["action"]);
    assert_eq!(
        list[4]["milestone"],
        "Update TOR to reflect changed arrangements"
    );
}

#[test]
fn leads_split_on_new_lines_and_semicolons_keeping_their_order() {
    let work = Workdir::new();
    let csv = format!(
        "{HEADER}T,A,M1,\"Zoe Zed\nAnn Able\",Sep 19,,G\r\n,,M2,Bob Bee; Zoe Zed ;Cat Cee,Sep 19,,G\r\n"
    );
    let file = work.write("leads.csv", csv);
    work.ok(&["import", &file, "--plan", "L"]);
    let list = work.json(&["list", "--format", "json"]);
    assert_eq!(list[0]["leads"], serde_json::json!(["Zoe Zed", "Ann Able"]));
    assert_eq!(
        list[1]["leads"],
        serde_json::json!(["Bob Bee", "Zoe Zed", "Cat Cee"])
    );
    let zoe = work.json(&["list", "--lead", "Zoe Zed", "--format", "json"]);
    assert_eq!(ids(&zoe), vec![1, 2]);
}

#[test]
fn rag_words_in_any_case() {
    let work = Workdir::new();
    let csv = format!(
        "{HEADER}T,A,M1,Ann,Sep 19,,red\r\n,,M2,Ann,Sep 19,,Amber\r\n,,M3,Ann,Sep 19,,g\r\n"
    );
    let file = work.write("rag.csv", csv);
    work.ok(&["import", &file, "--plan", "R"]);
    let list = work.json(&["list", "--format", "json"]);
    let rags: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["rag"].as_str().unwrap())
        .collect();
    assert_eq!(rags, ["R", "A", "G"]);
}

#[test]
fn windows_1252_from_excel_is_decoded() {
    let work = Workdir::new();
    let mut bytes = HEADER.as_bytes().to_vec();
    bytes.extend_from_slice(b"Finance,Develop directions,Use of directions,Morag Dendy,Mar 20,In progress \x96 this will form a section,G\r\n");
    let file = work.write("cp1252.csv", bytes);
    work.ok(&["import", &file, "--plan", "W"]);
    let list = work.json(&["list", "--format", "json"]);
    assert_eq!(
        list[0]["comment"],
        "In progress \u{2013} this will form a section"
    );
}

#[test]
fn utf8_with_bom_and_crlf_and_utf16_are_read() {
    let work = Workdir::new();
    let text =
        format!("{HEADER}Finance,Act,\"Two\r\nlines\",Ann,Sep 19,In progress \u{2013} ok,G\r\n");
    let bom = work.write(
        "bom.csv",
        [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
    );
    work.ok(&["import", &bom, "--plan", "B"]);
    let list = work.json(&["list", "--plan", "B", "--format", "json"]);
    assert_eq!(
        list[0]["theme"], "Finance",
        "the BOM is not part of the first header"
    );
    assert_eq!(list[0]["comment"], "In progress \u{2013} ok");
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    let file = work.write("utf16.csv", utf16);
    work.ok(&["import", &file, "--plan", "U"]);
    let list = work.json(&["list", "--plan", "U", "--format", "json"]);
    assert_eq!(list[0]["comment"], "In progress \u{2013} ok");
}

#[test]
fn an_existing_plan_is_replaced_only_when_asked() {
    let work = Workdir::with_seed_plan();
    let before = work.dump();
    let err = work.fails(&["import", SEED_PLAN, "--plan", "NL"]);
    assert!(
        err.contains("a plan named \"NL\" exists already: give --replace"),
        "{err}"
    );
    assert_eq!(work.dump(), before);
    let csv = format!("{HEADER}T,A,M,Ann,Sep 19,,G\r\n");
    let file = work.write("small.csv", csv);
    work.ok(&["import", &file, "--plan", "NL", "--replace"]);
    let plans = work.json(&["plans", "--format", "json"]);
    assert_eq!(plans.as_array().unwrap().len(), 1);
    assert_eq!(plans[0]["milestones"], 1);
}

/// Imports a bad file into a database holding the seed plan and returns stderr,
/// checking that the database is exactly as it was.
fn refused(csv: &str) -> String {
    let work = Workdir::with_seed_plan();
    let before = work.dump();
    let file = work.write("bad.csv", csv);
    let err = work.fails(&["import", &file, "--plan", "Bad"]);
    assert!(err.contains("bad.csv"), "names the file: {err}");
    assert!(err.contains("nothing was stored"), "{err}");
    assert_eq!(work.dump(), before, "the database changed");
    err
}

#[test]
fn unknown_rag_is_refused_naming_row_and_column() {
    let err = refused(&format!(
        "{HEADER}T,A,M1,Ann,Sep 19,,G\r\n,,M2,Ann,Sep 19,,Purple\r\n"
    ));
    assert!(
        err.contains("bad.csv: row 3, column \"RAG\": \"Purple\" is not a RAG rating: expected R, A, G, Red, Amber or Green"),
        "{err}"
    );
}

#[test]
fn bad_month_is_refused_quoting_the_value() {
    let err = refused(&format!("{HEADER}T,A,M1,Ann,Smarch 19,,G\r\n"));
    assert!(
        err.contains("row 2, column \"Timeline\": \"Smarch 19\" is not a timeline"),
        "{err}"
    );
}

#[test]
fn missing_column_is_refused_naming_it() {
    let err = refused(
        "Report Recommendation,Improvement Action,Milestone detail,Timeline,RAG\nT,A,M,Sep 19,G\n",
    );
    assert!(
        err.contains("no \"Lead\" column (the leads field)"),
        "{err}"
    );
}

#[test]
fn ragged_row_is_refused_naming_the_row() {
    let err = refused(&format!(
        "{HEADER}T,A,M1,Ann,Sep 19,,G\r\n,,M2,Ann,Sep 19\r\n"
    ));
    assert!(
        err.contains("row 3, column \"Comment/RAG\": the row has 5 cells but the header has 7"),
        "{err}"
    );
}

#[test]
fn every_bad_row_is_listed_not_just_the_first() {
    let err = refused(&format!(
        "{HEADER}T,A,M1,Ann,Sep 19,,G\r\n,,M2,Ann,Sept 2019,,X\r\n,,M3,,Sep 19,,G\r\n,,M4,Ann,31/02/2020,,G\r\n"
    ));
    assert!(err.contains("(3 problems; nothing was stored)"), "{err}");
    assert!(err.contains("row 3, column \"RAG\""), "{err}");
    assert!(err.contains("row 4, column \"Lead\""), "{err}");
    assert!(
        err.contains("row 5, column \"Timeline\": \"31/02/2020\""),
        "{err}"
    );
}

#[test]
fn rows_are_numbered_as_a_spreadsheet_numbers_them_across_multi_line_cells() {
    let err = refused(&format!(
        "{HEADER}T,A,\"M1\r\nsecond line\r\nthird\",Ann,Sep 19,,G\r\n,,M2,Ann,Sep 19,,Z\r\n"
    ));
    assert!(err.contains("row 3, column \"RAG\""), "{err}");
}

#[test]
fn a_continuation_row_before_any_recommendation_is_refused() {
    let err = refused(&format!("{HEADER},A,M1,Ann,Sep 19,,G\r\n"));
    assert!(
        err.contains("row 2, column \"Report Recommendation\": is blank"),
        "{err}"
    );
}

#[test]
fn empty_and_header_only_files_are_refused() {
    let err = refused("");
    assert!(err.contains("the file is empty"), "{err}");
    let err = refused(HEADER);
    assert!(err.contains("no milestone rows"), "{err}");
}

#[test]
fn msg_proposal_cells_take_ids_as_people_write_them() {
    let work = Workdir::new();
    let csv = "Report Recommendation,Improvement Action,Milestone detail,Lead,Timeline,Comment/RAG,RAG,MSG proposal\n\
               Finance,Budgets,Agreed,Ann,Sep 19,,G,\"Proposal 2.2; 2.3\"\n";
    let file = work.write("links.csv", csv);
    work.ok(&["import", &file, "--plan", "P", "--partnership", "Angus"]);
    let progress = work.json(&[
        "selfeval",
        "progress",
        "--partnership",
        "Angus",
        "--as-of",
        "2019-10-01",
        "--format",
        "json",
    ]);
    let linked: Vec<&str> = progress
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["milestones"].as_i64() == Some(1))
        .map(|p| p["proposal"].as_str().unwrap())
        .collect();
    assert_eq!(linked, ["2.2", "2.3"]);
}

#[test]
fn replace_keeps_links_the_file_gives_but_refuses_to_drop_links_made_by_hand() {
    let work = Workdir::with_seed_plan();
    work.ok(&["link", "--milestone", "3", "--proposal", "2.3"]);
    let before = work.dump();
    let err = work.fails(&["import", SEED_PLAN, "--plan", "NL", "--replace"]);
    assert!(
        err.contains("1 link to MSG proposals made with `link`"),
        "{err}"
    );
    assert_eq!(work.dump(), before);
}

#[test]
fn a_blank_action_with_nothing_above_to_continue_says_so() {
    let err = refused(&format!(
        "{HEADER}T,,M1,Ann,Sep 19,,G\r\n,,M2,Ann,Sep 19,,G\r\n"
    ));
    assert!(
        err.contains(
            "row 2, column \"Improvement Action\": is blank, but a new recommendation starts here"
        ),
        "{err}"
    );
    assert!(err.contains("row 3, column \"Improvement Action\": is blank, but there is no improvement action above it"), "{err}");
}

#[test]
fn milestone_ids_are_never_reused_after_a_replace() {
    let work = Workdir::new();
    let small = work.write("small.csv", format!("{HEADER}T,A,M,Ann,Sep 19,,G\r\n"));
    work.ok(&["import", &small, "--plan", "P"]);
    work.ok(&["import", &small, "--plan", "P", "--replace"]);
    assert_eq!(ids(&work.json(&["list", "--format", "json"])), vec![2]);
}
