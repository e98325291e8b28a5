//! The command-line interface: one module per command, each with its clap
//! arguments (whose doc comments are the `--help` text) and a `run`.

pub mod output;

mod backup;
mod check;
mod check_db;
mod complete;
mod cycle;
mod demo;
mod export;
mod history;
mod import;
mod link;
mod list;
mod movement;
mod overdue;
mod plans;
mod rag;
mod returns;
mod selfeval;
mod show;
mod slipped;
mod update;
mod weekly;

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

use actionplan::store::{OpenMode, Store};

/// How a command ended, when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Done: exit 0.
    Done,
    /// A check found something to look at: exit 1.
    Flagged,
}

const EXAMPLES: &str = "\
Examples:
  actionplan demo
  actionplan import appendix1.csv --plan 'Integration review 2019'
  actionplan overdue --as-of 2020-02-18
  actionplan rag --format csv
  actionplan export -o appendix1.csv
  actionplan returns export --all returns/

Exit codes: 0 done; 1 `check` or `check-db` found something; 2 error (bad input, usage, database).";

/// Keep a partnership's improvement action plan in SQLite and turn it into the
/// tables committee papers need: overdue actions, RAG counts, the appendix.
#[derive(Debug, Parser)]
#[command(name = "actionplan", version, after_help = EXAMPLES)]
pub struct Cli {
    /// The database file.
    #[arg(
        long,
        global = true,
        env = "ACTIONPLAN_DB",
        hide_env_values = true,
        default_value = "actionplan.db"
    )]
    pub db: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

/// The commands. Each one's help comes from the doc comment on its `Args`.
#[derive(Debug, Subcommand)]
pub enum Command {
    Demo(demo::Args),
    Import(import::Args),
    Export(export::Args),
    Overdue(overdue::Args),
    Rag(rag::Args),
    Plans(plans::Args),
    List(list::Args),
    Show(show::Args),
    Update(update::Args),
    Complete(complete::Args),
    History(history::Args),
    Slipped(slipped::Args),
    Cycle(cycle::Args),
    Movement(movement::Args),
    Weekly(weekly::Args),
    Check(check::Args),
    #[command(subcommand)]
    Selfeval(selfeval::Command),
    #[command(subcommand)]
    Returns(returns::Command),
    Link(link::Args),
    Backup(backup::Args),
    CheckDb(check_db::Args),
}

/// What every command gets: where the database is.
#[derive(Debug, Clone)]
pub struct Context {
    /// The database path.
    pub db: PathBuf,
}

impl Context {
    /// Opens the database for a command that reads or updates: it must exist.
    pub fn open(&self) -> Result<Store> {
        Ok(Store::open(&self.db, OpenMode::MustExist)?)
    }

    /// Opens the database for an import, creating it when missing.
    pub fn open_or_create(&self) -> Result<Store> {
        Ok(Store::open(&self.db, OpenMode::CreateIfMissing)?)
    }
}

impl Cli {
    /// Runs the chosen command.
    pub fn run(self) -> Result<Outcome> {
        let context = Context { db: self.db };
        match self.command {
            Command::Demo(args) => args.run(),
            Command::Import(args) => args.run(&context),
            Command::Export(args) => args.run(&context),
            Command::Overdue(args) => args.run(&context),
            Command::Rag(args) => args.run(&context),
            Command::Plans(args) => args.run(&context),
            Command::List(args) => args.run(&context),
            Command::Show(args) => args.run(&context),
            Command::Update(args) => args.run(&context),
            Command::Complete(args) => args.run(&context),
            Command::History(args) => args.run(&context),
            Command::Slipped(args) => args.run(&context),
            Command::Cycle(args) => args.run(&context),
            Command::Movement(args) => args.run(&context),
            Command::Weekly(args) => args.run(&context),
            Command::Check(args) => args.run(&context),
            Command::Selfeval(command) => command.run(&context),
            Command::Returns(command) => command.run(&context),
            Command::Link(args) => args.run(&context),
            Command::Backup(args) => args.run(&context),
            Command::CheckDb(args) => args.run(&context),
        }
    }
}
