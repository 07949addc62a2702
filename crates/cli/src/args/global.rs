//! The options every subcommand takes: where the corpus and the index
//! are, color, and the helper programs.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

/// Options shared by every subcommand.
#[derive(Debug, Args)]
pub struct Global {
    /// The index folder.
    #[arg(
        long,
        global = true,
        env = "SAGASU_INDEX",
        default_value = "index",
        value_name = "DIR"
    )]
    pub index: PathBuf,
    /// The folder of documents.
    #[arg(
        long,
        global = true,
        env = "SAGASU_CORPUS",
        default_value = "corpus",
        value_name = "DIR"
    )]
    pub corpus: PathBuf,
    /// When to use color: auto (on a terminal), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,
    /// The pdftotext program that reads PDFs (poppler-utils).
    #[arg(
        long,
        global = true,
        env = "SAGASU_PDFTOTEXT",
        default_value = "pdftotext",
        value_name = "PROGRAM"
    )]
    pub pdftotext: PathBuf,
    /// Seconds a helper (pdftotext) may spend on one file before it is stopped.
    #[arg(long, global = true, default_value_t = 60, value_name = "SECONDS",
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub helper_timeout: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
