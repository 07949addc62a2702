//! Corpus discovery: which files belong to the corpus, with their metadata.
//!
//! Built on the `ignore` crate (ripgrep's walker): hidden files, `.gitignore`
//! rules (even outside a git repository) and `.sagasuignore` files are
//! honoured unless the options say otherwise.

use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use crate::report::Skipped;

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

/// Walks `root` and returns the files found, plus the entries that could not
/// be looked at (with the reason).
pub fn walk(root: &Path, opts: &WalkOptions) -> (Vec<Entry>, Vec<Skipped>) {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let exclude = opts.exclude.as_ref().and_then(|p| p.canonicalize().ok());
    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .hidden(!opts.hidden)
        .ignore(!opts.no_ignore)
        .git_ignore(!opts.no_ignore)
        .git_exclude(false)
        .git_global(false)
        .parents(false)
        .require_git(false)
        .follow_links(opts.follow)
        .sort_by_file_name(|a, b| a.cmp(b));
    if !opts.no_ignore {
        builder.add_custom_ignore_filename(".sagasuignore");
    }
    if let Some(ex) = exclude {
        builder.filter_entry(move |e| e.path().canonicalize().map_or(true, |p| p != ex));
    }
    for result in builder.build() {
        let entry = match result {
            Ok(e) => e,
            Err(err) => {
                skipped.push(Skipped {
                    path: error_path(&err, root),
                    reason: walk_error_reason(&err),
                });
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
            skipped.push(Skipped {
                path: key,
                reason: "symbolic link (use --follow to follow links)".into(),
            });
            continue;
        }
        if !ft.is_file() {
            skipped.push(Skipped {
                path: key,
                reason: "not a regular file".into(),
            });
            continue;
        }
        match entry.metadata() {
            Ok(md) => files.push(Entry {
                path: path.to_path_buf(),
                key,
                size: md.len(),
                mtime: mtime_nanos(&md),
            }),
            Err(err) => skipped.push(Skipped {
                path: key,
                reason: err.to_string(),
            }),
        }
    }
    (files, skipped)
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

fn error_path(err: &ignore::Error, root: &Path) -> String {
    match err {
        ignore::Error::WithPath { path, .. } => key_of(root, path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => error_path(err, root),
        ignore::Error::Loop { child, .. } => key_of(root, child),
        ignore::Error::Partial(errs) => errs.first().map_or_else(String::new, |e| error_path(e, root)),
        _ => String::new(),
    }
}

fn walk_error_reason(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => walk_error_reason(err),
        ignore::Error::Loop { ancestor, .. } => {
            format!("symbolic link loop (points back to {})", ancestor.display())
        }
        ignore::Error::Partial(errs) => errs.first().map_or_else(|| err.to_string(), walk_error_reason),
        ignore::Error::Io(e) => e.to_string(),
        other => other.to_string(),
    }
}
