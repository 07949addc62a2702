//! The files a user names as input: query files, qrels, run files, alias
//! files and the state of an earlier export. Every one is read here, and
//! only here: the libraries parse text (`Qrels::parse`, `Run::parse`,
//! `parse_topics`, `Aliases::parse`, `ExportState::parse`) and never open
//! a user's file.
//!
//! [`read`] takes regular files only (a named pipe, a device or a folder is
//! refused without being read: `--qrels /dev/zero` would never end), refuses
//! a file over its kind's size limit before reading it, drops a UTF-8
//! byte-order mark, and names the file in its one-line errors.
//! [`refuse_overwrite`] keeps an output from replacing an input.

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::Path;

use anyhow::{bail, Context, Result};

/// What an input file holds: names it in messages and sets its size limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// Alias groups (`--aliases`, or the corpus's `.sagasu-aliases.txt`).
    Aliases,
    /// Queries (`eval --queries`).
    Queries,
    /// Relevance judgments (`eval --qrels`).
    Qrels,
    /// A TREC run (`eval --run`, `eval --compare`).
    Run,
    /// The state file of an earlier export (`export --since`).
    ExportState,
}

const MIB: u64 = 1 << 20;

impl Input {
    /// The kind of file, as messages name it.
    pub fn what(self) -> &'static str {
        match self {
            Input::Aliases => "alias file",
            Input::Queries => "query file",
            Input::Qrels => "qrels file",
            Input::Run => "run file",
            Input::ExportState => "export state file",
        }
    }

    /// The largest file of this kind sagasu reads. Generous for real data:
    /// a run of 7,000 queries at depth 1,000 is about 300 MB; the qrels of
    /// the largest public collections are a few dozen.
    pub fn limit(self) -> u64 {
        match self {
            Input::Aliases => 16 * MIB,
            Input::Queries => 64 * MIB,
            Input::Qrels => 256 * MIB,
            Input::Run => 1024 * MIB,
            // A path and a hash per indexed file: a million files is 150 MB.
            Input::ExportState => 512 * MIB,
        }
    }
}

/// A size for messages: `512 B`, `16 MiB`, `8.0 GiB`.
fn size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < MIB => format!("{:.1} KiB", b as f64 / 1024.0),
        b if b < 1024 * MIB => format!("{:.1} MiB", b as f64 / MIB as f64),
        b => format!("{:.1} GiB", b as f64 / (1024 * MIB) as f64),
    }
}

/// What a file that is not a regular file is, for messages.
fn file_type(meta: &Metadata) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    let t = meta.file_type();
    if t.is_dir() {
        "a folder"
    } else if t.is_fifo() {
        "a named pipe"
    } else if t.is_char_device() {
        "a character device"
    } else if t.is_block_device() {
        "a block device"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a file"
    }
}

/// Opens without blocking: opening a named pipe for reading would wait for
/// a writer, forever if none comes.
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    File::options().read(true).custom_flags(libc::O_NONBLOCK).open(path)
}

/// Reads a user's input file as text: a regular file of at most
/// `kind.limit()` bytes, UTF-8, a leading byte-order mark dropped.
///
/// Errors are one line naming the file: `qrels file /dev/zero: not a
/// regular file (a character device)`.
pub fn read(path: &Path, kind: Input) -> Result<String> {
    let name = || {
        format!(
            "{} {}",
            kind.what(),
            crate::output::escape_path(&path.display().to_string())
        )
    };
    let file = open_nonblocking(path).with_context(name)?;
    // The type and size of what was opened, not of what the name pointed
    // at a moment earlier.
    let meta = file.metadata().with_context(name)?;
    if !meta.is_file() {
        bail!("{}: not a regular file ({})", name(), file_type(&meta));
    }
    let limit = kind.limit();
    if meta.len() > limit {
        bail!(
            "{}: {} is larger than the {} a {} may have",
            name(),
            size(meta.len()),
            size(limit),
            kind.what()
        );
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // Bounded even if the file grows while it is read.
    file.take(limit + 1).read_to_end(&mut bytes).with_context(name)?;
    if bytes.len() as u64 > limit {
        bail!("{}: grew beyond the {} a {} may have", name(), size(limit), kind.what());
    }
    let text = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    match std::str::from_utf8(text) {
        Ok(text) => Ok(text.to_owned()),
        Err(e) => {
            let line = 1 + text[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count();
            bail!("{}:{line}: not UTF-8 text", name())
        }
    }
}

/// The identity of a file: device and inode, whatever name reaches it
/// (a symbolic link, a hard link, `dir/../file`).
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

/// Refuses to write `out` (named by `option`) when it is one of `inputs`.
pub fn refuse_overwrite(option: &str, out: &Path, inputs: &[(Input, &Path)]) -> Result<()> {
    let Some(target) = identity(out) else {
        return Ok(());
    };
    for (kind, input) in inputs {
        if identity(input) == Some(target) {
            bail!(
                "{option} {} is the {} {}: sagasu never overwrites an input; choose another file",
                crate::output::escape_path(&out.display().to_string()),
                kind.what(),
                crate::output::escape_path(&input.display().to_string()),
            );
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    #[test]
    fn drops_a_bom_and_reads_utf8() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "q.tsv", b"\xef\xbb\xbf1\tfoo\n");
        assert_eq!(read(&p, Input::Queries).unwrap(), "1\tfoo\n");
        // Only a leading BOM is dropped.
        let p = write(dir.path(), "q2.tsv", "1\tfoo\u{feff}\n".as_bytes());
        assert_eq!(read(&p, Input::Queries).unwrap(), "1\tfoo\u{feff}\n");
    }

    #[test]
    fn names_the_file_and_the_line_of_bad_utf8() {
        let dir = tempfile::tempdir().unwrap();
        let p = write(dir.path(), "r.txt", b"1 0 a 1\n1 0 caf\xe9 1\n");
        let e = read(&p, Input::Qrels).unwrap_err().to_string();
        assert!(
            e.starts_with("qrels file ") && e.ends_with("r.txt:2: not UTF-8 text"),
            "{e}"
        );
    }

    #[test]
    fn refuses_folders_devices_and_missing_files() {
        let dir = tempfile::tempdir().unwrap();
        let e = read(dir.path(), Input::Run).unwrap_err().to_string();
        assert!(e.ends_with("not a regular file (a folder)"), "{e}");
        let e = read(Path::new("/dev/null"), Input::Aliases).unwrap_err().to_string();
        assert_eq!(e, "alias file /dev/null: not a regular file (a character device)");
        let e = format!("{:#}", read(&dir.path().join("nope"), Input::Qrels).unwrap_err());
        assert!(e.contains("nope: No such file"), "{e}");
    }

    #[test]
    fn an_output_may_not_be_an_input_under_any_name() {
        let dir = tempfile::tempdir().unwrap();
        let qrels = write(dir.path(), "qrels.txt", b"1 0 a 1\n");
        let other = write(dir.path(), "other.txt", b"x\n");
        std::fs::create_dir(dir.path().join("d")).unwrap();
        let inputs = [(Input::Qrels, qrels.as_path())];
        for same in [qrels.clone(), dir.path().join("d/../qrels.txt")] {
            let e = refuse_overwrite("--run", &same, &inputs).unwrap_err().to_string();
            assert!(e.contains("is the qrels file") && e.contains("never overwrites"), "{e}");
        }
        refuse_overwrite("--run", &other, &inputs).unwrap();
        refuse_overwrite("--run", &dir.path().join("new.run"), &inputs).unwrap();
    }

    #[test]
    fn sizes_read_well() {
        assert_eq!(size(12), "12 B");
        assert_eq!(size(16 * MIB), "16.0 MiB");
        assert_eq!(size(8 << 30), "8.0 GiB");
    }
}
