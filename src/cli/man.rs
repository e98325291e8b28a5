//! `actionplan man`: the manual page, in roff, from the same clap definitions
//! as `--help`.

use std::io::{self, Write};

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::{Cli, Outcome};

/// Print the manual page (roff) for `man`.
///
/// Print actionplan's manual page in roff to stdout: the options, every
/// command and the examples, for `man actionplan` once saved in a man1
/// folder on MANPATH. Each command's own page is its --help.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  mkdir -p ~/.local/share/man/man1
  actionplan man > ~/.local/share/man/man1/actionplan.1
  man actionplan
  actionplan man | man -l -")]
pub struct Args {}

impl Args {
    /// Prints the page.
    pub fn run(self) -> Result<Outcome> {
        let mut page = Vec::new();
        clap_mangen::Man::new(Cli::command()).render(&mut page)?;
        let mut out = io::stdout().lock();
        out.write_all(&page)?;
        out.flush()?;
        Ok(Outcome::Done)
    }
}
