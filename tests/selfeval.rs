//! The MSG self-evaluation, driven through the real binary: Angus's May 2019
//! return, a second return a year on, benchmarking, and progress over the plan.

use assert_cmd::Command;
use serde_json::{Value, json};

mod common;
use common::{SEED_PLAN, Workdir, actionplan};

const ANGUS_2019: &str = "data/angus-msg-self-evaluation-2019.csv";
const ANGUS_2020: &str = "tests/data/angus-msg-self-evaluation-2020.csv";
const PEER_2019: &str = "tests/data/angus-msg-self-evaluation-2019-peer.csv";

/// A fresh database in a temporary directory. Unlike `Workdir::command`, its
/// commands run in the crate root, so the relative paths above (and the
/// messages that repeat them) work.
struct Db {
    work: Workdir,
}

impl Db {
    fn new() -> Db {
        Db {
            work: Workdir::new(),
        }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = actionplan(&self.work.db());
        command.current_dir(env!("CARGO_MANIFEST_DIR")).args(args);
        command
    }

    /// Runs a command that must succeed; returns stdout.
    fn ok(&self, args: &[&str]) -> String {
        let output = self.command(args).output().unwrap();
        assert!(
            output.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }

    /// Runs a command that must fail with exit 2; returns stderr.
    fn refused(&self, args: &[&str]) -> String {
        let output = self.command(args).output().unwrap();
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?} should have failed; stdout: {}",
            String::from_utf8_lossy(&output.stdout)
        );
        String::from_utf8(output.stderr).unwrap()
    }

    fn json(&self, args: &[&str]) -> Value {
        let mut with_format = args.to_vec();
        with_format.extend(["--format", "json"]);
        serde_json::from_str(&self.ok(&with_format)).unwrap()
    }

    fn import_angus_2019(&self) {
        self.ok(&[
            "selfeval",
            "import",
            ANGUS_2019,
            "--partnership",
            "Angus",
            "--label",
            "2019",
            "--on",
            "2019-05-10",
        ]);
    }
}

/// Totals of a summary's JSON rows, in the order
/// (not yet, partly, established, exemplary, not rated).
fn totals(summary: &Value) -> (u64, u64, u64, u64, u64) {
    let sum = |key: &str| -> u64 {
        summary
            .as_array()
            .unwrap()
            .iter()
            .map(|row| row[key].as_u64().unwrap())
            .sum()
    };
    (
        sum("not_yet_established"),
        sum("partly_established"),
        sum("established"),
        sum("exemplary"),
        sum("not_rated"),
    )
}

#[test]
fn angus_2019_return_imports_and_its_summary_is_exact() {
    let db = Db::new();
    let output = db
        .command(&[
            "selfeval",
            "import",
            ANGUS_2019,
            "--partnership",
            "Angus",
            "--label",
            "2019",
            "--on",
            "2019-05-10",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stderr).unwrap(),
        "imported data/angus-msg-self-evaluation-2019.csv as the \"2019\" self-evaluation of Angus (2019-05-10): 22 proposals rated, 3 not rated\n"
    );
    let summary = db.json(&[
        "selfeval",
        "summary",
        "--partnership",
        "Angus",
        "--label",
        "2019",
    ]);
    assert_eq!(summary.as_array().unwrap().len(), 6);
    assert_eq!(totals(&summary), (0, 7, 14, 1, 3));
    assert_eq!(
        summary[1],
        json!({
            "key_feature": 2,
            "title": "Integrated finances and financial planning",
            "not_yet_established": 0,
            "partly_established": 4,
            "established": 2,
            "exemplary": 0,
            "not_rated": 0
        })
    );
    assert_eq!(
        summary[2],
        json!({
            "key_feature": 3,
            "title": "Effective strategic planning for improvement",
            "not_yet_established": 0,
            "partly_established": 2,
            "established": 1,
            "exemplary": 0,
            "not_rated": 2
        })
    );
    let table = db.ok(&["selfeval", "summary"]);
    let overall = table
        .lines()
        .find(|line| line.contains("All key features"))
        .unwrap();
    let cells: Vec<&str> = overall.split_whitespace().collect();
    assert_eq!(
        cells,
        vec!["All", "key", "features", "0", "7", "14", "1", "3"]
    );
}

#[test]
fn show_lists_25_proposals_with_indicator_evidence_and_actions() {
    let db = Db::new();
    db.import_angus_2019();
    let rows = db.json(&["selfeval", "show"]);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 25);
    let first = &rows[0];
    assert_eq!(first["proposal"], "1.1");
    assert_eq!(first["rating"], "Established");
    assert_eq!(
        first["indicator"],
        "Leadership in place has had the ability to drive change with collaboration evident in a number of key areas. Some shared learning and collaborative practice in place."
    );
    assert_eq!(first["actions"].as_array().unwrap().len(), 6);
    let national = rows.iter().find(|r| r["proposal"] == "3.2").unwrap();
    assert_eq!(national["rating"], Value::Null);
    assert_eq!(national["local_completion"], false);
    let exemplary = rows.iter().find(|r| r["proposal"] == "6.1").unwrap();
    assert_eq!(exemplary["rating"], "Exemplary");
    assert_eq!(exemplary["actions"].as_array().unwrap().len(), 3);

    let csv = db.ok(&["selfeval", "show", "--format", "csv"]);
    assert!(csv.starts_with(
        "\u{feff}key_feature,key_feature_title,proposal,proposal_text,rating,indicator,evidence,actions\r\n"
    ));
}

#[test]
fn markdown_escapes_cells_and_keeps_line_breaks() {
    let db = Db::new();
    db.ok(&[
        "selfeval",
        "import",
        ANGUS_2020,
        "--partnership",
        "Angus",
        "--label",
        "2020",
        "--on",
        "2020-05-12",
    ]);
    let markdown = db.ok(&["selfeval", "show", "--format", "markdown"]);
    assert!(markdown.starts_with("# Angus: self-evaluation \"2020\" of 12 May 2020\n"));
    assert!(markdown.contains(
        "## Key feature 2: Integrated finances and financial planning\n\n| Proposal | Rating | Indicator | Evidence | Improvement actions |\n| --- | --- | --- | --- | --- |\n"
    ));
    let row_1_1 = markdown.lines().find(|l| l.starts_with("| 1.1 ")).unwrap();
    assert!(
        row_1_1.ends_with(
            "| • Evaluate the integrated leadership programme<br>• Extend succession planning to the third sector |"
        ),
        "{row_1_1}"
    );
    let row_2_3 = markdown.lines().find(|l| l.starts_with("| 2.3 ")).unwrap();
    assert!(
        row_2_3.contains("| Set-aside figures still not agreed \\| awaiting NHS Tayside. |"),
        "{row_2_3}"
    );
    for line in markdown.lines().filter(|l| l.starts_with("| ")) {
        let unescaped_pipes = line.replace("\\|", "").matches('|').count();
        assert_eq!(unescaped_pipes, 6, "{line}");
    }
}

#[test]
fn a_year_on_the_comparison_is_exact() {
    let db = Db::new();
    db.import_angus_2019();
    db.ok(&[
        "selfeval",
        "import",
        ANGUS_2020,
        "--partnership",
        "Angus",
        "--label",
        "2020",
        "--on",
        "2020-05-12",
    ]);
    let summary = db.json(&["selfeval", "summary", "--partnership", "Angus"]);
    assert_eq!(totals(&summary), (0, 3, 17, 1, 4), "the latest is 2020");

    let rows = db.json(&[
        "selfeval",
        "compare",
        "--partnership",
        "Angus",
        "--from",
        "2019",
        "--to",
        "2020",
    ]);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 25);
    let with = |change: &str| -> Vec<&str> {
        rows.iter()
            .filter(|r| r["change"] == change)
            .map(|r| r["proposal"].as_str().unwrap())
            .collect()
    };
    assert_eq!(with("improved"), vec!["1.2", "2.1", "2.2", "2.5", "3.5"]);
    assert_eq!(with("same").len(), 15);
    assert_eq!(with("worse"), vec!["4.2"]);
    assert_eq!(with("newly rated"), Vec::<&str>::new());
    assert_eq!(with("no longer rated"), vec!["5.2"]);
    assert_eq!(with("not rated"), vec!["3.2", "3.3", "5.3"]);
    assert_eq!(
        rows[1],
        json!({"proposal": "1.2", "from": "Partly established", "to": "Established", "change": "improved"})
    );
    assert_eq!(
        rows[11],
        json!({"proposal": "3.3", "from": null, "to": null, "change": "not rated"})
    );

    let table = db.ok(&["selfeval", "compare", "--from", "2019", "--to", "2020"]);
    let count = |change: &str| -> String {
        let line = table
            .lines()
            .find(|l| l.trim_start().starts_with(change) && !l.contains('.'))
            .unwrap_or_else(|| panic!("no {change} line in\n{table}"));
        line.split_whitespace().last().unwrap().to_string()
    };
    assert_eq!(count("improved"), "5");
    assert_eq!(count("same"), "15");
    assert_eq!(count("worse"), "1");
    assert_eq!(count("newly rated"), "0");
    assert_eq!(count("no longer rated"), "1");
}

#[test]
fn record_creates_a_self_evaluation_and_compare_shows_newly_rated() {
    let db = Db::new();
    db.ok(&[
        "selfeval",
        "import",
        PEER_2019,
        "--partnership",
        "Peerside",
        "--label",
        "2019",
        "--on",
        "2019-05-14",
    ]);
    db.ok(&[
        "selfeval",
        "record",
        "--partnership",
        "Peerside",
        "--label",
        "2020",
        "--on",
        "2020-05-01",
        "--proposal",
        "3.5",
        "--rating",
        "2",
        "--evidence",
        "Set-aside plan drafted",
        "--action",
        "Agree the plan",
        "--action",
        "Report it to the IJB",
    ]);
    let rows = db.json(&[
        "selfeval",
        "compare",
        "--partnership",
        "Peerside",
        "--from",
        "2019",
        "--to",
        "2020",
    ]);
    let rows = rows.as_array().unwrap();
    let count = |change: &str| rows.iter().filter(|r| r["change"] == change).count();
    assert_eq!(
        (
            count("newly rated"),
            count("no longer rated"),
            count("not rated"),
            count("improved")
        ),
        (1, 21, 3, 0)
    );
    let shown = db.json(&[
        "selfeval",
        "show",
        "--partnership",
        "Peerside",
        "--label",
        "2020",
    ]);
    let row = shown
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["proposal"] == "3.5")
        .unwrap()
        .clone();
    assert_eq!(row["rating"], "Partly established");
    assert_eq!(row["evidence"], "Set-aside plan drafted");
    assert_eq!(
        row["actions"],
        json!(["Agree the plan", "Report it to the IJB"])
    );

    db.ok(&[
        "selfeval",
        "record",
        "--partnership",
        "Peerside",
        "--label",
        "2020",
        "--proposal",
        "3.5",
        "--rating",
        "established",
    ]);
    let shown = db.json(&[
        "selfeval",
        "show",
        "--partnership",
        "Peerside",
        "--label",
        "2020",
    ]);
    let row = &shown.as_array().unwrap()[13];
    assert_eq!(row["proposal"], "3.5");
    assert_eq!(row["rating"], "Established");
    assert_eq!(row["evidence"], "Set-aside plan drafted", "kept");

    let err = db.refused(&[
        "selfeval",
        "record",
        "--partnership",
        "Peerside",
        "--label",
        "2020",
        "--proposal",
        "5.3",
        "--rating",
        "established",
    ]);
    assert_eq!(
        err,
        "actionplan: proposal 5.3 is not for local completion: it takes no rating\n"
    );
}

#[test]
fn a_rating_for_3_2_is_refused_naming_its_row_and_nothing_changes() {
    let db = Db::new();
    db.import_angus_2019();
    let before = db.ok(&["selfeval", "show", "--format", "json"]);
    let dir = Workdir::new();
    let mut text = std::fs::read_to_string(ANGUS_2019).unwrap();
    text.push_str("3.2,Established,Inspection is improving,\n");
    let bad = dir.write("angus-2019-with-3.2.csv", &text);
    let bad = bad.as_str();
    let err = db.refused(&[
        "selfeval",
        "import",
        bad,
        "--partnership",
        "Angus",
        "--label",
        "2019",
        "--replace",
    ]);
    assert_eq!(
        err,
        format!(
            "actionplan: {bad} was not imported (1 problem; nothing was stored):\n  \
             {bad}: row 24, column \"Rating\": proposal 3.2 is not for local completion: it takes no rating, so leave the cell blank (it holds \"Established\")\n"
        )
    );
    let err = db.refused(&[
        "selfeval",
        "import",
        bad,
        "--partnership",
        "Angus",
        "--label",
        "2019b",
    ]);
    assert!(err.contains("row 24, column \"Rating\""), "{err}");
    assert_eq!(db.ok(&["selfeval", "show", "--format", "json"]), before);
    let list = db.json(&["selfeval", "list"]);
    assert_eq!(list.as_array().unwrap().len(), 1);
}

#[test]
fn bad_rating_words_and_unknown_or_repeated_proposals_name_row_and_column() {
    let db = Db::new();
    let dir = Workdir::new();
    let bad = dir.write(
        "bad.csv",
        "MSG proposal,Our rating,Evidence / Notes,Actions\n\
         1.1,Established,\"Two\nlines\",\n\
         1.2,Brilliant,,\n\
         7.1,Established,,\n\
         1.1,Exemplary,,\n",
    );
    let bad = bad.as_str();
    let err = db.refused(&[
        "selfeval",
        "import",
        bad,
        "--partnership",
        "Angus",
        "--label",
        "2019",
    ]);
    assert_eq!(
        err,
        format!(
            "actionplan: {bad} was not imported (3 problems; nothing was stored):\n  \
             {bad}: row 3, column \"Our rating\": \"Brilliant\" is not a rating: expected Not yet established, Partly established, Established or Exemplary (or 1 to 4)\n  \
             {bad}: row 4, column \"MSG proposal\": \"7.1\" is not one of the MSG's 25 proposals (1.1 to 6.3)\n  \
             {bad}: row 5, column \"MSG proposal\": repeats proposal 1.1, already given on row 2: give each proposal once\n"
        )
    );
    assert_eq!(
        db.json(&["selfeval", "list"]),
        json!([]),
        "nothing was stored"
    );
}

#[test]
fn map_reads_an_unusual_header() {
    let db = Db::new();
    let dir = Workdir::new();
    let file = dir.write("odd.csv", "Proposal,Self-assessment\n1.1,exemplary\n");
    db.ok(&[
        "selfeval",
        "import",
        &file,
        "--partnership",
        "Angus",
        "--label",
        "draft",
        "--map",
        "Self-assessment=rating",
    ]);
    assert_eq!(totals(&db.json(&["selfeval", "summary"])), (0, 0, 0, 1, 24));
}

#[test]
fn benchmarking_two_partnerships_shows_whom_to_learn_from() {
    let db = Db::new();
    db.import_angus_2019();
    db.ok(&[
        "selfeval",
        "import",
        PEER_2019,
        "--partnership",
        "Peerside",
        "--label",
        "2019",
        "--on",
        "2019-05-14",
    ]);
    let result = db.json(&[
        "selfeval",
        "benchmark",
        "--label",
        "2019",
        "--partnership",
        "Angus",
        "--partnership",
        "Peerside",
    ]);
    assert_eq!(result["partnerships"], json!(["Angus", "Peerside"]));
    assert_eq!(result["proposals"].as_array().unwrap().len(), 25);
    assert_eq!(
        result["proposals"][5],
        json!({
            "proposal": "2.3",
            "key_feature": 2,
            "ratings": [
                {"partnership": "Angus", "rating": "Partly established"},
                {"partnership": "Peerside", "rating": "Exemplary"}
            ]
        })
    );
    let learning: Vec<(String, String, String, String)> = result["learn_from"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["partnership"].as_str().unwrap().to_string(),
                l["proposal"].as_str().unwrap().to_string(),
                l["own"].as_str().unwrap().to_string(),
                l["learn_from"][0]["partnership"]
                    .as_str()
                    .unwrap()
                    .to_string(),
            )
        })
        .collect();
    let expected = [
        ("Angus", "1.2", "Partly established", "Peerside"),
        ("Angus", "2.3", "Partly established", "Peerside"),
        ("Peerside", "4.1", "Partly established", "Angus"),
        ("Peerside", "5.2", "Not yet established", "Angus"),
        ("Peerside", "6.1", "Established", "Angus"),
    ];
    let expected: Vec<(String, String, String, String)> = expected
        .iter()
        .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()))
        .collect();
    assert_eq!(learning, expected);

    let err = db.refused(&[
        "selfeval",
        "benchmark",
        "--label",
        "2019",
        "--partnership",
        "Angus",
    ]);
    assert!(err.contains("two or more partnerships"), "{err}");
}

#[test]
fn progress_counts_the_linked_milestones_of_the_partnerships_plan() {
    let db = Db::new();
    db.import_angus_2019();
    db.ok(&[
        "import",
        SEED_PLAN,
        "--plan",
        "Angus plan",
        "--partnership",
        "Angus",
    ]);
    for (milestone, proposal) in [
        ("1", "1.1"),
        ("2", "1.1"),
        ("14", "2.2"),
        ("18", "2.2"),
        ("15", "2.2"),
        ("15", "4.4"),
        ("32", "4.4"),
        ("35", "Proposal 5.1"),
        ("14", "2.2"),
    ] {
        db.ok(&["link", "--milestone", milestone, "--proposal", proposal]);
    }
    let rows = db.json(&[
        "selfeval",
        "progress",
        "--partnership",
        "Angus",
        "--as-of",
        "2020-02-18",
    ]);
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 25);
    let row = |id: &str| rows.iter().find(|r| r["proposal"] == id).unwrap().clone();
    assert_eq!(
        row("2.2"),
        json!({
            "proposal": "2.2",
            "key_feature": 2,
            "local_completion": true,
            "rating": "Partly established",
            "milestones": 3,
            "red": 0,
            "amber": 2,
            "green": 1,
            "complete": 0,
            "overdue": 2,
            "milestone_ids": [14, 15, 18]
        })
    );
    let counts = |id: &str| {
        let r = row(id);
        (
            r["milestones"].as_u64().unwrap(),
            r["amber"].as_u64().unwrap(),
            r["green"].as_u64().unwrap(),
            r["complete"].as_u64().unwrap(),
            r["overdue"].as_u64().unwrap(),
        )
    };
    assert_eq!(counts("1.1"), (2, 0, 2, 2, 0));
    assert_eq!(counts("4.4"), (2, 0, 2, 0, 0));
    assert_eq!(counts("5.1"), (1, 1, 0, 0, 1));
    let linked: u64 = rows.iter().map(|r| r["milestones"].as_u64().unwrap()).sum();
    assert_eq!(linked, 8);

    let err = db.refused(&["link", "--milestone", "14", "--proposal", "9.9"]);
    assert_eq!(
        err,
        "actionplan: \"9.9\" is not one of the MSG's 25 proposals (1.1 to 6.3)\n"
    );
    let err = db.refused(&["link", "--milestone", "999", "--proposal", "2.2"]);
    assert!(err.contains("no milestone with id 999"), "{err}");
    let err = db.refused(&["selfeval", "progress", "--partnership", "Nowhere"]);
    assert!(
        err.contains("no plan in use belongs to partnership \"Nowhere\""),
        "{err}"
    );
}

#[test]
fn the_appendix_msg_proposal_column_links_milestones_and_refuses_unknown_ids() {
    let db = Db::new();
    let dir = Workdir::new();
    let good = dir.write(
        "linked.csv",
        "Report Recommendation,Improvement Action,Milestone detail,Lead,Timeline,Comment/RAG,RAG,MSG proposal\n\
         Finance,Agree budgets,Budget agreed,A Person,Sep 19,Late,A,\"2.2, 2.3\"\n\
         ,,Set-aside agreed,A Person,Mar 20,,G,2.3\n",
    );
    db.ok(&["import", &good, "--plan", "P", "--partnership", "Angus"]);
    let rows = db.json(&[
        "selfeval",
        "progress",
        "--partnership",
        "Angus",
        "--as-of",
        "2020-02-18",
    ]);
    let of = |id: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["proposal"] == id)
            .unwrap()["milestone_ids"]
            .clone()
    };
    assert_eq!(of("2.2"), json!([1]));
    assert_eq!(of("2.3"), json!([1, 2]));
    assert_eq!(rows[4]["rating"], Value::Null, "no self-evaluation yet");

    let bad = dir.write(
        "bad-link.csv",
        "Report Recommendation,Improvement Action,Milestone detail,Lead,Timeline,Comment/RAG,RAG,MSG proposal\n\
         Finance,Agree budgets,Budget agreed,A Person,Sep 19,Late,A,9.9\n",
    );
    let err = db.refused(&["import", &bad, "--plan", "Q"]);
    assert!(
        err.contains(
            "row 2, column \"MSG proposal\": \"9.9\" is not one of the MSG's 25 proposals"
        ),
        "{err}"
    );
    assert!(err.contains("not one of the MSG's 25 proposals"), "{err}");
    let plans = db.ok(&["plans", "--format", "csv"]);
    assert_eq!(plans.lines().count(), 2, "only plan P: {plans}");
}

#[test]
fn show_without_a_self_evaluation_says_how_to_make_one() {
    let db = Db::new();
    db.ok(&["import", SEED_PLAN, "--plan", "NL"]);
    let err = db.refused(&["selfeval", "show"]);
    assert_eq!(
        err,
        "actionplan: the database holds no self-evaluation yet: import one with actionplan selfeval import FILE --partnership NAME --label LABEL\n"
    );
}
