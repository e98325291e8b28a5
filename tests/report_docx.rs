//! `actionplan report --format docx`: the committee pack as a Word document
//! (A4 landscape), read back as XML, imported back as a plan, and rendered
//! by LibreOffice.

mod common;

use std::process::Command;

use common::{Workdir, document_xml};

const AS_OF: &str = "2020-03-05";

/// The seed plan with the February cycle closed and two updates after it,
/// so the pack has a movement section.
fn plan_with_movement() -> Workdir {
    let work = Workdir::with_seed_plan();
    work.ok(&["cycle", "close", "IJB 18 Feb 2020", "--on", "2020-02-18"]);
    work.ok(&["update", "18", "--rag", "R", "--on", "2020-03-02"]);
    work.ok(&[
        "update",
        "13",
        "--due",
        "Mar 20",
        "--reason",
        "Recruitment",
        "--on",
        "2020-03-03",
    ]);
    work
}

fn pack_docx(work: &Workdir) -> String {
    let path = work.file("pack.docx").display().to_string();
    work.ok(&["report", "--as-of", AS_OF, "--format", "docx", "-o", &path]);
    path
}

/// The tables of the document, each as its XML.
fn tables(xml: &str) -> Vec<&str> {
    xml.split("<w:tbl>").skip(1).collect()
}

#[test]
fn the_pack_has_its_sections_as_landscape_tables_with_repeated_headers() {
    let work = plan_with_movement();
    let xml = document_xml(&pack_docx(&work));
    assert!(xml.contains(r#"w:orient="landscape""#), "landscape");
    let tables = tables(&xml);
    // The chart, the summary, the appendix, the overdue list, the movement
    // and its counts per theme, and the flags.
    assert_eq!(tables.len(), 7);
    assert_eq!(
        xml.matches("<w:tblHeader />").count(),
        6,
        "all but the chart"
    );
    // The chart: one row per theme; each bar as many grid columns as the
    // theme has milestones (Operational Structure: 6 A + 4 G).
    let chart = tables[0];
    assert_eq!(chart.matches("<w:tr>").count(), 7);
    let operational = chart.split("<w:tr>").nth(2).unwrap();
    assert!(operational.contains("Operational Structure"));
    assert!(operational.contains(r#"<w:gridSpan w:val="6" />"#));
    assert!(operational.contains(r#"<w:gridSpan w:val="4" />"#));
    assert!(operational.contains(">6 A<") && operational.contains(">4 G<"));
    // The appendix: the header and one row per milestone.
    assert_eq!(tables[2].matches("<w:tr>").count(), 39);
    for heading in [
        "Summary: 38 milestones in 7 themes",
        "Appendix: the action plan (38 milestones)",
        "Overdue milestones (",
        "Movement since cycle",
        "Ratings to look at (",
    ] {
        assert!(xml.contains(heading), "{heading}");
    }
}

/// The appendix inside the pack is the plan: importing the pack gives the
/// same milestones as the plan it came from.
#[test]
fn the_packs_appendix_imports_back_as_the_same_plan() {
    let work = plan_with_movement();
    let path = pack_docx(&work);
    work.ok(&["import", &path, "--plan", "Again"]);
    let listed = |plan: &str| -> Vec<(String, String, String)> {
        work.json(&["list", "--plan", plan, "--format", "json"])
            .as_array()
            .unwrap()
            .iter()
            .map(|m| {
                (
                    m["milestone"].as_str().unwrap().to_string(),
                    m["leads"].to_string(),
                    m["rag"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(listed("Again"), listed("NL"));
}

#[test]
fn the_database_is_refused_as_the_output() {
    let work = Workdir::with_seed_plan();
    let before = work.dump();
    let db = work.db().display().to_string();
    let stderr = work.fails(&["report", "--format", "docx", "-o", &db]);
    assert!(stderr.contains("actionplan.db"), "{stderr}");
    assert_eq!(work.dump(), before);
}

fn found(tool: &str, version_flag: &str) -> bool {
    Command::new(tool)
        .arg(version_flag)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// LibreOffice opens the pack: an A4 landscape PDF holding every section
/// and every milestone.
#[test]
fn libreoffice_renders_the_pack() {
    if !found("soffice", "--version") || !found("pdftotext", "-v") {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "LibreOffice (soffice) or poppler-utils is not installed: CI must install them"
        );
        eprintln!("SKIPPED: soffice or pdftotext is not on PATH, so no LibreOffice check was made");
        return;
    }
    let work = plan_with_movement();
    let path = pack_docx(&work);
    let out_dir = work.file("pdf");
    let output = Command::new("soffice")
        .arg("--headless")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            work.file("lo-profile").display()
        ))
        .args(["--convert-to", "pdf", "--outdir"])
        .arg(&out_dir)
        .arg(&path)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let pdf = out_dir.join("pack.pdf").display().to_string();
    let info = Command::new("pdfinfo").arg(&pdf).output().unwrap();
    let info = String::from_utf8(info.stdout).unwrap();
    assert!(info.contains("841.89 x 595.3"), "A4 landscape: {info}");
    let text = Command::new("pdftotext")
        .args(["-layout", &pdf, "-"])
        .output()
        .unwrap();
    let text = String::from_utf8(text.stdout).unwrap();
    let squeezed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for heading in [
        "Summary: 38 milestones in 7 themes",
        "Appendix: the action plan (38 milestones)",
        "Ratings to look at",
    ] {
        assert!(squeezed.contains(heading), "{heading}");
    }
    for milestone in work.json(&["list", "--format", "json"]).as_array().unwrap() {
        let first_words: Vec<&str> = milestone["milestone"]
            .as_str()
            .unwrap()
            .split_whitespace()
            .take(3)
            .collect();
        let first_words = first_words.join(" ");
        assert!(squeezed.contains(&first_words), "{first_words}");
    }
}

/// Regression: `-o pack.docx` without --format wrote HTML (and `export -o
/// appendix.docx` wrote CSV) into a file Word then called damaged. The
/// extension now chooses the format, and a --format it contradicts is refused.
#[test]
fn the_output_files_extension_chooses_the_format() {
    let work = Workdir::with_seed_plan();
    for (args, name) in [
        (&["report", "--as-of", AS_OF][..], "pack.docx"),
        (&["export"][..], "appendix.docx"),
    ] {
        let path = work.file(name).display().to_string();
        let mut with_output = args.to_vec();
        with_output.extend(["-o", &path]);
        work.ok(&with_output);
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.starts_with(b"PK"), "{name} is a zip, as a .docx is");
    }
    let markdown = work.file("pack.md").display().to_string();
    work.ok(&["report", "--as-of", AS_OF, "-o", &markdown]);
    assert!(
        std::fs::read_to_string(&markdown)
            .unwrap()
            .starts_with("# NL\n")
    );
    let before = work.dump();
    let stderr = work.fails(&["report", "--format", "html", "-o", "pack.docx"]);
    assert_eq!(
        stderr,
        "actionplan: -o pack.docx ends in .docx but --format is html: give --format docx, or a file name to match\n"
    );
    let stderr = work.fails(&["export", "--format", "csv", "-o", "appendix.docx"]);
    assert!(stderr.contains("give --format docx"), "{stderr}");
    // A name another program owns (Excel, PDF) is refused unless --format
    // says to write there anyway: CSV in plan.xlsx is a file Excel rejects.
    assert_eq!(
        work.fails(&["export", "-o", "plan.xlsx"]),
        "actionplan: -o plan.xlsx: this command does not write .xlsx files; it writes .csv, .docx (give --format to write one under this name anyway)\n"
    );
    assert!(
        work.fails(&["report", "-o", "pack.pdf"])
            .contains("does not write .pdf files")
    );
    assert!(!work.file("plan.xlsx").exists() && !work.file("pack.pdf").exists());
    assert_eq!(work.dump(), before);
}

/// Regression: the Markdown pack wrote a comment's control characters raw,
/// so an ESC sequence in a comment reached the terminal.
#[test]
fn the_markdown_pack_escapes_control_characters() {
    let work = Workdir::with_seed_plan();
    work.ok(&[
        "update",
        "1",
        "--comment",
        "red \u{1b}[31m here",
        "--on",
        "2020-02-10",
    ]);
    let markdown = work.ok(&["report", "--as-of", AS_OF, "--format", "markdown"]);
    assert!(!markdown.contains('\u{1b}'));
    assert!(markdown.contains(r"red \u{1b}\[31m here"), "{markdown}");
}
