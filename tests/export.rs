//! The committee appendix export: Excel-ready bytes and an exact round trip.

mod common;

use common::{SEED_PLAN, Workdir};

#[test]
fn export_is_utf8_with_bom_and_crlf_in_the_seven_columns() {
    let work = Workdir::with_seed_plan();
    let bytes = work.command(&["export"]).output().unwrap().stdout;
    assert!(bytes.starts_with(b"\xEF\xBB\xBFReport Recommendation,Improvement Action,Milestone detail,Lead,Timeline,Comment/RAG,RAG\r\n"));
    let text = String::from_utf8(bytes).unwrap();
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 38);
    assert_eq!(&rows[0][0], "Leadership");
    assert_eq!(&rows[1][0], "", "a repeated recommendation is left blank");
    assert_eq!(&rows[4][1], "", "a repeated action is left blank");
    assert_eq!(
        &rows[1][3], "Fiona Whittaker\nJohn White",
        "leads one per line in their cell"
    );
    assert_eq!(&rows[34][4], "Dec 19", "Dec19 is displayed as Dec 19");
    assert_eq!(&rows[36][4], "Mar 20", "March 20 is displayed as Mar 20");
    assert_eq!(&rows[0][6], "G");
    assert!(
        rows[0][5].ends_with("which will commence following completion of the"),
        "the cut-off comment is kept"
    );
    assert!(text.contains("In progress \u{2013} this will form"));
}

#[test]
fn export_then_import_then_export_is_byte_identical() {
    let work = Workdir::with_seed_plan();
    let first = work.file("first.csv");
    work.ok(&["export", "-o", first.to_str().unwrap()]);
    work.ok(&["import", first.to_str().unwrap(), "--plan", "Again"]);
    let second = work
        .command(&["export", "--plan", "Again"])
        .output()
        .unwrap()
        .stdout;
    assert_eq!(std::fs::read(&first).unwrap(), second);
}

#[test]
fn no_bom_drops_only_the_byte_order_mark() {
    let work = Workdir::with_seed_plan();
    let with = work.command(&["export"]).output().unwrap().stdout;
    let without = work
        .command(&["export", "--no-bom"])
        .output()
        .unwrap()
        .stdout;
    assert_eq!(&with[3..], &without[..]);
}

#[test]
fn export_to_a_file_says_so_on_stderr_and_keeps_stdout_empty() {
    let work = Workdir::with_seed_plan();
    let out = work.run(&["export", "-o", "appendix.csv"]);
    assert!(out.status.success());
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("wrote appendix.csv (38 milestones)"));
    assert!(work.file("appendix.csv").exists());
}

#[test]
fn the_seed_file_survives_a_round_trip_apart_from_normalised_timelines() {
    let work = Workdir::with_seed_plan();
    let exported = work
        .command(&["export", "--no-bom"])
        .output()
        .unwrap()
        .stdout;
    let source = std::fs::read_to_string(SEED_PLAN).unwrap();
    let normalise = |text: &str| {
        text.replace("\r\n", "\n")
            .replace("Dec19", "Dec 19")
            .replace("March 20", "Mar 20")
    };
    assert_eq!(
        normalise(&String::from_utf8(exported).unwrap()),
        normalise(&source)
    );
}
