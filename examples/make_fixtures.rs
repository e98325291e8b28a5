//! Makes the workbook and Word fixtures the import tests read, from the seed
//! plan, so that they can be made again whenever the seed or a writer changes:
//!
//! ```text
//! cargo run --example make_fixtures
//! ```
//!
//! It writes, under `tests/data/plans/`, the North Lanarkshire plan
//! (`data/north-lanarkshire-integration-review-2020.csv`) as officers keep it:
//! an Excel workbook with a title row above the header, merged Recommendation
//! and Improvement Action cells and month timelines as date cells formatted
//! mmm-yy; a Word committee paper with a heading, a paragraph and a version
//! table before the plan's table (merged cells as vMerge, leads and
//! milestone lines as paragraphs); and an OpenDocument spreadsheet. The old
//! Excel format (.xls) has no Rust writer: when LibreOffice (`soffice`) is
//! installed the workbook is converted to it, as an officer's "Save As Excel
//! 97-2003" would. Under `tests/data/bad/` it writes the workbooks and paper
//! that must be refused.

use std::error::Error;
use std::fs;
use std::io::{Cursor, Write};

use actionplan::io::appendix::appendix_headers;
use actionplan::model::Timeline;
use actionplan::model::timeline::Precision;
use chrono::Datelike;
use docx_rs::{Docx, Paragraph, Run, Table, TableCell, TableRow, VMergeType};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};

type Result<T> = std::result::Result<T, Box<dyn Error>>;

const SEED: &str = "data/north-lanarkshire-integration-review-2020.csv";
const PLANS: &str = "tests/data/plans";
const BAD: &str = "tests/data/bad";
const TITLE: &str = "Appendix 1: Integration Review action plan, progress to February 2020";

/// The seed plan: its header and its rows, blank where a cell continues the one above.
struct Seed {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Seed {
    fn read() -> Result<Seed> {
        let mut reader = csv::Reader::from_path(SEED)?;
        let header = reader.headers()?.iter().map(str::to_string).collect();
        let rows = reader
            .records()
            .map(|r| r.map(|r| r.iter().map(str::to_string).collect()))
            .collect::<std::result::Result<_, _>>()?;
        Ok(Seed { header, rows })
    }

    /// The runs of rows (first, last) that one cell of `column` covers: a
    /// named cell and the blank cells below it, ending where `column` or any
    /// column to its left names something new.
    fn spans(&self, column: usize) -> Vec<(usize, usize)> {
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for (index, row) in self.rows.iter().enumerate() {
            let starts = row[..=column].iter().any(|cell| !cell.is_empty());
            match spans.last_mut() {
                Some(span) if !starts => span.1 = index,
                _ => spans.push((index, index)),
            }
        }
        spans
    }
}

fn main() -> Result<()> {
    let seed = Seed::read()?;
    fs::create_dir_all(PLANS)?;
    let workbook = plan_workbook(&seed)?;
    fs::write(format!("{PLANS}/north-lanarkshire-2020.xlsx"), &workbook)?;
    convert_to_xls(&format!("{PLANS}/north-lanarkshire-2020.xlsx"));
    if let Ok(xls) = fs::read(format!("{PLANS}/north-lanarkshire-2020.xls")) {
        // Cut inside its sector table, at a length that is not a whole number
        // of the table's 4-byte entries: calamine 0.38 panics on it.
        fs::write(
            format!("{BAD}/workbook_old_excel_cut_short.xls"),
            &xls[..xls.len().min(715)],
        )?;
    }
    fs::write(
        format!("{PLANS}/north-lanarkshire-2020.docx"),
        plan_paper(&seed)?,
    )?;
    fs::write(
        format!("{PLANS}/north-lanarkshire-2020.ods"),
        plan_ods(&seed)?,
    )?;
    fs::write(
        format!("{BAD}/workbook_cut_short.xlsx"),
        &workbook[..workbook.len() / 2],
    )?;
    fs::write(
        format!("{BAD}/workbook_without_a_plan_sheet.xlsx"),
        workbook_without_plan()?,
    )?;
    fs::write(
        format!("{BAD}/workbook_timeline_formatted_as_number.xlsx"),
        workbook_with_number_timeline()?,
    )?;
    fs::write(
        format!("{BAD}/workbook_password_protected.xlsx"),
        encrypted_workbook()?,
    )?;
    fs::write(
        format!("{BAD}/paper_without_a_plan_table.docx"),
        paper_without_plan()?,
    )?;
    println!("fixtures written under {PLANS} and {BAD}");
    Ok(())
}

/// A workbook dated the committee's day, so that remaking the fixtures
/// changes no byte unless their content changes.
fn new_workbook() -> Workbook {
    let mut workbook = Workbook::new();
    let day = ExcelDateTime::from_ymd(2020, 2, 18).expect("a real date");
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&day));
    workbook
}

/// The seed plan as an Excel workbook.
fn plan_workbook(seed: &Seed) -> Result<Vec<u8>> {
    let mut workbook = new_workbook();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Action plan")?;
    let wrap = Format::new().set_text_wrap();
    let month = Format::new().set_num_format("mmm-yy");
    sheet.merge_range(0, 0, 0, 6, TITLE, &Format::new().set_bold())?;
    for (column, header) in seed.header.iter().enumerate() {
        sheet.write_string_with_format(2, column as u16, header, &Format::new().set_bold())?;
        sheet.set_column_width(column as u16, 30)?;
    }
    let first = 3u32; // data starts on row 4, as Excel numbers it
    for column in [0usize, 1] {
        for (start, end) in seed.spans(column) {
            let text = &seed.rows[start][column];
            let (top, bottom) = (first + start as u32, first + end as u32);
            if bottom > top {
                sheet.merge_range(top, column as u16, bottom, column as u16, text, &wrap)?;
            } else {
                sheet.write_string_with_format(top, column as u16, text, &wrap)?;
            }
        }
    }
    for (index, row) in seed.rows.iter().enumerate() {
        let at = first + index as u32;
        for (column, text) in row.iter().enumerate().skip(2) {
            if column == 4 {
                write_timeline(sheet, at, text, &month)?;
            } else {
                sheet.write_string_with_format(at, column as u16, text, &wrap)?;
            }
        }
    }
    Ok(workbook.save_to_buffer()?)
}

/// Converts a workbook to .xls beside it with LibreOffice, when it is installed.
fn convert_to_xls(xlsx: &str) {
    let converted = std::process::Command::new("soffice")
        .args(["--headless", "--convert-to", "xls", "--outdir", PLANS, xlsx])
        .output();
    match converted {
        Ok(output) if output.status.success() => println!("{xlsx} converted to .xls"),
        _ => println!("soffice (LibreOffice) did not run: the .xls fixture was left as it was"),
    }
}

/// A month timeline as a date cell formatted mmm-yy (as Excel stores "Sep 19"
/// typed into a cell); any other timeline as text.
fn write_timeline(sheet: &mut Worksheet, row: u32, text: &str, month: &Format) -> Result<()> {
    match Timeline::parse(text) {
        Ok(timeline) if timeline.precision() == Precision::Month => {
            let due = timeline.due();
            let date = ExcelDateTime::from_ymd(due.year() as u16, due.month() as u8, 1)?;
            sheet.write_datetime_with_format(row, 4, &date, month)?;
        }
        _ => {
            sheet.write_string(row, 4, text)?;
        }
    }
    Ok(())
}

/// A Word table cell holding one paragraph per line of `text`.
fn word_cell(text: &str) -> TableCell {
    let mut cell = TableCell::new();
    for line in text.lines() {
        cell = cell.add_paragraph(Paragraph::new().add_run(Run::new().add_text(line)));
    }
    if text.is_empty() {
        cell = cell.add_paragraph(Paragraph::new());
    }
    cell
}

/// The seed plan as the committee paper: a heading, a paragraph, a version
/// table, then the plan's table.
fn plan_paper(seed: &Seed) -> Result<Vec<u8>> {
    let header = TableRow::new(
        seed.header
            .iter()
            .map(|h| {
                TableCell::new()
                    .add_paragraph(Paragraph::new().add_run(Run::new().add_text(h).bold()))
            })
            .collect(),
    );
    let theme_starts: Vec<usize> = seed.spans(0).iter().map(|s| s.0).collect();
    let action_starts: Vec<usize> = seed.spans(1).iter().map(|s| s.0).collect();
    let mut rows = vec![header];
    for (index, row) in seed.rows.iter().enumerate() {
        let mut cells = Vec::new();
        for (column, starts) in [(0, &theme_starts), (1, &action_starts)] {
            cells.push(if starts.contains(&index) {
                word_cell(&row[column]).vertical_merge(VMergeType::Restart)
            } else {
                word_cell("").vertical_merge(VMergeType::Continue)
            });
        }
        cells.extend(row[2..].iter().map(|text| word_cell(text)));
        rows.push(TableRow::new(cells));
    }
    let versions = Table::new(vec![
        TableRow::new(vec![
            word_cell("Version"),
            word_cell("Date"),
            word_cell("Author"),
        ]),
        TableRow::new(vec![
            word_cell("1.2"),
            word_cell("18 February 2020"),
            word_cell("Chief Officer"),
        ]),
    ]);
    let paper = Docx::new()
        .add_paragraph(
            Paragraph::new().add_run(Run::new().add_text("North Lanarkshire Council").bold()),
        )
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(
            "Report to the Adult Health and Social Care Committee, 18 February 2020. \
             Appendix 1 shows progress on the Integration Review action plan.",
        )))
        .add_table(versions)
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text(TITLE).bold()))
        .add_table(Table::new(rows));
    let mut bytes = Cursor::new(Vec::new());
    paper.build().pack(&mut bytes)?;
    Ok(bytes.into_inner())
}

/// Text escaped for XML.
fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The seed plan as an OpenDocument spreadsheet (as LibreOffice saves one,
/// cut to what a reader needs): a title row, a blank row, the header, the rows.
fn plan_ods(seed: &Seed) -> Result<Vec<u8>> {
    let cell = |text: &str| {
        if text.is_empty() {
            "<table:table-cell/>".to_string()
        } else {
            let paragraphs: String = text
                .lines()
                .map(|line| format!("<text:p>{}</text:p>", xml_escape(line)))
                .collect();
            format!(
                "<table:table-cell office:value-type=\"string\">{paragraphs}</table:table-cell>"
            )
        }
    };
    let row = |cells: &[String]| {
        let cells: String = cells.iter().map(|c| cell(c)).collect();
        format!("<table:table-row>{cells}</table:table-row>")
    };
    let mut body = row(&[TITLE.to_string()]);
    body.push_str("<table:table-row><table:table-cell/></table:table-row>");
    body.push_str(&row(&seed.header));
    for data in &seed.rows {
        body.push_str(&row(data));
    }
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" \
         xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" \
         xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\">\
         <office:body><office:spreadsheet><table:table table:name=\"Action plan\">{body}</table:table>\
         </office:spreadsheet></office:body></office:document-content>"
    );
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">\
         <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>\
         <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>\
         </manifest:manifest>";
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored)?;
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")?;
    zip.start_file("content.xml", stored)?;
    zip.write_all(content.as_bytes())?;
    zip.start_file("META-INF/manifest.xml", stored)?;
    zip.write_all(manifest.as_bytes())?;
    Ok(zip.finish()?.into_inner())
}

/// A workbook whose sheets hold a cover page and a budget, but no plan.
fn workbook_without_plan() -> Result<Vec<u8>> {
    let mut workbook = new_workbook();
    let cover = workbook.add_worksheet();
    cover.set_name("Cover")?;
    cover.write_string(0, 0, TITLE)?;
    let budget = workbook.add_worksheet();
    budget.set_name("Budget")?;
    for (column, header) in ["Item", "Cost", "Funded by"].iter().enumerate() {
        budget.write_string(0, column as u16, *header)?;
    }
    budget.write_string(1, 0, "Organisational development")?;
    budget.write_number(1, 1, 12_000)?;
    budget.write_string(1, 2, "Integration fund")?;
    Ok(workbook.save_to_buffer()?)
}

/// A plan whose second milestone's timeline is the number 44286 in a cell
/// formatted General (a date whose format was lost), below a good one.
fn workbook_with_number_timeline() -> Result<Vec<u8>> {
    let mut workbook = new_workbook();
    let sheet = workbook.add_worksheet();
    sheet.set_name("Plan")?;
    for (column, text) in appendix_headers(false).iter().enumerate() {
        sheet.write_string(0, column as u16, *text)?;
    }
    let month = Format::new().set_num_format("mmm-yy");
    for (row, milestone) in [(1u32, "Group in place"), (2, "Terms of reference agreed")] {
        sheet.write_string(row, 0, "Leadership")?;
        sheet.write_string(row, 1, "Create a joint workforce forum")?;
        sheet.write_string(row, 2, milestone)?;
        sheet.write_string(row, 3, "Fiona Whittaker")?;
        sheet.write_string(row, 5, "Ongoing.")?;
        sheet.write_string(row, 6, "A")?;
    }
    sheet.write_datetime_with_format(1, 4, &ExcelDateTime::from_ymd(2021, 3, 1)?, &month)?;
    sheet.write_number(2, 4, 44_286)?;
    Ok(workbook.save_to_buffer()?)
}

/// An encrypted Office file as Excel saves a workbook with a password: a
/// compound file holding EncryptionInfo and the EncryptedPackage (here of
/// made-up bytes: no reader gets past seeing that it is encrypted).
fn encrypted_workbook() -> Result<Vec<u8>> {
    let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new()))?;
    let mut info = file.create_stream("/EncryptionInfo")?;
    info.write_all(&[4, 0, 4, 0, 0x40, 0, 0, 0])?;
    drop(info);
    let mut package = file.create_stream("/EncryptedPackage")?;
    package.write_all(
        &(0..4096u32)
            .map(|i| (i * 7 % 251) as u8)
            .collect::<Vec<_>>(),
    )?;
    drop(package);
    file.flush()?;
    Ok(file.into_inner().into_inner())
}

/// A committee paper whose only table is its version history.
fn paper_without_plan() -> Result<Vec<u8>> {
    let paper = Docx::new()
        .add_paragraph(Paragraph::new().add_run(Run::new().add_text("Integration review").bold()))
        .add_table(Table::new(vec![
            TableRow::new(vec![word_cell("Version"), word_cell("Date")]),
            TableRow::new(vec![word_cell("1.0"), word_cell("18 February 2020")]),
        ]));
    let mut bytes = Cursor::new(Vec::new());
    paper.build().pack(&mut bytes)?;
    Ok(bytes.into_inner())
}
