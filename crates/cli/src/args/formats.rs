//! `sagasu formats`.

use clap::Args;

#[derive(Debug, Args)]
pub struct FormatsArgs {
    /// Print the list as JSON.
    #[arg(long)]
    pub json: bool,
}
