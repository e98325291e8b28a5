//! `actionplan completions SHELL`: the shell's tab-completion script, from
//! the same clap definitions as `--help`, so it never falls out of date.

use std::io::{self, Write};

use anyhow::Result;
use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::{Cli, Outcome};

/// Print a tab-completion script for your shell.
///
/// Print the tab-completion script for SHELL to stdout: commands, options and
/// their values complete with Tab. Save it where your shell loads completions
/// (see the examples) and start a new shell.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  actionplan completions bash > ~/.local/share/bash-completion/completions/actionplan
  actionplan completions zsh > ~/.zfunc/_actionplan   (with fpath+=~/.zfunc before compinit)
  actionplan completions fish > ~/.config/fish/completions/actionplan.fish
  actionplan completions powershell >> $PROFILE
  actionplan completions elvish >> ~/.config/elvish/rc.elv")]
pub struct Args {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

impl Args {
    /// Prints the script.
    pub fn run(self) -> Result<Outcome> {
        let mut command = Cli::command();
        let name = command.get_name().to_string();
        // Built in memory first: clap_complete panics on a failed write, and
        // a closed pipe (`| head`) is not a failure.
        let mut script = Vec::new();
        clap_complete::generate(self.shell, &mut command, name, &mut script);
        let mut out = io::stdout().lock();
        out.write_all(&script)?;
        out.flush()?;
        Ok(Outcome::Done)
    }
}
