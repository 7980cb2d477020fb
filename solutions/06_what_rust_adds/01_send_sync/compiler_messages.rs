//! The three classic mistakes of exercise 6.1, each a small program that must NOT compile,
//! with the compiler's message checked against the `.stderr` file beside it (the exercise's
//! README quotes them). A new rustc may word them differently: then this test fails, and
//! `TRYBUILD=overwrite cargo test -p send_sync_solution --test compiler_messages` rewrites
//! the `.stderr` files (read the diff, update the README's quotes). CI runs stable Rust.
//!
//! The programs use only std and tokio; the learner's code plays no part, which is why this
//! test lives beside the solution and not in the exercise's tests.

/// The exercise's `tests/ui/` folder, from this package's.
macro_rules! ui {
    ($file:literal) => {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../exercises/06_what_rust_adds/01_send_sync/tests/ui/",
            $file
        )
    };
}

#[test]
fn the_classic_mistakes_do_not_compile() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail(ui!("rc_sent_to_thread.rs"));
    cases.compile_fail(ui!("refcell_shared_through_arc.rs"));
    cases.compile_fail(ui!("std_guard_across_await.rs"));
}
