//! The racy counters, which do not compile, and what the compiler says about them. The
//! messages are the checked-in `.stderr` files of the compile-fail tests in `tests/ui/`, so
//! `tests/compile_fail.rs` fails when a new compiler words them differently, and
//! `TRYBUILD=overwrite` brings them (and so this demo) up to date.

/// One program that does not compile, and why.
#[derive(Debug, Clone, Copy)]
pub struct Racy {
    /// Its file, from the crate's folder.
    pub file: &'static str,
    /// The increment, as the line of the table shows it.
    pub increment: &'static str,
    /// The compiler's whole message, as `cargo build` prints it (paths shortened by trybuild:
    /// `$RUST` is the standard library's source).
    pub compiler_says: &'static str,
}

impl Racy {
    /// The message's first line: `error[E0499]: cannot borrow ...`.
    pub fn error_line(&self) -> &'static str {
        self.compiler_says.lines().next().unwrap_or_default()
    }
}

/// Python's `counter += 1` word for word: every thread borrows `counter` mutably at once.
pub const SHARED_MUT: Racy = Racy {
    file: "tests/ui/shared_counter.rs",
    increment: "counter += 1 (one &mut usize, every thread)",
    compiler_says: include_str!("../tests/ui/shared_counter.stderr"),
};

/// A counter that changes behind a shared reference, as a Python variable does: a `Cell`.
pub const SHARED_CELL: Racy = Racy {
    file: "tests/ui/cell_counter.rs",
    increment: "counter.set(counter.get() + 1) (a Cell)",
    compiler_says: include_str!("../tests/ui/cell_counter.stderr"),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_message_is_the_error_the_lesson_is_about() {
        assert!(SHARED_MUT.error_line().starts_with("error[E0499]"));
        assert!(SHARED_CELL.error_line().starts_with("error[E0277]"));
        assert!(SHARED_CELL.compiler_says.contains("Sync"));
    }
}
