//! Placeholder: being built (issue 4).

use anyhow::{Result, bail};

use crate::cli::{Context, Outcome};

/// Not built yet.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Not built yet.
    Show,
}

impl Command {
    /// Not built yet.
    pub fn run(self, _context: &Context) -> Result<Outcome> {
        bail!("not built yet")
    }
}
