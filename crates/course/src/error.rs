//! One error type for the whole tool. Each error knows its exit code:
//! 2 for bad input (an unknown name, a bad flag value), 1 for everything else.

use std::fmt;

/// An error the tool reports to the user, then exits with [`Fail::code`].
#[derive(Debug)]
pub struct Fail {
    /// The process exit code: 2 for bad input, 1 for a failure.
    pub code: i32,
    /// What went wrong, in words for the user.
    pub message: String,
}

impl Fail {
    /// Bad input from the user: exit code 2.
    pub fn usage(message: impl Into<String>) -> Self {
        Fail {
            code: 2,
            message: message.into(),
        }
    }

    /// Something failed (a file could not be read, a test run failed): exit code 1.
    pub fn failure(message: impl Into<String>) -> Self {
        Fail {
            code: 1,
            message: message.into(),
        }
    }
}

impl fmt::Display for Fail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The result type of every command.
pub type Result<T> = std::result::Result<T, Fail>;

/// Adds "while doing X" context to I/O errors: `fs::read(p).context(|| format!("reading {p}"))`.
pub trait Context<T> {
    /// Turns the error into a [`Fail::failure`] that says what we were doing.
    fn context(self, what: impl FnOnce() -> String) -> Result<T>;
}

impl<T, E: fmt::Display> Context<T> for std::result::Result<T, E> {
    fn context(self, what: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|e| Fail::failure(format!("{}: {e}", what())))
    }
}
