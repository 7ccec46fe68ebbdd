//! `tracker new session`: a note file for today's session, ready to fill.

use super::{Common, Failure};
use crate::config::Config;
use crate::source::display_name;
use crate::yaml;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What `tracker new` can make.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum What {
    /// A note for a study session: content/sessions/<date>.md (or <date>-2.md, … when taken).
    #[command(
        after_help = "Examples:\n  tracker new session\n  tracker new session --title \"Kafka partitions\" --modules 1.2,1.3\n  tracker new session --today 2026-01-22"
    )]
    Session(SessionArgs),
}

/// Options of `tracker new session`.
#[derive(Debug, Clone, clap::Args)]
pub struct SessionArgs {
    /// The session's title.
    #[arg(long)]
    pub title: Option<String>,
    /// The modules worked on, by number or title, separated by commas (1.2,1.3).
    #[arg(long, value_delimiter = ',')]
    pub modules: Vec<String>,
}

/// Runs `tracker new …`.
pub fn run(common: &Common, what: &What) -> Result<(), Failure> {
    let What::Session(args) = what;
    let today = common.today()?;
    let config = Config::load(&common.root)?;
    let title = args
        .title
        .clone()
        .unwrap_or_else(|| format!("Study session {today}"));
    let modules: Vec<String> = args
        .modules
        .iter()
        .map(|m| m.trim().to_string())
        .filter(|m| !m.is_empty())
        .collect();
    let text = note_text(&today.to_string(), &title, &modules);
    std::fs::create_dir_all(&config.sessions)?;
    let path = create_new(&config.sessions, &today.to_string(), text.as_bytes())?;
    println!("{}", display_name(&config.root, &path));
    Ok(())
}

/// The text of a new note.
pub fn note_text(date: &str, title: &str, modules: &[String]) -> String {
    let quoted = |s: &str| {
        yaml::to_string(&s.to_string())
            .map(|y| y.trim_end().to_string())
            .unwrap_or_else(|_| format!("{s:?}"))
    };
    let modules = modules
        .iter()
        .map(|m| format!("\"{}\"", m.replace('\\', "\\\\").replace('"', "\\\"")))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "---\ndate: {date}\ntitle: {}\nduration:  # such as 45m, 1h 30m, or In progress\nmodules: [{modules}]\ntags: []\n---\n\n\
         ## Topics covered\n\n- \n\n## Key insights\n\n- \n\n## Questions to research\n\n- \n",
        quoted(title)
    )
}

/// Creates `<stem>.md` in `folder`, or `<stem>-2.md`, `-3`, … — never replacing a file.
fn create_new(folder: &Path, stem: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
    for n in 1.. {
        let name = if n == 1 {
            format!("{stem}.md")
        } else {
            format!("{stem}-{n}.md")
        };
        let path = folder.join(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut file) => {
                file.write_all(bytes)?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    unreachable!("some numbered name is always free")
}
