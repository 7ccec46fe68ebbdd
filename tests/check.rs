//! `tracker check` through the real binary (issue 6): clean, warning-only and broken sites,
//! with and without `--strict`; it writes nothing, prints nothing extra when piped, and the
//! README's pre-commit hook works as the README says.

mod support;

use std::path::Path;
use support::{Site, repo, tree};

/// Runs `tracker check <args>` on a site; returns (exit code, stdout, stderr).
fn check(site: &Site, args: &[&str]) -> (i32, String, String) {
    let out = site
        .cmd()
        .arg("check")
        .args(args)
        .output()
        .expect("running tracker");
    (
        out.status.code().expect("an exit code"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A site whose every problem is a warning, and the `file:line: warning:` lines it gives.
fn warning_only() -> (Site, [&'static str; 4]) {
    let site = Site::empty();
    site.write(
        "content/tracker.md",
        "# Plan\n\
         \n\
         ## Overall Progress\n\
         \n\
         - [x] Phase 1: Basics (Days 1-2)\n\
         - [ ] Phase 9: Nowhere\n\
         \n\
         ## Phase 1: Basics\n\
         \n\
         ### Module 1.1: Start\n\
         - [x] one\n\
         - [ ] two\n\
         - [ ]\n",
    );
    site.write(
        "content/sessions/2026-01-20.md",
        "---\ndate: 2026-01-20\nduration: forever\nmodules: [\"1.1\"]\n---\n\n## Topics covered\n- x\n",
    );
    (
        site,
        [
            "content/sessions/2026-01-20.md:3: warning: cannot read the duration 'forever'",
            "content/tracker.md:5: warning: `Phase 1: Basics` is ticked as done in the summary",
            "content/tracker.md:6: warning: `Phase 9: Nowhere` in the summary names no section",
            "content/tracker.md:13: warning: empty task",
        ],
    )
}

#[test]
fn a_clean_site_checks_clean_with_and_without_strict() {
    let site = Site::seed();
    for args in [&[][..], &["--strict"][..]] {
        let (code, stdout, stderr) = check(&site, args);
        assert_eq!(code, 0, "{args:?}\nstdout:\n{stdout}\nstderr:\n{stderr}");
        assert_eq!(
            stdout,
            "checked content/tracker.md and 0 notes: no errors, 0 warnings\n"
        );
        assert_eq!(stderr, "", "{args:?}");
    }
}

#[test]
fn warnings_pass_but_fail_with_strict_each_printed_with_its_file_and_line() {
    let (site, expected) = warning_only();
    let (code, stdout, stderr) = check(&site, &[]);
    assert_eq!(
        code, 0,
        "warnings alone pass\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), expected.len() + 1, "{stdout}");
    for (line, start) in lines.iter().zip(expected) {
        assert!(
            line.starts_with(start),
            "{line:?} should start with {start:?}"
        );
    }
    assert_eq!(
        lines[expected.len()],
        "checked content/tracker.md and 1 note: no errors, 4 warnings"
    );
    assert_eq!(stderr, "");

    let (code, strict_stdout, stderr) = check(&site, &["--strict"]);
    assert_eq!(
        code, 1,
        "--strict fails on warnings\n{strict_stdout}\n{stderr}"
    );
    assert_eq!(strict_stdout, stdout, "the same report");
    assert_eq!(stderr, "tracker: 4 warnings and --strict\n");
}

#[test]
fn a_broken_site_prints_every_error_as_file_and_line_and_exits_1() {
    let site = Site::empty();
    site.write("tracker.yaml", "theme: nosuch\n");
    site.write("content/tracker.md", b"# Plan\n\n- [ ] bad \xff byte\n");
    site.write(
        "content/sessions/bad-yaml.md",
        "---\ndate: 2026-01-20\ntitle: a: b\n---\n",
    );
    site.write(
        "content/sessions/leap.md",
        "---\ntitle: Leap\ndate: 2026-02-30\n---\n",
    );
    site.write("content/sessions/undated.md", "# No date\n\nNotes.\n");
    site.write(
        "content/sessions/2026-01-10-open.md",
        "---\ndate: 2026-01-10\ntitle: open\n\n# Body\n",
    );
    let before = tree(&site.root());
    let (code, stdout, stderr) = check(&site, &[]);
    assert_eq!(code, 1, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert_eq!(stdout, "", "errors go to stderr");
    let expected = [
        "tracker.yaml:0: error: unknown theme 'nosuch'",
        "content/tracker.md:3: error: invalid UTF-8",
        "content/sessions/2026-01-10-open.md:1: error: the front matter that starts here has no closing `---` line",
        "content/sessions/bad-yaml.md:3: error: the front matter is not valid YAML",
        "content/sessions/leap.md:3: error: date '2026-02-30' is not a real day",
        "content/sessions/undated.md:1: error: this note has no date",
    ];
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), expected.len() + 1, "{stderr}");
    for start in expected {
        assert!(
            lines.iter().any(|l| l.starts_with(start)),
            "missing {start:?} in:\n{stderr}"
        );
    }
    assert_eq!(lines[expected.len()], "tracker: 6 errors found");
    assert_eq!(tree(&site.root()), before, "check writes nothing");
    // --strict changes nothing about errors.
    let (code, _, strict_stderr) = check(&site, &["--strict"]);
    assert_eq!(code, 1);
    assert_eq!(strict_stderr, stderr);
}

#[test]
fn a_broken_config_is_named_with_its_line() {
    let site = Site::seed();
    site.write("tracker.yaml", "title: x\ntitel: y\n");
    let (code, stdout, stderr) = check(&site, &[]);
    assert_eq!(code, 1, "{stdout}");
    assert_eq!(
        stderr,
        "tracker.yaml:2: error: unknown key 'titel'; did you mean 'title'?\ntracker: 1 error found\n"
    );
}

#[test]
fn check_writes_nothing() {
    let (site, _) = warning_only();
    let before = tree(&site.root());
    check(&site, &["--strict"]);
    check(&site, &[]);
    assert_eq!(tree(&site.root()), before);
    assert!(!site.public().exists());
}

/// A site with `n` valid notes, more than the progress bar's threshold.
fn many_notes(n: usize) -> Site {
    let site = Site::seed();
    for i in 0..n {
        site.write(
            &format!("content/sessions/2026-01-{:02}-{i:04}.md", i % 20 + 1),
            "---\nduration: 30m\nmodules: [\"1.1\"]\n---\n\n## Topics covered\n- x\n",
        );
    }
    site
}

#[test]
fn many_notes_piped_print_no_progress() {
    let n = tracker::cmd::PROGRESS_THRESHOLD + 50;
    let site = many_notes(n);
    let (code, stdout, stderr) = check(&site, &["--strict"]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert_eq!(
        stdout,
        format!("checked content/tracker.md and {n} notes: no errors, 0 warnings\n")
    );
    assert_eq!(stderr, "", "nothing extra on a pipe");

    let out = site.cmd().arg("build").output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "nothing extra on a pipe"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.starts_with("built "), "{stdout}");
}

/// Runs `command` in a pseudo-terminal with `script` (util-linux); None where it is missing.
fn in_a_terminal(cwd: &Path, command: &str) -> Option<String> {
    let out = std::process::Command::new("script")
        .args(["-qec", command, "/dev/null"])
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn many_notes_on_a_terminal_show_a_progress_bar_that_clears_itself() {
    let bin = assert_cmd::cargo::cargo_bin("tracker");
    let site = many_notes(tracker::cmd::PROGRESS_THRESHOLD + 1);
    let command = format!(
        "{} --root {} --today {} check",
        bin.display(),
        site.root().display(),
        support::TODAY
    );
    let Some(screen) = in_a_terminal(&site.outer(), &command) else {
        eprintln!("skipped: `script` (util-linux) is not available to make a terminal");
        return;
    };
    assert!(screen.contains("reading notes ["), "no bar:\n{screen:?}");
    assert!(
        screen.contains("\u{1b}[2K"),
        "the bar clears its line:\n{screen:?}"
    );
    let last = screen.trim_end().rsplit(['\r', '\n']).next().unwrap_or("");
    assert!(
        last.ends_with("no errors, 0 warnings"),
        "the report comes last, on a clean line: {last:?}"
    );

    // A few notes: no bar even on a terminal.
    let small = Site::seed();
    let command = format!(
        "{} --root {} --today {} check",
        bin.display(),
        small.root().display(),
        support::TODAY
    );
    let screen = in_a_terminal(&small.outer(), &command).expect("script ran before");
    assert!(!screen.contains("reading notes"), "{screen:?}");
}

// ---------------------------------------------------------------------------------------------
// The README's pre-commit hook

/// The README's hook script: the `sh` block that starts with `#!/bin/sh` and runs
/// `tracker check --strict`.
fn readme_hook() -> String {
    let readme = std::fs::read_to_string(repo().join("README.md")).expect("the README");
    let blocks: Vec<&str> = readme.split("```sh\n").skip(1).collect();
    blocks
        .iter()
        .filter_map(|b| b.split("```").next())
        .find(|b| b.starts_with("#!/bin/sh") && b.contains("tracker check --strict"))
        .expect("the README shows a pre-commit hook running `tracker check --strict`")
        .to_string()
}

/// Runs the hook as git would, from the site's root, with the built binary on PATH.
fn run_hook(site: &Site, hook: &Path, path: &str) -> (i32, String) {
    let out = std::process::Command::new("/bin/sh")
        .arg(hook)
        .current_dir(site.root())
        .env("PATH", path)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("running sh");
    (
        out.status.code().expect("an exit code"),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn the_readme_pre_commit_hook_passes_a_clean_site_and_stops_a_warning() {
    let hook = readme_hook();
    let bin = assert_cmd::cargo::cargo_bin("tracker");
    let bin_dir = bin.parent().expect("the binary's folder");
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );

    let clean = Site::seed();
    let hook_file = clean.outer().join("pre-commit");
    std::fs::write(&hook_file, &hook).unwrap();
    let (code, output) = run_hook(&clean, &hook_file, &path);
    assert_eq!(code, 0, "{output}");

    let (dirty, expected) = warning_only();
    let hook_file = dirty.outer().join("pre-commit");
    std::fs::write(&hook_file, &hook).unwrap();
    let (code, output) = run_hook(&dirty, &hook_file, &path);
    assert_eq!(code, 1, "the hook stops a commit with warnings:\n{output}");
    for start in expected {
        assert!(output.contains(start), "{start:?} not shown:\n{output}");
    }

    // Without tracker installed it lets the commit through, saying so.
    let (code, output) = run_hook(&dirty, &hook_file, "/nonexistent");
    assert_eq!(code, 0, "{output}");
    assert!(output.contains("not installed"), "{output}");
}
