//! The options every subcommand takes: where the corpus and the index
//! are, color, and the helper programs.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

/// Options shared by every subcommand, in a help section of their own
/// ("Global options") below each subcommand's options.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
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
    /// Seconds a helper may spend on one file (pdftotext), or on one page
    /// (pdftoppm and tesseract, for OCR), before it is stopped.
    #[arg(long, global = true, default_value_t = 60, value_name = "SECONDS",
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub helper_timeout: u64,
    /// Do not read scanned PDF pages and page images (PNG, JPEG, TIFF) by OCR.
    #[arg(long, global = true)]
    pub no_ocr: bool,
    /// Tesseract's languages for OCR, joined by `+` (e.g. `eng+kor`);
    /// default: the installed ones among eng, kor, jpn, chi_sim, chi_tra.
    #[arg(long, global = true, env = "SAGASU_OCR_LANG", value_name = "LANGS", value_parser = ocr_languages)]
    pub ocr_lang: Option<String>,
    /// The tesseract program that reads scanned pages (tesseract-ocr).
    #[arg(
        long,
        global = true,
        env = "SAGASU_TESSERACT",
        default_value = "tesseract",
        value_name = "PROGRAM"
    )]
    pub tesseract: PathBuf,
    /// The pdftoppm program that renders scanned PDF pages for OCR (poppler-utils).
    #[arg(
        long,
        global = true,
        env = "SAGASU_PDFTOPPM",
        default_value = "pdftoppm",
        value_name = "PROGRAM"
    )]
    pub pdftoppm: PathBuf,
}

/// `--ocr-lang`: Tesseract language names (letters, digits, `_`) joined by `+`.
fn ocr_languages(s: &str) -> Result<String, String> {
    let ok = |l: &str| !l.is_empty() && l.len() <= 32 && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if s.split('+').count() <= 16 && s.split('+').all(ok) {
        Ok(s.to_string())
    } else {
        Err("expected Tesseract language names joined by `+`, e.g. eng+kor+jpn".into())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}
