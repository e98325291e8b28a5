//! The one list of output formats. Every command writes some of them (a
//! report's rows as a table, CSV, JSON or Markdown; a paper as HTML, Word or
//! Markdown; a lead's return as Excel or CSV), and every command names them
//! with this one type, so a format added here is a format every command can
//! be given.

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// A table (or, for a card or a letter, plain text) for reading.
    #[default]
    Table,
    /// CSV for spreadsheets: UTF-8 with a byte order mark, CRLF, formula-safe.
    Csv,
    /// JSON for programs.
    Json,
    /// GitHub-flavoured Markdown, every cell escaped.
    Markdown,
    /// One self-contained HTML file.
    Html,
    /// A Word document.
    Docx,
    /// An Excel workbook.
    Xlsx,
}

impl Format {
    /// The file extensions that name this format, the one it is written
    /// with first (`html`, then `htm`).
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Format::Table => &["txt"],
            Format::Csv => &["csv"],
            Format::Json => &["json"],
            Format::Markdown => &["md", "markdown"],
            Format::Html => &["html", "htm"],
            Format::Docx => &["docx"],
            Format::Xlsx => &["xlsx"],
        }
    }

    /// The file extension a file in this format is written with.
    pub fn extension(self) -> &'static str {
        self.extensions()[0]
    }

    /// The format a file extension names, compared without case.
    pub fn from_extension(extension: &str) -> Option<Format> {
        let extension = extension.to_lowercase();
        ALL.into_iter()
            .find(|format| format.extensions().contains(&extension.as_str()))
    }

    /// Whether the format is a binary file, never printed to a terminal.
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Docx | Format::Xlsx)
    }
}

/// Every format, in the order of the enum.
pub const ALL: [Format; 7] = [
    Format::Table,
    Format::Csv,
    Format::Json,
    Format::Markdown,
    Format::Html,
    Format::Docx,
    Format::Xlsx,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_reads_back_from_its_own_extension() {
        for format in ALL {
            assert_eq!(Format::from_extension(format.extension()), Some(format));
        }
    }

    #[test]
    fn other_spellings_and_any_case_name_the_same_format() {
        assert_eq!(Format::from_extension("HTM"), Some(Format::Html));
        assert_eq!(Format::from_extension("Markdown"), Some(Format::Markdown));
        assert_eq!(Format::from_extension("pdf"), None);
    }

    #[test]
    fn only_office_files_are_binary() {
        let binary: Vec<Format> = ALL.into_iter().filter(|f| f.is_binary()).collect();
        assert_eq!(binary, [Format::Docx, Format::Xlsx]);
    }
}
