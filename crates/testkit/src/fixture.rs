//! A temporary folder holding a corpus and the path of an index.

use std::path::{Path, PathBuf};

/// A temporary workspace: `corpus/` (created, empty or a copy of a seed
/// corpus) and `index/` (a path only) inside one temporary folder, removed
/// when dropped. Input files that must not be indexed (queries, qrels,
/// alias files) go beside the corpus with [`TempCorpus::aside`].
pub struct TempCorpus {
    /// Keeps the folder alive.
    pub dir: tempfile::TempDir,
    /// The corpus folder.
    pub corpus: PathBuf,
    /// The index folder (not created).
    pub index: PathBuf,
}

impl TempCorpus {
    /// An empty corpus folder.
    pub fn empty() -> TempCorpus {
        let dir = tempfile::tempdir().expect("tempdir");
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).expect("mkdir corpus");
        let index = dir.path().join("index");
        TempCorpus { dir, corpus, index }
    }

    /// A copy of the files (not the folders) of `seed`, hidden ones
    /// included (the default corpus's alias file is one).
    pub fn copy_of(seed: &Path) -> TempCorpus {
        let t = TempCorpus::empty();
        for entry in std::fs::read_dir(seed).expect("seed corpus") {
            let p = entry.expect("seed corpus entry").path();
            if p.is_file() {
                std::fs::copy(&p, t.corpus.join(p.file_name().expect("name"))).expect("copy corpus file");
            }
        }
        t
    }

    /// Writes a file into the corpus (creating folders) and returns its path.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.corpus.join(rel);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, bytes).expect("write fixture file");
        p
    }

    /// Writes a file beside the corpus (not inside it, so it is never
    /// indexed) and returns its path: query files, qrels, runs, alias files.
    pub fn aside(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, bytes).expect("write test input");
        p
    }
}
