//! `course solution EXERCISE`: the reference solution, once the exercise passes.

use super::Ctx;
use crate::error::{Context, Fail, Result};
use crate::fsutil;
use crate::state::{Progress, source_hash};

/// Prints the solution's `src/` files; before the exercise passes only with `--force`.
pub fn run(ctx: &Ctx, name: &str, force: bool) -> Result<i32> {
    let item = ctx.plan.find(name)?;
    let progress = Progress::load(&ctx.root);
    let hash = source_hash(&ctx.dir(&item))?;
    let passes = progress
        .cached(item.id(), &hash)
        .is_some_and(|run| run.passed);
    if !passes {
        if !force {
            return Err(Fail::usage(format!(
                "{} does not pass yet (as of its last check: `cargo course check {}`). \
                 Try `cargo course hint {}` first, or add --force to see the solution anyway.",
                item.id(),
                item.id(),
                item.id()
            )));
        }
        eprintln!(
            "warning: {} does not pass yet; reading the solution now skips the part where you learn the most.",
            item.id()
        );
    }
    let src = ctx.root.join(item.solution_rel_dir()).join("src");
    if !src.is_dir() {
        return Err(Fail::failure(format!(
            "no solution in this workspace ({} is missing; assigned workspaces carry none)",
            fsutil::rel(&src, &ctx.root)
        )));
    }
    let mut files = Vec::new();
    fsutil::walk_files(&src, &mut files)?;
    files.sort();
    for file in files {
        let text =
            std::fs::read_to_string(&file).context(|| format!("reading {}", file.display()))?;
        println!("// ===== {} =====\n{text}", fsutil::rel(&file, &ctx.root));
    }
    Ok(0)
}
