//! The duplicate files of a snapshot ([`DuplicateFiles`]): files whose
//! bytes are the same under several names, grouped by the content hash of
//! their fingerprints, and for each segment the path ordinals of the
//! copies (every path of a group but its first), which ranked search
//! leaves out.
//!
//! Finding them reads every file's fingerprint and walks every segment's
//! paths (at debdocs ×10, 108,130 files that are all copies, most of a
//! whole-process search's 274 ms). So each indexing pass stores them
//! beside its last commit ([`store`], the file [`DUPLICATES_FILE`]), and a
//! searcher reads them back ([`DuplicateFiles::of`]) when they are of its
//! snapshot: the same segments with the same deletes. Any other file
//! (missing, older, of another commit, damaged) is ignored and the
//! duplicates are found again in memory; the file is never needed.
//!
//! Format (integers are u64 little-endian): [`MAGIC`]; the segments, each
//! its id (32 hex bytes), delete opstamp + 1 (0: none) and the bitset of
//! its copies' path ordinals (its length in words, then the words); the
//! paths of every group, sorted (their count, then each one's offset in
//! the blob); the groups (their count, then where each one's members
//! start, one more for the end, then the members: path indices, sorted);
//! the blob: each path as its group, its length and its bytes. A lookup
//! reads only the paths it needs, and a searcher that knows the index
//! folder maps the file instead of reading it: only the header, the
//! bitsets and the pages of the paths looked up are read (the file is
//! 8.6 MB at debdocs ×10, read whole in every whole-process search).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use tantivy::directory::{Directory, MmapDirectory, OwnedBytes};
use tantivy::Searcher;

use sagasu_analysis::schema::PATH;

use crate::fingerprint;

/// The file, in the index folder, that holds the duplicates of the last
/// pass's commit.
pub const DUPLICATES_FILE: &str = "sagasu-duplicates.bin";

/// The first bytes of the file, its format's version included.
pub const MAGIC: &[u8] = b"sagasu duplicates 1\n";

/// Files with the same bytes under several names in one snapshot.
#[derive(Debug, Clone)]
pub struct DuplicateFiles {
    /// Per segment ordinal of the snapshot: one bit per path ordinal of a
    /// copy.
    copies: Vec<Vec<u64>>,
    /// The file's bytes: mapped, or read whole.
    bytes: OwnedBytes,
    /// Where the path offsets, group starts, members and blob begin.
    paths_at: usize,
    paths: usize,
    groups_at: usize,
    groups: usize,
    members_at: usize,
    blob_at: usize,
}

impl DuplicateFiles {
    /// The duplicates of `searcher`'s snapshot: the index folder's
    /// [`DUPLICATES_FILE`] when it is of this snapshot (mapped when the
    /// folder is given, else read whole through the index's directory),
    /// else found from the fingerprints.
    pub fn of(searcher: &Searcher, folder: Option<&Path>) -> tantivy::Result<DuplicateFiles> {
        let stored = match folder {
            Some(folder) => mapped(folder),
            None => searcher
                .index()
                .directory()
                .atomic_read(Path::new(DUPLICATES_FILE))
                .ok()
                .map(OwnedBytes::new),
        };
        if let Some(found) = stored.and_then(|bytes| DuplicateFiles::parse(bytes, searcher)) {
            return Ok(found);
        }
        DuplicateFiles::find(searcher)
    }

    /// Finds the duplicates of `searcher`'s snapshot from its fingerprints
    /// and paths (never reads the file).
    pub fn find(searcher: &Searcher) -> tantivy::Result<DuplicateFiles> {
        let bytes = encode(searcher)?;
        Ok(DuplicateFiles::parse(OwnedBytes::new(bytes), searcher).expect("what encode writes parses"))
    }

    /// Whether no file has a copy.
    pub fn is_empty(&self) -> bool {
        self.groups == 0
    }

    /// Per segment ordinal of the snapshot, the bitset of the path
    /// ordinals of copies (every path of a group but its first).
    pub fn copies(&self) -> &[Vec<u64>] {
        &self.copies
    }

    /// The groups, each its paths sorted, sorted by their first path.
    pub fn groups(&self) -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = (0..self.groups).map(|g| self.members(g)).collect();
        out.sort();
        out
    }

    /// The other paths of `path`'s group (empty when it has no copy).
    pub fn others(&self, path: &str) -> Vec<String> {
        let Some(i) = self.find_path(path) else {
            return Vec::new();
        };
        let Some((group, _)) = self.path(i) else {
            return Vec::new();
        };
        self.members(group as usize).into_iter().filter(|p| p != path).collect()
    }

    /// The index of `path` among the sorted paths, if it is in a group.
    fn find_path(&self, path: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.paths);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let (_, p) = self.path(mid)?;
            match p.cmp(path.as_bytes()) {
                std::cmp::Ordering::Equal => return Some(mid),
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
            }
        }
        None
    }

    /// Path `i`: its group and its bytes.
    fn path(&self, i: usize) -> Option<(u64, &[u8])> {
        let at = self
            .blob_at
            .checked_add(word(&self.bytes, self.paths_at + i * 8)? as usize)?;
        let group = word(&self.bytes, at)?;
        let len = word(&self.bytes, at + 8)? as usize;
        let bytes = self.bytes.get(at + 16..(at + 16).checked_add(len)?)?;
        Some((group, bytes))
    }

    /// The paths of group `g`, sorted.
    fn members(&self, g: usize) -> Vec<String> {
        let start = word(&self.bytes, self.groups_at + g * 8).unwrap_or(0) as usize;
        let end = word(&self.bytes, self.groups_at + (g + 1) * 8).unwrap_or(0) as usize;
        (start..end.min(self.paths))
            .filter_map(|m| word(&self.bytes, self.members_at + m * 8))
            .filter_map(|i| self.path(i as usize))
            .map(|(_, p)| String::from_utf8_lossy(p).into_owned())
            .collect()
    }

    /// Reads `bytes` if they are the duplicates of `searcher`'s snapshot.
    fn parse(bytes: OwnedBytes, searcher: &Searcher) -> Option<DuplicateFiles> {
        let mut r = Cursor { bytes: &bytes, at: 0 };
        if r.take(MAGIC.len())? != MAGIC {
            return None;
        }
        let snapshot = searcher.generation().segments();
        if r.word()? as usize != snapshot.len() {
            return None;
        }
        let mut by_id: HashMap<&[u8], Vec<u64>> = HashMap::with_capacity(snapshot.len());
        for (id, deletes) in snapshot {
            let stored_id = r.take(32)?;
            if stored_id != id.uuid_string().as_bytes() || r.word()? != deletes.map_or(0, |d| d + 1) {
                return None;
            }
            let words = r.word()? as usize;
            let bits = (0..words).map(|_| r.word()).collect::<Option<Vec<u64>>>()?;
            by_id.insert(stored_id, bits);
        }
        let copies = searcher
            .segment_readers()
            .iter()
            .map(|s| by_id.remove(s.segment_id().uuid_string().as_bytes()))
            .collect::<Option<Vec<_>>>()?;
        let paths = r.word()? as usize;
        let paths_at = r.at;
        r.take(paths.checked_mul(8)?)?;
        let groups = r.word()? as usize;
        let groups_at = r.at;
        r.take(groups.checked_add(1)?.checked_mul(8)?)?;
        let members_at = r.at;
        r.take(paths.checked_mul(8)?)?;
        let blob_at = r.at;
        Some(DuplicateFiles {
            copies,
            bytes,
            paths_at,
            paths,
            groups_at,
            groups,
            members_at,
            blob_at,
        })
    }
}

/// Writes the duplicates of `searcher`'s snapshot into the index folder
/// `dir` (atomically: a temporary file renamed), unless the file there is
/// already of this snapshot. The indexer calls it after each pass; a
/// failure leaves searchers to find the duplicates themselves.
pub fn store(dir: &Path, searcher: &Searcher) -> std::io::Result<()> {
    let current = std::fs::read(dir.join(DUPLICATES_FILE))
        .ok()
        .and_then(|bytes| DuplicateFiles::parse(OwnedBytes::new(bytes), searcher));
    if current.is_some() {
        return Ok(());
    }
    let bytes = encode(searcher).map_err(std::io::Error::other)?;
    let directory = MmapDirectory::open(dir).map_err(std::io::Error::other)?;
    directory.atomic_write(Path::new(DUPLICATES_FILE), &bytes)
}

/// [`DUPLICATES_FILE`] in `folder`, mapped (pages are read as they are
/// touched). Through a directory of its own: an `MmapDirectory` keeps the
/// mappings it handed out by path, and a server's mapping of the file a
/// later pass replaced would be of the old file.
fn mapped(folder: &Path) -> Option<OwnedBytes> {
    let directory = MmapDirectory::open(folder).ok()?;
    directory.open_read(Path::new(DUPLICATES_FILE)).ok()?.read_bytes().ok()
}

/// The duplicates of `searcher`'s snapshot, in the file's format.
fn encode(searcher: &Searcher) -> tantivy::Result<Vec<u8>> {
    let fingerprints = fingerprint::read(searcher)?;
    let mut by_hash: HashMap<&str, Vec<&str>> = HashMap::new();
    for (path, fp) in &fingerprints {
        if !fp.hash.is_empty() {
            by_hash.entry(&fp.hash).or_default().push(path);
        }
    }
    let mut groups: Vec<Vec<&str>> = by_hash.into_values().filter(|g| g.len() > 1).collect();
    groups.iter_mut().for_each(|g| g.sort_unstable());
    groups.sort_unstable();
    let copies: HashSet<&[u8]> = groups
        .iter()
        .flat_map(|g| g[1..].iter().map(|p| p.as_bytes()))
        .collect();

    let mut out = MAGIC.to_vec();
    let put = |out: &mut Vec<u8>, w: u64| out.extend_from_slice(&w.to_le_bytes());
    let readers: HashMap<_, _> = searcher.segment_readers().iter().map(|s| (s.segment_id(), s)).collect();
    put(&mut out, searcher.generation().segments().len() as u64);
    for (id, deletes) in searcher.generation().segments() {
        out.extend_from_slice(id.uuid_string().as_bytes());
        put(&mut out, deletes.map_or(0, |d| d + 1));
        let bits = match readers.get(id) {
            Some(reader) => copies_in(reader, &copies)?,
            None => Vec::new(),
        };
        put(&mut out, bits.len() as u64);
        bits.iter().for_each(|&w| put(&mut out, w));
    }

    // Every path of a group, sorted, with its group.
    let mut paths: Vec<(&str, usize)> = groups
        .iter()
        .enumerate()
        .flat_map(|(g, paths)| paths.iter().map(move |p| (*p, g)))
        .collect();
    paths.sort_unstable();
    let mut blob = Vec::new();
    let mut index_of: HashMap<&str, usize> = HashMap::with_capacity(paths.len());
    put(&mut out, paths.len() as u64);
    for (i, (path, group)) in paths.iter().enumerate() {
        put(&mut out, blob.len() as u64);
        put(&mut blob, *group as u64);
        put(&mut blob, path.len() as u64);
        blob.extend_from_slice(path.as_bytes());
        index_of.insert(path, i);
    }
    put(&mut out, groups.len() as u64);
    let mut start = 0;
    for g in &groups {
        put(&mut out, start);
        start += g.len() as u64;
    }
    put(&mut out, start);
    for g in &groups {
        g.iter().for_each(|p| put(&mut out, index_of[p] as u64));
    }
    out.extend_from_slice(&blob);
    Ok(out)
}

/// The bitset of the path ordinals of `copies` in one segment: one walk
/// over its paths (a lookup of each copy in each segment costs more).
fn copies_in(reader: &tantivy::SegmentReader, copies: &HashSet<&[u8]>) -> tantivy::Result<Vec<u64>> {
    let Some(col) = reader.fast_fields().str(PATH)? else {
        return Ok(Vec::new());
    };
    let mut bits = vec![0u64; (col.num_terms() as u64).div_ceil(64) as usize];
    if copies.is_empty() {
        return Ok(bits);
    }
    let mut terms = col.dictionary().stream()?;
    while terms.advance() {
        if copies.contains(terms.key()) {
            let ord = terms.term_ord();
            if let Some(w) = bits.get_mut((ord / 64) as usize) {
                *w |= 1 << (ord % 64);
            }
        }
    }
    Ok(bits)
}

/// The u64 at `at` in `bytes`, if it is there.
fn word(bytes: &[u8], at: usize) -> Option<u64> {
    let b = bytes.get(at..at.checked_add(8)?)?;
    Some(u64::from_le_bytes(b.try_into().ok()?))
}

/// Reads a byte string front to back.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Cursor<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let b = self.bytes.get(self.at..self.at.checked_add(n)?)?;
        self.at += n;
        Some(b)
    }

    fn word(&mut self) -> Option<u64> {
        let w = word(self.bytes, self.at)?;
        self.at += 8;
        Some(w)
    }
}
