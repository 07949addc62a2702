//! A file that vanishes between the walk and its reading is reported with
//! the OS error, and the pass goes on (issue 8).
// A test, bench or example target sees every dependency of its crate.
#![allow(unused_crate_dependencies)]

use std::path::PathBuf;

use sagasu_indexer::{index, IndexOptions, Progress, SkipReason};

/// Deletes a file as soon as the walk is done.
struct Vanisher(PathBuf);

impl Progress for Vanisher {
    fn start(&self, _files: u64, _bytes: u64) {
        std::fs::remove_file(&self.0).expect("delete the file mid-pass");
    }
}

#[test]
fn a_file_that_vanishes_mid_run_is_reported_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir(&corpus).unwrap();
    std::fs::write(corpus.join("a.txt"), "stays here\n").unwrap();
    std::fs::write(corpus.join("b.txt"), "goes away\n").unwrap();
    std::fs::write(corpus.join("c.txt"), "stays too\n").unwrap();
    let opts = IndexOptions::new(&corpus, dir.path().join("index"));

    let report = index(&opts, &Vanisher(corpus.join("b.txt"))).expect("the pass goes on");
    assert_eq!(report.documents, 2, "{report:?}");
    assert_eq!(report.skipped.len(), 1, "{report:?}");
    let s = &report.skipped[0];
    assert_eq!(s.path, "b.txt");
    assert_eq!(
        s.reason,
        SkipReason::Vanished {
            when: "before it could be read".into()
        }
    );
}
