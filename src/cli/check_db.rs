//! Placeholder: being built (being written).

use anyhow::{Result, bail};

use crate::cli::{Context, Outcome};

/// Not built yet.
#[derive(Debug, clap::Args)]
pub struct Args {}

impl Args {
    /// Not built yet.
    pub fn run(self, _context: &Context) -> Result<Outcome> {
        bail!("not built yet")
    }
}
