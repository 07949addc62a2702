//! Consistent reads: a file's bytes together with the size and mtime of
//! the version that was read, or why it could not be read.

use std::io::Read;
use std::path::Path;

use sagasu_store::{os_error, SkipReason};

use crate::walk::mtime_nanos;

/// Size and mtime of the version of a file that was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stat {
    /// Size in bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the epoch.
    pub mtime: i64,
}

impl Stat {
    fn of(md: &std::fs::Metadata) -> Stat {
        Stat {
            size: md.len(),
            mtime: mtime_nanos(md),
        }
    }
}

/// Reads a whole file of at most `limit` bytes and checks that it did not
/// change while being read: its size and mtime before the read (from the
/// open handle) must equal its size and mtime after (from its path, so that
/// a file replaced by a rename or deleted is caught too), and the bytes read
/// must be that many. `between` runs after the read, before the check (a
/// seam for tests).
///
/// The file is opened without blocking (`O_NONBLOCK`) and its type checked
/// on the opened handle: a file replaced by a named pipe after the walk
/// would otherwise block `open` until a writer comes, forever.
///
/// `real`, when given (links are not followed), is the real path the file
/// must have: what was opened is checked to be it before a byte is read, so
/// a folder swapped for a symbolic link after the walk (or during it) does
/// not lead the read outside the corpus (issue 24, item 6).
pub(crate) fn read_consistent(
    path: &Path,
    real: Option<&Path>,
    limit: u64,
    between: impl FnOnce(),
) -> Result<(Vec<u8>, Stat), SkipReason> {
    let mut file = open_nonblocking(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => vanished("before it could be read"),
        _ => unreadable(&e),
    })?;
    let md = file.metadata().map_err(|e| unreadable(&e))?;
    if !md.file_type().is_file() {
        return Err(SkipReason::NotRegular);
    }
    if real.is_some_and(|real| !opened_is(&file, path, real)) {
        return Err(SkipReason::LinkNotFollowed);
    }
    let before = Stat::of(&md);
    if before.size > limit {
        return Err(SkipReason::TooLarge {
            size: before.size,
            limit,
        });
    }
    let mut bytes = Vec::with_capacity(before.size as usize);
    (&mut file)
        .take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(&e))?;
    between();
    let after = match std::fs::metadata(path) {
        Ok(md) => Stat::of(&md),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(vanished("while being read")),
        Err(e) => return Err(unreadable(&e)),
    };
    if after != before || bytes.len() as u64 != before.size || !same_file(&file, path) {
        return Err(SkipReason::Changed);
    }
    Ok((bytes, before))
}

fn vanished(when: &str) -> SkipReason {
    SkipReason::Vanished { when: when.into() }
}

fn unreadable(e: &std::io::Error) -> SkipReason {
    SkipReason::Unreadable { error: os_error(e) }
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    // Reads of a regular file ignore O_NONBLOCK.
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// Whether the open `file` (opened as `path`) is the file whose real path
/// is `real`: on Linux, the kernel's own name for the open handle
/// (`/proc/self/fd/N`), which no later swap can change; elsewhere the real
/// path of `path`, checked to be the open file.
#[cfg(target_os = "linux")]
fn opened_is(file: &std::fs::File, _path: &Path, real: &Path) -> bool {
    use std::os::fd::AsRawFd;
    std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd())).is_ok_and(|p| p == real)
}

#[cfg(not(target_os = "linux"))]
fn opened_is(file: &std::fs::File, path: &Path, real: &Path) -> bool {
    path.canonicalize().is_ok_and(|p| p == real) && same_file(file, path)
}

/// Whether `path` still names the open `file` (not a replacement).
#[cfg(unix)]
fn same_file(file: &std::fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &std::fs::File, _path: &Path) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn file_with(bytes: &[u8]) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.txt");
        std::fs::write(&path, bytes).unwrap();
        (dir, path)
    }

    fn failed(r: Result<(Vec<u8>, Stat), SkipReason>) -> SkipReason {
        match r {
            Err(why) => why,
            Ok(_) => panic!("expected a failed read"),
        }
    }

    // Issue 24, item 6: a folder swapped for a symbolic link after the walk
    // was followed without --follow.
    #[test]
    fn a_file_reached_through_a_swapped_folder_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        for sub in ["corpus/zzz", "outside"] {
            std::fs::create_dir_all(root.join(sub)).unwrap();
        }
        std::fs::write(root.join("corpus/zzz/a.txt"), "inside").unwrap();
        std::fs::write(root.join("outside/a.txt"), "secret").unwrap();
        let path = root.join("corpus/zzz/a.txt");
        let (bytes, _) = read_consistent(&path, Some(&path), 1 << 20, || {}).unwrap();
        assert_eq!(bytes, b"inside");
        std::fs::rename(root.join("corpus/zzz"), root.join("corpus/zzz_real")).unwrap();
        std::os::unix::fs::symlink(root.join("outside"), root.join("corpus/zzz")).unwrap();
        assert_eq!(
            failed(read_consistent(&path, Some(&path), 1 << 20, || {})),
            SkipReason::LinkNotFollowed
        );
        // With --follow (no real path to hold it to) the link is followed.
        assert_eq!(read_consistent(&path, None, 1 << 20, || {}).unwrap().0, b"secret");
    }

    #[test]
    fn a_stable_file_is_read_with_its_fingerprint() {
        let (_dir, path) = file_with(b"hello world\n");
        let (bytes, stat) = read_consistent(&path, None, 1 << 20, || {}).unwrap();
        assert_eq!(bytes, b"hello world\n");
        let md = std::fs::metadata(&path).unwrap();
        assert_eq!(
            stat,
            Stat {
                size: 12,
                mtime: mtime_nanos(&md)
            }
        );
    }

    #[test]
    fn a_file_that_grows_while_being_read_is_skipped() {
        let (_dir, path) = file_with(b"first version\n");
        let why = failed(read_consistent(&path, None, 1 << 20, || {
            let mut f = std::fs::OpenOptions::new().append(true).open(&path).unwrap();
            std::io::Write::write_all(&mut f, b"appended while reading\n").unwrap();
        }));
        assert_eq!(why, SkipReason::Changed);
    }

    #[test]
    fn a_file_rewritten_with_the_same_size_is_skipped() {
        let (_dir, path) = file_with(b"aaaa\n");
        let why = failed(read_consistent(&path, None, 1 << 20, || {
            std::fs::write(&path, b"bbbb\n").unwrap();
            // Make sure the mtime moves even on a coarse clock.
            let f = std::fs::File::options().write(true).open(&path).unwrap();
            f.set_modified(std::time::SystemTime::now() + std::time::Duration::from_secs(5))
                .unwrap();
        }));
        assert_eq!(why, SkipReason::Changed);
    }

    #[test]
    fn a_file_replaced_by_a_rename_while_being_read_is_skipped() {
        let (dir, path) = file_with(b"old content\n");
        let why = failed(read_consistent(&path, None, 1 << 20, || {
            let tmp = dir.path().join("new.tmp");
            std::fs::write(&tmp, b"new content\n").unwrap();
            let md = std::fs::metadata(&path).unwrap();
            // Same size and mtime: only the inode tells them apart.
            std::fs::File::options()
                .write(true)
                .open(&tmp)
                .unwrap()
                .set_modified(md.modified().unwrap())
                .unwrap();
            std::fs::rename(&tmp, &path).unwrap();
        }));
        assert_eq!(why, SkipReason::Changed);
    }

    #[test]
    fn a_file_that_vanishes_while_being_read_is_skipped() {
        let (_dir, path) = file_with(b"soon gone\n");
        let why = failed(read_consistent(&path, None, 1 << 20, || {
            std::fs::remove_file(&path).unwrap()
        }));
        assert_eq!(why, vanished("while being read"));
        assert_eq!(why.to_string(), "vanished while being read");
    }

    #[test]
    fn a_file_that_vanished_before_the_read_is_skipped() {
        let (_dir, path) = file_with(b"x\n");
        std::fs::remove_file(&path).unwrap();
        let why = failed(read_consistent(&path, None, 1 << 20, || {}));
        assert_eq!(why, vanished("before it could be read"));
    }

    #[test]
    fn a_file_over_the_limit_is_not_read() {
        let (_dir, path) = file_with(&[b'a'; 100]);
        assert_eq!(
            read_consistent(&path, None, 10, || {}).unwrap_err(),
            SkipReason::TooLarge { size: 100, limit: 10 }
        );
    }

    /// A named pipe with no writer: a blocking open would wait forever.
    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_not_a_regular_file_and_does_not_block() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pipe");
        let made = std::process::Command::new("mkfifo").arg(&path).status().unwrap();
        assert!(made.success());
        assert_eq!(
            read_consistent(&path, None, 1 << 20, || {}).unwrap_err(),
            SkipReason::NotRegular
        );
    }
}
