//! Finding mdBook and running it. The course does not depend on it: without it, the book's
//! sources are still written, and the tool says how to install it.

use crate::error::{Context, Fail, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The mdBook version the course is built with; `.ci/book` installs the same one (a test
/// checks that the two agree).
pub const MDBOOK_VERSION: &str = "0.5.4";

/// Where `.ci/book` installs mdBook, relative to the workspace root.
pub const TOOLS_BIN: &str = "target/tools/bin";

/// The mdBook to run: the course's own copy in `target/tools/bin`, else one on `PATH`.
pub fn find(root: &Path) -> Option<PathBuf> {
    let own = root.join(TOOLS_BIN).join("mdbook");
    if own.is_file() {
        return Some(own);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join("mdbook"))
        .find(|candidate| candidate.is_file())
}

/// How to get mdBook, for the message shown when it is missing.
pub fn install_hint() -> String {
    format!(
        "mdBook was not found (neither {TOOLS_BIN}/mdbook nor `mdbook` on PATH). Install it with\n  \
         bash .ci/book\n\
         (it installs mdBook {MDBOOK_VERSION} into {TOOLS_BIN}, about 3 minutes on 2 cores, then builds and checks the book), or with\n  \
         cargo install mdbook --locked --version {MDBOOK_VERSION} --no-default-features --features search"
    )
}

/// `mdbook build book`: writes the HTML into `book/book`.
pub fn build(mdbook: &Path, root: &Path) -> Result<()> {
    let status = crate::proc::own_status(Command::new(mdbook).arg("build").arg(root.join("book")))
        .context(|| format!("running {}", mdbook.display()))?;
    if !status.success() {
        return Err(Fail::failure(format!(
            "`{} build book` failed ({status}); its messages are above",
            mdbook.display()
        )));
    }
    Ok(())
}
