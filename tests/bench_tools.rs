//! The benchmark tools cannot rot unseen: the corpus generator writes the same site for the
//! same arguments and `tracker` reads it without a warning, the floor example renders it, and
//! `scripts/bench.sh` parses. Nothing here is timed; hyperfine and Hugo are not needed.

#[path = "../benches/corpus/mod.rs"]
mod corpus;

#[allow(dead_code)]
#[path = "../examples/floor.rs"]
mod floor;

use assert_cmd::Command;
use std::path::Path;

/// Every file under `dir` with its bytes, by path relative to `dir`.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect();
    out.sort();
    out
}

#[test]
fn the_corpus_is_deterministic_and_reads_without_warnings() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    let written = corpus::write_site(a.path(), 40, 42).unwrap();
    corpus::write_site(b.path(), 40, 42).unwrap();
    assert_eq!(written.len(), 40);
    assert_eq!(files(a.path()), files(b.path()));

    let note = std::fs::read_to_string(&written[0]).unwrap();
    let lines = note.lines().count();
    assert!((35..=50).contains(&lines), "{lines} lines:\n{note}");
    for shape in [
        "\ndate: ",
        "\nduration: ",
        "\nmodules: ",
        "\ntags: ",
        "\n## ",
        "\n- ",
        "*",
        "```",
        "](https://",
        "?\n",
    ] {
        assert!(note.contains(shape), "no {shape:?} in\n{note}");
    }

    Command::cargo_bin("tracker")
        .unwrap()
        .args(["--root"])
        .arg(a.path())
        .args(["--today", corpus::TODAY, "check"])
        .assert()
        .success()
        .stdout(predicates::str::contains("40 notes: no errors, 0 warnings"));
}

#[test]
fn the_floor_renders_one_page_per_note() {
    let site = tempfile::tempdir().unwrap();
    corpus::write_site(site.path(), 12, 7).unwrap();
    let out = site.path().join("floor");
    let n = floor::run(&site.path().join("content/sessions"), &out).unwrap();
    assert_eq!(n, 12);
    let pages = files(&out);
    assert_eq!(pages.len(), 12);
    for (name, bytes) in pages {
        let html = String::from_utf8(bytes).unwrap();
        assert!(name.ends_with(".html"), "{name}");
        assert!(html.contains("<h2>Key insights</h2>"), "{name}: {html}");
        assert!(
            html.contains("<pre><code class=\"language-"),
            "{name}: {html}"
        );
        assert!(
            !html.contains("duration:"),
            "front matter rendered in {name}"
        );
    }
}

#[test]
fn the_bench_script_parses() {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/bench.sh");
    std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .status()
        .map(|s| assert!(s.success(), "bash -n {}", script.display()))
        .unwrap();
    std::process::Command::new("bash")
        .arg(&script)
        .arg("--help")
        .output()
        .map(|o| {
            assert!(o.status.success());
            assert!(String::from_utf8_lossy(&o.stdout).contains("--quick"));
        })
        .unwrap();
}
