//! One file per command, and the dispatch from the command line to them. What the
//! commands share lives in its own module: [`crate::ctx`] (the workspace, testing an
//! exercise), [`crate::print`] (a test run for a learner), [`crate::git`].

mod assign;
mod book;
mod check;
mod ci;
mod corpus;
mod dev_check;
mod grade;
mod grade_class;
mod hint;
mod lessons;
mod list;
mod reset;
mod solution;
mod watch;

pub use crate::ctx::{Ctx, Status};
pub use crate::print::print_run;
pub use book::BookArgs;

use crate::cli::{Cli, Cmd, DevCmd};
use crate::error::Result;
use std::time::Duration;

/// Runs the command the user asked for; returns the exit code.
pub fn dispatch(cli: Cli) -> Result<i32> {
    let ctx = Ctx::load(cli.root.as_deref())?;
    match cli.command {
        Cmd::List { cached, timeout } => list::run(&ctx, cached, secs(timeout.secs)),
        Cmd::Check { exercise, timeout } => {
            check::run(&ctx, exercise.as_deref(), secs(timeout.secs))
        }
        Cmd::Hint { exercise } => hint::run(&ctx, exercise.as_deref()),
        Cmd::Watch { exercise, timeout } => {
            watch::run(&ctx, exercise.as_deref(), secs(timeout.secs))
        }
        Cmd::Reset { exercise, yes, rev } => reset::run(&ctx, &exercise, yes, &rev),
        Cmd::Solution { exercise, force } => solution::run(&ctx, &exercise, force),
        Cmd::Lessons => lessons::run(&ctx),
        Cmd::Assign {
            lessons,
            out,
            force,
            no_git,
            rev,
        } => assign::run(&ctx, &lessons, &out, force, no_git, &rev),
        Cmd::Grade {
            dir,
            format,
            out,
            junit,
            opts,
        } => grade::run(
            &ctx,
            &dir,
            format,
            [out.as_deref(), junit.as_deref()],
            &opts,
        ),
        Cmd::GradeClass {
            dir,
            out,
            jobs,
            regrade,
            opts,
        } => grade_class::run(&ctx, &dir, &out, jobs, regrade, &opts),
        Cmd::Ci {
            provider,
            out,
            lessons,
        } => ci::run(&ctx, provider, out.as_deref(), lessons.as_deref()),
        Cmd::Book(args) => book::run(&ctx, &args),
        Cmd::Dev {
            command:
                DevCmd::Check {
                    exercises,
                    static_only,
                    skip_solutions,
                    discard_binaries,
                    jobs,
                    timeout,
                },
        } => dev_check::run(
            &ctx,
            &exercises,
            &dev_check::Options {
                static_only,
                skip_solutions,
                discard_binaries,
                jobs: jobs as usize,
                timeout: secs(timeout.secs),
            },
        ),
    }
}

fn secs(n: u64) -> Duration {
    Duration::from_secs(n)
}
