//! Telling what kind of file a plan came in by its content, not only its
//! name: a zip holding `xl/` is an Excel workbook, one holding `word/` a Word
//! document, one whose `mimetype` says so an OpenDocument spreadsheet (and
//! one holding `xl/workbook.bin` an Excel binary workbook); an OLE compound
//! file is an old Excel workbook, an old Word document (refused), or an
//! encrypted (password-protected) workbook or document; anything else is
//! read as CSV.

use std::io::{Cursor, Read};

use crate::io::panic_guard::without_panicking;

/// The kinds of file a plan can be read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated text.
    Csv,
    /// An Excel workbook: .xlsx, or .xlsm with macros.
    Xlsx,
    /// An old Excel workbook (.xls).
    Xls,
    /// An Excel binary workbook (.xlsb).
    Xlsb,
    /// An OpenDocument spreadsheet (.ods).
    Ods,
    /// A Word document (.docx) holding the plan as a table.
    Docx,
}

impl Format {
    /// The format as a user knows it, for messages.
    pub fn describe(self) -> &'static str {
        match self {
            Format::Csv => "a CSV file",
            Format::Xlsx => "an Excel workbook (.xlsx)",
            Format::Xls => "an old Excel workbook (.xls)",
            Format::Xlsb => "an Excel binary workbook (.xlsb)",
            Format::Ods => "an OpenDocument spreadsheet (.ods)",
            Format::Docx => "a Word document (.docx)",
        }
    }
}

/// The MIME type an OpenDocument spreadsheet stores in its `mimetype` entry.
const ODS_MIMETYPE: &str = "application/vnd.oasis.opendocument.spreadsheet";

/// What a damaged file should be saved as again, for messages.
const SAVE_AGAIN: &str =
    "open it in the program that made it and save it again, or save the plan as CSV UTF-8";

/// Works out a file's format from its bytes; `extension` (lower case, no dot)
/// only names a file whose content cannot tell. Refuses, saying why, a zip or
/// OLE file that is none of the formats read, damaged or encrypted.
pub fn detect(bytes: &[u8], extension: &str) -> Result<Format, String> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return detect_zip(bytes, extension);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return detect_compound_file(bytes);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(format!(
            "this is an old Excel workbook (.xls), not CSV, and it cannot be read: its header is damaged; {SAVE_AGAIN}"
        ));
    }
    Ok(Format::Csv)
}

/// A zip archive: which of the zipped formats, by the entries it holds.
fn detect_zip(bytes: &[u8], extension: &str) -> Result<Format, String> {
    let mut archive = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(archive) => archive,
        Err(error) => {
            let kind = match extension {
                "docx" => "a Word document (.docx)",
                "ods" => "an OpenDocument spreadsheet (.ods)",
                _ => "an Excel workbook (.xlsx)",
            };
            return Err(format!(
                "this is {kind}, not CSV, and it cannot be read: it is damaged or cut short ({error}); {SAVE_AGAIN}"
            ));
        }
    };
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .map(|name| name.into_owned())
        .collect();
    // An .xlsb keeps its workbook as binary records, not XML.
    if names.iter().any(|name| name == "xl/workbook.bin") {
        return Ok(Format::Xlsb);
    }
    if names.iter().any(|name| name.starts_with("xl/")) {
        return Ok(Format::Xlsx);
    }
    if names.iter().any(|name| name.starts_with("word/")) {
        return Ok(Format::Docx);
    }
    let mut mimetype = String::new();
    if let Ok(mut entry) = archive.by_name("mimetype") {
        // A mimetype entry that is not text is simply not an OpenDocument file.
        let _ = entry.by_ref().take(200).read_to_string(&mut mimetype);
    }
    match mimetype.trim() {
        ODS_MIMETYPE => Ok(Format::Ods),
        other if other.starts_with("application/vnd.oasis.opendocument") => Err(format!(
            "this is an OpenDocument file of type {other:?}, not a spreadsheet: save the plan as .ods, .xlsx or CSV"
        )),
        _ => Err(
            "this is a zip archive, but not an Excel workbook, a Word document or an OpenDocument spreadsheet: unzip it and import the plan inside"
                .to_string(),
        ),
    }
}

/// Whether a compound file's directory names a stream `name` (directory
/// entries hold their names in UTF-16LE).
fn names_stream(bytes: &[u8], name: &str) -> bool {
    let utf16: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    bytes
        .windows(utf16.len())
        .any(|window| window == utf16.as_slice())
}

/// An OLE compound file: an old .xls, an old Word document (.doc, which
/// holds a `WordDocument` stream and no `Workbook`), or an encrypted Office
/// file (which Office stores as a compound file holding an `EncryptedPackage`).
fn detect_compound_file(bytes: &[u8]) -> Result<Format, String> {
    // calamine's xlsx reader looks for the EncryptedPackage stream before anything else.
    let encrypted = without_panicking(|| {
        let opened = <calamine::Xlsx<_> as calamine::Reader<_>>::new(Cursor::new(bytes));
        Ok(matches!(opened, Err(calamine::XlsxError::Password)))
    });
    match encrypted {
        Ok(true) => Err(
            "the file is password-protected (encrypted), so it cannot be read: open it, remove the password (in Excel or Word: File > Info > Protect > Encrypt with Password, clear it), save, and import it again"
                .to_string(),
        ),
        _ if names_stream(bytes, "WordDocument")
            && !names_stream(bytes, "Workbook")
            && !names_stream(bytes, "Book") =>
        {
            Err(
                "this is an old Word document (.doc, Word 97-2003), which cannot be read: open it in Word and save it as a Word document (.docx), then import that"
                    .to_string(),
            )
        }
        _ => Ok(Format::Xls),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_csv() {
        assert_eq!(detect(b"a,b\n1,2\n", "csv"), Ok(Format::Csv));
        assert_eq!(detect(b"a,b\n1,2\n", "xlsx"), Ok(Format::Csv));
    }

    #[test]
    fn a_cut_short_zip_is_named_by_its_extension() {
        let cut = b"PK\x03\x04\x14\x00\x06\x00rest of nothing";
        let message = detect(cut, "docx").unwrap_err();
        assert!(message.starts_with("this is a Word document (.docx), not CSV, and it cannot be read: it is damaged or cut short"), "{message}");
        let message = detect(cut, "csv").unwrap_err();
        assert!(
            message.starts_with("this is an Excel workbook (.xlsx)"),
            "{message}"
        );
    }

    /// Regression: an .xlsb (its workbook in xl/workbook.bin) was sent to
    /// the .xlsx reader, which looks for XML and calls the file damaged.
    #[test]
    fn regression_an_excel_binary_workbook_is_told_from_an_xlsx() {
        use std::io::Write;
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        writer
            .start_file("xl/workbook.bin", zip::write::SimpleFileOptions::default())
            .unwrap();
        writer.write_all(b"\x83\x01\x00").unwrap();
        let bytes = writer.finish().unwrap().into_inner();
        assert_eq!(detect(&bytes, "xlsb"), Ok(Format::Xlsb));
    }

    /// Regression: a Word 97 .doc was called an old Excel workbook, and
    /// refused as a damaged one.
    #[test]
    fn regression_an_old_word_document_is_named_as_one() {
        let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        doc.extend(vec![0; 504]);
        doc.extend("WordDocument".encode_utf16().flat_map(u16::to_le_bytes));
        let message = detect(&doc, "doc").unwrap_err();
        assert!(
            message.starts_with("this is an old Word document (.doc, Word 97-2003)"),
            "{message}"
        );
    }

    #[test]
    fn a_damaged_compound_file_header_is_refused() {
        let message = detect(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0], "xls").unwrap_err();
        assert!(message.contains("old Excel workbook (.xls)"), "{message}");
    }
}
