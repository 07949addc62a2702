//! OCR: the text of scanned PDF pages (pages without a text layer) and of
//! page images, read by Tesseract.
//!
//! A PDF page is rendered by poppler's `pdftoppm` (`render`), an image is
//! handed over as it is; `tesseract` reads each (`tesseract`). Both are
//! helpers (`helper.rs`): a process group of their own, the time limit
//! *per page*, bounded output. [`Ocr`] is the OCR of one pass:
//!
//! - its settings are resolved once, when the first page is read (a corpus
//!   without scans never runs Tesseract): its version, the languages;
//! - each page's text is kept in the [`Cache`] beside the index, by content
//!   hash, page and settings, and taken from there the next time;
//! - pages are read in parallel, the pages of one file too, but never more
//!   at once than there are permits (one per core): a page in flight holds
//!   its rendered image (at most 12 MB) and a Tesseract (~200 MB with the
//!   five default languages), so memory is bounded by the permits;
//! - it counts the pages read, taken from the cache, and the time spent.
//!
//! Trap: Tesseract spaces out Chinese and Japanese characters (`日 本 語`);
//! [`clean_page`] joins them back, or every CJK bigram would be lost.

mod cache;
mod render;
mod tesseract;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, OnceLock};
use std::time::{Duration, Instant};

pub(crate) use cache::Cache;
pub use cache::{CACHE_DIR, CACHE_LIMIT};
pub use tesseract::{install_line, package_of, DEFAULT_LANGUAGES, VERTICAL};

use crate::progress::Progress;
use sagasu_store::SkipReason;

/// How OCR is done (part of [`ExtractOptions`](crate::ExtractOptions)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcrOptions {
    /// Whether pages without text are read by OCR at all (`--no-ocr`).
    pub enabled: bool,
    /// The `tesseract` program: a path, or a name looked up in `PATH`.
    pub tesseract: PathBuf,
    /// The `pdftoppm` program (poppler-utils) that renders PDF pages.
    pub pdftoppm: PathBuf,
    /// Tesseract's languages (`eng+kor`); `None`: those of
    /// [`DEFAULT_LANGUAGES`] that are installed.
    pub languages: Option<String>,
}

impl Default for OcrOptions {
    fn default() -> Self {
        OcrOptions {
            enabled: true,
            tesseract: PathBuf::from("tesseract"),
            pdftoppm: PathBuf::from("pdftoppm"),
            languages: None,
        }
    }
}

/// Bump when what is cached for the same settings changes (rendering,
/// Tesseract's arguments, [`clean_page`]).
const PIPELINE: u32 = 2;

/// What Tesseract reads with, settled once per pass.
#[derive(Debug)]
struct Setup {
    /// The `-l` argument.
    languages: String,
    /// The `--psm` argument (5 when every language is a vertical one).
    psm: &'static str,
    /// The settings part of a cache key (hex).
    key: String,
    /// Whether a page of Hangul is read again as Korean.
    reread: bool,
    /// Whether a page that looks like vertical Japanese is read again.
    vertical: Vertical,
}

/// Reading vertical Japanese again, when Japanese is read at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Vertical {
    /// Japanese is not among the languages.
    Off,
    /// With `jpn_vert --psm 5`.
    Read,
    /// The `jpn_vert` pack is not installed: such pages are counted.
    Missing,
}

impl Setup {
    fn new(opts: &OcrOptions, installed: &tesseract::Installed) -> Result<Setup, SkipReason> {
        let languages = tesseract::languages(opts.languages.as_deref(), installed)?;
        let psm = match languages.split('+').all(|l| l.ends_with("_vert")) {
            true => tesseract::VERTICAL_PSM,
            false => tesseract::PSM,
        };
        // Languages given are read as given; the defaults read a page of
        // Hangul again as Korean.
        let reread = opts.languages.is_none();
        let vertical = if !languages.split('+').any(|l| l == "jpn") {
            Vertical::Off
        } else if installed.languages.iter().any(|l| l == tesseract::VERTICAL) {
            Vertical::Read
        } else {
            Vertical::Missing
        };
        let mut settings = format!(
            "{PIPELINE}\n{}\n{languages}\n--psm {psm}\n{}",
            installed.version,
            render::PAGE_PIXELS
        );
        if reread {
            settings.push_str("\nreread kor");
        }
        if vertical == Vertical::Read {
            settings.push_str(&format!(
                "\nreread {} --psm {}",
                tesseract::VERTICAL,
                tesseract::VERTICAL_PSM
            ));
        }
        let key = blake3::hash(settings.as_bytes()).to_hex()[..16].to_string();
        Ok(Setup {
            languages,
            psm,
            key,
            reread,
            vertical,
        })
    }
}

/// Where the pages of a file come from.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Source<'b> {
    /// A PDF: its pages are rendered.
    Pdf(&'b [u8]),
    /// An image file; `multi`: a TIFF of several images, one per page.
    Image { bytes: &'b [u8], multi: bool },
}

/// The pages of one file read by OCR.
#[derive(Debug, Default)]
pub(crate) struct PagesRead {
    /// The text of each page asked for, in order; `None`: left out.
    pub texts: Vec<Option<String>>,
    /// The pages left out and why (no text on it, a time limit, a crash).
    pub left_out: Vec<(u64, SkipReason)>,
}

/// The OCR of one pass (see the module's doc).
pub(crate) struct Ocr<'p> {
    opts: OcrOptions,
    timeout: Duration,
    cache: Option<Cache>,
    setup: OnceLock<Result<Setup, SkipReason>>,
    permits: Permits,
    counts: Mutex<Counts>,
    progress: &'p dyn Progress,
}

/// Pages read and time spent in a pass.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Counts {
    /// Pages read by Tesseract.
    pub pages: u64,
    /// Pages taken from the cache.
    pub cached: u64,
    /// Time spent rendering and reading pages, summed over pages.
    pub millis: u64,
    /// Pages read a second time as Korean.
    pub reread_korean: u64,
    /// Pages read a second time as vertical Japanese.
    pub reread_vertical: u64,
    /// Pages that looked like vertical Japanese, not read again for want
    /// of the `jpn_vert` pack.
    pub vertical_unread: u64,
}

impl<'p> Ocr<'p> {
    /// The OCR of a pass with `opts`, a time limit of `timeout` per page,
    /// its cache in the index folder `index` (none: no cache), at most
    /// `threads` pages at once.
    pub fn new(
        opts: &OcrOptions,
        timeout: Duration,
        index: Option<&Path>,
        threads: usize,
        progress: &'p dyn Progress,
    ) -> Ocr<'p> {
        Ocr {
            opts: opts.clone(),
            timeout,
            cache: index.map(Cache::new),
            setup: OnceLock::new(),
            permits: Permits::new(threads.max(1)),
            counts: Mutex::new(Counts::default()),
            progress,
        }
    }

    /// Whether OCR is on (`--no-ocr` turns it off).
    pub fn enabled(&self) -> bool {
        self.opts.enabled
    }

    /// The pages read and the time spent so far.
    pub fn counts(&self) -> Counts {
        *self.counts.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn setup(&self) -> Result<&Setup, SkipReason> {
        self.setup
            .get_or_init(|| {
                let installed = tesseract::installed(&self.opts.tesseract)?;
                Setup::new(&self.opts, &installed)
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Reads `pages` (1-based) of `source`, whose bytes hash to `hash`.
    /// `Err` when no page can be read: Tesseract, a language pack or
    /// pdftoppm is missing, or sagasu is stopping.
    pub fn read(&self, source: Source<'_>, hash: &str, pages: &[u64]) -> Result<PagesRead, SkipReason> {
        let setup = self.setup()?;
        self.progress.ocr_pages(pages.len() as u64);
        let results: Vec<Mutex<Option<Result<tesseract::Read, SkipReason>>>> =
            pages.iter().map(|_| Mutex::new(None)).collect();
        let next = AtomicUsize::new(0);
        let failed = AtomicBool::new(false);
        let worker = || loop {
            let i = next.fetch_add(1, Ordering::SeqCst);
            if i >= pages.len() || failed.load(Ordering::SeqCst) {
                return;
            }
            let result = self.page(source, hash, setup, pages[i]);
            failed.fetch_or(result.is_err(), Ordering::SeqCst);
            *results[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
            self.progress.ocr_page_done();
        };
        std::thread::scope(|scope| {
            for _ in 1..self.permits.total.min(pages.len()) {
                scope.spawn(worker);
            }
            worker();
        });
        let mut read = PagesRead::default();
        for (result, &page) in results.into_iter().zip(pages) {
            let result = result.into_inner().unwrap_or_else(|e| e.into_inner());
            match result {
                Some(Ok(tesseract::Read::Text(text))) if !crate::decode::is_blank(&text) => {
                    read.texts.push(Some(text));
                }
                Some(Ok(tesseract::Read::Text(_))) => {
                    read.texts.push(None);
                    read.left_out.push((page, no_text(source)));
                }
                Some(Ok(tesseract::Read::Problem(reason))) => {
                    read.texts.push(None);
                    read.left_out.push((page, reason));
                }
                Some(Err(reason)) => return Err(reason),
                // Not reached: another page failed for good first.
                None => read.texts.push(None),
            }
        }
        Ok(read)
    }

    /// One page: from the cache, or rendered and read (its text cleaned).
    fn page(&self, source: Source<'_>, hash: &str, setup: &Setup, page: u64) -> Result<tesseract::Read, SkipReason> {
        if let Some(text) = self.cache.as_ref().and_then(|c| c.get(hash, &setup.key, page)) {
            self.count(|c| c.cached += 1);
            return Ok(tesseract::Read::Text(text));
        }
        let _permit = self.permits.acquire();
        let started = Instant::now();
        let (tesseract, languages) = (&self.opts.tesseract, setup.languages.as_str());
        let rendered;
        let (image, index) = match source {
            Source::Pdf(pdf) => match render::page(&self.opts.pdftoppm, pdf, page, self.timeout)? {
                render::Rendered::Image(image) => {
                    rendered = image;
                    (rendered.as_slice(), None)
                }
                render::Rendered::Problem(reason) => return Ok(self.done(started, tesseract::Read::Problem(reason))),
            },
            Source::Image { bytes, multi } => (bytes, multi.then(|| page - 1)),
        };
        let mut read = tesseract::read(tesseract, languages, setup.psm, image, index, self.timeout)?;
        if let tesseract::Read::Text(first) = &read {
            if let Some(korean) = setup
                .reread
                .then(|| tesseract::reread_languages(first, languages))
                .flatten()
            {
                self.count(|c| c.reread_korean += 1);
                read = tesseract::read(tesseract, &korean, tesseract::PSM, image, index, self.timeout)?;
            }
        }
        if let tesseract::Read::Text(first) = &read {
            if setup.vertical != Vertical::Off && tesseract::looks_vertical(first) {
                read = self.read_vertical(setup, read, image, index)?;
            }
        }
        let read = self.done(started, read);
        Ok(match read {
            tesseract::Read::Text(raw) => {
                let text = clean_page(&raw);
                if let Some(cache) = &self.cache {
                    cache.put(hash, &setup.key, page, &text);
                }
                tesseract::Read::Text(text)
            }
            problem => problem,
        })
    }

    /// A page whose `first` reading looks like vertical Japanese: read
    /// again as such (with the pack), the reading with more words kept.
    fn read_vertical(
        &self,
        setup: &Setup,
        first: tesseract::Read,
        image: &[u8],
        index: Option<u64>,
    ) -> Result<tesseract::Read, SkipReason> {
        if setup.vertical == Vertical::Missing {
            self.count(|c| c.vertical_unread += 1);
            return Ok(first);
        }
        self.count(|c| c.reread_vertical += 1);
        let (tesseract, vertical) = (&self.opts.tesseract, tesseract::VERTICAL);
        let again = tesseract::read(tesseract, vertical, tesseract::VERTICAL_PSM, image, index, self.timeout)?;
        Ok(match (&first, &again) {
            (tesseract::Read::Text(a), tesseract::Read::Text(b))
                if tesseract::words_read(b) > tesseract::words_read(a) =>
            {
                again
            }
            _ => first,
        })
    }

    /// Counts a page read since `started`.
    fn done(&self, started: Instant, read: tesseract::Read) -> tesseract::Read {
        let millis = started.elapsed().as_millis() as u64;
        self.count(|c| {
            c.pages += 1;
            c.millis += millis;
        });
        read
    }

    fn count(&self, f: impl FnOnce(&mut Counts)) {
        f(&mut self.counts.lock().unwrap_or_else(|e| e.into_inner()));
    }
}

/// The long side of a rendered PDF page, in pixels.
pub(crate) fn render_pixels() -> u32 {
    render::PAGE_PIXELS
}

/// The `pdftoppm` version line, or why it cannot run.
pub(crate) fn pdftoppm_version(program: &Path) -> Result<String, String> {
    render::version(program)
}

/// What `sagasu formats` says of Tesseract under `opts`: its version, the
/// languages installed and those it reads with, or why it cannot run.
pub(crate) fn tesseract_status(opts: &OcrOptions) -> Result<String, String> {
    if !opts.enabled {
        return Err("OCR is off (--no-ocr)".into());
    }
    let installed = tesseract::installed(&opts.tesseract).map_err(|r| r.to_string())?;
    let setup = Setup::new(opts, &installed).map_err(|r| r.to_string())?;
    let reads = match setup.vertical {
        Vertical::Read => format!("{}, vertical Japanese with {}", setup.languages, tesseract::VERTICAL),
        Vertical::Missing => format!(
            "{} (vertical Japanese: apt-get install {})",
            setup.languages,
            package_of(tesseract::VERTICAL)
        ),
        Vertical::Off => setup.languages,
    };
    let missing: Vec<String> = DEFAULT_LANGUAGES
        .iter()
        .filter(|l| !installed.languages.iter().any(|i| i == *l))
        .map(|l| package_of(l))
        .collect();
    let mut status = format!(
        "{}; languages installed: {}; reads {reads}",
        installed.version,
        installed.languages.join(", ")
    );
    if !missing.is_empty() && opts.languages.is_none() {
        status.push_str(&format!(" (for the others: apt-get install {})", missing.join(" ")));
    }
    Ok(status)
}

/// The reason of a page where OCR found no text.
fn no_text(source: Source<'_>) -> SkipReason {
    SkipReason::OcrNoText {
        format: match source {
            Source::Pdf(_) => "PDF page".into(),
            Source::Image { .. } => "image".into(),
        },
        pages: 1,
    }
}

/// Tesseract's text of a page, ready to be indexed: line ends normalized,
/// no form feed (the extractor ends each page with its own), trailing
/// spaces and blank lines at the ends gone, and the space Tesseract puts
/// between two Chinese or Japanese characters (Han, kana) dropped. Hangul
/// keeps its spaces: Korean is written with spaces between words.
pub(crate) fn clean_page(raw: &str) -> String {
    let text = crate::decode::normalize_line_ends(raw).replace('\u{c}', "\n");
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = line.trim_end();
        let chars: Vec<char> = line.chars().collect();
        for (i, &c) in chars.iter().enumerate() {
            let spaced_cjk = c == ' '
                && i > 0
                && chars.get(i + 1).is_some_and(|&n| tesseract::is_han_or_kana(n))
                && tesseract::is_han_or_kana(chars[i - 1]);
            if !spaced_cjk {
                out.push(c);
            }
        }
        out.push('\n');
    }
    let trimmed = out.trim_matches('\n');
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("{trimmed}\n")
    }
}

/// A counting semaphore: at most `total` pages are read at once.
struct Permits {
    total: usize,
    free: Mutex<usize>,
    returned: Condvar,
}

/// A page's right to run its helpers; given back when dropped.
struct Permit<'a>(&'a Permits);

impl Permits {
    fn new(total: usize) -> Permits {
        Permits {
            total,
            free: Mutex::new(total),
            returned: Condvar::new(),
        }
    }

    fn acquire(&self) -> Permit<'_> {
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        while *free == 0 {
            free = self.returned.wait(free).unwrap_or_else(|e| e.into_inner());
        }
        *free -= 1;
        Permit(self)
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        *self.0.free.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.0.returned.notify_one();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tesseract_spacing_between_cjk_characters_is_dropped() {
        assert_eq!(clean_page("日 本 の 首 相\n\n"), "日本の首相\n");
        assert_eq!(clean_page("人民 共和国 and Seoul\r\n"), "人民共和国 and Seoul\n");
        // Korean keeps its word spaces; Latin is untouched.
        assert_eq!(clean_page("대한 민국 의 수도\n"), "대한 민국 의 수도\n");
        assert_eq!(clean_page("  \n\nThe Joseon  dynasty \n\x0c"), "The Joseon  dynasty\n");
        assert_eq!(clean_page(" \n\x0c\n"), "");
    }
}
