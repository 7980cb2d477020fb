//! The racy counters do not compile, and the compiler says so in the words checked in next to
//! them (`tests/ui/*.stderr`). The demo prints those files, so this test keeps what it shows
//! current: a new compiler that words the error differently fails here first.
//! After such a change, `TRYBUILD=overwrite cargo test -p race_demo --test compile_fail`
//! rewrites the `.stderr` files; read the diff before committing it.

#[test]
fn the_racy_counters_do_not_compile() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/shared_counter.rs");
    cases.compile_fail("tests/ui/cell_counter.rs");
}
