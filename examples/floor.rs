//! The floor of a build: the least any static site generator must do with a folder of notes.
//!
//!     cargo run --release --example floor -- <notes dir> <out dir>
//!
//! It reads every `.md` file under `<notes dir>`, skips a leading `---` front matter block
//! without parsing it, renders the rest with pulldown-cmark (the options `tracker` uses) on
//! every core with rayon, and writes one HTML file each under `<out dir>`, at the same
//! relative path with `.html`. No templates, no report, no links between pages, no atomic
//! swap: `scripts/bench.sh` compares `tracker build` with it in the same run.

use pulldown_cmark::{Parser, html};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The text after a front matter block opened and closed by `---` lines, else all of it.
fn body(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text;
    };
    match rest.find("\n---\n") {
        Some(end) => &rest[end + "\n---\n".len()..],
        None => text,
    }
}

/// Renders one note to its page.
fn page(path: &Path, out: &Path) -> std::io::Result<()> {
    let text = std::fs::read_to_string(path)?;
    let body = body(&text);
    let mut html = String::with_capacity(body.len() * 3 / 2 + 64);
    html.push_str("<!doctype html>\n<meta charset=\"utf-8\">\n");
    html::push_html(
        &mut html,
        Parser::new_ext(body, tracker::tracker::parse::markdown_options()),
    );
    std::fs::write(out, html)
}

/// Renders every note under `notes` into `out`; returns how many.
pub fn run(notes: &Path, out: &Path) -> Result<usize, String> {
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(notes).sort_by_file_name() {
        let entry = entry.map_err(|e| format!("walking {}: {e}", notes.display()))?;
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "md") {
            let rel = entry.path().strip_prefix(notes).unwrap_or(entry.path());
            files.push((
                entry.path().to_path_buf(),
                out.join(rel).with_extension("html"),
            ));
        }
    }
    let folders: BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|(_, to)| to.parent().map(Path::to_path_buf))
        .collect();
    for folder in &folders {
        std::fs::create_dir_all(folder)
            .map_err(|e| format!("creating {}: {e}", folder.display()))?;
    }
    files.par_iter().try_for_each(|(from, to)| {
        page(from, to).map_err(|e| format!("{} → {}: {e}", from.display(), to.display()))
    })?;
    Ok(files.len())
}

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let [notes, out] = args.as_slice() else {
        eprintln!("usage: cargo run --release --example floor -- <notes dir> <out dir>");
        return ExitCode::from(2);
    };
    match run(notes, out) {
        Ok(n) => {
            println!("rendered {n} notes → {}", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
