//! The one door to YAML: `tracker.yaml` and note front matter.
//!
//! serde_yaml, named in the design, is archived and marked deprecated by its author. We use
//! `yaml_serde`, the fork kept by the YAML organization with the same API, behind this module
//! so that a change of crate touches one file.

use serde::de::DeserializeOwned;

pub use yaml_serde::{Mapping, Value};

/// A YAML error with the 1-based line inside the parsed text, where the parser knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// The line within the YAML text, if known, counted as [`crate::source::SourceFile`]
    /// counts lines: one more than the newlines before the error.
    pub line: Option<usize>,
    /// The parser's explanation.
    pub message: String,
}

/// Parses YAML text into `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    yaml_serde::from_str(text).map_err(|e| {
        // The parser's own line count also breaks lines at a lone `\r` and can point one past
        // the last line; its byte index is where the error is.
        let line = e.location().map(|l| {
            let before = &text.as_bytes()[..l.index().min(text.len())];
            before.iter().filter(|&&b| b == b'\n').count() + 1
        });
        let mut message = e.to_string();
        // The crate appends " at line N column M"; we report the line ourselves.
        if let Some(i) = message.find(" at line ") {
            message.truncate(i);
        }
        YamlError { line, message }
    })
}

/// Writes a value as YAML, quoting where YAML would misread it.
pub fn to_string<T: serde::Serialize>(value: &T) -> Result<String, YamlError> {
    yaml_serde::to_string(value).map_err(|e| YamlError {
        line: None,
        message: e.to_string(),
    })
}

/// Converts an already parsed YAML value into `T`.
pub fn from_value<T: DeserializeOwned>(value: Value) -> Result<T, YamlError> {
    yaml_serde::from_value(value).map_err(|e| YamlError {
        line: None,
        message: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_carry_their_line() {
        let err = from_str::<Value>("a: 1\nb: [\n").unwrap_err();
        assert!(err.line.is_some(), "{err:?}");
        assert!(!err.message.contains(" at line "), "{}", err.message);
    }

    #[test]
    fn error_lines_are_lines_of_the_text() {
        // At the end of a text with no final newline: its last line, not one past it.
        let err = from_str::<Value>("title: x\ns").unwrap_err();
        assert_eq!(err.line, Some(2), "{err:?}");
        // A lone carriage return does not start a line.
        let err = from_str::<Value>("a: 1\r\r\r\nb: [\n").unwrap_err();
        assert_eq!(err.line, Some(3), "{err:?}");
    }

    #[test]
    fn module_numbers_need_quotes() {
        let v: Value = from_str("a: 1.10\nb: \"1.10\"").unwrap();
        assert_eq!(v["a"].as_f64(), Some(1.1));
        assert_eq!(v["b"].as_str(), Some("1.10"));
    }
}
