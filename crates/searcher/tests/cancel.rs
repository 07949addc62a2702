//! Cancelling a search (issue 24, item 2): a search run inside a cancelled
//! [`Cancel`] reads nothing more, whatever its query; outside one, or
//! before the flag is set, it finds what it finds.

// A test, bench or example target sees every dependency of its crate.
#![allow(unused_crate_dependencies)]

use sagasu_indexer::{index, IndexOptions, NoProgress};
use sagasu_searcher::{Aliases, Cancel, SearchOptions, Searcher};
use sagasu_store::open_index;

fn searcher(dir: &std::path::Path) -> Searcher {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for i in 0..20 {
        std::fs::write(
            corpus.join(format!("{i}.txt")),
            format!("Summit notes {i}\nThe summit met.\n"),
        )
        .unwrap();
    }
    index(&IndexOptions::new(&corpus, dir.join("index")), &NoProgress).unwrap();
    let opened = open_index(&dir.join("index")).unwrap();
    Searcher::new(opened.reader, opened.fields, Aliases::default())
}

#[test]
fn a_cancelled_search_reads_nothing_more() {
    let dir = tempfile::tempdir().unwrap();
    let s = searcher(dir.path());
    let opts = SearchOptions::default();
    for q in ["summit", "summ*", "sumit~1", "summit -zzz", "\"summit met\""] {
        let found = |cancel: &Cancel| cancel.run(|| s.search(q, &opts).unwrap().total_documents);
        assert_eq!(s.search(q, &opts).unwrap().total_documents, 20, "{q}");
        let cancel = Cancel::new();
        assert_eq!(found(&cancel), 20, "{q}: not cancelled yet");
        cancel.cancel();
        assert_eq!(found(&cancel), 0, "{q}: cancelled");
        // Another search, with its own flag, is not touched.
        assert_eq!(found(&Cancel::new()), 20, "{q}");
    }
}
