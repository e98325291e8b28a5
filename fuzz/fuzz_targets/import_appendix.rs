//! Fuzzes the appendix import: reading any bytes never panics, and a file that
//! reads as a plan, exported and read again, gives the same plan.

#![no_main]

use actionplan::appendix::{AppendixRow, appendix_csv};
use actionplan::csvio::write::CsvStyle;
use actionplan::import::read_appendix;
use actionplan::model::Status;
use actionplan::model::draft::PlanDraft;
use libfuzzer_sys::fuzz_target;

/// The appendix rows the export writes for a draft.
fn rows_of(draft: &PlanDraft) -> Vec<AppendixRow> {
    let mut rows = Vec::new();
    for theme in &draft.themes {
        for action in &theme.actions {
            for milestone in &action.milestones {
                rows.push(AppendixRow {
                    theme: theme.name.clone(),
                    action: action.text.clone(),
                    detail: milestone.detail.clone(),
                    leads: milestone.leads.clone(),
                    original_timeline: milestone.timeline,
                    timeline: milestone.timeline,
                    comment: milestone.comment.clone(),
                    rag: milestone.rag,
                });
            }
        }
    }
    rows
}

/// The draft as the appendix carries it: status read from the comment, no proposal ids.
fn as_exported(draft: &PlanDraft) -> PlanDraft {
    let mut draft = draft.clone();
    for theme in &mut draft.themes {
        for action in &mut theme.actions {
            for milestone in &mut action.milestones {
                milestone.status = Status::from_comment(&milestone.comment);
                milestone.proposals.clear();
            }
        }
    }
    draft
}

fuzz_target!(|bytes: &[u8]| {
    let _ = read_appendix("fuzz.csv", bytes, &[], true);
    let Ok(draft) = read_appendix("fuzz.csv", bytes, &[], false) else {
        return;
    };
    let mut exported = Vec::new();
    appendix_csv(&mut exported, &rows_of(&draft), false, CsvStyle::APPENDIX)
        .expect("writing to memory cannot fail");
    match read_appendix("exported.csv", &exported, &[], false) {
        Ok(again) => assert_eq!(again, as_exported(&draft), "round trip changed the plan"),
        Err(error) => panic!("the export of a plan that read does not read back: {error}"),
    }
});
