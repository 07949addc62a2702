//! The OCR cache: the text of every page read, kept beside the index so that
//! no page is read twice.
//!
//! An entry is keyed by the file's content hash, the page and the OCR
//! settings (Tesseract's version, the languages, how pages are rendered):
//! a rename or a copy of a scan finds its pages again, a changed file or
//! other settings do not. It lives in `ocr/` inside the index folder, so
//! it outlives `sagasu index --rebuild` (which deletes only tantivy's
//! files) and goes when the index folder goes:
//!
//! ```text
//! index/ocr/<hash[..2]>/<hash>/<settings>-<page>
//! ```
//!
//! Each entry is one small file, written to a temporary name and renamed
//! (a crash leaves no half entry), starting with [`MAGIC`]. After a pass,
//! [`Cache::trim`] deletes the entries of contents the index no longer
//! holds (but for pages of no text: a file of blank pages is skipped, not
//! held), then the least recently used ones past the size limit. sagasu
//! deletes only names it makes (hex hashes, `<settings>-<page>`).
//!
//! The cache is a help, never a requirement: an entry that cannot be read
//! or written is a page read again.

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// The folder of the cache inside the index folder.
pub const CACHE_DIR: &str = "ocr";

/// The first line of every entry (its format's version).
const MAGIC: &str = "sagasu-ocr-page 1\n";

/// The most bytes the cache holds (file sizes rounded up to 4 KiB blocks):
/// 512 MiB, about 130,000 pages.
pub const CACHE_LIMIT: u64 = 512 << 20;

/// The OCR cache of one index folder.
#[derive(Debug, Clone)]
pub(crate) struct Cache {
    dir: PathBuf,
}

impl Cache {
    /// The cache of the index folder `index`.
    pub fn new(index: &Path) -> Cache {
        Cache {
            dir: index.join(CACHE_DIR),
        }
    }

    fn entry(&self, hash: &str, settings: &str, page: u64) -> Option<PathBuf> {
        (is_hex(hash) && hash.len() >= 8 && is_hex(settings))
            .then(|| self.dir.join(&hash[..2]).join(hash).join(format!("{settings}-{page}")))
    }

    /// The text of `page` (1-based) of the content `hash` read with
    /// `settings`, if it was read before (`Some("")`: the page had no text).
    /// A hit counts as a use for [`trim`](Cache::trim).
    pub fn get(&self, hash: &str, settings: &str, page: u64) -> Option<String> {
        let path = self.entry(hash, settings, page)?;
        let bytes = fs::read(&path).ok()?;
        let text = String::from_utf8(bytes).ok()?.strip_prefix(MAGIC)?.to_string();
        if let Ok(file) = fs::File::options().append(true).open(&path) {
            let _ = file.set_modified(SystemTime::now());
        }
        Some(text)
    }

    /// Keeps the text of `page` (`""`: no text on it).
    pub fn put(&self, hash: &str, settings: &str, page: u64, text: &str) {
        let Some(path) = self.entry(hash, settings, page) else {
            return;
        };
        let Some(dir) = path.parent() else { return };
        let tmp = dir.join(format!(".{settings}-{page}.{}.tmp", std::process::id()));
        let written = fs::create_dir_all(dir)
            .and_then(|()| fs::File::create(&tmp))
            .and_then(|mut f| {
                f.write_all(MAGIC.as_bytes())
                    .and_then(|()| f.write_all(text.as_bytes()))
            })
            .and_then(|()| fs::rename(&tmp, &path));
        if written.is_err() {
            let _ = fs::remove_file(&tmp);
        }
    }

    /// Deletes the entries of contents not in `keep` (hex hashes of the
    /// files the index holds) but for contents of blank pages only, then
    /// the least recently used entries until the cache holds at most
    /// `limit` bytes. Returns the bytes it holds.
    pub fn trim(&self, keep: &HashSet<String>, limit: u64) -> u64 {
        let mut entries = Vec::new();
        for (shard, _) in listed(&self.dir, |n| n.len() == 2 && is_hex(n)) {
            for (content, name) in listed(&shard, |n| n.len() > 8 && is_hex(n)) {
                let entries_of = listed(&content, is_entry_name);
                // A file whose pages all came out empty is skipped ("OCR
                // found no text"), so the index does not hold it: its
                // entries stay (LRU-bounded), or every rebuild reads it.
                let empty =
                    |(path, _): &(PathBuf, String)| fs::metadata(path).is_ok_and(|md| md.len() == MAGIC.len() as u64);
                let blank = !entries_of.is_empty() && entries_of.iter().all(empty);
                if !keep.contains(&name) && !blank {
                    remove_entries(&content);
                    continue;
                }
                // A temporary file left by a sagasu that died between writing
                // and renaming (Ctrl-C, a crash): trim runs after a pass, when
                // no write is under way (one pass at a time holds the index).
                for (tmp, _) in listed(&content, |n| n.ends_with(".tmp")) {
                    let _ = fs::remove_file(tmp);
                }
                for (entry, _) in entries_of {
                    if let Ok(md) = fs::metadata(&entry) {
                        let used = md.modified().unwrap_or(SystemTime::UNIX_EPOCH);
                        entries.push((used, md.len().div_ceil(4096) * 4096, entry));
                    }
                }
            }
            let _ = fs::remove_dir(&shard);
        }
        let mut total: u64 = entries.iter().map(|e| e.1).sum();
        if total > limit {
            entries.sort_by_key(|e| e.0);
            for (_, size, path) in entries {
                if total <= limit {
                    break;
                }
                if fs::remove_file(&path).is_ok() {
                    total -= size;
                    if let Some(dir) = path.parent() {
                        let _ = fs::remove_dir(dir);
                    }
                }
            }
        }
        total
    }
}

/// The entries of `dir` whose names pass `ok`, with their names.
fn listed(dir: &Path, ok: impl Fn(&str) -> bool) -> Vec<(PathBuf, String)> {
    let Ok(read) = fs::read_dir(dir) else {
        return Vec::new();
    };
    read.filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            ok(&name).then(|| (e.path(), name))
        })
        .collect()
}

/// Deletes the cache entries in `dir` (and their temporary files), then
/// `dir` if that left it empty.
fn remove_entries(dir: &Path) {
    for (path, _) in listed(dir, |n| is_entry_name(n) || n.ends_with(".tmp")) {
        let _ = fs::remove_file(path);
    }
    let _ = fs::remove_dir(dir);
}

/// `<settings>-<page>`: hex, a dash, digits.
fn is_entry_name(name: &str) -> bool {
    name.split_once('-').is_some_and(|(settings, page)| {
        !settings.is_empty() && is_hex(settings) && !page.is_empty() && page.bytes().all(|b| b.is_ascii_digit())
    })
}

fn is_hex(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const B: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    #[test]
    fn a_page_is_found_by_content_page_and_settings() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        cache.put(A, "0123", 2, "Joseon dynasty\n");
        cache.put(A, "0123", 3, "");
        assert_eq!(cache.get(A, "0123", 2).as_deref(), Some("Joseon dynasty\n"));
        assert_eq!(cache.get(A, "0123", 3).as_deref(), Some(""));
        assert_eq!(cache.get(A, "0124", 2), None, "other settings");
        assert_eq!(cache.get(B, "0123", 2), None, "other content");
        assert_eq!(cache.get(A, "0123", 1), None, "another page");
        // Names that are not ours are neither read nor written.
        cache.put("../../x", "0123", 1, "no");
        assert_eq!(cache.get("../../x", "0123", 1), None);
    }

    #[test]
    fn trimming_drops_contents_gone_then_the_least_recently_used() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path());
        let foreign = dir.path().join(CACHE_DIR).join("notes.txt");
        for page in 1..=3 {
            cache.put(A, "01", page, "text");
            cache.put(B, "01", page, "text");
        }
        fs::write(&foreign, "mine").unwrap();
        let stray = cache.entry(A, "01", 2).unwrap().with_file_name(".01-2.4242.tmp");
        fs::write(&stray, "half").unwrap();
        // Page 1 of A is the oldest use.
        let old = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
        let p1 = cache.entry(A, "01", 1).unwrap();
        fs::File::options()
            .append(true)
            .open(&p1)
            .unwrap()
            .set_modified(old)
            .unwrap();
        // C's one page had no text: the file was skipped, never indexed.
        let c = "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";
        cache.put(c, "01", 1, "");
        let keep: HashSet<String> = [A.to_string()].into();
        assert_eq!(cache.trim(&keep, 1 << 20), 4 * 4096);
        assert_eq!(cache.get(B, "01", 1), None, "B is no longer indexed");
        assert_eq!(
            cache.get(c, "01", 1).as_deref(),
            Some(""),
            "a blank scan is not read again"
        );
        assert_eq!(cache.trim(&keep, 3 * 4096), 3 * 4096);
        assert_eq!(cache.get(A, "01", 1), None, "the least recently used went first");
        assert!(cache.get(A, "01", 2).is_some() && cache.get(A, "01", 3).is_some());
        assert_eq!(fs::read_to_string(&foreign).unwrap(), "mine", "not ours: kept");
        assert!(!stray.exists(), "a half-written entry of a sagasu that died is dropped");
    }
}
