//! `sagasu completions` and `sagasu man`: what the shell and `man` need.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: Shell,
}

/// The shells completions are written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write sagasu.1 and a page per subcommand (sagasu-search.1, …) into
    /// DIR instead of printing sagasu.1.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}
