//! Corpus discovery: which files belong to the corpus, with their metadata.
//!
//! Built on the `ignore` crate (ripgrep's walker and its gitignore
//! matcher): hidden files are skipped and `.gitignore`, `.ignore` and
//! `.sagasuignore` rules (even outside a git repository) are honoured unless
//! the options say otherwise, and every entry left out is reported with the
//! reason.

use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::UNIX_EPOCH;

use ignore::gitignore::Gitignore;
use ignore::Match;

use sagasu_analysis::safe::escape_unsafe;

use crate::report::Skipped;
use sagasu_store::{os_error, SkipReason};

/// Which files the walk yields.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Include hidden files and folders.
    pub hidden: bool,
    /// Ignore `.gitignore`, `.ignore` and `.sagasuignore` rules.
    pub no_ignore: bool,
    /// Follow symbolic links (loops are detected and reported).
    pub follow: bool,
    /// A folder never to descend into (the index, when it lies inside the corpus).
    pub exclude: Option<PathBuf>,
}

/// A file found in the corpus.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Where the file is.
    pub path: PathBuf,
    /// Its key in the index: path relative to the corpus, `/`-separated,
    /// with bytes that are not UTF-8 escaped as `\xNN`.
    pub key: String,
    /// Size in bytes.
    pub size: u64,
    /// Modification time in nanoseconds since the epoch.
    pub mtime: i64,
}

/// What a walk found.
#[derive(Debug, Default)]
pub struct Walk {
    /// The files of the corpus, sorted by path.
    pub files: Vec<Entry>,
    /// Entries left out, with the reason: hidden, ignored (the topmost
    /// entry: an ignored folder is reported once, not descended into),
    /// links not followed, link loops, broken links, entries that vanished,
    /// special files, and entries the walk could not look at
    /// ([`SkipReason::Unreadable`]).
    pub skipped: Vec<Skipped>,
}

impl Walk {
    /// Keys of the entries the walk could not look at (permissions, I/O
    /// errors; `""` for the corpus root): what the index holds under them
    /// is kept, since nothing says it is gone.
    pub fn unreadable_keys(&self) -> Vec<String> {
        self.skipped
            .iter()
            .filter(|s| {
                matches!(
                    s.reason,
                    SkipReason::Unreadable { .. } | SkipReason::IgnoreFileUnusable { .. }
                )
            })
            .map(|s| s.path.clone())
            .collect()
    }
}

/// Walks `root` with the `ignore` crate; see [`Walk`].
pub fn walk(root: &Path, opts: &WalkOptions) -> Walk {
    let mut files = Vec::new();
    let left_out = Arc::new(Mutex::new(Vec::new()));
    // The excluded folder (the index, when it is inside the corpus) is
    // recognised by its name first: canonicalizing every folder of the
    // walk cost a readlink per path component.
    let exclude = opts.exclude.as_ref().and_then(|p| {
        let canonical = p.canonicalize().ok()?;
        Some((canonical.file_name()?.to_os_string(), canonical))
    });
    let mut builder = ignore::WalkBuilder::new(root);
    // Hidden and ignore rules are applied by `Filter`, which, unlike the
    // walker's own filtering, says what it left out.
    builder
        .standard_filters(false)
        .follow_links(opts.follow)
        .sort_by_file_name(|a, b| a.cmp(b));
    let filter = Filter {
        root: root.to_path_buf(),
        hidden: opts.hidden,
        no_ignore: opts.no_ignore,
        exclude,
        chains: Mutex::new(FxHashMap::default()),
        left_out: Arc::clone(&left_out),
    };
    builder.filter_entry(move |e| filter.keep(e));
    for result in builder.build() {
        let skip = |path: String, reason: SkipReason| lock(&left_out).push(Skipped { path, reason });
        let entry = match result {
            Ok(e) => e,
            Err(err) => {
                let path = error_path(&err);
                let reason = walk_error_reason(&err, root, path);
                skip(path.map_or_else(String::new, |p| key_of(root, p)), reason);
                continue;
            }
        };
        let Some(ft) = entry.file_type() else { continue };
        let path = entry.path();
        if ft.is_dir() {
            continue;
        }
        let key = key_of(root, path);
        if ft.is_symlink() {
            // Only reached without --follow.
            skip(key, SkipReason::LinkNotFollowed);
            continue;
        }
        if !ft.is_file() {
            skip(key, SkipReason::NotRegular);
            continue;
        }
        match entry.metadata() {
            Ok(md) => files.push(Entry {
                path: path.to_path_buf(),
                key,
                size: md.len(),
                mtime: mtime_nanos(&md),
            }),
            Err(err) => match err.io_error() {
                Some(e) if e.kind() == std::io::ErrorKind::NotFound => skip(key, vanished()),
                Some(e) => skip(key, SkipReason::Unreadable { error: os_error(e) }),
                None => skip(key, SkipReason::Unreadable { error: err.to_string() }),
            },
        }
    }
    let skipped = std::mem::take(&mut *lock(&left_out));
    Walk { files, skipped }
}

fn vanished() -> SkipReason {
    SkipReason::Vanished {
        when: "during the walk".into(),
    }
}

/// Ignore files honoured in every folder, strongest first.
const IGNORE_FILES: [&str; 3] = [".sagasuignore", ".ignore", ".gitignore"];

/// The ignore rules of one folder, in the order of [`IGNORE_FILES`].
type Rules = Vec<(String, Gitignore)>;

/// The rules that apply inside a folder: its own and its ancestors' up to
/// the corpus root, nearest first; only folders that have rules.
type Chain = Arc<Vec<(PathBuf, Arc<Rules>)>>;

/// Decides which entries the walk enters, and records the others.
struct Filter {
    root: PathBuf,
    hidden: bool,
    no_ignore: bool,
    /// The excluded folder's name and canonical path.
    exclude: Option<(std::ffi::OsString, PathBuf)>,
    /// Rule chains by folder, built on first use (one lookup per entry,
    /// instead of one per ancestor).
    /// (Keyed by the folder's path bytes: hashing a `Path` parses it.)
    chains: Mutex<FxHashMap<Vec<u8>, Chain>>,
    /// Entries left out.
    left_out: Arc<Mutex<Vec<Skipped>>>,
}

impl Filter {
    fn keep(&self, e: &ignore::DirEntry) -> bool {
        let path = e.path();
        let is_dir = e.file_type().is_some_and(|t| t.is_dir());
        if let Some((name, ex)) = &self.exclude {
            // (A followed link may carry another name.)
            let may_be = is_dir && (e.file_name() == name.as_os_str() || e.path_is_symlink());
            if may_be && path.canonicalize().is_ok_and(|p| &p == ex) {
                return false;
            }
        }
        let mut whitelisted = false;
        if !self.no_ignore && e.depth() > 0 {
            match self.ignored(path, is_dir) {
                Some(Ok(reason)) => return self.skip(path, reason),
                Some(Err(())) => whitelisted = true,
                None => {}
            }
        }
        let hidden = path.file_name().is_some_and(|n| n.as_encoded_bytes().starts_with(b"."));
        if hidden && !self.hidden && !whitelisted {
            return self.skip(path, SkipReason::Hidden);
        }
        true
    }

    fn skip(&self, path: &Path, reason: SkipReason) -> bool {
        let path = key_of(&self.root, path);
        lock(&self.left_out).push(Skipped { path, reason });
        false
    }

    /// Whether the rules of `path`'s folders ignore it (`Ok(why)`), or
    /// whitelist it (`Err(())`); the nearest folder's rules decide.
    fn ignored(&self, path: &Path, is_dir: bool) -> Option<Result<SkipReason, ()>> {
        let chain = self.chain_of(path.parent()?);
        for (dir, rules) in chain.iter() {
            for (file, gi) in rules.iter() {
                match gi.matched(path, is_dir) {
                    Match::None => {}
                    Match::Whitelist(_) => return Some(Err(())),
                    Match::Ignore(glob) => {
                        let at = dir.join(file);
                        return Some(Ok(SkipReason::Ignored {
                            file: escape_unsafe(&key_of(&self.root, &at)).into_owned(),
                            pattern: escape_unsafe(glob.original()).into_owned(),
                        }));
                    }
                }
            }
        }
        None
    }

    /// The rule chain of `dir` (a folder inside the corpus, or the root).
    fn chain_of(&self, dir: &Path) -> Chain {
        if let Some(c) = lock(&self.chains).get(dir.as_os_str().as_encoded_bytes()) {
            return Arc::clone(c);
        }
        let mut chain = Vec::new();
        let own = self.rules_of(dir);
        if !own.is_empty() {
            chain.push((dir.to_path_buf(), Arc::new(own)));
        }
        if dir != self.root {
            if let Some(parent) = dir.parent() {
                chain.extend(self.chain_of(parent).iter().cloned());
            }
        }
        let chain = Arc::new(chain);
        lock(&self.chains).insert(dir.as_os_str().as_encoded_bytes().to_vec(), Arc::clone(&chain));
        chain
    }

    /// Reads the ignore files of `dir`.
    fn rules_of(&self, dir: &Path) -> Rules {
        let mut rules = Vec::new();
        for name in IGNORE_FILES {
            let file = dir.join(name);
            if !file.is_file() {
                continue;
            }
            let (gi, err) = Gitignore::new(&file);
            if let Some(err) = err {
                let reason = SkipReason::IgnoreFileUnusable {
                    error: escape_unsafe(&err.to_string()).into_owned(),
                };
                let path = key_of(&self.root, &file);
                lock(&self.left_out).push(Skipped { path, reason });
            }
            if !gi.is_empty() {
                rules.push((name.to_string(), gi));
            }
        }
        rules
    }
}

/// Locks a mutex, whether or not another thread panicked holding it.
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Modification time in nanoseconds since the epoch (0 if unknown).
pub fn mtime_nanos(md: &std::fs::Metadata) -> i64 {
    md.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos().min(i64::MAX as u128) as i64)
}

/// The index key of `path` under `root`: relative, `/`-separated, with
/// non-UTF-8 bytes escaped as `\xNN` (and `\` itself as `\\`).
pub fn key_of(root: &Path, path: &Path) -> String {
    plain_key(root, path).unwrap_or_else(|| parsed_key(root, path))
}

/// The key of `path`, component by component (any path).
fn parsed_key(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut out = String::new();
    for (i, comp) in rel.components().enumerate() {
        if i > 0 {
            out.push('/');
        }
        escape_os(comp.as_os_str(), &mut out);
    }
    out
}

/// The key of `path` without parsing it into components, when `path` is
/// `root` + `/` + a plain relative path (what the walk produces): UTF-8,
/// no backslash to escape, no empty or `.` component.
fn plain_key(root: &Path, path: &Path) -> Option<String> {
    let rest = path
        .as_os_str()
        .as_encoded_bytes()
        .strip_prefix(root.as_os_str().as_encoded_bytes())?;
    let rest = std::str::from_utf8(rest.strip_prefix(b"/")?).ok()?;
    let plain = !rest.is_empty()
        && !rest.contains('\\')
        && !rest.contains("//")
        && !rest.starts_with('/')
        && !rest.ends_with('/')
        && rest.split('/').all(|c| c != "." && c != "..");
    (plain && cfg!(unix)).then(|| rest.to_string())
}

#[cfg(unix)]
fn escape_os(s: &std::ffi::OsStr, out: &mut String) {
    use std::os::unix::ffi::OsStrExt;
    for chunk in s.as_bytes().utf8_chunks() {
        for c in chunk.valid().chars() {
            if c == '\\' {
                out.push_str("\\\\");
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
}

#[cfg(not(unix))]
fn escape_os(s: &std::ffi::OsStr, out: &mut String) {
    out.push_str(&s.to_string_lossy());
}

/// The path an error of the walk is about.
fn error_path(err: &ignore::Error) -> Option<&Path> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => error_path(err),
        ignore::Error::Loop { child, .. } => Some(child),
        ignore::Error::Partial(errs) => errs.first().and_then(error_path),
        _ => None,
    }
}

/// Why the walk could not look at an entry: a loop, a broken link or an
/// entry that vanished (left out for good), else the OS error (unreadable).
fn walk_error_reason(err: &ignore::Error, root: &Path, path: Option<&Path>) -> SkipReason {
    match err {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => walk_error_reason(err, root, path),
        ignore::Error::Loop { ancestor, .. } => {
            let to = key_of(root, ancestor);
            SkipReason::LinkLoop {
                target: if to.is_empty() {
                    ".".into()
                } else {
                    escape_unsafe(&to).into_owned()
                },
            }
        }
        ignore::Error::Partial(errs) => errs.first().map_or_else(
            || SkipReason::Unreadable { error: err.to_string() },
            |e| walk_error_reason(e, root, path),
        ),
        ignore::Error::Io(e) => {
            let is_link = path
                .and_then(|p| std::fs::symlink_metadata(p).ok())
                .is_some_and(|m| m.file_type().is_symlink());
            match e.kind() {
                std::io::ErrorKind::NotFound if is_link => SkipReason::BrokenLink,
                std::io::ErrorKind::NotFound => vanished(),
                _ => SkipReason::Unreadable { error: os_error(e) },
            }
        }
        other => SkipReason::Unreadable {
            error: other.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte-level key agrees with the component-wise one wherever it
    /// answers, and declines what needs parsing or escaping.
    #[test]
    fn plain_keys_agree_with_parsed_keys() {
        let cases = [
            ("corpus", "corpus/a.txt"),
            ("corpus", "corpus/sub/dir/b.txt"),
            (".", "./a.txt"),
            ("corpus/", "corpus/a.txt"),
            ("corpus", "corpus//a.txt"),
            ("corpus", "corpus/./a.txt"),
            ("corpus", "corpus/back\\slash.txt"),
            ("corpus", "corpus/.hidden/x.txt"),
            ("/abs/root", "/abs/root/日本語/ファイル.txt"),
            ("corpus", "corpusx/a.txt"),
        ];
        for (root, path) in cases {
            let (root, path) = (Path::new(root), Path::new(path));
            assert_eq!(key_of(root, path), parsed_key(root, path), "{root:?} {path:?}");
        }
        assert_eq!(
            plain_key(Path::new("corpus"), Path::new("corpus/a/b.txt")).as_deref(),
            Some("a/b.txt")
        );
        assert_eq!(
            plain_key(Path::new("corpus"), Path::new("corpus/back\\slash.txt")),
            None
        );
    }
}
