//! Warnings and errors about a learner's files, always with a file and a line.

use serde::Serialize;
use std::fmt;

/// Something worth telling the learner about their files: where, and what to do.
///
/// Warnings never stop a run; errors make it exit 1. Whoever holds one knows which it is, and
/// prints it through [`Diagnostic::warning`] or [`Diagnostic::error`]: a diagnostic has no
/// printed form of its own, so none is ever shown without the word that says what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The file, relative to the site root, with `/` separators.
    pub file: String,
    /// The 1-based line in that file; 0 when the message is about the whole file.
    pub line: usize,
    /// What is wrong and what to do about it.
    pub message: String,
}

impl Diagnostic {
    /// A diagnostic about `file` at `line`.
    pub fn new(file: impl Into<String>, line: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            line,
            message: message.into(),
        }
    }

    /// This diagnostic as a warning prints: `file:line: warning: message`.
    pub fn warning(&self) -> Shown<'_> {
        Shown {
            diagnostic: self,
            severity: "warning",
        }
    }

    /// This diagnostic as an error prints: `file:line: error: message`.
    pub fn error(&self) -> Shown<'_> {
        Shown {
            diagnostic: self,
            severity: "error",
        }
    }
}

/// A diagnostic in the one shape every command prints: `file:line: severity: message`.
#[derive(Debug, Clone, Copy)]
pub struct Shown<'a> {
    diagnostic: &'a Diagnostic,
    severity: &'static str,
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.diagnostic;
        write!(f, "{}:{}: {}: {}", d.file, d.line, self.severity, d.message)
    }
}

/// Sorts diagnostics by file, then line, keeping the order of those on one line.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| a.file.cmp(&b.file).then(a.line.cmp(&b.line)));
}

/// Every error a run found, reported together; printed one `file:line: error: message` a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputErrors(pub Vec<Diagnostic>);

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{}", d.error())?;
        }
        Ok(())
    }
}

impl std::error::Error for InputErrors {}

impl From<Diagnostic> for InputErrors {
    fn from(d: Diagnostic) -> Self {
        InputErrors(vec![d])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diagnostic_prints_with_the_word_for_what_it_is() {
        let d = Diagnostic::new("content/tracker.md", 15, "empty task");
        assert_eq!(
            d.warning().to_string(),
            "content/tracker.md:15: warning: empty task"
        );
        assert_eq!(
            d.error().to_string(),
            "content/tracker.md:15: error: empty task"
        );
    }

    #[test]
    fn every_error_of_a_run_prints_as_an_error_a_line() {
        let errors = InputErrors(vec![
            Diagnostic::new("tracker.yaml", 0, "unknown theme 'nosuch'"),
            Diagnostic::new("content/sessions/leap.md", 3, "not a real day"),
        ]);
        assert_eq!(
            errors.to_string(),
            "tracker.yaml:0: error: unknown theme 'nosuch'\n\
             content/sessions/leap.md:3: error: not a real day"
        );
    }
}
