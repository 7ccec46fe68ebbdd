//! `tracker watch` through the real binary: every kind of save a learner's editor makes is
//! followed by a rebuild, a broken save keeps the last good site and the watcher alive, and
//! Ctrl-C stops it cleanly with no temporary folder left behind.
//!
//! Each step waits (up to a deadline) for its effect on `progress.json`; nothing here asserts
//! how fast a rebuild is: that is the `watch_latency` benchmark's job.

mod support_watch;

use support_watch::{Site, done, leftovers, note, seed_tracker, session_titles, tick, tree};

/// Stops a watcher with SIGINT and checks that it ended well and left nothing behind.
fn stop_cleanly(running: &mut support_watch::Running, site: &Site) {
    let status = running.interrupt();
    assert!(
        status.success(),
        "SIGINT should stop tracker with exit 0, got {status}\n{}",
        running.output()
    );
    running.wait_stdout("the goodbye line", |l| l == "stopped");
    let left = leftovers(&site.outer());
    assert!(
        left.is_empty(),
        "temporary files were left behind: {left:?}"
    );
}

#[test]
fn watch_follows_every_kind_of_save() {
    let site = Site::with_notes();
    let public = site.public();
    let mut watch = site.start(&["watch"]);
    watch.wait_watching();
    assert!(
        watch.stdout().iter().any(|l| l.starts_with("built: ")),
        "the first build prints one line\n{}",
        watch.output()
    );
    let first = watch.wait_progress(&public, "the first build", |_| true);
    let base = done(&first);
    let titles = session_titles(&first);
    assert!(titles.contains(&"Streams, a first look".to_string()));
    assert!(titles.contains(&"Brokers and logs".to_string()));

    // 1. An in-place edit: tick a box.
    let tracker = seed_tracker();
    site.write("content/tracker.md", tick(&tracker, 1));
    watch.wait_progress(&public, "an in-place tick", |p| done(p) == base + 1);
    let line = watch.wait_stdout("a build line naming the tracker", |l| {
        l.starts_with("content/tracker.md changed: ")
    });
    assert!(
        regex_like_build_line(&line),
        "a build line reads `<what> changed: N pages, M files written in X ms`: {line}"
    );

    // 2. A save by a temp file renamed over the tracker (JetBrains), then vim's way.
    site.save_by_rename("content/tracker.md", tick(&tracker, 2));
    watch.wait_progress(&public, "a save by rename", |p| done(p) == base + 2);
    site.save_like_vim("content/tracker.md", tick(&tracker, 3));
    watch.wait_progress(&public, "a save the vim way", |p| done(p) == base + 3);

    // 3. A new note.
    site.write(
        "content/sessions/2026-01-22-partitions.md",
        note("2026-01-22", "Partitioned logs", "30m"),
    );
    watch.wait_progress(&public, "the new note's session", |p| {
        session_titles(p).contains(&"Partitioned logs".to_string())
    });

    // 4. A deleted note.
    site.remove("content/sessions/2026-01-21-brokers.md");
    watch.wait_progress(&public, "the deleted note's session to go", |p| {
        !session_titles(p).contains(&"Brokers and logs".to_string())
    });

    // 5. A new nested folder holding a note, written as soon as the folder exists.
    let builds = watch.build_lines().len();
    site.write(
        "content/sessions/2026/week-04/2026-01-23-kafka.md",
        note("2026-01-23", "Kafka in a folder", "20m"),
    );
    watch.wait_progress(&public, "the nested note's session", |p| {
        session_titles(p).contains(&"Kafka in a folder".to_string())
    });
    watch.wait_builds(builds + 1);
    watch.settle();

    // 6. A broken note: an error with file and line, the watcher lives, the site is kept.
    let before = tree(&public);
    site.write(
        "content/sessions/broken.md",
        "---\ntitle: \"Broken\"\ndate: 2026-02-30\nduration: 10m\n---\n",
    );
    let error = watch.wait_stderr("the broken note's error", |l| {
        l.starts_with("content/sessions/broken.md:")
    });
    assert!(
        error.starts_with("content/sessions/broken.md:3: error: "),
        "the error names the file and the date's line (3): {error}"
    );
    assert!(watch.alive(), "a broken save must not end the watcher");
    assert!(
        tree(&public) == before,
        "a broken save must leave the last good site byte-identical"
    );

    // 7. The fix rebuilds.
    let builds = watch.build_lines().len();
    site.write(
        "content/sessions/broken.md",
        "---\ntitle: \"Fixed\"\ndate: 2026-01-22\nduration: 10m\n---\n",
    );
    watch.wait_progress(&public, "the fixed note's session", |p| {
        session_titles(p).contains(&"Fixed".to_string())
    });
    watch.wait_builds(builds + 1);

    // 8. The tracker deleted, then restored with different content.
    let before = tree(&public);
    site.remove("content/tracker.md");
    watch.wait_stderr("an error about the missing tracker", |l| {
        l.starts_with("content/tracker.md:") && l.contains("error")
    });
    assert!(watch.alive(), "a missing tracker must not end the watcher");
    assert!(
        tree(&public) == before,
        "a missing tracker must leave the last good site byte-identical"
    );
    site.write("content/tracker.md", tick(&tracker, 5));
    watch.wait_progress(&public, "the restored tracker", |p| done(p) == base + 5);

    // 9. Hidden files and editor leftovers trigger nothing; a real edit after them builds
    //    once, naming only the note.
    watch.settle();
    let builds = watch.build_lines().len();
    for name in [".#x.md", "x.md~", ".x.swp", "#x.md#"] {
        site.write(
            &format!("content/sessions/{name}"),
            "---\ndate: nope\n---\n",
        );
    }
    site.write(
        "content/sessions/2026-01-20-streams.md",
        note("2026-01-20", "Streams, revised", "45m"),
    );
    watch.wait_progress(&public, "the edited note's new title", |p| {
        session_titles(p).contains(&"Streams, revised".to_string())
    });
    watch.wait_builds(builds + 1);
    let new: Vec<String> = watch.build_lines().split_off(builds);
    assert_eq!(
        new.len(),
        1,
        "editor leftovers must not trigger a build: {new:?}\n{}",
        watch.output()
    );
    assert!(
        new[0].starts_with("content/sessions/2026-01-20-streams.md changed: "),
        "only the note is named: {}",
        new[0]
    );
    assert!(
        !watch.stderr().iter().any(|l| l.contains("x.md")),
        "editor leftovers are never read\n{}",
        watch.output()
    );

    stop_cleanly(&mut watch, &site);
}

/// `<what> changed: N page(s), M file(s) written in X ms`, checked without a regex crate.
fn regex_like_build_line(line: &str) -> bool {
    let Some((_, rest)) = line.split_once(" changed: ") else {
        return false;
    };
    let words: Vec<&str> = rest.split(' ').collect();
    matches!(
        words.as_slice(),
        [n, "page," | "pages,", m, "file" | "files", "written", "in", x, "ms"]
            if [n, m, x].iter().all(|w| w.parse::<u64>().is_ok())
    )
}

/// With `--poll`, saves come quickly after one another, as they do when a learner ticks a box
/// and saves again: each must be seen, also within the same second as the one before.
#[test]
fn watch_with_poll_follows_saves_into_an_output_beside_the_root() {
    let site = Site::with_notes();
    let output = site.outer().join("site-out");
    let out = output.to_str().expect("a UTF-8 path");
    let mut watch = site.start(&["watch", "--poll", "--output", out]);
    watch.wait_watching();
    assert!(
        watch.stdout().iter().any(|l| l.contains("polling")),
        "--poll says it polls\n{}",
        watch.output()
    );
    assert!(!site.public().exists(), "--output replaces public/");
    let base = done(&watch.wait_progress(&output, "the first build", |_| true));

    let tracker = seed_tracker();
    site.write("content/tracker.md", tick(&tracker, 1));
    watch.wait_progress(&output, "an in-place tick", |p| done(p) == base + 1);
    site.save_by_rename("content/tracker.md", tick(&tracker, 2));
    watch.wait_progress(&output, "a save by rename", |p| done(p) == base + 2);

    site.write(
        "content/sessions/new/folder/2026-01-22.md",
        note("2026-01-22", "Polled note", "30m"),
    );
    watch.wait_progress(&output, "a note in a new folder", |p| {
        session_titles(p).contains(&"Polled note".to_string())
    });
    let builds = watch.build_lines().len();
    site.remove("content/sessions/2026-01-20-streams.md");
    watch.wait_progress(&output, "a deleted note", |p| {
        !session_titles(p).contains(&"Streams, a first look".to_string())
    });
    watch.wait_builds(builds + 1);

    let before = tree(&output);
    site.write(
        "content/sessions/new/folder/2026-01-22.md",
        "---\ndate: 2026-13-01\n---\n",
    );
    let error = watch.wait_stderr("the broken note's error", |l| {
        l.contains("content/sessions/new/folder/2026-01-22.md:")
    });
    assert!(
        error.starts_with("content/sessions/new/folder/2026-01-22.md:2: error: "),
        "{error}"
    );
    assert!(watch.alive(), "a broken save must not end the watcher");
    assert!(tree(&output) == before, "the last good site is kept");
    site.write(
        "content/sessions/new/folder/2026-01-22.md",
        note("2026-01-22", "Polled note, fixed", "30m"),
    );
    watch.wait_progress(&output, "the fix", |p| {
        session_titles(p).contains(&"Polled note, fixed".to_string())
    });

    stop_cleanly(&mut watch, &site);
}

#[test]
fn watch_follows_the_config_and_a_tracker_outside_content() {
    let site = Site::empty();
    site.write("plan/tracker.md", seed_tracker());
    site.write(
        "tracker.yaml",
        "title: \"First title\"\ntracker: plan/tracker.md\n",
    );
    let public = site.public();
    let mut watch = site.start(&["watch"]);
    watch.wait_watching();
    let first = watch.wait_progress(&public, "the first build", |_| true);
    assert_eq!(first["title"], "First title");
    let base = done(&first);

    site.write("plan/tracker.md", tick(&seed_tracker(), 2));
    watch.wait_progress(&public, "a tick in plan/tracker.md", |p| {
        done(p) == base + 2
    });

    let builds = watch.build_lines().len();
    site.save_by_rename(
        "tracker.yaml",
        "title: \"Second title\"\ntracker: plan/tracker.md\n",
    );
    watch.wait_progress(&public, "the config's new title", |p| {
        p["title"] == "Second title"
    });
    watch.wait_builds(builds + 1);

    // A broken config is reported with its line and the site is kept.
    let before = tree(&public);
    site.write(
        "tracker.yaml",
        "title: \"Third\"\ntracker: plan/tracker.md\ncolour: red\n",
    );
    let error = watch.wait_stderr("the config's error", |l| l.starts_with("tracker.yaml:"));
    assert!(error.starts_with("tracker.yaml:3: error: "), "{error}");
    assert!(watch.alive());
    assert!(tree(&public) == before, "the last good site is kept");
    site.write(
        "tracker.yaml",
        "title: \"Third\"\ntracker: plan/tracker.md\n",
    );
    watch.wait_progress(&public, "the fixed config", |p| p["title"] == "Third");

    stop_cleanly(&mut watch, &site);
}

#[test]
fn watch_starts_on_a_broken_site_and_builds_once_it_is_fixed() {
    let site = Site::with_notes();
    site.write("content/sessions/broken.md", "---\ndate: 2026-02-30\n---\n");
    let public = site.public();
    let mut watch = site.start(&["watch"]);
    watch.wait_watching();
    watch.wait_stderr("the error", |l| {
        l.starts_with("content/sessions/broken.md:2: error: ")
    });
    assert!(
        watch.alive(),
        "a broken first build must not end the watcher"
    );
    assert!(!public.exists(), "nothing is published from a broken build");
    site.write(
        "content/sessions/broken.md",
        note("2026-01-22", "Now fixed", "10m"),
    );
    watch.wait_progress(&public, "the first good build", |p| {
        session_titles(p).contains(&"Now fixed".to_string())
    });
    stop_cleanly(&mut watch, &site);
}

/// Watch reads a note again only when an event names it; these are the moves that name a
/// folder, or a note under another name, rather than the notes themselves.
#[test]
fn watch_follows_folders_moved_away_and_back_and_notes_renamed() {
    let site = Site::with_notes();
    site.write(
        "content/sessions/2026/01/2026-01-23-kafka.md",
        note("2026-01-23", "Kafka in a folder", "20m"),
    );
    let public = site.public();
    let mut watch = site.start(&["watch"]);
    watch.wait_watching();
    watch.wait_progress(&public, "the first build", |p| {
        session_titles(p).contains(&"Kafka in a folder".to_string())
    });

    // 1. A folder of notes moved out of the sessions folder: its sessions go.
    let away = site.outer().join("away");
    std::fs::rename(site.path("content/sessions/2026"), &away).expect("moving the folder out");
    watch.wait_progress(&public, "the moved folder's session to go", |p| {
        !session_titles(p).contains(&"Kafka in a folder".to_string())
    });

    // 2. Moved back under another name: its sessions come back.
    std::fs::rename(&away, site.path("content/sessions/archive")).expect("moving it back");
    watch.wait_progress(&public, "the folder's session to come back", |p| {
        session_titles(p).contains(&"Kafka in a folder".to_string())
    });

    // 3. A note renamed: one session, under its new file name.
    std::fs::rename(
        site.path("content/sessions/2026-01-21-brokers.md"),
        site.path("content/sessions/2026-01-21-brokers-and-logs.md"),
    )
    .expect("renaming a note");
    watch.wait_progress(&public, "the renamed note's source", |p| {
        let sources: Vec<&str> = p["sessions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s["source"].as_str())
            .collect();
        sources
            .iter()
            .any(|s| s.starts_with("content/sessions/2026-01-21-brokers-and-logs.md:"))
            && !sources
                .iter()
                .any(|s| s.starts_with("content/sessions/2026-01-21-brokers.md:"))
    });

    // 4. A note saved through a temporary file that is not a note (as `sed -i` does).
    let path = site.path("content/sessions/2026-01-20-streams.md");
    let temp = site.path("content/sessions/sedX1a2b3");
    std::fs::write(&temp, note("2026-01-20", "Streams, by sed", "45m")).expect("writing");
    std::fs::rename(&temp, &path).expect("renaming over");
    watch.wait_progress(&public, "the note saved through a temp file", |p| {
        session_titles(p).contains(&"Streams, by sed".to_string())
    });

    // 5. The output folder deleted while watching: the next save publishes it whole.
    watch.settle();
    std::fs::remove_dir_all(&public).expect("removing the output");
    site.write(
        "content/sessions/2026-01-20-streams.md",
        note("2026-01-20", "Streams, once more", "45m"),
    );
    watch.wait_progress(&public, "the site published again", |p| {
        session_titles(p).contains(&"Streams, once more".to_string())
    });
    watch.settle();
    let clean = site.outer().join("clean");
    let status = site
        .command(&["build", "--output"])
        .arg(&clean)
        .status()
        .expect("a clean build");
    assert!(status.success());
    assert!(
        tree(&public) == tree(&clean),
        "the site published again equals a clean build"
    );

    stop_cleanly(&mut watch, &site);
}

/// Warnings print in the shape `check` prints them, with the word that says what they are:
/// on the first build and on a rebuild alike.
#[test]
fn watch_prints_each_warning_as_file_line_warning_message() {
    let site = Site::with_notes();
    site.write(
        "content/sessions/2026-01-22-forever.md",
        note("2026-01-22", "Forever", "forever"),
    );
    let public = site.public();
    let mut watch = site.start(&["watch"]);
    watch.wait_watching();
    let warning = watch.wait_stderr("the first build's warning", |l| {
        l.starts_with("content/sessions/2026-01-22-forever.md:")
    });
    assert!(
        warning.starts_with("content/sessions/2026-01-22-forever.md:4: warning: ")
            && warning.contains("forever"),
        "the warning names the file, the duration's line (4) and says it is a warning: {warning}"
    );
    site.write(
        "content/sessions/2026-01-23-never.md",
        note("2026-01-23", "Never", "never"),
    );
    let warning = watch.wait_stderr("the rebuild's warning", |l| {
        l.starts_with("content/sessions/2026-01-23-never.md:")
    });
    assert!(
        warning.starts_with("content/sessions/2026-01-23-never.md:4: warning: "),
        "{warning}"
    );
    watch.wait_progress(&public, "the new note's session", |p| {
        session_titles(p).contains(&"Never".to_string())
    });
    stop_cleanly(&mut watch, &site);
}
