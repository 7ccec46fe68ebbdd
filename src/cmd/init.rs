//! `tracker init`: a new site, ready to build and to publish on GitHub Pages, written without
//! ever replacing a file.

use super::{Common, Failure};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Options of `tracker init`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The folder to make the site in, created if missing (default: --root, else `.`).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Start from a minimal plan (one phase, one module, one checkpoint) instead of the
    /// stream-processing plan.
    #[arg(long)]
    pub blank: bool,
    /// Add the missing files to a folder that is not empty. Existing files are never replaced.
    #[arg(long)]
    pub force: bool,
}

/// The default plan: the stream-processing study plan this project was made for.
pub const DEFAULT_PLAN: &str = include_str!("../../content/tracker.md");

/// The plan `--blank` writes: the smallest plan that shows every part of the format.
pub const BLANK_PLAN: &str = "\
# My Study Plan

What I am learning and why. Tick a box (`- [x]`) when a task is done; `tracker` counts the
rest. Add phases, modules and checkpoints as you plan them.

---

## Overall Progress

- [ ] Phase 1: Getting Started (Days 1-7)

---

## Phase 1: Getting Started

### Module 1.1: First Steps
- [ ] Read the introduction
- [ ] Work through the first example
- [ ] Answer the comprehension questions

**Notes**:
-

**Questions**:
-

---

### Checkpoint 1
- [ ] Can explain the main idea in my own words
- [ ] Can solve a small exercise without help

**Review Date**: ___________

---

## Study Log

### Session 1
**Date**: ___________
**Duration**: ___________
**Topics covered**:
-

**Key insights**:
-

**Questions to research**:
-
";

/// `tracker.yaml` as `init` writes it: every key with its default, commented out, so that
/// the file changes nothing until a line is uncommented.
pub const CONFIG: &str = r##"# tracker.yaml: the settings of this site. Every key is optional. Each one is listed below
# with its default value, commented out, so as written this file changes nothing. To change
# a setting, remove the "# " before its key and edit the value. An unknown key is an error
# that names the nearest known one; `tracker check` reads this file too.

# The dashboard's title. Default: the tracker's first `#` heading.
# title: My Study Plan

# The tracker file, relative to this folder.
# tracker: content/tracker.md

# The folder of session notes, one markdown file per session (`tracker new session`).
# sessions: content/sessions

# Where `tracker build` writes the site. The GitHub Pages workflow builds into `public`.
# output: public

# The theme: default (light and dark), paper (print), or your own in themes/<name>/.
# theme: default

# The address the site is served at. The GitHub Pages workflow passes the repository's
# Pages address (https://<user>.github.io/<repo>/) itself, so leave this for Pages.
# base_url: /

# Day 1 of the plan, YYYY-MM-DD. Default: the date of the earliest session.
# start_date: 2026-01-20

# Pass raw HTML in session notes through instead of escaping it.
# allow_html: false

# Read when each box was ticked from the git repository holding the tracker.
# history: true

# How a heading's title gives its kind: a case-insensitive regular expression per kind.
# These are the built-in rules; a kind given here replaces that one rule.
# kinds:
#   summary: '^\s*overall progress\s*$'
#   optional: '\(optional\)'
#   phase: '^\s*phase\s+\d+'
#   module: '^\s*module\s+\d+\.\d+'
#   checkpoint: '^\s*checkpoint'
#   assessment: 'assessment'
#   log: '^\s*study log\s*$'
#   session: ''
"##;

/// The `.gitignore` of a new site: the built site is made by the workflow, not committed.
pub const GITIGNORE: &str = "\
# The built site: `tracker build` makes it, and the Pages workflow builds its own.
/public/
# An output folder `tracker build --force` set aside.
/public.before-tracker/
";

/// The GitHub Actions workflow that publishes a learner's site on GitHub Pages.
///
/// It installs `tracker` with `cargo install --git` from the address in the repository
/// variable `TRACKER_GIT`, so the file is the same for everyone and the address is changed
/// in the repository's settings, not in the file.
pub const PAGES_WORKFLOW: &str = r#"# Publishes this study dashboard on GitHub Pages at every push to main.
#
# One-time setup on GitHub (README of tracker: "Publishing to GitHub Pages"):
#   1. Settings > Pages > Build and deployment > Source: "GitHub Actions".
#   2. Settings > Secrets and variables > Actions > Variables > New repository variable:
#      name TRACKER_GIT, value the Git address of the tracker tool, the repository you
#      installed `tracker` from (such as https://github.com/<owner>/tracker).
# Then push to main (or run this workflow by hand from the Actions tab). The dashboard is
# published at https://<user>.github.io/<repo>/.
name: Publish the dashboard

on:
  push:
    branches: [main]
  workflow_dispatch:
  # The dashboard is computed as of the day it is built ("day 5 of 14", what is behind).
  # To keep it current on days without a push, uncomment these lines:
  # schedule:
  #   - cron: "0 5 * * *"

permissions:
  contents: read
  pages: write
  id-token: write

# One deployment at a time; a deployment already running is let finish.
concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - name: Check out
        uses: actions/checkout@v4
        with:
          # The whole history, so the dashboard knows when each box was ticked.
          fetch-depth: 0

      - name: Find the tracker to install
        id: tracker
        env:
          TRACKER_GIT: ${{ vars.TRACKER_GIT }}
        run: |
          if [ -z "$TRACKER_GIT" ]; then
            echo "::error title=TRACKER_GIT is not set::Add the repository variable TRACKER_GIT (Settings > Secrets and variables > Actions > Variables): the Git address of the tracker tool, such as https://github.com/<owner>/tracker"
            exit 1
          fi
          rev=$(git ls-remote "$TRACKER_GIT" HEAD | cut -f1)
          if [ -z "$rev" ]; then
            echo "::error title=Cannot read TRACKER_GIT::No repository answered at $TRACKER_GIT; check the address in the repository variable TRACKER_GIT"
            exit 1
          fi
          echo "rev=$rev" >> "$GITHUB_OUTPUT"

      # A site has no Cargo.lock: the cache is keyed on the tracker's commit instead, so
      # tracker is compiled once per version of it, not at every push.
      - name: Cache the tracker binary
        id: cache
        uses: actions/cache@v4
        with:
          path: |
            ~/.cargo/bin/tracker
            ~/.cargo/.crates.toml
            ~/.cargo/.crates2.json
          key: tracker-${{ runner.os }}-${{ steps.tracker.outputs.rev }}

      - name: Install Rust
        if: steps.cache.outputs.cache-hit != 'true'
        run: rustup toolchain install stable --profile minimal --no-self-update && rustup default stable

      - name: Install tracker
        if: steps.cache.outputs.cache-hit != 'true'
        env:
          TRACKER_GIT: ${{ vars.TRACKER_GIT }}
          TRACKER_REV: ${{ steps.tracker.outputs.rev }}
        run: cargo install --locked --git "$TRACKER_GIT" --rev "$TRACKER_REV" tracker

      - name: Find the Pages address
        id: pages
        uses: actions/configure-pages@v5

      - name: Build the dashboard
        env:
          BASE_URL: ${{ steps.pages.outputs.base_url }}
        run: tracker build --output public --base-url "$BASE_URL/"

      - name: Upload the site
        uses: actions/upload-pages-artifact@v3
        with:
          path: public

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - name: Deploy to GitHub Pages
        id: deployment
        uses: actions/deploy-pages@v4
"#;

/// The files of a new site, relative to its folder, in the order they are written.
pub fn files(blank: bool) -> [(&'static str, &'static str); 5] {
    [
        (
            "content/tracker.md",
            if blank { BLANK_PLAN } else { DEFAULT_PLAN },
        ),
        // Keeps the empty folder in git; the sessions walk skips hidden files.
        ("content/sessions/.gitkeep", ""),
        (crate::config::FILE_NAME, CONFIG),
        (".gitignore", GITIGNORE),
        (".github/workflows/pages.yml", PAGES_WORKFLOW),
    ]
}

/// Runs `tracker init`.
pub fn run(common: &Common, args: &Args) -> Result<(), Failure> {
    let dir = args.dir.clone().unwrap_or_else(|| common.root.clone());
    if dir.exists() && !dir.is_dir() {
        return Err(Failure::Refused(format!(
            "{} is a file, not a folder; name a new or empty folder for the site",
            dir.display()
        )));
    }
    let present = occupants(&dir)?;
    if !present.is_empty() && !args.force {
        let shown: Vec<&str> = present.iter().take(3).map(String::as_str).collect();
        let more = if present.len() > 3 { ", …" } else { "" };
        return Err(Failure::Refused(format!(
            "{} is not empty (it holds {}{more}); nothing was written. Run `tracker init` with \
             a new or empty folder, or add --force to add the missing files here (existing \
             files are never replaced)",
            dir.display(),
            shown.join(", ")
        )));
    }
    std::fs::create_dir_all(&dir).map_err(|e| in_context(e, "creating", &dir))?;
    println!("a new tracker site in {}:", dir.display());
    let mut skipped = 0;
    for (name, text) in files(args.blank) {
        if write_new(&dir.join(name), text.as_bytes())? {
            println!("  created {name}");
        } else {
            skipped += 1;
            println!("  skipped {name}: it exists and was left as it was");
        }
    }
    if skipped > 0 {
        println!(
            "{skipped} file{} kept as they were",
            if skipped == 1 { "" } else { "s" }
        );
    }
    println!();
    println!("Next:");
    let cd = if dir == Path::new(".") || dir.as_os_str().is_empty() {
        String::new()
    } else {
        format!("cd {} && ", shell_quoted(&dir.to_string_lossy()))
    };
    let serve = format!("{cd}tracker serve");
    let width = serve.len().max("tracker build".len());
    println!("  {serve:width$}   # the dashboard at http://127.0.0.1:1111/, rebuilt at every save");
    println!(
        "  {:width$}   # the site in public/, as GitHub Pages will publish it",
        "tracker build"
    );
    println!(
        "To publish it, push the folder to GitHub and follow the steps at the top of \
         .github/workflows/pages.yml."
    );
    Ok(())
}

/// The names in `dir` that make it not empty, sorted; a missing folder has none. A `.git`
/// folder alone does not count: a freshly cloned empty repository is a fine place to start.
fn occupants(dir: &Path) -> Result<Vec<String>, Failure> {
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(|e| in_context(e, "reading", dir))? {
        let entry = entry.map_err(|e| in_context(e, "reading", dir))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name != ".git" {
            names.push(name);
        }
    }
    names.sort();
    Ok(names)
}

/// Writes `bytes` to a new file at `path`, making its folders. False when a file (or
/// anything else) is already there: it is never replaced.
fn write_new(path: &Path, bytes: &[u8]) -> Result<bool, Failure> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| in_context(e, "creating", parent))?;
    }
    match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(mut file) => {
            file.write_all(bytes)
                .map_err(|e| in_context(e, "writing", path))?;
            Ok(true)
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(in_context(e, "creating", path)),
    }
}

fn in_context(e: std::io::Error, doing: &str, path: &Path) -> Failure {
    Failure::Io(std::io::Error::new(
        e.kind(),
        format!("{doing} {}: {e}", path.display()),
    ))
}

/// `text` as one word for a POSIX shell: as it is when that is safe, else in single quotes.
fn shell_quoted(text: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "_-./~+,:@%".contains(c);
    if !text.is_empty() && text.chars().all(safe) && !text.starts_with('~') {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, KEYS};
    use crate::source::SourceFile;

    /// The config with every commented key line uncommented.
    fn uncommented() -> String {
        CONFIG
            .lines()
            .filter_map(|l| {
                let rest = l.strip_prefix("# ")?;
                let key = rest.trim_start().split(':').next()?;
                (key.chars().all(|c| c.is_ascii_lowercase() || c == '_') && rest.contains(':'))
                    .then(|| rest.to_string())
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    #[test]
    fn the_config_as_written_changes_nothing() {
        let config = Config::from_source(
            Path::new("/s"),
            &SourceFile::from_text("tracker.yaml", CONFIG),
        )
        .expect("the commented config parses");
        let defaults = Config::defaults(Path::new("/s"));
        assert_eq!(config.title, defaults.title);
        assert_eq!(config.output, defaults.output);
    }

    #[test]
    fn the_config_lists_every_key_with_its_default() {
        let text = uncommented();
        for key in KEYS {
            assert!(
                text.lines().any(|l| l.starts_with(&format!("{key}:"))),
                "`{key}` is missing from the scaffolded tracker.yaml"
            );
        }
        let config = Config::from_source(
            Path::new("/s"),
            &SourceFile::from_text("tracker.yaml", &text),
        )
        .unwrap_or_else(|e| panic!("the uncommented config must be valid: {e}\n{text}"));
        let defaults = Config::defaults(Path::new("/s"));
        assert_eq!(config.tracker, defaults.tracker);
        assert_eq!(config.sessions, defaults.sessions);
        assert_eq!(config.output, defaults.output);
        assert_eq!(config.theme, defaults.theme);
        assert_eq!(config.base_url, defaults.base_url);
        assert_eq!(config.allow_html, defaults.allow_html);
        use crate::tracker::model::Kind;
        for (title, level, parent, kind) in [
            ("Overall Progress", 2, Kind::Root, Kind::Summary),
            ("Projects (Optional)", 2, Kind::Root, Kind::Optional),
            ("Phase 2: Patterns", 2, Kind::Root, Kind::Phase),
            ("Module 2.1: Brokers", 3, Kind::Phase, Kind::Module),
            ("Checkpoint 2", 3, Kind::Phase, Kind::Checkpoint),
            ("Final Assessment", 2, Kind::Root, Kind::Assessment),
            ("Study Log", 2, Kind::Root, Kind::Log),
            ("Session 1", 3, Kind::Log, Kind::Session),
            ("Notes and Reflections", 2, Kind::Root, Kind::Section),
        ] {
            assert_eq!(
                config.kinds.classify(title, level, parent),
                crate::tracker::kinds::KindRules::default().classify(title, level, parent),
                "{title}"
            );
            assert_eq!(config.kinds.classify(title, level, parent), kind, "{title}");
        }
    }

    #[test]
    fn shell_words_are_quoted_only_when_needed() {
        assert_eq!(shell_quoted("my-study"), "my-study");
        assert_eq!(shell_quoted("../a/b"), "../a/b");
        assert_eq!(shell_quoted("my study"), "'my study'");
        assert_eq!(shell_quoted("it's"), r"'it'\''s'");
        assert_eq!(shell_quoted("$HOME"), "'$HOME'");
    }
}
