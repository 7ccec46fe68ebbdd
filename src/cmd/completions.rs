//! `tracker completions SHELL` and `tracker man`: the command line described for a shell's
//! completion and for `man`, generated from the same definition that parses it.

use super::Failure;
use std::io::Write;

/// Options of `tracker completions`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Options of `tracker man`.
#[derive(Debug, Clone, clap::Args)]
pub struct ManArgs {
    /// A subcommand whose own page to print (tracker-build(1), …); default: tracker(1).
    #[arg(value_name = "SUBCOMMAND")]
    pub subcommand: Option<String>,
}

/// Prints the completion script for `args.shell` of the command line `cli` on stdout.
pub fn run(cli: &mut clap::Command, args: &Args) -> Result<(), Failure> {
    let name = cli.get_name().to_string();
    let mut script = Vec::new();
    clap_complete::generate(args.shell, cli, name, &mut script);
    write_stdout(&script)
}

/// Prints the man page (roff) of `cli`, or of one of its subcommands, on stdout.
pub fn man(mut cli: clap::Command, args: &ManArgs) -> Result<(), Failure> {
    // Building propagates the version and the global options into the subcommands.
    cli.build();
    let page = match &args.subcommand {
        None => cli,
        Some(name) => {
            let Some(sub) = cli.find_subcommand(name) else {
                let known: Vec<&str> = cli
                    .get_subcommands()
                    .map(|s| s.get_name())
                    .filter(|n| *n != "help")
                    .collect();
                return Err(Failure::Usage(format!(
                    "no subcommand '{name}'; the subcommands are: {}",
                    known.join(", ")
                )));
            };
            let full = format!("{}-{}", cli.get_name(), sub.get_name());
            sub.clone().name(full)
        }
    };
    let mut roff = Vec::new();
    clap_mangen::Man::new(page).render(&mut roff)?;
    write_stdout(&roff)
}

fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)?;
    out.flush()?;
    Ok(())
}
