//! Why a file was not indexed: [`SkipReason`], one variant per reason, with
//! a stable [`kind`](SkipReason::kind) for JSON and scripts and a
//! [`Display`](std::fmt::Display) text for people.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Why a file (or a folder, for the walk) was not indexed.
///
/// Strings inside (paths, patterns, OS errors) are escaped for a terminal
/// where they come from a file (`sagasu_analysis::safe::escape_unsafe`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum SkipReason {
    /// A hidden file or folder (name starting with `.`), without `--hidden`.
    Hidden,
    /// Matched by an ignore rule, without `--no-ignore`.
    Ignored {
        /// The ignore file, relative to the corpus.
        file: String,
        /// The pattern that matched, as written.
        pattern: String,
    },
    /// Not text: NUL or control bytes, or a known binary signature.
    Binary {
        /// What it looks like (`PDF`, `zip archive`, `control bytes`, …).
        format: String,
    },
    /// No text at all, or only whitespace.
    Empty,
    /// Larger than `--max-file-size`.
    TooLarge {
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
    /// The OS refused to read it (permissions, I/O error).
    Unreadable {
        /// The OS's words, e.g. `Permission denied (os error 13)`.
        error: String,
    },
    /// A named pipe, socket or device.
    NotRegular,
    /// Gone between the walk and its reading, or during the walk.
    Vanished {
        /// When it went, e.g. `while being read`.
        when: String,
    },
    /// Its size, mtime or inode changed while it was read.
    Changed,
    /// A symbolic link, without `--follow`.
    LinkNotFollowed,
    /// A symbolic link whose target does not exist.
    BrokenLink,
    /// A followed link that points back to a folder above it.
    LinkLoop {
        /// The folder it points back to, relative to the corpus.
        target: String,
    },
    /// An ignore file with rules that could not be parsed (the rest apply).
    IgnoreFileUnusable {
        /// The parser's words.
        error: String,
    },
    /// The helper program a format needs is not installed (or cannot be
    /// run). Not remembered: the next pass with the helper indexes it.
    HelperMissing {
        /// The program, as configured (`pdftotext`).
        helper: String,
        /// What to do, e.g. `apt-get install poppler-utils`.
        fix: String,
    },
    /// The helper ran longer than its time limit and was killed.
    HelperTimeout {
        /// The program.
        helper: String,
        /// The limit, in seconds.
        seconds: u64,
    },
    /// The helper crashed (killed by a signal) or failed without saying why.
    HelperFailed {
        /// The program.
        helper: String,
        /// How it ended, e.g. `killed by signal 11`.
        error: String,
    },
    /// The document needs a password.
    Encrypted {
        /// Its format (`PDF`).
        format: String,
    },
    /// A document with pages but no text on them (a scanned image).
    NoText {
        /// Its format (`PDF`).
        format: String,
        /// How many pages it has.
        pages: u64,
    },
    /// A document its reader cannot read (truncated, corrupt).
    Damaged {
        /// Its format (`PDF`, `DOCX`, …).
        format: String,
        /// The reader's words (escaped for a terminal).
        error: String,
    },
    /// The text of a document is larger than `--max-file-size`: the helper
    /// was stopped there (a PDF that expands to gigabytes of text).
    TextTooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// Pages without text (a scanned PDF, an image) that OCR was told not
    /// to read (`--no-ocr`). Not remembered: a pass with OCR reads them.
    OcrOff {
        /// What it is (`PDF`, `PNG image`).
        format: String,
        /// How many pages it has.
        pages: u64,
    },
    /// A language OCR is to read is not installed (a Tesseract language
    /// pack). Not remembered: the next pass with the pack reads the file.
    OcrLanguageMissing {
        /// Tesseract's name for it (`kor`, `chi_sim`).
        language: String,
        /// What to do, e.g. `apt-get install tesseract-ocr-kor`.
        fix: String,
    },
    /// OCR read the pages and found no text on them (blank pages, a
    /// drawing, a photograph).
    OcrNoText {
        /// What it is (`PDF`, `PNG image`, `PDF page`).
        format: String,
        /// How many pages were read.
        pages: u64,
    },
    /// A zip container (DOCX, ODT, EPUB) that expands far more than a
    /// document does: refused without being unpacked.
    ZipBomb {
        /// The member that gave it away, or `all members` for the total.
        member: String,
        /// What it would expand to, in bytes.
        size: u64,
        /// Its compressed size, in bytes.
        compressed: u64,
    },
}

impl SkipReason {
    /// A stable name for scripts and JSON (`skipped[].kind`).
    pub fn kind(&self) -> &'static str {
        match self {
            SkipReason::Hidden => "hidden",
            SkipReason::Ignored { .. } => "ignored",
            SkipReason::Binary { .. } => "binary",
            SkipReason::Empty => "empty",
            SkipReason::TooLarge { .. } => "too-large",
            SkipReason::Unreadable { .. } => "unreadable",
            SkipReason::NotRegular => "not-regular",
            SkipReason::Vanished { .. } => "vanished",
            SkipReason::Changed => "changed",
            SkipReason::LinkNotFollowed => "link-not-followed",
            SkipReason::BrokenLink => "broken-link",
            SkipReason::LinkLoop { .. } => "link-loop",
            SkipReason::IgnoreFileUnusable { .. } => "ignore-file-unusable",
            SkipReason::HelperMissing { .. } => "helper-missing",
            SkipReason::HelperTimeout { .. } => "helper-timeout",
            SkipReason::HelperFailed { .. } => "helper-failed",
            SkipReason::Encrypted { .. } => "encrypted",
            SkipReason::NoText { .. } => "no-text",
            SkipReason::Damaged { .. } => "damaged",
            SkipReason::TextTooLarge { .. } => "text-too-large",
            SkipReason::ZipBomb { .. } => "zip-bomb",
            SkipReason::OcrOff { .. } => "ocr-off",
            SkipReason::OcrLanguageMissing { .. } => "ocr-language-missing",
            SkipReason::OcrNoText { .. } => "ocr-no-text",
        }
    }

    /// Whether the file was left out on purpose (options, ignore rules, an
    /// empty file): a person asked for it, so it is not worth a warning.
    pub fn is_deliberate(&self) -> bool {
        matches!(
            self,
            SkipReason::Hidden | SkipReason::Ignored { .. } | SkipReason::Empty
        )
    }

    /// Whether the reason is the file's content, so that it holds as long
    /// as the file keeps its size and mtime: the next pass skips it again
    /// without reading it.
    ///
    /// Trap: a reason that can go away without the file changing (a helper
    /// program that is missing, slow or crashing, a file that vanished, a
    /// text over a limit that may be raised) must answer false, or the file
    /// would stay skipped after the cause is gone.
    pub fn is_about_content(&self) -> bool {
        matches!(
            self,
            SkipReason::Binary { .. }
                | SkipReason::Empty
                | SkipReason::Encrypted { .. }
                | SkipReason::NoText { .. }
                | SkipReason::Damaged { .. }
                | SkipReason::ZipBomb { .. }
                | SkipReason::OcrNoText { .. }
        )
    }

    /// Whether the next pass skips the file unread while it keeps its size
    /// and mtime: a reason about its content, or a helper that ran out of
    /// time on it (each try would cost the whole time limit again: issue
    /// 24, item 12). The indexer tries a timed-out file again when the
    /// time limit is raised.
    pub fn is_remembered(&self) -> bool {
        self.is_about_content() || matches!(self, SkipReason::HelperTimeout { .. })
    }

    /// Whether the cause may pass by itself (the file could not be read
    /// this time): what the index holds of the file is kept, not deleted.
    pub fn keeps_indexed_version(&self) -> bool {
        matches!(
            self,
            SkipReason::Unreadable { .. }
                | SkipReason::Vanished { .. }
                | SkipReason::Changed
                | SkipReason::HelperMissing { .. }
                | SkipReason::HelperTimeout { .. }
                | SkipReason::HelperFailed { .. }
                | SkipReason::OcrOff { .. }
                | SkipReason::OcrLanguageMissing { .. }
        )
    }
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Hidden => write!(f, "hidden (use --hidden to include it)"),
            SkipReason::Ignored { file, pattern } => {
                write!(
                    f,
                    "ignored by {file} (pattern `{pattern}`; use --no-ignore to include it)"
                )
            }
            SkipReason::Binary { format } => write!(f, "binary ({format})"),
            SkipReason::Empty => write!(f, "empty"),
            SkipReason::TooLarge { size, limit } => {
                write!(f, "larger than --max-file-size ({size} bytes > {limit} bytes)")
            }
            SkipReason::Unreadable { error } => write!(f, "cannot be read: {error}"),
            SkipReason::NotRegular => write!(f, "not a regular file"),
            SkipReason::Vanished { when } => write!(f, "vanished {when}"),
            SkipReason::Changed => write!(f, "changed while being read; run `sagasu index` again"),
            SkipReason::LinkNotFollowed => write!(f, "symbolic link (use --follow to follow links)"),
            SkipReason::BrokenLink => write!(f, "broken symbolic link"),
            SkipReason::LinkLoop { target } => {
                write!(f, "symbolic link loop (points back to {target}); not followed")
            }
            SkipReason::IgnoreFileUnusable { error } => write!(f, "ignore file partly unusable: {error}"),
            SkipReason::HelperMissing { helper, fix } => write!(f, "{helper} not found: {fix}"),
            SkipReason::HelperTimeout { helper, seconds } => write!(
                f,
                "{helper} ran longer than {seconds} s and was stopped (--helper-timeout to allow more); \
                 not tried again until the file changes or the limit is raised"
            ),
            SkipReason::HelperFailed { helper, error } => write!(f, "{helper} failed: {error}"),
            SkipReason::Encrypted { format } => write!(f, "encrypted {format} (needs a password)"),
            SkipReason::NoText { format, pages } => write!(
                f,
                "{format} without a text layer ({pages} page{}, a scanned image?)",
                if *pages == 1 { "" } else { "s" }
            ),
            SkipReason::Damaged { format, error } => write!(f, "damaged {format}: {error}"),
            SkipReason::TextTooLarge { limit } => {
                write!(f, "its text is larger than --max-file-size ({limit} bytes)")
            }
            SkipReason::OcrOff { format, pages } => write!(
                f,
                "{format} without a text layer ({pages} page{}); OCR is off (--no-ocr)",
                if *pages == 1 { "" } else { "s" }
            ),
            SkipReason::OcrLanguageMissing { language, fix } => {
                write!(f, "the OCR language {language} is not installed: {fix}")
            }
            SkipReason::OcrNoText { format, pages } if *pages == 1 => write!(f, "{format}: OCR found no text"),
            SkipReason::OcrNoText { format, pages } => write!(f, "{format}: OCR found no text on its {pages} pages"),
            SkipReason::ZipBomb {
                member,
                size,
                compressed,
            } => write!(
                f,
                "refused: {member} would expand from {compressed} to {size} bytes (a zip bomb?)"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Kinds are part of the JSON output: they never change, and no two
    /// reasons share one.
    #[test]
    fn kinds_are_stable_and_distinct() {
        let all = [
            (SkipReason::Hidden, "hidden"),
            (
                SkipReason::Ignored {
                    file: ".gitignore".into(),
                    pattern: "*.log".into(),
                },
                "ignored",
            ),
            (SkipReason::Binary { format: "PDF".into() }, "binary"),
            (SkipReason::Empty, "empty"),
            (SkipReason::TooLarge { size: 2, limit: 1 }, "too-large"),
            (SkipReason::Unreadable { error: "x".into() }, "unreadable"),
            (SkipReason::NotRegular, "not-regular"),
            (SkipReason::Vanished { when: "x".into() }, "vanished"),
            (SkipReason::Changed, "changed"),
            (SkipReason::LinkNotFollowed, "link-not-followed"),
            (SkipReason::BrokenLink, "broken-link"),
            (SkipReason::LinkLoop { target: ".".into() }, "link-loop"),
            (
                SkipReason::IgnoreFileUnusable { error: "x".into() },
                "ignore-file-unusable",
            ),
            (
                SkipReason::HelperMissing {
                    helper: "pdftotext".into(),
                    fix: "x".into(),
                },
                "helper-missing",
            ),
            (
                SkipReason::HelperTimeout {
                    helper: "pdftotext".into(),
                    seconds: 1,
                },
                "helper-timeout",
            ),
            (
                SkipReason::HelperFailed {
                    helper: "pdftotext".into(),
                    error: "x".into(),
                },
                "helper-failed",
            ),
            (SkipReason::Encrypted { format: "PDF".into() }, "encrypted"),
            (
                SkipReason::NoText {
                    format: "PDF".into(),
                    pages: 2,
                },
                "no-text",
            ),
            (
                SkipReason::Damaged {
                    format: "PDF".into(),
                    error: "x".into(),
                },
                "damaged",
            ),
            (SkipReason::TextTooLarge { limit: 1 }, "text-too-large"),
            (
                SkipReason::ZipBomb {
                    member: "x".into(),
                    size: 2,
                    compressed: 1,
                },
                "zip-bomb",
            ),
            (
                SkipReason::OcrOff {
                    format: "PDF".into(),
                    pages: 2,
                },
                "ocr-off",
            ),
            (
                SkipReason::OcrLanguageMissing {
                    language: "kor".into(),
                    fix: "x".into(),
                },
                "ocr-language-missing",
            ),
            (
                SkipReason::OcrNoText {
                    format: "PNG image".into(),
                    pages: 1,
                },
                "ocr-no-text",
            ),
        ];
        let mut seen = std::collections::HashSet::new();
        for (reason, kind) in &all {
            assert_eq!(reason.kind(), *kind);
            assert!(seen.insert(*kind));
            // The serde tag is the same name (the payload stores reasons).
            let json = serde_json::to_value(reason).unwrap();
            assert_eq!(json["kind"], *kind);
            assert_eq!(&serde_json::from_value::<SkipReason>(json).unwrap(), reason);
        }
    }

    #[test]
    fn texts_say_what_to_do() {
        let r = SkipReason::Ignored {
            file: "sub/.gitignore".into(),
            pattern: "*.log".into(),
        };
        assert_eq!(
            r.to_string(),
            "ignored by sub/.gitignore (pattern `*.log`; use --no-ignore to include it)"
        );
        assert_eq!(
            SkipReason::TooLarge { size: 10, limit: 5 }.to_string(),
            "larger than --max-file-size (10 bytes > 5 bytes)"
        );
        assert_eq!(SkipReason::NotRegular.to_string(), "not a regular file");
        assert_eq!(
            SkipReason::NoText {
                format: "PDF".into(),
                pages: 2
            }
            .to_string(),
            "PDF without a text layer (2 pages, a scanned image?)"
        );
    }

    /// A missing or failing helper is no verdict on the file: it is read
    /// again next time, and what the index holds of it stays meanwhile.
    #[test]
    fn helper_trouble_is_not_remembered() {
        let missing = SkipReason::HelperMissing {
            helper: "pdftotext".into(),
            fix: "apt-get install poppler-utils".into(),
        };
        assert!(!missing.is_about_content() && missing.keeps_indexed_version());
        assert_eq!(
            missing.to_string(),
            "pdftotext not found: apt-get install poppler-utils"
        );
        let timeout = SkipReason::HelperTimeout {
            helper: "pdftotext".into(),
            seconds: 60,
        };
        assert!(!timeout.is_about_content() && timeout.keeps_indexed_version());
        // Remembered all the same: trying it again costs the whole limit.
        assert!(timeout.is_remembered() && !missing.is_remembered());
        assert!(SkipReason::Encrypted { format: "PDF".into() }.is_about_content());
    }
}
