//! Shell completions, the man page, `--help` and `--version` through the real binary (issue 6).

use assert_cmd::Command;

/// Every subcommand of `tracker`.
const SUBCOMMANDS: [&str; 9] = [
    "init",
    "status",
    "check",
    "build",
    "watch",
    "serve",
    "new",
    "completions",
    "man",
];

/// Runs `tracker <args>`; returns (exit code, stdout, stderr).
fn tracker(args: &[&str]) -> (i32, String, String) {
    let out = Command::cargo_bin("tracker")
        .expect("the tracker binary")
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("running tracker");
    (
        out.status.code().expect("an exit code"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_help_lists_exactly_these_subcommands() {
    let (code, help, _) = tracker(&["--help"]);
    assert_eq!(code, 0);
    let listed: Vec<&str> = help
        .lines()
        .skip_while(|l| *l != "Commands:")
        .skip(1)
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .collect();
    let mut expected = SUBCOMMANDS.to_vec();
    expected.sort();
    let mut listed_sorted = listed.clone();
    listed_sorted.sort();
    assert_eq!(listed_sorted, expected, "{help}");
    assert!(help.contains("Examples:"), "{help}");
}

#[test]
fn completions_generate_for_every_shell_and_name_every_subcommand() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, script, stderr) = tracker(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {stderr}");
        assert_eq!(stderr, "", "{shell}");
        assert!(script.len() > 500, "{shell}: a script is printed");
        for sub in SUBCOMMANDS {
            assert!(script.contains(sub), "{shell}: `{sub}` is not completed");
        }
        // Fish writes options without their dashes (`-l root`).
        for option in ["root", "today", "strict", "base-url", "blank"] {
            assert!(
                script.contains(option),
                "{shell}: `--{option}` is not completed"
            );
        }
    }
}

#[test]
fn the_bash_completion_script_is_valid_bash() {
    let (_, script, _) = tracker(&["completions", "bash"]);
    let Ok(out) = std::process::Command::new("bash")
        .args(["-n", "-c", &script])
        .output()
    else {
        eprintln!("skipped: bash is not installed");
        return;
    };
    assert!(
        out.status.success(),
        "bash -n: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    let (code, stdout, stderr) = tracker(&["completions", "tcsh"]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("tcsh") && stderr.contains("bash"),
        "{stderr}"
    );
}

#[test]
fn the_man_page_is_roff_and_names_every_subcommand() {
    let (code, page, stderr) = tracker(&["man"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        page.contains(".TH tracker 1"),
        "a roff page titled tracker(1):\n{page}"
    );
    assert!(page.contains(env!("CARGO_PKG_VERSION")), "the version");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH OPTIONS", ".SH SUBCOMMANDS"] {
        assert!(page.contains(section), "{section}");
    }
    for sub in SUBCOMMANDS {
        // roff escapes the hyphen: tracker\-build(1).
        assert!(
            page.contains(&format!("tracker\\-{sub}(1)")),
            "`{sub}` is not in the man page"
        );
    }
}

#[test]
fn each_subcommand_has_its_own_man_page() {
    let (code, page, stderr) = tracker(&["man", "build"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(page.contains(".TH tracker-build 1"), "{page}");
    assert!(page.contains("base\\-url"), "its options: {page}");
    assert!(page.contains("Examples:"), "its examples: {page}");

    let (code, stdout, stderr) = tracker(&["man", "nosuch"]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("'nosuch'") && stderr.contains("build"),
        "{stderr}"
    );
}

#[test]
fn every_subcommand_has_help_with_an_example() {
    let mut commands: Vec<Vec<&str>> = SUBCOMMANDS.iter().map(|s| vec![*s]).collect();
    commands.push(vec!["new", "session"]);
    for command in commands {
        let mut args = command.clone();
        args.push("--help");
        let (code, help, stderr) = tracker(&args);
        assert_eq!(code, 0, "{command:?}: {stderr}");
        let examples: Vec<&str> = help
            .lines()
            .skip_while(|l| *l != "Examples:")
            .skip(1)
            .take_while(|l| !l.is_empty())
            .collect();
        assert!(
            !examples.is_empty(),
            "{command:?} --help has no examples:\n{help}"
        );
        for example in examples {
            assert!(
                example.trim_start().starts_with("tracker "),
                "{command:?}: an example is a command: {example:?}"
            );
        }
    }
}

#[test]
fn version_is_clap_s() {
    let (code, stdout, _) = tracker(&["--version"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, format!("tracker {}\n", env!("CARGO_PKG_VERSION")));
    let (code, stdout, _) = tracker(&["build", "--version"]);
    assert_eq!(code, 0, "the version is on every subcommand");
    assert!(stdout.contains(env!("CARGO_PKG_VERSION")));
}

/// Every `tracker …` command in the README's `sh` blocks, without comments, redirections and
/// pipes: `tracker init my-study`, `tracker completions bash`, …
fn readme_commands() -> Vec<Vec<String>> {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("the README");
    let mut commands = Vec::new();
    for block in readme.split("```sh\n").skip(1) {
        let block = block.split("```").next().unwrap_or("");
        for line in block.lines() {
            let line = line.split(" #").next().unwrap_or("");
            for part in line.split("&&").flat_map(|p| p.split('|')) {
                let part = part.trim().trim_start_matches("exec ");
                if !part.starts_with("tracker ") {
                    continue;
                }
                let words: Vec<String> = part
                    .split_whitespace()
                    .take_while(|w| !w.starts_with('>'))
                    .map(str::to_string)
                    .collect();
                commands.push(words);
            }
        }
    }
    commands
}

#[test]
fn the_readme_s_tracker_commands_are_real() {
    let commands = readme_commands();
    for expected in ["init", "serve", "check", "completions", "man"] {
        assert!(
            commands.iter().any(|c| c[1] == expected),
            "the README shows no `tracker {expected}`: {commands:?}"
        );
    }
    for command in &commands {
        // Every word must parse: clap rejects an unknown subcommand, option or value before
        // it gets to --help.
        let mut args: Vec<&str> = command[1..].iter().map(String::as_str).collect();
        args.push("--help");
        let (code, _, stderr) = tracker(&args);
        assert_eq!(code, 0, "README: `{}`: {stderr}", command.join(" "));
    }
    // And the ones that print something do print it.
    for command in commands
        .iter()
        .filter(|c| c[1] == "completions" || c[1] == "man")
    {
        let args: Vec<&str> = command[1..].iter().map(String::as_str).collect();
        let (code, stdout, stderr) = tracker(&args);
        assert_eq!(code, 0, "README: `{}`: {stderr}", command.join(" "));
        assert!(
            !stdout.is_empty(),
            "README: `{}` printed nothing",
            command.join(" ")
        );
    }
}
