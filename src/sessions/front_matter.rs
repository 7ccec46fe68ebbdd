//! YAML front matter at the top of a note file, between `---` lines.

use crate::diagnostics::Diagnostic;
use crate::yaml::{self, Mapping, Value};

/// A note split into its front matter and its body.
#[derive(Debug, Clone)]
pub struct Note {
    /// The front matter's keys, empty when there is none.
    pub front: Mapping,
    /// The 1-based file line of each top-level key, for messages.
    pub key_lines: Vec<(String, usize)>,
    /// The body, with the front matter's lines left blank so line numbers match the file.
    pub body: String,
}

impl Note {
    /// The line of `key` in the file, or 1.
    pub fn line_of(&self, key: &str) -> usize {
        self.key_lines
            .iter()
            .find(|(k, _)| k == key)
            .map_or(1, |(_, l)| *l)
    }
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Splits `text` (BOM already removed) into front matter and body; errors name `file` and
/// the line in the file.
pub fn split(text: &str, file: &str) -> Result<Note, Diagnostic> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if !is_fence(first) {
        return Ok(Note {
            front: Mapping::new(),
            key_lines: Vec::new(),
            body: text.to_string(),
        });
    }
    let mut yaml_len = 0;
    let mut closing = None;
    for (i, line) in lines.enumerate() {
        if is_fence(line) || line.trim_end() == "..." {
            closing = Some(i + 2);
            break;
        }
        yaml_len += line.len();
    }
    let Some(closing_line) = closing else {
        return Err(Diagnostic::new(
            file,
            1,
            "the front matter that starts here has no closing `---` line; add one after its \
             last key",
        ));
    };
    let yaml_text = &text[first.len()..first.len() + yaml_len];
    let value: Value = yaml::from_str(yaml_text).map_err(|e| {
        Diagnostic::new(
            file,
            e.line.map_or(1, |l| l + 1),
            format!("the front matter is not valid YAML: {}; fix it", e.message),
        )
    })?;
    let front = match value {
        Value::Null => Mapping::new(),
        Value::Mapping(m) => m,
        _ => {
            return Err(Diagnostic::new(
                file,
                2,
                "the front matter must be keys and values such as `date: 2026-01-21`, not a \
                 list or a single value",
            ));
        }
    };
    let key_lines = yaml_text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with([' ', '\t', '#', '-']) && l.contains(':'))
        .filter_map(|(i, l)| {
            let key = l.split(':').next()?.trim().trim_matches(['"', '\'']);
            Some((key.to_string(), i + 2))
        })
        .collect();
    let consumed: usize = text
        .split_inclusive('\n')
        .take(closing_line)
        .map(str::len)
        .sum();
    let mut body = "\n".repeat(closing_line);
    body.push_str(&text[consumed.min(text.len())..]);
    Ok(Note {
        front,
        key_lines,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_and_body_keep_file_lines() {
        let n = split("---\ndate: 2026-01-21\ntitle: Kafka\n---\n# Body\n", "n.md").unwrap();
        assert_eq!(n.front.get("title").and_then(Value::as_str), Some("Kafka"));
        assert_eq!(n.line_of("title"), 3);
        assert_eq!(n.body.lines().position(|l| l == "# Body"), Some(4));
    }

    #[test]
    fn no_front_matter_is_fine() {
        let n = split("# Just notes\n", "n.md").unwrap();
        assert!(n.front.is_empty());
        assert_eq!(n.body, "# Just notes\n");
    }

    #[test]
    fn errors_name_the_line_in_the_file() {
        let e = split("---\ndate: 2026-01-21\n", "n.md").unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("n.md", 1));
        let e = split("---\ntitle: ok\ntags: [a\n---\nbody\n", "n.md").unwrap_err();
        assert!(e.line >= 3, "{e:?}");
        let e = split("---\n- a\n- b\n---\n", "n.md").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("keys"), "{e:?}");
    }

    #[test]
    fn empty_front_matter_is_an_empty_mapping() {
        let n = split("---\n---\ntext", "n.md").unwrap();
        assert!(n.front.is_empty());
        assert_eq!(n.body, "\n\ntext");
    }
}
