//! `actionplan selfeval list`: the self-evaluations in the database.

use anyhow::Result;

use crate::cli::formats::{self, REPORT_FORMATS};
use crate::cli::output::print_json;
use crate::cli::{Context, Outcome};

use super::common::{Grid, ReportFormat};

/// List the self-evaluations in the database: partnership, label, date, how many rated.
#[derive(Debug, clap::Args)]
#[command(after_help = "Example:\n  actionplan selfeval list --format csv")]
pub struct ListArgs {
    /// Output format.
    #[arg(long, value_parser = formats::parser(REPORT_FORMATS), default_value = "table")]
    pub format: ReportFormat,
}

impl ListArgs {
    /// Lists them.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        let store = context.open_read_only()?;
        let rows = store.self_evaluations()?;
        if self.format == ReportFormat::Json {
            print_json(&rows)?;
            return Ok(Outcome::Done);
        }
        let grid = Grid {
            headers: vec![
                "Partnership".into(),
                "Label".into(),
                "Date".into(),
                "Rated".into(),
                "Source".into(),
            ],
            rows: rows
                .iter()
                .map(|s| {
                    vec![
                        s.partnership.clone(),
                        s.label.clone(),
                        s.on.to_string(),
                        s.rated.to_string(),
                        s.source.clone().unwrap_or_default(),
                    ]
                })
                .collect(),
        };
        grid.print(self.format, context.csv_style())?;
        Ok(Outcome::Done)
    }
}
