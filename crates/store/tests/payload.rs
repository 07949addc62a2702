//! The commit payload is a saved format (issue 24, contracts): every
//! commit of an index records one, and the next pass reads it back. A
//! payload of this version that no longer parses reads as another version,
//! and the whole index is rebuilt ("built by analyzer version 4, this is
//! version 4"). `fixtures/payload.json` is what sagasu wrote on the day
//! this test was written (every field, a file skipped for each reason):
//! it must keep reading as that payload.
//!
//! If a change of `Payload` or `SkipReason` breaks this test, either keep
//! reading the old form (`#[serde(default)]`, an alias) or bump
//! `ANALYZER_VERSION` (every index is rebuilt once) and record the fixture
//! again with `SAGASU_RECORD=1 cargo test --workspace --test payload`.

// A test, bench or example target sees every dependency of its crate.
#![allow(unused_crate_dependencies)]

use std::path::Path;

use sagasu_analysis::ANALYZER_VERSION;
use sagasu_store::{Commit, Payload, SkipMemo, SkipReason};

/// The version the fixture was written by (it is read as this version).
const RECORDED_VERSION: &str = "\"sagasu_version\": 4";

/// Every skip reason, as a payload may hold them.
fn every_reason() -> Vec<SkipReason> {
    let s = |t: &str| t.to_string();
    vec![
        SkipReason::Hidden,
        SkipReason::Ignored {
            file: s(".gitignore"),
            pattern: s("*.log"),
        },
        SkipReason::Binary { format: s("PDF") },
        SkipReason::Empty,
        SkipReason::TooLarge {
            size: 2048,
            limit: 1024,
        },
        SkipReason::Unreadable {
            error: s("Permission denied (os error 13)"),
        },
        SkipReason::NotRegular,
        SkipReason::Vanished {
            when: s("while being read"),
        },
        SkipReason::Changed,
        SkipReason::LinkNotFollowed,
        SkipReason::BrokenLink,
        SkipReason::LinkLoop { target: s("a") },
        SkipReason::IgnoreFileUnusable { error: s("bad glob") },
        SkipReason::HelperMissing {
            helper: s("pdftotext"),
            fix: s("apt-get install poppler-utils"),
        },
        SkipReason::HelperTimeout {
            helper: s("pdftotext"),
            seconds: 60,
        },
        SkipReason::HelperFailed {
            helper: s("pdftotext"),
            error: s("killed by signal 11"),
        },
        SkipReason::Encrypted { format: s("PDF") },
        SkipReason::NoText {
            format: s("PDF"),
            pages: 3,
        },
        SkipReason::Damaged {
            format: s("DOCX"),
            error: s("not a zip file"),
        },
        SkipReason::TextTooLarge { limit: 67_108_864 },
        SkipReason::ZipBomb {
            member: s("content.xml"),
            size: 1 << 30,
            compressed: 1 << 20,
        },
        SkipReason::OcrOff {
            format: s("PNG image"),
            pages: 1,
        },
        SkipReason::OcrLanguageMissing {
            language: s("kor"),
            fix: s("apt-get install tesseract-ocr-kor"),
        },
        SkipReason::OcrNoText {
            format: s("PDF"),
            pages: 2,
        },
    ]
}

/// A new reason does not compile here until it is added to
/// [`every_reason`] (and the fixture recorded again).
#[allow(dead_code)]
fn listed(r: &SkipReason) {
    match r {
        SkipReason::Hidden
        | SkipReason::Ignored { .. }
        | SkipReason::Binary { .. }
        | SkipReason::Empty
        | SkipReason::TooLarge { .. }
        | SkipReason::Unreadable { .. }
        | SkipReason::NotRegular
        | SkipReason::Vanished { .. }
        | SkipReason::Changed
        | SkipReason::LinkNotFollowed
        | SkipReason::BrokenLink
        | SkipReason::LinkLoop { .. }
        | SkipReason::IgnoreFileUnusable { .. }
        | SkipReason::HelperMissing { .. }
        | SkipReason::HelperTimeout { .. }
        | SkipReason::HelperFailed { .. }
        | SkipReason::Encrypted { .. }
        | SkipReason::NoText { .. }
        | SkipReason::Damaged { .. }
        | SkipReason::TextTooLarge { .. }
        | SkipReason::ZipBomb { .. }
        | SkipReason::OcrOff { .. }
        | SkipReason::OcrLanguageMissing { .. }
        | SkipReason::OcrNoText { .. } => {}
    }
}

/// The payload the fixture holds.
fn expected() -> Payload {
    let mut p = Payload::current().incomplete();
    p.mtimes.insert("touched.txt".into(), 1_700_000_000_123_456_789);
    for (i, reason) in every_reason().into_iter().enumerate() {
        p.skipped.insert(
            format!("skipped/{i:02}-{}", reason.kind()),
            SkipMemo {
                size: 100 + i as u64,
                mtime: 1_600_000_000_000_000_000 + i as i64,
                reason,
            },
        );
    }
    p
}

fn fixture() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/payload.json")
}

#[test]
fn a_payload_written_by_this_version_still_reads() {
    if std::env::var_os("SAGASU_RECORD").is_some() {
        let text = serde_json::to_string_pretty(&expected()).unwrap() + "\n";
        std::fs::write(
            fixture(),
            text.replace(&format!("\"sagasu_version\": {ANALYZER_VERSION}"), RECORDED_VERSION),
        )
        .unwrap();
    }
    let text = std::fs::read_to_string(fixture()).expect("tests/fixtures/payload.json");
    assert!(
        text.contains(RECORDED_VERSION),
        "the fixture records {RECORDED_VERSION}"
    );
    let text = text.replace(RECORDED_VERSION, &format!("\"sagasu_version\": {ANALYZER_VERSION}"));
    match Payload::parse(&text) {
        Commit::Current(p) => assert_eq!(p, expected()),
        other => panic!("today's payload no longer reads as this version's: {other:?}"),
    }
    // Every reason is in it, under its stable kind.
    assert_eq!(expected().skipped.len(), every_reason().len());
}
