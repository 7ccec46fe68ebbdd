//! Bold-label fields such as `**Review Date**: 2026-02-01` (TRACKER-FORMAT §1, Fields).

/// Folds every run of white space into one space and trims the ends.
pub fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A value as kept in the report: folded, and `""` where the learner left a blank to fill
/// (nothing, a run of `_`, or a lone `-`).
pub fn clean_value(raw: &str) -> String {
    let folded = fold(raw);
    let blank = folded.is_empty() || folded == "-" || folded.chars().all(|c| c == '_');
    if blank { String::new() } else { folded }
}

/// A field line split into its label and the raw text after the colon.
///
/// Accepts `**Label**: value` and `**Label:** value`, after optional indentation.
pub fn split_label(line: &str) -> Option<(&str, &str)> {
    let rest = line.trim_start().strip_prefix("**")?;
    let close = rest.find("**")?;
    let inner = &rest[..close];
    let after = &rest[close + 2..];
    let (label, value) = if let Some(label) = inner.strip_suffix(':') {
        (label, after)
    } else {
        (inner, after.strip_prefix(':')?)
    };
    let label = label.trim();
    if label.is_empty() || inner.starts_with(char::is_whitespace) {
        return None;
    }
    Some((label, value))
}

/// True for a line holding only a bullet marker, which the tracker reads as an empty item.
pub fn is_lone_bullet(line: &str) -> bool {
    matches!(line.trim(), "-" | "*" | "+")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_label_forms_are_fields() {
        assert_eq!(
            split_label("**Date**: 2026-01-21"),
            Some(("Date", " 2026-01-21"))
        );
        assert_eq!(
            split_label("**Date:** 2026-01-21"),
            Some(("Date", " 2026-01-21"))
        );
        assert_eq!(split_label("  **Notes**:"), Some(("Notes", "")));
        assert_eq!(
            split_label("**Topics covered**:"),
            Some(("Topics covered", ""))
        );
    }

    #[test]
    fn bold_text_without_a_colon_is_not_a_field() {
        assert_eq!(split_label("**Important** read this"), None);
        assert_eq!(split_label("Date: 2026"), None);
        assert_eq!(split_label("****: x"), None);
        assert_eq!(split_label("** Date**: x"), None);
    }

    #[test]
    fn blanks_to_fill_are_empty_values() {
        assert_eq!(clean_value("  ___________ "), "");
        assert_eq!(clean_value(" - "), "");
        assert_eq!(clean_value(""), "");
        assert_eq!(clean_value(" In   progress "), "In progress");
        assert_eq!(clean_value("a_b"), "a_b");
    }

    #[test]
    fn lone_bullets() {
        for line in ["-", "*", "+", " - ", "-  ", "\t+"] {
            assert!(is_lone_bullet(line), "{line:?}");
        }
        for line in ["--", "- a", "", "1."] {
            assert!(!is_lone_bullet(line), "{line:?}");
        }
    }
}
