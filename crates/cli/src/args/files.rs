//! `sagasu files`.

use clap::Args;

#[derive(Debug, Args)]
pub struct FilesArgs {
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
}
