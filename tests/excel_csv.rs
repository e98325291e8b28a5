//! Every CSV opens in Excel as it is: the UTF-8 byte order mark once at the
//! very start, CRLF line ends, and `--no-bom` (a global flag) for scripts,
//! which drops the mark and nothing else.

mod common;

use common::{BOM, Workdir};

const ANGUS_2019: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/data/angus-msg-self-evaluation-2019.csv"
);
const ANGUS_2020: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/angus-msg-self-evaluation-2020.csv"
);
const PEER_2019: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/angus-msg-self-evaluation-2019-peer.csv"
);

/// The seed plan with something in every report: updates, two cycles,
/// self-evaluations (its own partnership's too), a link and a return sent.
fn everything() -> Workdir {
    let work = Workdir::with_seed_plan();
    work.ok(&["cycle", "close", "IJB 18 Feb 2020", "--on", "2020-02-18"]);
    work.ok(&[
        "update",
        "4",
        "--rag",
        "R",
        "--comment",
        "Delayed – see note",
        "--on",
        "2020-02-20",
    ]);
    work.ok(&[
        "update",
        "18",
        "--due",
        "Jun 20",
        "--reason",
        "Recruitment",
        "--on",
        "2020-02-21",
    ]);
    work.ok(&["cycle", "close", "IJB 17 Mar 2020", "--on", "2020-03-17"]);
    for (file, partnership, label, on) in [
        (ANGUS_2019, "Angus", "2019", "2019-05-10"),
        (ANGUS_2020, "Angus", "2020", "2020-05-12"),
        (PEER_2019, "Peerside", "2019", "2019-05-14"),
        (ANGUS_2019, "North Lanarkshire", "2019", "2019-05-10"),
    ] {
        work.ok(&[
            "selfeval",
            "import",
            file,
            "--partnership",
            partnership,
            "--label",
            label,
            "--on",
            on,
        ]);
    }
    work.ok(&["link", "--milestone", "4", "--proposal", "1.1"]);
    let sent = work.file("marie.csv");
    work.ok(&[
        "returns",
        "export",
        "--lead",
        "Marie Moy",
        "--format",
        "csv",
        "-o",
        sent.to_str().unwrap(),
    ]);
    work
}

/// Every command that prints CSV, with the arguments that make it do so.
const CSV_COMMANDS: &[&[&str]] = &[
    &["overdue", "--as-of", "2020-02-18", "--format", "csv"],
    &["rag", "--format", "csv"],
    &["plans", "--format", "csv"],
    &["list", "--format", "csv"],
    &["lead", "list", "--as-of", "2020-02-18", "--format", "csv"],
    &["history", "--format", "csv"],
    &["slipped", "--format", "csv"],
    &["cycle", "list", "--format", "csv"],
    &["movement", "--format", "csv"],
    &["weekly", "--as-of", "2020-02-18", "--format", "csv"],
    &["returns", "status", "--format", "csv"],
    &["selfeval", "list", "--format", "csv"],
    &[
        "selfeval",
        "show",
        "--partnership",
        "Angus",
        "--format",
        "csv",
    ],
    &[
        "selfeval",
        "summary",
        "--partnership",
        "Angus",
        "--format",
        "csv",
    ],
    &[
        "selfeval",
        "compare",
        "--partnership",
        "Angus",
        "--from",
        "2019",
        "--to",
        "2020",
        "--format",
        "csv",
    ],
    &[
        "selfeval",
        "benchmark",
        "--label",
        "2019",
        "--partnership",
        "Angus",
        "--partnership",
        "Peerside",
        "--format",
        "csv",
    ],
    &[
        "selfeval",
        "progress",
        "--partnership",
        "North Lanarkshire",
        "--format",
        "csv",
    ],
    &["export"],
];

fn stdout_of(work: &Workdir, args: &[&str]) -> Vec<u8> {
    let output = work.run(args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "actionplan {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// Checks `bytes` is CSV as Excel wants it: one BOM, then a header line
/// ending in CRLF, and the whole ending in CRLF.
fn assert_excel_csv(args: &[&str], bytes: &[u8]) {
    assert!(bytes.starts_with(BOM), "{args:?} has no BOM");
    let rest = &bytes[BOM.len()..];
    assert!(!rest.starts_with(BOM), "{args:?} has two BOMs");
    assert!(
        !rest.windows(3).any(|w| w == BOM),
        "{args:?}: the BOM appears only at the very start"
    );
    let header_end = rest.iter().position(|&b| b == b'\n').unwrap();
    assert!(
        header_end > 0 && rest[header_end - 1] == b'\r',
        "{args:?}: CRLF after the header"
    );
    assert!(rest.ends_with(b"\r\n"), "{args:?}: ends with CRLF");
}

#[test]
fn every_report_csv_starts_with_the_bom_and_no_bom_drops_only_it() {
    let work = everything();
    for args in CSV_COMMANDS {
        let with = stdout_of(&work, args);
        assert_excel_csv(args, &with);
        // After the command, as a global flag may be given.
        let mut after = args.to_vec();
        after.push("--no-bom");
        let without = stdout_of(&work, &after);
        assert_eq!(
            without,
            &with[BOM.len()..],
            "{args:?} --no-bom drops the three bytes and nothing else"
        );
        // Before the command.
        let before = [&["--no-bom"], *args].concat();
        assert_eq!(stdout_of(&work, &before), without, "--no-bom {args:?}");
    }
}

#[test]
fn the_en_dash_reaches_excel_as_utf8_after_the_bom() {
    let work = everything();
    let history = stdout_of(&work, &["history", "--format", "csv"]);
    assert!(history.starts_with(b"\xEF\xBB\xBFid,plan,milestone,on,by,"));
    let dash = "Delayed \u{2013} see note".as_bytes();
    assert!(history.windows(dash.len()).any(|w| w == dash));
}

#[test]
fn weekly_split_by_lead_csv_files_each_start_with_the_bom() {
    let work = Workdir::with_seed_plan();
    for (folder, flag) in [("with", None), ("without", Some("--no-bom"))] {
        let out = work.file(folder);
        let mut args = vec!["weekly", "--as-of", "2020-02-18", "--format", "csv"];
        args.extend(flag);
        args.extend(["--split-by-lead", out.to_str().unwrap()]);
        stdout_of(&work, &args);
        let mut files: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "csv"))
            .collect();
        files.sort();
        assert_eq!(files.len(), 10);
        for file in files {
            let bytes = std::fs::read(&file).unwrap();
            let header = b"lead,section,id,plan,milestone,timeline,due,status,rag,comment,";
            match flag {
                None => {
                    assert_excel_csv(&["weekly"], &bytes);
                    assert!(bytes[BOM.len()..].starts_with(header), "{file:?}");
                }
                Some(_) => assert!(bytes.starts_with(header), "{file:?}"),
            }
        }
    }
}

#[test]
fn a_csv_return_has_the_bom_unless_no_bom_is_given() {
    let work = Workdir::with_seed_plan();
    let with = work.file("with.csv");
    let without = work.file("without.csv");
    let export = |path: &std::path::Path, extra: &[&str]| {
        let mut args = vec![
            "returns",
            "export",
            "--lead",
            "Marie Moy",
            "--format",
            "csv",
        ];
        args.extend(extra);
        args.extend(["-o", path.to_str().unwrap()]);
        stdout_of(&work, &args);
        std::fs::read(path).unwrap()
    };
    let with = export(&with, &[]);
    assert_excel_csv(&["returns", "export"], &with);
    let without = export(&without, &["--no-bom"]);
    // The two returns differ only in their tokens' return number.
    assert!(!without.starts_with(BOM));
    assert_eq!(
        without.split(|&b| b == b'\n').next(),
        with[BOM.len()..].split(|&b| b == b'\n').next(),
        "the same header"
    );
}

#[test]
fn an_exported_appendix_imports_back_with_or_without_the_bom() {
    let work = Workdir::with_seed_plan();
    for (name, flag) in [("with.csv", None), ("without.csv", Some("--no-bom"))] {
        let path = work.file(name);
        let mut args = vec!["export", "--plan", "NL", "-o", path.to_str().unwrap()];
        args.extend(flag);
        stdout_of(&work, &args);
        let bytes = std::fs::read(&path).unwrap();
        assert_eq!(bytes.starts_with(BOM), flag.is_none(), "{name}");
        let plan = format!("Again {name}");
        work.ok(&["import", path.to_str().unwrap(), "--plan", &plan]);
        let again = stdout_of(&work, &["export", "--plan", &plan]);
        let original = stdout_of(&work, &["export", "--plan", "NL"]);
        assert_eq!(again, original, "{name} round-trips");
    }
}
