//! `sagasu index`.

use clap::Args;

use super::ranges::usize_in;

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Start from an empty index.
    #[arg(long)]
    pub rebuild: bool,
    /// Print the summary as JSON.
    #[arg(long)]
    pub json: bool,
    /// Keep running and re-index when files change (until Ctrl-C).
    #[arg(long)]
    pub watch: bool,
    /// Include hidden files and folders.
    #[arg(long)]
    pub hidden: bool,
    /// Do not honour .gitignore, .ignore and .sagasuignore files.
    #[arg(long)]
    pub no_ignore: bool,
    /// Follow symbolic links.
    #[arg(long, short = 'L')]
    pub follow: bool,
    /// Skip files larger than this many bytes (at most 1 GiB: a file is
    /// read whole).
    #[arg(long, default_value_t = 64 * 1024 * 1024, value_name = "BYTES",
          value_parser = clap::value_parser!(u64).range(1..=1 << 30))]
    pub max_file_size: u64,
    /// Indexing threads, and files read and extracted at once (0: one per
    /// core, at most 4; at most 32).
    #[arg(long, default_value_t = 0, value_parser = usize_in(0..=32))]
    pub threads: usize,
    /// List every skipped file and non-UTF-8 encoding.
    #[arg(long, short = 'v')]
    pub verbose: bool,
}
