//! Where student code is built and run: in a bubblewrap sandbox when the machine has one.
//!
//! | machine | what the build and the tests get |
//! |---|---|
//! | `bwrap` on PATH and working (Debian/Ubuntu package `bubblewrap`; CI runners, most laptops) | the whole file system read-only, the instructor's course folder hidden (an empty tmpfs over it, so no solution is reachable), only the scratch slot writable (the build) or only a private temporary folder (the tests), no network, a PID namespace of their own (nothing they start survives them, no process outside can be seen or signalled), a new session |
//! | no `bwrap`, the grader runs as root (a container) | the tests run as user `nobody` (they cannot write the scratch slot, the target folder or anything of the instructor's, and cannot signal the grader); the build runs as the grader, read-only use of the course folder |
//! | no `bwrap`, not root (a laptop without bubblewrap) | no sandbox: the tests run as the instructor. The report says `sandbox: none` |
//!
//! `COURSE_GRADE_SANDBOX=none` turns the sandbox off, `=nobody` skips bubblewrap when root
//! (for testing and debugging the grader itself).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The uid and gid the tests run as, when we are root without bubblewrap.
const NOBODY: u32 = 65534;

/// What the machine offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sandbox {
    /// bubblewrap, at this path.
    Bwrap(PathBuf),
    /// Root without bubblewrap: tests run as `nobody`.
    Nobody,
    /// Nothing: code runs as the grader.
    None,
}

impl Sandbox {
    /// Finds the best sandbox the machine has (tries `bwrap` once).
    pub fn detect() -> Sandbox {
        let wanted = std::env::var("COURSE_GRADE_SANDBOX").unwrap_or_default();
        let root = rustix::process::geteuid().is_root();
        match wanted.as_str() {
            "none" => return Sandbox::None,
            "nobody" if root => return Sandbox::Nobody,
            _ => {}
        }
        let bwrap = std::env::var_os("PATH")
            .into_iter()
            .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
            .map(|d| d.join("bwrap"))
            .find(|p| p.is_file());
        if let Some(bwrap) = bwrap {
            // Through `proc`, like every child of the tool: a child started any other way
            // could be taken for an escaped orphan by another grading's sweep, and killed.
            let mut probe = Command::new(&bwrap);
            probe.args([
                "--unshare-all",
                "--die-with-parent",
                "--ro-bind",
                "/",
                "/",
                "--proc",
                "/proc",
                "--dev",
                "/dev",
                "true",
            ]);
            let works = crate::proc::run(probe, std::time::Duration::from_secs(20))
                .is_ok_and(|out| out.success());
            if works {
                return Sandbox::Bwrap(bwrap);
            }
        }
        if root { Sandbox::Nobody } else { Sandbox::None }
    }

    /// The word the report uses.
    pub fn name(&self) -> &'static str {
        match self {
            Sandbox::Bwrap(_) => "bubblewrap",
            Sandbox::Nobody => "user nobody",
            Sandbox::None => "none",
        }
    }

    /// A command that runs `program args` with `cwd`, seeing the course root hidden,
    /// `writable` folders writable and everything else read-only (see the module docs).
    /// `as_tests`: the run of student code (the build runs as the grader when root).
    pub fn command(
        &self,
        program: &Path,
        cwd: &Path,
        hidden: &Path,
        visible: &[&Path],
        writable: &[&Path],
        as_tests: bool,
    ) -> Command {
        match self {
            Sandbox::Bwrap(bwrap) => {
                let mut cmd = Command::new(bwrap);
                cmd.args(["--unshare-all", "--die-with-parent", "--new-session"]);
                cmd.args([
                    "--ro-bind",
                    "/",
                    "/",
                    "--dev",
                    "/dev",
                    "--proc",
                    "/proc",
                    "--tmpfs",
                    "/tmp",
                ]);
                cmd.arg("--tmpfs").arg(hidden);
                for dir in visible {
                    cmd.arg("--ro-bind").arg(dir).arg(dir);
                }
                for dir in writable {
                    cmd.arg("--bind").arg(dir).arg(dir);
                }
                cmd.arg("--chdir").arg(cwd).arg("--").arg(program);
                cmd
            }
            Sandbox::Nobody | Sandbox::None => {
                let mut cmd = Command::new(program);
                cmd.current_dir(cwd);
                if as_tests && *self == Sandbox::Nobody {
                    use std::os::unix::process::CommandExt;
                    cmd.uid(NOBODY).gid(NOBODY);
                }
                cmd
            }
        }
    }

    /// Makes `dir` writable by the tests (for `Nobody`, hands it to that user).
    pub fn give(&self, dir: &Path) {
        if *self == Sandbox::Nobody {
            let _ = std::os::unix::fs::chown(dir, Some(NOBODY), Some(NOBODY));
        }
    }
}
