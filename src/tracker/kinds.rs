//! Which kind a heading is, by its title (TRACKER-FORMAT §2), with the config's overrides.

use super::model::Kind;
use regex::{Regex, RegexBuilder};

/// The kinds a config may give a rule for, in the order the rules are tried.
pub const CONFIGURABLE: [Kind; 8] = [
    Kind::Summary,
    Kind::Optional,
    Kind::Phase,
    Kind::Module,
    Kind::Checkpoint,
    Kind::Assessment,
    Kind::Log,
    Kind::Session,
];

/// The default title pattern of each kind (case-insensitive).
fn default_pattern(kind: Kind) -> &'static str {
    match kind {
        Kind::Summary => r"^\s*overall progress\s*$",
        Kind::Optional => r"\(optional\)",
        Kind::Phase => r"^\s*phase\s+\d+",
        Kind::Module => r"^\s*module\s+\d+\.\d+",
        Kind::Checkpoint => r"^\s*checkpoint",
        Kind::Assessment => r"assessment",
        Kind::Log => r"^\s*study log\s*$",
        Kind::Session => r"",
        Kind::Root | Kind::Section => r"$.^",
    }
}

/// The rules that give each heading its kind.
#[derive(Debug, Clone)]
pub struct KindRules {
    rules: Vec<(Kind, Regex)>,
}

/// The built-in rules, compiled once: regexes are costly to build and cheap to clone.
static DEFAULT_RULES: std::sync::LazyLock<KindRules> =
    std::sync::LazyLock::new(|| KindRules::new(&[]).expect("the built-in kind patterns compile"));

impl Default for KindRules {
    fn default() -> Self {
        DEFAULT_RULES.clone()
    }
}

impl KindRules {
    /// The built-in rules, shared: for reading many files without compiling or cloning
    /// regexes for each (a clone starts its own regex caches).
    pub fn builtin() -> &'static KindRules {
        &DEFAULT_RULES
    }
}

impl KindRules {
    /// The default rules with some replaced by `(kind, pattern)` overrides.
    ///
    /// Patterns are case-insensitive; a pattern that does not compile is returned as an error
    /// with the kind it belongs to and the regex crate's explanation.
    pub fn new(overrides: &[(Kind, String)]) -> Result<Self, (Kind, String)> {
        let mut rules = Vec::new();
        for kind in CONFIGURABLE {
            let pattern = overrides
                .iter()
                .find(|(k, _)| *k == kind)
                .map(|(_, p)| p.as_str())
                .unwrap_or(default_pattern(kind));
            let regex = RegexBuilder::new(pattern)
                .case_insensitive(true)
                .size_limit(1 << 20)
                .build()
                .map_err(|e| (kind, e.to_string()))?;
            rules.push((kind, regex));
        }
        Ok(KindRules { rules })
    }

    /// Each kind's pattern as it is matched, in the order the rules are tried: what a cache of
    /// anything these rules classified is keyed by.
    pub fn patterns(&self) -> impl Iterator<Item = (Kind, &str)> {
        self.rules
            .iter()
            .map(|(kind, regex)| (*kind, regex.as_str()))
    }

    /// The kind of a heading with this title and effective level, under a parent of
    /// `parent_kind`. The summary must be at level 2; a session must be a child of the log.
    pub fn classify(&self, title: &str, level: u8, parent_kind: Kind) -> Kind {
        for (kind, regex) in &self.rules {
            let structural = match kind {
                Kind::Summary => level == 2,
                Kind::Session => parent_kind == Kind::Log,
                _ => true,
            };
            if structural && regex.is_match(title) {
                return *kind;
            }
        }
        Kind::Section
    }
}

/// The number of a module, such as `1.2` in `Module 1.2: Transmitting Event Streams`.
pub fn module_number(title: &str) -> Option<String> {
    let start = title.find(|c: char| c.is_ascii_digit())?;
    let rest = &title[start..];
    let mut end = 0;
    let mut last_was_digit = false;
    for (i, c) in rest.char_indices() {
        if c.is_ascii_digit() {
            last_was_digit = true;
            end = i + 1;
        } else if c == '.' && last_was_digit {
            last_was_digit = false;
        } else {
            break;
        }
    }
    Some(rest[..end].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(title: &str, level: u8) -> Kind {
        KindRules::default().classify(title, level, Kind::Root)
    }

    #[test]
    fn default_rules_follow_the_table() {
        assert_eq!(kind("Overall Progress", 2), Kind::Summary);
        assert_eq!(kind("overall progress", 2), Kind::Summary);
        assert_eq!(kind("Overall Progress", 3), Kind::Section);
        assert_eq!(kind("Practical Projects (Optional)", 2), Kind::Optional);
        assert_eq!(kind("Phase 1: Foundations", 2), Kind::Phase);
        assert_eq!(kind("Phase one", 2), Kind::Section);
        assert_eq!(kind("Module 1.2: Transmitting", 3), Kind::Module);
        assert_eq!(kind("Module 1", 3), Kind::Section);
        assert_eq!(kind("Checkpoint 1", 3), Kind::Checkpoint);
        assert_eq!(kind("Final Assessment", 2), Kind::Assessment);
        assert_eq!(kind("Study Log", 2), Kind::Log);
        assert_eq!(kind("Notes and Reflections", 2), Kind::Section);
    }

    #[test]
    fn the_first_matching_row_wins() {
        assert_eq!(kind("Phase 5 (Optional)", 2), Kind::Optional);
        assert_eq!(kind("Checkpoint Assessment", 3), Kind::Checkpoint);
    }

    #[test]
    fn sessions_are_children_of_the_log() {
        let rules = KindRules::default();
        assert_eq!(rules.classify("Session 1", 3, Kind::Log), Kind::Session);
        assert_eq!(rules.classify("Session 1", 3, Kind::Phase), Kind::Section);
    }

    #[test]
    fn overrides_replace_one_rule() {
        let rules = KindRules::new(&[(Kind::Phase, r"^week \d+".into())]).unwrap();
        assert_eq!(rules.classify("Week 3", 2, Kind::Root), Kind::Phase);
        assert_eq!(rules.classify("Phase 1", 2, Kind::Root), Kind::Section);
        assert_eq!(rules.classify("Module 1.1", 3, Kind::Phase), Kind::Module);
        assert!(KindRules::new(&[(Kind::Module, "(".into())]).is_err());
    }

    #[test]
    fn module_numbers() {
        assert_eq!(module_number("Module 1.2: X").as_deref(), Some("1.2"));
        assert_eq!(module_number("Module 10.11").as_deref(), Some("10.11"));
        assert_eq!(module_number("Module 3.").as_deref(), Some("3"));
        assert_eq!(module_number("Intro"), None);
    }
}
