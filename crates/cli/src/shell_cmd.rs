//! `sagasu completions SHELL` and `sagasu man`: shell completions and
//! manual pages, generated from the same clap definition as `--help`, so
//! they cannot drift from the options.

use anyhow::{Context, Result};
use clap::CommandFactory;
use clap_complete::Shell as Target;

use crate::args::{Cli, CompletionsArgs, ManArgs, Shell};
use crate::output::to_stdout;

pub fn completions(args: &CompletionsArgs) -> Result<bool> {
    let target = match args.shell {
        Shell::Bash => Target::Bash,
        Shell::Zsh => Target::Zsh,
        Shell::Fish => Target::Fish,
        Shell::Powershell => Target::PowerShell,
    };
    let mut cmd = Cli::command();
    to_stdout(|out| {
        clap_complete::generate(target, &mut cmd, "sagasu", out);
        Ok(())
    })?;
    Ok(true)
}

pub fn man(args: &ManArgs) -> Result<bool> {
    let cmd = Cli::command();
    match &args.out {
        None => to_stdout(|out| clap_mangen::Man::new(cmd).render(out))?,
        Some(dir) => {
            std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
            clap_mangen::generate_to(cmd, dir)
                .with_context(|| format!("cannot write the pages into {}", dir.display()))?;
            eprintln!(
                "sagasu: wrote sagasu.1 and a page per subcommand into {}",
                dir.display()
            );
        }
    }
    Ok(true)
}
