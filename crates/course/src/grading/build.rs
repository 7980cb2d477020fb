//! Building the scratch workspace's test binaries: `cargo test --no-run
//! --message-format=json`, under its own limit, and reading which executables it made.

use crate::proc::{self, Ending};
use serde::Deserialize;
use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

/// What the build made, or why it made nothing.
#[derive(Debug)]
pub enum Built {
    /// The test executables, as (test target name, path).
    Binaries(Vec<(String, PathBuf)>),
    /// It did not compile, or did not finish: the reason, for the report.
    Failed(String),
    /// Ctrl-C.
    Interrupted,
}

#[derive(Deserialize)]
struct Message {
    reason: String,
    #[serde(default)]
    package_id: String,
    target: Option<Target>,
    executable: Option<PathBuf>,
    message: Option<Diagnostic>,
}

#[derive(Deserialize)]
struct Target {
    name: String,
    kind: Vec<String>,
}

#[derive(Deserialize)]
struct Diagnostic {
    level: String,
    message: String,
    rendered: Option<String>,
}

/// Runs `cmd` (a prepared `cargo test --no-run --message-format json …` for `package`).
pub fn build(cmd: Command, package: &str, limit: Duration) -> Built {
    let out = match proc::run(cmd, limit) {
        Ok(out) => out,
        Err(e) => return Built::Failed(format!("the build could not start: {e}")),
    };
    let mut errors = String::new();
    let mut binaries = Vec::new();
    let ours =
        |id: &str| id.contains(&format!("#{package}@")) || id.contains(&format!("/{package}#"));
    for line in out.stdout.lines() {
        let Ok(msg) = serde_json::from_str::<Message>(line) else {
            continue;
        };
        match msg.reason.as_str() {
            "compiler-artifact" if ours(&msg.package_id) => {
                if let (Some(target), Some(exe)) = (msg.target, msg.executable)
                    && target.kind.iter().any(|k| k == "test")
                {
                    binaries.push((target.name, exe));
                }
            }
            "compiler-message" => {
                if let Some(d) = msg.message.filter(|d| d.level == "error") {
                    errors.push_str(&d.rendered.unwrap_or(d.message));
                }
            }
            _ => {}
        }
    }
    match out.ending {
        Ending::Interrupted => Built::Interrupted,
        Ending::TimedOut => Built::Failed(format!(
            "the build ran past its limit of {} s and was stopped (an endless loop in a `const`?)",
            limit.as_secs()
        )),
        Ending::Exited(0) if !binaries.is_empty() => {
            binaries.sort();
            Built::Binaries(binaries)
        }
        Ending::Exited(0) => Built::Failed("the build made no test binary".into()),
        _ if !errors.is_empty() => {
            Built::Failed(format!("does not compile:\n{}", errors.trim_end()))
        }
        _ => {
            let said: Vec<&str> = out
                .stderr
                .lines()
                .filter(|l| {
                    let l = l.trim_start();
                    !l.starts_with("Compiling") && !l.starts_with("Blocking")
                })
                .collect();
            Built::Failed(format!("does not build:\n{}", said.join("\n").trim_end()))
        }
    }
}
