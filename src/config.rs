//! `tracker.yaml`: where things are and how to read them (TRACKER-FORMAT §8).

use crate::date::parse_ymd;
use crate::diagnostics::{Diagnostic, InputErrors};
use crate::source::SourceFile;
use crate::tracker::kinds::{CONFIGURABLE, KindRules};
use crate::yaml::{self, Value};
use chrono::NaiveDate;
use indexmap::IndexMap;
use std::path::{Path, PathBuf};

/// The config file's name at the site root.
pub const FILE_NAME: &str = "tracker.yaml";

/// Every key the config accepts.
pub const KEYS: [&str; 10] = [
    "title",
    "tracker",
    "sessions",
    "output",
    "theme",
    "base_url",
    "start_date",
    "allow_html",
    "kinds",
    "history",
];

/// A site's settings, defaults filled in and paths resolved against the root.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site root.
    pub root: PathBuf,
    /// The dashboard's title, when the config sets one.
    pub title: Option<String>,
    /// The tracker file.
    pub tracker: PathBuf,
    /// The folder of session note files.
    pub sessions: PathBuf,
    /// Where `build` writes.
    pub output: PathBuf,
    /// The theme's name.
    pub theme: String,
    /// Where the site will be served.
    pub base_url: String,
    /// Day 1 of the plan, when set.
    pub start_date: Option<NaiveDate>,
    /// Whether raw HTML in notes passes through.
    pub allow_html: bool,
    /// How headings get their kinds.
    pub kinds: KindRules,
    /// Whether completion dates are read from the git repository holding the tracker (§9).
    pub history: bool,
}

impl Config {
    /// The defaults for a site at `root`.
    pub fn defaults(root: &Path) -> Self {
        Config {
            root: root.to_path_buf(),
            title: None,
            tracker: root.join("content/tracker.md"),
            sessions: root.join("content/sessions"),
            output: root.join("public"),
            theme: "default".to_string(),
            base_url: "/".to_string(),
            start_date: None,
            allow_html: false,
            kinds: KindRules::default(),
            history: true,
        }
    }

    /// Reads `tracker.yaml` at `root` if there is one; every problem in it is reported.
    pub fn load(root: &Path) -> Result<Self, InputErrors> {
        let path = root.join(FILE_NAME);
        if !path.exists() {
            return Ok(Config::defaults(root));
        }
        let source = SourceFile::read(&path, FILE_NAME)?;
        Config::from_source(root, &source)
    }

    /// Reads the config from its text.
    pub fn from_source(root: &Path, source: &SourceFile) -> Result<Self, InputErrors> {
        let name = source.name.as_str();
        let error = |line: usize, message: String| Diagnostic::new(name, line, message);
        let value: Value = yaml::from_str(&source.text).map_err(|e| {
            error(
                e.line.unwrap_or(0),
                format!("not valid YAML: {}; fix the syntax", e.message),
            )
        })?;
        let mapping = match &value {
            Value::Null => return Ok(Config::defaults(root)),
            Value::Mapping(m) => m,
            _ => {
                return Err(error(
                    1,
                    "the config must be a mapping of keys such as `title: My plan`".to_string(),
                )
                .into());
            }
        };
        let mut errors = Vec::new();
        let mut config = Config::defaults(root);
        for (key, value) in mapping {
            let Some(key) = key.as_str() else {
                errors.push(error(
                    1,
                    "every config key must be a word such as `title`".into(),
                ));
                continue;
            };
            let line = key_line(&source.text, key, 0);
            if let Err(problems) = config.set(root, key, value, &source.text) {
                for (at, message) in problems {
                    errors.push(error(at.unwrap_or(line), message));
                }
            }
        }
        if errors.is_empty() {
            Ok(config)
        } else {
            Err(InputErrors(errors))
        }
    }

    /// Sets one key from its YAML value; the errors say what is wrong, with the line when it
    /// is not the key's own.
    fn set(
        &mut self,
        root: &Path,
        key: &str,
        value: &Value,
        text: &str,
    ) -> Result<(), Vec<(Option<usize>, String)>> {
        let one = |message: String| vec![(None, message)];
        fn get<T: serde::de::DeserializeOwned>(
            key: &str,
            value: &Value,
            what: &str,
        ) -> Result<T, String> {
            yaml::from_value(value.clone()).map_err(|_| format!("`{key}` must be {what}"))
        }
        match key {
            "title" => self.title = Some(get(key, value, "a text").map_err(one)?),
            "tracker" => {
                self.tracker = root.join(get::<PathBuf>(key, value, "a file path").map_err(one)?)
            }
            "sessions" => {
                self.sessions = root.join(get::<PathBuf>(key, value, "a folder path").map_err(one)?)
            }
            "output" => {
                self.output = root.join(get::<PathBuf>(key, value, "a folder path").map_err(one)?)
            }
            "theme" => self.theme = get(key, value, "a theme name").map_err(one)?,
            "base_url" => {
                self.base_url = get(
                    key,
                    value,
                    "an address such as https://you.github.io/study/",
                )
                .map_err(one)?
            }
            "allow_html" => self.allow_html = get(key, value, "true or false").map_err(one)?,
            "history" => self.history = get(key, value, "true or false").map_err(one)?,
            "start_date" => {
                let d: String = get(key, value, "a date written YYYY-MM-DD").map_err(one)?;
                self.start_date = Some(parse_ymd(d.trim()).ok_or_else(|| {
                    one(format!(
                        "start_date '{d}' is not a date; write it as YYYY-MM-DD"
                    ))
                })?);
            }
            "kinds" => {
                let kinds: IndexMap<String, Value> = get(
                    key,
                    value,
                    "a map from kind to a pattern, such as `phase: '^week'`",
                )
                .map_err(one)?;
                let names: Vec<&str> = CONFIGURABLE.iter().map(|k| k.name()).collect();
                let mut problems = Vec::new();
                let mut overrides = Vec::new();
                for (name, pattern) in kinds {
                    let Some(kind) = CONFIGURABLE.iter().find(|k| k.name() == name) else {
                        problems.push((
                            Some(key_line(text, &name, 1)),
                            unknown("kind", &name, &names),
                        ));
                        continue;
                    };
                    let Some(pattern) = pattern.as_str() else {
                        problems.push((
                            Some(key_line(text, &name, 1)),
                            format!("the pattern for kind `{name}` must be a text"),
                        ));
                        continue;
                    };
                    if let Err((_, why)) = KindRules::new(&[(*kind, pattern.to_string())]) {
                        problems.push((
                            Some(key_line(text, &name, 1)),
                            format!(
                                "the pattern for kind `{name}` is not a valid regular expression: {}",
                                why.lines().last().unwrap_or("").trim()
                            ),
                        ));
                        continue;
                    }
                    overrides.push((*kind, pattern.to_string()));
                }
                if !problems.is_empty() {
                    return Err(problems);
                }
                self.kinds = KindRules::new(&overrides).map_err(|(_, why)| one(why))?;
            }
            _ => return Err(one(unknown("key", key, &KEYS))),
        }
        Ok(())
    }
}

/// "unknown key 'titel'; did you mean 'title'?" or the list of known ones.
fn unknown(what: &str, key: &str, known: &[&str]) -> String {
    let nearest = known
        .iter()
        .map(|k| (strsim::damerau_levenshtein(key, k), *k))
        .min();
    match nearest {
        Some((distance, k)) if distance <= 3.max(key.len() / 3) => {
            format!("unknown {what} '{key}'; did you mean '{k}'?")
        }
        _ => format!(
            "unknown {what} '{key}'; the known ones are: {}",
            known.join(", ")
        ),
    }
}

/// The line where `key:` is written (indented when `depth` > 0), or 1 when it cannot be found.
fn key_line(text: &str, key: &str, depth: usize) -> usize {
    text.lines()
        .position(|line| {
            let indent = line.len() - line.trim_start().len();
            let t = line.trim_start().trim_start_matches(['"', '\'']);
            (depth == 0) == (indent == 0)
                && t.strip_prefix(key).is_some_and(|rest| {
                    rest.trim_start_matches(['"', '\''])
                        .trim_start()
                        .starts_with(':')
                })
        })
        .map_or(1, |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tracker::model::Kind;

    fn load(text: &str) -> Result<Config, InputErrors> {
        Config::from_source(Path::new("/site"), &SourceFile::from_text(FILE_NAME, text))
    }

    #[test]
    fn an_empty_config_gives_the_defaults() {
        let c = load("").unwrap();
        assert_eq!(c.tracker, Path::new("/site/content/tracker.md"));
        assert_eq!(c.sessions, Path::new("/site/content/sessions"));
        assert_eq!(c.output, Path::new("/site/public"));
        assert_eq!(c.theme, "default");
        assert_eq!(c.base_url, "/");
        assert!(!c.allow_html);
        assert!(c.history);
    }

    #[test]
    fn every_key_is_read() {
        let c = load(
            "title: My plan\ntracker: plan.md\nsessions: notes\noutput: site\ntheme: paper\n\
             base_url: https://me.github.io/study/\nstart_date: 2026-01-20\nallow_html: true\n\
             kinds:\n  phase: '^week'\nhistory: false\n",
        )
        .unwrap();
        assert_eq!(c.title.as_deref(), Some("My plan"));
        assert_eq!(c.tracker, Path::new("/site/plan.md"));
        assert_eq!(c.sessions, Path::new("/site/notes"));
        assert_eq!(c.output, Path::new("/site/site"));
        assert_eq!(c.theme, "paper");
        assert_eq!(c.base_url, "https://me.github.io/study/");
        assert_eq!(c.start_date, NaiveDate::from_ymd_opt(2026, 1, 20));
        assert!(c.allow_html);
        assert_eq!(c.kinds.classify("Week 1", 2, Kind::Root), Kind::Phase);
        assert!(!c.history);
    }

    #[test]
    fn unknown_keys_are_named_with_the_nearest_known_one() {
        let err = load("title: x\ntitel: y\nstart_dat: 2026-01-01\n").unwrap_err();
        assert_eq!(err.0.len(), 2);
        assert_eq!(err.0[0].line, 2);
        assert!(err.0[0].message.contains("'titel'"), "{}", err.0[0].message);
        assert!(
            err.0[0].message.contains("did you mean 'title'"),
            "{}",
            err.0[0].message
        );
        assert_eq!(err.0[1].line, 3);
        assert!(
            err.0[1].message.contains("'start_date'"),
            "{}",
            err.0[1].message
        );
    }

    #[test]
    fn history_is_a_known_key_suggested_for_near_misses() {
        let err = load("histroy: false\n").unwrap_err();
        assert!(
            err.0[0].message.contains("did you mean 'history'"),
            "{}",
            err.0[0].message
        );
        let err = load("history: sometimes\n").unwrap_err();
        assert!(
            err.0[0].message.contains("`history` must be true or false"),
            "{}",
            err.0[0].message
        );
    }

    #[test]
    fn unknown_kinds_and_bad_patterns_are_errors() {
        let err = load("kinds:\n  modul: x\n").unwrap_err();
        assert!(
            err.0[0].message.contains("did you mean 'module'"),
            "{}",
            err.0[0].message
        );
        assert_eq!(err.0[0].line, 2);
        let err = load("kinds:\n  phase: '('\n").unwrap_err();
        assert!(err.0[0].message.contains("phase"), "{}", err.0[0].message);
        assert_eq!(err.0[0].line, 2);
    }

    #[test]
    fn broken_yaml_names_its_line() {
        let err = load("title: x\nkinds: [\n").unwrap_err();
        assert_eq!(err.0[0].file, "tracker.yaml");
        assert!(err.0[0].line >= 2, "{:?}", err.0[0]);
        assert!(err.0[0].message.contains("YAML"));
    }

    #[test]
    fn wrong_types_and_dates_are_errors() {
        assert!(load("allow_html: maybe\n").is_err());
        assert!(load("- a\n- b\n").is_err());
        let err = load("start_date: 2026-02-30\n").unwrap_err();
        assert!(err.0[0].message.contains("YYYY-MM-DD"));
    }
}
