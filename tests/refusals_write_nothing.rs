//! A command refused on a rule that needs no database refuses before the
//! database is opened: the file stays byte for byte as it was (an older
//! schema is not upgraded, the journal mode not switched), and the message
//! names what was wrong, not the database. Regressions of the work that
//! moved the rules into the application layer; indexed in regression.rs.

mod common;

use common::Workdir;

/// What broke: when the rules moved into the application layer, `update`,
/// `complete`, `cycle close`, `milestone add/edit/retire/move`, `retract` and
/// `returns import` opened the database for writing before the rule that
/// refused them ran, so a refused command upgraded an older database (which
/// colleagues on the older release then could not open) and switched its
/// journal mode. Found by the review of this work; the CLI now runs each
/// use case's `check_` rules before opening the file. Asserts every refusal
/// exits 2 and leaves the release 0.1.0 database byte for byte as it was.
#[test]
fn regression_a_refused_change_leaves_an_older_database_untouched() {
    let refused: &[&[&str]] = &[
        &["update", "1", "--rag", "A", "--on", "2099-01-01"],
        &["complete", "1", "--on", "2099-01-01"],
        &["complete", "1", "--rag", "G", "--on", "2099-01-01"],
        &["cycle", "close", "Later", "--on", "2099-01-01"],
        &[
            "milestone",
            "add",
            "--theme",
            "T",
            "--action",
            "A",
            "--milestone",
            "M",
            "--lead",
            "L",
            "--timeline",
            "Mar 20",
            "--by",
            "X",
            "--on",
            "2099-01-01",
        ],
        &["milestone", "edit", "1", "--by", "X"],
        &[
            "milestone",
            "retire",
            "1",
            "--reason",
            "Done elsewhere",
            "--by",
            " ",
        ],
        &["milestone", "move", "1", "--by", "X"],
        &[
            "retract",
            "1",
            "--reason",
            "Typed twice",
            "--by",
            "X",
            "--on",
            "2099-01-01",
        ],
        &[
            "returns",
            "import",
            "absent.xlsx",
            "--by",
            "X",
            "--on",
            "2099-01-01",
        ],
        // The text rules, checked before the file is opened too.
        &["update", "1", "--by", "X"],
        &["update", "1", "--comment", "c", "--by", "Ann\nLead"],
        &["cycle", "close", " "],
        &[
            "retract",
            "1",
            "--reason",
            "Typed twice",
            "--by",
            "Ann\nLead",
        ],
    ];
    for args in refused {
        let work = Workdir::new();
        common::with_release_0_1_0_database(&work);
        let before = std::fs::read(work.db()).expect("the release database");
        let output = work.run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?} was not refused");
        let after = std::fs::read(work.db()).expect("the database is still there");
        assert!(after == before, "{args:?} changed the database file");
        assert_eq!(common::schema_version(&work.db()), 3, "{args:?}");
    }
}

/// What broke (with the test above): with no database at all, a future date
/// was answered "no database at …" instead of naming the date. Asserts the
/// date is named and nothing is created.
#[test]
fn regression_a_future_date_is_refused_before_the_database_is_looked_for() {
    let work = Workdir::new();
    let err = work.fails(&["update", "18", "--rag", "A", "--on", "2099-01-01"]);
    assert!(
        err.contains("--on 2099-01-01 is in the future (today is "),
        "{err}"
    );
    assert!(!work.db().exists());
}

/// What broke: when lead returns moved into the application layer, two or
/// more returned files that each lacked their columns were refused with the
/// library's plain wording ("map a header to the ID field") instead of the
/// command line's ("map one with --map 'Header=ID'"): several refusals were
/// joined into one string before the command line could word them. Found by
/// the second review of this work; `Error::Imports` keeps each typed.
#[test]
fn regression_several_refused_returns_are_each_worded_with_their_flags() {
    let work = Workdir::with_seed_plan();
    work.write("first.csv", "Foo,Bar\n1,2\n");
    work.write("second.csv", "Foo,Bar\n1,2\n");
    let err = work.fails(&[
        "returns",
        "import",
        "first.csv",
        "second.csv",
        "--by",
        "Clerk",
    ]);
    for file in ["first.csv", "second.csv"] {
        assert!(
            err.contains(&format!(
                "{file}: no \"ID\" column (the ID field): the headers are \"Foo\", \"Bar\"; name it \"ID\", or map one with --map 'Header=ID'"
            )),
            "{err}"
        );
    }
}
