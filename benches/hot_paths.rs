//! Micro-benchmarks of the hot paths, in process and without the binary:
//! reading a timeline cell, reading the shipped seed appendix into a draft
//! and storing it, the overdue and RAG reports over a 10,000-milestone plan
//! with 100,000 updates, and escaping a cell for Markdown.
//!
//! `cargo bench --bench hot_paths` (divan). Nothing asserts a timing. The
//! comparison with the `sqlite3` shell and Taskwarrior at scale is the
//! example `bench_compare` (`scripts/bench.sh`, docs/PERFORMANCE.md).

use chrono::NaiveDate;
use divan::{Bencher, black_box};

use actionplan::app::import::{ImportOptions, import_appendix, read_appendix};
use actionplan::model::Timeline;
use actionplan::model::draft::PlanDraft;
use actionplan::render::markdown_text::escape_markdown;
use actionplan::reports::OverdueMilestone;
use actionplan::store::{MilestoneFilter, MilestoneOrder, Store};

/// The comparison harness's plan generator, included as it is (no copy), for
/// the same deterministic plan and history the scale benchmark measures.
#[allow(dead_code)]
#[path = "../examples/bench_compare/generate.rs"]
mod generate;

fn main() {
    divan::main();
}

/// The seed plan shipped with the project: Appendix 1 of the North
/// Lanarkshire integration review (38 milestones).
const SEED_CSV: &[u8] = include_bytes!("../data/north-lanarkshire-integration-review-2020.csv");

/// Milestones in the generated plan, and updates loaded over it.
const MILESTONES: usize = 10_000;
const UPDATES: usize = 100_000;

/// The overdue report's "today": after every generated update, so the
/// current state is read (as `overdue` does on any day after the last update).
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 1, 1).expect("a valid date")
}

/// A past date mid-way through the history: states are read from
/// `milestone_state` (`overdue --as-of`).
fn past() -> NaiveDate {
    NaiveDate::from_ymd_opt(2021, 6, 30).expect("a valid date")
}

/// Timeline cells as plans write them: a month, a month in full, a financial
/// quarter, and a date as Excel shows a d-mmm-yy cell.
#[divan::bench(args = ["Sep 19", "March 2020", "Q3 2020/21", "31-Mar-21"])]
fn timeline_parse(text: &str) -> Timeline {
    Timeline::parse(black_box(text)).expect("a timeline")
}

/// The seed appendix CSV read into a plan draft: decoding, finding the
/// header row and reading every cell (what `import` does before storing).
fn seed_draft() -> PlanDraft {
    read_appendix(
        "north-lanarkshire-integration-review-2020.csv",
        black_box(SEED_CSV),
        &[],
        false,
    )
    .expect("the seed plan reads")
}

#[divan::bench]
fn read_seed_appendix() -> PlanDraft {
    seed_draft()
}

/// The seed plan's draft stored in a fresh in-memory database (the store's
/// half of `import`; creating the database is not timed).
#[divan::bench]
fn store_seed_plan_in_memory(bencher: Bencher) {
    let draft = seed_draft();
    bencher
        .with_inputs(|| Store::in_memory().expect("an in-memory store"))
        .bench_local_refs(|store| {
            store
                .insert_plan("NL", Some("North Lanarkshire"), "seed.csv", &draft, false)
                .expect("the seed plan stores")
        });
}

/// The whole `import` of the seed appendix (read, then stored) into a fresh
/// in-memory database (creating the database is not timed).
#[divan::bench]
fn import_seed_in_memory(bencher: Bencher) {
    let options = ImportOptions {
        plan: "NL".to_string(),
        partnership: Some("North Lanarkshire".to_string()),
        ..ImportOptions::default()
    };
    bencher
        .with_inputs(|| Store::in_memory().expect("an in-memory store"))
        .bench_local_refs(|store| {
            import_appendix(store, "seed.csv", black_box(SEED_CSV), &options)
                .expect("the seed plan imports")
        });
}

/// The scale benchmark's plan of `MILESTONES` in memory, imported through the
/// library, with `UPDATES` updates loaded by the bulk loader.
fn generated_plan() -> Store {
    let plan = generate::generate_plan(MILESTONES, 2019);
    let mut csv = Vec::new();
    generate::write_appendix_csv(&plan, &mut csv).expect("the appendix writes");
    let mut store = Store::in_memory().expect("an in-memory store");
    let options = ImportOptions {
        plan: "Scale".to_string(),
        ..ImportOptions::default()
    };
    import_appendix(&mut store, "scale.csv", &csv, &options).expect("the plan imports");
    store
        .load_history(generate::updates(MILESTONES, UPDATES))
        .expect("the history loads");
    store
}

/// `overdue` as of `day` over the generated plan, as the report reads it:
/// the milestones open and due before `day`, most overdue first, each made
/// an overdue row. Returns the number of rows.
fn overdue(store: &Store, day: NaiveDate) -> usize {
    let filter = MilestoneFilter {
        due_before: Some(day),
        ..MilestoneFilter::on(day)
    };
    let mut rows = 0;
    store
        .for_each_milestone(&filter, MilestoneOrder::DueFirst, |milestone| {
            black_box(OverdueMilestone::of(milestone, day));
            rows += 1;
            Ok::<_, actionplan::Error>(())
        })
        .expect("the overdue report reads");
    rows
}

thread_local! {
    /// The generated plan, built once for the benchmarks over it (a store
    /// is not shared between threads; divan runs on this one).
    static GENERATED: Store = generated_plan();
}

#[divan::bench(sample_count = 20)]
fn overdue_10k(bencher: Bencher) {
    GENERATED.with(|store| bencher.bench_local(|| overdue(store, black_box(today()))));
}

#[divan::bench(sample_count = 20)]
fn overdue_as_of_past_10k(bencher: Bencher) {
    GENERATED.with(|store| bencher.bench_local(|| overdue(store, black_box(past()))));
}

#[divan::bench(sample_count = 20)]
fn rag_10k(bencher: Bencher) {
    GENERATED.with(|store| {
        bencher.bench_local(|| {
            store
                .rag_counts(&MilestoneFilter::on(black_box(today())))
                .expect("the rag report reads")
        })
    });
}

/// A comment cell as a Markdown report escapes it: plain prose.
const COMMENT_CELL: &str = "Ongoing. Workshop session held and follow up session planned. \
                            Target date extended while HR processes are completed.";

/// A milestone cell with what Markdown would read: a numbered start,
/// emphasis, brackets, an angle bracket and an ampersand.
const MARKED_CELL: &str = "1. Review the *locality* and area wide [operational] structures \
                           <draft> & agree the OD programme for integrated managers";

#[divan::bench]
fn escape_markdown_comment() -> String {
    escape_markdown(black_box(COMMENT_CELL))
}

#[divan::bench]
fn escape_markdown_marked_cell() -> String {
    escape_markdown(black_box(MARKED_CELL))
}
