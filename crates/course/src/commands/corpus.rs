//! The wrong-solution corpus check, part of `course dev check`.
//!
//! Every exercise keeps, beside its reference solution, wrong solutions a learner could
//! write — honest mistakes and attempts to fake the evidence — in
//! `solutions/<lesson>/<exercise>/wrong/`, listed in `wrong/corpus.toml`:
//!
//! ```toml
//! [[wrong]]
//! file = "sequential.rs"          # a complete replacement for the exercise's src/lib.rs
//! kind = "mistake"                # or "forgery"
//! mistake = "downloads the files one after another"
//! expect = ["did not all run at once", "spawn them all first"]
//! ```
//!
//! The check proves, for each one, that it **compiles** (a wrong solution rejected by the
//! compiler says nothing about the tests), that the exercise's tests **reject it at run
//! time**, and that the failure output **names the mistake**: it contains every `expect`
//! phrase (case-insensitive). A test binary that exits with status 0 without libtest's
//! summary (`std::process::exit(0)` inside the code under test) counts as rejected, with the
//! phrase "exited early": `cargo test` cannot see it, `course grade` can (see its sentinel).
//!
//! How, quickly: one scratch workspace under `target/course-corpus/` holds one package per
//! wrong solution, whose `[lib]` is the wrong file and whose `[[test]]`s are the exercise's
//! own test files (the only copy of the tests, as for the reference solution). One cargo
//! call builds them all; then each wrong solution's test binaries run under a time limit,
//! two wrong solutions at a time (`--jobs`): the tests must name the mistake on a busy
//! machine too.
//!
//! A wrong solution rejected with a message that does not name its mistake runs once more,
//! alone, after the others: under load a test with several checks can trip a load-sensitive
//! one first. The log says which needed that second run. A pass is never run again.

use super::Ctx;
use crate::error::{Context, Result};
use crate::manifest;
use crate::plan::Item;
use crate::print::tail;
use crate::proc::Ending;
use crate::runner::{
    CARGO_MESSAGES_CAP, cargo, failure_sections, run_with_timeout, run_with_timeout_capped,
};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// One entry of a `corpus.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wrong {
    /// The file in `wrong/`, a replacement for `src/lib.rs`.
    pub file: String,
    /// `mistake` (an honest error) or `forgery` (an attempt to fake the evidence).
    pub kind: Kind,
    /// What the learner did, in a learner's words.
    pub mistake: String,
    /// Phrases the failure output must contain (case-insensitive).
    pub expect: Vec<String>,
}

/// Why a wrong solution is in the corpus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An honest mistake a learner makes.
    Mistake,
    /// An attempt to pass without the work: fabricated spans, PIDs, orders, exits.
    Forgery,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Mistake => "mistake",
            Kind::Forgery => "forgery",
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CorpusFile {
    wrong: Vec<Wrong>,
}

/// A wrong solution of one exercise, ready to build.
struct Entry<'a> {
    item: Item<'a>,
    wrong: Wrong,
    /// The scratch package's name.
    package: String,
}

/// What the check found: problems, as lines to print.
pub struct Report {
    /// Each problem, naming exercise and file.
    pub problems: Vec<String>,
}

/// The corpus folder of an exercise.
fn corpus_dir(ctx: &Ctx, item: &Item) -> PathBuf {
    ctx.root.join(item.solution_rel_dir()).join("wrong")
}

/// Reads an exercise's corpus; a missing corpus is a problem (every exercise keeps one).
fn load(ctx: &Ctx, item: &Item) -> std::result::Result<Vec<Wrong>, String> {
    let path = corpus_dir(ctx, item).join("corpus.toml");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("no wrong-solution corpus ({}: {e})", path.display()))?;
    let file: CorpusFile = toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut problems = Vec::new();
    if file.wrong.len() < 5 {
        problems.push(format!(
            "the corpus has {} wrong solutions; keep at least 5",
            file.wrong.len()
        ));
    }
    for w in &file.wrong {
        if !corpus_dir(ctx, item).join(&w.file).is_file() {
            problems.push(format!("corpus.toml lists {}, which is missing", w.file));
        }
        if w.expect.is_empty() {
            problems.push(format!(
                "{}: give at least one `expect` phrase that names the mistake",
                w.file
            ));
        }
    }
    // A wrong solution left out of corpus.toml is never run: it would prove nothing while
    // looking, to a reader of the folder, as if it did.
    let listed: Vec<&str> = file.wrong.iter().map(|w| w.file.as_str()).collect();
    let mut unlisted: Vec<String> = std::fs::read_dir(corpus_dir(ctx, item))
        .map(|dir| {
            dir.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| name.ends_with(".rs") && !listed.contains(&name.as_str()))
                .collect()
        })
        .unwrap_or_default();
    unlisted.sort();
    for name in unlisted {
        problems.push(format!(
            "wrong/{name} is not listed in corpus.toml, so it is never run: list it (kind, \
             mistake, expect) or delete it"
        ));
    }
    if problems.is_empty() {
        Ok(file.wrong)
    } else {
        Err(problems.join("; "))
    }
}

/// Checks the corpus of every item; `timeout` bounds each test binary's run, and `jobs` wrong
/// solutions run at once. With `discard`, each wrong solution's test binaries are deleted as
/// soon as it is judged.
pub fn check(
    ctx: &Ctx,
    items: &[Item],
    timeout: Duration,
    jobs: usize,
    discard: bool,
) -> Result<Report> {
    let started = Instant::now();
    let mut problems = Vec::new();
    let mut entries = Vec::new();
    for item in items {
        match load(ctx, item) {
            Ok(wrongs) => {
                for wrong in wrongs {
                    let stem = wrong.file.trim_end_matches(".rs").replace(['.', '_'], "-");
                    let package = format!("wrong-{}-{stem}", item.id().replace('_', "-"));
                    entries.push(Entry {
                        item: *item,
                        wrong,
                        package,
                    });
                }
            }
            Err(e) => problems.push(format!("{}: {e}", item.id())),
        }
    }
    if entries.is_empty() {
        return Ok(Report { problems });
    }
    let scratch = ctx.root.join("target").join("course-corpus");
    let _turn = wait_for_our_turn(&scratch)?;
    write_workspace(ctx, &scratch, &entries)?;
    eprintln!(
        "building {} wrong solutions in {}…",
        entries.len(),
        scratch.display()
    );
    let build_started = Instant::now();
    let built = build(&scratch)?;
    eprintln!(
        "built in {:.0} s; running them, {jobs} at a time…",
        build_started.elapsed().as_secs_f64()
    );
    // Most of a wrong solution's run is waiting (sleeps, a watchdog running out), so several
    // run at once. The exercises' tests must reject wrong solutions by name with both cores
    // busy (the lessons' load runs), so a neighbour's load cannot turn a rejection into a pass.
    // Verdicts print in corpus order, each as soon as it and those before it are in.
    let next = AtomicUsize::new(0);
    let printed = Mutex::new((0usize, vec![None; entries.len()]));
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(entry) = entries.get(i) else { break };
                    let verdict = match built.get(&entry.package) {
                        None => Err(format!(
                            "does not compile, so it proves nothing about the tests (it must \
                             fail at run time):\n{}",
                            built.errors_of(&entry.package)
                        )),
                        Some(binaries) => {
                            let verdict = judge(entry, binaries, timeout);
                            // In CI each is judged once and never run again: hundreds of test
                            // binaries are gigabytes, and a CI machine's disk is not ours. A
                            // misnamed one is kept for its second run, alone (below).
                            if discard && !is_misnamed(&verdict) {
                                discard_binaries(binaries);
                            }
                            verdict
                        }
                    };
                    let mut guard = printed.lock().unwrap_or_else(|e| e.into_inner());
                    let (cursor, verdicts) = &mut *guard;
                    verdicts[i] = Some(verdict);
                    while let Some(Some(verdict)) = verdicts.get(*cursor) {
                        print_verdict(&entries[*cursor], verdict);
                        *cursor += 1;
                    }
                }
            });
        }
    });
    let (_, mut verdicts) = printed.into_inner().unwrap_or_else(|e| e.into_inner());
    second_runs(&entries, &built, &mut verdicts, timeout, discard);
    for (entry, verdict) in entries.iter().zip(verdicts) {
        if let Some(Err(problem)) = verdict {
            problems.push(format!("{}: {problem}", label(entry)));
        }
    }
    let forgeries = entries
        .iter()
        .filter(|e| e.wrong.kind == Kind::Forgery)
        .count();
    println!(
        "\ncorpus check: {} wrong solution(s) ({forgeries} forgeries), {} problem(s), {:.1} s",
        entries.len(),
        problems.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(Report { problems })
}

/// The second run of each wrong solution that was rejected but misnamed, one at a time once
/// the others are done. The first runs share the machine (two at a time, beside whatever else
/// runs), and a test with several checks may then trip a load-sensitive one (a CPU limit, a
/// deadline) before the one that names the mistake. Run alone, a rejection that names the
/// mistake counts, and says it needed the second run; a misnamed one stays a problem. A wrong
/// solution that *passed* is never run again: one pass is a hole in the tests.
fn second_runs(
    entries: &[Entry],
    built: &Built,
    verdicts: &mut [Option<std::result::Result<(), String>>],
    timeout: Duration,
    discard: bool,
) {
    let again: Vec<usize> = (0..entries.len())
        .filter(|&i| verdicts[i].as_ref().is_some_and(is_misnamed))
        .collect();
    if again.is_empty() {
        return;
    }
    println!(
        "\n{} wrong solution(s) rejected but misnamed beside another run; running each again, \
         alone:",
        again.len()
    );
    for i in again {
        let (entry, Some(binaries)) = (&entries[i], built.get(&entries[i].package)) else {
            continue;
        };
        let verdict = judge(entry, binaries, timeout);
        if discard {
            discard_binaries(binaries);
        }
        let label = label(entry);
        match &verdict {
            Ok(()) => println!(
                "✓ {label:<48} rejected ({}) by name at the second run, alone: {}",
                entry.wrong.kind.name(),
                entry.wrong.mistake
            ),
            Err(problem) => println!("✗ {label:<48} again: {}", first_line(problem)),
        }
        verdicts[i] = Some(verdict);
    }
}

/// Whether a verdict is "rejected, but the message does not name the mistake".
fn is_misnamed(verdict: &std::result::Result<(), String>) -> bool {
    verdict
        .as_ref()
        .is_err_and(|problem| problem.starts_with(MISNAMED))
}

/// The start of a misnamed verdict's problem.
const MISNAMED: &str = "rejected, but the message does not name the mistake";

/// Deletes a judged wrong solution's test binaries.
fn discard_binaries(binaries: &[PathBuf]) {
    for bin in binaries {
        let _ = std::fs::remove_file(bin);
    }
}

/// "lesson_exercise: wrong/file.rs", how a verdict names its wrong solution.
fn label(entry: &Entry) -> String {
    format!("{}: wrong/{}", entry.item.id(), entry.wrong.file)
}

/// One line per wrong solution: rejected, with the mistake; or the problem's first line.
fn print_verdict(entry: &Entry, verdict: &std::result::Result<(), String>) {
    let label = label(entry);
    match verdict {
        Ok(()) => println!(
            "✓ {label:<48} rejected ({}): {}",
            entry.wrong.kind.name(),
            entry.wrong.mistake
        ),
        Err(problem) => println!("✗ {label:<48} {}", first_line(problem)),
    }
}

/// Holds the corpus folder for this check alone (an exclusive `flock`, released on drop). Two
/// checks at once would write the same packages and run each other's binaries: wrong solutions
/// then "pass" that fail when run by hand. The second check waits, and says so.
fn wait_for_our_turn(scratch: &Path) -> Result<std::fs::File> {
    use rustix::fs::{FlockOperation, flock};
    std::fs::create_dir_all(scratch).context(|| format!("creating {}", scratch.display()))?;
    let path = scratch.join("check.lock");
    let file = std::fs::File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .context(|| format!("opening {}", path.display()))?;
    if flock(&file, FlockOperation::NonBlockingLockExclusive).is_err() {
        eprintln!(
            "another corpus check is running in {}; waiting for it to finish…",
            scratch.display()
        );
        flock(&file, FlockOperation::LockExclusive)
            .context(|| format!("waiting for {}", path.display()))?;
    }
    Ok(file)
}

/// Runs one wrong solution's test binaries; Ok when it is rejected by name.
fn judge(
    entry: &Entry,
    binaries: &[PathBuf],
    timeout: Duration,
) -> std::result::Result<(), String> {
    let mut output = String::new();
    let mut rejected = false;
    for bin in binaries {
        let mut cmd = Command::new(bin);
        cmd.env("RUST_BACKTRACE", "0");
        let run = run_with_timeout(cmd, timeout).map_err(|e| e.message)?;
        if run.ending == Ending::TimedOut {
            return Err(format!(
                "its tests hung past {} s: a watchdog should have stopped them with a message",
                timeout.as_secs()
            ));
        }
        // A pass is libtest's own verdict: exit 0 *and* its summary line. Code that calls
        // `std::process::exit(0)` ends the test binary with status 0 before any summary;
        // `cargo test` then looks green, which is why the grader runs each test with a
        // sentinel, and why this check does not count such a run as a pass.
        let exited_early = run.success() && !run.stdout.contains("test result: ok.");
        if exited_early {
            output.push_str(
                "the test binary exited early, before libtest's summary \
                 (std::process::exit in the code under test?)\n",
            );
        }
        if !run.success() || exited_early {
            rejected = true;
            output.push_str(&failure_sections(&run.stdout));
            output.push_str(&run.stdout);
            output.push_str(&run.stderr);
        }
    }
    if !rejected {
        return Err(format!(
            "passes every test: the tests do not catch \"{}\". Give them an input under which \
             this mistake gives a different answer, or evidence it cannot fake",
            entry.wrong.mistake
        ));
    }
    let haystack = output.to_lowercase();
    let missing: Vec<&str> = entry
        .wrong
        .expect
        .iter()
        .filter(|phrase| !haystack.contains(&phrase.to_lowercase()))
        .map(String::as_str)
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{MISNAMED}: missing {missing:?}. Make the failing assertion say it, or fix \
             `expect` in corpus.toml if the wording moved. What the tests said:\n{}",
            tail(&failure_sections(&output), 40)
        ))
    }
}

/// Writes the scratch workspace: one package per wrong solution, with the course's own
/// dependencies (its crates used in place), lints and profile.
fn write_workspace(ctx: &Ctx, scratch: &Path, entries: &[Entry]) -> Result<()> {
    let mut root_manifest = manifest::read(&ctx.root.join("Cargo.toml"))?;
    manifest::absolute_path_dependencies(&mut root_manifest, &ctx.root);
    let packages = scratch.join("packages");
    let _ = std::fs::remove_dir_all(&packages);
    let mut members = Vec::new();
    for entry in entries {
        let dir = packages.join(&entry.package);
        std::fs::create_dir_all(&dir).context(|| format!("creating {}", dir.display()))?;
        std::fs::write(dir.join("Cargo.toml"), package_manifest(ctx, entry)?)
            .context(|| format!("writing {}", dir.display()))?;
        members.push(format!("packages/{}", entry.package));
    }
    slim_test_binaries(
        &mut root_manifest,
        entries.iter().map(|e| e.package.as_str()),
    );
    let text = manifest::workspace_manifest(
        &root_manifest,
        &members,
        "Written by `course dev check`: the wrong-solution corpus, one package each.",
    )?;
    std::fs::write(scratch.join("Cargo.toml"), text)
        .context(|| "writing the corpus workspace".to_string())?;
    // The course's lock file, so every crate builds at the version the course tests.
    let _ = std::fs::copy(ctx.root.join("Cargo.lock"), scratch.join("Cargo.lock"));
    Ok(())
}

/// Strips the wrong solutions' own binaries, one profile override per package: `cargo build
/// --tests` builds them with the `dev` profile, and a setting for the whole profile would
/// change every dependency's too, so that none of the artifacts `cargo test` has just built
/// could be reused. Why: each test binary carried 8 MB of debug info and symbols (the
/// standard library's and every dependency's); 614 wrong solutions took 10 GB of a CI
/// machine's disk (measured). Stripped, about 2 MB each. Panic messages keep their
/// `file:line`, which comes from the panic location, not from debug info; the binaries run
/// with `RUST_BACKTRACE=0`, so no backtrace needs a symbol.
fn slim_test_binaries<'a>(manifest: &mut toml::Table, packages: impl Iterator<Item = &'a str>) {
    let mut slim = toml::Table::new();
    slim.insert("debug".into(), false.into());
    slim.insert("strip".into(), "symbols".into());
    // [profile.dev.package.<wrong solution>], made where missing.
    let Some(overrides) = sub_table(manifest, "profile")
        .and_then(|profiles| sub_table(profiles, "dev"))
        .and_then(|dev| sub_table(dev, "package"))
    else {
        return;
    };
    for package in packages {
        overrides.insert(package.to_owned(), toml::Value::Table(slim.clone()));
    }
}

/// The table at `key` in `table`, made empty if missing; None if `key` holds something else.
fn sub_table<'a>(table: &'a mut toml::Table, key: &str) -> Option<&'a mut toml::Table> {
    table
        .entry(key.to_owned())
        .or_insert_with(|| toml::Value::Table(toml::Table::new()))
        .as_table_mut()
}

/// The manifest of one wrong solution: its file as the lib, the exercise's tests as tests.
fn package_manifest(ctx: &Ctx, entry: &Entry) -> Result<String> {
    let exercise = ctx.root.join(entry.item.rel_dir());
    let own = manifest::read(&exercise.join("Cargo.toml"))?;
    let mut m = toml::Table::new();
    let mut package = toml::Table::new();
    package.insert("name".into(), entry.package.clone().into());
    package.insert("version".into(), "0.0.0".into());
    package.insert("edition".into(), "2024".into());
    package.insert("publish".into(), false.into());
    m.insert("package".into(), toml::Value::Table(package));
    let mut lib = toml::Table::new();
    lib.insert("name".into(), entry.item.id().into());
    let file = corpus_dir(ctx, &entry.item).join(&entry.wrong.file);
    lib.insert("path".into(), file.display().to_string().into());
    lib.insert("doc".into(), false.into());
    m.insert("lib".into(), toml::Value::Table(lib));
    let mut tests = Vec::new();
    for test in super::dev_check::test_files(&exercise.join("tests")) {
        let mut t = toml::Table::new();
        let name = test.file_stem().and_then(|s| s.to_str()).unwrap_or("tests");
        t.insert("name".into(), name.into());
        t.insert("path".into(), test.display().to_string().into());
        tests.push(toml::Value::Table(t));
    }
    m.insert("test".into(), toml::Value::Array(tests));
    for table in ["dependencies", "dev-dependencies"] {
        if let Some(deps) = own.get(table) {
            m.insert(table.into(), deps.clone());
        }
    }
    Ok(toml::to_string(&m).unwrap_or_default())
}

/// The test binaries cargo built, per package, and the compiler errors of the rest.
struct Built {
    binaries: BTreeMap<String, Vec<PathBuf>>,
    errors: BTreeMap<String, String>,
    /// What cargo itself said: a failure that is not the compiler's (a full disk, a killed
    /// linker) shows up only here.
    cargo_said: String,
}

impl Built {
    fn get(&self, package: &str) -> Option<&Vec<PathBuf>> {
        self.binaries.get(package)
    }

    fn errors_of(&self, package: &str) -> String {
        if let Some(errors) = self.errors.get(package) {
            return errors.clone();
        }
        let about: Vec<&str> = self
            .cargo_said
            .lines()
            .filter(|l| l.contains(package) || l.contains("error") || l.contains("space"))
            .collect();
        if about.is_empty() {
            "(no compiler message, and cargo said nothing about it: check the free disk \
             space with `df -h`, then build it by hand with `cargo test --no-run` in \
             target/course-corpus/packages/<its package> to see what stops it)"
                .into()
        } else {
            format!(
                "(no compiler message; cargo said the lines below. A full disk or a killed \
                 linker shows up this way: check `df -h` and run the build again)\n{}",
                tail(&about.join("\n"), 15)
            )
        }
    }
}

#[derive(Deserialize)]
struct Message {
    reason: String,
    #[serde(default)]
    package_id: String,
    #[serde(default)]
    executable: Option<PathBuf>,
    #[serde(default)]
    profile: Option<Profile>,
    #[serde(default)]
    message: Option<Diagnostic>,
}

#[derive(Deserialize)]
struct Profile {
    test: bool,
}

#[derive(Deserialize)]
struct Diagnostic {
    level: String,
    #[serde(default)]
    rendered: Option<String>,
}

/// Builds every package of the scratch workspace (keeping going past failures).
fn build(scratch: &Path) -> Result<Built> {
    let mut cmd = cargo();
    cmd.current_dir(scratch)
        .args([
            "build",
            "--workspace",
            "--tests",
            "--keep-going",
            "--message-format=json",
            "--color",
            "never",
        ])
        // The course's own target folder: the corpus needs the same tokio, toolkit and the
        // rest that the check has just built for the stubs and the solutions, so mostly the
        // wrong solutions themselves are compiled here.
        .env("CARGO_TARGET_DIR", target_dir(scratch));
    // cargo's JSON messages for hundreds of packages pass the 1 MiB kept of a student's
    // output (about 1.5 MB at 431 wrong solutions). Cut there, the last packages' artifacts
    // were lost: they looked uncompiled, or half-built (a test binary missing: "passes").
    let out = run_with_timeout_capped(cmd, Duration::from_secs(40 * 60), CARGO_MESSAGES_CAP)?;
    if out.truncated {
        return Err(crate::error::Fail::failure(format!(
            "cargo's messages for the corpus build passed {} MiB and were cut, so which wrong \
             solution built cannot be told: raise CARGO_MESSAGES_CAP in runner.rs",
            CARGO_MESSAGES_CAP >> 20
        )));
    }
    let mut built = Built {
        binaries: BTreeMap::new(),
        errors: BTreeMap::new(),
        cargo_said: out.stderr.clone(),
    };
    for line in out.stdout.lines() {
        let Ok(msg) = serde_json::from_str::<Message>(line) else {
            continue;
        };
        let package = package_name(&msg.package_id);
        match msg.reason.as_str() {
            "compiler-artifact" if msg.profile.as_ref().is_some_and(|p| p.test) => {
                if let Some(exe) = msg.executable {
                    built.binaries.entry(package).or_default().push(exe);
                }
            }
            "compiler-message" => {
                if let Some(d) = msg.message.filter(|d| d.level == "error") {
                    let text = d.rendered.unwrap_or_default();
                    built.errors.entry(package).or_default().push_str(&text);
                }
            }
            _ => {}
        }
    }
    if built.binaries.is_empty() && !out.success() {
        return Err(crate::error::Fail::failure(format!(
            "the corpus workspace did not build at all:\n{}",
            tail(&out.stderr, 30)
        )));
    }
    Ok(built)
}

/// A package's name from cargo's id for it: `path+file:///…/wrong-x#wrong-x@0.0.0`, or
/// The course's target folder: `CARGO_TARGET_DIR` if set, else `<root>/target` (the
/// scratch workspace lives at `<root>/target/course-corpus`).
fn target_dir(scratch: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => scratch
            .parent()
            .map_or_else(|| scratch.join("target"), Path::to_path_buf),
    }
}

/// `path+file:///…/wrong-x#0.0.0` when the folder is named after the package, or the old
/// `wrong-x 0.0.0 (path+…)` → `wrong-x`.
fn package_name(id: &str) -> String {
    if let Some((url, rest)) = id.rsplit_once('#') {
        return match rest.split_once('@') {
            Some((name, _)) => name.to_owned(),
            None => url.rsplit('/').next().unwrap_or(url).to_owned(),
        };
    }
    id.split_whitespace().next().unwrap_or(id).to_owned()
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_names_come_out_of_both_id_forms() {
        assert_eq!(
            package_name("path+file:///t/packages/wrong-a-b#wrong-a-b@0.0.0"),
            "wrong-a-b"
        );
        assert_eq!(
            package_name("wrong-a-b 0.0.0 (path+file:///t)"),
            "wrong-a-b"
        );
    }

    #[test]
    fn each_wrong_solution_is_stripped_and_the_dependencies_keep_their_settings() {
        let mut manifest: toml::Table = toml::from_str(
            "[profile.dev]\ndebug = \"line-tables-only\"\n\
             [profile.dev.package.\"*\"]\ndebug = false\n",
        )
        .unwrap();
        slim_test_binaries(&mut manifest, ["wrong-a", "wrong-b"].into_iter());
        let dev = manifest["profile"]["dev"].as_table().unwrap();
        // The profile itself, which every dependency is built with, is left as it was.
        assert_eq!(dev["debug"].as_str(), Some("line-tables-only"));
        let overrides = dev["package"].as_table().unwrap();
        assert_eq!(overrides["*"]["debug"].as_bool(), Some(false));
        for package in ["wrong-a", "wrong-b"] {
            assert_eq!(overrides[package]["strip"].as_str(), Some("symbols"));
            assert_eq!(overrides[package]["debug"].as_bool(), Some(false));
        }
    }

    #[test]
    fn a_corpus_entry_reads_from_toml() {
        let text =
            "[[wrong]]\nfile = \"x.rs\"\nkind = \"forgery\"\nmistake = \"m\"\nexpect = [\"a\"]\n";
        let file: CorpusFile = toml::from_str(text).unwrap();
        assert_eq!(file.wrong[0].kind, Kind::Forgery);
    }
}
