//! No data lost (issue 8, item 3): `tracker build` killed with SIGKILL at random moments
//! leaves `public/` exactly as the previous build wrote it or exactly as the new one does,
//! never a mix, and a later build cleans up what the killed ones left behind.
//!
//! A site of a few hundred notes (the benchmark corpus) is built twice into reference
//! folders, once from each of two versions of its inputs. Then, many times over, the inputs
//! are switched to the version `public/` does not hold, a build is started and killed, in
//! turn: at a moment drawn over the whole run; once its temporary folder has appeared (while
//! it writes the new site); once `public/` was swapped (while it removes the old site).
//! After each kill `public/` is compared byte for byte with both references, and what the
//! killed builds left beside it must not pile up. Linux only: the swap there is one step.

#[path = "../benches/corpus/mod.rs"]
mod corpus;
mod support_watch;

use corpus::Rng;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support_watch::{bin, leftovers, tree};

/// Notes in the site: enough for a debug build to take some hundreds of milliseconds.
const NOTES: usize = 250;

/// Kills to make, unless [`BUDGET`] runs out first.
const KILLS: usize = 36;

/// The longest the kill loop may run; at least [`MIN_KILLS`] must fit.
const BUDGET: Duration = Duration::from_secs(30);

/// Fewer kills than this and the test proves too little.
const MIN_KILLS: usize = 15;

/// A note that only the second version of the inputs has.
const EXTRA_NOTE: &str = "content/sessions/2026/01/2026-01-22-extra-session.md";

/// The two versions of a site's inputs.
struct Inputs {
    root: PathBuf,
    tracker: [String; 2],
    /// A note of the first version that the second one deletes, and its text.
    dropped: (PathBuf, String),
}

impl Inputs {
    fn new(root: &Path) -> Inputs {
        let written = corpus::write_site(root, NOTES, 8).expect("writing the corpus");
        let tracker_path = root.join("content/tracker.md");
        let first = std::fs::read_to_string(&tracker_path).expect("the tracker");
        // The second version ticks every open box of the first phase's modules.
        let phase_two = first.find("## Phase 2").unwrap_or(first.len());
        let second = format!(
            "{}{}",
            first[..phase_two].replace("- [ ]", "- [x]"),
            &first[phase_two..]
        );
        assert_ne!(first, second);
        let dropped = written[NOTES / 2].clone();
        let text = std::fs::read_to_string(&dropped).expect("a note");
        Inputs {
            root: root.to_path_buf(),
            tracker: [first, second],
            dropped: (dropped, text),
        }
    }

    /// Writes version `v` (0 or 1) of the inputs.
    fn set(&self, v: usize) {
        std::fs::write(self.root.join("content/tracker.md"), &self.tracker[v])
            .expect("writing the tracker");
        let extra = self.root.join(EXTRA_NOTE);
        if v == 0 {
            let _ = std::fs::remove_file(&extra);
            std::fs::write(&self.dropped.0, &self.dropped.1).expect("restoring a note");
        } else {
            std::fs::write(
                &extra,
                "---\ndate: 2026-01-22\ntitle: Extra\nduration: 50m\nmodules: [\"1.1\"]\n---\n\n\
                 ## Key insights\n- killing a build loses nothing\n",
            )
            .expect("writing the extra note");
            let _ = std::fs::remove_file(&self.dropped.0);
        }
    }
}

/// `tracker build [--output out]` on the site, started in the background.
fn start_build(root: &Path, output: Option<&Path>) -> std::process::Child {
    let mut cmd = Command::new(bin());
    cmd.current_dir(root.parent().expect("the temporary folder"))
        .arg("--root")
        .arg(root)
        .args(["--today", corpus::TODAY, "build"])
        .env_remove("SOURCE_DATE_EPOCH")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    if let Some(out) = output {
        cmd.arg("--output").arg(out);
    }
    cmd.spawn().expect("starting tracker build")
}

/// A complete build, which must succeed; returns how long it took.
fn build(root: &Path, output: Option<&Path>) -> Duration {
    let started = Instant::now();
    let out = start_build(root, output)
        .wait_with_output()
        .expect("waiting for tracker build");
    assert!(
        out.status.success(),
        "tracker build failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    started.elapsed()
}

/// The temporary folder a build with process id `pid` writes the site into.
fn temp_of(root: &Path, pid: u32) -> PathBuf {
    root.join(format!(".public.tracker-tmp-{pid}"))
}

/// The inode of a folder, which the swap of `public/` with the new site changes.
fn inode(dir: &Path) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(dir).ok().map(|m| m.ino())
}

/// Which reference `public/` equals, if any.
fn which(
    public: &BTreeMap<String, Vec<u8>>,
    refs: &[BTreeMap<String, Vec<u8>>; 2],
) -> Option<usize> {
    refs.iter().position(|r| r == public)
}

/// How the files of `public/` differ from a reference, for a failure message.
fn difference(public: &BTreeMap<String, Vec<u8>>, reference: &BTreeMap<String, Vec<u8>>) -> String {
    let missing: Vec<&String> = reference
        .keys()
        .filter(|k| !public.contains_key(*k))
        .collect();
    let extra: Vec<&String> = public
        .keys()
        .filter(|k| !reference.contains_key(*k))
        .collect();
    let changed: Vec<&String> = public
        .iter()
        .filter(|(k, v)| reference.get(*k).is_some_and(|r| r != *v))
        .map(|(k, _)| k)
        .collect();
    format!(
        "{} missing (first: {:?}), {} extra (first: {:?}), {} changed (first: {:?})",
        missing.len(),
        missing.first(),
        extra.len(),
        extra.first(),
        changed.len(),
        changed.first()
    )
}

#[cfg(target_os = "linux")]
#[test]
fn a_killed_build_leaves_the_old_site_or_the_new_one_and_no_growing_junk() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path().join("site");
    let public = root.join("public");
    let inputs = Inputs::new(&root);

    // The two reference sites, built beside the root.
    let mut refs = Vec::new();
    let mut full = Duration::ZERO;
    for v in 0..2 {
        inputs.set(v);
        let out = dir.path().join(format!("reference-{v}"));
        full += build(&root, Some(&out));
        refs.push(tree(&out));
    }
    let refs: [BTreeMap<String, Vec<u8>>; 2] = refs.try_into().expect("two references");
    assert_ne!(refs[0], refs[1], "the two versions build different sites");
    let full = full / 2;

    // public/ starts as the first version's site, built as the learner would.
    inputs.set(0);
    build(&root, None);
    let first = tree(&public);
    assert!(
        which(&first, &refs) == Some(0),
        "a build into public/ equals the reference built elsewhere: {}",
        difference(&first, &refs[0])
    );

    // How long the publish step takes: from the temporary folder's appearance to the end.
    inputs.set(1);
    let mut child = start_build(&root, None);
    let temp = temp_of(&root, child.id());
    let mut appeared = None;
    let started = Instant::now();
    while child.try_wait().expect("polling the build").is_none() {
        if appeared.is_none() && temp.exists() {
            appeared = Some(Instant::now());
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    // Timed as the builds below run: over an existing site, whose old files are removed.
    let full = started.elapsed().max(full);
    let publish = appeared.map_or(full / 4, |t| t.elapsed());
    let mut state = which(&tree(&public), &refs).expect("a complete build gives a reference");
    assert_eq!(state, 1);
    eprintln!(
        "{NOTES} notes, {} files: a build takes {full:.2?}, of which publishing {publish:.2?}",
        refs[0].len(),
    );

    let mut rng = Rng::new(2026);
    let (mut before_swap, mut after_swap, mut completed) = (0, 0, 0);
    let mut most_leftovers = 0;
    let loop_started = Instant::now();
    let mut kills = 0;
    // One letter a kill: O/o the old site, N/n the new one (lower case: aimed at the publish
    // step), F the build had finished by itself.
    let mut trace = String::new();
    while kills < KILLS && loop_started.elapsed() < BUDGET {
        let old = state;
        let new = 1 - old;
        inputs.set(new);
        let mut child = start_build(&root, None);
        let spawned = Instant::now();
        // Three ways to pick the moment, in turn: anywhere in the run; once the temporary
        // folder is there (writing the new site); once public/ was swapped (removing the old).
        let aim = kills % 3;
        let targeted = aim != 0;
        match aim {
            1 => {
                let temp = temp_of(&root, child.id());
                while !temp.exists() && child.try_wait().expect("polling").is_none() {
                    std::thread::sleep(Duration::from_micros(200));
                }
                std::thread::sleep(publish.mul_f64(rng.below(1_000) as f64 / 1_000.0));
            }
            2 => {
                let before = inode(&public);
                while inode(&public) == before && child.try_wait().expect("polling").is_none() {
                    std::thread::sleep(Duration::from_micros(200));
                }
                std::thread::sleep(publish.mul_f64(rng.below(500) as f64 / 1_000.0));
            }
            _ => std::thread::sleep(full.mul_f64(rng.below(1_200) as f64 / 1_000.0)),
        }
        let ended_itself = child.try_wait().expect("polling").is_some();
        let _ = child.kill();
        let status = child.wait().expect("reaping the build");
        let at = spawned.elapsed();
        kills += 1;

        let now = tree(&public);
        let Some(v) = which(&now, &refs) else {
            panic!(
                "kill {kills} at {at:.2?} ({}): public/ is neither the old site nor the new one; \
                 against the old: {}; against the new: {}",
                if targeted {
                    "in the publish step"
                } else {
                    "anywhere"
                },
                difference(&now, &refs[old]),
                difference(&now, &refs[new]),
            );
        };
        if ended_itself {
            assert!(
                status.success(),
                "kill {kills}: an unkilled build failed: {status}"
            );
            assert_eq!(
                v, new,
                "kill {kills}: a build that finished left the old site"
            );
            completed += 1;
            trace.push('F');
        } else if v == old {
            before_swap += 1;
            trace.push(if targeted { 'o' } else { 'O' });
        } else {
            after_swap += 1;
            trace.push(if targeted { 'n' } else { 'N' });
        }
        state = v;

        // What killed builds leave beside public/ must not pile up: each build that gets to
        // its publish step removes what earlier ones left, so at most the last one's remains.
        let left = leftovers(dir.path());
        most_leftovers = most_leftovers.max(left.len());
        assert!(
            left.len() <= 1,
            "kill {kills}: temporary folders pile up beside public/: {left:?}"
        );
    }
    eprintln!(
        "{kills} kills in {:.2?}: {before_swap} left the old site, {after_swap} the new one, \
         {completed} builds had finished; at most {most_leftovers} temporary folder left at once \
         ({trace})",
        loop_started.elapsed()
    );
    assert!(
        kills >= MIN_KILLS,
        "only {kills} kills fitted in {BUDGET:?}; the machine is too slow for this test"
    );

    // A build after all that succeeds, gives the new site and leaves nothing behind.
    inputs.set(1 - state);
    build(&root, None);
    assert!(
        which(&tree(&public), &refs) == Some(1 - state),
        "the build after the kills gives the new site"
    );
    let left = leftovers(dir.path());
    assert!(
        left.is_empty(),
        "the build after the kills removed every temporary folder: {left:?}"
    );
}
