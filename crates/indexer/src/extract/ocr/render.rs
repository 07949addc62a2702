//! A PDF page to a gray image for Tesseract: poppler's `pdftoppm -f N -l N
//! -scale-to 3500 -gray - `, the PDF on its standard input, a PGM on its
//! standard output.
//!
//! `-scale-to` fits the page into a square of [`PAGE_PIXELS`]: an A4 or
//! Letter page at about 300 dpi (what Tesseract reads best), and never more
//! than 12 MB of image per page in memory, whatever size the page claims
//! (a scan embedded at 96 dpi makes a page of 18 inches; rendered at 300
//! dpi it would be 36 MB).

use std::ffi::OsStr;
use std::path::Path;
use std::time::Duration;

use crate::extract::helper::{self, Failure};
use sagasu_store::SkipReason;

/// The long side of a rendered page, in pixels.
pub const PAGE_PIXELS: u32 = 3500;

fn name(program: &Path) -> String {
    sagasu_analysis::safe::escape_unsafe(&program.display().to_string()).into_owned()
}

/// The `pdftoppm` version line, or why it cannot run.
pub(crate) fn version(program: &Path) -> Result<String, String> {
    match helper::version(program, "-v") {
        Some(v) if v.contains("pdftoppm") => Ok(v),
        Some(other) => Err(format!("does not look like pdftoppm: {other}")),
        None => Err(missing(program).to_string()),
    }
}

fn missing(program: &Path) -> SkipReason {
    SkipReason::HelperMissing {
        helper: name(program),
        fix: "apt-get install poppler-utils (or point --pdftoppm / SAGASU_PDFTOPPM at it)".into(),
    }
}

/// How rendering a page went.
#[derive(Debug)]
pub(crate) enum Rendered {
    /// The page as a PGM image.
    Image(Vec<u8>),
    /// What went wrong; the page is left out.
    Problem(SkipReason),
}

/// Renders `page` (1-based) of the PDF `pdf`. `Err` means that no page can
/// be rendered (pdftoppm is missing, or sagasu is stopping).
pub(crate) fn page(program: &Path, pdf: &[u8], page: u64, timeout: Duration) -> Result<Rendered, SkipReason> {
    let n = page.to_string();
    let scale = PAGE_PIXELS.to_string();
    let args: Vec<&OsStr> = ["-f", &n, "-l", &n, "-scale-to", &scale, "-gray", "-"]
        .into_iter()
        .map(OsStr::new)
        .collect();
    let max = u64::from(PAGE_PIXELS) * u64::from(PAGE_PIXELS) + 1024;
    match helper::run(program, &args, pdf, timeout, max) {
        Ok(out) if out.status.success() && out.stdout.starts_with(b"P5") => Ok(Rendered::Image(out.stdout)),
        Ok(out) => Ok(Rendered::Problem(SkipReason::HelperFailed {
            helper: name(program),
            error: out
                .stderr
                .lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .map(|l| sagasu_analysis::safe::escape_unsafe(l).into_owned())
                .unwrap_or_else(|| format!("no image (exit status {})", out.status.code().unwrap_or(-1))),
        })),
        Err(Failure::NotStarted(e)) if e.kind() == std::io::ErrorKind::NotFound => Err(missing(program)),
        Err(Failure::NotStarted(e)) => Err(SkipReason::HelperMissing {
            helper: name(program),
            fix: format!("it cannot be run ({})", sagasu_store::os_error(&e)),
        }),
        Err(Failure::Stopped) => Err(helper::stopped(&name(program))),
        Err(Failure::TimedOut) => Ok(Rendered::Problem(SkipReason::HelperTimeout {
            helper: name(program),
            seconds: timeout.as_secs().max(1),
        })),
        Err(Failure::TooMuchOutput) => Ok(Rendered::Problem(SkipReason::HelperFailed {
            helper: name(program),
            error: "a page larger than asked for".into(),
        })),
        Err(Failure::Io(e)) => Ok(Rendered::Problem(SkipReason::HelperFailed {
            helper: name(program),
            error: sagasu_store::os_error(&e),
        })),
    }
}
