//! The racy counters do not compile, and the compiler says so in the words checked in next to
//! them (`tests/ui/*.stderr`). The demo prints those files, so this test keeps what it shows
//! current: a new compiler that words the error differently fails here first.
//! After such a change, `TRYBUILD=overwrite cargo test -p race_demo --test compile_fail --
//! --ignored` rewrites the `.stderr` files; read the diff before committing it.
//!
//! Ignored in a plain `cargo test` and run by CI (`.ci/run`, step "compiler-words"): trybuild
//! checks the demo's whole dependency tree (tokio, clap, the toolkit) a second time, in its own
//! target folder, which took 13 to 18 s of a newcomer's first `cargo test` on 2 cores, to guard
//! against a change that only a new compiler makes.

#[test]
#[ignore = "maintainers' check of the compiler's wording; CI runs it (`-- --ignored`)"]
fn the_racy_counters_do_not_compile() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/shared_counter.rs");
    cases.compile_fail("tests/ui/cell_counter.rs");
}
