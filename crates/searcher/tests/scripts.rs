//! Which East Asian scripts an index holds, told from its term
//! dictionary: what `sagasu serve` checks fonts for.

// A test, bench or example target sees every dependency of its crate.
#![allow(unused_crate_dependencies)]

use sagasu_analysis::script::Script;
use sagasu_indexer::{index, IndexOptions, NoProgress};
use sagasu_searcher::{Aliases, Searcher};
use sagasu_store::open_index;

fn scripts(files: &[&str]) -> Vec<Script> {
    let dir = tempfile::tempdir().unwrap();
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for (i, text) in files.iter().enumerate() {
        std::fs::write(corpus.join(format!("{i}.txt")), text).unwrap();
    }
    index(&IndexOptions::new(&corpus, dir.path().join("index")), &NoProgress).unwrap();
    let opened = open_index(&dir.path().join("index")).unwrap();
    Searcher::new(opened.reader, opened.fields, Aliases::default())
        .scripts()
        .unwrap()
}

#[test]
fn the_scripts_of_the_indexed_words_are_found() {
    use Script::{Han, Hangul, Kana};
    assert_eq!(scripts(&["Kim Dae-jung met Obuchi in 1998.\n"]), []);
    assert_eq!(scripts(&["김대중 대통령\n"]), [Hangul]);
    assert_eq!(scripts(&["English.\n", "北京大学\n"]), [Han]);
    assert_eq!(scripts(&["東京の天気\n"]), [Kana, Han]);
    assert_eq!(scripts(&["대한민국\n", "カタカナ\n", "中國\n"]), [Hangul, Kana, Han]);
}
