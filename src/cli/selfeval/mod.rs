//! `actionplan selfeval`: the MSG self-evaluation. Import or record a
//! partnership's ratings of the 25 proposals, show them, count them, compare
//! two years, benchmark partnerships, and check the plan delivers on them.

mod benchmark;
mod common;
mod compare;
mod import;
mod list;
mod progress;
mod record;
mod show;
mod summary;

use anyhow::Result;

use crate::cli::{Context, Outcome};

use self::benchmark::BenchmarkArgs;
use self::compare::CompareArgs;
use self::import::ImportArgs;
use self::list::ListArgs;
use self::progress::ProgressArgs;
use self::record::RecordArgs;
use self::show::ShowArgs;
use self::summary::SummaryArgs;

/// The MSG self-evaluation: ratings, evidence, movement, benchmarking.
///
/// The Ministerial Strategic Group's self-evaluation of progress with
/// integration: a partnership rates itself on the 25 proposals (Not yet
/// established, Partly established, Established, Exemplary) with evidence and
/// improvement actions, repeats it a year on, and compares itself with others.
#[derive(Debug, clap::Subcommand)]
#[command(after_help = "\
Examples:
  actionplan selfeval import angus-2019.csv --partnership Angus --label 'May 2019' --on 2019-05-10
  actionplan selfeval summary --partnership Angus
  actionplan selfeval compare --partnership Angus --from 'May 2019' --to 'May 2020'")]
pub enum Command {
    /// Import a self-evaluation return (CSV: Proposal, Rating, Evidence, Improvement actions).
    Import(ImportArgs),
    /// Record (or replace) one proposal's rating by hand.
    Record(RecordArgs),
    /// List the self-evaluations in the database.
    List(ListArgs),
    /// The 25 proposals by key feature: rating, its indicator, evidence, actions.
    Show(ShowArgs),
    /// How many proposals sit at each rating, per key feature and overall.
    Summary(SummaryArgs),
    /// How each proposal's rating moved between two self-evaluations.
    Compare(CompareArgs),
    /// Partnerships' ratings side by side, and whom each could learn from.
    Benchmark(BenchmarkArgs),
    /// Per proposal, the plan's linked milestones: RAG counts and how many are overdue.
    Progress(ProgressArgs),
}

impl Command {
    /// Runs the chosen self-evaluation command.
    pub fn run(self, context: &Context) -> Result<Outcome> {
        match self {
            Command::Import(args) => args.run(context),
            Command::Record(args) => args.run(context),
            Command::List(args) => args.run(context),
            Command::Show(args) => args.run(context),
            Command::Summary(args) => args.run(context),
            Command::Compare(args) => args.run(context),
            Command::Benchmark(args) => args.run(context),
            Command::Progress(args) => args.run(context),
        }
    }
}
