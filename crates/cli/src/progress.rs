//! An indicatif progress bar for indexing, drawn only on a terminal.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use sagasu_indexer::Progress;

/// Progress of an indexing run as a bar of bytes with files counted.
pub struct Bar {
    bar: ProgressBar,
    files: AtomicU64,
    done: AtomicU64,
    /// Pages found for OCR, and read, so far.
    pages: AtomicU64,
    pages_done: AtomicU64,
}

impl Bar {
    /// A bar on stderr, hidden unless stderr is a terminal.
    pub fn new() -> Bar {
        let bar = ProgressBar::hidden();
        if std::io::stderr().is_terminal() {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        Bar::on(bar)
    }

    /// The counting of a bar drawn on `bar` (hidden in tests).
    fn on(bar: ProgressBar) -> Bar {
        Bar {
            bar,
            files: AtomicU64::new(0),
            done: AtomicU64::new(0),
            pages: AtomicU64::new(0),
            pages_done: AtomicU64::new(0),
        }
    }

    /// Removes the bar from the screen.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Bar {
    fn start(&self, files: u64, bytes: u64) {
        self.bar.set_length(bytes);
        self.bar.set_style(
            ProgressStyle::with_template("{spinner} indexing [{bar:30}] {bytes}/{total_bytes} {msg} ({eta} left)")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        self.files.store(files, Ordering::Relaxed);
        self.bar.set_message(format!("0/{files} files"));
        self.bar.set_position(0);
    }

    fn advance(&self, bytes: u64) {
        self.bar.inc(bytes);
        self.done.fetch_add(1, Ordering::Relaxed);
        self.show();
    }

    fn committing(&self) {
        self.bar.set_message("committing".to_string());
    }

    fn ocr_pages(&self, pages: u64) {
        self.pages.fetch_add(pages, Ordering::Relaxed);
        self.show();
    }

    fn ocr_page_done(&self) {
        self.pages_done.fetch_add(1, Ordering::Relaxed);
        self.show();
    }
}

impl Bar {
    /// The message: files checked, and pages read by OCR once there are any
    /// (OCR is slow: the bar of bytes stands still while a scan is read).
    fn show(&self) {
        let (done, files) = (self.done.load(Ordering::Relaxed), self.files.load(Ordering::Relaxed));
        let pages = self.pages.load(Ordering::Relaxed);
        let msg = match pages {
            0 => format!("{done}/{files} files"),
            _ => format!(
                "{done}/{files} files, OCR {}/{pages} pages",
                self.pages_done.load(Ordering::Relaxed)
            ),
        };
        self.bar.set_message(msg);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the bar says as a pass goes: files checked, then the pages of
    /// scans as OCR finds and reads them (the total grows file by file).
    #[test]
    fn the_bar_counts_files_and_then_the_pages_read_by_ocr() {
        let bar = Bar::on(ProgressBar::hidden());
        bar.start(3, 300);
        assert_eq!(bar.bar.message(), "0/3 files");
        bar.advance(100);
        assert_eq!(bar.bar.message(), "1/3 files");
        bar.ocr_pages(2);
        assert_eq!(bar.bar.message(), "1/3 files, OCR 0/2 pages");
        bar.ocr_page_done();
        bar.ocr_pages(3);
        assert_eq!(bar.bar.message(), "1/3 files, OCR 1/5 pages");
        for _ in 0..4 {
            bar.ocr_page_done();
        }
        bar.advance(100);
        bar.advance(100);
        assert_eq!(bar.bar.message(), "3/3 files, OCR 5/5 pages");
        assert_eq!(bar.bar.position(), 300);
        bar.committing();
        assert_eq!(bar.bar.message(), "committing");
    }
}
