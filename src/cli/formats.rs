//! Which of the library's output formats ([`Format`]) each command writes,
//! under the names its `--format` takes. A command lists its choices once
//! (name, format, help); clap refuses any other name before the command runs.

use anyhow::anyhow;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};

pub use actionplan::render::Format;

/// One value `--format` takes: the name typed, the format it means, and the
/// line `--help` shows for it.
#[derive(Debug, Clone, Copy)]
pub struct FormatName {
    /// What the user types (`table`, `text`, `markdown`).
    pub name: &'static str,
    /// The format it chooses.
    pub format: Format,
    /// What `--help` says of it.
    pub help: &'static str,
}

/// The formats of a report of rows: table, CSV, JSON, Markdown.
pub const REPORT_FORMATS: &[FormatName] = &[
    FormatName {
        name: "table",
        format: Format::Table,
        help: "A table for reading",
    },
    FormatName {
        name: "csv",
        format: Format::Csv,
        help: "CSV for spreadsheets: UTF-8 with BOM (unless --no-bom), CRLF, formula-safe",
    },
    FormatName {
        name: "json",
        format: Format::Json,
        help: "JSON for programs",
    },
    FormatName {
        name: "markdown",
        format: Format::Markdown,
        help: "Markdown tables for papers, emails and wikis (cells escaped, line breaks as <br>)",
    },
];

/// A clap value parser taking exactly the names in `choices`.
pub fn parser(choices: &'static [FormatName]) -> impl TypedValueParser<Value = Format> {
    let values = choices
        .iter()
        .map(|choice| PossibleValue::new(choice.name).help(choice.help));
    PossibleValuesParser::new(values).map(move |name: String| {
        choices
            .iter()
            .find(|choice| choice.name == name)
            .map(|choice| choice.format)
            .unwrap_or_default()
    })
}

/// The name `format` goes by among `choices` (its extension if it is not one
/// of them), for messages.
pub fn name_of(format: Format, choices: &[FormatName]) -> &'static str {
    choices
        .iter()
        .find(|choice| choice.format == format)
        .map_or(format.extension(), |choice| choice.name)
}

/// The error for a format a command was handed but does not write. The
/// parser never hands one over; this keeps every match on [`Format`] total
/// without a panic.
pub fn not_written(format: Format, choices: &[FormatName]) -> anyhow::Error {
    let names: Vec<&str> = choices.iter().map(|choice| choice.name).collect();
    anyhow!(
        "this command does not write {}; it writes {}",
        format.extension(),
        names.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Probe {
        #[arg(long, value_parser = parser(REPORT_FORMATS), default_value = "table")]
        format: Format,
    }

    #[test]
    fn takes_the_listed_names_and_refuses_the_others() {
        let probe = Probe::try_parse_from(["probe", "--format", "markdown"]).unwrap();
        assert_eq!(probe.format, Format::Markdown);
        assert_eq!(
            Probe::try_parse_from(["probe"]).unwrap().format,
            Format::Table
        );
        let refused = Probe::try_parse_from(["probe", "--format", "docx"])
            .err()
            .unwrap();
        assert!(
            refused
                .to_string()
                .contains("[possible values: table, csv, json, markdown]")
        );
    }

    #[test]
    fn names_a_format_as_the_command_calls_it() {
        assert_eq!(name_of(Format::Table, REPORT_FORMATS), "table");
        assert_eq!(name_of(Format::Docx, REPORT_FORMATS), "docx");
        let message = not_written(Format::Html, REPORT_FORMATS).to_string();
        assert_eq!(
            message,
            "this command does not write html; it writes table, csv, json, markdown"
        );
    }
}
