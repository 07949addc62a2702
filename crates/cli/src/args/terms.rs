//! `sagasu terms`.

use clap::Args;

use super::ranges::usize_in;

#[derive(Debug, Args)]
pub struct TermsArgs {
    /// A prefix (`chos`) or a glob (`ch*ng*`, `k?m`), folded as words are
    /// (`Chosŏn` is `choson`).
    #[arg(value_name = "PATTERN")]
    pub pattern: String,
    /// Terms to list (1 to 100000).
    #[arg(long, short = 'n', default_value_t = 50,
          value_parser = usize_in(1..=100_000))]
    pub limit: usize,
    /// Print one JSON object instead of text.
    #[arg(long)]
    pub json: bool,
    /// List the spellings as documents write them (Chosŏn, Chosǒn,
    /// Joseon, 조선), grouped by name: the romanization key they share, or
    /// for a word that is not a name its folded form.
    #[arg(long)]
    pub spellings: bool,
    /// With --spellings: under each spelling, the documents that hold it
    /// (JSON always lists them).
    #[arg(long, requires = "spellings")]
    pub paths: bool,
}
