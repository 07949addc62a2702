//! Progress reporting hooks, so the binary can draw a bar without the
//! library knowing about terminals.

/// Receives progress of an indexing pass. All methods default to doing nothing.
pub trait Progress: Sync {
    /// The walk is done: `files` files of `bytes` bytes in all will be checked.
    fn start(&self, _files: u64, _bytes: u64) {}
    /// One file was checked; `bytes` is its size.
    fn advance(&self, _bytes: u64) {}
    /// The pass is committing.
    fn committing(&self) {}
    /// `pages` more pages are to be read by OCR (known once a file's
    /// scanned pages are found: the total grows as the pass goes).
    fn ocr_pages(&self, _pages: u64) {}
    /// One page was read by OCR (or taken from its cache). Called from
    /// several threads at once.
    fn ocr_page_done(&self) {}
}

/// A [`Progress`] that ignores everything.
pub struct NoProgress;

impl Progress for NoProgress {}
