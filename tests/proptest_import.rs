//! Property tests over the appendix import and the timeline parser:
//!
//! * reading any bytes as an appendix never panics;
//! * an appendix that reads without problems, written back out by the export
//!   and read again, gives the same draft;
//! * the timeline parser never panics, and a timeline it reads displays as
//!   text that reads back as the same timeline.
//!
//! CI runs proptest's default 256 cases per property (a few seconds). For a
//! long run: `PROPTEST_CASES=200000 cargo test --release --test proptest_import`
//! (see docs/RELIABILITY.md). The inputs the long runs found are kept below as
//! plain regression tests.

use actionplan::app::import::read_appendix;
use actionplan::io::appendix::{AppendixRow, appendix_csv};
use actionplan::io::csvio::write::CsvStyle;
use actionplan::model::Timeline;
use actionplan::model::draft::PlanDraft;
use proptest::prelude::*;

mod common;
use common::SEED_PLAN;

const HEADER: [&str; 7] = [
    "Report Recommendation",
    "Improvement Action",
    "Milestone detail",
    "Lead",
    "Timeline",
    "Comment/RAG",
    "RAG",
];

/// The appendix rows the export would write for a draft.
fn rows_of(draft: &PlanDraft) -> Vec<AppendixRow> {
    let mut rows = Vec::new();
    for theme in &draft.themes {
        for action in &theme.actions {
            for milestone in &action.milestones {
                rows.push(AppendixRow {
                    reference: milestone.reference.clone(),
                    theme: theme.name.clone(),
                    action: action.text.clone(),
                    detail: milestone.detail.clone(),
                    leads: milestone.leads.clone(),
                    original_timeline: milestone.timeline,
                    timeline: milestone.timeline,
                    comment: milestone.comment.clone(),
                    rag: milestone.rag,
                    status: milestone.status,
                    status_word: milestone.status_word.clone(),
                    extras: milestone.extras.clone(),
                });
            }
        }
    }
    rows
}

/// The draft with what the seven-column appendix does not carry (an
/// explicit status, MSG proposal ids) taken as the export leaves them: the
/// status is what the RAG and comment imply (Blue means finished, else the
/// comment's "Complete").
fn as_exported(draft: &PlanDraft) -> PlanDraft {
    let mut draft = draft.clone();
    for theme in &mut draft.themes {
        for action in &mut theme.actions {
            for milestone in &mut action.milestones {
                milestone.status = if milestone.rag == actionplan::model::Rag::Blue {
                    actionplan::model::Status::Complete
                } else {
                    actionplan::model::Status::from_comment(&milestone.comment)
                };
                milestone.proposals.clear();
            }
        }
    }
    draft
}

/// Reads `bytes`; when they read as a plan, checks that export then import
/// gives the same draft (both with the formula guard and raw).
fn check_round_trip(bytes: &[u8]) -> Result<(), TestCaseError> {
    let Ok(draft) = read_appendix("fuzz.csv", bytes, &[], false) else {
        return Ok(());
    };
    let expected = as_exported(&draft);
    for style in [
        CsvStyle::APPENDIX,
        CsvStyle {
            bom: false,
            neutralise_formulas: true,
        },
    ] {
        let mut exported = Vec::new();
        appendix_csv(&mut exported, &rows_of(&draft), false, style).unwrap();
        let again = read_appendix("exported.csv", &exported, &[], false);
        prop_assert_eq!(
            again.as_ref().map_err(|e| e.to_string()),
            Ok(&expected),
            "exported as:\n{}",
            String::from_utf8_lossy(&exported)
        );
        let mut exported_again = Vec::new();
        appendix_csv(&mut exported_again, &rows_of(&again.unwrap()), false, style).unwrap();
        prop_assert_eq!(&exported, &exported_again, "export is not stable");
    }
    Ok(())
}

/// Cells that trip parsers up: formula triggers, quotes, separators, line
/// breaks, padding, non-ASCII, and values that are nearly right.
fn tricky_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("Leadership".to_string()),
        Just("Finance".to_string()),
        Just("  Leadership  ".to_string()),
        Just("=HYPERLINK(\"http://x\",\"y\")".to_string()),
        Just("+44 1698".to_string()),
        Just("-5".to_string()),
        Just("@SUM(A1)".to_string()),
        Just("'=already guarded".to_string()),
        Just("''-twice".to_string()),
        Just("\tTabbed".to_string()),
        Just("\rCR first".to_string()),
        Just("line one\nline two".to_string()),
        Just("line one\r\nline two".to_string()),
        Just("a \"quoted\" word".to_string()),
        Just("comma, inside".to_string()),
        Just("semi; colon".to_string()),
        Just("In progress \u{2013} \u{a3}500 caf\u{e9}".to_string()),
        Just("\u{feff}BOM inside".to_string()),
        "[ -~]{0,12}",
        ".{0,8}",
    ]
}

/// Text that is not blank once trimmed.
fn filled_text() -> impl Strategy<Value = String> {
    tricky_text().prop_map(|text| {
        if text.trim().is_empty() {
            format!("Filled{text}")
        } else {
            text
        }
    })
}

/// Mostly filled text, sometimes blank (a merged cell, or a missing value).
fn mostly_filled_text() -> impl Strategy<Value = String> {
    prop_oneof![6 => filled_text(), 1 => Just(String::new())]
}

fn timeline_text() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(vec![
            "Sep 19", "sept 2019", "Dec19", "SEPTEMBER 2019", "30/09/2019", "1/1/1900",
            "31/12/2999", "Q1 2020/21", "Q12020/21", "q4 2019-20", "2019/20", "2019/2020",
            "2019-20", "2010-11", "2019-09", "2019-09-30", "9/2019", " Jun 2101 ",
        ])
        .prop_map(str::to_string),
        1 => prop::sample::select(vec![
            "Smarch 19", "31/02/2020", "Q5 2020/21", "2019/21", "", "Sep 3019", "ongoing",
        ])
        .prop_map(str::to_string),
        1 => "(q|Q)?[1-5]? ?[0-9]{1,4}[/-][0-9]{1,4}",
        1 => "[A-Za-z]{0,9} ?[0-9]{0,4}",
        1 => "[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}",
    ]
}

fn rag_text() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(vec!["R", "A", "G", " green ", "Amber", "red"])
            .prop_map(str::to_string),
        1 => prop::sample::select(vec!["Purple", "", "Gren", "3"]).prop_map(str::to_string),
    ]
}

fn leads_text() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(vec![
            "Ann Smith",
            "Ann Smith\nBob Jones",
            "Ann Smith; Bob Jones",
            "  Ann Smith \r\n\r\n Bob Jones ",
            "-Minus Person",
            "=Formula Person\n@At Person",
        ])
        .prop_map(str::to_string),
        1 => prop::sample::select(vec!["Ann Smith\nAnn Smith", " ; ", ""]).prop_map(str::to_string),
        1 => tricky_text(),
    ]
}

/// Valid timelines in the forms councils write.
fn valid_timeline_text() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "Sep 19",
        "sept 2019",
        "Dec19",
        "SEPTEMBER 2019",
        "30/09/2019",
        "1/1/1900",
        "31/12/2999",
        "Q1 2020/21",
        "Q12020/21",
        "q4 2019-20",
        "2019/20",
        "2019/2020",
        "2019-20",
        "2010-11",
        "2019-09",
        "2019-09-30",
        "9/2019",
        " Jun 2101 ",
    ])
    .prop_map(str::to_string)
}

/// One appendix row: a theme and action that often repeat or are left blank
/// (merged cells), and milestone cells from the vocabularies above. A `clean`
/// row has valid milestone cells (its text cells still hold every trick).
fn appendix_row(clean: bool) -> BoxedStrategy<Vec<String>> {
    let theme = prop_oneof![
        3 => Just(String::new()),
        1 => Just("Leadership".to_string()),
        2 => filled_text(),
    ];
    let action = prop_oneof![
        3 => Just(String::new()),
        1 => Just("Act".to_string()),
        2 => filled_text(),
    ];
    let cells = if clean {
        (
            theme,
            action,
            filled_text().boxed(),
            prop::sample::select(vec![
                "Ann Smith",
                "Ann Smith\nBob Jones",
                "Ann Smith; Bob Jones",
                "  Ann Smith \r\n\r\n Bob Jones ",
                "-Minus Person",
                "=Formula Person\n@At Person",
            ])
            .prop_map(str::to_string)
            .boxed(),
            valid_timeline_text().boxed(),
            tricky_text().boxed(),
            prop::sample::select(vec!["R", "A", "G", " green ", "Amber", "red"])
                .prop_map(str::to_string)
                .boxed(),
        )
            .boxed()
    } else {
        (
            theme,
            action,
            mostly_filled_text().boxed(),
            leads_text().boxed(),
            timeline_text().boxed(),
            tricky_text().boxed(),
            rag_text().boxed(),
        )
            .boxed()
    };
    cells
        .prop_map(
            move |(theme, mut action, detail, leads, timeline, comment, rag)| {
                if clean && !theme.trim().is_empty() && action.trim().is_empty() {
                    action = "Act".to_string(); // a new recommendation names its first action
                }
                let row = vec![theme, action, detail, leads, timeline, comment, rag];
                if clean {
                    row.into_iter()
                        .map(|cell| cell.replace('\0', " "))
                        .collect()
                } else {
                    row
                }
            },
        )
        .boxed()
}

/// A whole appendix written by a CSV writer, in one of the encodings the
/// import reads.
fn appendix_file(clean: bool) -> impl Strategy<Value = Vec<u8>> {
    (
        prop::collection::vec(appendix_row(clean), usize::from(clean)..8),
        0..4u8,
        any::<bool>(),
        prop::bool::weighted(if clean { 0.0 } else { 0.05 }),
    )
        .prop_map(|(mut rows, encoding, crlf, keep_blank_start)| {
            let mut writer = csv::WriterBuilder::new()
                .terminator(if crlf {
                    csv::Terminator::CRLF
                } else {
                    csv::Terminator::Any(b'\n')
                })
                .from_writer(Vec::new());
            writer.write_record(HEADER).unwrap();
            if let Some(first) = rows.first_mut() {
                // Usually start as a real appendix does: naming a recommendation and action.
                for (cell, name) in first.iter_mut().zip(["Leadership", "Act"]) {
                    if cell.trim().is_empty() && !keep_blank_start {
                        *cell = name.to_string();
                    }
                }
            }
            for row in &rows {
                writer.write_record(row).unwrap();
            }
            let text = String::from_utf8(writer.into_inner().unwrap()).unwrap();
            match encoding {
                0 => text.into_bytes(),
                1 => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
                2 => {
                    let mut bytes = vec![0xFF, 0xFE];
                    for unit in text.encode_utf16() {
                        bytes.extend(unit.to_le_bytes());
                    }
                    bytes
                }
                _ => {
                    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
                    bytes.into_owned()
                }
            }
        })
}

/// A well-formed appendix with a few bytes changed, cut or inserted.
fn mangled_appendix_file() -> impl Strategy<Value = Vec<u8>> {
    (
        appendix_file(false),
        prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..3u8), 1..6),
    )
        .prop_map(|(mut bytes, edits)| {
            for (index, byte, kind) in edits {
                if bytes.is_empty() {
                    bytes.push(byte);
                    continue;
                }
                let at = index.index(bytes.len());
                match kind {
                    0 => bytes[at] = byte,
                    1 => bytes.insert(at, byte),
                    _ => {
                        bytes.remove(at);
                    }
                }
            }
            bytes
        })
}

proptest! {
    // Cases come from PROPTEST_CASES (default 256); failures are kept as the
    // regression tests at the end of this file, not in a side file.
    #![proptest_config(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn reading_any_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let _ = read_appendix("fuzz.csv", &bytes, &[], false);
        let _ = read_appendix("fuzz.csv", &bytes, &[], true);
    }

    #[test]
    fn a_generated_appendix_round_trips_through_export(bytes in appendix_file(true)) {
        check_round_trip(&bytes)?;
    }

    #[test]
    fn a_generated_appendix_with_bad_cells_never_panics(bytes in appendix_file(false)) {
        check_round_trip(&bytes)?;
    }

    #[test]
    fn a_mangled_appendix_never_panics_and_round_trips_when_it_reads(
        bytes in mangled_appendix_file()
    ) {
        let _ = read_appendix("fuzz.csv", &bytes, &[], true);
        check_round_trip(&bytes)?;
    }

    #[test]
    fn timeline_parse_never_panics_on_any_text(text in ".{0,24}") {
        let _ = Timeline::parse(&text);
    }

    #[test]
    fn a_parsed_timeline_displays_as_text_that_parses_back(text in timeline_text()) {
        if let Ok(timeline) = Timeline::parse(&text) {
            let shown = timeline.to_string();
            prop_assert_eq!(Timeline::parse(&shown), Ok(timeline), "{:?} shown as {:?}", text, shown);
        }
    }
}

#[test]
fn the_seed_plan_round_trips_through_export() {
    let bytes = std::fs::read(SEED_PLAN).unwrap();
    let draft = read_appendix("seed.csv", &bytes, &[], false).unwrap();
    assert_eq!(draft.milestone_count(), 38);
    check_round_trip(&bytes).unwrap();
}

/// Guards the generator: a round-trip property means little if almost every
/// generated file is refused before it gets to the export.
#[test]
fn enough_generated_appendices_read_to_test_the_round_trip() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(Config::default().rng_algorithm),
    );
    let strategy = appendix_file(true);
    let mut read = 0;
    let mut milestones = 0;
    for _ in 0..1000 {
        let bytes = strategy.new_tree(&mut runner).unwrap().current();
        if let Ok(draft) = read_appendix("fuzz.csv", &bytes, &[], false) {
            read += 1;
            milestones += draft.milestone_count();
        }
    }
    eprintln!("{read} of 1000 generated files read, {milestones} milestones");
    assert!(read >= 500, "only {read} of 1000 generated files read");
}

/// Regression (found by the mangled-appendix property in CI): a milestone
/// rated Blue ("b") with a comment that does not say "Complete" is complete
/// (Blue means finished), and the export's B carries that; the property's
/// model of what the export keeps reset every status from its comment and
/// so expected "in progress" back.
#[test]
fn regression_a_blue_milestone_whose_comment_is_not_complete_round_trips() {
    let bytes = "Report Recommendation,Improvement Action,Milestone detail,Lead,Timeline,Comment/RAG,RAG\n\
                 Leadership,Filled,Budget agreed,Ann Smith,sept 2019,\"line one\r\nline two\",b\n\
                 ,,CR first,-Minus Person,2019-20,#0aA#A0,R\n";
    let draft = read_appendix("blue.csv", bytes.as_bytes(), &[], false).unwrap();
    let first = &draft.themes[0].actions[0].milestones[0];
    assert_eq!(
        (first.rag, first.status),
        (
            actionplan::model::Rag::Blue,
            actionplan::model::Status::Complete
        )
    );
    check_round_trip(bytes.as_bytes()).unwrap();
}
